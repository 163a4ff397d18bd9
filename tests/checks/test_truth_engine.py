"""Truth tables for the engine (failed runs, rows with nothing to judge, manual notes, gaps), and
the test that every registered check has a truth table in one of the ``test_truth_*.py`` modules.
"""

from __future__ import annotations

from checks.catalog import Catalog
from checks.engine import gaps, run_checks
from checks.rules import all_checks
from tests.checks import (
    test_truth_annual_report,
    test_truth_columns_and_window,
    test_truth_consultation,
    test_truth_interpretation,
    test_truth_interpretation_timing_and_forms,
    test_truth_publication,
    test_truth_unit_disclosure,
)
from tests.checks.test_truth_columns_and_window import CONTENT, WINDOW_CHECK
from tests.checks.test_truth_publication import VALIDITY
from tests.checks.truth import MANUAL, PASS, PROFILE, UNVERIFIED, catalog, greening, row, run

# ---------------------------------------------------------------------------------------------
# The engine


def engine_catalog() -> Catalog:
    return catalog(
        row("1", manual="需核对会议记录"),
        row("2", {"name": CONTENT, "roles": ["意见征集"]}),
        row("3", {"name": WINDOW_CHECK}, {"name": VALIDITY}, note="窗口是否可用需人工核验"),
    )


def test_a_failed_run_makes_every_automated_row_unverified_and_manual_rows_manual() -> None:
    # The evidence in the records would pass; a failed run is not judged on it.
    failed = run(greening(), outcome="failed", errors=["HTTP 500: http://www.guanxian.gov.cn/"])
    findings = run_checks(engine_catalog(), failed, PROFILE)
    assert [(f.row, f.check, f.subject, f.verdict) for f in findings] == [
        ("1", "manual", "row:1", MANUAL),
        ("2", CONTENT, "row:2", UNVERIFIED),
        ("3", "manual", "row:3", MANUAL),
        ("3", WINDOW_CHECK, "row:3", UNVERIFIED),
        ("3", VALIDITY, "row:3", UNVERIFIED),
    ]
    assert {f.message for f in findings if f.verdict is UNVERIFIED} == {
        "本次抓取失败，无法核验：HTTP 500: http://www.guanxian.gov.cn/"
    }
    assert gaps(findings) == set()


def test_a_failed_run_without_errors_still_says_the_crawl_failed() -> None:
    findings = run_checks(engine_catalog(), run(outcome="failed"), PROFILE)
    assert [f.message for f in findings if f.verdict is UNVERIFIED] == [
        "本次抓取失败，无法核验：抓取失败"
    ] * 3


def test_a_check_with_nothing_to_judge_yields_one_unverified_row_finding() -> None:
    findings = run_checks(engine_catalog(), run(without=["意见征集"]), PROFILE)
    assert [(f.row, f.check, f.subject, f.verdict) for f in findings] == [
        ("1", "manual", "row:1", MANUAL),
        ("2", CONTENT, "row:2", UNVERIFIED),
        ("3", "manual", "row:3", MANUAL),
        ("3", WINDOW_CHECK, "row:3", UNVERIFIED),
        ("3", VALIDITY, "row:3", UNVERIFIED),
    ]
    assert findings[1].message == "本次抓取未发现栏目有内容可核验的对象（2023年）"


def test_a_row_with_a_note_gets_a_manual_finding_besides_its_checks() -> None:
    document = greening()
    findings = run_checks(engine_catalog(), run(document), PROFILE)
    assert [(f.row, f.check, f.subject, f.verdict) for f in findings] == [
        ("1", "manual", "row:1", MANUAL),
        ("2", CONTENT, "column:yjzj", PASS),
        ("3", "manual", "row:3", MANUAL),
        ("3", WINDOW_CHECK, document.url, PASS),
        ("3", VALIDITY, document.url, PASS),
    ]
    assert findings[2].message == "其余部分需人工核验：窗口是否可用需人工核验"
    assert findings[0].message == "需核对会议记录"


def test_gaps_are_the_failed_and_unverified_findings_about_a_subject() -> None:
    good, bad = greening(), greening(window=None, validity=None)
    findings = run_checks(
        engine_catalog(), run(good, bad, unreached={"意见征集": "HTTP 404"}), PROFILE
    )
    assert gaps(findings) == {
        (CONTENT, "column:yjzj", "未能核验"),
        (WINDOW_CHECK, bad.url, "不符合"),
        (VALIDITY, bad.url, "不符合"),
    }


# Every module holding truth tables; each names its checks in CHECKS.
FAMILIES = (
    test_truth_interpretation,
    test_truth_interpretation_timing_and_forms,
    test_truth_columns_and_window,
    test_truth_publication,
    test_truth_annual_report,
    test_truth_consultation,
    test_truth_unit_disclosure,
)


def test_every_registered_check_has_a_truth_table_here() -> None:
    tested = set().union(*(family.CHECKS for family in FAMILIES))
    assert set(all_checks()) == tested
