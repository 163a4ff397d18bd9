"""Everything a check reads about one crawl run, computed once: documents by kind, the linker's
pairs, which documents need a 解读 and why, which columns the crawl did not reach or read whole,
and so (``unread``) whether an absence a check meets may lie in what the crawl did not read."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from checks.catalog import Catalog, InterpretationScope
from checks.findings import Evidence, Finding, Verdict
from checks.records import ColumnRecord, DocRecord, FetchFailure, RunRecord
from checks.retrieval import DocumentIndex
from ground.profiles.schema import Profile
from ground.units import UnitRegistry

POLICY_ROLES = frozenset({"政策文件", "规范性文件"})
NORMATIVE_ROLE = "规范性文件"
INTERPRETATION_ROLE = "政策解读"
CONSULTATION_ROLE = "意见征集"
# What a page of each role is called in a message ("3 个解读页面未能抓取").
PAGE_NAMES = {INTERPRETATION_ROLE: "解读", CONSULTATION_ROLE: "征集", "年度报告": "年报"}
# Boxes of a document page that may hold the link to its 解读 (the extractor's js_boxes titles):
# filled by a script, they show nothing to a static crawl.
INTERPRETATION_BOXES = frozenset({"相关解读", "关联稿件", "相关链接", "相关文件"})
SCRIPT_FILLED = "由脚本加载，静态抓取不可见"


@dataclass(frozen=True, slots=True)
class ScopeDecision:
    needed: bool
    reason: str  # which rule decided, in Chinese, for the report and the audit trail


def decide_scope(
    title: str, doc_number: str | None, roles: Iterable[str], scope: InterpretationScope
) -> ScopeDecision:
    """Does a document need a 解读? Inclusions first, then exclusions (task-table rule:
    政策文件不解读不运转; 任免、批复、函 and the like are not policies)."""
    number = doc_number or ""
    reason = ""
    role_hit = sorted(set(roles) & set(scope.include_roles))
    if role_hit:
        reason = f"列于{role_hit[0]}栏目"
    elif number and (hit := _first_match(scope.include_doc_number, number)):
        # The pattern matches up to the bracket (广政办〔): the reader is told 广政办文件.
        reason = f"文号“{number}”为{hit.rstrip(' 〔［[【(（')}文件"
    elif hit := _first_match(getattr(scope, "include_title", ()), title):
        reason = f"标题含“{hit}”"
    if not reason:
        return ScopeDecision(False, "非政策性文件（不符合任何纳入规则）")
    if hit := _first_match(scope.exclude_title, title):
        return ScopeDecision(False, f"标题含“{hit}”，不属需解读的政策性文件")
    if number and (hit := _first_match(scope.exclude_doc_number, number)):
        return ScopeDecision(False, f"文号含“{hit}”，不属需解读的政策性文件")
    return ScopeDecision(True, reason)


def _first_match(patterns: Iterable[str], text: str) -> str:
    """The text the first matching pattern matched (what the clerk reads), or ""."""
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            return match.group(0)
    return ""


def unit_registry(profile: Profile, issuers: Iterable[str]) -> UnitRegistry:
    """A portal's units: the profile's (with their aliases), and the issuers of its documents
    that carry the place's name (``ground.units.UnitRegistry``). Reports get the same registry
    from the run's stored issuers (``checks.load.load_issuers``), so both name a unit alike."""
    return UnitRegistry.build(
        profile.units,
        aliases=profile.unit_aliases,
        issuers=sorted({i for i in issuers if i}),
        place=profile.name,
    )


@dataclass
class CheckContext:
    run: RunRecord
    profile: Profile
    catalog: Catalog
    row_id: str = ""  # set per row by the engine

    @property
    def year(self) -> int:
        return self.catalog.year

    # --- documents ---
    @cached_property
    def documents(self) -> tuple[DocRecord, ...]:
        return self.run.documents

    @cached_property
    def by_url(self) -> dict[str, DocRecord]:
        return {d.url: d for d in self.documents}

    @cached_property
    def by_id(self) -> dict[int, DocRecord]:
        return {d.id: d for d in self.documents}

    @cached_property
    def interpretations(self) -> list[DocRecord]:
        return [d for d in self.documents if INTERPRETATION_ROLE in d.roles]

    @cached_property
    def policy_documents(self) -> list[DocRecord]:
        """Documents listed in a policy column (and not themselves interpretations)."""
        return [
            d
            for d in self.documents
            if POLICY_ROLES & set(d.roles) and INTERPRETATION_ROLE not in d.roles
        ]

    def judged_documents(
        self, check: str, docs: Iterable[DocRecord], findings: list[Finding]
    ) -> list[DocRecord]:
        """The documents of the catalog year; an undated one cannot be placed in a year, so it
        gets 未能核验 (appended to ``findings``) instead of being skipped in silence."""
        judged = []
        for doc in docs:
            if doc.publish_date is None:
                # A 发布日期 cell a script fills (the extractor's js_boxes name) is the reason.
                hidden = "发布日期" in doc.js_boxes
                why = f"发布日期{SCRIPT_FILLED}" if hidden else "页面未识别发布日期"
                findings.append(
                    self.doc_finding(
                        check,
                        Verdict.UNVERIFIED,
                        doc,
                        f"{why}，无法判断是否属{self.year}年度",
                        evidence=[doc_evidence(doc, "文件")],
                    )
                )
            elif doc.publish_date.year == self.year:
                judged.append(doc)
        return judged

    def in_year(self, doc: DocRecord) -> bool:
        return doc.publish_date is not None and doc.publish_date.year == self.year

    def scope(self, doc: DocRecord) -> ScopeDecision:
        return decide_scope(doc.title, doc.doc_number, doc.roles, self.catalog.interpretation_scope)

    # --- pairs ---
    @cached_property
    def pairs(self) -> list:
        from checks.linker import link

        candidates = [d for d in self.documents if INTERPRETATION_ROLE not in d.roles]
        return link(candidates, self.interpretations)

    @cached_property
    def interpretations_of(self) -> dict[int, list[DocRecord]]:
        found: dict[int, list[DocRecord]] = defaultdict(list)
        for pair in self.pairs:
            found[pair.document_id].append(self.by_id[pair.interpretation_id])
        return found

    # --- columns and failures ---
    @cached_property
    def columns(self) -> dict[str, ColumnRecord]:
        return {c.id: c for c in self.run.columns}

    def role_of(self, column_id: str) -> str:
        column = self.columns.get(column_id)
        return column.role if column else ""

    def columns_with_role(self, roles: Iterable[str]) -> list[ColumnRecord]:
        wanted = set(roles)
        return [c for c in self.run.columns if c.role in wanted]

    def unreached(self, roles: Iterable[str]) -> list[ColumnRecord]:
        return [c for c in self.columns_with_role(roles) if not c.reached]

    def incomplete(self, roles: Iterable[str]) -> list[ColumnRecord]:
        """Columns of ``roles`` reached but not read whole (a later list page failed or was
        blocked, the crawl was cut short)."""
        return [c for c in self.columns_with_role(roles) if c.reached and not c.complete]

    # --- what the crawl did not read ---
    def unread(
        self,
        roles: Iterable[str],
        *,
        doc: DocRecord | None = None,
        boxes: Iterable[str] = (),
        pages: bool = True,
    ) -> str:
        """Why evidence looked for in the columns of ``roles`` may lie in what the crawl did not
        read, in Chinese ("" when it read them all): the run did not finish, no column of a role
        was configured or crawled, a column was not reached or not read whole, a listed page of
        the role could not be fetched (``pages``), or one of ``boxes`` of ``doc`` is filled by a
        script. Every check that would judge an absence calls this first: with a reason, the
        absence is 未能核验 (with the reason), never 不符合."""
        wanted = tuple(dict.fromkeys(roles))
        reasons = [self.unread_lists(wanted)]
        if pages and not self.run.unfinished:
            reasons += [self.failed_pages_reason(role) for role in wanted]
        if doc is not None:
            hidden = [b for b in doc.js_boxes if b in set(boxes)]
            if hidden:
                reasons.append(f"页面“{'、'.join(hidden)}”栏目{SCRIPT_FILLED}")
        return "；".join(r for r in reasons if r)

    def unread_lists(self, roles: Iterable[str]) -> str:
        """Why the lists of ``roles`` may not show everything ("" when each was read whole)."""
        if self.run.unfinished:
            state = "尚未结束" if self.run.outcome == "running" else "被中断"
            return f"抓取运行 #{self.run.id} {state}，未读完全部栏目"
        reasons = []
        for role in dict.fromkeys(roles):
            if not self.columns_with_role([role]):
                reasons.append(f"未配置或未抓取“{role}”栏目")
        reasons += [column_unread(c) for c in self.unreached(roles)]
        reasons += [column_unread(c) for c in self.incomplete(roles)]
        return "；".join(reasons)

    def failed_pages_reason(self, role: str) -> str:
        failed = self.failures_in([role])
        if not failed:
            return ""
        errors = "、".join(dict.fromkeys(f.error for f in failed))
        return f"{len(failed)} 个{PAGE_NAMES.get(role, '文件')}页面未能抓取（{errors}）"

    def failures_in(self, roles: Iterable[str]) -> list[FetchFailure]:
        wanted = set(roles)
        return [
            f
            for f in self.run.failures
            if any(self.role_of(c) in wanted for c in (f.columns or (f.column_id,)))
        ]

    def failed_page_findings(
        self, check: str, roles: Iterable[str], message: str = "文件页面未能抓取（{error}）"
    ) -> list[Finding]:
        """未能核验 for each listed page of ``roles`` (of the catalog year, by its list date)
        that the crawl could not fetch: what the check needs from it is unknown."""
        return [
            self.finding(
                check,
                Verdict.UNVERIFIED,
                f.url,
                f.title,
                message.format(error=f.error),
                date=f.list_date,
                evidence=[failure_evidence(f)],
            )
            for f in self.failures_in(roles)
            if self.failure_in_year(f)
        ]

    def failure_in_year(self, failure: FetchFailure) -> bool:
        # Only the list date is known for a page that could not be fetched; no date: judge it.
        return failure.list_date is None or failure.list_date.year == self.year

    # --- units ---
    @cached_property
    def registry(self) -> UnitRegistry:
        """The portal's units, every spelling one name (``unit_registry``)."""
        return unit_registry(self.profile, [d.issuing_agency or "" for d in self.documents])

    def unit_of(self, doc: DocRecord) -> str:
        """The unit that answers for a document, by its one name in the registry.

        The issuer first; else the unit that posted the page (its 来源), when it is one of the
        portal's units: a 解读 or a 征集 page has no issuer, yet a unit answers for it. Else the
        unit whose column lists it; else the issuer as written, else the government."""
        for name in (doc.issuing_agency, doc.source):
            known = self.registry.resolve(name) if name else None
            if known:
                return known
        for unit in doc.units:
            if unit:
                return self.registry.name_of(unit)
        return doc.issuing_agency or doc.source or self.profile.name

    def unit_selected(self, unit: str, units: tuple[str, ...] | None) -> bool:
        """Is ``unit`` among ``units`` (a check's ``units`` parameter: some of the row's units,
        expanded through the registry)? Without them every unit is."""
        if not units:
            return True
        expansion = self.registry.expand(units)
        return unit in expansion.units or unit in expansion.unresolved

    def unreached_findings(self, check: str, roles: Iterable[str]) -> list[Finding]:
        """未能核验 for every column of ``roles`` the crawl could not read, with its reason (HTTP
        error, a list only a browser can render …), and for every column it read only in part:
        what it would have listed is unknown."""
        unread = [
            (c, f"栏目未能抓取，其中的文件无法核验：{c.error or '未访问'}")
            for c in self.unreached(roles)
        ] + [(c, f"栏目{_unread_pages(c)}，未列出的文件无法核验") for c in self.incomplete(roles)]
        return [
            self.finding(
                check,
                Verdict.UNVERIFIED,
                f"column:{c.id}",
                c.name,
                message,
                unit=c.unit,
                evidence=[column_evidence(c)],
            )
            for c, message in unread
        ]

    # --- findings ---
    def finding(
        self,
        check: str,
        verdict: Verdict,
        subject: str,
        title: str,
        message: str,
        *,
        unit: str = "",
        doc_number: str | None = "",
        date: dt.date | str | None = None,
        evidence: Iterable[Evidence] = (),
    ) -> Finding:
        return Finding(
            check=check,
            row=self.row_id,
            verdict=verdict,
            subject=subject,
            title=title,
            message=message,
            unit=unit,
            doc_number=doc_number or "",
            date=date.isoformat() if isinstance(date, dt.date) else (date or ""),
            evidence=tuple(evidence),
        )

    def doc_finding(
        self,
        check: str,
        verdict: Verdict,
        doc: DocRecord,
        message: str,
        *,
        unit: str = "",
        date: dt.date | str | None = None,
        evidence: Iterable[Evidence] = (),
    ) -> Finding:
        """A finding about one document: its URL, title and 文号."""
        return self.finding(
            check,
            verdict,
            doc.url,
            doc.title,
            message,
            unit=unit,
            doc_number=doc.doc_number,
            date=date,
            evidence=evidence,
        )

    # --- retrieval ---
    @cached_property
    def index(self) -> DocumentIndex:
        """The run's documents indexed for ranked search by topic (``checks.retrieval``): built
        once, shared by every row that searches (``unit_disclosure``, ``disclosure_count``)."""
        return DocumentIndex.build(self.documents)


def column_unread(column: ColumnRecord) -> str:
    """Why one column may not show everything, for a message ("" when it was read whole)."""
    if not column.reached:
        return f"{column.name}（{column.error or '未访问'}）"
    if not column.complete:
        return f"{column.name}{_unread_pages(column)}"
    return ""


def _unread_pages(column: ColumnRecord) -> str:
    """How much of a reached column was not read, for a message."""
    if column.failed_pages:
        return f"有 {column.failed_pages} 个列表页未能读取（{column.error}）"
    return f"未读完（{column.error or '抓取提前结束'}）"


def doc_evidence(doc: DocRecord, label: str, excerpt: str = "") -> Evidence:
    return Evidence(
        url=doc.url,
        fetched_at=doc.fetched_at,
        excerpt=excerpt or doc.title,
        page_id=doc.page_id,
        label=label,
    )


def failure_evidence(failure: FetchFailure) -> Evidence:
    return Evidence(
        url=failure.url, excerpt=f"{failure.title}（{failure.error}）", label="抓取失败"
    )


def column_evidence(column: ColumnRecord) -> Evidence:
    excerpt = (
        f"{column.name}：{column.entries} 条"
        if column.reached
        else f"{column.name}：{column.error}"
    )
    return Evidence(url=column.url, excerpt=excerpt, label="栏目")
