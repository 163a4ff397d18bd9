"""Truth tables: an absence is 不符合 only where the crawl read everything it could lie in.

A run that did not finish, a column read only in part (a later list page failed or was
blocked), a column of the needed role never configured, and a box a script fills all turn a
would-be 不符合 into 未能核验 with the reason; what was seen is still judged as before.
"""

from __future__ import annotations

from dataclasses import replace

from checks.records import RunRecord
from tests.checks.truth import (
    FAIL,
    PASS,
    UNVERIFIED,
    D,
    doc,
    greening,
    interp,
    judge,
    run,
    verdicts,
)

PUBLISHED = ("interpretation_published", {})
SCRIPT_FILLED = "由脚本加载，静态抓取不可见"


def part_read(record: RunRecord, role: str, failed_pages: int = 1) -> RunRecord:
    """``record`` with its column of ``role`` reached but read only in part."""
    columns = tuple(
        replace(c, complete=False, failed_pages=failed_pages, error="第2页：HTTP 503")
        if c.role == role
        else c
        for c in record.columns
    )
    return replace(record, columns=columns)


def test_a_document_without_a_found_interpretation_fails_when_everything_was_read() -> None:
    policy = greening()
    assert verdicts(judge(*PUBLISHED, run(policy))) == [(policy.url, FAIL)]


def test_a_script_filled_interpretation_box_makes_no_interpretation_unverified() -> None:
    policy = greening(js_boxes=("相关解读",))
    [finding] = judge(*PUBLISHED, run(policy))
    assert (finding.verdict, SCRIPT_FILLED in finding.message) == (UNVERIFIED, True)
    assert "相关解读" in finding.message


def test_a_script_filled_feedback_box_does_not_hide_an_interpretation() -> None:
    policy = greening(js_boxes=("政策咨询、建议与评价",))
    assert verdicts(judge(*PUBLISHED, run(policy))) == [(policy.url, FAIL)]


def test_an_interpretation_list_read_in_part_makes_no_interpretation_unverified() -> None:
    policy = greening()
    [finding] = judge(*PUBLISHED, part_read(run(policy), "政策解读"))
    assert finding.verdict is UNVERIFIED
    assert "有 1 个列表页未能读取（第2页：HTTP 503）" in finding.message


def test_an_interpretation_found_stays_a_pass_though_its_list_was_read_in_part() -> None:
    policy = greening()
    record = part_read(
        run(policy, interp("《冠县城市绿化管理办法》政策解读", of=policy)), "政策解读"
    )
    assert verdicts(judge(*PUBLISHED, record)) == [(policy.url, PASS)]


def test_without_an_interpretation_column_no_interpretation_is_unverified() -> None:
    policy = greening()
    [finding] = judge(*PUBLISHED, run(policy, without=["政策解读"]))
    assert finding.verdict is UNVERIFIED
    assert "未配置或未抓取“政策解读”栏目" in finding.message


def test_an_interrupted_run_makes_no_interpretation_unverified() -> None:
    policy = greening()
    [finding] = judge(*PUBLISHED, run(policy, outcome="interrupted"))
    assert (finding.verdict, "被中断" in finding.message) == (UNVERIFIED, True)


def test_a_late_interpretation_stays_a_failure_in_an_interrupted_run() -> None:
    """What was seen is judged: 30 working days late is late whatever was not read."""
    policy = greening(published=D(2023, 5, 4))
    late = interp("《冠县城市绿化管理办法》政策解读", of=policy, published=D(2023, 6, 30))
    findings = judge(
        "interpretation_timely", {"max_workdays": 3}, run(policy, late, outcome="interrupted")
    )
    assert verdicts(findings) == [(late.url, FAIL)]


def test_a_policy_list_read_in_part_is_unverified_as_a_column() -> None:
    policy = greening()
    findings = judge("publication_timely", {"max_workdays": 20}, part_read(run(policy), "政策文件"))
    assert (
        ("column:zcwj", UNVERIFIED) in verdicts(findings),
        (policy.url, PASS) in verdicts(findings),
    ) == (True, True)


def test_an_empty_first_page_of_a_column_read_in_part_is_unverified() -> None:
    record = run()
    columns = tuple(
        replace(c, entries=0, complete=False, failed_pages=1, error="第2页：HTTP 503")
        if c.role == "年度报告"
        else c
        for c in record.columns
    )
    findings = judge(
        "column_has_content", {"roles": ["年度报告"]}, replace(record, columns=columns)
    )
    assert verdicts(findings) == [("column:gknb", UNVERIFIED)]


def test_an_empty_column_read_whole_fails() -> None:
    record = run()
    columns = tuple(replace(c, entries=0) if c.role == "年度报告" else c for c in record.columns)
    findings = judge(
        "column_has_content", {"roles": ["年度报告"]}, replace(record, columns=columns)
    )
    assert verdicts(findings) == [("column:gknb", FAIL)]


def test_no_annual_report_in_a_report_column_read_in_part_is_unverified() -> None:
    [finding] = judge(
        "annual_report_published", {"deadline": "03-31"}, part_read(run(), "年度报告")
    )
    assert (finding.subject, finding.verdict) == ("column:gknb", UNVERIFIED)


def test_no_annual_report_in_a_report_column_read_whole_fails() -> None:
    [finding] = judge("annual_report_published", {"deadline": "03-31"}, run())
    assert (finding.subject, finding.verdict) == ("column:gknb", FAIL)


CONSULTATION = "关于公开征求《冠县城区停车管理办法（征求意见稿）》意见的公告"


def test_no_result_notice_in_a_consultation_list_read_in_part_is_unverified() -> None:
    consultation = doc(CONSULTATION, roles=("意见征集",))
    record = part_read(run(consultation), "意见征集")
    findings = judge("consultation_feedback_published", {}, record)
    assert (consultation.url, UNVERIFIED) in verdicts(findings)


def test_no_result_notice_in_a_consultation_list_read_whole_fails() -> None:
    consultation = doc(CONSULTATION, roles=("意见征集",))
    findings = judge("consultation_feedback_published", {}, run(consultation))
    assert verdicts(findings) == [(consultation.url, FAIL)]


def test_a_missing_form_in_an_interpretation_list_read_in_part_is_unverified() -> None:
    record = part_read(run(interp("关于《冠县城市绿化管理办法》的解读")), "政策解读")
    [finding] = judge("interpretation_forms", {"required_forms": ["图解"]}, record)
    assert finding.verdict is UNVERIFIED


def test_every_required_form_seen_passes_though_the_list_was_read_in_part() -> None:
    record = part_read(run(interp("一图读懂《冠县城市绿化管理办法》")), "政策解读")
    [finding] = judge("interpretation_forms", {"required_forms": ["图解"]}, record)
    assert finding.verdict is PASS
