"""Per-unit evidence on a real crawl of the 冠县 fixture portal (issue 12): the unit_disclosure
and disclosure_count findings equal the ground truth of ``_expected.toml`` ([[unit_evidence]],
[[unit_count]]) exactly, and nine rows in ten of the 冠县 table get a machine finding."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from checks.catalog_files import catalog_for
from checks.engine import run_checks
from checks.findings import Finding, Verdict
from checks.load import latest_run_id, load_run
from ground.profiles.schema import load_profile
from ground.store.db import open_database
from tests.conftest import crawl_json, expected
from tests.test_crawl import path_of

SITE = "shandong_guanxian"
TOP = 3  # the evidence a finding shows: the documents a person reads first


@pytest.fixture(scope="module")
def findings(
    fixture_servers: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
) -> list[Finding]:
    db = tmp_path_factory.mktemp(SITE) / "db.sqlite3"
    summary = crawl_json(SITE, fixture_servers(SITE), f"sqlite:///{db}")
    assert summary["outcome"] in {"succeeded", "partial"}, summary
    engine = open_database(f"sqlite:///{db}")
    profile = load_profile(SITE)
    run = load_run(engine, profile, latest_run_id(engine, SITE))
    result = run_checks(catalog_for(SITE), run, profile)
    engine.dispose()
    return result


def _state(finding: Finding) -> bool | str:
    """found = true / false / "unverified", as [[unit_evidence]] writes it."""
    if finding.verdict is Verdict.UNVERIFIED:
        return "unverified"
    assert finding.verdict is Verdict.MANUAL, (finding.row, finding.unit, finding.verdict)
    return bool(finding.evidence)


def _of(findings: list[Finding], check: str) -> dict[tuple[str, str], Finding]:
    found = [f for f in findings if f.check == check and f.subject.startswith("unit:")]
    keys = Counter((f.row, f.unit) for f in found)
    assert [k for k, n in keys.items() if n > 1] == [], "one finding per (row, unit)"
    return {(f.row, f.unit): f for f in found}


def _truth(table: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(e["row"], e["unit"]): e for e in expected(SITE)[table]}


def test_every_row_and_unit_of_unit_disclosure_is_in_the_ground_truth(
    findings: list[Finding],
) -> None:
    assert sorted(_of(findings, "unit_disclosure")) == sorted(_truth("unit_evidence"))


def test_unit_disclosure_says_found_not_found_or_unverified_as_the_ground_truth(
    findings: list[Finding],
) -> None:
    actual = {k: _state(f) for k, f in _of(findings, "unit_disclosure").items()}
    truth = {k: e["found"] for k, e in _truth("unit_evidence").items()}
    wrong = {k: (actual[k], truth[k]) for k in truth if k in actual and actual[k] != truth[k]}
    assert wrong == {}


def test_found_documents_are_among_the_top_three(findings: list[Finding]) -> None:
    actual = _of(findings, "unit_disclosure")
    missing = {}
    for key, entry in _truth("unit_evidence").items():
        if entry["found"] is True and key in actual:
            shown = {path_of(e.url) for e in actual[key].evidence[:TOP]}
            if not set(entry["documents"]) <= shown:
                missing[key] = sorted(set(entry["documents"]) - shown)
    assert missing == {}


def test_a_document_after_the_rows_period_is_never_shown(findings: list[Finding]) -> None:
    """冠县2024年春季职业技能培训计划 (2024-01-09) is on row 11's topic but after its 全年 2023."""
    late = "/xxgk/bmxxgk/rsj/202401/t20240109_5106125.html"
    shown = [
        (f.row, f.unit)
        for f in findings
        if f.check == "unit_disclosure" and late in {path_of(e.url) for e in f.evidence}
    ]
    assert shown == []
    row11 = _of(findings, "unit_disclosure")[("11", "县人力资源和社会保障局")]
    assert row11.message.startswith("发现相关公开信息3条")


def items(finding: Finding) -> list:
    """The counted items a finding cites; the columns it searched (label 栏目) are not items."""
    return [e for e in finding.evidence if e.label != "栏目"]


def test_disclosure_counts_and_verdicts_equal_the_ground_truth(findings: list[Finding]) -> None:
    actual = {
        k: (len(items(f)), str(f.verdict)) for k, f in _of(findings, "disclosure_count").items()
    }
    truth = {k: (e["count"], e["verdict"]) for k, e in _truth("unit_count").items()}
    assert actual == truth


def test_counted_items_are_the_titles_the_ground_truth_names(findings: list[Finding]) -> None:
    actual = {
        k: sorted(path_of(e.url) for e in items(f))
        for k, f in _of(findings, "disclosure_count").items()
    }
    truth = {k: sorted(e.get("items", [])) for k, e in _truth("unit_count").items()}
    assert actual == truth


def test_nine_rows_in_ten_get_a_machine_finding(findings: list[Finding]) -> None:
    catalog = catalog_for(SITE)
    rows = [r.id for r in catalog.rows]
    machine = {f.row for f in findings if f.check != "manual"}
    covered = [r for r in rows if r in machine]
    share = len(covered) / len(rows)
    print(f"{SITE}: {len(covered)} of {len(rows)} rows have a machine finding ({share:.1%})")
    assert share >= 0.9, sorted(set(rows) - machine, key=int)
