"""The report's view model: what every output (HTML, workbook, JSON) shows, computed once.

Templates and the workbook writer only loop over this; every decision (a row's verdict, who owns
a gap, what the banner says) is made here, where it can be tested without rendering anything.
The view types are in ``reports.views`` (re-exported here); tasks' status and gaps as shown are
built in ``reports.tasks``.

Verdict rules, in order (undecidable is never a pass):

* a crawl that failed decides nothing: every row with automated checks is 未能核验;
* otherwise a row's verdict is the worst of its findings, 不符合 > 未能核验 > 需人工核验 > 符合,
  and a manual row is at least 需人工核验;
* a row with checks but no findings is 未能核验 (the checks produced nothing to judge by);
* a row with neither checks nor a manual reason is 需人工核验.

The row verdict stays for machines (``findings.json``); the page leads with the task's status.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from checks.catalog import Catalog, CatalogRow
from checks.findings import Finding, History, Status, Verdict, key_of
from checks.records import RunRecord
from ground.deadlines import rectify_by
from ground.timestamps import beijing_time
from ground.units import Expansion, UnitRegistry, group_kind, split_units
from reports.banner import build_banner, crawl_trouble
from reports.changes import ChangeCounts, first_seen, history_view, shown_change
from reports.chart import SectionCount, build_chart
from reports.gaps import report_date
from reports.tasks import gap_units, gap_views, no_notice, with_status
from reports.views import (
    GAP_VERDICTS,
    SEVERITY,
    TASKS_DIR,
    EvidenceView,
    FindingView,
    GapUnit,
    GapView,
    Headline,
    ReportModel,
    RowRef,
    RowView,
    RunView,
    SectionGroup,
    UnitGap,
    UnitView,
    VerdictCounts,
    archive_href,
    evidence_view,
    ordered_unique,
    worst,
)
from reports.vocabulary import LABELS, TASK_STATUSES, check_label, outcome_label

__all__ = [
    "GAP_VERDICTS",
    "SEVERITY",
    "TASKS_DIR",
    "EvidenceView",
    "FindingView",
    "GapUnit",
    "GapView",
    "Headline",
    "ReportModel",
    "RowRef",
    "RowView",
    "RunView",
    "SectionGroup",
    "UnitGap",
    "UnitView",
    "VerdictCounts",
    "WrittenNames",
    "archive_href",
    "build_model",
    "dedupe",
    "row_units",
    "worst",
]


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


class WrittenNames:
    """Units as the table writes them, for a report made without the portal's registry: names
    kept as written, group phrases set apart (a group is never listed as a unit that could
    receive a notice). Same ``expand`` as ``ground.units.UnitRegistry``."""

    def expand(self, written: Sequence[str] | str) -> Expansion:
        cells = [written] if isinstance(written, str) else written
        names = [n for cell in cells for n in split_units(cell)]
        groups = tuple(n for n in names if group_kind(n))
        return Expansion(ordered_unique(n for n in names if not group_kind(n)), (), groups)


def row_units(row: CatalogRow, registry: UnitRegistry | None) -> Expansion:
    """A row's 责任单位 by their one names: the one place the report resolves written units.

    With the portal's registry (``ground.units.UnitRegistry``, passed in by the application),
    aliases become the unit's one name and group phrases (县直各部门（单位）) expand to their
    units. Without one, ``WrittenNames``.
    """
    return (registry if registry is not None else WrittenNames()).expand(row.units)


def basis_citation(catalog: Catalog) -> str:
    """The task table's 文号, issuing office and date, without the catalog's editorial notes."""
    source = catalog.source
    return LABELS["comma"].join(p for p in (source.number, source.office, source.date) if p)


def build_model(
    catalog: Catalog,
    run: RunRecord,
    findings: Iterable[Finding],
    *,
    profile_name: str = "",
    archived_pages: Collection[int] = frozenset(),
    history: History | None = None,
    registry: UnitRegistry | None = None,
    notice_href: Callable[[str], str] | None = None,
) -> ReportModel:
    """Build the view model of one report.

    ``archived_pages`` holds the page ids whose archived copy was written under ``pages/``; only
    those evidence items get a 存档 link, so the report never links to a missing file.
    ``history`` (``checks.history.compare``) says what changed since the previous checked run.
    ``registry`` names units by their one name; ``notice_href(unit)`` is where a unit's
    整改通知 is (relative to ``index.html``).
    """
    rows_by_id = {row.id: row for row in catalog.all_rows}
    view_of = _Viewer(catalog.id, rows_by_id, archived_pages, history)
    views = tuple(view_of(i, f) for i, f in enumerate(dedupe(findings)))
    resolved = tuple(
        view_of(-1, c.finding)
        for c in (history.changes.values() if history and not history.first else ())
        if not c.current
    )
    expansions = {row.id: row_units(row, registry) for row in catalog.all_rows}
    today = report_date(run.started_at)
    gaps = gap_views(
        catalog, views, expansions, archived_pages, today, registry, notice_href or no_notice
    )
    rows = _row_views(catalog.all_rows, views, resolved, failed=run.outcome == "failed")
    unit_names = _unit_names(rows)  # as the table and the findings write them (the workbook's)
    rows = tuple(
        with_status(r, gaps, expansions[r.row.id], catalog, today, failed=run.outcome == "failed")
        for r in rows
    )
    section_names = ordered_unique(r.row.section for r in rows)
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
        filter_unit_names=_unit_names(rows),
        gaps=gaps,
        gap_counts=VerdictCounts.of(g.verdict for g in gaps),
        status_counts=tuple((s, sum(1 for r in rows if r.status == s)) for s in TASK_STATUSES),
        gap_units=gap_units(gaps, notice_href or no_notice),
        date=today.isoformat(),
        rectify=rectify_by(today, catalog.notice.rectify_workdays),
        basis=basis_citation(catalog),
        overdue=sum(1 for g in gaps if g.timing.overdue),
        due_soon=sum(1 for g in gaps if g.timing.due_soon),
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
            evidence=tuple(evidence_view(e, self.archived) for e in finding.evidence),
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
    units = ordered_unique([*row.units, *(u for f in (*mine, *gone) for u in f.units)])
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
    names = ordered_unique(u for r in rows for u in r.filter_units if u != no_unit)
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
