"""A small task table, a crawl run and findings built in code, plus real headless Chromium.

The catalog covers every verdict path of the report: failing, unverified (a finding and a row
with checks but no findings), manual, passing, a finding forwarded to a unit other than the
row's, and a gap owned by two units. One document title carries ``<script>`` and quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from checks.catalog import Catalog, CatalogRow, CatalogSource, CheckSpec, InterpretationScope
from checks.findings import Evidence, Finding, Verdict
from checks.records import ColumnRecord, RunRecord
from reports.render import ReportPaths, render_report
from tests.conftest import launch_chromium

XSS_TITLE = """关于<script>alert(1)</script>"双引号"与'单引号'的通知"""
BASE = "https://www.example-county.gov.cn"
PROFILE_NAME = "示例县人民政府门户网站"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page said while a test used it: console errors, page errors, dialogs."""

    console_errors: list[str]
    page_errors: list[str]
    dialogs: list[str]


@pytest.fixture
def report_page(browser: Browser) -> Iterator[tuple[Page, PageLog]]:
    """A fresh page in its own context, and the log of what it reported."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    log = PageLog([], [], [])
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(dialog: Dialog) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page, log
    finally:
        context.close()


def make_catalog(rows: tuple[CatalogRow, ...] | None = None) -> Catalog:
    return Catalog(
        id="example_county_2026",
        profile="example_county",
        year=2026,
        title="示例县2026年政务公开工作要点任务分解表",
        source=CatalogSource(
            number="示政办发〔2026〕3号",
            office="示例县人民政府办公室",
            year=2026,
            published="示例县人民政府门户网站",
        ),
        rows=rows if rows is not None else ROWS,
        interpretation_scope=InterpretationScope(),
        path=Path("checks/catalogs/example_county_2026.toml"),
    )


ROWS = (
    CatalogRow(
        id="1",
        seq="1",
        section="一、深化政策解读",
        task="政策文件与解读同步发布",
        requirement="以县政府及办公室名义印发的政策文件，应同步发布政策解读，并与原文双向关联。",
        units=("县政府办公室", "县司法局"),
        deadline="全年持续推进",
        checks=(
            CheckSpec("interpretation_published"),
            CheckSpec("interpretation_linked_both_ways"),
        ),
    ),
    CatalogRow(
        id="2",
        seq="2",
        section="一、深化政策解读",
        task="设置政策咨询窗口",
        requirement="在政策文件页面设置政策咨询、建议与评价窗口。",
        units=("县政务服务中心",),
        deadline="2026年6月底前",
        checks=(CheckSpec("feedback_window_present"),),
    ),
    CatalogRow(
        id="3",
        seq="3",
        section="二、规范性文件管理",
        task="行政规范性文件标注有效性",
        requirement="行政规范性文件统一标注有效性。",
        units=("县司法局",),
        deadline="2026年9月底前",
        checks=(CheckSpec("validity_marked"),),
    ),
    CatalogRow(
        id="4",
        seq="4",
        section="二、规范性文件管理",
        task="二十个工作日内主动公开",
        requirement="属于主动公开范围的政府信息，自形成或变更之日起二十个工作日内公开。",
        units=("县政府办公室",),
        deadline="全年持续推进",
        checks=(CheckSpec("publication_timely", {"working_days": 20}),),
    ),
    CatalogRow(
        id="5",
        seq="5",
        section="三、平台建设",
        task="政务新媒体规范运维",
        requirement="政务新媒体账号内容及时更新，杜绝“僵尸号”。",
        units=("县委网信办",),
        deadline="全年持续推进",
        manual="政务新媒体账号内容不在门户网站上，需人工登录查看。",
    ),
    CatalogRow(
        id="6",
        seq="6",
        section="三、平台建设",
        task="年度报告按时公开",
        requirement="1月31日前公开上一年度政府信息公开工作年度报告。",
        units=("各乡镇", "县直各部门"),
        deadline="2026年1月31日前",
        checks=(CheckSpec("annual_report_published"),),
    ),
)

UNREACHED_COLUMN = ColumnRecord(
    id="zcjd",
    name="政策解读",
    role="interpretation",
    unit="",
    url=f"{BASE}/xxgk/zcjd/",
    reached=False,
    error="HTTP 503",
)
REACHED_COLUMN = ColumnRecord(
    id="zcwj",
    name="政策文件",
    role="policy",
    unit="",
    url=f"{BASE}/xxgk/zcwj/",
    reached=True,
    pages=3,
    entries=42,
)


def make_run(outcome: str = "succeeded", **changes: object) -> RunRecord:
    fields: dict[str, object] = {
        "id": 17,
        "profile": "example_county",
        "started_at": "2026-11-20T18:00:00+00:00",
        "finished_at": "2026-11-20T18:42:10+00:00",
        "outcome": outcome,
        "pages_fetched": 1234,
        "errors": (),
        "columns": (REACHED_COLUMN,),
    }
    if outcome == "failed":
        fields.update(
            finished_at="2026-11-20T18:03:00+00:00",
            pages_fetched=12,
            errors=(f"HTTP 503 {BASE}/xxgk/zcjd/", "DNS lookup failed: www.example-county.gov.cn"),
            columns=(REACHED_COLUMN, UNREACHED_COLUMN),
        )
    fields.update(changes)
    return RunRecord(**fields)  # type: ignore[arg-type]


def _ev(path: str, page_id: int | None, label: str, excerpt: str = "") -> Evidence:
    return Evidence(
        url=f"{BASE}{path}",
        fetched_at="2026-11-20T18:10:00+00:00",
        excerpt=excerpt,
        page_id=page_id,
        label=label,
    )


FINDINGS = (
    Finding(
        check="interpretation_published",
        row="1",
        verdict=Verdict.FAIL,
        subject=f"{BASE}/xxgk/zcwj/202603/t20260315_1001.html",
        title=XSS_TITLE,
        message="未找到该文件的政策解读。",
        doc_number="示政发〔2026〕5号",
        date="2026-03-15",
        evidence=(
            _ev("/xxgk/zcwj/202603/t20260315_1001.html", 101, "政策文件", "发布日期：2026-03-15"),
        ),
    ),
    Finding(
        check="interpretation_linked_both_ways",
        row="1",
        verdict=Verdict.FAIL,
        subject=f"{BASE}/xxgk/zcwj/202604/t20260402_1002.html",
        title="示例县优化营商环境若干措施",
        message="解读页面链接了原文，但原文页面未链接解读。",
        unit="县发展和改革局",
        doc_number="示政办发〔2026〕8号",
        date="2026-04-02",
        evidence=(
            _ev("/xxgk/zcwj/202604/t20260402_1002.html", 102, "政策文件"),
            _ev("/xxgk/zcjd/202604/t20260403_2002.html", None, "解读"),
        ),
    ),
    Finding(
        check="interpretation_published",
        row="1",
        verdict=Verdict.PASS,
        subject=f"{BASE}/xxgk/zcwj/202605/t20260510_1003.html",
        title="示例县城乡供水一体化实施方案",
        message="已发布解读。",
        doc_number="示政发〔2026〕9号",
        date="2026-05-10",
        evidence=(_ev("/xxgk/zcjd/202605/t20260511_2003.html", 103, "解读"),),
    ),
    Finding(
        check="feedback_window_present",
        row="2",
        verdict=Verdict.UNVERIFIED,
        subject="zcjd",
        title="政策解读",
        message="栏目未能访问（HTTP 503），无法核验。",
        unit="县政务服务管理办公室",
        evidence=(_ev("/xxgk/zcjd/", None, "栏目"),),
    ),
    Finding(
        check="validity_marked",
        row="3",
        verdict=Verdict.PASS,
        subject=f"{BASE}/xxgk/gfxwj/202602/t20260201_3001.html",
        title="示例县农村集体资产管理办法",
        message="已标注有效性。",
        doc_number="示政规〔2026〕1号",
        date="2026-02-01",
        evidence=(_ev("/xxgk/gfxwj/202602/t20260201_3001.html", None, "规范性文件"),),
    ),
    Finding(
        check="annual_report_published",
        row="6",
        verdict=Verdict.FAIL,
        subject=f"{BASE}/xxgk/ndbg/",
        title="政府信息公开工作年度报告",
        message="截至核验日未找到2025年度报告。",
        evidence=(_ev("/xxgk/ndbg/", None, "栏目", "暂无信息"),),
    ),
)

#: Planted gaps: (row id, title) of every non-passing finding above.
PLANTED_GAPS = {(f.row, f.title) for f in FINDINGS if f.verdict is not Verdict.PASS}

ARCHIVED_HTML = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>存档原文</title></head>
<body><h1 id="stored-title">示例县人民政府关于印发通知</h1>
<script>alert('archived page script ran')</script>
<img src="x" onerror="alert('onerror ran')">
<a id="rel" href="/xxgk/zcwj/">政策文件</a>
</body></html>"""


def snapshots(page_id: int) -> tuple[str, str, str] | None:
    """Page 101 is stored; 102 and 103 are not (snapshot pruned)."""
    if page_id == 101:
        return (
            ARCHIVED_HTML,
            f'{BASE}/xxgk/zcwj/202603/t20260315_1001.html?a=1&b="2"<x>',
            "2026-11-20T18:10:00+00:00",
        )
    return None


# Test modules get everything through fixtures, never by importing this file: that keeps them
# working whether or not tests/ becomes a package (``import conftest`` is ambiguous otherwise).


@pytest.fixture
def build_catalog() -> Callable[..., Catalog]:
    return make_catalog


@pytest.fixture
def build_run() -> Callable[..., RunRecord]:
    return make_run


@pytest.fixture
def findings() -> tuple[Finding, ...]:
    return FINDINGS


@pytest.fixture
def xss_title() -> str:
    return XSS_TITLE


@pytest.fixture
def planted_gaps() -> set[tuple[str, str]]:
    return PLANTED_GAPS


@pytest.fixture
def columns() -> dict[str, ColumnRecord]:
    return {"reached": REACHED_COLUMN, "unreached": UNREACHED_COLUMN}


@pytest.fixture
def archived_html() -> str:
    return ARCHIVED_HTML


@pytest.fixture
def report(tmp_path: Path) -> ReportPaths:
    """The full report for a successful run, written to a fresh folder."""
    return render_report(
        make_catalog(),
        make_run(),
        FINDINGS,
        tmp_path / "report",
        profile_name=PROFILE_NAME,
        snapshots=snapshots,
    )


@pytest.fixture
def failed_report(tmp_path: Path) -> ReportPaths:
    """The full report for a crawl that failed (errors, one column not reached)."""
    return render_report(
        make_catalog(),
        make_run("failed"),
        FINDINGS,
        tmp_path / "failed",
        profile_name=PROFILE_NAME,
        snapshots=snapshots,
    )
