"""Runs whose crawl died are found and marked interrupted; runs whose crawl may be alive are not.

Real processes and a real SQLite file: a pid that has exited, a pid alive since before the
run's last heartbeat, a pid reused by a process started after it, and runs of other hosts
judged by their heartbeat alone.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from ground.store.db import open_database
from ground.store.models import CrawlRun
from ground.store.runs import STALE_AFTER, mark_interrupted_runs, this_host

PROFILE = "shandong_guanxian"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    yield engine
    engine.dispose()


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def ago(**delta: float) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(**delta)).isoformat(timespec="seconds")


def running_run(
    engine: Engine, *, pid: int | None, heartbeat: str, host: str = "", profile: str = PROFILE
) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(CrawlRun).returning(CrawlRun.id),
            {
                "profile": profile,
                "base_url": "http://www.guanxian.gov.cn/",
                "started_at": heartbeat,
                "outcome": "running",
                "errors": [],
                "host": host or this_host(),
                "pid": pid,
                "heartbeat_at": heartbeat,
            },
        ).scalar_one()


def outcome(engine: Engine, run_id: int) -> tuple[str, list[str]]:
    with engine.connect() as conn:
        row = conn.execute(
            select(CrawlRun.outcome, CrawlRun.errors).where(CrawlRun.id == run_id)
        ).one()
    return row.outcome, row.errors


def exited_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_run_whose_process_has_exited_is_marked_interrupted(engine: Engine) -> None:
    pid = exited_pid()
    run_id = running_run(engine, pid=pid, heartbeat=ago(seconds=5))
    assert mark_interrupted_runs(engine, PROFILE) == [run_id]
    verdict, errors = outcome(engine, run_id)
    assert verdict == "interrupted"
    assert errors == [f"抓取被中断，运行未正常结束（进程 {pid} 已不存在）"]


def test_a_run_whose_process_is_alive_is_left_running(engine: Engine, sleeper) -> None:
    run_id = running_run(engine, pid=sleeper.pid, heartbeat=ago(seconds=0))
    assert mark_interrupted_runs(engine, PROFILE) == []
    assert outcome(engine, run_id) == ("running", [])


def test_a_pid_reused_by_a_later_process_does_not_keep_a_run_alive(engine: Engine, sleeper) -> None:
    # The sleeper started now; the run's last heartbeat was 10 minutes ago (within the limit).
    run_id = running_run(engine, pid=sleeper.pid, heartbeat=ago(minutes=10))
    assert mark_interrupted_runs(engine, PROFILE) == [run_id]


def test_a_run_of_another_host_is_judged_by_its_heartbeat(engine: Engine) -> None:
    limit = STALE_AFTER.total_seconds()
    fresh = running_run(engine, pid=1, host="other-host", heartbeat=ago(seconds=limit / 2))
    silent = running_run(engine, pid=1, host="other-host", heartbeat=ago(seconds=limit + 60))
    assert mark_interrupted_runs(engine, PROFILE) == [silent]
    assert outcome(engine, fresh)[0] == "running"


def test_a_run_of_another_profile_is_not_touched(engine: Engine) -> None:
    run_id = running_run(engine, pid=exited_pid(), heartbeat=ago(seconds=5), profile="x_y")
    assert mark_interrupted_runs(engine, PROFILE) == []
    assert outcome(engine, run_id)[0] == "running"
