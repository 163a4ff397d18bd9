"""Per-unit evidence over a real crawl of the 盐亭 fixture portal (issue 12): every (row, unit)
finding of ``unit_disclosure`` and ``disclosure_count`` equals the ground truth written in
``fixtures/html/sichuan_yanting/_expected.toml`` ([[unit_evidence]], [[unit_count]]), and nine rows
in ten of the task table get a machine finding.

The traps the truth holds (fixtures/html/sichuan_yanting/_build/unit_documents.py): 富驿镇's
就业见习基地名单 is no 就业政策 (row 2.1); 县人社局's 职业技能培训 and 县经信局's 转企升规培训班 are
no 政务公开业务培训 (row 16.3); 县人社局's 基本养老保险 notice is neither 养老机构 nor 医疗保险 (row
2.4); 县司法局's 规范性文件清理结果 is dated after row 4.5's 完成时限 (2023年8月底); the table's
县工信局 is the portal's 县经信局 (an alias); units the portal does not have (经开区, 县税务局,
县统计局, 县融媒体中心) are 未能核验.
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

SITE = "sichuan_yanting"
FOUND = "发现相关公开信息"
NOT_FOUND = "未发现相关公开信息"
LATE_PAGE = "/art/2023/9/20/"  # 县司法局's 规范性文件清理结果, after row 4.5's 2023年8月底


Checked = tuple[Catalog, list[Finding]]


@pytest.fixture(scope="module")
def checked(fixture_servers: Any, tmp_path_factory: pytest.TempPathFactory) -> Checked:
    db = tmp_path_factory.mktemp(SITE) / "db.sqlite3"
    summary = crawl_json(SITE, fixture_servers(SITE), f"sqlite:///{db}")
    assert summary["outcome"] == "succeeded", summary
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


def test_a_unit_whose_pages_only_overlap_the_topic_is_not_found(checked: Checked) -> None:
    _, findings = checked
    by_key = {(f.row, unit_name(f)): f for f in findings if f.check == "unit_disclosure"}
    traps = [("2.1", "富驿镇"), ("16.3", "县人社局"), ("16.3", "县经信局"), ("2.4", "县人社局")]
    assert [by_key[k].message.startswith(NOT_FOUND) for k in traps] == [True] * len(traps)
    assert [by_key[k].verdict for k in traps] == [Verdict.MANUAL] * len(traps)


def test_a_page_after_the_rows_deadline_is_not_evidence(checked: Checked) -> None:
    _, findings = checked
    late = [
        (f.row, unit_name(f))
        for f in findings
        if f.check == "unit_disclosure" and f.row == "4.5"
        for e in f.evidence
        if LATE_PAGE in e.url
    ]
    assert late == []
    (justice,) = [
        f
        for f in findings
        if f.check == "unit_disclosure" and f.subject == "unit:盐亭县司法局"
        if f.row == "4.5"
    ]
    assert justice.message.startswith(NOT_FOUND)


def test_the_tables_name_for_an_aliased_unit_finds_its_pages(checked: Checked) -> None:
    _, findings = checked
    (unit,) = [f for f in findings if f.check == "unit_disclosure" and f.row == "5.2"
               and f.unit == "县经信局"]  # fmt: skip
    assert unit.message.startswith(FOUND)
    assert "“转企升规”专题培训班" in unit.evidence[0].excerpt


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
