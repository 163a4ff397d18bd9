"""政府信息公开工作年度报告 published on time."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from checks.context import CheckContext, column_evidence, doc_evidence, failure_evidence
from checks.findings import Finding, Verdict
from checks.params import CheckParams, MonthDay
from checks.records import ColumnRecord, DocRecord
from checks.registry import check

REPORT_ROLE = "年度报告"


class AnnualReportParams(CheckParams):
    deadline: MonthDay  # the government's own report (条例第四十九条第二款: 03-31)
    unit_deadline: MonthDay | None = None  # each unit's own report (第一款: 01-31)


@check("annual_report_published", "年度报告按时公开", params=AnnualReportParams)
def annual_report_published(ctx: CheckContext, params: AnnualReportParams) -> list[Finding]:
    """The previous year's 政府信息公开工作年度报告 is published by ``deadline`` (MM-DD) of the
    catalog year in the government's own 年报 column, and by ``unit_deadline`` in each unit's
    own 年报 column when the catalog sets it.

    Standard: 《中华人民共和国政府信息公开条例》第四十九条: 县级以上人民政府部门 by 1月31日
    (第一款, ``unit_deadline`` "01-31"); the 本级政府 report by 3月31日 (第二款, ``deadline``
    "03-31"); 第五十条 sets its content. Source: 冠县 table (将任务分工落实情况纳入年度报告并予以
    公开); 盐亭 table 年报 task; 广德 table via the 法定基线.
    """
    name = "annual_report_published"
    findings = []
    for column in ctx.columns_with_role([REPORT_ROLE]):
        month_day = params.unit_deadline if column.unit else params.deadline
        if month_day is None:
            continue  # a unit's own report column is judged only when the catalog says by when
        findings.append(_column_finding(ctx, name, column, deadline_in(ctx.year, month_day)))
    return findings


def _column_finding(
    ctx: CheckContext, check: str, column: ColumnRecord, deadline: dt.date
) -> Finding:
    """One 年报 column judged: not reached, its report page lost, no report, or the report's
    publish date against ``deadline``."""
    previous = ctx.year - 1
    subject = f"column:{column.id}"
    if not column.reached:
        return ctx.finding(
            check,
            Verdict.UNVERIFIED,
            subject,
            column.name,
            f"年报栏目未能抓取：{column.error or '未访问'}",
            evidence=[column_evidence(column)],
        )
    pattern = re.compile(rf"{previous}\s*年.*(年度报告|年报)")
    reports = [d for d in ctx.documents if column.id in d.columns and pattern.search(d.title)]
    if reports:
        return _report_finding(ctx, check, subject, reports, deadline)
    title = f"{previous}年度政府信息公开工作年度报告"
    failed = [f for f in ctx.run.failures if f.column_id == column.id and pattern.search(f.title)]
    if failed:
        return ctx.finding(
            check,
            Verdict.UNVERIFIED,
            subject,
            title,
            f"{previous}年度报告页面未能抓取（{failed[0].error}），无法核验",
            evidence=[failure_evidence(failed[0])],
        )
    if unread := _column_unread(ctx, column):
        return ctx.finding(
            check,
            Verdict.UNVERIFIED,
            subject,
            title,
            f"已读的年报栏目页面中未见{previous}年度报告，但栏目未读完：{unread}",
            evidence=[column_evidence(column)],
        )
    return ctx.finding(
        check,
        Verdict.FAIL,
        subject,
        title,
        f"年报栏目中未见{previous}年度报告",
        evidence=[column_evidence(column)],
    )


def _column_unread(ctx: CheckContext, column: ColumnRecord) -> str:
    """Why this 年报 column may hold a report the crawl did not read ("" when read whole)."""
    if ctx.run.unfinished:
        return ctx.unread_lists([column.role])
    if column.reached and not column.complete:
        return f"{column.name}（{column.error or '未读完'}）"
    return ""


def _report_finding(
    ctx: CheckContext, check: str, subject: str, reports: list[DocRecord], deadline: dt.date
) -> Finding:
    """The column's earliest report judged on its publish date against ``deadline``."""
    report = min(reports, key=lambda d: d.publish_date or dt.date.max)
    if report.publish_date is None:
        # Without a date the report itself is the subject: it is what a person must look at.
        verdict, message, subject = Verdict.UNVERIFIED, "未识别年报发布日期", report.url
    elif report.publish_date <= deadline:
        published = report.publish_date.isoformat()
        verdict, message = Verdict.PASS, f"{published} 发布，未晚于 {deadline.isoformat()}"
    else:
        published = report.publish_date.isoformat()
        verdict, message = Verdict.FAIL, f"{published} 发布，晚于 {deadline.isoformat()}"
    # A finding on the column's report, not a doc_finding: it has never cited the report's 文号.
    evidence = [doc_evidence(report, "年度报告")]
    return ctx.finding(
        check,
        verdict,
        subject,
        report.title,
        message,
        date=report.publish_date,
        evidence=evidence,
    )


def deadline_in(year: int, month_day: str) -> dt.date:
    """The MM-DD deadline in ``year``; 02-29 falls on 02-28 in a common year.

    >>> deadline_in(2023, "02-29"), deadline_in(2024, "02-29"), deadline_in(2023, "03-31")
    (datetime.date(2023, 2, 28), datetime.date(2024, 2, 29), datetime.date(2023, 3, 31))
    """
    month, day = (int(x) for x in month_day.split("-"))
    if (month, day) == (2, 29) and calendar.isleap(year) is False:
        day = 28
    return dt.date(year, month, day)
