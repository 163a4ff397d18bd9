"""意见征集: each consultation's result (意见采纳情况) published in time."""

from __future__ import annotations

import datetime as dt
import re

from checks.context import (
    CONSULTATION_ROLE,
    CheckContext,
    doc_evidence,
    failure_evidence,
)
from checks.findings import Evidence, Finding, Verdict
from checks.params import CheckParams, Workdays
from checks.records import DocRecord, FetchFailure
from checks.registry import check
from ground.workdays import workdays_between

RESULT = re.compile(r"采纳|情况的说明|征集情况|情况反馈|反馈|结果")
CONSULTATION = re.compile(r"征求.{0,30}意见|意见征集|征集.{0,10}意见")
QUOTED = re.compile(r"《([^》]+)》")
DRAFT = re.compile(r"[（(][^）)]*(征求意见稿|草案|送审稿)[^）)]*[）)]")


def topic(title: str) -> str:
    """The consulted document's name: the 《》 title without （征求意见稿）.

    >>> topic("关于公开征求《冠县城区停车管理办法（征求意见稿）》意见的公告")
    '冠县城区停车管理办法'
    """
    match = QUOTED.search(title)
    name = match.group(1) if match else title
    return DRAFT.sub("", name).strip()


def _final_document(ctx: CheckContext, name: str) -> DocRecord | None:
    matches = [d for d in ctx.policy_documents if name and name in d.title]
    # The earliest dated match is the final document; an undated one only when none is dated.
    return min(
        matches, key=lambda d: (d.publish_date is None, d.publish_date or dt.date.max), default=None
    )


class ConsultationParams(CheckParams):
    # Without it only the presence of the result notice is judged (a baseline row where the
    # customer's table sets no time limit).
    max_workdays: Workdays | None = None


@check("consultation_feedback_published", "意见征集结果反馈", params=ConsultationParams)
def consultation_feedback_published(ctx: CheckContext, params: ConsultationParams) -> list[Finding]:
    """Each consultation has its result (意见采纳情况) published, and, when the catalog sets
    ``max_workdays``, within that many working days of the final document it led to.

    Source: 冠县 table 深入推动重大行政决策全过程公众参与 (决策文件出台后的10个工作日内，决策
    承办单位要向社会详细公开意见征集情况). Standard: 《重大行政决策程序暂行条例》.
    """
    name = "consultation_feedback_published"
    docs = [d for d in ctx.documents if CONSULTATION_ROLE in d.roles]
    results = [d for d in docs if RESULT.search(d.title)]
    findings = ctx.unreached_findings(name, [CONSULTATION_ROLE])
    failed = [f for f in ctx.failures_in([CONSULTATION_ROLE]) if ctx.failure_in_year(f)]
    findings += _unfetched_consultations(ctx, name, failed)
    failed_results = {topic(f.title): f for f in failed if RESULT.search(f.title)}
    for consultation in docs:
        if consultation in results or not CONSULTATION.search(consultation.title):
            continue
        if not ctx.in_year(consultation):
            continue
        findings.append(
            _consultation_finding(
                ctx, name, consultation, results, failed_results, params.max_workdays
            )
        )
    return findings


def _unfetched_consultations(
    ctx: CheckContext, check: str, failed: list[FetchFailure]
) -> list[Finding]:
    """未能核验 for each consultation page that could not be fetched: its result is unknown."""
    return [
        ctx.finding(
            check,
            Verdict.UNVERIFIED,
            f.url,
            f.title,
            f"征集页面未能抓取（{f.error}），无法核验",
            date=f.list_date,
            evidence=[failure_evidence(f)],
        )
        for f in failed
        if CONSULTATION.search(f.title) and not RESULT.search(f.title)
    ]


def _consultation_finding(
    ctx: CheckContext,
    check: str,
    consultation: DocRecord,
    results: list[DocRecord],
    failed_results: dict[str, FetchFailure],
    limit: int | None,
) -> Finding:
    """One consultation of the year judged: its result notice lost, missing, published, or
    (with ``limit``) published in time after the final document it led to."""
    consulted = topic(consultation.title)
    result = next((r for r in results if consulted and topic(r.title) == consulted), None)
    evidence = [doc_evidence(consultation, "意见征集")]
    if result is None and consulted in failed_results:
        failure = failed_results[consulted]
        message = f"征集情况页面未能抓取（{failure.error}），无法核验"
        evidence.append(failure_evidence(failure))
        return _on_consultation(ctx, check, consultation, Verdict.UNVERIFIED, message, evidence)
    if result is None and (unread := _results_unread(ctx, failed_results)):
        # The result notice may sit on a list page or in a run the crawl did not read to the end.
        message = f"未找到意见征集情况，但无法核验：{unread}"
        return _on_consultation(ctx, check, consultation, Verdict.UNVERIFIED, message, evidence)
    if result is None:
        message = "未公开意见征集情况（采纳情况）"
        return _on_consultation(ctx, check, consultation, Verdict.FAIL, message, evidence)
    evidence.append(doc_evidence(result, "征集结果"))
    final = _final_document(ctx, consulted)
    if limit is None or final is None or final.publish_date is None or result.publish_date is None:
        message = "已公开意见征集情况"
        return _on_consultation(ctx, check, consultation, Verdict.PASS, message, evidence)
    evidence.append(doc_evidence(final, "正式文件"))
    verdict, message = _timeliness(final.publish_date, result.publish_date, limit)
    return _on_consultation(ctx, check, consultation, verdict, message, evidence)


def _results_unread(ctx: CheckContext, failed_results: dict[str, FetchFailure]) -> str:
    """Why a result notice may exist unseen: the 意见征集 lists not read whole, or a result
    page whose list title (perhaps cut short, so its topic unrecognisable) was not fetched."""
    reasons = [ctx.unread([CONSULTATION_ROLE], pages=False)]
    if failed_results:
        errors = "、".join(dict.fromkeys(f.error for f in failed_results.values()))
        reasons.append(f"{len(failed_results)} 个征集情况页面未能抓取（{errors}）")
    return "；".join(r for r in reasons if r)


def _timeliness(final: dt.date, result: dt.date, limit: int) -> tuple[Verdict, str]:
    """符合 when the result notice came within ``limit`` working days of the final document.

    >>> _timeliness(dt.date(2023, 9, 1), dt.date(2023, 9, 6), 10)[1]
    '正式文件 2023-09-01 发布，征集情况 2023-09-06 公开，相隔 3 个工作日'
    """
    days = workdays_between(final, result)
    when = f"正式文件 {final.isoformat()} 发布，征集情况 {result.isoformat()} 公开"
    if days <= limit:
        return Verdict.PASS, f"{when}，相隔 {days} 个工作日"
    return Verdict.FAIL, f"{when}，相隔 {days} 个工作日，超过 {limit} 个工作日"


def _on_consultation(
    ctx: CheckContext,
    check: str,
    consultation: DocRecord,
    verdict: Verdict,
    message: str,
    evidence: list[Evidence],
) -> Finding:
    """A finding on one consultation, with its unit and date."""
    return ctx.finding(
        check,
        verdict,
        consultation.url,
        consultation.title,
        message,
        unit=ctx.unit_of(consultation),
        date=consultation.publish_date,
        evidence=evidence,
    )
