"""The 冠县 report printed by Chromium, as a clerk prints it to A4: at most 20 pages (issue 13:
"prints within about 20 A4 pages for 冠县"; it was 112), each with its number in the footer.

The page numbers come from the report's own ``@page`` rule, so the PDF is made without
Playwright's header and footer: what is tested is what the browser's print dialog gives.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from tests.reports.portal_reports import audited_report

SITE = "shandong_guanxian"
PAGE_BUDGET = 20
A4_POINTS = (595, 842)


@pytest.fixture(scope="module")
def printed(fixture_servers, tmp_path_factory, browser: Browser) -> PdfReader:
    report = audited_report(SITE, fixture_servers, tmp_path_factory)
    page = browser.new_page()
    try:
        page.goto((report / "index.html").as_uri())
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.close()
    return PdfReader(io.BytesIO(pdf))


def test_the_guanxian_report_prints_within_twenty_pages(printed: PdfReader) -> None:
    assert 2 <= len(printed.pages) <= PAGE_BUDGET


def test_every_printed_page_is_a4_portrait(printed: PdfReader) -> None:
    sizes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in printed.pages}
    assert sizes == {A4_POINTS}


def test_every_printed_page_carries_its_number_of_the_total(printed: PdfReader) -> None:
    total = len(printed.pages)
    numbers = [
        re.findall(rf"(?m)^\s*(\d+) / {total}\s*$", page.extract_text()) for page in printed.pages
    ]
    assert numbers == [[str(n)] for n in range(1, total + 1)]


def test_printing_leaves_out_the_filters_and_the_task_page_links(
    fixture_servers, tmp_path_factory, browser: Browser
) -> None:
    report = audited_report(SITE, fixture_servers, tmp_path_factory)
    page = browser.new_page()
    try:
        page.goto((report / "index.html").as_uri())
        page.emulate_media(media="print")
        shown = page.evaluate(
            """() => ['#filters', '.task-link', 'details.passes', '.topnav']
                .map(s => [...document.querySelectorAll(s)].some(e => e.getClientRects().length))"""
        )
    finally:
        page.close()
    assert shown == [False, False, False, False]


def test_printing_keeps_every_task_and_every_gap_listed_on_the_page(
    fixture_servers, tmp_path_factory, browser: Browser
) -> None:
    # The page budget is met by a denser layout, not by leaving tasks or gaps out.
    report = audited_report(SITE, fixture_servers, tmp_path_factory)
    page = browser.new_page()
    try:
        page.goto((report / "index.html").as_uri())
        page.emulate_media(media="print")
        counts = page.evaluate(
            """() => ['article.task', 'li.gap'].map(s => {
                const all = [...document.querySelectorAll(s)];
                return [all.length, all.filter(e => e.getClientRects().length).length];
            })"""
        )
    finally:
        page.close()
    (tasks, tasks_shown), (gaps, gaps_shown) = counts
    assert tasks > 0 and gaps > 0
    assert (tasks_shown, gaps_shown) == (tasks, gaps)
