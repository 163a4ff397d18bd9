"""Truth tables for validity_marked and publication_timely: the 有效性 of 规范性文件 and the
working days from 成文日期 to 发布日期.

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
    D,
    failure,
    greening,
    judge,
    run,
    verdicts,
)

# ---------------------------------------------------------------------------------------------
# validity_marked

VALIDITY = "validity_marked"


@pytest.mark.parametrize(
    ("validity", "expected", "message"),
    [
        ("有效", PASS, "有效性：有效"),
        ("已废止", PASS, "有效性：已废止"),
        (None, FAIL, "行政规范性文件未标注有效性"),
        ("", FAIL, "行政规范性文件未标注有效性"),
    ],
)
def test_validity_marked(validity: str | None, expected: Verdict, message: str) -> None:
    document = greening(validity=validity)
    findings = judge(VALIDITY, {}, run(document))
    assert verdicts(findings) == [(document.url, expected)]
    assert findings[0].message == message


def test_validity_marked_judges_only_normative_documents() -> None:
    assert judge(VALIDITY, {}, run(greening(roles=("政策文件",), validity=None))) == []


def test_validity_marked_does_not_judge_documents_of_another_year() -> None:
    assert judge(VALIDITY, {}, run(greening(validity=None, published=D(2022, 6, 1)))) == []


@pytest.mark.parametrize(("role", "judged"), [("规范性文件", True), ("政策文件", False)])
def test_validity_marked_is_unverified_for_an_unreached_normative_column(
    role: str, judged: bool
) -> None:
    findings = judge(VALIDITY, {}, run(unreached={role: "HTTP 504"}))
    assert verdicts(findings) == ([("column:gfxwj", UNVERIFIED)] if judged else [])
    if judged:
        assert "HTTP 504" in findings[0].message


@pytest.mark.parametrize(("role", "judged"), [("规范性文件", True), ("政策文件", False)])
def test_validity_marked_is_unverified_for_a_normative_page_not_fetched(
    role: str, judged: bool
) -> None:
    lost = failure("冠县人民政府关于印发冠县物业管理办法的通知", role=role)
    findings = judge(VALIDITY, {}, run(failures=[lost]))
    assert verdicts(findings) == ([(lost.url, UNVERIFIED)] if judged else [])
    if judged:
        assert findings[0].message == "文件页面未能抓取（HTTP 503）"


# ---------------------------------------------------------------------------------------------
# publication_timely

PUBLICATION = "publication_timely"


@pytest.mark.parametrize(
    ("written", "published", "limit", "days", "expected"),
    [
        (D(2023, 3, 1), D(2023, 3, 29), 20, 20, PASS),  # exactly 20
        (D(2023, 3, 1), D(2023, 3, 30), 20, 21, FAIL),
        # Across 国庆 2023: 8 holiday days not counted, make-up days 10-07 and 10-08 counted.
        (D(2023, 9, 20), D(2023, 10, 24), 20, 20, PASS),
        (D(2023, 9, 20), D(2023, 10, 25), 20, 21, FAIL),
        (D(2023, 9, 28), D(2023, 10, 6), 1, 0, PASS),
        (D(2023, 9, 28), D(2023, 10, 7), 1, 1, PASS),
        (D(2023, 9, 28), D(2023, 10, 8), 1, 2, FAIL),
        (D(2023, 5, 10), D(2023, 5, 10), 20, 0, PASS),
    ],
)
def test_publication_timely(
    written: dt.date, published: dt.date, limit: int, days: int, expected: Verdict
) -> None:
    document = greening(written=written, published=published)
    findings = judge(PUBLICATION, {"max_workdays": limit}, run(document))
    assert verdicts(findings) == [(document.url, expected)]
    when = f"成文 {written.isoformat()}，发布 {published.isoformat()}"
    assert findings[0].message == (
        f"{when}，{days} 个工作日"
        if expected is PASS
        else f"{when}，相隔 {days} 个工作日，超过 {limit} 个工作日"
    )


def test_publication_timely_is_unverified_without_a_written_date() -> None:
    document = greening(written=None)
    findings = judge(PUBLICATION, {"max_workdays": 20}, run(document))
    assert verdicts(findings) == [(document.url, UNVERIFIED)]
    assert findings[0].message == "页面未标注成文日期，无法核验公开时限"


def test_publication_timely_does_not_judge_documents_of_another_year() -> None:
    document = greening(written=D(2022, 1, 4), published=D(2022, 12, 30))
    assert judge(PUBLICATION, {"max_workdays": 20}, run(document)) == []


@pytest.mark.parametrize("role", ["政策文件", "规范性文件"])
def test_publication_timely_is_unverified_for_an_unreached_column(role: str) -> None:
    findings = judge(PUBLICATION, {"max_workdays": 20}, run(unreached={role: "超时"}))
    assert verdicts(findings) == [(f"column:{COLUMN_OF_ROLE[role]}", UNVERIFIED)]
    assert findings[0].message == "栏目未能抓取，其中的文件无法核验：超时"


@pytest.mark.parametrize(("listed", "judged"), [(D(2023, 10, 16), True), (D(2022, 10, 16), False)])
def test_publication_timely_is_unverified_for_a_page_not_fetched(
    listed: dt.date, judged: bool
) -> None:
    lost = failure("冠县人民政府办公室关于印发冠县冬季清洁取暖工作实施方案的通知", listed=listed)
    findings = judge(PUBLICATION, {"max_workdays": 20}, run(failures=[lost]))
    assert verdicts(findings) == ([(lost.url, UNVERIFIED)] if judged else [])
    if judged:
        assert findings[0].message == "文件页面未能抓取（HTTP 503）"


# The checks whose truth tables this module holds: test_truth_engine.py asserts that every
# registered check is in the CHECKS of one module.
CHECKS = frozenset({VALIDITY, PUBLICATION})
