"""Crawl runs that nobody is writing any more: found and marked ``interrupted``.

A crawl killed by SIGKILL, an OOM kill or a power cut never closes its run, which would stay
``running`` for ever and be checked as if complete. Every entry point that opens a profile's
runs (crawl, check, report, audit) calls ``mark_interrupted_runs`` first: a running run whose
process is gone from this host, or whose heartbeat (written at every batch commit) is older than
``STALE_AFTER``, is closed as ``interrupted`` with an error line saying why.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select, update

from ground.errors import ZwgkError
from ground.store.models import CrawlRun
from ground.timestamps import now_iso

# Generous: a batch commit beats the heart at least every HEARTBEAT_EVERY while items arrive,
# and a slow portal with retries and timeouts may still go minutes without one. A run on
# another host is only ever judged by this limit (its pid means nothing here).
STALE_AFTER = dt.timedelta(hours=1)
HEARTBEAT_EVERY = dt.timedelta(seconds=30)
INTERRUPTED = "interrupted"


class RunInProgressError(ZwgkError):
    """Another crawl of the same profile is still writing into the same database.

    Raised by ``refuse_second_writer`` when a crawl starts; the message names the other run and
    its process, and the new run has been removed again: nothing was crawled or recorded.
    """


def this_host() -> str:
    return socket.gethostname()


def start_run(conn: Connection, profile: str, base_url: str) -> int:
    """A new ``running`` run of ``profile``, owned by this process (host, pid, heartbeat)."""
    now = now_iso()
    return conn.execute(
        insert(CrawlRun).returning(CrawlRun.id),
        {
            "profile": profile,
            "base_url": base_url,
            "started_at": now,
            "outcome": "running",
            "errors": [],
            "host": this_host(),
            "pid": os.getpid(),
            "heartbeat_at": now,
        },
    ).scalar_one()


def refuse_second_writer(engine: Engine, profile: str, run_id: int, where: str) -> None:
    """Remove ``run_id`` (just started, nothing written yet) and raise ``RunInProgressError``
    when another run of ``profile`` is still ``running`` with a live writer.

    Two crawls of one profile into one database interleave their updates of its documents:
    each stamps every document it sees as its own (``last_run_id``), so each run's checks see
    only part of what it read, and the first to finish records as withdrawn what only the other
    has seen. Called after ``start_run`` has committed, so of two crawls started together at
    least one sees the other (at worst both refuse; never both crawl). ``where`` names the
    database in the message.
    """
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        others = conn.execute(
            select(CrawlRun)
            .where(
                CrawlRun.profile == profile,
                CrawlRun.outcome == "running",
                CrawlRun.id != run_id,
            )
            .order_by(CrawlRun.id)
        ).all()
        live = [
            r for r in others if not dead_writer(r.host, r.pid, r.heartbeat_at or r.started_at, now)
        ]
        if not live:
            return
        conn.execute(delete(CrawlRun).where(CrawlRun.id == run_id))
    other = live[0]
    raise RunInProgressError(
        f"{profile}: crawl run #{other.id} (pid {other.pid} on host {other.host or 'unknown'}, "
        f"started {other.started_at}) is still crawling this profile into {where}: not "
        "started, so the two crawls do not mix their documents; run again when it has finished"
    )


def claim_run(conn: Connection, run_id: int) -> None:
    """This process now writes ``run_id`` (a run created by the caller of the crawl)."""
    conn.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(host=this_host(), pid=os.getpid(), heartbeat_at=now_iso())
    )


def beat(conn: Connection, run_id: int) -> None:
    """Record that the run's writer is alive (committed with the batch it goes with)."""
    conn.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(heartbeat_at=now_iso()))


def mark_interrupted_runs(
    engine: Engine, profile: str, *, now: dt.datetime | None = None
) -> list[int]:
    """Close every ``running`` run of ``profile`` whose writer is gone as ``interrupted``; the
    ids of the runs marked. A run this process is writing is never touched."""
    now = now or dt.datetime.now(dt.UTC)
    marked = []
    with engine.begin() as conn:
        running = conn.execute(
            select(CrawlRun).where(CrawlRun.profile == profile, CrawlRun.outcome == "running")
        ).all()
        for run in running:
            why = dead_writer(run.host, run.pid, run.heartbeat_at or run.started_at, now)
            if not why:
                continue
            errors = [*(run.errors or []), f"抓取被中断，运行未正常结束（{why}）"]
            conn.execute(
                update(CrawlRun)
                .where(CrawlRun.id == run.id, CrawlRun.outcome == "running")
                .values(outcome=INTERRUPTED, finished_at=now_iso(), errors=errors)
            )
            marked.append(run.id)
    return marked


def dead_writer(host: str, pid: int | None, heartbeat: str, now: dt.datetime) -> str:
    """Why the writer of a running run is gone, in Chinese ("" while it may be alive).

    >>> now = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
    >>> dead_writer("elsewhere", 1, "2026-12-02T11:30:00+00:00", now)
    ''
    >>> dead_writer("elsewhere", 1, "2026-12-02T10:00:00+00:00", now)
    '主机 elsewhere 上的抓取自 2026-12-02T10:00:00+00:00 起无心跳'
    """
    last = _parse(heartbeat)
    silent = last is None or now - last > STALE_AFTER
    ours = host == this_host() and pid is not None and pid != os.getpid()
    if ours and pid is not None and not process_alive(pid, since=last):
        return f"进程 {pid} 已不存在"
    if silent:
        return f"主机 {host or '未知'} 上的抓取自 {heartbeat} 起无心跳"
    return ""


def process_alive(pid: int, since: dt.datetime | None = None) -> bool:
    """Whether ``pid`` runs on this host and, where /proc says when it started, started before
    ``since`` (a later process with a reused pid is not the crawl). A zombie is not alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, and not ours to judge
    stat = Path(f"/proc/{pid}/stat")
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return True  # no /proc (not Linux): the pid is all we know
    if fields[0] == "Z":
        return False
    started = _process_start(int(fields[19]))
    return started is None or since is None or started <= since + dt.timedelta(seconds=5)


def _process_start(ticks: int) -> dt.datetime | None:
    try:
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, StopIteration, ValueError):
        return None
    seconds = boot + ticks / os.sysconf("SC_CLK_TCK")
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _parse(stamp: str | None) -> dt.datetime | None:
    if not stamp:
        return None
    try:
        parsed = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
