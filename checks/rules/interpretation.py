"""政策解读 rules: every policy document interpreted, in step, linked both ways, in many forms."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, model_validator

from checks.context import (
    INTERPRETATION_BOXES,
    INTERPRETATION_ROLE,
    POLICY_ROLES,
    CheckContext,
    decide_scope,
    doc_evidence,
    failure_evidence,
)
from checks.findings import Evidence, Finding, Verdict
from checks.params import NAMES, CheckParams, Name, RowUnits, Share, Workdays, each
from checks.records import DocRecord
from checks.registry import check
from ground.text.urls import normalise_url
from ground.validation import one_of, problem, unique
from ground.workdays import workdays_between

FORM_PATTERNS: dict[str, re.Pattern[str]] = {
    "图解": re.compile(r"图解|一图|图说|图读|长图|漫读|海报"),
    "视频": re.compile(r"视频|微视频|短视频"),
    "音频": re.compile(r"音频|广播|听.{0,4}解读"),
    "动漫": re.compile(r"动漫|动画|漫画|H5"),
    "问答": re.compile(r"问答|答记者问|答问|百问|问与答|Q&A|十问"),
}
# The forms a catalog may require (``required_forms``): those the patterns above recognise.
Form = Annotated[str, one_of("form", tuple(FORM_PATTERNS))]
Forms = Annotated[
    tuple[Name, ...],
    Field(min_length=1, description=f"{NAMES} (解读 forms)"),
    AfterValidator(unique),
    each(Form),
]
# The boxes a link between a document and its 解读 may sit in (as the extractor names them).
RELATION_BOXES = frozenset({"相关解读", "关联稿件", "相关链接", "相关文件", "原文链接"})
MEDIA_TYPES = {"mp4": "视频", "flv": "视频", "mov": "视频", "mp3": "音频", "m4a": "音频"}


def interpretation_forms_of(doc: DocRecord) -> list[str]:
    """Forms of one interpretation from its title, its media attachments and its Q&A body.

    A text interpretation is ``["文字"]``; the others are what portals and the task tables call
    多元化解读 (图解, 视频/音频, 动漫, 问答).
    """
    forms = {name for name, pattern in FORM_PATTERNS.items() if pattern.search(doc.title)}
    hrefs = [a.href for a in doc.attachments] + [link.href for link in doc.links]
    for raw in hrefs:
        href = raw.lower().rsplit("?", 1)[0]
        ext = href.rsplit(".", 1)[-1] if "." in href.rsplit("/", 1)[-1] else ""
        if ext in MEDIA_TYPES:
            forms.add(MEDIA_TYPES[ext])
    if len(re.findall(r"(?:^|\s)问[:：]", doc.body_text)) >= 2:
        forms.add("问答")
    return sorted(forms) or ["文字"]


class PublishedParams(CheckParams):
    needs_interpretation_scope: ClassVar[bool] = True
    units: RowUnits | None = None  # some of the row's units; omitted = all of them


@check("interpretation_published", "政策文件已发布解读", params=PublishedParams)
def interpretation_published(ctx: CheckContext, params: PublishedParams) -> list[Finding]:
    """Each policy document that needs a 解读 has at least one published interpretation.

    Rule: 政策性文件与解读材料同步组织、同步审签、同步部署; 政策文件不解读不运转.
    Source: 冠县 table (冠县) 推进政策精细化高质量解读; 广德 table (广德) tasks 19–23; 盐亭 table
    (盐亭) task 6. Standard: 《国务院办公厅关于全面推进政务公开工作的意见》实施细则
    (国办发〔2016〕80号) on 解读 of 政策性文件. Which documents need one is the catalog's
    ``interpretation_scope``; a document outside it is not judged. No 解读 found is 不符合 only
    when the crawl read every 解读 it could have found (``CheckContext.unread``): the run
    finished, every 解读 column was read whole and every listed 解读 page fetched, and the
    document's own 相关解读 / 关联稿件 box is not filled by a script.
    """
    name = "interpretation_published"
    findings = ctx.unreached_findings(name, POLICY_ROLES)
    in_scope = [d for d in ctx.policy_documents if ctx.scope(d).needed]
    for doc in ctx.judged_documents(name, in_scope, findings):
        decision = ctx.scope(doc)
        unit = ctx.unit_of(doc)
        if not decision.needed or not ctx.unit_selected(unit, params.units):
            continue
        findings.append(_published_finding(ctx, name, doc, decision.reason, unit))
    findings += _failed_documents_needing_interpretation(ctx, name)
    return findings


def _published_finding(
    ctx: CheckContext, check: str, doc: DocRecord, reason: str, unit: str
) -> Finding:
    """One document that needs a 解读 judged: interpretations found; none found where the crawl
    did not read everything a 解读 could be in, so undecidable; or none at all."""
    found = ctx.interpretations_of.get(doc.id, [])
    evidence = [doc_evidence(doc, "政策文件")]
    if found:
        verdict, message = Verdict.PASS, f"已发布解读 {len(found)} 篇（{reason}）"
        evidence += [doc_evidence(i, "解读") for i in found]
    elif unread := ctx.unread([INTERPRETATION_ROLE], doc=doc, boxes=INTERPRETATION_BOXES):
        verdict = Verdict.UNVERIFIED
        message = f"未找到对应解读，但无法判断是否已解读：{unread}"
    else:
        verdict, message = Verdict.FAIL, f"需解读（{reason}），但未找到对应解读材料"
    return ctx.doc_finding(
        check, verdict, doc, message, unit=unit, date=doc.publish_date, evidence=evidence
    )


def _failed_documents_needing_interpretation(ctx: CheckContext, check: str) -> list[Finding]:
    """未能核验 for each policy page of the year the crawl could not fetch whose list title and
    column put it in scope: whether it was interpreted is unknown."""
    findings = []
    for failure in ctx.failures_in(POLICY_ROLES):
        if not ctx.failure_in_year(failure):
            continue
        decision = decide_scope(
            failure.title,
            None,
            [ctx.role_of(c) for c in (failure.columns or (failure.column_id,))],
            ctx.catalog.interpretation_scope,
        )
        if decision.needed:
            findings.append(
                ctx.finding(
                    check,
                    Verdict.UNVERIFIED,
                    failure.url,
                    failure.title,
                    f"文件页面未能抓取（{failure.error}），无法核验是否已解读",
                    date=failure.list_date,
                    evidence=[failure_evidence(failure)],
                )
            )
    return findings


def _links_to(source: DocRecord, target: DocRecord) -> bool:
    # The linker's normaliser, so a pair it found by a link is never judged unlinked.
    wanted = normalise_url(target.url)
    return any(normalise_url(link.href) == wanted for link in source.links)


def _failed_interpretations(ctx: CheckContext, check: str) -> list[Finding]:
    """未能核验 for each listed 解读 page the crawl could not fetch: its pair is unknown."""
    return ctx.failed_page_findings(
        check, [INTERPRETATION_ROLE], "解读页面未能抓取（{error}），无法核验"
    )


def _interpretations_of_failed_documents(ctx: CheckContext, check: str) -> list[Finding]:
    """未能核验 for each unpaired interpretation of the year that links to a page the crawl
    could not fetch: its document (and so the pair) is unknown."""
    failed = {normalise_url(f.url): f for f in ctx.run.failures}
    paired = {pair.interpretation_id for pair in ctx.pairs}
    findings = []
    for interp in ctx.interpretations:
        if interp.id in paired or not ctx.in_year(interp):
            continue
        lost = next(
            (failed[u] for k in interp.links if (u := normalise_url(k.href)) in failed), None
        )
        if lost is not None:
            findings.append(
                ctx.finding(
                    check,
                    Verdict.UNVERIFIED,
                    interp.url,
                    interp.title,
                    f"解读所链接的文件页面未能抓取（{lost.error}），无法核验",
                    date=interp.publish_date,
                    evidence=[doc_evidence(interp, "解读"), failure_evidence(lost)],
                )
            )
    return findings


def _pairs_in_year(ctx: CheckContext) -> list[tuple[DocRecord, DocRecord]]:
    pairs = []
    for pair in ctx.pairs:
        doc, interp = ctx.by_id[pair.document_id], ctx.by_id[pair.interpretation_id]
        if ctx.in_year(interp) or (interp.publish_date is None and ctx.in_year(doc)):
            pairs.append((doc, interp))
    return pairs


def _pair_finding(
    ctx: CheckContext,
    check: str,
    verdict: Verdict,
    doc: DocRecord,
    interp: DocRecord,
    message: str,
) -> Finding:
    """A finding on one document–interpretation pair: the interpretation is the subject; unit
    and 文号 are the document's, the date the interpretation's, and both are the evidence."""
    evidence: list[Evidence] = [doc_evidence(interp, "解读"), doc_evidence(doc, "政策文件")]
    return ctx.finding(
        check,
        verdict,
        interp.url,
        interp.title,
        message,
        unit=ctx.unit_of(doc),
        doc_number=doc.doc_number,
        date=interp.publish_date,
        evidence=evidence,
    )


class LinkedParams(CheckParams):
    needs_interpretation_scope: ClassVar[bool] = True


@check("interpretation_linked_both_ways", "解读与政策原文双向关联", params=LinkedParams)
def interpretation_linked_both_ways(ctx: CheckContext, params: LinkedParams) -> list[Finding]:
    """Each interpretation links to its policy document and the document links back.

    Rule: 解读稿与政策原文双向关联 (inspectors cite "解读稿未与政策原文双向关联").
    Source: 冠县 table 推进政策精细化高质量解读; 广德 table tasks 19–23. Standard: 国办公开办函
    〔2019〕61号 on 政策文件与解读材料关联. A relation box filled only by a script cannot be
    seen without rendering: 未能核验, never 不符合.
    """
    name = "interpretation_linked_both_ways"
    findings = ctx.unreached_findings(name, [*POLICY_ROLES, INTERPRETATION_ROLE])
    findings += _failed_interpretations(ctx, name)
    findings += _interpretations_of_failed_documents(ctx, name)
    for doc, interp in _pairs_in_year(ctx):
        verdict, message = _linked_verdict(doc, interp)
        findings.append(_pair_finding(ctx, name, verdict, doc, interp, message))
    return findings


def _linked_verdict(doc: DocRecord, interp: DocRecord) -> tuple[Verdict, str]:
    """Linked both ways; a missing link in a box only a script fills (undecidable); or not."""
    forward, back = _links_to(interp, doc), _links_to(doc, interp)
    if forward and back:
        return Verdict.PASS, "解读与原文已双向链接"
    # Only a box that holds links can hide one (a script-filled 有效性 cell cannot).
    doc_hidden = [b for b in doc.js_boxes if b in RELATION_BOXES]
    interp_hidden = [b for b in interp.js_boxes if b in RELATION_BOXES]
    if (not back and doc_hidden) or (not forward and interp_hidden):
        boxes = "、".join(dict.fromkeys((*doc_hidden, *interp_hidden)))
        return Verdict.UNVERIFIED, f"关联栏目“{boxes}”由脚本生成，未渲染无法核验双向链接"
    missing = []
    if not forward:
        missing.append("解读页未链接政策原文")
    if not back:
        missing.append("政策原文页未链接解读")
    return Verdict.FAIL, "；".join(missing)


class TimelyParams(CheckParams):
    needs_interpretation_scope: ClassVar[bool] = True
    max_workdays: Workdays


@check("interpretation_timely", "解读与文件同步发布", params=TimelyParams)
def interpretation_timely(ctx: CheckContext, params: TimelyParams) -> list[Finding]:
    """Each interpretation is published within ``max_workdays`` working days of its document.

    Rule: 政策性文件与解读材料同步组织、同步审签、同步部署 (同步发布). Source: 冠县 table 推进政策
    精细化高质量解读, 广德 table task 19, 盐亭 table task 6. Working days follow the State Council's
    holiday calendar with 调休 make-up days (chinese_calendar); the number is the catalog's.
    """
    name = "interpretation_timely"
    findings = ctx.unreached_findings(name, [*POLICY_ROLES, INTERPRETATION_ROLE])
    findings += _failed_interpretations(ctx, name)
    findings += _interpretations_of_failed_documents(ctx, name)
    for doc, interp in _pairs_in_year(ctx):
        findings.append(_timely_finding(ctx, name, doc, interp, params.max_workdays))
    return findings


def _timely_finding(
    ctx: CheckContext, check: str, doc: DocRecord, interp: DocRecord, limit: int
) -> Finding:
    """One pair judged on the working days from the document's publication to its 解读's."""
    if doc.publish_date is None or interp.publish_date is None:
        message = "未识别文件或解读的发布日期"
        return _pair_finding(ctx, check, Verdict.UNVERIFIED, doc, interp, message)
    days = workdays_between(doc.publish_date, interp.publish_date)
    when = f"文件 {doc.publish_date.isoformat()} 发布，解读 {interp.publish_date.isoformat()} 发布"
    if days <= limit:
        verdict, message = Verdict.PASS, f"{when}，相隔 {days} 个工作日"
    else:
        verdict, message = Verdict.FAIL, f"{when}，相隔 {days} 个工作日，超过 {limit} 个工作日"
    return _pair_finding(ctx, check, verdict, doc, interp, message)


class FormsParams(CheckParams):
    """At least one of the two: a table asks for given forms, or for a share, or both."""

    required_forms: Forms | None = None
    min_multiform_share: Share | None = None

    @model_validator(mode="after")
    def one_at_least(self) -> FormsParams:
        if not self.model_fields_set:
            fields = ", ".join(type(self).model_fields)
            raise problem(f"interpretation_forms needs at least one of: {fields}")
        return self


@check("interpretation_forms", "多元化解读", params=FormsParams)
def interpretation_forms(ctx: CheckContext, params: FormsParams) -> list[Finding]:
    """The year's interpretations use more than text: each ``required_forms`` used at least once,
    and/or the share in a non-text form at least ``min_multiform_share``.

    Source: 冠县 table 创新解读形式 (文字、图片、视频 … 简明问答); 盐亭 table task 6 (多元化解读比例
    不得低于50%). Thresholds come from the catalog, never from code.
    """
    name = "interpretation_forms"
    subject, title, unread = _forms_column(ctx)
    if unread:
        return [
            ctx.finding(name, Verdict.UNVERIFIED, subject, title, f"解读栏目未能抓取：{unread}")
        ]
    if partly := _forms_partly_read(ctx, params):
        return [ctx.finding(name, Verdict.UNVERIFIED, subject, title, partly)]
    # Pages listed but not fetched could be of any form: a verdict must hold either way.
    unknown = [f for f in ctx.failures_in([INTERPRETATION_ROLE]) if ctx.failure_in_year(f)]
    year_interps = [d for d in ctx.interpretations if ctx.in_year(d)]
    forms = {d.id: interpretation_forms_of(d) for d in year_interps}
    counts = Counter(form for doc_forms in forms.values() for form in doc_forms)
    summary = "，".join(f"{k} {v} 篇" for k, v in sorted(counts.items())) or "无解读"
    problems, undecided = _forms_problems(
        params.required_forms or (), params.min_multiform_share, forms, len(unknown)
    )
    if problems and undecided:
        failed = "、".join(dict.fromkeys(f.error for f in unknown))
        message = "；".join(problems) + (
            f"；另有 {len(unknown)} 个解读页面未能抓取（{failed}），无法判定（{summary}）"
        )
        return [ctx.finding(name, Verdict.UNVERIFIED, subject, title, message)]
    evidence = [
        doc_evidence(d, "、".join(forms[d.id])) for d in year_interps if forms[d.id] != ["文字"]
    ][:10]
    if problems:
        verdict, message = Verdict.FAIL, "；".join(problems) + f"（{ctx.year}年：{summary}）"
    else:
        verdict, message = Verdict.PASS, f"{ctx.year}年解读形式：{summary}"
    return [ctx.finding(name, verdict, subject, title, message, evidence=evidence)]


def _forms_partly_read(ctx: CheckContext, params: FormsParams) -> str:
    """Why no verdict holds when the 解读 lists were read only in part ("" when they were read
    whole, or when every required form was seen and no share is asked): the unread pages could
    hold a missing form or move the share either way."""
    unread = ctx.unread_lists([INTERPRETATION_ROLE])
    if not unread:
        return ""
    year_interps = [d for d in ctx.interpretations if ctx.in_year(d)]
    forms = {d.id: interpretation_forms_of(d) for d in year_interps}
    problems, _ = _forms_problems(params.required_forms or (), None, forms, 0)
    if not problems and params.min_multiform_share is None:
        return ""
    return f"解读栏目未读完，无法判定多元化解读情况：{unread}（已读 {len(year_interps)} 篇）"


def _forms_column(ctx: CheckContext) -> tuple[str, str, str]:
    """Subject and title of the 解读 column, and why it was not read ("" when it was)."""
    columns = ctx.columns_with_role([INTERPRETATION_ROLE])
    subject = f"column:{columns[0].id}" if columns else "column:政策解读"
    title = columns[0].name if columns else "政策解读"
    unreached = "；".join(
        f"{c.name}（{c.error or '未访问'}）" for c in ctx.unreached([INTERPRETATION_ROLE])
    )
    if not columns or unreached:
        return subject, title, unreached or "未配置解读栏目"
    return subject, title, ""


def _forms_problems(
    required: Sequence[str], min_share: float | None, forms: dict[int, list[str]], unknown: int
) -> tuple[list[str], bool]:
    """What the year's interpretations lack, and whether the ``unknown`` pages not fetched could
    still make up for it (then the verdict is undecided).

    >>> _forms_problems(["图解"], None, {1: ["文字"], 2: ["视频"]}, 1)
    (['未见图解形式的解读'], True)
    >>> _forms_problems([], 0.5, {1: ["文字"], 2: ["文字"], 3: ["视频"]}, 0)
    (['多元化解读占比 33%（1/3），低于 50%'], False)
    """
    problems = []
    lacking = [f for f in required if not any(f in doc_forms for doc_forms in forms.values())]
    if lacking:
        problems.append(f"未见{'、'.join(lacking)}形式的解读")
    undecided = bool(lacking and unknown)
    if min_share is not None:
        multi = sum(1 for f in forms.values() if f != ["文字"])
        shortfall, reachable = _share_shortfall(multi, len(forms), unknown, min_share)
        if shortfall:
            problems.append(shortfall)
            undecided = undecided or reachable
    return problems, undecided


def _share_shortfall(multi: int, total: int, unknown: int, min_share: float) -> tuple[str, bool]:
    """The problem when even with the ``unknown`` pages all text the non-text share is below
    ``min_share`` ("" when it is not), and whether those pages all non-text would reach it."""
    share = multi / total if total else 0.0
    seen = total + unknown
    worst = multi / seen if seen else 0.0
    best = (multi + unknown) / seen if seen else 0.0
    if worst >= min_share:
        return "", False
    return f"多元化解读占比 {share:.0%}（{multi}/{total}），低于 {min_share:.0%}", best >= min_share
