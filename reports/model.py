"""The report's view model: what every output (HTML, workbook, JSON) shows, computed once.

Templates and the workbook writer only loop over this; every decision (a row's verdict, who owns
a gap, what the banner says) is made here, where it can be tested without rendering anything.

Verdict rules, in order (undecidable is never a pass):

* a crawl that failed decides nothing: every row with automated checks is 未能核验;
* otherwise a row's verdict is the worst of its findings, 不符合 > 未能核验 > 需人工核验 > 符合,
  and a manual row is at least 需人工核验;
* a row with checks but no findings is 未能核验 (the checks produced nothing to judge by);
* a row with neither checks nor a manual reason is 需人工核验.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from checks.catalog import Catalog, CatalogRow
from checks.findings import Change, Evidence, Finding, History, Status, Verdict, key_of
from checks.records import RunRecord
from ground.timestamps import beijing_time
from reports.banner import Banner, build_banner, crawl_trouble
from reports.changes import (
    NO_CHANGES,
    ChangeCounts,
    HistoryView,
    first_seen,
    history_view,
    shown_change,
)
from reports.chart import Chart, SectionCount, build_chart
from reports.links import safe_href
from reports.vocabulary import LABELS, VERDICT_DISPLAY_ORDER, check_label, outcome_label

#: Higher is worse. A row shows the worst verdict among its findings.
SEVERITY: dict[Verdict, int] = {
    Verdict.PASS: 0,
    Verdict.MANUAL: 1,
    Verdict.UNVERIFIED: 2,
    Verdict.FAIL: 3,
}

#: Verdicts that make a finding a gap (问题清单), worst first.
GAP_VERDICTS: tuple[Verdict, ...] = (Verdict.FAIL, Verdict.UNVERIFIED, Verdict.MANUAL)


def worst(verdicts: Iterable[Verdict]) -> Verdict | None:
    """The most severe verdict, or None for no verdicts.

    >>> worst([Verdict.PASS, Verdict.MANUAL, Verdict.UNVERIFIED])
    <Verdict.UNVERIFIED: '未能核验'>
    >>> worst([]) is None
    True
    """
    return max(verdicts, key=SEVERITY.__getitem__, default=None)


def archive_href(page_id: int) -> str:
    """Where the archived copy of a stored page is written, relative to ``index.html``."""
    return f"pages/{page_id}.html"


@dataclass(frozen=True, slots=True)
class VerdictCounts:
    """How many rows (or findings) have each verdict, in display order."""

    items: tuple[tuple[Verdict, int], ...]

    @classmethod
    def of(cls, verdicts: Iterable[Verdict]) -> VerdictCounts:
        tally = dict.fromkeys(VERDICT_DISPLAY_ORDER, 0)
        for verdict in verdicts:
            tally[verdict] += 1
        return cls(tuple(tally.items()))

    def __getitem__(self, verdict: Verdict) -> int:
        return dict(self.items)[verdict]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.items)


@dataclass(frozen=True, slots=True)
class EvidenceView:
    label: str
    url: str
    href: str  # the URL when it may be a link (http/https), else ""
    fetched_at: str  # Beijing time, for display
    excerpt: str
    page_id: int | None
    archive_href: str  # "pages/<id>.html" when an archived copy was written, else ""


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as shown: the finding itself plus what the reader needs around it."""

    index: int  # position in the report (``findings.json`` ``index``); -1: a gap now gone
    finding: Finding
    check_label: str
    units: tuple[str, ...]  # who it is forwarded to: finding.unit, else the row's units
    evidence: tuple[EvidenceView, ...]
    key: str = ""  # the stable id (``checks.history.finding_key``)
    change: Change | None = None  # since the previous run; None on 首次核查 or without history
    first_seen: str = ""  # Beijing date a 不符合 gap was first seen
    days: int | None = None  # days since first seen

    @property
    def status(self) -> Status | None:
        return self.change.status if self.change else None

    @property
    def verdict(self) -> Verdict:
        return self.finding.verdict

    @property
    def row_id(self) -> str:
        return self.finding.row


@dataclass(frozen=True, slots=True)
class RowView:
    """One catalog row, in the table's order, with its verdict and its 问题清单."""

    index: int  # 0-based position in the catalog; anchors are ``task-<index>``
    row: CatalogRow
    verdict: Verdict
    note: str  # why the verdict is what it is, when findings alone do not say (manual, no data)
    gaps: tuple[FindingView, ...]  # non-passing findings, worst first, then as the checks gave them
    passes: tuple[FindingView, ...]
    check_labels: tuple[str, ...]
    filter_units: tuple[str, ...]  # row units and finding units: what the unit filter matches
    fixed: tuple[FindingView, ...] = ()  # gaps of the previous run now 已整改
    lost: tuple[FindingView, ...] = ()  # gaps of the previous run gone without being seen
    changes: ChangeCounts = NO_CHANGES

    @property
    def anchor(self) -> str:
        return f"task-{self.index}"

    @property
    def units_json(self) -> str:
        """``filter_units`` as JSON, for a ``data-units`` attribute (autoescaped there)."""
        return json.dumps(list(self.filter_units), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class SectionGroup:
    """Consecutive rows of one 一级 heading, as the task table groups them."""

    name: str
    rows: tuple[RowView, ...]


@dataclass(frozen=True, slots=True)
class UnitGap:
    row: RowView
    finding: FindingView


@dataclass(frozen=True, slots=True)
class UnitView:
    """Everything one responsible unit is asked to fix, across all tasks."""

    index: int
    name: str
    gaps: tuple[UnitGap, ...]
    counts: VerdictCounts
    fixed: tuple[UnitGap, ...] = ()
    lost: tuple[UnitGap, ...] = ()
    changes: ChangeCounts = NO_CHANGES

    @property
    def anchor(self) -> str:
        return f"unit-{self.index}"


@dataclass(frozen=True, slots=True)
class RunView:
    id: int
    started_at: str
    finished_at: str
    outcome: str
    outcome_label: str
    pages_fetched: int
    error_count: int
    columns_total: int
    columns_reached: int


@dataclass(frozen=True, slots=True)
class ReportModel:
    profile_name: str
    catalog: Catalog
    run: RunRecord
    run_view: RunView
    banner: Banner | None
    rows: tuple[RowView, ...]
    groups: tuple[SectionGroup, ...]
    units: tuple[UnitView, ...]
    findings: tuple[FindingView, ...]  # every finding, de-duplicated, in the checks' order
    history: HistoryView
    resolved: tuple[FindingView, ...]  # gaps of earlier runs not in this one (fixed or lost)
    orphans: tuple[FindingView, ...]  # findings whose row id is not in the catalog
    row_counts: VerdictCounts
    finding_counts: VerdictCounts
    sections: tuple[SectionCount, ...]
    chart: Chart
    verdicts: tuple[Verdict, ...] = VERDICT_DISPLAY_ORDER
    gap_verdicts: tuple[Verdict, ...] = GAP_VERDICTS
    unit_names: tuple[str, ...] = field(default=())
    section_names: tuple[str, ...] = field(default=())

    @property
    def failed(self) -> bool:
        return self.run.outcome == "failed"


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per identity ``(check, subject, row)``: the worst one, at the first's place.

    Two check runs over the same subject must not show the reader the same gap twice.
    """
    kept: dict[tuple[str, str, str], Finding] = {}
    for given in findings:
        finding = given
        if not isinstance(given.verdict, Verdict):  # e.g. read back from JSON as "不符合"
            finding = dataclasses.replace(given, verdict=Verdict(given.verdict))
        key = (finding.check, finding.subject, finding.row)
        seen = kept.get(key)
        if seen is None:
            kept[key] = finding
        elif SEVERITY[finding.verdict] > SEVERITY[seen.verdict]:
            kept[key] = finding  # dict keeps the first insertion's position
    return list(kept.values())


def _evidence_view(evidence: Evidence, archived: Collection[int]) -> EvidenceView:
    archived_here = evidence.page_id is not None and evidence.page_id in archived
    return EvidenceView(
        label=evidence.label or LABELS["evidence_default"],
        url=evidence.url,
        href=safe_href(evidence.url),
        fetched_at=beijing_time(evidence.fetched_at),
        excerpt=evidence.excerpt,
        page_id=evidence.page_id,
        archive_href=archive_href(evidence.page_id)
        if archived_here and evidence.page_id is not None
        else "",
    )


def _row_verdict(
    row: CatalogRow, findings: Sequence[FindingView], *, failed: bool
) -> tuple[Verdict, str]:
    """A row's verdict and the note that explains it (see the module docstring)."""
    manual_note = LABELS["manual_prefix"] + row.manual if row.manual else ""
    automated = bool(row.checks) or bool(findings)
    if failed and automated:
        return Verdict.UNVERIFIED, LABELS["failed_row_note"]
    verdicts = [f.verdict for f in findings]
    if row.manual:
        verdicts.append(Verdict.MANUAL)
    verdict = worst(verdicts)
    if verdict is not None:
        return verdict, manual_note
    if row.checks:
        return Verdict.UNVERIFIED, LABELS["no_findings"]
    return Verdict.MANUAL, LABELS["manual_prefix"] + LABELS["no_checks"]


def _ordered_unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def build_model(
    catalog: Catalog,
    run: RunRecord,
    findings: Iterable[Finding],
    *,
    profile_name: str = "",
    archived_pages: Collection[int] = frozenset(),
    history: History | None = None,
) -> ReportModel:
    """Build the view model of one report.

    ``archived_pages`` holds the page ids whose archived copy was written under ``pages/``; only
    those evidence items get a 存档 link, so the report never links to a missing file.
    ``history`` (``checks.history.compare``) says what changed since the previous checked run.
    """
    rows_by_id = {row.id: row for row in catalog.all_rows}
    view_of = _Viewer(catalog.id, rows_by_id, archived_pages, history)
    views = tuple(view_of(i, f) for i, f in enumerate(dedupe(findings)))
    resolved = tuple(
        view_of(-1, c.finding)
        for c in (history.changes.values() if history and not history.first else ())
        if not c.current
    )
    rows = _row_views(catalog.all_rows, views, resolved, failed=run.outcome == "failed")
    unit_names = _unit_names(rows)
    section_names = _ordered_unique(r.row.section for r in rows)
    sections = _section_counts(rows, section_names)
    return ReportModel(
        profile_name=profile_name,
        catalog=catalog,
        run=run,
        run_view=_run_view(run),
        banner=build_banner(run, [v.finding for v in views]),
        rows=rows,
        groups=_section_groups(rows),
        units=_unit_views(rows, unit_names),
        findings=views,
        history=history_view(history, (v.change for v in (*views, *resolved))),
        resolved=resolved,
        orphans=tuple(v for v in views if v.row_id not in rows_by_id),
        row_counts=VerdictCounts.of(r.verdict for r in rows),
        finding_counts=VerdictCounts.of(v.verdict for v in views),
        sections=sections,
        chart=build_chart(sections),
        unit_names=unit_names,
        section_names=section_names,
    )


@dataclass(frozen=True, slots=True)
class _Viewer:
    """Makes the ``FindingView`` of a finding: its units, evidence, key and history."""

    catalog_id: str
    rows_by_id: Mapping[str, CatalogRow]
    archived: Collection[int]
    history: History | None

    def __call__(self, index: int, finding: Finding) -> FindingView:
        row = self.rows_by_id.get(finding.row)
        key = key_of(self.catalog_id, finding)
        seen, days = first_seen(self.history, key)
        return FindingView(
            index=index,
            finding=finding,
            check_label=check_label(finding.check),
            units=(finding.unit,) if finding.unit else (row.units if row else ()),
            evidence=tuple(_evidence_view(e, self.archived) for e in finding.evidence),
            key=key,
            change=shown_change(self.history, key),
            first_seen=seen,
            days=days,
        )


def _row_views(
    catalog_rows: Sequence[CatalogRow],
    views: Sequence[FindingView],
    resolved: Sequence[FindingView],
    *,
    failed: bool,
) -> tuple[RowView, ...]:
    by_row: dict[str, list[FindingView]] = {}
    for view in views:
        by_row.setdefault(view.row_id, []).append(view)
    gone: dict[str, list[FindingView]] = {}
    for view in resolved:
        gone.setdefault(view.row_id, []).append(view)
    return tuple(
        _row_view(index, row, by_row.get(row.id, []), gone.get(row.id, []), failed=failed)
        for index, row in enumerate(catalog_rows)
    )


def _row_view(
    index: int,
    row: CatalogRow,
    mine: Sequence[FindingView],
    gone: Sequence[FindingView],
    *,
    failed: bool,
) -> RowView:
    """One catalog row with its own findings: gaps worst first (a stable sort), then passes;
    and the previous run's gaps it no longer has: fixed, or gone without being seen (lost)."""
    verdict, note = _row_verdict(row, mine, failed=failed)
    gaps = sorted(
        (f for f in mine if f.verdict is not Verdict.PASS),
        key=lambda f: -SEVERITY[f.verdict],
    )
    fixed = tuple(f for f in (*mine, *gone) if f.status is Status.FIXED)
    lost = tuple(f for f in gone if f.status is Status.UNKNOWN)
    units = _ordered_unique([*row.units, *(u for f in (*mine, *gone) for u in f.units)])
    return RowView(
        index=index,
        row=row,
        verdict=verdict,
        note=note,
        gaps=tuple(gaps),
        passes=tuple(f for f in mine if f.verdict is Verdict.PASS),
        check_labels=tuple(check_label(c.name) for c in row.checks),
        filter_units=units or (LABELS["no_unit"],),
        fixed=fixed,
        lost=lost,
        changes=ChangeCounts.of(f.change for f in (*gaps, *fixed, *lost)),
    )


def _unit_names(rows: Sequence[RowView]) -> tuple[str, ...]:
    """Units in the order the task table first names them; "no unit" last."""
    no_unit = LABELS["no_unit"]
    names = _ordered_unique(u for r in rows for u in r.filter_units if u != no_unit)
    if any(no_unit in r.filter_units for r in rows):
        names = (*names, no_unit)
    return names


def _by_unit(
    rows: Sequence[RowView], unit_names: Sequence[str], part: str
) -> dict[str, list[UnitGap]]:
    """The findings of each row's ``part`` (gaps, fixed, lost) by unit, in table order; one
    owned by no unit goes to "no unit"."""
    no_unit = LABELS["no_unit"]
    by_unit: dict[str, list[UnitGap]] = {name: [] for name in unit_names}
    for row_view in rows:
        for finding in getattr(row_view, part):
            for unit in finding.units or (no_unit,):
                by_unit[unit].append(UnitGap(row=row_view, finding=finding))
    return by_unit


def _unit_views(rows: Sequence[RowView], unit_names: Sequence[str]) -> tuple[UnitView, ...]:
    """Each unit's gaps in table order, and the previous run's gaps it fixed or lost."""
    gaps = _by_unit(rows, unit_names, "gaps")
    fixed = _by_unit(rows, unit_names, "fixed")
    lost = _by_unit(rows, unit_names, "lost")
    return tuple(
        UnitView(
            index=i,
            name=name,
            gaps=tuple(gaps[name]),
            counts=VerdictCounts.of(g.finding.verdict for g in gaps[name]),
            fixed=tuple(fixed[name]),
            lost=tuple(lost[name]),
            changes=ChangeCounts.of(
                g.finding.change for g in (*gaps[name], *fixed[name], *lost[name])
            ),
        )
        for i, name in enumerate(unit_names)
    )


def _section_groups(rows: Sequence[RowView]) -> tuple[SectionGroup, ...]:
    groups: list[SectionGroup] = []
    for row_view in rows:
        if groups and groups[-1].name == row_view.row.section:
            groups[-1] = SectionGroup(groups[-1].name, (*groups[-1].rows, row_view))
        else:
            groups.append(SectionGroup(row_view.row.section, (row_view,)))
    return tuple(groups)


def _section_counts(
    rows: Sequence[RowView], section_names: Sequence[str]
) -> tuple[SectionCount, ...]:
    return tuple(
        SectionCount(
            name=name,
            counts=tuple(VerdictCounts.of(r.verdict for r in rows if r.row.section == name).items),
        )
        for name in section_names
    )


def _run_view(run: RunRecord) -> RunView:
    # A run that missed pages is never called 成功, whatever the crawl recorded.
    outcome = "partial" if run.outcome == "succeeded" and crawl_trouble(run) else run.outcome
    return RunView(
        id=run.id,
        started_at=beijing_time(run.started_at),
        finished_at=beijing_time(run.finished_at) or LABELS["not_finished"],
        outcome=outcome,
        outcome_label=outcome_label(outcome),
        pages_fetched=run.pages_fetched,
        error_count=len(run.errors),
        columns_total=len(run.columns),
        columns_reached=sum(1 for c in run.columns if c.reached),
    )
