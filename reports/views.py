"""The report's view types: what every output (HTML, workbook, JSON, notices) is drawn from.

``reports.model.build_model`` fills them; templates and the workbook writer only loop over them.
They live apart from the builders so that ``reports.tasks`` (task status, gaps as shown) and
``reports.model`` can both use them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from checks.catalog import Catalog, CatalogRow
from checks.findings import Change, Evidence, Finding, Status, Verdict
from checks.records import RunRecord
from ground.deadlines import RectifyBy
from ground.timestamps import beijing_time
from reports.banner import Banner
from reports.changes import NO_CHANGES, ChangeCounts, HistoryView
from reports.chart import Chart, SectionCount
from reports.gaps import Gap, Timing
from reports.links import safe_href
from reports.vocabulary import LABELS, TASK_STATUS_LABELS, VERDICT_DISPLAY_ORDER

#: Higher is worse. A row shows the worst verdict among its findings.
SEVERITY: dict[Verdict, int] = {
    Verdict.PASS: 0,
    Verdict.MANUAL: 1,
    Verdict.UNVERIFIED: 2,
    Verdict.FAIL: 3,
}

#: The folder of per-task pages, relative to ``index.html``.
TASKS_DIR = "tasks"

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
class RowRef:
    """A row a gap cites: enough to name it and link to it."""

    id: str
    seq: str
    anchor: str


@dataclass(frozen=True, slots=True)
class GapView:
    """One gap (``reports.gaps.Gap``) as shown: who fixes it by when, and where it was found."""

    index: int  # position in ``ReportModel.gaps`` (``findings.json`` ``gaps[]``)
    gap: Gap
    check_label: str
    evidence: tuple[EvidenceView, ...]
    timing: Timing
    rows: tuple[RowRef, ...]
    findings: tuple[int, ...]  # indexes of the findings it stands for
    notice_href: str = ""  # the unit's 整改通知 page, "" when there is none
    change: Change | None = None
    first_seen: str = ""
    days: int | None = None

    @property
    def verdict(self) -> Verdict:
        return self.gap.verdict

    @property
    def key(self) -> str:
        return self.gap.key

    @property
    def status(self) -> Status | None:
        return self.change.status if self.change else None

    @property
    def unit(self) -> str:
        return self.gap.unit or LABELS["no_unit"]


@dataclass(frozen=True, slots=True)
class Headline:
    """What the machine found for one task: gaps by verdict, passing and manual items."""

    fail: int  # 不符合 gaps citing the task
    unverified: int  # 未能核验 gaps citing the task
    passed: int  # 符合 findings of the task
    manual: int  # parts only a person can judge

    @property
    def parts(self) -> tuple[tuple[Verdict, int], ...]:
        """The automated counts worth saying, in the order a reader wants them."""
        counts = ((Verdict.FAIL, self.fail), (Verdict.UNVERIFIED, self.unverified))
        return (*(c for c in counts if c[1]), (Verdict.PASS, self.passed))


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
    status: str = "manual"  # TASK_STATUSES: problem | unverified | pass | manual
    headline: Headline = Headline(0, 0, 0, 0)
    open_gaps: tuple[GapView, ...] = ()  # the gaps citing this task, worst first
    manual_items: tuple[FindingView, ...] = ()  # its 需人工核验 findings
    timing: Timing | None = None  # its 完成时限 and 整改期限
    units_shown: tuple[str, ...] = ()  # 责任单位 by their one names, groups expanded
    units_unresolved: tuple[str, ...] = ()  # written names no unit answers to
    units_groups: tuple[str, ...] = ()  # group phrases the table wrote (expanded above)

    @property
    def anchor(self) -> str:
        return f"task-{self.index}"

    @property
    def page_href(self) -> str:
        """The task's own page, with every finding (``tasks/<anchor>.html``)."""
        return f"{TASKS_DIR}/{self.anchor}.html"

    @property
    def status_label(self) -> str:
        return TASK_STATUS_LABELS[self.status]

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
class GapUnit:
    """A unit with gaps to fix: counts for the index, and its 整改通知."""

    name: str
    counts: VerdictCounts  # gaps per verdict
    overdue: int
    notice_href: str


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
    filter_unit_names: tuple[str, ...] = ()  # the unit filter's choices: units by one name
    gaps: tuple[GapView, ...] = ()  # one per gap, in the table's order of their first row
    gap_counts: VerdictCounts = VerdictCounts(())
    status_counts: tuple[tuple[str, int], ...] = ()  # tasks per TASK_STATUSES code
    gap_units: tuple[GapUnit, ...] = ()  # units that must fix something, in table order
    date: str = ""  # the report's date (Beijing), YYYY-MM-DD
    rectify: RectifyBy | None = None  # 整改期限 of every gap in this report
    basis: str = ""  # the task table's 文号, office and date (no editorial notes)
    overdue: int = 0  # open gaps past their 完成时限
    due_soon: int = 0  # open gaps due within 30 days

    @property
    def failed(self) -> bool:
        return self.run.outcome == "failed"


def evidence_view(evidence: Evidence, archived: Collection[int]) -> EvidenceView:
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


def ordered_unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
