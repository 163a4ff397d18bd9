"""The 工作台账 workbook: the same findings as the HTML report, laid out for clerks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from checks.catalog import Catalog, CatalogRow
from checks.findings import Evidence, Finding, Verdict
from checks.records import RunRecord
from reports.palette import VERDICT_COLOURS
from reports.render import ReportPaths, render_report
from reports.vocabulary import TASK_SHEET_COLUMNS, UNIT_SHEET_COLUMNS
from reports.xlsx import sheet_names

Gap = tuple[str, str, str]  # (row id, title, verdict)
LINE = re.compile(r"^\d+\. 【(?P<verdict>[^】]+)】[^：]*：《(?P<title>.*)》")


def _records(ws: Worksheet) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _workbook_gaps(path: Path, catalog: Catalog) -> tuple[set[Gap], set[Gap]]:
    """(gaps in 全部任务's 问题清单, gaps on the unit sheets), as (row id, title, verdict)."""
    row_of = {r.seq: r.id for r in catalog.rows}
    wb = load_workbook(path)
    task_gaps = set()
    for record in _records(wb["全部任务"]):
        for line in str(record["问题清单"] or "").splitlines():
            match = LINE.match(line)
            if match:
                task_gaps.add((row_of[str(record["序号"])], match["title"], match["verdict"]))
    unit_gaps = {
        (row_of[str(r["序号"])], str(r["标题"]), str(r["核验结果"]))
        for ws in wb.worksheets
        if ws.title not in {"全部任务", "说明"}
        for r in _records(ws)
    }
    return task_gaps, unit_gaps


def test_the_workbook_holds_exactly_the_findings_of_the_html_report(
    report: ReportPaths, build_catalog: Callable[..., Catalog]
) -> None:
    doc = lxml.html.document_fromstring(report.html.read_text(encoding="utf-8"))

    def title(el: lxml.html.HtmlElement) -> str:
        return "".join(t.text_content() for t in el.find_class("doc-title"))

    html_tasks = {
        (li.get("data-row"), title(li), li.get("data-verdict"))
        for li in doc.xpath("//article//li[contains(@class, 'gap')]")
    }
    html_units = {
        (tr.get("data-row"), title(tr), tr.get("data-verdict"))
        for tr in doc.xpath("//tr[contains(@class, 'unit-gap')]")
    }
    data = json.loads(report.json.read_text(encoding="utf-8"))
    from_json = {
        (f["row"], f["title"], f["verdict"]) for f in data["findings"] if f["verdict"] != "符合"
    }
    task_gaps, unit_gaps = _workbook_gaps(report.xlsx, build_catalog())
    assert len(from_json) == 4
    assert task_gaps == unit_gaps == html_tasks == html_units == from_json


def test_the_task_sheet_has_the_county_columns_and_one_row_per_task(report: ReportPaths) -> None:
    ws = load_workbook(report.xlsx)["全部任务"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == TASK_SHEET_COLUMNS
    assert [(r[0], r[5]) for r in rows[1:]] == [
        ("1", "不符合"),
        ("2", "未能核验"),
        ("3", "符合"),
        ("4", "未能核验"),
        ("5", "需人工核验"),
        ("6", "不符合"),
    ]


def test_the_issue_list_has_one_line_per_gap_and_the_urls_one_per_line(
    report: ReportPaths, xss_title: str
) -> None:
    row1 = _records(load_workbook(report.xlsx)["全部任务"])[0]
    assert str(row1["问题清单"]).splitlines() == [
        f"1. 【不符合】政策文件已发布解读：《{xss_title}》（示政发〔2026〕5号，2026-03-15）"
        "未找到该文件的政策解读。",
        "2. 【不符合】解读与政策原文双向关联：《示例县优化营商环境若干措施》"
        "（示政办发〔2026〕8号，2026-04-02）解读页面链接了原文，但原文页面未链接解读。",
    ]
    assert str(row1["证据链接"]).splitlines() == [
        "https://www.example-county.gov.cn/xxgk/zcwj/202603/t20260315_1001.html",
        "https://www.example-county.gov.cn/xxgk/zcwj/202604/t20260402_1002.html",
        "https://www.example-county.gov.cn/xxgk/zcjd/202604/t20260403_2002.html",
    ]


def test_rows_without_gaps_say_why_in_the_issue_list(report: ReportPaths) -> None:
    notes = {r["序号"]: r["问题清单"] for r in _records(load_workbook(report.xlsx)["全部任务"])}
    assert notes["3"] is None
    assert notes["4"] == "本次抓取未产生该任务的核验结果，无法判定。"
    assert str(notes["5"]).startswith("需人工核验：")


def test_the_first_evidence_is_a_hyperlink(report: ReportPaths) -> None:
    ws = load_workbook(report.xlsx)["全部任务"]
    assert ws["H2"].hyperlink.target == (
        "https://www.example-county.gov.cn/xxgk/zcwj/202603/t20260315_1001.html"
    )
    assert ws["H4"].hyperlink is None  # 符合: no evidence listed


def test_headers_are_frozen_and_text_wraps(report: ReportPaths) -> None:
    wb = load_workbook(report.xlsx)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
    ws = wb["全部任务"]
    assert ws["G2"].alignment.wrap_text
    assert ws.column_dimensions["C"].width == 48


def test_verdict_cells_are_filled_with_the_verdict_colour(report: ReportPaths) -> None:
    ws = load_workbook(report.xlsx)["全部任务"]
    fills = {ws.cell(r, 6).value: ws.cell(r, 6).fill.fgColor.rgb for r in range(2, 8)}
    assert fills == {v.value: VERDICT_COLOURS[v].light_argb for v in Verdict}


def test_each_unit_has_its_own_sheet_and_the_notes_sheet_comes_last(report: ReportPaths) -> None:
    wb = load_workbook(report.xlsx)
    assert wb.sheetnames == [
        "全部任务",
        "县政府办公室",
        "县司法局",
        "县发展和改革局",
        "县政务服务中心",
        "县政务服务管理办公室",
        "县委网信办",
        "各乡镇",
        "县直各部门",
        "说明",
    ]
    assert next(wb["县委网信办"].iter_rows(values_only=True)) == UNIT_SHEET_COLUMNS


def test_the_notes_sheet_carries_the_run(report: ReportPaths) -> None:
    notes = dict(load_workbook(report.xlsx)["说明"].iter_rows(min_row=2, values_only=True))
    assert (notes["抓取编号"], notes["开始时间"], notes["抓取页面数"], notes["结果"]) == (
        17,
        "2026-11-21 02:00:00",
        1234,
        "成功",
    )


def test_a_failed_run_workbook_shows_automated_rows_as_unverified(
    failed_report: ReportPaths,
) -> None:
    wb = load_workbook(failed_report.xlsx)
    verdicts = [r["核验结果"] for r in _records(wb["全部任务"])]
    assert verdicts == ["未能核验"] * 4 + ["需人工核验", "未能核验"]
    notes = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert (notes["结果"], str(notes["警示"])[:6]) == ("失败", "本次抓取失败")


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        (["县发改局", "县发改局"], ["县发改局", "县发改局(2)"]),
        (["教育[体育]局:*?/\\"], ["教育_体育_局_____"]),
        (["全部任务", "说明", "History"], ["全部任务(2)", "说明(2)", "History(2)"]),
        (["'县统计局'"], ["县统计局"]),
        (["甲" * 40, "甲" * 40], ["甲" * 31, "甲" * 28 + "(2)"]),
    ],
)
def test_unit_sheet_names_are_valid_and_distinct(units: list[str], expected: list[str]) -> None:
    assert sheet_names(units, taken=["全部任务", "说明"]) == expected


def test_a_title_that_looks_like_a_formula_stays_text(
    tmp_path: Path,
    build_catalog: Callable[..., Catalog],
    build_run: Callable[..., RunRecord],
) -> None:
    row: CatalogRow = build_catalog().rows[0]
    finding = Finding(
        check="interpretation_published",
        row=row.id,
        verdict=Verdict.FAIL,
        subject="https://x.gov.cn/1.html",
        title='=HYPERLINK("https://evil.example/","点击")',
        message="=1+1\x0b",
        evidence=(Evidence(url="https://x.gov.cn/1.html"),),
    )
    paths = render_report(
        build_catalog((row,)), build_run(), [finding], tmp_path, profile_name="示例县"
    )
    ws = load_workbook(paths.xlsx)[row.units[0]]
    assert (ws["E2"].value, ws["E2"].data_type) == (
        '=HYPERLINK("https://evil.example/","点击")',
        "s",
    )
    assert (ws["H2"].value, ws["H2"].data_type) == ("=1+1", "s")


def test_findings_for_an_unknown_row_are_listed_apart_in_page_and_workbook(
    tmp_path: Path,
    build_catalog: Callable[..., Catalog],
    build_run: Callable[..., RunRecord],
    findings: tuple[Finding, ...],
) -> None:
    stray = Finding(
        check="column_has_content",
        row="99",
        verdict=Verdict.FAIL,
        subject="xxgk_gzbg",
        title="工作报告",
        message="栏目无内容。",
        unit="县统计局",
    )
    paths = render_report(
        build_catalog(), build_run(), [*findings, stray], tmp_path, profile_name="示例县"
    )
    doc = lxml.html.document_fromstring(paths.html.read_text(encoding="utf-8"))
    shown = doc.xpath("//section[@id='orphans']//tr[@data-row='99']")
    assert [tr.find_class("doc-title")[0].text for tr in shown] == ["工作报告"]
    ws = load_workbook(paths.xlsx)["未匹配任务"]
    assert [(r["任务编号"], r["标题"], r["责任单位"]) for r in _records(ws)] == [
        ("99", "工作报告", "县统计局")
    ]
