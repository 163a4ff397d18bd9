"""The 工作台账's lines: who must fix what, under which task, by when (issue 13).

The ledger has one line per (task row, gap), not one per gap: an office's 台账 follows its task
table row by row, and each row's 责任单位 reports on its own row. A gap several rows cite (one
missing 解读 found by rows 1, 5 and 18 is one ``reports.gaps.Gap``) is listed under each of them,
and each such line names the other rows, so nobody counts it twice or fixes it twice. A row's
需人工核验 items follow its gaps; a row with neither gets one line with its verdict and why.

Each line carries the row's 完成时限 (a date when the words fix one, ``ground.deadlines``), an
overdue or due-soon mark for an open 不符合, and the report's 整改期限 for an open 不符合 only: a
未能核验 gap may be met already, and a failed crawl decides nothing (its gaps show as 未能核验,
for reference only). Pure data: ``reports.xlsx`` lays the lines out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from checks.findings import Change, Status, Verdict
from ground.deadlines import parse_deadline
from reports.gaps import DUE_SOON_DAYS, report_date
from reports.views import EvidenceView, FindingView, GapView, ReportModel, RowView, UnitGap
from reports.vocabulary import LABELS

#: The ledger's own words (to join ``reports.vocabulary`` once its owner takes them).
LEDGER_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "also_in": "（同一问题另见任务序号",
        "failed_prefix": "（本次抓取失败，仅供参考）",
    }
)


def as_date(text: str) -> dt.date | str:
    """A ``YYYY-MM-DD`` text as a date, anything else unchanged (shown as the checks wrote it).

    >>> as_date("2026-03-15"), as_date(""), as_date("2026年")
    (datetime.date(2026, 3, 15), '', '2026年')
    """
    try:
        return dt.date.fromisoformat(text.strip()[:10]) if len(text.strip()) >= 10 else text
    except ValueError:
        return text


def _sentence(check: str, title: str, doc_number: str, date: str, message: str) -> str:
    """A finding or gap as one sentence: ``【核验项】《标题》（文号，日期）问题说明``."""
    text = f"{LABELS['bracket_open']}{check}{LABELS['bracket_close']}"
    if title:
        text += f"{LABELS['title_open']}{title}{LABELS['title_close']}"
    meta = LABELS["comma"].join(x for x in (doc_number, date) if x)
    if meta:
        text += f"{LABELS['paren_open']}{meta}{LABELS['paren_close']}"
    return text + message


def _finding_sentence(f: FindingView) -> str:
    found = f.finding
    return _sentence(f.check_label, found.title, found.doc_number, found.date, found.message)


def status_text(change: Change | None, days: int | None) -> str:
    """The 变化 cell: 新增, 持续 N天, 已整改, 上次不符合，未能核验; "" without a comparison."""
    if change is None:
        return ""
    if change.status is Status.PERSISTING:
        return f"{change.status} {days}{LABELS['days_unit']}"
    if change.status is Status.UNKNOWN:
        return f"{LABELS['was_gap']}{LABELS['comma']}{change.status}"
    return str(change.status)


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One line of the 工作台账 (and of a unit's sheet): a task row and one of its gaps, one of
    its 需人工核验 items, or the row alone when it has neither."""

    seq: str  # the task's 序号 in the table
    section: str
    task: str
    requirement: str
    unit: str
    deadline: dt.date | str  # the row's 完成时限: its due date, else the words (长期, 决策出台后)
    verdict: Verdict
    description: str
    evidence: tuple[EvidenceView, ...] = ()
    timing: str = ""  # 逾期 / 临近时限 (due within 30 days) / "", as the report page says
    rectify_by: dt.date | None = None  # only for an open 不符合 gap of a run that did not fail
    gap: bool = False  # a 不符合 / 未能核验 gap (what a unit's sheet lists)
    status: str = ""  # 变化 since the previous run (unit sheets)
    first_seen: dt.date | str = ""
    # A previous run's gap no longer in this one: its 核验结果 cell says what became of it.
    gone: bool = False


def _row_line(rv: RowView, year: int, verdict: Verdict, text: str) -> LedgerLine:
    """A line of row ``rv``: its 序号, headings, requirement, 完成时限 (a date when the words fix
    one) and its units by their one names, group phrases expanded, then the names no unit
    answers to (a person must route those)."""
    row, sep = rv.row, LABELS["enum_sep"]
    due = parse_deadline(row.deadline, year).due or row.deadline
    units = sep.join(rv.units_shown)  # a group phrase is never a unit: it is expanded
    if rv.units_unresolved:
        lost = f"{LABELS['units_unresolved']}{LABELS['colon']}{sep.join(rv.units_unresolved)}"
        units = f"{units}\n{lost}" if units else lost
    units = units or LABELS["no_unit"]
    return LedgerLine(row.seq, row.section, row.task, row.requirement, units, due, verdict, text)


def _gap_line(rv: RowView, g: GapView, model: ReportModel) -> LedgerLine:
    """Row ``rv``'s line for gap ``g``; the 完成时限 and its overdue mark are the row's own.

    A failed crawl decides nothing: the gap shows as 未能核验, for reference only, with no
    整改期限 and never overdue. A gap other rows cite too names them, so it is fixed once.
    """
    gap, verdict = g.gap, g.verdict
    text = _sentence(g.check_label, gap.title, gap.doc_number, gap.date, gap.message)
    if model.failed:
        verdict, text = Verdict.UNVERIFIED, LEDGER_LABELS["failed_prefix"] + text
    others = [r.seq for r in g.rows if r.seq != rv.row.seq]
    if others:
        text += (
            f"{LEDGER_LABELS['also_in']}{LABELS['enum_sep'].join(others)}{LABELS['paren_close']}"
        )
    deadline = parse_deadline(rv.row.deadline, model.catalog.year)
    day = report_date(model.run.started_at)
    late = verdict is Verdict.FAIL and deadline.overdue(day)
    soon = verdict is Verdict.FAIL and deadline.due_soon(day, DUE_SOON_DAYS)
    fix_by = model.rectify.date if model.rectify and verdict is Verdict.FAIL else None
    return dataclasses.replace(
        _row_line(rv, model.catalog.year, verdict, text),
        unit=g.unit,
        evidence=g.evidence,
        timing=LABELS["overdue"] if late else LABELS["due_soon"] if soon else "",
        rectify_by=fix_by,
        gap=True,
        status=status_text(g.change, g.days),
        first_seen=as_date(g.first_seen),
    )


def ledger_lines(model: ReportModel) -> list[LedgerLine]:
    """The 工作台账's lines in table order: each row's gaps worst first, then its 需人工核验
    items; a row with neither (or whose manual part no finding speaks for) gets a line of its
    own with its verdict and why."""
    year, lines = model.catalog.year, []
    for rv in model.rows:
        mine = [_gap_line(rv, g, model) for g in rv.open_gaps]
        for f in rv.manual_items:
            text = _sentence(f.check_label, "", "", "", f.finding.message)
            line = _row_line(rv, year, Verdict.MANUAL, text)
            mine.append(dataclasses.replace(line, evidence=f.evidence))
        if not mine or (rv.row.manual and not rv.manual_items):
            verdict = Verdict.MANUAL if mine else rv.verdict
            text = LABELS["manual_prefix"] + rv.row.manual if mine else rv.note
            mine.append(_row_line(rv, year, verdict, text or LABELS["no_issues"]))
        lines += mine
    return lines


def _gone_line(ug: UnitGap, unit: str, year: int) -> LedgerLine:
    """A previous run's gap of ``unit`` that this run fixed or could not see."""
    f = ug.finding
    return dataclasses.replace(
        _row_line(ug.row, year, f.verdict, _finding_sentence(f)),
        unit=unit,
        evidence=f.evidence,
        gap=True,
        status=status_text(f.change, f.days),
        first_seen=as_date(f.first_seen),
        gone=True,
    )


def orphan_line(f: FindingView) -> LedgerLine:
    """A finding whose row is not in the catalog: no task, no 完成时限, no 整改期限."""
    unit = f.finding.unit or LABELS["enum_sep"].join(f.units) or LABELS["no_unit"]
    return LedgerLine(f.row_id, "", "", "", unit, "", f.verdict, _finding_sentence(f), f.evidence)


def unit_sheets(
    model: ReportModel, lines: Sequence[LedgerLine]
) -> list[tuple[str, list[LedgerLine]]]:
    """Each unit that must fix something, by its one name, with its gap lines in table order;
    then the previous run's gaps it fixed or lost (units whose only news that is come last)."""
    sheets: dict[str, list[LedgerLine]] = {u.name: [] for u in model.gap_units}
    for line in lines:
        if line.gap:
            sheets.setdefault(line.unit, []).append(line)
    for unit in model.units:
        gone = [_gone_line(g, unit.name, model.catalog.year) for g in (*unit.fixed, *unit.lost)]
        if gone:
            sheets.setdefault(unit.name, []).extend(gone)
    return [(name, mine) for name, mine in sheets.items() if mine]  # orphans: their own sheet
