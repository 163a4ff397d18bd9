"""信息公开专栏 structure: every required column exists and has content."""

from __future__ import annotations

from checks.context import CheckContext, column_evidence
from checks.findings import Finding, Verdict
from checks.params import CheckParams, Roles
from checks.records import ColumnRecord
from checks.registry import check


class ColumnParams(CheckParams):
    roles: Roles  # the column roles judged (ground.profiles.schema.ROLES)


@check("column_has_content", "栏目有内容", params=ColumnParams)
def column_has_content(ctx: CheckContext, params: ColumnParams) -> list[Finding]:
    """Each column of the given ``roles`` is reachable and lists at least one item (per unit
    where the column is a unit's own).

    Standard: 国办公开办函〔2019〕61号 (统一的政府信息公开专栏, 法定主动公开内容 by 第二十条);
    Source: 冠县 table 深化政策集中统一公开 (持续规范政府信息公开专栏建设 …, 县直各部门、各乡镇).
    An unreachable column is 未能核验, never 不符合; so is an empty first page of a column
    whose later pages failed, or of a run that did not finish.
    """
    name = "column_has_content"
    findings = []
    for column in ctx.columns_with_role(params.roles):
        verdict, message = _column_verdict(column)
        if verdict is Verdict.FAIL and (unread := ctx.unread_lists([column.role])):
            verdict, message = Verdict.UNVERIFIED, f"已读列表页无内容，但栏目未读完：{unread}"
        findings.append(
            ctx.finding(
                name,
                verdict,
                f"column:{column.id}",
                column.name,
                message,
                unit=column.unit or ctx.profile.name,
                evidence=[column_evidence(column)],
            )
        )
    return findings


def _column_verdict(column: ColumnRecord) -> tuple[Verdict, str]:
    """Not reached is 未能核验 (what it lists is unknown); reached but empty is 不符合."""
    if not column.reached:
        return Verdict.UNVERIFIED, f"栏目未能抓取：{column.error or '未访问'}"
    if column.entries == 0:
        return Verdict.FAIL, "栏目无任何公开内容"
    return Verdict.PASS, f"栏目有 {column.entries} 条内容"
