"""Tasks and gaps as the office reads them: what was found per task, who fixes each gap by when.

A task's status says what is known (``TASK_STATUSES``): a manual part never hides what the
checks found, and nothing undecided is called 符合. Its headline counts its gaps (one per
document, ``reports.gaps``) and its passing and manual items.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence

from checks.catalog import Catalog, CatalogRow
from checks.findings import Verdict
from ground.units import Expansion, UnitRegistry
from reports.gaps import gap_key, gap_timing, group_gaps, timing
from reports.views import (
    SEVERITY,
    FindingView,
    GapUnit,
    GapView,
    Headline,
    RowRef,
    RowView,
    VerdictCounts,
    evidence_view,
    ordered_unique,
)
from reports.vocabulary import LABELS, check_label


def no_notice(_unit: str) -> str:
    return ""


def gap_views(
    catalog: Catalog,
    views: Sequence[FindingView],
    expansions: Mapping[str, Expansion],
    archived: Collection[int],
    today: dt.date,
    registry: UnitRegistry | None,
    notice_href: Callable[[str], str],
) -> tuple[GapView, ...]:
    """One ``GapView`` per gap, in the table's order of the first row citing it."""
    rows = catalog.all_rows
    position = {row.id: i for i, row in enumerate(rows)}
    refs = {row.id: RowRef(row.id, row.seq, f"task-{i}") for i, row in enumerate(rows)}
    deadlines = {row.id: row.deadline for row in rows}

    def first_unit(row_id: str) -> str:
        expansion = expansions.get(row_id)
        return expansion.units[0] if expansion and expansion.units else ""

    gaps = group_gaps(
        catalog.id,
        (v.finding for v in views),
        row_order=[row.id for row in rows],
        row_unit=first_unit,
        unit_name=registry.name_of if registry is not None else None,
    )
    members: dict[str, list[FindingView]] = {}
    for view in views:
        key = gap_key(catalog.id, view.finding.check, view.finding.subject, view.row_id)
        members.setdefault(key, []).append(view)
    ordered = sorted(gaps, key=lambda g: position.get(g.rows[0], len(rows)) if g.rows else 0)
    result = []
    for index, gap in enumerate(ordered):
        mine = [v for v in members[gap.key] if v.verdict is not Verdict.PASS]
        # The member seen longest speaks for the gap's history (a gap open since the first night).
        told = max((v for v in mine if v.change), key=lambda v: v.days or 0, default=None)
        result.append(
            GapView(
                index=index,
                gap=gap,
                check_label=check_label(gap.check),
                evidence=tuple(evidence_view(e, archived) for e in gap.evidence),
                timing=gap_timing(
                    gap, deadlines, catalog.year, today, catalog.notice.rectify_workdays
                ),
                rows=tuple(refs[r] for r in gap.rows if r in refs),
                findings=tuple(v.index for v in mine),
                notice_href=notice_href(gap.unit) if gap.unit else "",
                change=told.change if told else None,
                first_seen=min((v.first_seen for v in mine if v.first_seen), default=""),
                days=max((v.days for v in mine if v.days is not None), default=None),
            )
        )
    return tuple(result)


def with_status(
    view: RowView,
    gaps: Sequence[GapView],
    expansion: Expansion,
    catalog: Catalog,
    today: dt.date,
    *,
    failed: bool,
) -> RowView:
    """A task with its gaps, its headline, its status, its deadline and its units by name."""
    row = view.row
    mine = sorted((g for g in gaps if row.id in g.gap.rows), key=lambda g: -SEVERITY[g.verdict])
    manual_items = tuple(f for f in view.gaps if f.verdict is Verdict.MANUAL)
    headline = Headline(
        fail=sum(1 for g in mine if g.verdict is Verdict.FAIL),
        unverified=sum(1 for g in mine if g.verdict is Verdict.UNVERIFIED),
        passed=len(view.passes),
        manual=len(manual_items) or (1 if row.manual else 0),
    )
    units = ordered_unique([*expansion.units, *(g.unit for g in mine)])
    return dataclasses.replace(
        view,
        status=task_status(row, headline, failed=failed),
        headline=headline,
        open_gaps=tuple(mine),
        manual_items=manual_items,
        timing=timing(
            [row.deadline],
            catalog.year,
            today,
            catalog.notice.rectify_workdays,
            open_gap=headline.fail > 0,
        ),
        units_shown=expansion.units,
        units_unresolved=expansion.unresolved,
        units_groups=expansion.groups,
        filter_units=units or (LABELS["no_unit"],),
    )


def task_status(row: CatalogRow, headline: Headline, *, failed: bool) -> str:
    """What is known about a task (``TASK_STATUSES``): a manual part never hides what the
    checks found, and nothing undecided is called 符合.

    * problem: a 不符合 gap cites it;
    * unverified: the crawl failed, a gap is 未能核验, or its checks gave nothing to judge by;
    * pass: its checks found only 符合 (a manual part is said beside it);
    * manual: only a person can judge it.
    """
    automated = bool(row.checks) or bool(headline.fail + headline.unverified + headline.passed)
    if failed and automated:
        return "unverified"
    if headline.fail:
        return "problem"
    if headline.unverified:
        return "unverified"
    if headline.passed:
        return "pass"
    if row.checks and not headline.manual:
        return "unverified"
    return "manual"


def gap_units(gaps: Sequence[GapView], notice_href: Callable[[str], str]) -> tuple[GapUnit, ...]:
    """Each unit that must fix something, in the order its first gap comes in the table."""
    by_unit: dict[str, list[GapView]] = {}
    for gap in gaps:
        by_unit.setdefault(gap.gap.unit, []).append(gap)
    return tuple(
        GapUnit(
            name=name or LABELS["no_unit"],
            counts=VerdictCounts.of(g.verdict for g in mine),
            overdue=sum(1 for g in mine if g.timing.overdue),
            notice_href=notice_href(name) if name else "",
        )
        for name, mine in by_unit.items()
    )
