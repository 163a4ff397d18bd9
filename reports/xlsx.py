"""The 工作台账 workbook, built from the same view model as the HTML report (never from the HTML).

Sheets: 全部任务 (one row per catalog row, the county's own columns), one sheet per responsible
unit (one row per gap, ready to forward), 未匹配任务 when some findings name an unknown row, and
说明 (the run the report rests on).

Every string is written as text: a scraped title beginning with ``=`` must not become a formula
when a clerk opens the file, and control characters that Excel rejects are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checks.findings import Status, Verdict
from reports.model import FindingView, ReportModel, RowView, UnitView
from reports.palette import VERDICT_COLOURS
from reports.vocabulary import (
    LABELS,
    NOTES_SHEET_NAME,
    ORPHAN_SHEET_NAME,
    STATUS_HINTS,
    TASK_SHEET_COLUMNS,
    TASK_SHEET_NAME,
    UNIT_SHEET_COLUMNS,
    VERDICT_DISPLAY_ORDER,
    VERDICT_HINTS,
)

#: Excel's limits: sheet names, and characters in one cell.
SHEET_NAME_MAX = 31
CELL_MAX = 32_767
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Excel reserves "History" (case-insensitively) for change tracking.
_RESERVED_SHEET_NAMES = frozenset({"history"})

TASK_WIDTHS = (8, 26, 48, 20, 14, 12, 64, 50)
UNIT_WIDTHS = (8, 26, 22, 12, 36, 20, 12, 44, 50, 20, 14, 12)
ORPHAN_COLUMNS = (LABELS["row_id"], *UNIT_SHEET_COLUMNS[2:])
ORPHAN_WIDTHS = (10, 22, 12, 36, 20, 12, 44, 50, 20, 14, 12)

HEADER_FILL = PatternFill("solid", fgColor="FFB7141B")
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)


def sheet_names(names: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """Valid, distinct Excel sheet names for ``names``, in order.

    Forbidden characters become ``_``, names are cut to 31 characters, and a name already used
    (Excel compares case-insensitively), reserved, or in ``taken`` gets ``(2)``, ``(3)`` …

    >>> sheet_names(["县发改局", "县发改局", "a/b:c", "'引号'"], taken=["说明"])
    ['县发改局', '县发改局(2)', 'a_b_c', '引号']
    >>> [len(n) for n in sheet_names(["很" * 40, "很" * 40])]
    [31, 31]
    """
    used = {n.casefold() for n in taken} | _RESERVED_SHEET_NAMES
    result = []
    for name in names:
        base = _SHEET_NAME_FORBIDDEN.sub("_", " ".join(name.split())).strip("'")
        base = base or LABELS["sheet_unit_fallback"]
        candidate, n = base[:SHEET_NAME_MAX], 1
        while candidate.casefold() in used:
            n += 1
            suffix = f"({n})"
            candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def clean(value: str) -> str:
    """``value`` without the control characters Excel cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(ws: Worksheet, row: int, column: int, value: str | int) -> Cell:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean(value)
        # openpyxl stores "=…" as a formula; a scraped title must stay text.
        cell.data_type = "s"
    else:
        cell.value = value
    cell.alignment = WRAP
    return cell


def fit_lines(lines: Sequence[str]) -> str:
    """``lines`` joined by newlines, cut so the cell stays under Excel's 32,767 characters."""
    text = "\n".join(lines)
    if len(text) <= CELL_MAX:
        return text
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > CELL_MAX - 200:  # room for the closing line
            break
        kept.append(line)
        size += len(line) + 1
    more = len(lines) - len(kept)
    kept.append(f"{LABELS['sheet_more_prefix']} {more} {LABELS['sheet_more_suffix']}")
    return "\n".join(kept)


def issue_line(number: int, f: FindingView) -> str:
    """One line of a 问题清单 cell.

    Shape: ``1. 【不符合】政策文件已发布解读：《标题》（文号，日期）问题说明``.
    """
    finding = f.finding
    text = (
        f"{number}. {LABELS['bracket_open']}{f.verdict}{LABELS['bracket_close']}"
        f"{f.check_label}{LABELS['colon']}"
    )
    if finding.title:
        text += f"{LABELS['title_open']}{finding.title}{LABELS['title_close']}"
    meta = LABELS["comma"].join(x for x in (finding.doc_number, finding.date) if x)
    if meta:
        text += f"{LABELS['paren_open']}{meta}{LABELS['paren_close']}"
    return text + finding.message


def _urls(findings: Iterable[FindingView]) -> list[str]:
    return list(dict.fromkeys(e.url for f in findings for e in f.evidence if e.url))


def _first_href(findings: Iterable[FindingView]) -> str:
    return next((e.href for f in findings for e in f.evidence if e.href), "")


def _header(ws: Worksheet, columns: Sequence[str], widths: Sequence[int]) -> None:
    for i, (title, width) in enumerate(zip(columns, widths, strict=True), start=1):
        cell = _put(ws, 1, i, title)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, CENTRE
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"


def _verdict_cell(ws: Worksheet, row: int, column: int, verdict: Verdict) -> None:
    cell = _put(ws, row, column, str(verdict))
    colours = VERDICT_COLOURS[verdict]
    cell.fill = PatternFill("solid", fgColor=colours.light_argb)
    cell.font = Font(bold=True, color=colours.strong_argb)
    cell.alignment = CENTRE


def _evidence_cell(ws: Worksheet, row: int, column: int, findings: Sequence[FindingView]) -> None:
    cell = _put(ws, row, column, fit_lines(_urls(findings)))
    href = _first_href(findings)
    if href:
        cell.hyperlink = href
        cell.font = Font(color="FF1A55A8", underline="single")


def _task_sheet(ws: Worksheet, model: ReportModel) -> None:
    ws.title = TASK_SHEET_NAME
    _header(ws, TASK_SHEET_COLUMNS, TASK_WIDTHS)
    for r, rv in enumerate(model.rows, start=2):
        row = rv.row
        lines = [rv.note] if rv.note else []
        lines += [issue_line(n, f) for n, f in enumerate(rv.gaps, start=1)]
        _put(ws, r, 1, row.seq).alignment = CENTRE
        _put(ws, r, 2, row.task)
        _put(ws, r, 3, row.requirement)
        _put(ws, r, 4, LABELS["enum_sep"].join(row.units))
        _put(ws, r, 5, row.deadline)
        _verdict_cell(ws, r, 6, rv.verdict)
        _put(ws, r, 7, fit_lines(lines))
        _evidence_cell(ws, r, 8, rv.gaps)


def status_text(f: FindingView) -> str:
    """The 变化 cell: 新增, 持续 N天, 已整改, 上次不符合，未能核验; "" without a comparison."""
    if f.status is None:
        return ""
    if f.status is Status.PERSISTING:
        return f"{f.status} {f.days}{LABELS['days_unit']}"
    if f.status is Status.UNKNOWN:
        return f"{LABELS['was_gap']}{LABELS['comma']}{f.status}"
    return str(f.status)


def _gap_row(ws: Worksheet, r: int, leading: Sequence[str], f: FindingView, unit: str) -> None:
    """One gap on a unit (or orphan) sheet: leading cells, then the finding's own columns.

    A gap of the previous run that is gone from this one (``index`` -1) has no verdict of this
    run: its 核验结果 cell says what became of it instead.
    """
    for c, value in enumerate(leading, start=1):
        _put(ws, r, c, value)
    c = len(leading) + 1
    _put(ws, r, c, f.check_label)
    if f.index < 0:
        _put(ws, r, c + 1, status_text(f)).alignment = CENTRE
    else:
        _verdict_cell(ws, r, c + 1, f.verdict)
    _put(ws, r, c + 2, f.finding.title)
    _put(ws, r, c + 3, f.finding.doc_number)
    _put(ws, r, c + 4, f.finding.date)
    _put(ws, r, c + 5, f.finding.message)
    _evidence_cell(ws, r, c + 6, [f])
    _put(ws, r, c + 7, unit)
    _put(ws, r, c + 8, status_text(f))
    _put(ws, r, c + 9, f.first_seen)


def _unit_sheet(ws: Worksheet, unit: UnitView) -> None:
    """The unit's gaps, then the previous run's gaps it fixed, then those this run did not see."""
    _header(ws, UNIT_SHEET_COLUMNS, UNIT_WIDTHS)
    listed: list[tuple[RowView, FindingView]] = [
        (g.row, g.finding) for g in (*unit.gaps, *unit.fixed, *unit.lost)
    ]
    for r, (rv, f) in enumerate(listed, start=2):
        _gap_row(ws, r, (rv.row.seq, rv.row.task), f, unit.name)
        ws.cell(row=r, column=1).alignment = CENTRE


#: One line of the 说明 sheet: what it is, and its value.
NoteItem = tuple[str, str | int]


def _notes_sheet(ws: Worksheet, model: ReportModel) -> None:
    _header(ws, (LABELS["sheet_item"], LABELS["sheet_value"]), (18, 100))
    ws.auto_filter.ref = None  # a two-column list of facts: nothing to filter
    items = [*_run_notes(model), *_count_notes(model), *_reading_notes(), *_trouble_notes(model)]
    for r, (item, value) in enumerate(items, start=2):
        _put(ws, r, 1, item).font = Font(bold=True)
        _put(ws, r, 2, value)


def _run_notes(model: ReportModel) -> list[NoteItem]:
    """The banner's warning first, then what was audited and the run it rests on."""
    run, catalog = model.run_view, model.catalog
    warning: list[NoteItem] = (
        [(LABELS["sheet_warning"], model.banner.message)] if model.banner else []
    )
    return [
        *warning,
        (LABELS["sheet_portal"], model.profile_name),
        (LABELS["sheet_catalog"], catalog.title),
        (LABELS["sheet_source"], catalog.source.citation),
        (LABELS["catalog_id"], catalog.id),
        (LABELS["run_id"], run.id),
        (LABELS["started_at"], run.started_at),
        (LABELS["finished_at"], run.finished_at),
        (LABELS["pages_fetched"], run.pages_fetched),
        (LABELS["error_count"], run.error_count),
        (LABELS["outcome"], run.outcome_label),
        (
            LABELS["columns_reached"],
            f"{LABELS['columns_reached_of']} {run.columns_reached} {LABELS['of']} "
            f"{run.columns_total}",
        ),
        (LABELS["sheet_notes_title"], LABELS["time_zone_note"]),
    ]


def _count_notes(model: ReportModel) -> list[NoteItem]:
    """Rows per verdict, then findings per verdict, in display order."""
    dot = LABELS["dot"]
    rows = LABELS["sheet_row_counts"]
    findings = LABELS["sheet_finding_counts"]
    history = model.history
    changes = LABELS["sheet_change_counts"]
    compared: list[NoteItem] = (
        [(f"{changes}{dot}{s}", n) for s, n in history.counts.items]
        if history.compared
        else [(changes, LABELS["history_first"])]
    )
    return [
        *((f"{rows}{dot}{v}", model.row_counts[v]) for v in VERDICT_DISPLAY_ORDER),
        *((f"{findings}{dot}{v}", model.finding_counts[v]) for v in VERDICT_DISPLAY_ORDER),
        *compared,
    ]


def _reading_notes() -> list[NoteItem]:
    meanings = "\n".join(f"{v}{LABELS['colon']}{VERDICT_HINTS[v]}" for v in VERDICT_DISPLAY_ORDER)
    statuses = "\n".join(f"{s}{LABELS['colon']}{hint}" for s, hint in STATUS_HINTS.items())
    return [
        (LABELS["sheet_verdict_meanings"], meanings),
        (LABELS["sheet_status_meanings"], statuses),
        (LABELS["sheet_how_to_read"], LABELS["sheet_how_to_read_text"]),
    ]


def _trouble_notes(model: ReportModel) -> list[NoteItem]:
    """The run's errors and the columns it did not reach, when there are any."""
    items: list[NoteItem] = []
    if model.run.errors:
        items.append((LABELS["banner_errors"], fit_lines(model.run.errors)))
    unreached = [c for c in model.run.columns if not c.reached]
    if unreached:
        lines = [f"{c.name}{LABELS['colon']}{c.error} {c.url}" for c in unreached]
        items.append((LABELS["banner_unreached"], fit_lines(lines)))
    return items


def build_workbook(model: ReportModel) -> Workbook:
    wb = Workbook()
    _task_sheet(wb.active, model)
    reserved = [TASK_SHEET_NAME, NOTES_SHEET_NAME, ORPHAN_SHEET_NAME]
    names = sheet_names([u.name for u in model.units], taken=reserved)
    for unit, sheet_name in zip(model.units, names, strict=True):
        _unit_sheet(wb.create_sheet(sheet_name), unit)
    if model.orphans:
        ws = wb.create_sheet(ORPHAN_SHEET_NAME)
        _header(ws, ORPHAN_COLUMNS, ORPHAN_WIDTHS)
        for r, f in enumerate(model.orphans, start=2):
            _gap_row(ws, r, (f.row_id,), f, LABELS["enum_sep"].join(f.units))
    _notes_sheet(wb.create_sheet(NOTES_SHEET_NAME), model)
    return wb


def write_workbook(model: ReportModel, path: Path) -> None:
    """Save the workbook via a temporary file and rename (never half a file on disk)."""
    tmp = path.with_name(path.name + ".tmp")
    build_workbook(model).save(tmp)
    tmp.replace(path)
