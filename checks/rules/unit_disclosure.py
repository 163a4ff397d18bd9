"""Per-unit evidence of disclosure: for each responsible unit of a row, what it published on the
row's topics in the row's period (``unit_disclosure``), and how many items it published against
the number the row sets (``disclosure_count``).

Most rows of a 政务公开 task table say "做好 X、Y、Z 等方面的信息公开" and name the units that
answer for it. Whether a unit's pages really meet such a row only a person can judge; what a
machine can do is put the unit's matching documents in front of that person, or say that none
were found among what was read. The search is ``checks.retrieval`` (exact terms and their curated
variants, ranked by BM25F); the period is the row's 完成时限 read by
``ground.deadlines.parse_deadline`` (from 1 January of the catalog's year to the due date).

A unit's documents are those the registry attributes to it (``CheckContext.unit_of``: the
发布机构, else the 来源, else the unit of the column) and those listed in its own columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool, StrictInt

from checks.catalog import CatalogRow
from checks.context import CheckContext, column_evidence, column_unread, doc_evidence
from checks.findings import Evidence, Finding, Verdict
from checks.params import NAMES, CheckParams, Name, Roles, RowUnits
from checks.records import ColumnRecord, DocRecord
from checks.registry import check
from checks.retrieval import Hit, normalise, variants
from checks.rules.consultation import QUOTED, topic
from ground.deadlines import Deadline, parse_deadline
from ground.validation import unique

Terms = Annotated[
    tuple[Name, ...],
    Field(min_length=1, description=f"{NAMES} (search terms)"),
    AfterValidator(unique),
]
EVIDENCE_SHOWN = 3  # the top documents a person reads first; the message counts them all
LABEL = "相关公开信息"
UNDATED = "发布日期不详"


class UnitDisclosureParams(CheckParams):
    # The row's topics as the catalog's author reads them from the requirement: the search.
    terms: Terms
    units: RowUnits | None = None  # some of the row's units; default: all of them
    roles: Roles | None = None  # column roles searched; default: every column


class DisclosureCountParams(CheckParams):
    terms: Terms  # an item counts when its title holds one of them (or a variant)
    minimum: Annotated[StrictInt, Field(ge=1, description="a positive integer (items)")]
    units: RowUnits | None = None
    roles: Roles | None = None
    per_unit: StrictBool = True  # False: counted once over the whole portal


@check("unit_disclosure", "责任单位相关信息公开", params=UnitDisclosureParams)
def unit_disclosure(ctx: CheckContext, params: UnitDisclosureParams) -> list[Finding]:
    """Each responsible unit of the row: its documents of the row's period that speak of the
    row's topics, best first, for a person to judge (需人工核验), or 未发现相关公开信息 with the
    terms searched and how many of its documents were searched (需人工核验 too: a search that
    finds nothing proves no absence); 未能核验 when the unit's documents were not read, and for a
    责任单位 the portal shows no unit for.

    Source: the three customers' task tables (冠县 冠政办发〔2023〕15号, 盐亭, 广德), every row of
    the form "做好 X、Y、Z 等方面的信息公开" with its 责任单位 (广德 序号 8: 就业帮扶、职业技能
    培训、社会保险待遇 — 市人社局, 各乡镇、街道). Standard: 《中华人民共和国政府信息公开条例》
    (国务院令第711号, 2019) 第十九条、第二十条 (主动公开的范围) and 第二十六条 (形成或者变更之日
    起20个工作日内及时公开). Evidence found is not 符合: these rows ask for more than a document
    on the topic, and only a person can judge whether what was published meets them.
    """
    name = "unit_disclosure"
    row = _row(ctx)
    period = parse_deadline(row.deadline, ctx.year)
    scope = _Scope(ctx, params.roles, params.terms)
    expansion = ctx.registry.expand(params.units or row.units)
    findings = [_unresolved(ctx, name, written) for written in expansion.unresolved]
    for unit in expansion.units:
        docs = scope.documents_of(unit)
        searched = [d for d in docs if _in_period(d, period)]
        hits = ctx.index.search(params.terms, among=[d.id for d in searched], top=None)
        if hits:
            matched = _matched(params.terms, hits)
            message = f"发现相关公开信息{len(hits)}条（匹配：{matched}），请核对是否满足本项要求"
            evidence = [_hit_evidence(ctx, hit) for hit in hits[:EVIDENCE_SHOWN]]
            findings.append(_on_unit(ctx, name, unit, Verdict.MANUAL, message, evidence))
            continue
        terms = "、".join(params.terms)
        reason = scope.unread(unit, period)
        if not reason and not docs and not scope.own_columns(unit, reached=True):
            reason = "未采集到该单位的公开信息"
        if reason:
            message = f"未发现相关公开信息（检索词：{terms}），但无法核验：{reason}"
            findings.append(_on_unit(ctx, name, unit, Verdict.UNVERIFIED, message))
        else:
            message = (
                f"未发现相关公开信息（检索词：{terms}；已检索该单位{len(searched)}条公开信息）"
            )
            findings.append(_on_unit(ctx, name, unit, Verdict.MANUAL, message))
    return findings


@check("disclosure_count", "责任单位公开次数", params=DisclosureCountParams)
def disclosure_count(ctx: CheckContext, params: DisclosureCountParams) -> list[Finding]:
    """Rows that set a number per unit and period (每年…不少于2次): the items of the row's period
    whose title holds one of the terms, counted per unit (or once over the portal with
    ``per_unit = false``), against ``minimum``. 符合 at or above it, with the items as evidence;
    不符合 below it when everything the count rests on was read; else 未能核验.

    An item and its follow-up (the 征求意见 notice of 《X》 and the 采纳情况 of 《X》) are one act:
    titles naming the same 《》 document count once.

    Source: 广德 table 序号 15 (每年通过多形式征集公众意见不少于2次, 开放日活动不少于1次); 冠县
    table (邀请公众代表列席政府常务会议, 每年至少开展1次政策评价). Standard: 《重大行政决策程序
    暂行条例》(国务院令第713号, 2019) 第十四条、第十五条 (公开征求意见); 国办发〔2016〕80号
    《〈关于全面推进政务公开工作的意见〉实施细则》 (政府开放日, 列席政府常务会议). The minimum is
    the number the row writes; the catalog carries it.
    """
    name = "disclosure_count"
    row = _row(ctx)
    period = parse_deadline(row.deadline, ctx.year)
    scope = _Scope(ctx, params.roles, params.terms)
    expansion = ctx.registry.expand(params.units or row.units)
    findings = [_unresolved(ctx, name, written) for written in expansion.unresolved]
    if params.per_unit:
        counted: list[tuple[str, list[DocRecord] | None]] = [(u, None) for u in expansion.units]
    else:
        first = ctx.registry.name_of(row.units[0])
        counted = [(first, scope.documents)]
    for unit, portal_docs in counted:
        docs = scope.documents_of(unit) if portal_docs is None else portal_docs
        findings.append(_count_finding(ctx, name, params, scope, unit, docs, period, portal_docs))
    return findings


def _count_finding(
    ctx: CheckContext,
    check: str,
    params: DisclosureCountParams,
    scope: _Scope,
    unit: str,
    docs: list[DocRecord],
    period: Deadline,
    portal: list[DocRecord] | None,
) -> Finding:
    dated = [d for d in docs if d.publish_date is not None and _in_period(d, period)]
    items = _distinct(ctx, ctx.index.title_search(params.terms, among=[d.id for d in dated]))
    undated = ctx.index.title_search(
        params.terms, among=[d.id for d in docs if d.publish_date is None]
    )
    evidence = [_hit_evidence(ctx, hit) for hit in items]
    span = f"{period.start.isoformat()}至{period.end.isoformat()}"
    terms = "、".join(params.terms)
    count = len(items)
    if count >= params.minimum:
        message = f"{span}标题含“{terms}”的公开信息{count}次，不少于{params.minimum}次"
        return _on_unit(ctx, check, unit, Verdict.PASS, message, evidence)
    whole = portal is not None
    reasons = [scope.unread(None if whole else unit, period, by_title=True)]
    if not whole and not reasons[0] and not docs and not scope.own_columns(unit, reached=True):
        reasons.append("未采集到该单位的公开信息")
    if undated:
        reasons.append(f"{len(undated)}条相关信息{UNDATED}，无法判断是否在期限内")
    reason = "；".join(r for r in reasons if r)
    message = f"{span}标题含“{terms}”的公开信息仅{count}次，少于{params.minimum}次"
    if reason:
        return _on_unit(
            ctx, check, unit, Verdict.UNVERIFIED, f"{message}，但无法核验：{reason}", evidence
        )
    # A short count rests on what was read: the columns searched are its evidence, so a clerk
    # can open them and count again.
    searched = scope.columns if whole else (scope.own_columns(unit, reached=True) or scope.columns)
    evidence += [column_evidence(c) for c in searched if c.reached]
    return _on_unit(ctx, check, unit, Verdict.FAIL, message, evidence)


@dataclass
class _Scope:
    """The documents and columns a row's search covers (its ``roles``; every one without)."""

    ctx: CheckContext
    roles: tuple[str, ...] | None
    terms: tuple[str, ...]

    def __post_init__(self) -> None:
        wanted = set(self.roles or ())
        self.documents = [d for d in self.ctx.documents if not wanted or wanted & set(d.roles)]
        self.columns = [c for c in self.ctx.run.columns if not wanted or c.role in wanted]
        self._phrases = [normalise(v) for term in self.terms for v in variants(term)]

    def own_columns(self, unit: str, *, reached: bool = False) -> list[ColumnRecord]:
        """The unit's own columns (its 部门信息公开 lists) among the searched ones."""
        return [
            c
            for c in self.columns
            if c.unit and self.ctx.registry.name_of(c.unit) == unit and (c.reached or not reached)
        ]

    def documents_of(self, unit: str) -> list[DocRecord]:
        own = {c.id for c in self.own_columns(unit)}
        return [
            d
            for d in self.documents
            if self.ctx.unit_of(d) == unit or (own and own & set(d.columns))
        ]

    def unread(self, unit: str | None, period: Deadline, *, by_title: bool = False) -> str:
        """Why the matching documents of ``unit`` (None: of the whole portal) may lie in what
        the crawl did not read ("" when nothing): the run did not finish; no column of a
        searched role was crawled; a column of the unit's own or of the government's (no unit:
        where every unit's documents are listed) was not reached or not read whole; a page of
        the period in the unit's columns could not be fetched, or one in the government's whose
        list title holds a term. A failed page whose title is on another topic is no evidence of
        this one (were it counted, one broken link would leave every unit of every row
        unverifiable), and with ``by_title`` (a count of titles) that holds for the unit's own
        columns too."""
        if self.ctx.run.unfinished:
            return self.ctx.unread_lists(())
        reasons = [
            f"未配置或未抓取“{role}”栏目"
            for role in self.roles or ()
            if not self.ctx.columns_with_role([role])
        ]
        if unit is None:
            own, shared = {c.id for c in self.columns}, set()
        else:
            own = {c.id for c in self.own_columns(unit)}
            shared = {c.id for c in self.columns if not c.unit}
        reasons += [
            why
            for column in self.columns
            if (column.id in own or column.id in shared) and (why := column_unread(column))
        ]
        failed = []
        for failure in self.ctx.run.failures:
            listed = set(failure.columns or (failure.column_id,))
            named = self._names_a_term(failure.title)
            in_scope = (own & listed and (named or not by_title)) or (shared & listed and named)
            in_period = failure.list_date is None or _date_in(failure.list_date, period)
            if in_scope and in_period:
                failed.append(failure)
        if failed:
            errors = "、".join(dict.fromkeys(f.error for f in failed))
            reasons.append(f"{len(failed)} 个文件页面未能抓取（{errors}）")
        return "；".join(reasons)

    def _names_a_term(self, title: str) -> bool:
        text = normalise(title)
        return any(phrase in text for phrase in self._phrases)


def _row(ctx: CheckContext) -> CatalogRow:
    for row in ctx.catalog.all_rows:
        if row.id == ctx.row_id:
            return row
    raise KeyError(f"row {ctx.row_id!r} not in catalog {ctx.catalog.id}")


def _in_period(doc: DocRecord, period: Deadline) -> bool:
    """In the row's period; an undated document is searched too (the evidence shows it
    undated), since only a person can place it."""
    return doc.publish_date is None or _date_in(doc.publish_date, period)


def _date_in(day: dt.date, period: Deadline) -> bool:
    return period.start <= day <= period.end


def _matched(terms: Sequence[str], hits: Iterable[Hit]) -> str:
    """The words found, in query order (a term before its variants), each once.

    >>> hit = Hit(1, 2.0, ("社保待遇", "就业帮扶"))
    >>> _matched(["就业帮扶", "社会保险待遇"], [hit])
    '就业帮扶、社保待遇'
    """
    order = {v: i for i, v in enumerate(v for term in terms for v in variants(term))}
    found = dict.fromkeys(word for hit in hits for word in hit.matched)
    return "、".join(sorted(found, key=lambda w: order.get(w, len(order))))


def _hit_evidence(ctx: CheckContext, hit: Hit) -> Evidence:
    doc = ctx.by_id[hit.doc_id]
    day = doc.publish_date.isoformat() if doc.publish_date else UNDATED
    excerpt = f"{doc.title}（匹配：{'、'.join(hit.matched)}；相关度 {hit.score:.1f}；{day}）"
    return doc_evidence(doc, LABEL, excerpt)


def _distinct(ctx: CheckContext, hits: list[Hit]) -> list[Hit]:
    """One hit per act: titles that name the same 《》 document (a consultation and its
    采纳情况) count once, the earliest published first."""
    hits = sorted(hits, key=lambda h: (ctx.by_id[h.doc_id].publish_date or dt.date.max, h.doc_id))
    seen: set[str] = set()
    kept = []
    for hit in hits:
        title = ctx.by_id[hit.doc_id].title
        key = topic(title) if QUOTED.search(title) else title
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept


def _unresolved(ctx: CheckContext, check: str, written: str) -> Finding:
    message = f"责任单位“{written}”未能对应到门户网站上的单位"
    return _on_unit(ctx, check, written, Verdict.UNVERIFIED, message)


def _on_unit(
    ctx: CheckContext,
    check: str,
    unit: str,
    verdict: Verdict,
    message: str,
    evidence: Iterable[Evidence] = (),
) -> Finding:
    return ctx.finding(check, verdict, f"unit:{unit}", unit, message, unit=unit, evidence=evidence)
