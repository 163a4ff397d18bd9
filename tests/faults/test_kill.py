"""A crawl killed by SIGKILL half way: the next check marks its run interrupted and says 未能核验
(never 不符合) for what it could not have read; the next crawl completes the database, nothing
lost and nothing twice. On SQLite and on a real PostgreSQL server.

The 冠县 fixture portal is served slowly (a delay per answer, lifted after the kill) so the kill
lands after some batches were committed and before the crawl ends.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from ground.store.models import ColumnStatus, CrawlRun, Document, Listing
from tests.conftest import ROOT, expected, run_zwgk
from tests.faults.wrapped_portal import WrappedPortal, serve_wrapped
from tests.pg_server import create_database, postgres_server

SITE = "shandong_guanxian"
# Checks whose 不符合 says something is absent: never said of an interrupted run.
ABSENCE_CHECKS = {
    "interpretation_published",
    "interpretation_forms",
    "consultation_feedback_published",
    "annual_report_published",
    "column_has_content",
}
KILL_AFTER_DOCUMENTS = 12


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server("zwgk") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return create_database(request.getfixturevalue("postgres"), f"kill_{os.getpid()}")


def scalar(db: str, statement: Any) -> Any:
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return conn.execute(statement).scalar()
    finally:
        engine.dispose()


def documents(db: str) -> int:
    try:
        return scalar(db, select(func.count()).select_from(Document)) or 0
    except Exception:
        return 0


def killed_crawl(db: str, base: str) -> int:
    """Start ``zwgk crawl``, SIGKILL it once some documents are committed; the documents then."""
    crawl = subprocess.Popen(
        [sys.executable, "-m", "zwgk", "crawl", SITE, "--base-url", base, "--db", db, "--json"],
        cwd=ROOT,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.faults.kill_settings"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while documents(db) < KILL_AFTER_DOCUMENTS:
        if crawl.poll() is not None or time.monotonic() > deadline:
            crawl.kill()
            pytest.fail(f"the crawl ended before it was killed:\n{crawl.stderr.read().decode()}")
        time.sleep(0.1)
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.wait(timeout=30)  # reaped: a zombie would still answer to its pid
    crawl.stderr.close()
    return documents(db)


def run_outcomes(db: str) -> list[tuple[int, str]]:
    engine = create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(select(CrawlRun.id, CrawlRun.outcome).order_by(CrawlRun.id)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def check_json(db: str) -> dict[str, Any]:
    result = run_zwgk("check", SITE, "--db", db, "--json", check=True)
    return json.loads(result.stdout)


def test_a_killed_crawl_is_checked_as_interrupted_and_completed_by_the_next(database: str) -> None:
    db = database
    portal = WrappedPortal(SITE)
    portal.delay = 0.15
    with serve_wrapped(portal) as base:
        stored_at_kill = killed_crawl(db, base)
        total = len(expected(SITE)["document"])
        assert KILL_AFTER_DOCUMENTS <= stored_at_kill < total
        assert run_outcomes(db) == [(1, "running")]  # nobody has looked yet

        checked = check_json(db)
        assert run_outcomes(db) == [(1, "interrupted")]
        errors = scalar(db, select(CrawlRun.errors).where(CrawlRun.id == 1))
        assert any("抓取被中断" in e and "已不存在" in e for e in errors), errors
        absence_failures = [
            (f["check"], f["subject"])
            for f in checked["findings"]
            if f["verdict"] == "不符合" and f["check"] in ABSENCE_CHECKS
        ]
        assert absence_failures == []
        unverified = [f for f in checked["findings"] if f["check"] == "interpretation_published"]
        assert unverified and {f["verdict"] for f in unverified} <= {"符合", "未能核验"}

        portal.delay = 0.0
        result = run_zwgk("crawl", SITE, "--base-url", base, "--db", db, "--json")
        summary = json.loads(result.stdout)
    assert summary["outcome"] == "succeeded", summary
    assert summary["documents_stored"] == total
    assert scalar(db, select(func.count()).select_from(Document)) == total
    assert scalar(db, select(func.count(func.distinct(Document.url)))) == total
    listings = scalar(db, select(func.count()).select_from(Listing))
    distinct = select(func.count()).select_from(
        select(Listing.column_id, Listing.url).distinct().subquery()
    )
    assert listings == scalar(db, distinct)
    # Every document the killed run stored was fetched again by the complete one.
    assert scalar(db, select(func.count()).where(Document.last_run_id != 2)) == 0


def test_a_crawl_stopped_by_sigterm_closes_its_run_as_interrupted(tmp_path: Path) -> None:
    """An operator's stop (SIGTERM, as systemd sends) lets Scrapy close the crawl: the run is
    closed at once, and as interrupted with its columns incomplete, never as succeeded."""
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    portal = WrappedPortal(SITE)
    portal.delay = 0.15
    with serve_wrapped(portal) as base:
        crawl = subprocess.Popen(
            [sys.executable, "-m", "zwgk", "crawl", SITE, "--base-url", base, "--db", db],
            cwd=ROOT,
            env={**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.faults.kill_settings"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while documents(db) < KILL_AFTER_DOCUMENTS and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(crawl.pid, signal.SIGTERM)
        crawl.wait(timeout=60)
    assert run_outcomes(db) == [(1, "interrupted")]
    complete = scalar(
        db, select(func.count()).select_from(ColumnStatus).where(ColumnStatus.complete)
    )
    assert complete == 0
