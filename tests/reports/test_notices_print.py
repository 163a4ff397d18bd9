"""整改通知 in real Chromium: the inline stylesheet passes the page's policy, the printout is an
A4 notice with its reply slip on a page of its own, and a phone reads it without scrolling sideways.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from checks.catalog import Catalog
from checks.records import RunRecord
from reports.notices import notice_path
from tests.reports.test_notices import GOV_OFFICE, example_catalog, write_example


@pytest.fixture
def notices(
    tmp_path: Path, build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord]
) -> Path:
    write_example(tmp_path, example_catalog(build_catalog), build_run())
    return tmp_path


def test_the_inline_stylesheet_is_allowed_by_the_pages_policy(
    notices: Path, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        page.goto((notices / notice_path(GOV_OFFICE)).as_uri())
        align = page.eval_on_selector("h1", "e => getComputedStyle(e).textAlign")
    finally:
        page.close()
    assert align == "center"


def test_printing_hides_the_toolbar_and_starts_the_reply_slip_on_a_new_page(
    notices: Path, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        page.goto((notices / notice_path(GOV_OFFICE)).as_uri())
        page.emulate_media(media="print")
        toolbar = page.is_visible("nav.toolbar")
        breaks = page.eval_on_selector(".reply", "e => getComputedStyle(e).breakBefore")
    finally:
        page.close()
    assert (toolbar, breaks) == (False, "page")


def _pdf_pages(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's size in points, from the page objects (Chromium writes them uncompressed)."""
    sizes = []
    for obj in re.split(rb"\bendobj\b", pdf):
        if not re.search(rb"/Type\s*/Page\b", obj):
            continue
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", obj)
        assert box is not None
        sizes.append((round(float(box.group(1))), round(float(box.group(2)))))
    return sizes


def test_a_notice_prints_within_three_a4_portrait_pages(notices: Path, browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.goto((notices / notice_path(GOV_OFFICE)).as_uri())
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.close()
    sizes = _pdf_pages(pdf)
    assert 2 <= len(sizes) <= 3  # the notice, then its reply slip on a page of its own
    assert set(sizes) == {(595, 842)}


def test_a_notice_fits_a_phone_screen_without_scrolling_sideways(
    notices: Path, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((notices / notice_path(GOV_OFFICE)).as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.close()
    assert width == 390
