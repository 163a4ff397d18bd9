"""The report with a history: per task, per unit and in total it shows 新增 / 持续 / 已整改 /
未能核验; the first run says 首次核查; findings.json carries ids, codes and statuses; and a run
that missed pages is never called 成功."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from openpyxl import load_workbook

from checks.catalog import Catalog
from checks.findings import Finding, History, Verdict, key_of
from checks.history import Judged, PastRun, compare
from checks.records import ColumnRecord, FetchFailure, RunRecord
from reports.model import build_model
from reports.render import SCHEMA_VERSION, ReportPaths, render_report
from reports.vocabulary import LABELS

PREVIOUS = "2026-11-19T18:00:00+00:00"
NOW = "2026-11-20T18:00:00+00:00"  # the conftest run's start


def _history(catalog: Catalog, now: list[Finding], before: list[Finding]) -> History:
    past = PastRun(
        16,
        PREVIOUS,
        True,
        tuple(Judged(key_of(catalog.id, f), f.subject, f.verdict) for f in before),
    )
    gone = {key_of(catalog.id, f): f for f in before if f.verdict is Verdict.FAIL}
    return compare(catalog.id, 17, NOW, now, complete=True, past=[past], last_gaps=gone)


@pytest.fixture
def nights(
    findings: tuple[Finding, ...], build_catalog: Callable[..., Catalog]
) -> tuple[list[Finding], list[Finding], History]:
    """Last night: the conftest findings, plus a gap (row 3) fixed since by removing it.
    Tonight: the conftest findings, but row 1's first gap is new (last night it passed)."""
    catalog = build_catalog()
    gone = dataclasses.replace(
        findings[4],
        verdict=Verdict.FAIL,
        subject=findings[4].subject.replace("3001", "3000"),
        title="示例县已废止的管理办法",
        message="未标注有效性。",
    )
    new = findings[0]
    before = [dataclasses.replace(new, verdict=Verdict.PASS), *findings[1:], gone]
    tonight = list(findings)
    return tonight, before, _history(catalog, tonight, before)


@pytest.fixture
def compared(
    tmp_path: Path,
    nights: tuple[list[Finding], list[Finding], History],
    build_catalog: Callable[..., Catalog],
    build_run: Callable[..., RunRecord],
) -> ReportPaths:
    tonight, _, history = nights
    return render_report(
        build_catalog(),
        build_run(),
        tonight,
        tmp_path / "r",
        profile_name="示例县",
        history=history,
    )


def _doc(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def _counts(el: lxml.html.HtmlElement) -> dict[str, int]:
    return {
        c.get("data-status"): int(c.find_class("n")[0].text)
        for c in el.xpath(".//p[@class='changes'][1]/span[@data-status]")
    }


def test_the_summary_totals_each_status(compared: ReportPaths) -> None:
    totals = _counts(_doc(compared.html).get_element_by_id("history"))
    assert totals == {"新增": 1, "持续": 2, "已整改": 1, "未能核验": 0}


def test_each_task_card_counts_and_lists_its_changes(compared: ReportPaths) -> None:
    doc = _doc(compared.html)
    row_1, row_3 = doc.get_element_by_id("task-0"), doc.get_element_by_id("task-2")
    assert _counts(row_1) == {"新增": 1, "持续": 1, "已整改": 0, "未能核验": 0}
    assert _counts(row_3) == {"新增": 0, "持续": 0, "已整改": 1, "未能核验": 0}
    assert [li.get("data-status") for li in row_1.find_class("gap")] == ["新增", "持续"]
    assert [li.get("data-row") for li in row_3.find_class("fixed-item")] == ["3"]


def test_a_persisting_gap_shows_since_when(compared: ReportPaths) -> None:
    doc = _doc(compared.html)
    item = doc.xpath("//article//li[@data-status='持续']")[0]
    assert "持续 1 天" in item.text_content()
    assert f"{LABELS['first_seen']} 2026-11-20" in item.text_content()


def test_the_first_run_says_it_compares_nothing(report: ReportPaths) -> None:
    doc = _doc(report.html)
    assert LABELS["history_first"] in doc.get_element_by_id("history").text_content()
    assert doc.xpath("//*[@data-status]") == []


def test_findings_json_has_a_version_ids_codes_and_statuses(
    compared: ReportPaths, nights: tuple[list[Finding], list[Finding], History]
) -> None:
    data = json.loads(compared.json.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    first = data["findings"][0]
    assert (first["id"], first["verdict_code"], first["status"], first["status_code"]) == (
        key_of("example_county_2026", nights[0][0]),
        "fail",
        "新增",
        "new",
    )
    assert [(f["row"], f["status"]) for f in data["history"]["resolved"]] == [("3", "已整改")]
    assert data["history"]["counts"] == {"新增": 1, "持续": 2, "已整改": 1, "未能核验": 0}


def test_a_run_with_a_failed_page_is_not_called_a_success(
    build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord]
) -> None:
    failure = FetchFailure(
        url="https://www.example-county.gov.cn/xxgk/zcwj/1.html",
        column_id="zcwj",
        status=503,
        error="HTTP 503",
    )
    model = build_model(build_catalog(), build_run(failures=(failure,)), [])
    assert model.run_view.outcome_label != "成功"
    assert model.banner is not None
    assert (model.banner.level, model.banner.failed_urls) == ("partial", (failure.url,))


def test_the_banner_counts_unverified_findings_about_an_incomplete_column(
    build_catalog: Callable[..., Catalog],
    build_run: Callable[..., RunRecord],
    findings: tuple[Finding, ...],
    columns: dict[str, ColumnRecord],
) -> None:
    cut = dataclasses.replace(
        columns["reached"],
        complete=False,
        failed_pages=1,
        failed_urls=("https://www.example-county.gov.cn/xxgk/zcwj/index_1.html",),
    )
    about = Finding(
        check="interpretation_published",
        row="1",
        verdict=Verdict.UNVERIFIED,
        subject="column:zcwj",
        title="政策文件",
        message="栏目第2页未能读取，未列出的文件无法核验",
    )
    model = build_model(build_catalog(), build_run(columns=(cut,)), [*findings, about])
    assert model.banner is not None
    assert (model.banner.unverified, model.banner.unverified_total) == (1, 2)
    assert model.banner.incomplete == (cut,)


def test_each_unit_sheet_says_what_changed(compared: ReportPaths) -> None:
    """Row 1's new gap is on a document of the government office; row 3's fixed one is 司法局's."""
    workbook = load_workbook(compared.xlsx)

    def lines(unit: str) -> list[dict]:
        rows = list(workbook[unit].iter_rows(values_only=True))
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]

    assert [(r["任务序号"], r["变化"], r["首次发现"]) for r in lines("县政府办公室")] == [
        (1, "新增", dt.datetime(2026, 11, 21))
    ]
    assert [(r["任务序号"], r["变化"]) for r in lines("县司法局")] == [(3, "已整改")]
