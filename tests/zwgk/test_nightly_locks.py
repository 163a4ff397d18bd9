"""Two nightlies never write one database at once, whatever their ``--out``; a lock or an output
folder that cannot be used ends in one line and exit 2; and ``zwgk crawl`` refuses to crawl a
profile that a live crawl is still writing into the same database.

Every nightly and crawl here is refused before it crawls, so each costs one process start. The
locks and the live run are held by this test process: a real other process to the flock, to
PostgreSQL and to the liveness test of ``ground.store.runs``.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ground.store.db import open_database
from ground.store.runs import mark_interrupted_runs, refuse_second_writer, start_run, this_host
from tests.conftest import run_zwgk
from tests.pg_server import create_database, postgres_server
from zwgk.nightly import (
    DB_LOCK_SUFFIX,
    EXIT_LOCKED,
    LOCK_NAME,
    NightlyLockedError,
    database_lock,
)

PROFILE = "shandong_guanxian"
HOLDER = "pid 4242, started 2026-12-01T02:00:00+08:00"
NOWHERE = "http://127.0.0.1:1/"  # nothing listens: a crawl that is not refused ends at once
SECRET = "s3cr3t-pw"


def nightly(db: str, out: Path) -> subprocess.CompletedProcess[str]:
    result = run_zwgk("nightly", PROFILE, "--fixtures", "--db", db, "--out", str(out))
    print(result.stdout, result.stderr)
    return result


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return result.stderr.strip().splitlines()


@contextmanager
def held(path: Path) -> Iterator[None]:
    """``path`` locked by this process, with a holder line as a nightly writes it."""
    with path.open("w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write(HOLDER + "\n")
        handle.flush()
        yield


def runs(db_file: Path) -> list[tuple[int, str]]:
    if not db_file.exists():
        return []
    with sqlite3.connect(db_file) as conn:
        return conn.execute("select id, outcome from crawl_run order by id").fetchall()


def test_nightly_on_a_database_another_nightly_holds_exits_75_whatever_its_out(
    tmp_path: Path,
) -> None:
    db_file = tmp_path / "zwgk.sqlite3"
    lock = tmp_path / f"zwgk.sqlite3{DB_LOCK_SUFFIX}"
    with held(lock):
        result = nightly(f"sqlite:///{db_file}", tmp_path / "another-reports")
    assert result.returncode == EXIT_LOCKED
    assert error_lines(result) == [
        f"错误: another zwgk nightly is running on database sqlite:///{db_file} "
        f"({HOLDER}; lock {lock}): not started"
    ]
    assert result.stdout == ""
    assert runs(db_file) == []


def test_two_spellings_of_one_sqlite_file_share_one_nightly_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with database_lock("sqlite:///zwgk.sqlite3"):
        with database_lock("sqlite:///other.sqlite3"):
            pass  # negative control: another database is not locked
        with (
            pytest.raises(NightlyLockedError, match=f"pid {os.getpid()}, started "),
            database_lock(f"sqlite:///{tmp_path / 'zwgk.sqlite3'}"),
        ):
            pass


def test_out_folder_that_cannot_be_made_ends_in_one_line_and_exit_2(tmp_path: Path) -> None:
    # As root, /proc passes the writability test and mkdir fails: the case once a traceback.
    result = nightly(f"sqlite:///{tmp_path / 'zwgk.sqlite3'}", Path("/proc/zwgk-reports"))
    assert result.returncode == 2
    [line] = error_lines(result)
    assert line.startswith("错误: --out /proc/zwgk-reports: ")


@pytest.mark.parametrize("lock", ["out", "database"])
def test_lock_file_that_cannot_be_opened_ends_in_one_line_naming_it_and_exit_2(
    tmp_path: Path, lock: str
) -> None:
    db_file, out = tmp_path / "zwgk.sqlite3", tmp_path / "reports"
    path = out / LOCK_NAME if lock == "out" else tmp_path / f"zwgk.sqlite3{DB_LOCK_SUFFIX}"
    path.mkdir(parents=True)  # a folder where the lock file should be: open() fails
    result = nightly(f"sqlite:///{db_file}", out)
    assert result.returncode == 2
    assert error_lines(result) == [f"错误: cannot open the nightly lock {path}: Is a directory"]
    assert runs(db_file) == []


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server("zwgk") as url:
        yield url


def test_nightly_on_a_postgresql_database_another_nightly_holds_exits_75_naming_it(
    pg_url: str, tmp_path: Path
) -> None:
    url = pg_url.replace("postgres@", f"postgres:{SECRET}@", 1)  # trust: accepted, ignored
    with database_lock(pg_url):
        result = nightly(url, tmp_path / "reports")
    assert result.returncode == EXIT_LOCKED
    [line] = error_lines(result)
    shown = pg_url.replace("postgres@", "postgres:***@", 1)
    assert re.fullmatch(
        f"错误: another zwgk nightly is running on database {re.escape(shown)} "
        rf"\(pid {os.getpid()}, started [0-9T:+-]+; PostgreSQL advisory lock \d+,1\): "
        "not started",
        line,
    )
    assert SECRET not in result.stderr


def test_postgresql_nightly_lock_is_per_database(pg_url: str) -> None:
    other = create_database(pg_url, "zwgk_other")
    with database_lock(pg_url):
        with database_lock(other):
            pass  # negative control: another database on the same server is free
        with pytest.raises(NightlyLockedError), database_lock(pg_url):
            pass


@pytest.fixture
def live_run(tmp_path: Path) -> tuple[str, Path, int]:
    """An SQLite database with a ``running`` crawl of PROFILE written by this (live) process."""
    db_file = tmp_path / "zwgk.sqlite3"
    engine = open_database(f"sqlite:///{db_file}")
    with engine.begin() as conn:
        run_id = start_run(conn, PROFILE, NOWHERE)
    engine.dispose()
    return f"sqlite:///{db_file}", db_file, run_id


def test_crawl_of_a_profile_a_live_crawl_is_writing_is_refused_with_one_line(
    live_run: tuple[str, Path, int],
) -> None:
    url, db_file, run_id = live_run
    result = run_zwgk("crawl", PROFILE, "--base-url", NOWHERE, "--db", url)
    print(result.stdout, result.stderr)
    assert result.returncode == EXIT_LOCKED
    [line] = error_lines(result)
    assert line.startswith(
        f"错误: {PROFILE}: crawl run #{run_id} (pid {os.getpid()} on host {this_host()}, "
    )
    assert line.endswith(
        f"into {url}: not started, so the two crawls do not mix their "
        "documents; run again when it has finished"
    )
    assert runs(db_file) == [(run_id, "running")]  # nothing recorded for the refused crawl


def exited_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("ended", ["finished", "writer gone"])
def test_a_run_that_ended_does_not_refuse_the_next_crawl(
    live_run: tuple[str, Path, int], ended: str
) -> None:
    url, db_file, run_id = live_run
    with sqlite3.connect(db_file) as conn:
        if ended == "finished":
            conn.execute("update crawl_run set outcome = 'succeeded' where id = ?", (run_id,))
        else:
            conn.execute("update crawl_run set pid = ? where id = ?", (exited_pid(), run_id))
    engine = open_database(url)
    try:
        mark_interrupted_runs(engine, PROFILE)  # as run_crawl does first
        with engine.begin() as conn:
            new = start_run(conn, PROFILE, NOWHERE)
        refuse_second_writer(engine, PROFILE, new, url)
    finally:
        engine.dispose()
    assert runs(db_file)[-1] == (new, "running")
