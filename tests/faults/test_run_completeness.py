"""A run is complete or says so, over real crawls of the 冠县 fixture portal.

- Page 2 of the 政策解读 list answers 503: the column is stored as read in part, the error is in
  the run's errors, and no document is 不符合 for a 解读 that page may have listed.
- ``zwgk check --run 1`` after run 2 keeps run 1's stored findings (documents are updated in
  place: run 1's data is gone) and refuses a run 1 never checked.
- A catalog of another profile is refused by check, report and audit, and nothing is stored.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, delete, func, select

from ground.store.models import ColumnStatus, CrawlRun, FindingRow
from tests.conftest import crawl_json, expected, run_zwgk
from tests.faults.wrapped_portal import WrappedPortal, serve_wrapped

SITE = "shandong_guanxian"
SECOND_INTERPRETATION_PAGE = "/xxgk/zcjd/index_1.html"  # TRS: index.html, index_1.html …
FOREIGN_CATALOG = "sichuan_yanting_2023"


def rows(db: str, statement: Any) -> list[Any]:
    engine = create_engine(db)
    with engine.connect() as conn:
        result = list(conn.execute(statement).all())
    engine.dispose()
    return result


def check_json(db: str, *extra: str) -> dict[str, Any]:
    return json.loads(run_zwgk("check", SITE, "--db", db, "--json", *extra, check=True).stdout)


def one_line_refusal(result: Any) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert (result.returncode, len(lines)) == (2, 1), result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# --- a later list page fails ---------------------------------------------------------------


@pytest.fixture(scope="module")
def page_two_failed(tmp_path_factory) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A crawl whose 政策解读 page 2 answers 503, and its check."""
    db = f"sqlite:///{tmp_path_factory.mktemp('page2') / 'db.sqlite3'}"
    portal = WrappedPortal(SITE, failing={SECOND_INTERPRETATION_PAGE: 503})
    with serve_wrapped(portal) as base:
        summary = crawl_json(SITE, base, db)
    return db, summary, check_json(db)


def test_a_failed_second_list_page_leaves_its_column_incomplete(page_two_failed) -> None:
    db, summary, _ = page_two_failed
    [status] = rows(
        db,
        select(ColumnStatus.reached, ColumnStatus.complete, ColumnStatus.failed_pages).where(
            ColumnStatus.column_id == "zcjd"
        ),
    )
    assert tuple(status) == (True, False, 1)
    assert summary["outcome"] == "partial"
    assert [c["column"] for c in summary["incomplete_columns"]] == ["zcjd"]


def test_a_failed_second_list_page_is_in_the_run_errors(page_two_failed) -> None:
    _, summary, _ = page_two_failed
    assert "栏目 zcjd 第2页：HTTP 503" in summary["errors"]


def test_no_document_lacks_an_interpretation_its_unread_list_page_may_show(
    page_two_failed,
) -> None:
    _, _, checked = page_two_failed
    published = [f for f in checked["findings"] if f["check"] == "interpretation_published"]
    assert [f["subject"] for f in published if f["verdict"] == "不符合"] == []
    # The portal's planted gaps (不符合 on a whole crawl) are now undecidable, saying why.
    planted = {
        g["subject"]
        for g in expected(SITE)["gap"]
        if g["check"] == "interpretation_published" and g["verdict"] == "不符合"
    }
    judged = {f["subject"].split("/", 3)[3]: f for f in published}
    for subject in planted:
        finding = judged[subject.lstrip("/")]
        assert finding["verdict"] == "未能核验"
        assert "政策解读有 1 个列表页未能读取" in finding["message"]


# --- an old run, a foreign catalog -------------------------------------------------------


@pytest.fixture(scope="module")
def two_runs(fixture_servers, tmp_path_factory) -> tuple[Path, str]:
    """Run 1 crawled and checked, then run 2 crawled (it updates run 1's documents)."""
    path = tmp_path_factory.mktemp("two_runs") / "db.sqlite3"
    db = f"sqlite:///{path}"
    base = fixture_servers(SITE)
    crawl_json(SITE, base, db)
    check_json(db)
    crawl_json(SITE, base, db)
    return path, db


FINDING_COLUMNS = (FindingRow.id, FindingRow.verdict, FindingRow.message, FindingRow.checked_at)


def test_checking_an_old_run_keeps_its_stored_findings(two_runs) -> None:
    _, db = two_runs
    stored = rows(db, select(*FINDING_COLUMNS).where(FindingRow.run_id == 1))
    checked = check_json(db, "--run", "1")
    assert checked["kept"] is True
    assert len(checked["findings"]) == len(stored) > 0
    assert rows(db, select(*FINDING_COLUMNS).where(FindingRow.run_id == 1)) == stored


def test_an_old_run_never_checked_is_refused(two_runs, tmp_path: Path) -> None:
    source, _ = two_runs
    copy = tmp_path / "db.sqlite3"
    shutil.copy(source, copy)
    db = f"sqlite:///{copy}"
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(delete(FindingRow).where(FindingRow.run_id == 1))
    engine.dispose()
    line = one_line_refusal(run_zwgk("check", SITE, "--db", db, "--run", "1"))
    assert "crawl run #1" in line and "run #2" in line
    assert rows(db, select(func.count()).where(FindingRow.run_id == 1)) == [(0,)]


def test_the_newest_run_is_checked_against_its_own_data(two_runs) -> None:
    _, db = two_runs
    checked = check_json(db, "--run", "2")
    assert checked["kept"] is False
    assert rows(db, select(func.count()).where(FindingRow.run_id == 2)) == [
        (len(checked["findings"]),)
    ]


@pytest.mark.parametrize("command", ["check", "report", "audit"])
def test_a_catalog_of_another_profile_is_refused(two_runs, command: str, tmp_path: Path) -> None:
    _, db = two_runs
    findings_before = rows(db, select(func.count()).select_from(FindingRow))
    runs_before = rows(db, select(func.count()).select_from(CrawlRun))
    extra = ["--out", str(tmp_path / "out")] if command != "check" else []
    if command == "audit":
        extra += ["--base-url", "http://127.0.0.1:9/"]
    result = run_zwgk(command, SITE, "--db", db, "--catalog", FOREIGN_CATALOG, *extra)
    line = one_line_refusal(result)
    assert FOREIGN_CATALOG in line and "sichuan_yanting" in line and SITE in line
    assert rows(db, select(func.count()).select_from(FindingRow)) == findings_before
    assert rows(db, select(func.count()).select_from(CrawlRun)) == runs_before
    assert not (tmp_path / "out").exists()
