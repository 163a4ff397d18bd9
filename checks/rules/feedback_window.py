"""政策咨询、建议与评价 window on every policy document page."""

from __future__ import annotations

from checks.context import POLICY_ROLES, CheckContext, doc_evidence
from checks.findings import Finding, Verdict
from checks.params import NoParams
from checks.records import DocRecord
from checks.registry import check

WINDOW = "政策咨询、建议与评价"


@check("feedback_window_present", "政策咨询、建议与评价窗口", params=NoParams)
def feedback_window_present(ctx: CheckContext, params: NoParams) -> list[Finding]:
    """Each policy document page carries a 政策咨询、建议与评价 window (a box, form or widget in
    the document area; a site-wide 咨询投诉 footer link does not count).

    Source: 广德 table (广德) tasks on 政策咨询、建议与评价窗口; 冠县 table 深化政策集中统一公开 /
    政策文件库. Standard: 《中华人民共和国政府信息公开条例》第二十条 and 国办公开办函〔2019〕
    61号 on 政策文件库 interaction. A window inserted only by a script is 未能核验 unless the
    page was rendered.
    """
    name = "feedback_window_present"
    findings = ctx.unreached_findings(name, POLICY_ROLES)
    for doc in ctx.judged_documents(name, ctx.policy_documents, findings):
        findings.append(_window_finding(ctx, name, doc, ctx.unit_of(doc)))
    findings += ctx.failed_page_findings(name, POLICY_ROLES)
    return findings


def _window_finding(ctx: CheckContext, check: str, doc: DocRecord, unit: str) -> Finding:
    """One document page judged: a window found, one only a script inserts, or none."""
    if doc.feedback_window:
        verdict, message = Verdict.PASS, "页面设有政策咨询、建议与评价窗口"
        evidence = doc_evidence(doc, "政策文件", doc.feedback_window)
    elif WINDOW in doc.js_boxes:
        verdict, message = Verdict.UNVERIFIED, "窗口位置由脚本插入，未经浏览器渲染无法核验"
        evidence = doc_evidence(doc, "政策文件")
    else:
        verdict, message = Verdict.FAIL, "文件页面未设置政策咨询、建议与评价窗口"
        evidence = doc_evidence(doc, "政策文件")
    return ctx.doc_finding(
        check, verdict, doc, message, unit=unit, date=doc.publish_date, evidence=[evidence]
    )
