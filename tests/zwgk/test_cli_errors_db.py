"""A busy SQLite database and an output that cannot be written: waits, one line, nothing lost.

The database holds one crawl run of the 冠县 profile against a port where nothing listens (a
failed crawl is quick, and checks and reports it like any other run: every row 未能核验).
Another process's write transaction is held here with ``sqlite3``; ``zwgk`` runs as its own
process, as it would beside a nightly crawl.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, crawl_json, run_zwgk

SITE = "shandong_guanxian"
# Longer than Python's own sqlite3 timeout (5 s), which was what a check waited before.
HOLD_SECONDS = 7.0


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> tuple[Path, str]:
    """An SQLite file with one (failed) crawl run of 冠县, checked once."""
    db_file = tmp_path_factory.mktemp("busy") / "zwgk.sqlite3"
    db = f"sqlite:///{db_file}"
    summary = crawl_json(SITE, "http://127.0.0.1:1/", db)
    assert summary["outcome"] == "failed", summary
    run_zwgk("check", SITE, "--db", db, check=True)
    return db_file, db


@contextmanager
def write_lock(db_file: Path) -> Iterator[sqlite3.Connection]:
    """Hold a write transaction on ``db_file``, as a crawl's batch does, until the block ends
    (or until the caller commits the connection it is given)."""
    conn = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE crawl_run SET errors = errors")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
        conn.close()


def has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (Linux: its /proc/PID/fd links)."""
    try:
        return any(fd.resolve() == path for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # the process ended, or a descriptor closed while being read
        return False


def test_check_waits_for_a_write_transaction_of_another_process(crawled) -> None:
    db_file, db = crawled
    with write_lock(db_file) as lock:
        check = subprocess.Popen(
            [sys.executable, "-m", "zwgk", "check", SITE, "--db", db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        # Held on for HOLD_SECONDS once the check has opened the database: its first write
        # (it stores findings) comes right after, and has to wait for this one.
        while check.poll() is None and not has_open(check.pid, db_file.resolve()):
            time.sleep(0.05)
        time.sleep(HOLD_SECONDS)
        lock.execute("COMMIT")
        out, err = check.communicate(timeout=300)
    print(out, err)
    assert check.returncode == 0
    assert "核验完成" in out


def test_check_still_locked_after_the_busy_timeout_ends_in_one_line(crawled) -> None:
    # The negative control of the test above: with a short wait and the lock held throughout,
    # the check fails, so the test above could have failed too.
    db_file, db = crawled
    with write_lock(db_file):
        result = run_zwgk("check", SITE, "--db", db, env={"ZWGK_SQLITE_BUSY_TIMEOUT": "0.5"})
    print(result.stdout, result.stderr)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"错误: database {db} is locked: another process (a crawl?) kept it busy for more than "
        "0.5 s; run again when it has finished, or raise ZWGK_SQLITE_BUSY_TIMEOUT"
    ]


def test_report_reads_while_another_process_holds_a_write_transaction(
    crawled, tmp_path: Path
) -> None:
    db_file, db = crawled
    with write_lock(db_file):
        result = run_zwgk(
            "report",
            SITE,
            "--db",
            db,
            "--out",
            str(tmp_path),
            env={"ZWGK_SQLITE_BUSY_TIMEOUT": "1"},
        )
    print(result.stdout, result.stderr)
    assert result.returncode == 0
    assert (tmp_path / "index.html").is_file()


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_report_that_cannot_be_written_leaves_the_previous_one_intact(
    crawled, tmp_path: Path
) -> None:
    _, db = crawled
    run_zwgk("report", SITE, "--db", db, "--out", str(tmp_path), check=True)
    before = digests(tmp_path)

    def small_disk() -> None:
        # No file of the new report may grow past 64 KB: its index.html hits "File too large"
        # half way, as on a full disk. (Python ignores SIGXFSZ, so the write raises.)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    result = subprocess.run(
        [sys.executable, "-m", "zwgk", "report", SITE, "--db", db, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=small_disk,  # no thread is started before it runs
        timeout=300,
        check=False,
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"错误: cannot write the report to {tmp_path}: File too large; the previous report is "
        "unchanged"
    ]
    assert digests(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["index.html", "findings.json", "工作台账.xlsx", "pages", "tasks", "units"]
    )


def test_report_over_a_previous_one_replaces_it_whole(crawled, tmp_path: Path) -> None:
    _, db = crawled
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "999999.html").write_text("an archive of an older report")
    (tmp_path / "index.html").write_text("an older report")
    (tmp_path / "notes.txt").write_text("the office's own file")
    run_zwgk("report", SITE, "--db", db, "--out", str(tmp_path), check=True)
    assert not (tmp_path / "pages" / "999999.html").exists()
    assert "an older report" not in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "notes.txt").read_text() == "the office's own file"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".zwgk-")]


def test_report_removes_a_staging_folder_a_killed_process_left_a_day_ago(
    crawled, tmp_path: Path
) -> None:
    _, db = crawled
    stale, recent = tmp_path / ".zwgk-staging-killed", tmp_path / ".zwgk-staging-running"
    for folder in (stale, recent):
        folder.mkdir()
        (folder / "index.html").write_text("half a report")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    run_zwgk("report", SITE, "--db", db, "--out", str(tmp_path), check=True)
    assert not stale.exists()
    assert recent.exists()  # it may be another report being written right now
