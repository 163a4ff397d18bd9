"""The 工作台账 workbook written with the report: the same gaps as findings.json, laid out for
clerks (the ledger's own columns and print setup: ``test_ledger``)."""

from __future__ import annotations

import json
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
from reports.xlsx import sheet_names


def _records(ws: Worksheet) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_the_ledger_holds_exactly_the_gaps_of_findings_json_once_per_citing_task(
    report: ReportPaths, build_catalog: Callable[..., Catalog]
) -> None:
    seq_of = {r.id: int(r.seq) for r in build_catalog().rows}
    data = json.loads(report.json.read_text(encoding="utf-8"))
    from_json = {
        (seq_of[row], g["verdict"], g["unit"] or "未明确责任单位", g["evidence"][0]["url"])
        for g in data["gaps"]
        for row in g["rows"]
    }
    ledger = _records(load_workbook(report.xlsx)["工作台账"])
    from_ledger = {
        (r["任务序号"], r["核验结果"], r["责任单位"], r["证据链接"])
        for r in ledger
        if str(r["问题描述"]).startswith("【") and r["核验结果"] in {"不符合", "未能核验"}
    }
    assert len(from_json) == 4
    assert from_ledger == from_json


def test_each_unit_sheet_holds_the_gaps_findings_json_gives_that_unit(
    report: ReportPaths,
) -> None:
    data = json.loads(report.json.read_text(encoding="utf-8"))
    wb = load_workbook(report.xlsx)
    for gap in data["gaps"]:
        sheet = _records(wb[gap["unit"] or "未明确责任单位"])
        assert [r["证据链接"] for r in sheet] == [gap["evidence"][0]["url"]]


def test_each_unit_with_gaps_has_its_own_sheet_and_the_notes_sheet_comes_last(
    report: ReportPaths,
) -> None:
    wb = load_workbook(report.xlsx)
    data = json.loads(report.json.read_text(encoding="utf-8"))
    units = list(dict.fromkeys(g["unit"] or "未明确责任单位" for g in data["gaps"]))
    assert wb.sheetnames == ["工作台账", *units, "说明"]


def test_the_notes_sheet_carries_the_run_and_defines_the_four_verdicts(
    report: ReportPaths,
) -> None:
    notes = dict(load_workbook(report.xlsx)["说明"].iter_rows(min_row=2, values_only=True))
    assert (notes["抓取编号"], notes["开始时间"], notes["抓取页面数"], notes["结果"]) == (
        17,
        "2026-11-21 02:00:00",
        1234,
        "成功",
    )
    assert str(notes["核验结果含义"]).splitlines() == [
        "符合：已在网站上找到应公开的内容",
        "不符合：应公开的内容缺失或不规范，附证据",
        "未能核验：所需页面未能抓取，无法判定，不等于符合",
        "需人工核验：自动核验无法判断，需人工查看",
    ]
    assert notes["整改期限"] == "核验结果为“不符合”的问题，整改期限为抓取之日起10个工作日"
    assert notes["完成情况填写"] == "已完成、整改中、未启动"
    counted = (notes["问题数·不符合"], notes["问题数·未能核验"], notes["问题数·逾期"])
    assert counted == (3, 1, 1)  # gaps, not findings: what the office fixes


def test_verdict_cells_are_filled_with_the_verdict_colour(report: ReportPaths) -> None:
    ws = load_workbook(report.xlsx)["工作台账"]
    fills = {ws.cell(r, 9).value: ws.cell(r, 9).fill.fgColor.rgb for r in range(2, 9)}
    assert fills == {v.value: VERDICT_COLOURS[v].light_argb for v in Verdict}


def test_a_failed_run_workbook_shows_automated_rows_as_unverified(
    failed_report: ReportPaths,
) -> None:
    wb = load_workbook(failed_report.xlsx)
    verdicts = [r["核验结果"] for r in _records(wb["工作台账"])]
    assert verdicts == ["未能核验"] * 5 + ["需人工核验", "未能核验"]
    notes = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert (notes["结果"], str(notes["警示"])[:6]) == ("失败", "本次抓取失败")


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        (["县发改局", "县发改局"], ["县发改局", "县发改局(2)"]),
        (["教育[体育]局:*?/\\"], ["教育_体育_局_____"]),
        (["工作台账", "说明", "History"], ["工作台账(2)", "说明(2)", "History(2)"]),
        (["'县统计局'"], ["县统计局"]),
        (["甲" * 40, "甲" * 40], ["甲" * 31, "甲" * 28 + "(2)"]),
    ],
)
def test_unit_sheet_names_are_valid_and_distinct(units: list[str], expected: list[str]) -> None:
    assert sheet_names(units, taken=["工作台账", "说明"]) == expected


def test_a_unit_or_message_that_looks_like_a_formula_stays_text(
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
        title="通知",
        message="未找到\x0b解读。",
        unit='=HYPERLINK("https://evil.example/","点击")',
        evidence=(Evidence(url="https://x.gov.cn/1.html"),),
    )
    paths = render_report(
        build_catalog((row,)), build_run(), [finding], tmp_path, profile_name="示例县"
    )
    ws = load_workbook(paths.xlsx)["工作台账"]
    assert (ws["F2"].value, ws["F2"].data_type) == (
        '=HYPERLINK("https://evil.example/","点击")',
        "s",
    )
    assert ws["J2"].value == "【政策文件已发布解读】《通知》未找到解读。"


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
    assert [(r["任务序号"], r["问题描述"], r["责任单位"]) for r in _records(ws)] == [
        (99, "【栏目有内容】《工作报告》栏目无内容。", "县统计局")
    ]
