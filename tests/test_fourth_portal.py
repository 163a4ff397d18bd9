"""谷城县, the fourth fixture portal: a TRS 海云 site whose 政府文件 list, 解读 columns and every
policy page's 政策解读 box are filled by script from the site search API (POST /irs/front/search).

Crawled through the API, it stores its ground truth and the 解读 checks give the ground truth's
verdicts; crawled statically, the script-fed columns are not reached, every policy page records
its box as script-filled, and no 解读 check says 不符合. With the box left to the browser (no
api.box, detail_fetch = "auto"), each policy page is rendered in real Chromium, its tabs read,
and the verdicts are the ground truth's again."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, select

from checks.catalog_files import load_baseline
from checks.engine import run_checks
from checks.findings import Finding, Verdict
from checks.load import latest_run_id, load_run
from ground.profiles.schema import load_profile
from ground.store.db import open_database
from ground.store.models import Document, PageFetch
from tests.conftest import chromium_path, crawl_json, expected
from tests.test_crawl import expected_documents, stored_documents
from tests.test_render_on_demand import on_demand_profile

SITE = "hubei_gucheng"
YEAR = 2024
SCRIPT_FED = {"zfwj", "wzjd", "tpjd"}  # lists with 0 static rows, read only through the API
INTERPRETATION_CHECKS = {"interpretation_published", "interpretation_linked_both_ways"}
BOX = "相关解读"


@pytest.fixture(scope="module")
def crawls(fixture_servers, tmp_path_factory) -> dict[str, tuple[Path, dict[str, Any]]]:
    base = fixture_servers(SITE)
    result = {}
    for mode in ("api", "static"):
        db = tmp_path_factory.mktemp(f"gucheng_{mode}") / "db.sqlite3"
        result[mode] = (db, crawl_json(SITE, base, f"sqlite:///{db}", "--fetch", mode))
    return result


@pytest.fixture(scope="module")
def rendered(fixture_servers, tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    """The one browser crawl: lists through the API, the 解读 box of each page in Chromium."""
    chromium_path()  # fails with the install command when Chromium is missing
    folder = tmp_path_factory.mktemp("gucheng_rendered")
    db = folder / "db.sqlite3"
    profile = on_demand_profile(folder)
    return db, crawl_json(str(profile), fixture_servers(SITE), f"sqlite:///{db}")


def interpretation_findings(db: Path) -> list[Finding]:
    engine = open_database(f"sqlite:///{db}")
    profile = load_profile(SITE)
    run = load_run(engine, profile, latest_run_id(engine, SITE))
    engine.dispose()
    findings = run_checks(load_baseline(SITE, YEAR), run, profile)
    return [f for f in findings if f.check in INTERPRETATION_CHECKS]


def subject(finding: Finding) -> str:
    return (
        finding.subject if finding.subject.startswith("column:") else urlsplit(finding.subject).path
    )


def stored_boxes(db: Path) -> dict[str, tuple[list[str], set[str]]]:
    """path -> (js_boxes, paths the 相关解读 box links to) of every stored document."""
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(select(Document.url, Document.js_boxes, Document.links)).all()
    engine.dispose()
    return {
        urlsplit(url).path: (
            list(boxes),
            {urlsplit(k["href"]).path for k in links if k.get("context") == BOX},
        )
        for url, boxes, links in rows
    }


# --- api mode ---


def test_api_mode_stores_the_ground_truth(crawls) -> None:
    db, summary = crawls["api"]
    assert summary["outcome"] == "succeeded", summary
    assert stored_documents(db) == expected_documents(SITE)


def test_api_mode_reads_every_policy_page_box_through_the_search_api(crawls) -> None:
    db, _ = crawls["api"]
    boxes = stored_boxes(db)
    truth = expected(SITE)
    listed: dict[str, set[str]] = {}
    for pair in truth["pair"]:
        listed.setdefault(pair["document"], set()).add(pair["interpretation"])
    policies = [d["path"] for d in truth["document"] if d["kind"] == "policy"]
    # The box was read: it is no longer script-filled, and it links what a browser shows.
    assert {p: boxes[p] for p in policies} == {p: ([], listed.get(p, set())) for p in policies}


def test_api_mode_verdicts_of_the_interpretation_checks_equal_the_ground_truth(crawls) -> None:
    assert_ground_truth_verdicts(crawls["api"][0])


def assert_ground_truth_verdicts(db: Path) -> None:
    findings = interpretation_findings(db)
    gaps = {
        (f.check, subject(f), f.verdict.value) for f in findings if f.verdict is not Verdict.PASS
    }
    truth = {(g["check"], g["subject"], g["verdict"]) for g in expected(SITE)["gap"]}
    assert gaps == truth
    # Everything else was judged and passed, not skipped: each interpreted document, each pair.
    pairs = expected(SITE)["pair"]
    passed = {(f.check, subject(f)) for f in findings if f.verdict is Verdict.PASS}
    assert passed == {("interpretation_published", p["document"]) for p in pairs} | {
        ("interpretation_linked_both_ways", p["interpretation"]) for p in pairs
    } - {(check, where) for check, where, _ in truth}


# --- browser mode (the box rendered on demand) ---


def test_browser_mode_renders_exactly_the_pages_with_a_script_filled_box(rendered) -> None:
    db, summary = rendered
    assert summary["outcome"] == "succeeded", summary
    assert summary["errors"] == []
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        urls = conn.execute(select(PageFetch.url).where(PageFetch.rendered)).scalars().all()
    engine.dispose()
    policies = {d["path"] for d in expected(SITE)["document"] if d["kind"] == "policy"}
    assert sorted(urlsplit(u).path for u in urls) == sorted(policies)


def test_browser_mode_reads_every_tab_of_every_policy_page_box(rendered) -> None:
    db, _ = rendered
    truth = expected(SITE)
    interpretations = {d["path"] for d in truth["document"] if d["kind"] == "interpretation"}
    listed: dict[str, set[str]] = {}
    for pair in truth["pair"]:
        listed.setdefault(pair["document"], set()).add(pair["interpretation"])
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(select(Document.url, Document.js_boxes, Document.links)).all()
    engine.dispose()
    shown = {
        urlsplit(url).path: (
            list(boxes),
            {urlsplit(k["href"]).path for k in links} & interpretations,
        )
        for url, boxes, links in rows
    }
    policies = [d["path"] for d in truth["document"] if d["kind"] == "policy"]
    # 谷政规〔2024〕2号's 解读 is on the 图片解读 tab: read only because the tab was clicked.
    assert {p: shown[p] for p in policies} == {p: ([], listed.get(p, set())) for p in policies}


def test_browser_mode_verdicts_of_the_interpretation_checks_equal_the_ground_truth(
    rendered,
) -> None:
    assert_ground_truth_verdicts(rendered[0])


# --- static mode ---


def test_static_crawl_leaves_the_script_fed_columns_unreached_with_the_reason(crawls) -> None:
    _, summary = crawls["static"]
    assert summary["outcome"] == "partial"
    unreached = {c["column"]: c["error"] for c in summary["unreached_columns"]}
    assert set(unreached) == SCRIPT_FED
    assert all("脚本" in reason for reason in unreached.values())


def test_static_crawl_records_the_script_filled_box_of_every_policy_page_it_reached(
    crawls,
) -> None:
    db, _ = crawls["static"]
    boxes = stored_boxes(db)
    reached = {d["path"] for d in expected(SITE)["document"] if d["columns"] == ["gfxwj"]}
    assert set(boxes) == reached
    assert all(boxes[p] == ([BOX], set()) for p in reached)


def test_static_crawl_gives_every_interpretation_check_unverified_never_failed(crawls) -> None:
    db, _ = crawls["static"]
    findings = interpretation_findings(db)
    assert findings, "the 解读 checks report on what was not read"
    assert {f.verdict for f in findings} == {Verdict.UNVERIFIED}
    # Each reached policy page is judged undecidable with its reason, not skipped.
    on_pages = {subject(f) for f in findings if f.check == "interpretation_published"} - {
        f"column:{c}" for c in SCRIPT_FED
    }
    gfxwj = {d["path"] for d in expected(SITE)["document"] if d["columns"] == ["gfxwj"]}
    assert on_pages == gfxwj
    assert all("脚本" in f.message for f in findings)
