"""Disclosure timeliness and 有效性 of policy documents.

Both read a document's metadata fields. A field whose labelled cell a script fills (the
extractor names it in ``js_boxes``: 有效性, 成文日期 …) was not seen by a static crawl: its
absence is 未能核验 with that reason, never 未标注.
"""

from __future__ import annotations

from checks.context import (
    NORMATIVE_ROLE,
    POLICY_ROLES,
    SCRIPT_FILLED,
    CheckContext,
    doc_evidence,
)
from checks.findings import Finding, Verdict
from checks.params import CheckParams, NoParams, Workdays
from checks.records import DocRecord
from checks.registry import check
from ground.workdays import workdays_between

# The extractor's js_boxes names of the metadata fields these checks read.
VALIDITY_BOX = "有效性"
WRITTEN_DATE_BOX = "成文日期"


def _script_filled(doc: DocRecord, box: str) -> str:
    """The reason a field is missing when a script fills its cell ("" otherwise)."""
    return f"{box}{SCRIPT_FILLED}" if box in doc.js_boxes else ""


class PublicationParams(CheckParams):
    max_workdays: Workdays  # 条例第二十六条: 20


@check("publication_timely", "二十个工作日内主动公开", params=PublicationParams)
def publication_timely(ctx: CheckContext, params: PublicationParams) -> list[Finding]:
    """Each policy document is published within ``max_workdays`` working days of its 成文日期.

    Standard: 《中华人民共和国政府信息公开条例》第二十六条 (自该政府信息形成或者变更之日起
    20个工作日内及时公开). Source: 冠县 table 深化政策集中统一公开 (法定主动公开内容规范发布).
    """
    name = "publication_timely"
    findings = ctx.unreached_findings(name, POLICY_ROLES)
    for doc in ctx.judged_documents(name, ctx.policy_documents, findings):
        findings.append(_timely_finding(ctx, name, doc, ctx.unit_of(doc), params.max_workdays))
    findings += ctx.failed_page_findings(name, POLICY_ROLES)
    return findings


def _timely_finding(
    ctx: CheckContext, check: str, doc: DocRecord, unit: str, limit: int
) -> Finding:
    """One document judged on the working days from its 成文日期 to its publication."""
    if doc.written_date is None or doc.publish_date is None:
        why = _script_filled(doc, WRITTEN_DATE_BOX) or "页面未标注成文日期"
        verdict, message = Verdict.UNVERIFIED, f"{why}，无法核验公开时限"
    else:
        days = workdays_between(doc.written_date, doc.publish_date)
        when = f"成文 {doc.written_date.isoformat()}，发布 {doc.publish_date.isoformat()}"
        if days <= limit:
            verdict, message = Verdict.PASS, f"{when}，{days} 个工作日"
        else:
            verdict = Verdict.FAIL
            message = f"{when}，相隔 {days} 个工作日，超过 {limit} 个工作日"
    evidence = [doc_evidence(doc, "政策文件")]
    return ctx.doc_finding(
        check, verdict, doc, message, unit=unit, date=doc.publish_date, evidence=evidence
    )


@check("validity_marked", "行政规范性文件标注有效性", params=NoParams)
def validity_marked(ctx: CheckContext, params: NoParams) -> list[Finding]:
    """Each 行政规范性文件 shows its 有效性 (有效/失效/废止 …).

    Standard: 《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》
    (国办发〔2018〕115号) and 国办公开办函〔2019〕61号 on 标注文件效力. Source: 冠县 table
    深化政策集中统一公开; 广德 table 规范性文件 tasks. Judged on documents listed in a column whose
    role is 规范性文件. A 有效性 a script writes (TRS templates compute 有效/失效 in the cell) was
    not seen: 未能核验, unless the page was rendered and the value read.
    """
    name = "validity_marked"
    findings = ctx.unreached_findings(name, [NORMATIVE_ROLE])
    normative = [d for d in ctx.policy_documents if NORMATIVE_ROLE in d.roles]
    for doc in ctx.judged_documents(name, normative, findings):
        hidden = _script_filled(doc, VALIDITY_BOX)
        if doc.validity:
            verdict, message = Verdict.PASS, f"有效性：{doc.validity}"
            shown = doc.validity
        elif hidden:
            verdict, message = Verdict.UNVERIFIED, f"{hidden}，无法核验是否标注有效性"
            shown = "由脚本加载"
        else:
            verdict, message = Verdict.FAIL, "行政规范性文件未标注有效性"
            shown = "未标注"
        evidence = [doc_evidence(doc, "规范性文件", f"有效性：{shown}")]
        findings.append(
            ctx.doc_finding(
                name,
                verdict,
                doc,
                message,
                unit=ctx.unit_of(doc),
                date=doc.publish_date,
                evidence=evidence,
            )
        )
    findings += ctx.failed_page_findings(name, [NORMATIVE_ROLE])
    return findings
