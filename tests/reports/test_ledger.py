"""The 工作台账 as offices keep it (issue 13): one line per (task, gap), the office's columns,
typed numbers and dates, every URL a link, empty columns for the units, and a printable page.

The workbook is built from the view model alone (``build_model`` → ``build_workbook``), so these
tests hold whatever the HTML side does; ``test_reports_xlsx`` checks the written report whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import reports.ledger
from checks.catalog import Catalog
from checks.findings import Evidence, Finding, Verdict, key_of
from checks.history import Judged, PastRun, compare
from checks.records import RunRecord
from reports.model import build_model
from reports.xlsx import PROGRESS_CHOICES, write_workbook

LEDGER_HEADERS = (
    "序号",
    "任务序号",
    "一级任务",
    "二级任务",
    "具体要求",
    "责任单位",
    "完成时限",
    "时限状态",
    "核验结果",
    "问题描述",
    "证据链接",
    "证据链接2",  # row 1's second gap cites two pages: its document and the 解读
    "整改期限",
    "完成情况",
    "整改措施",
    "备注",
)
#: The conftest run starts 2026-11-20 18:00 UTC: the report's date is 2026-11-21 (Beijing).
RECTIFY_BY = dt.datetime(2026, 12, 4)  # 10 working days after Saturday 2026-11-21


@pytest.fixture
def build_ledger(
    tmp_path: Path,
    build_catalog: Callable[..., Catalog],
    build_run: Callable[..., RunRecord],
    findings: tuple[Finding, ...],
) -> Callable[..., Workbook]:
    """Write the workbook of the conftest report (or of the run and findings given) and read
    it back as a clerk's spreadsheet program would."""

    def build(run: RunRecord | None = None, found: tuple[Finding, ...] = findings) -> Workbook:
        model = build_model(build_catalog(), run or build_run(), found, profile_name="示例县")
        path = tmp_path / "工作台账.xlsx"
        write_workbook(model, path)
        return load_workbook(path)

    return build


@pytest.fixture
def ledger(build_ledger: Callable[..., Workbook]) -> Worksheet:
    return build_ledger()["工作台账"]


def _records(ws: Worksheet) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _column(ws: Worksheet, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def test_the_ledger_is_the_first_sheet_with_the_office_columns_in_order(
    build_ledger: Callable[..., Workbook],
) -> None:
    wb = build_ledger()
    assert wb.sheetnames[0] == "工作台账"
    assert tuple(c.value for c in wb["工作台账"][1]) == LEDGER_HEADERS


def test_each_gap_is_a_line_under_its_task_and_a_task_without_gaps_is_one_line(
    ledger: Worksheet,
) -> None:
    assert [(r["序号"], r["任务序号"], r["核验结果"], r["责任单位"]) for r in _records(ledger)] == [
        (1, 1, "不符合", "县政府办公室"),  # the document's unit is the row's first
        (2, 1, "不符合", "县发展和改革局"),  # the document names its own unit
        (3, 2, "未能核验", "县政务服务管理办公室"),
        (4, 3, "符合", "县司法局"),
        (5, 4, "未能核验", "县政府办公室"),  # checks configured, nothing to judge by
        (6, 5, "需人工核验", "县委网信办"),
        (7, 6, "不符合", "未明确责任单位"),  # the table names only groups: no unit to send it to
    ]


def test_a_line_says_what_is_wrong_with_which_document(ledger: Worksheet) -> None:
    text = {r["序号"]: r["问题描述"] for r in _records(ledger)}
    assert text[2] == (
        "【解读与政策原文双向关联】《示例县优化营商环境若干措施》（示政办发〔2026〕8号，"
        "2026-04-02）解读页面链接了原文，但原文页面未链接解读。"
    )
    assert text[4] == "未发现问题。"
    assert text[6] == "需人工核验：政务新媒体账号内容不在门户网站上，需人工登录查看。"


def test_numbers_and_dates_are_typed_for_sorting_and_filtering(ledger: Worksheet) -> None:
    seq, due, fix_by = ledger["A8"], ledger["G8"], ledger["M8"]
    assert (seq.value, seq.data_type) == (7, "n")
    assert ledger["B8"].value == 6
    assert (due.value, due.is_date, due.number_format) == (
        dt.datetime(2026, 1, 31),
        True,
        "yyyy-mm-dd",
    )
    assert (fix_by.value, fix_by.is_date) == (RECTIFY_BY, True)


def test_a_deadline_without_a_date_stays_in_the_tables_words(
    build_catalog: Callable[..., Catalog],
    build_run: Callable[..., RunRecord],
    tmp_path: Path,
) -> None:
    row = build_catalog().rows[4].model_copy(update={"deadline": "长期坚持"})
    model = build_model(build_catalog((row,)), build_run(), [])
    write_workbook(model, tmp_path / "a.xlsx")
    cell = load_workbook(tmp_path / "a.xlsx")["工作台账"]["G2"]
    assert (cell.value, cell.data_type) == ("长期坚持", "s")


def test_every_evidence_url_is_a_link_in_its_own_cell(ledger: Worksheet) -> None:
    first = _column(ledger, "证据链接")
    links = [
        (cell.value, cell.hyperlink.target if cell.hyperlink else None)
        for row in ledger.iter_rows(min_row=2, min_col=first, max_col=first + 1)
        for cell in row
        if cell.value
    ]
    base = "https://www.example-county.gov.cn"
    assert links == [
        (f"{base}/xxgk/zcwj/202603/t20260315_1001.html",) * 2,
        (f"{base}/xxgk/zcwj/202604/t20260402_1002.html",) * 2,
        (f"{base}/xxgk/zcjd/202604/t20260403_2002.html",) * 2,
        (f"{base}/xxgk/zcjd/",) * 2,
        (f"{base}/xxgk/ndbg/",) * 2,
    ]


def test_only_an_open_gap_gets_a_rectify_date(ledger: Worksheet) -> None:
    dates = {r["序号"]: r["整改期限"] for r in _records(ledger)}
    assert dates == {
        1: RECTIFY_BY,
        2: RECTIFY_BY,
        3: None,
        4: None,
        5: None,
        6: None,
        7: RECTIFY_BY,
    }


def test_an_open_gap_past_its_rows_deadline_is_overdue_and_one_close_to_it_due_soon(
    build_ledger: Callable[..., Workbook], build_run: Callable[..., RunRecord]
) -> None:
    later = build_run(started_at="2026-12-04T18:00:00+00:00")  # Beijing 2026-12-05
    marks = {r["序号"]: r["时限状态"] for r in _records(build_ledger(later)["工作台账"])}
    # rows 1 (全年: 2026-12-31) due soon; row 2's 6月底前 passed, but 未能核验 is not late;
    # row 6's 1月31日前 passed long ago.
    assert marks == {
        1: "临近时限",
        2: "临近时限",
        3: None,
        4: None,
        5: None,
        6: None,
        7: "逾期",
    }


def test_a_gap_several_tasks_cite_is_listed_under_each_and_names_the_others(
    build_ledger: Callable[..., Workbook], findings: tuple[Finding, ...]
) -> None:
    again = dataclasses.replace(findings[0], row="4", check="interpretation_published")
    lines = _records(build_ledger(found=(*findings, again))["工作台账"])
    cited = [(r["任务序号"], r["问题描述"]) for r in lines if "1001" in str(r["证据链接"])]
    assert [seq for seq, _ in cited] == [1, 4]
    assert str(cited[0][1]).endswith("（同一问题另见任务序号4）")
    assert str(cited[1][1]).endswith("（同一问题另见任务序号1）")
    alone = next(r for r in lines if "1002" in str(r["证据链接"]))
    assert "另见" not in str(alone["问题描述"])


def test_a_failed_crawl_leaves_no_gap_called_不符合_nor_given_a_deadline(
    build_ledger: Callable[..., Workbook], build_run: Callable[..., RunRecord]
) -> None:
    lines = _records(build_ledger(build_run("failed"))["工作台账"])
    assert [r["核验结果"] for r in lines] == ["未能核验"] * 5 + ["需人工核验", "未能核验"]
    assert str(lines[0]["问题描述"]).startswith("（本次抓取失败，仅供参考）【政策文件已发布解读】")
    assert {r["整改期限"] for r in lines} == {None}
    assert {r["时限状态"] for r in lines} == {None}


def test_the_units_fill_in_columns_are_empty_and_offer_three_progress_choices(
    ledger: Worksheet,
) -> None:
    lines = _records(ledger)
    assert {(r["完成情况"], r["整改措施"], r["备注"]) for r in lines} == {(None, None, None)}
    (choice,) = ledger.data_validations.dataValidation
    assert choice.formula1 == '"' + ",".join(PROGRESS_CHOICES) + '"' == '"已完成,整改中,未启动"'
    assert str(choice.sqref) == "N2:N208"  # 完成情况, the lines and 200 more for the office


def test_every_sheet_has_a_frozen_filtered_header(build_ledger: Callable[..., Workbook]) -> None:
    wb = build_ledger()
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
    assert wb["工作台账"].auto_filter.ref == "A1:P8"


@pytest.mark.parametrize("sheet", ["工作台账", "县政府办公室", "说明"])
def test_each_sheet_prints_on_a4_fit_to_width_with_its_header_and_page_numbers(
    build_ledger: Callable[..., Workbook], sheet: str
) -> None:
    ws = build_ledger()[sheet]
    setup = ws.page_setup
    assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert setup.orientation == ("portrait" if sheet == "说明" else "landscape")
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_rows_are_as_tall_as_their_wrapped_text(ledger: Worksheet) -> None:
    heights = {r: ledger.row_dimensions[r].height for r in range(1, 9)}
    # Line 1's 问题描述 wraps to four lines in its 36-wide column; line 4 says only 未发现问题。
    # but its 二级任务 (行政规范性文件标注有效性) takes three lines of the 12-wide column.
    assert heights[2] == 14.5 * 4 + 3
    assert heights[5] == 14.5 * 3 + 3
    assert ledger["J2"].alignment.wrap_text


def test_a_unit_sheet_lists_its_gaps_with_requirement_deadline_and_rectify_date(
    build_ledger: Callable[..., Workbook],
) -> None:
    wb = build_ledger()
    assert wb.sheetnames == [
        "工作台账",
        "县政府办公室",
        "县发展和改革局",
        "县政务服务管理办公室",
        "未明确责任单位",
        "说明",
    ]
    (line,) = _records(wb["县发展和改革局"])
    assert (line["任务序号"], line["具体要求"], line["完成时限"], line["整改期限"]) == (
        1,
        "以县政府及办公室名义印发的政策文件，应同步发布政策解读，并与原文双向关联。",
        dt.datetime(2026, 12, 31),
        RECTIFY_BY,
    )
    assert (line["责任单位"], line["核验结果"], line["变化"]) == ("县发展和改革局", "不符合", None)


def test_a_gap_citing_more_pages_than_the_columns_hold_links_to_all_of_them_in_证据清单(
    build_ledger: Callable[..., Workbook], findings: tuple[Finding, ...]
) -> None:
    pages = tuple(
        Evidence(url=f"https://www.example-county.gov.cn/xxgk/zcjd/t{i}.html", label="解读")
        for i in range(1, 6)
    )
    forms = Finding(
        check="interpretation_forms",
        row="3",
        verdict=Verdict.FAIL,
        subject="column:zcjd",
        title="政策解读",
        message="多元化解读占比 20%（1/5），低于 50%",
        evidence=pages,
    )
    wb = build_ledger(found=(*findings, forms))
    line = next(r for r in wb["工作台账"].iter_rows(min_row=2) if r[1].value == 3)
    links = [(c.value, c.hyperlink.target) for c in line[10:12]]
    assert links == [(e.url, e.url) for e in pages[:2]]
    more = line[12]
    assert (more.value, more.hyperlink.location) == (
        "另有3条证据链接，见“证据清单”",
        "'证据清单'!D2",
    )
    assert wb.sheetnames[-2:] == ["证据清单", "说明"]
    listed = [
        (r[1].value, r[3].value, r[3].hyperlink.target) for r in wb["证据清单"].iter_rows(min_row=2)
    ]
    assert listed == [(3, e.url, e.url) for e in pages]


def test_without_such_a_gap_there_is_no_证据清单(build_ledger: Callable[..., Workbook]) -> None:
    assert "证据清单" not in build_ledger().sheetnames


def test_the_ledger_module_doctests_pass() -> None:
    assert doctest.testmod(reports.ledger).failed == 0


def test_a_unit_sheet_says_what_changed_since_the_previous_run(
    tmp_path: Path,
    build_catalog: Callable[..., Catalog],
    build_run: Callable[..., RunRecord],
    findings: tuple[Finding, ...],
) -> None:
    """Last night row 1's first document passed and row 3 had a gap, fixed since; tonight the
    first is a new gap (县政府办公室's) and the fixed one shows on 县司法局's sheet as 已整改."""
    catalog = build_catalog()
    fixed = dataclasses.replace(
        findings[4], verdict=Verdict.FAIL, subject=findings[4].subject.replace("3001", "3000")
    )
    before = [dataclasses.replace(findings[0], verdict=Verdict.PASS), *findings[1:], fixed]
    past = PastRun(
        16,
        "2026-11-19T18:00:00+00:00",
        True,
        tuple(Judged(key_of(catalog.id, f), f.subject, f.verdict) for f in before),
    )
    history = compare(
        catalog.id,
        17,
        "2026-11-20T18:00:00+00:00",
        list(findings),
        complete=True,
        past=[past],
        last_gaps={key_of(catalog.id, fixed): fixed},
    )
    model = build_model(catalog, build_run(), findings, history=history)
    write_workbook(model, tmp_path / "h.xlsx")
    wb = load_workbook(tmp_path / "h.xlsx")
    new = _records(wb["县政府办公室"])
    assert [(r["任务序号"], r["变化"], r["首次发现"]) for r in new] == [
        (1, "新增", dt.datetime(2026, 11, 21))
    ]
    gone = _records(wb["县司法局"])
    assert [(r["任务序号"], r["核验结果"], r["变化"], r["整改期限"]) for r in gone] == [
        (3, "已整改", "已整改", None)
    ]
