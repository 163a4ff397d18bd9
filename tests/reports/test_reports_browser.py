"""The report in real headless Chromium: what a clerk sees, clicks and prints.

Every test opens the file through file:// as the office does, with no server.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from checks.catalog import Catalog
from checks.findings import Verdict
from reports.palette import VERDICT_COLOURS
from reports.render import ReportPaths

LEAD_SCREENSHOT = Path("/tmp/report.png")


def _open(page: Page, path: Path) -> Page:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def _visible_rows(page: Page) -> list[str]:
    rows = page.locator("article.task:visible")
    return [rows.nth(i).get_attribute("data-row") or "" for i in range(rows.count())]


def _assert_clean(log) -> None:
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.dialogs == []


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_report_shows_every_task_and_every_planted_gap(
    report_page,
    report: ReportPaths,
    build_catalog: Callable[..., Catalog],
    planted_gaps,
    tmp_path: Path,
) -> None:
    pg, log = report_page
    _open(pg, report.html)
    shot = tmp_path / "report.png"
    pg.screenshot(path=str(shot), full_page=True)
    shutil.copyfile(shot, LEAD_SCREENSHOT)
    for row in build_catalog().rows:
        task = pg.locator(f"article[data-row='{row.id}']")
        assert task.is_visible(), row.id
        assert task.locator("h4").inner_text() == row.task
    for row_id, title in planted_gaps:
        gap = pg.locator(f"article[data-row='{row_id}'] li.gap .doc-title").filter(has_text=title)
        assert gap.count() == 1, (row_id, title)
        assert gap.is_visible(), (row_id, title)
    _assert_clean(log)


def test_a_script_in_a_title_is_shown_and_never_runs(
    report_page, report: ReportPaths, xss_title: str
) -> None:
    pg, log = report_page
    _open(pg, report.html)
    pg.wait_for_timeout(200)  # let any (wrongly) scheduled script fire
    assert pg.locator(".doc-title").first.inner_text() == xss_title
    assert pg.locator("script").count() == 1
    _assert_clean(log)


def test_the_status_filter_shows_only_tasks_with_that_status(
    report_page, report: ReportPaths
) -> None:
    pg, log = report_page
    _open(pg, report.html)
    assert _visible_rows(pg) == ["1", "2", "3", "4", "5", "6"]
    pg.select_option("select[name=status]", "problem")
    assert _visible_rows(pg) == ["1", "6"]
    assert pg.locator("#shown-count").inner_text() == "2"
    pg.click("button[type=reset]")
    pg.wait_for_function("document.getElementById('shown-count').textContent === '6'")
    assert len(_visible_rows(pg)) == 6
    _assert_clean(log)


def test_the_unit_filter_shows_only_that_units_tasks(report_page, report: ReportPaths) -> None:
    pg, log = report_page
    _open(pg, report.html)
    pg.select_option("select[name=unit]", "县司法局")
    assert _visible_rows(pg) == ["1", "3"]
    _assert_clean(log)


def test_the_section_filter_shows_only_that_sections_tasks(
    report_page, report: ReportPaths
) -> None:
    pg, log = report_page
    _open(pg, report.html)
    pg.select_option("select[name=section]", "三、平台建设")
    assert _visible_rows(pg) == ["5", "6"]
    assert pg.locator(".section-group:visible").count() == 1
    _assert_clean(log)


def test_filters_that_match_nothing_say_so(report_page, report: ReportPaths) -> None:
    pg, log = report_page
    _open(pg, report.html)
    assert not pg.locator("#no-match").is_visible()
    pg.select_option("select[name=status]", "pass")
    pg.select_option("select[name=section]", "三、平台建设")
    assert _visible_rows(pg) == []
    assert pg.locator("#no-match").is_visible()
    _assert_clean(log)


def test_styles_and_the_filter_script_run_under_the_page_policy(
    report_page, report: ReportPaths
) -> None:
    pg, log = report_page
    _open(pg, report.html)
    badge = pg.locator("article[data-row='1'] .task-head .badge")
    colour = badge.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == _rgb(VERDICT_COLOURS[Verdict.FAIL].strong)
    assert pg.locator("#filters").is_visible()  # the script un-hides it
    _assert_clean(log)


def test_an_injected_script_is_blocked_by_the_page_policy(
    report_page, report: ReportPaths, tmp_path: Path
) -> None:
    # Negative control: if escaping ever failed, the policy would still stop the script.
    pg, log = report_page
    tampered = tmp_path / "tampered.html"
    html = report.html.read_text(encoding="utf-8")
    tampered.write_text(
        html.replace("<main", "<script>alert('injected')</script><main", 1), encoding="utf-8"
    )
    _open(pg, tampered)
    pg.wait_for_timeout(200)
    assert log.dialogs == []
    assert any("Content Security Policy" in e for e in log.console_errors)


def test_the_print_stylesheet_hides_the_filters_and_the_folded_passes(
    report_page, report: ReportPaths
) -> None:
    pg, log = report_page
    _open(pg, report.html)
    assert pg.locator("details.passes").first.is_visible()
    pg.emulate_media(media="print")
    assert not pg.locator("#filters").is_visible()
    assert not pg.locator("details.passes").first.is_visible()
    _assert_clean(log)


def test_a_failed_run_shows_its_banner_at_the_very_top(
    report_page, failed_report: ReportPaths
) -> None:
    pg, log = report_page
    _open(pg, failed_report.html)
    banner = pg.locator("#run-banner")
    box = banner.bounding_box()
    assert box is not None
    assert box["y"] == 0
    assert banner.inner_text().startswith("本次抓取失败")
    badges = pg.locator("article.task .task-head .badge")
    assert badges.all_inner_texts() == ["未能核验"] * 4 + ["仅需人工核验", "未能核验"]
    _assert_clean(log)


def test_an_archived_page_shows_the_stored_page_without_running_its_scripts(
    report_page, report: ReportPaths
) -> None:
    pg, log = report_page
    _open(pg, report.pages_dir / "101.html")
    stored = pg.frame_locator("iframe").locator("#stored-title")
    assert stored.inner_text() == "示例县人民政府关于印发通知"
    pg.wait_for_timeout(200)
    assert log.dialogs == []
    assert log.page_errors == []
    assert pg.locator(".archive-source").inner_text().startswith("存档页面：https://")
