"""Per-unit evidence over a real crawl of the 广德 fixture portal (issue 12): every (row, unit)
finding of ``unit_disclosure`` and ``disclosure_count`` equals the ground truth written in
``fixtures/html/anhui_guangde/_expected.toml`` ([[unit_evidence]], [[unit_count]]), and nine rows
in ten of the task table get a machine finding.

The traps the truth holds (fixtures/html/anhui_guangde/_build/unit_pages.py): 邱村镇 publishes only
on neighbouring topics (就业见习基地名单, 高素质农民培训班) and must come out 未发现 on row 8;
桃州镇's only 就业帮扶 page is dated 2025, after the period; 市卫健委's 业务培训班 is not a
政务公开业务培训 (row 34); units the portal does not know (市招商合作中心 …) are 未能核验.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from checks.catalog import Catalog
from checks.catalog_files import catalog_for
from checks.engine import run_checks
from checks.findings import Finding, Verdict
from checks.load import latest_run_id, load_run
from ground.profiles.schema import load_profile
from ground.store.db import open_database
from tests.conftest import crawl_json, expected
from tests.test_crawl import path_of

SITE = "anhui_guangde"
FOUND = "发现相关公开信息"
Checked = tuple[Catalog, list[Finding]]
NOT_FOUND = "未发现相关公开信息"


@pytest.fixture(scope="module")
def checked(fixture_servers: Any, tmp_path_factory: pytest.TempPathFactory) -> Checked:
    db = tmp_path_factory.mktemp(SITE) / "db.sqlite3"
    summary = crawl_json(SITE, fixture_servers(SITE), f"sqlite:///{db}", "--fetch", "api")
    assert summary["outcome"] in {"succeeded", "partial"}, summary
    engine = open_database(f"sqlite:///{db}")
    profile = load_profile(SITE)
    catalog = catalog_for(SITE)
    run = load_run(engine, profile, latest_run_id(engine, SITE))
    findings = run_checks(catalog, run, profile)
    engine.dispose()
    return catalog, findings


def unit_name(finding: Finding) -> str:
    return finding.unit or finding.subject.removeprefix("unit:")


def found_state(finding: Finding) -> bool | str:
    """What a unit_disclosure finding says, in the ground truth's words."""
    if finding.verdict is Verdict.UNVERIFIED:
        return "unverified"
    assert finding.verdict is Verdict.MANUAL, finding
    if finding.message.startswith(NOT_FOUND):
        return False
    assert finding.message.startswith(FOUND), finding.message
    return True


def count_of(finding: Finding) -> int:
    """The count a disclosure_count finding states: 仅N次 when short, else its items."""
    short = re.search(r"仅(\d+)次", finding.message)
    return int(short.group(1)) if short else len(finding.evidence)


def test_unit_disclosure_findings_equal_the_ground_truth(checked: Checked) -> None:
    _, findings = checked
    seen = [(f.row, unit_name(f)) for f in findings if f.check == "unit_disclosure"]
    assert [k for k, n in Counter(seen).items() if n > 1] == [], "one finding per (row, unit)"
    got = {(f.row, unit_name(f)): found_state(f) for f in findings if f.check == "unit_disclosure"}
    truth = {(e["row"], e["unit"]): e["found"] for e in expected(SITE)["unit_evidence"]}
    assert sorted(set(got) - set(truth)) == [], "findings for (row, unit) the truth does not list"
    assert sorted(set(truth) - set(got)) == [], "(row, unit) without a finding"
    wrong = {k: (got[k], truth[k]) for k in truth if got[k] != truth[k]}
    assert wrong == {}, "(row, unit): (found, truth)"


def test_found_units_show_the_planted_pages_among_their_top_3(checked: Checked) -> None:
    _, findings = checked
    shown = {
        (f.row, unit_name(f)): {path_of(e.url) for e in f.evidence}
        for f in findings
        if f.check == "unit_disclosure"
    }
    missing = {
        (e["row"], e["unit"]): sorted(set(e["documents"]) - shown.get((e["row"], e["unit"]), set()))
        for e in expected(SITE)["unit_evidence"]
        if e["found"] is True
    }
    assert {k: v for k, v in missing.items() if v} == {}
    assert all(len(paths) <= 3 for paths in shown.values())


def test_no_page_after_the_period_is_shown_as_evidence(checked: Checked) -> None:
    _, findings = checked
    late = [
        (f.row, unit_name(f), e.url)
        for f in findings
        if f.check in {"unit_disclosure", "disclosure_count"}
        for e in f.evidence
        if "/2025/" in e.url
    ]
    assert late == []


def test_disclosure_counts_equal_the_ground_truth(checked: Checked) -> None:
    _, findings = checked
    got = Counter(
        (f.row, unit_name(f), str(f.verdict), count_of(f))
        for f in findings
        if f.check == "disclosure_count"
    )
    truth = Counter(
        (e["row"], e["unit"], e["verdict"], e["count"]) for e in expected(SITE)["unit_count"]
    )
    assert sorted((got - truth).elements()) == [], "counted but not in the truth"
    assert sorted((truth - got).elements()) == [], "in the truth but not counted"


def test_nine_rows_in_ten_get_a_machine_finding(checked: Checked) -> None:
    catalog, findings = checked
    machine_rows = {f.row for f in findings if f.check != "manual"}
    rows = [r.id for r in catalog.rows]
    covered = [r for r in rows if r in machine_rows]
    print(f"{SITE}: {len(covered)} of {len(rows)} rows have a machine finding")
    assert len(covered) / len(rows) >= 0.9
