"""广德's 政策文件库 and 政策解读 lists exist only after JavaScript runs: the spider reads them
through their JSON API (the fast path) or renders them in real Chromium, and both store the same
documents. Fetched without either, the rows they feed are 未能核验 with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.catalog_files import catalog_for
from checks.engine import run_checks
from checks.findings import Verdict
from checks.load import latest_run_id, load_run
from ground.profiles.schema import load_profile
from ground.store.db import open_database
from tests.conftest import chromium_path, crawl_json
from tests.test_crawl import expected_documents, stored_documents

SITE = "anhui_guangde"
SCRIPT_FED = {"zcwjk", "zcjd"}


@pytest.fixture(scope="module")
def crawls(fixture_servers, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    chromium_path()  # fails with the install command when Chromium is missing
    base = fixture_servers(SITE)
    result = {}
    for mode in ("api", "browser", "static"):
        db = tmp_path_factory.mktemp(f"guangde_{mode}") / "db.sqlite3"
        result[mode] = (db, crawl_json(SITE, base, f"sqlite:///{db}", "--fetch", mode))
    return result


def test_api_mode_stores_the_ground_truth(crawls) -> None:
    db, summary = crawls["api"]
    assert summary["outcome"] == "succeeded", summary
    assert stored_documents(db) == expected_documents(SITE)


def test_browser_mode_renders_lists_in_chromium_and_stores_the_same_documents(crawls) -> None:
    db, summary = crawls["browser"]
    assert summary["outcome"] == "succeeded", summary
    assert stored_documents(db) == stored_documents(crawls["api"][0])
    engine = open_database(f"sqlite:///{db}")
    with engine.connect() as conn:
        rendered = conn.exec_driver_sql(
            "select count(*) from page_fetch where rendered and column_id in ('zcwjk', 'zcjd')"
        ).scalar_one()
    engine.dispose()
    assert rendered > 0


def test_script_fed_columns_without_a_browser_are_unreached_with_the_reason(crawls) -> None:
    _, summary = crawls["static"]
    assert summary["outcome"] == "partial"
    unreached = {c["column"]: c["error"] for c in summary["unreached_columns"]}
    assert set(unreached) == SCRIPT_FED
    assert all("脚本" in reason for reason in unreached.values())


def test_rows_fed_by_unrendered_columns_are_unverified_never_passed_or_failed(crawls) -> None:
    db, _ = crawls["static"]
    engine = open_database(f"sqlite:///{db}")
    profile = load_profile(SITE)
    run = load_run(engine, profile, latest_run_id(engine, SITE))
    engine.dispose()
    findings = run_checks(catalog_for(SITE), run, profile)
    fed = [f for f in findings if f.subject.removeprefix("column:") in SCRIPT_FED]
    assert fed, "the script-fed columns are reported"
    assert {f.verdict for f in fed} == {Verdict.UNVERIFIED}
    assert all("脚本" in f.message for f in fed)
    # Interpretations were not read, so no document is accused of lacking one.
    accused = [
        f for f in findings if f.check == "interpretation_published" and f.verdict is Verdict.FAIL
    ]
    assert accused == []
    # Windows that only a script inserts are not judged missing on unrendered pages.
    windows = [f for f in findings if f.check == "feedback_window_present"]
    assert {f.verdict for f in windows} <= {Verdict.UNVERIFIED, Verdict.FAIL}
    assert all(f.verdict is Verdict.UNVERIFIED or "c_1017" in f.subject for f in windows)
