"""A password in a ``--db`` URL is never printed: not in the crawl summary, not in ``--json``,
not in ``zwgk audit``'s output nor its report.

A real PostgreSQL server (trust authentication: it accepts the password and ignores it). The
crawls go to a port where nothing listens, so each is quick and ends ``failed`` -- its summary
still names the database, which is what is tested.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_zwgk
from tests.pg_server import postgres_server

SITE = "shandong_guanxian"
SECRET = "s3cr3t-pw"
NOWHERE = "http://127.0.0.1:1/"
# Wide enough that rich never folds the URL in the summary table.
WIDE = {"COLUMNS": "200"}


@pytest.fixture(scope="module")
def db() -> Iterator[tuple[str, str]]:
    """(URL with a password, the same URL as it may be shown)."""
    with postgres_server("zwgk") as url:
        assert url.startswith("postgresql://postgres@")
        with_password = url.replace("postgres@", f"postgres:{SECRET}@", 1)
        yield with_password, url.replace("postgres@", "postgres:***@", 1)


def test_crawl_summary_shows_the_database_without_its_password(db) -> None:
    url, shown = db
    result = run_zwgk("crawl", SITE, "--base-url", NOWHERE, "--db", url, env=WIDE)
    print(result.stdout, result.stderr)
    assert result.returncode == 1  # the crawl failed: nothing listens there
    assert shown in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_crawl_json_names_the_database_without_its_password(db) -> None:
    url, shown = db
    result = run_zwgk("crawl", SITE, "--base-url", NOWHERE, "--db", url, "--json")
    print(result.stdout, result.stderr)
    assert json.loads(result.stdout)["database"] == shown
    assert SECRET not in result.stdout + result.stderr


def test_audit_output_and_report_never_show_the_password(db, tmp_path: Path) -> None:
    url, shown = db
    result = run_zwgk(
        "audit", SITE, "--base-url", NOWHERE, "--db", url, "--out", str(tmp_path), env=WIDE
    )
    print(result.stdout, result.stderr)
    assert shown in result.stdout
    assert (tmp_path / "index.html").is_file()
    written = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    assert not [b for b in written if SECRET.encode() in b]
    assert SECRET not in result.stdout + result.stderr
