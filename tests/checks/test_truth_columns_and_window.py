"""Truth tables for feedback_window_present and column_has_content: the 政策咨询、建议与评价
window on policy pages, and columns that list something.

Records and helpers come from ``tests/checks/truth.py``, which says how the tables are built.
"""

from __future__ import annotations

import datetime as dt

import pytest

from checks.findings import Verdict
from tests.checks.truth import (
    COLUMN_OF_ROLE,
    FAIL,
    PASS,
    UNVERIFIED,
    WINDOW,
    D,
    column,
    failure,
    greening,
    greening_interp,
    judge,
    run,
    verdicts,
)

# ---------------------------------------------------------------------------------------------
# feedback_window_present

WINDOW_CHECK = "feedback_window_present"


@pytest.mark.parametrize(
    ("window", "js_boxes", "expected", "message"),
    [
        (WINDOW, (), PASS, "页面设有政策咨询、建议与评价窗口"),
        (None, (), FAIL, "文件页面未设置政策咨询、建议与评价窗口"),
        ("", (), FAIL, "文件页面未设置政策咨询、建议与评价窗口"),
        (None, ("政策咨询、建议与评价",), UNVERIFIED, "窗口位置由脚本插入，未经浏览器渲染无法核验"),
        (WINDOW, ("政策咨询、建议与评价",), PASS, "页面设有政策咨询、建议与评价窗口"),
        # Another box filled by a script does not excuse a missing window.
        (None, ("相关解读",), FAIL, "文件页面未设置政策咨询、建议与评价窗口"),
    ],
    ids=["window", "none", "empty", "by-script", "window-and-script", "other-script-box"],
)
def test_feedback_window_present(
    window: str | None, js_boxes: tuple[str, ...], expected: Verdict, message: str
) -> None:
    document = greening(window=window, js_boxes=js_boxes)
    findings = judge(WINDOW_CHECK, {}, run(document))
    assert verdicts(findings) == [(document.url, expected)]
    assert findings[0].message == message


@pytest.mark.parametrize("published", [D(2022, 12, 29), D(2024, 1, 2)])
def test_feedback_window_present_does_not_judge_documents_of_another_year(
    published: dt.date,
) -> None:
    assert judge(WINDOW_CHECK, {}, run(greening(window=None, published=published))) == []


def test_an_undated_policy_document_is_unverified_not_skipped() -> None:
    document = greening(window=None, published=None)
    findings = judge(WINDOW_CHECK, {}, run(document))
    assert verdicts(findings) == [(document.url, UNVERIFIED)]
    assert findings[0].message == "页面未识别发布日期，无法判断是否属2023年度"


def test_feedback_window_present_does_not_judge_interpretations() -> None:
    assert judge(WINDOW_CHECK, {}, run(greening_interp(None))) == []


@pytest.mark.parametrize("role", ["政策文件", "规范性文件"])
def test_feedback_window_present_is_unverified_for_an_unreached_column(role: str) -> None:
    findings = judge(WINDOW_CHECK, {}, run(unreached={role: "HTTP 403"}))
    assert verdicts(findings) == [(f"column:{COLUMN_OF_ROLE[role]}", UNVERIFIED)]
    assert "HTTP 403" in findings[0].message


@pytest.mark.parametrize(
    ("listed", "judged"), [(D(2023, 10, 16), True), (None, True), (D(2022, 10, 16), False)]
)
def test_feedback_window_present_is_unverified_for_a_page_not_fetched(
    listed: dt.date | None, judged: bool
) -> None:
    lost = failure("冠县人民政府办公室关于印发冠县冬季清洁取暖工作实施方案的通知", listed=listed)
    findings = judge(WINDOW_CHECK, {}, run(failures=[lost]))
    assert verdicts(findings) == ([(lost.url, UNVERIFIED)] if judged else [])
    if judged:
        assert findings[0].message == "文件页面未能抓取（HTTP 503）"


# ---------------------------------------------------------------------------------------------
# column_has_content

CONTENT = "column_has_content"


@pytest.mark.parametrize(
    ("reached", "entries", "error", "expected", "message"),
    [
        (True, 3, "", PASS, "栏目有 3 条内容"),
        (True, 1, "", PASS, "栏目有 1 条内容"),
        (True, 0, "", FAIL, "栏目无任何公开内容"),
        (False, 0, "HTTP 404", UNVERIFIED, "栏目未能抓取：HTTP 404"),
        (False, 0, "", UNVERIFIED, "栏目未能抓取：未访问"),
    ],
    ids=["three", "one", "empty", "unreached", "not-visited"],
)
def test_column_has_content(
    reached: bool, entries: int, error: str, expected: Verdict, message: str
) -> None:
    township = column(
        "乡镇信息公开",
        column_id="dgcz",
        unit="东古城镇",
        reached=reached,
        entries=entries,
        error=error,
    )
    findings = judge(CONTENT, {"roles": ["乡镇信息公开"]}, run(extra_columns=[township]))
    assert verdicts(findings) == [("column:dgcz", expected)]
    assert findings[0].message == message
    assert findings[0].unit == "东古城镇"


def test_column_has_content_judges_every_column_of_the_roles_and_no_other() -> None:
    columns = [
        column("乡镇信息公开", column_id="qqjd", unit="清泉街道", entries=2),
        column("乡镇信息公开", column_id="dgcz", unit="东古城镇", entries=0),
        column("部门信息公开", column_id="jtj", unit="县交通运输局", entries=0),
    ]
    findings = judge(CONTENT, {"roles": ["乡镇信息公开", "意见征集"]}, run(extra_columns=columns))
    assert verdicts(findings) == [
        ("column:yjzj", PASS),
        ("column:qqjd", PASS),
        ("column:dgcz", FAIL),
    ]
    assert findings[0].unit == "冠县人民政府"  # the government's own column


def test_column_has_content_judges_nothing_without_a_column_of_the_roles() -> None:
    assert judge(CONTENT, {"roles": ["意见征集"]}, run(without=["意见征集"])) == []


# The checks whose truth tables this module holds: test_truth_engine.py asserts that every
# registered check is in the CHECKS of one module.
CHECKS = frozenset({WINDOW_CHECK, CONTENT})
