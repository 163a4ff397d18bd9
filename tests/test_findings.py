"""Checks over a real crawl of each fixture portal: the findings equal the planted gaps exactly
(no missed gap, no false alarm), and every catalog row gets a verdict."""

from __future__ import annotations

import pytest

from checks.catalog_files import catalog_for
from checks.engine import gaps, run_checks
from checks.findings import Verdict
from checks.linker import link
from checks.load import latest_run_id, load_run
from ground.profiles.schema import load_profile
from ground.store.db import open_database
from tests.conftest import crawl_json, expected
from tests.test_crawl import path_of

# (site, extra crawl arguments): 广德's script-fed lists are read through their JSON API here;
# tests/test_guangde_modes.py crawls them through Chromium too.
SITES = [("shandong_guanxian", ()), ("sichuan_yanting", ()), ("anhui_guangde", ("--fetch", "api"))]


@pytest.fixture(scope="module", params=SITES, ids=[s for s, _ in SITES])
def checked(request, fixture_servers, tmp_path_factory):
    site, extra = request.param
    db = tmp_path_factory.mktemp(site) / "db.sqlite3"
    summary = crawl_json(site, fixture_servers(site), f"sqlite:///{db}", *extra)
    assert summary["outcome"] in {"succeeded", "partial"}, summary
    engine = open_database(f"sqlite:///{db}")
    profile = load_profile(site)
    catalog = catalog_for(site)
    run = load_run(engine, profile, latest_run_id(engine, site))
    findings = run_checks(catalog, run, profile)
    engine.dispose()
    return site, catalog, findings, run


def subject_path(subject: str) -> str:
    return subject if subject.startswith(("column:", "row:", "unit:")) else path_of(subject)


def test_findings_equal_the_planted_gaps(checked) -> None:
    site, _, findings, _ = checked
    found = {(check, subject_path(subject), verdict) for check, subject, verdict in gaps(findings)}
    planted = {(g["check"], g["subject"], g["verdict"]) for g in expected(site)["gap"]}
    assert sorted(found - planted) == [], "false alarms"
    assert sorted(planted - found) == [], "missed gaps"


def test_every_catalog_row_has_a_verdict(checked) -> None:
    _, catalog, findings, _ = checked
    rows_with_findings = {f.row for f in findings}
    assert [r.id for r in catalog.all_rows if r.id not in rows_with_findings] == []
    manual_rows = {r.id for r in catalog.all_rows if r.manual or r.note}
    manual_findings = {f.row for f in findings if f.verdict is Verdict.MANUAL}
    assert manual_findings == manual_rows


def test_rows_with_nothing_to_judge_say_so_instead_of_passing(checked) -> None:
    _, _, findings, _ = checked
    for finding in findings:
        if finding.subject.startswith("row:") and finding.verdict is not Verdict.MANUAL:
            assert finding.verdict is Verdict.UNVERIFIED
            assert "未发现" in finding.message or "抓取失败" in finding.message


def test_every_non_manual_finding_carries_evidence(checked) -> None:
    _, _, findings, _ = checked
    missing = [
        (f.check, f.subject)
        for f in findings
        if f.verdict in {Verdict.PASS, Verdict.FAIL} and not f.evidence
    ]
    assert missing == []


def test_linker_finds_exactly_the_portals_pairs(checked) -> None:
    """Precision and recall 1.0 on every (document, 解读) pair of the fixture portal."""
    site, _, _, run = checked
    interpretations = [d for d in run.documents if "政策解读" in d.roles]
    documents = [d for d in run.documents if "政策解读" not in d.roles]
    by_id = {d.id: path_of(d.url) for d in run.documents}
    found = {
        (by_id[p.document_id], by_id[p.interpretation_id]) for p in link(documents, interpretations)
    }
    truth = {(p["document"], p["interpretation"]) for p in expected(site)["pair"]}
    hits = len(found & truth)
    print(f"{site}: linker precision {hits / len(found):.3f}, recall {hits / len(truth):.3f}")
    assert found == truth
