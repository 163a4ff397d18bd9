"""The report on a phone (390 x 844, a common width) and in narrow windows: nothing scrolls
sideways, the filter bar does not sit on a quarter of the screen, and a jump to a task shows the
task's header instead of hiding it under the sticky filter bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.reports.portal_reports import SITES, audited_report, report_pages

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module", params=SITES)
def portal(request: pytest.FixtureRequest, fixture_servers, tmp_path_factory) -> Path:
    return audited_report(request.param, fixture_servers, tmp_path_factory)


@pytest.mark.parametrize("kind", ["index", "task", "notice", "notices"])
def test_a_phone_never_scrolls_sideways(portal: Path, kind: str, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    try:
        page.goto(report_pages(portal)[kind].as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.close()
    assert width == PHONE["width"]


def test_on_a_phone_the_filter_bar_scrolls_away_or_stays_small(
    portal: Path, browser: Browser
) -> None:
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    try:
        page.goto(report_pages(portal)["index"].as_uri())
        bar = page.locator("#filters")
        position = bar.evaluate("e => getComputedStyle(e).position")
        height = bar.evaluate("e => e.getBoundingClientRect().height")
        visible = bar.is_visible()
    finally:
        page.close()
    assert visible
    assert position != "sticky" or height <= 60, (position, height)


@pytest.mark.parametrize("width", [390, 700, 1000, 1239, 1366])
def test_a_jump_to_a_task_shows_its_header_below_the_filter_bar(
    portal: Path, width: int, browser: Browser
) -> None:
    # Reduced motion: the jump is instant (the page scrolls smoothly otherwise), so the test reads
    # where it ended, not where an animation happens to be.
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="zh-CN", reduced_motion="reduce"
    )
    try:
        page = context.new_page()
        index = report_pages(portal)["index"]
        page.goto(index.as_uri())
        tasks = page.locator("article.task")
        anchor = tasks.nth(tasks.count() // 2).get_attribute("id")
        page.goto(f"{index.as_uri()}#{anchor}")
        bar = page.eval_on_selector("#filters", "e => e.getBoundingClientRect().toJSON()")
        head = page.eval_on_selector(f"#{anchor} .task-head", "e => e.getBoundingClientRect().top")
    finally:
        context.close()
    # The bar, when on screen, ends above the header; the header is near the top (the jump worked).
    assert max(bar["bottom"], 0) <= head < 200, (bar, head)
