"""The 工作台账 workbook, built from the same view model as the HTML report (never from the HTML).

Sheets: 工作台账 (the office's ledger, ``reports.ledger``: one line per task and gap, with empty
完成情况 / 整改措施 / 备注 columns for the units to fill in), one sheet per unit that must fix
something (its share of the ledger, ready to forward, with what changed since the previous run),
未匹配任务 when findings name an unknown row, 证据清单 when a gap cites more pages than the
evidence columns hold, and 说明 (what the verdicts mean, the run the report rests on).

Every sheet prints as an office prints a 台账: landscape A4, all columns on one page width, the
header row on every page, 第 N 页，共 M 页 in the footer, rows as tall as their wrapped text.
Every string is written as text (a scraped title starting with ``=`` must not become a formula;
control characters Excel rejects are dropped); numbers and dates are typed, so a clerk can sort
and filter; every evidence URL is a link in its own cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from unicodedata import east_asian_width

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from checks.findings import Verdict
from reports.ledger import LedgerLine, ledger_lines, orphan_line, unit_sheets
from reports.palette import VERDICT_COLOURS
from reports.views import EvidenceView, ReportModel
from reports.vocabulary import (
    LABELS,
    NOTES_SHEET_NAME,
    ORPHAN_SHEET_NAME,
    STATUS_HINTS,
    VERDICT_DISPLAY_ORDER,
    VERDICT_HINTS,
)

#: Excel's limits: sheet names, and characters in one cell.
SHEET_NAME_MAX = 31
CELL_MAX = 32_767
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Excel reserves "History" (case-insensitively) for change tracking.
_RESERVED_SHEET_NAMES = frozenset({"history"})

LEDGER_SHEET_NAME = "工作台账"
#: The workbook's own words. They belong in ``reports.vocabulary`` with the page's labels; they
#: stay here until that module's owner moves them (the lead's split of issue 13's work).
XLSX_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "evidence": "证据链接",
        "more_links": "另有{}条证据链接，见“证据清单”",
        "footer": "第 &P 页，共 &N 页",
        "date_format": "yyyy-mm-dd",  # fits an 11-wide column; 2023年12月31日 would show ###
        "progress_prompt": "请选择：已完成、整改中或未启动",
        "sheet_ledger_how": (
            "“工作台账”按任务表顺序列出每项任务发现的每个问题，一行一个问题；未发现问题的任务占一行。"
            "同一问题涉及几项任务时，在每项任务下各列一行，并注明另见的任务序号，只需整改一次。"
            "每个证据链接单独一格，均可点击打开原网页；链接多于三个的问题，全部链接见“证据清单”。"
            "完成情况、整改措施、备注三列由责任单位填写。"
            "各责任单位一张表，列出其负责的全部问题，可直接转交。"
        ),
        "sheet_rectify": "整改期限",
        "sheet_rectify_text": "核验结果为“不符合”的问题，整改期限为抓取之日起{}个工作日",
        "sheet_timing": "时限状态含义",
        "sheet_timing_text": (
            "逾期：任务表规定的完成时限已过而问题仍为“不符合”；"
            "临近时限：问题仍为“不符合”，完成时限在抓取之日起30日内。"
        ),
        "sheet_progress": "完成情况填写",
    }
)
L = XLSX_LABELS
#: What a unit writes in 完成情况 (a drop-down list: one spelling, so the office can count).
PROGRESS_CHOICES: tuple[str, ...] = ("已完成", "整改中", "未启动")

#: Lines below the ledger that still offer the 完成情况 list (the office adds its own lines).
SPARE_LINES = 200


def _spec(text: str) -> tuple[tuple[str, int], ...]:
    """Columns written as ``name:width`` pairs: ``"序号:6 备注:14"``."""
    return tuple((name, int(width)) for name, width in (p.split(":") for p in text.split()))


#: The ledger's columns before the evidence links, and after them (widths in characters).
LEDGER_HEAD = _spec(
    "序号:5 任务序号:5 一级任务:10 二级任务:12 具体要求:26 责任单位:12 完成时限:11 时限状态:7"
    " 核验结果:8 问题描述:36"
)
LEDGER_TAIL = _spec("整改期限:11 完成情况:8 整改措施:16 备注:10")
#: Evidence columns at most: a gap citing more pages (多元化解读 cites every 解读 it counted)
#: shows the first ones and a link to 证据清单, which lists them all, each a link; one such gap
#: must not make every line of the ledger wider and its print smaller.
EVIDENCE_COLUMNS_MAX = 3
EVIDENCE_SHEET_NAME = "证据清单"
EVIDENCE_SHEET = _spec("序号:5 任务序号:6 问题描述:60 证据链接:60")
#: A unit's sheet adds, before 整改期限, what became of each gap since the previous run.
HISTORY_COLUMNS = _spec("变化:8 首次发现:11")
EVIDENCE_WIDTH = 22

HEADER_FILL = PatternFill("solid", fgColor="FFB7141B")
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
LINK_FONT = Font(color="FF1A55A8", underline="single")
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


def _put(
    ws: Worksheet, row: int, column: int, value: str | int | dt.date | None, align: Alignment = WRAP
) -> Cell:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean(value)
        # openpyxl stores "=…" as a formula; a scraped title must stay text.
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = L["date_format"]
    else:
        cell.value = value
    cell.alignment = align
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


def _evidence_count(groups: Iterable[Sequence[EvidenceView]]) -> int:
    """Evidence columns a sheet needs: the most any line has, at least one, at most the cap."""
    return min(max((len(g) for g in groups), default=1) or 1, EVIDENCE_COLUMNS_MAX)


def _columns(
    head: Sequence[tuple[str, int]], links: int, tail: Sequence[tuple[str, int]]
) -> list[tuple[str, int]]:
    """A sheet's columns: ``head``, 证据链接, 证据链接2 … (``links`` of them), ``tail``."""
    evidence = [
        (L["evidence"] + (str(i) if i > 1 else ""), EVIDENCE_WIDTH) for i in range(1, links + 1)
    ]
    return [*head, *evidence, *tail]


def _header(ws: Worksheet, columns: Sequence[tuple[str, int]], last_row: int) -> None:
    """The header row (frozen, filtered), column widths, and the page set up for printing."""
    for i, (title, width) in enumerate(columns, start=1):
        cell = _put(ws, 1, i, title)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, CENTRE
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last_row, 1)}"
    _fit_height(ws, 1)
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    """Landscape A4, every column on one page width (as many pages down as it takes), the
    header row repeated on every page, and 第 N 页，共 M 页 in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.center.text = "&A"  # the sheet's name: the unit, or 工作台账
    ws.oddFooter.center.text = L["footer"]


def _fit_height(ws: Worksheet, row: int) -> None:
    """Make ``row`` tall enough for its wrapped text: neither Excel nor LibreOffice grows a row
    saved without a height, and a printed 台账 would show one line of every cell."""
    lines = 1
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.value:
            room = max((ws.column_dimensions[cell.column_letter].width or 9) - 1, 1)
            wide = [
                sum(2 if east_asian_width(ch) in "WF" else 1 for ch in part)
                for part in cell.value.split("\n")
            ]
            lines = max(lines, sum(max(1, -(-w // room)) for w in wide))
    ws.row_dimensions[row].height = min(409, 14.5 * lines + 3)  # points; Excel's cap is 409


def _verdict_cell(ws: Worksheet, row: int, column: int, verdict: Verdict) -> None:
    cell = _put(ws, row, column, str(verdict))
    colours = VERDICT_COLOURS[verdict]
    cell.fill = PatternFill("solid", fgColor=colours.light_argb)
    cell.font = Font(bold=True, color=colours.strong_argb)
    cell.alignment = CENTRE


def _evidence_cells(
    ws: Worksheet, row: int, column: int, evidence: Sequence[EvidenceView], anchor: int = 0
) -> None:
    """One URL per cell, each a link when it is a web address (http/https); with more than the
    columns hold, the last one says how many more and links to their block in 证据清单."""
    links = len(evidence) if anchor == 0 else EVIDENCE_COLUMNS_MAX - 1
    for i, item in enumerate(evidence[:links]):
        cell = _put(ws, row, column + i, item.url)
        if item.href:
            cell.hyperlink, cell.font = item.href, LINK_FONT
    if anchor:
        cell = _put(ws, row, column + links, L["more_links"].format(len(evidence) - links))
        where = f"'{EVIDENCE_SHEET_NAME}'!D{anchor}"
        cell.hyperlink, cell.font = Hyperlink(ref=cell.coordinate, location=where), LINK_FONT


def _overflow(lines: Iterable[LedgerLine]) -> list[LedgerLine]:
    """The lines whose evidence the columns cannot hold, one per evidence list, first first."""
    found: dict[tuple[EvidenceView, ...], LedgerLine] = {}
    for line in lines:
        if len(line.evidence) > EVIDENCE_COLUMNS_MAX:
            found.setdefault(line.evidence, line)
    return list(found.values())


def _evidence_sheet(ws: Worksheet, blocks: Sequence[LedgerLine]) -> None:
    """证据清单: every page of each gap that cites more than the columns hold, one per row and
    each a link, gap after gap (the ledger's last evidence cell links to the gap's first row)."""
    _header(ws, EVIDENCE_SHEET, 1 + sum(len(line.evidence) for line in blocks))
    r = 2
    for line in blocks:
        for item in line.evidence:
            _put(ws, r, 1, r - 1, CENTRE)
            _put(ws, r, 2, _seq(line.seq), CENTRE)
            _put(ws, r, 3, line.description)
            _evidence_cells(ws, r, 4, (item,))
            _fit_height(ws, r)
            r += 1


def _seq(text: str) -> int | str:
    """A task's 序号 as a number when it is one (so it sorts 1, 2 … 10), else as written."""
    return int(text) if text.isdigit() else text


def _progress_list(ws: Worksheet, column: int, last_row: int) -> None:
    """完成情况 offers 已完成 / 整改中 / 未启动, so every unit spells its progress the same way."""
    letter = get_column_letter(column)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(PROGRESS_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",  # a unit may still write something else, after a warning
        error=L["progress_prompt"],
    )
    choice.add(f"{letter}2:{letter}{max(last_row, 2)}")
    ws.add_data_validation(choice)


def _lines_sheet(
    ws: Worksheet,
    lines: Sequence[LedgerLine],
    anchors: Mapping[tuple[EvidenceView, ...], int],
    *,
    history: bool,
) -> None:
    """The ledger, or a unit's share of it (``history``: with 变化 and 首次发现)."""
    links = _evidence_count(line.evidence for line in lines)
    middle = HISTORY_COLUMNS if history else ()
    _header(ws, _columns(LEDGER_HEAD, links, (*middle, *LEDGER_TAIL)), len(lines) + 1)
    for r, line in enumerate(lines, start=2):
        _put(ws, r, 1, r - 1, CENTRE)
        _put(ws, r, 2, _seq(line.seq), CENTRE)
        for c, text in enumerate((line.section, line.task, line.requirement, line.unit), start=3):
            _put(ws, r, c, text)
        _put(ws, r, 7, line.deadline, CENTRE)
        timing = _put(ws, r, 8, line.timing, CENTRE)
        if line.timing:  # 逾期 red, 临近时限 amber
            late = Verdict.FAIL if line.timing == LABELS["overdue"] else Verdict.UNVERIFIED
            timing.font = Font(bold=True, color=VERDICT_COLOURS[late].strong_argb)
        if line.gone:
            _put(ws, r, 9, line.status, CENTRE)
        else:
            _verdict_cell(ws, r, 9, line.verdict)
        _put(ws, r, 10, line.description)
        anchor = anchors.get(line.evidence, 0) if len(line.evidence) > links else 0
        _evidence_cells(ws, r, len(LEDGER_HEAD) + 1, line.evidence, anchor)
        c = len(LEDGER_HEAD) + links + 1
        if history:
            _put(ws, r, c, line.status, CENTRE)
            _put(ws, r, c + 1, line.first_seen, CENTRE)
            c += len(HISTORY_COLUMNS)
        _put(ws, r, c, line.rectify_by, CENTRE)
        for blank in range(c + 1, c + 4):
            _put(ws, r, blank, None)  # 完成情况, 整改措施, 备注: the unit fills them in
        _fit_height(ws, r)
    first_blank = len(LEDGER_HEAD) + links + len(middle) + 2
    _progress_list(ws, first_blank, len(lines) + 1 + SPARE_LINES)


#: One line of the 说明 sheet: what it is, and its value.
NoteItem = tuple[str, str | int]


def _notes_sheet(ws: Worksheet, model: ReportModel) -> None:
    parts = (_run_notes, _count_notes, _reading_notes, _trouble_notes)
    items = [item for part in parts for item in part(model)]
    _header(ws, ((LABELS["sheet_item"], 18), (LABELS["sheet_value"], 100)), len(items) + 1)
    ws.auto_filter.ref = None  # a two-column list of facts: nothing to filter
    ws.page_setup.orientation = "portrait"
    for r, (item, value) in enumerate(items, start=2):
        _put(ws, r, 1, item).font = Font(bold=True)
        _put(ws, r, 2, value)
        _fit_height(ws, r)


def _run_notes(model: ReportModel) -> list[NoteItem]:
    """The banner's warning first, then what was audited and the run it rests on."""
    run, catalog, of = model.run_view, model.catalog, LABELS["of"]
    reached = f"{LABELS['columns_reached_of']} {run.columns_reached} {of} {run.columns_total}"
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
        (LABELS["columns_reached"], reached),
        (LABELS["sheet_notes_title"], LABELS["time_zone_note"]),
    ]


def _count_notes(model: ReportModel) -> list[NoteItem]:
    """Rows per verdict, gaps (what the office fixes and counts) and those overdue, then
    findings per verdict, in display order."""
    dot, history, changes = LABELS["dot"], model.history, LABELS["sheet_change_counts"]
    rows, findings, gaps = (
        LABELS["sheet_row_counts"],
        LABELS["sheet_finding_counts"],
        LABELS["gap_count"],
    )
    compared: list[NoteItem] = (
        [(f"{changes}{dot}{s}", n) for s, n in history.counts.items]
        if history.compared
        else [(changes, LABELS["history_first"])]
    )
    return [
        *((f"{rows}{dot}{v}", model.row_counts[v]) for v in VERDICT_DISPLAY_ORDER),
        *((f"{gaps}{dot}{v}", model.gap_counts[v]) for v in (Verdict.FAIL, Verdict.UNVERIFIED)),
        (f"{gaps}{dot}{LABELS['overdue']}", model.overdue),
        *((f"{findings}{dot}{v}", model.finding_counts[v]) for v in VERDICT_DISPLAY_ORDER),
        *compared,
    ]


def _reading_notes(model: ReportModel) -> list[NoteItem]:
    """What the verdicts, the statuses, 整改期限 and 时限状态 mean, and how to fill the ledger."""
    colon = LABELS["colon"]
    meanings = "\n".join(f"{v}{colon}{VERDICT_HINTS[v]}" for v in VERDICT_DISPLAY_ORDER)
    statuses = "\n".join(f"{s}{colon}{hint}" for s, hint in STATUS_HINTS.items())
    workdays = model.catalog.notice.rectify_workdays
    return [
        (LABELS["sheet_verdict_meanings"], meanings),
        (LABELS["sheet_status_meanings"], statuses),
        (L["sheet_rectify"], L["sheet_rectify_text"].format(workdays)),
        (L["sheet_timing"], L["sheet_timing_text"]),
        (L["sheet_progress"], LABELS["enum_sep"].join(PROGRESS_CHOICES)),
        (LABELS["sheet_how_to_read"], L["sheet_ledger_how"]),
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
    """The workbook of ``model``: the ledger, a sheet per unit, orphans, 证据清单, then 说明."""
    wb = Workbook()
    lines = ledger_lines(model)
    units = unit_sheets(model, lines)
    orphans = [orphan_line(f) for f in model.orphans]
    overflow = _overflow([*lines, *(line for _, mine in units for line in mine), *orphans])
    anchors: dict[tuple[EvidenceView, ...], int] = {}
    row = 2  # where each overflowing gap's block starts in 证据清单
    for line in overflow:
        anchors[line.evidence], row = row, row + len(line.evidence)
    ws = wb.active
    ws.title = LEDGER_SHEET_NAME
    _lines_sheet(ws, lines, anchors, history=False)
    reserved = [LEDGER_SHEET_NAME, NOTES_SHEET_NAME, ORPHAN_SHEET_NAME, EVIDENCE_SHEET_NAME]
    names = sheet_names([name for name, _ in units], taken=reserved)
    for (_, mine), sheet_name in zip(units, names, strict=True):
        _lines_sheet(wb.create_sheet(sheet_name), mine, anchors, history=True)
    if orphans:
        _lines_sheet(wb.create_sheet(ORPHAN_SHEET_NAME), orphans, anchors, history=False)
    if overflow:
        _evidence_sheet(wb.create_sheet(EVIDENCE_SHEET_NAME), overflow)
    _notes_sheet(wb.create_sheet(NOTES_SHEET_NAME), model)
    return wb


def write_workbook(model: ReportModel, path: Path) -> None:
    """Save the workbook via a temporary file and rename (never half a file on disk)."""
    tmp = path.with_name(path.name + ".tmp")
    build_workbook(model).save(tmp)
    tmp.replace(path)
