"""The report meets WCAG 2.1 AA where a machine can tell: verdict colours with 4.5:1 contrast,
table headers with a scope, links named by the document they open, and no axe-core violation
of the wcag2a / wcag2aa rules on each fixture portal's report (summary, a task page, a notice).

axe-core comes from the dev dependency axe-playwright-python, which ships ``axe.min.js``
(MPL-2.0); it is evaluated in the page, so the report's Content-Security-Policy, which forbids
any script but the filters, is left as the clerk gets it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from checks.findings import Verdict
from reports.palette import AA_NORMAL_TEXT, VERDICT_COLOURS, WHITE, contrast_ratio
from reports.render import ReportPaths
from tests.reports.portal_reports import SITES, audited_report, report_pages

#: The rules the issue asks for: WCAG 2.0 and 2.1, levels A and AA.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

#: Where each verdict colour meets which other: text on the page, text on its own tint (a card
#: label), white text on the colour (a badge).
PAIRS = {
    "text on white": lambda c: (c.strong, WHITE),
    "text on its tint": lambda c: (c.strong, c.light),
    "white on the colour": lambda c: (WHITE, c.strong),
}


@pytest.mark.parametrize("pair", PAIRS)
@pytest.mark.parametrize("verdict", list(Verdict), ids=lambda v: v.name.lower())
def test_every_verdict_colour_has_aa_contrast(verdict: Verdict, pair: str) -> None:
    foreground, background = PAIRS[pair](VERDICT_COLOURS[verdict])
    assert contrast_ratio(foreground, background) >= AA_NORMAL_TEXT


def test_the_old_amber_would_fail_the_contrast_test() -> None:
    # The negative control: the 未能核验 colour before issue 13 (axe measured 4.23 and 3.88).
    old = "#b26a00"
    assert (round(contrast_ratio(old, WHITE), 2), round(contrast_ratio(old, "#fff4e0"), 2)) == (
        4.24,
        3.89,
    )


def _axe(page: Page) -> list[str]:
    """Each violation as ``rule: first failing element (and how many more)``."""
    result: dict[str, Any] = Axe().run(page, options=AXE_OPTIONS).response
    return [
        f"{v['id']}: {v['nodes'][0]['target']} (+{len(v['nodes']) - 1})"
        for v in result["violations"]
    ]


@pytest.fixture(scope="module", params=SITES)
def portal(request: pytest.FixtureRequest, fixture_servers, tmp_path_factory) -> Path:
    return audited_report(request.param, fixture_servers, tmp_path_factory)


@pytest.mark.parametrize("kind", ["index", "task", "notice", "notices"])
def test_axe_finds_no_violation_in_a_portals_report(
    portal: Path, kind: str, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page.goto(report_pages(portal)[kind].as_uri())
        violations = _axe(page)
    finally:
        page.close()
    assert violations == []


def test_axe_reports_the_old_amber_badge(browser: Browser) -> None:
    # The negative control: the same run of axe does see a badge in the old colour.
    page = browser.new_page()
    try:
        page.set_content(
            '<!DOCTYPE html><html lang="zh-CN"><head><title>对照</title></head><body><main>'
            '<span style="color:#fff;background:#b26a00;font-size:12px">未能核验</span>'
            "</main></body></html>"
        )
        violations = _axe(page)
    finally:
        page.close()
    assert [v.split(":")[0] for v in violations] == ["color-contrast"]


@pytest.mark.parametrize("kind", ["index", "task", "notice", "notices"])
def test_every_table_header_has_a_scope(portal: Path, kind: str, browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.goto(report_pages(portal)[kind].as_uri())
        scopes = page.locator("th").evaluate_all("ths => ths.map(th => th.getAttribute('scope'))")
    finally:
        page.close()
    assert set(scopes) <= {"col", "row"}


def test_an_evidence_link_is_named_by_its_document(report: ReportPaths, browser: Browser) -> None:
    title = """关于<script>alert(1)</script>"双引号"与'单引号'的通知"""
    page = browser.new_page()
    try:
        page.goto(report.html.as_uri())
        live = page.get_by_role("link", name=f"《{title}》政策文件：原网页", exact=True)
        archive = page.get_by_role("link", name=f"《{title}》政策文件：存档", exact=True)
        counts = (live.count(), archive.count())
    finally:
        page.close()
    assert counts == (1, 1)


@pytest.mark.parametrize("kind", ["index", "task", "notice"])
def test_no_link_is_named_only_original_page_or_archive(
    portal: Path, kind: str, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        page.goto(report_pages(portal)[kind].as_uri())
        tree = page.locator("body").aria_snapshot()
    finally:
        page.close()
    bare = [
        line.strip()
        for line in tree.splitlines()
        if line.strip().startswith(('- link "原网页"', '- link "存档"'))
    ]
    assert "- link" in tree
    assert bare == []
