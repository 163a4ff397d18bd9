"""Truth tables for annual_report_published: the 政府信息公开工作年度报告 and its deadline.

Records and helpers come from ``tests/checks/truth.py``, which says how the tables are built.
"""

from __future__ import annotations

import datetime as dt

import pytest

from checks.findings import Verdict
from checks.records import (
    DocRecord,
)
from tests.checks.truth import FAIL, PASS, UNVERIFIED, D, column, doc, failure, judge, run, verdicts

# ---------------------------------------------------------------------------------------------
# annual_report_published

REPORT = "annual_report_published"
REPORT_TITLE = "冠县人民政府2022年政府信息公开工作年度报告"


def report(
    published: dt.date | None, *, title: str = REPORT_TITLE, column_id: str = "gknb"
) -> DocRecord:
    return doc(
        title,
        roles=("年度报告",),
        columns=(column_id,),
        published=published,
        written=None,
        validity=None,
        window=None,
    )


@pytest.mark.parametrize(
    ("published", "title", "expected", "message"),
    [
        (D(2023, 1, 20), REPORT_TITLE, PASS, "2023-01-20 发布，未晚于 2023-03-31"),
        (D(2023, 3, 31), REPORT_TITLE, PASS, "2023-03-31 发布，未晚于 2023-03-31"),
        (D(2023, 4, 1), REPORT_TITLE, FAIL, "2023-04-01 发布，晚于 2023-03-31"),
        (
            D(2023, 3, 20),
            "冠县人民政府2022年度政府信息公开工作年报",
            PASS,
            "2023-03-20 发布，未晚于 2023-03-31",
        ),
        (
            D(2022, 3, 20),
            "冠县人民政府2021年政府信息公开工作年度报告",
            FAIL,
            "年报栏目中未见2022年度报告",
        ),
        (
            D(2023, 3, 20),
            "冠县人民政府关于2022年度重点工作的报告",
            FAIL,
            "年报栏目中未见2022年度报告",
        ),
    ],
    ids=[
        "early",
        "on-the-deadline",
        "day-after",
        "年报-spelling",
        "only-older-report",
        "no-report",
    ],
)
def test_annual_report_published(
    published: dt.date, title: str, expected: Verdict, message: str
) -> None:
    findings = judge(REPORT, {"deadline": "03-31"}, run(report(published, title=title)))
    assert verdicts(findings) == [("column:gknb", expected)]
    assert findings[0].message == message


def test_annual_report_published_fails_an_empty_report_column() -> None:
    findings = judge(REPORT, {"deadline": "03-31"}, run())
    assert verdicts(findings) == [("column:gknb", FAIL)]


def test_annual_report_published_takes_the_earliest_report() -> None:
    early, late = report(D(2023, 3, 30)), report(D(2023, 5, 6))
    findings = judge(REPORT, {"deadline": "03-31"}, run(late, early))
    assert verdicts(findings) == [("column:gknb", PASS)]
    assert findings[0].evidence[0].url == early.url


def test_annual_report_published_is_unverified_without_a_publish_date() -> None:
    undated = report(None)
    findings = judge(REPORT, {"deadline": "03-31"}, run(undated))
    assert verdicts(findings) == [(undated.url, UNVERIFIED)]
    assert findings[0].message == "未识别年报发布日期"


def test_annual_report_published_is_unverified_for_an_unreached_column() -> None:
    findings = judge(REPORT, {"deadline": "03-31"}, run(unreached={"年度报告": "HTTP 500"}))
    assert verdicts(findings) == [("column:gknb", UNVERIFIED)]
    assert findings[0].message == "年报栏目未能抓取：HTTP 500"


def test_annual_report_published_is_unverified_when_the_report_page_was_not_fetched() -> None:
    # BUG: failures in the 年度报告 column are ignored: the list shows the 2022 report but its
    # page answered 503, and the check says no report was published (不符合).
    lost = failure(REPORT_TITLE, role="年度报告", listed=D(2023, 3, 20))
    findings = judge(REPORT, {"deadline": "03-31"}, run(failures=[lost]))
    assert [f.verdict for f in findings] == [UNVERIFIED]
    assert "HTTP 503" in findings[0].message


UNIT_REPORTS = column("年度报告", column_id="jyjnb", unit="县教育和体育局")


@pytest.mark.parametrize(
    ("params", "published", "expected"),
    [
        ({"deadline": "03-31", "unit_deadline": "01-31"}, D(2023, 1, 31), [PASS]),
        ({"deadline": "03-31", "unit_deadline": "01-31"}, D(2023, 2, 1), [FAIL]),
        ({"deadline": "03-31"}, D(2023, 2, 1), []),  # no unit_deadline: the unit is not judged
        ({"deadline": "03-31"}, None, []),
    ],
    ids=["on-the-unit-deadline", "day-after", "no-unit-deadline", "no-unit-deadline-no-report"],
)
def test_annual_report_published_judges_a_units_column_only_with_unit_deadline(
    params: dict[str, str], published: dt.date | None, expected: list[Verdict]
) -> None:
    reports = [report(D(2023, 3, 1))]
    if published:
        reports.append(report(published, column_id="jyjnb"))
    findings = judge(REPORT, params, run(*reports, extra_columns=[UNIT_REPORTS]))
    assert verdicts(findings) == [
        ("column:gknb", PASS),
        *(("column:jyjnb", verdict) for verdict in expected),
    ]


def test_annual_report_published_reads_the_year_from_the_catalog() -> None:
    findings = judge(
        REPORT,
        {"deadline": "03-31"},
        run(report(D(2024, 3, 28), title="冠县人民政府2023年政府信息公开工作年度报告")),
        year=2024,
    )
    assert verdicts(findings) == [("column:gknb", PASS)]


def test_annual_report_published_accepts_a_29_february_deadline_in_a_common_year() -> None:
    # BUG: the catalog validator accepts "02-29" on purpose (checked against 2024), but the check
    # builds dt.date(2023, 2, 29) and raises ValueError for a 2023 catalog. Expected: the deadline
    # falls on the last day of February.
    findings = judge(REPORT, {"deadline": "02-29"}, run(report(D(2023, 2, 28))))
    assert verdicts(findings) == [("column:gknb", PASS)]


# The checks whose truth tables this module holds: test_truth_engine.py asserts that every
# registered check is in the CHECKS of one module.
CHECKS = frozenset({REPORT})
