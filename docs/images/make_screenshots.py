"""Remake the screenshots in docs/reports.md from a report folder, in Debian's Chromium.

    ./dev demo                                          # writes report/ (冠县 fixture portal)
    .venv/bin/python docs/images/make_screenshots.py report

It writes four PNGs beside this file: the summary (index.html at 1280 x 900), the task page with
the most gaps, the notice of the unit with the most gaps, and the first task card of the summary
on a phone (390 x 844).
It reads only the report's files, so it works on any report, not just the demo's. Set
ZWGK_CHROMIUM when Chromium is not /usr/bin/chromium.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
DESKTOP = {"width": 1280, "height": 900}
NOTICE = {"width": 1000, "height": 1100}
PHONE = {"width": 390, "height": 844}


def largest(folder: Path) -> Path:
    """The biggest page of a folder (skipping its index): the one with the most to show."""
    pages = [p for p in folder.glob("*.html") if p.name != "index.html"]
    if not pages:
        sys.exit(f"no pages in {folder}: is it a report folder written by zwgk report?")
    return max(pages, key=lambda p: (p.stat().st_size, p.name))


def main(report: Path) -> None:
    index = report / "index.html"
    if not index.is_file():
        sys.exit(f"{index} not found: give the folder that zwgk report (or ./dev demo) wrote")
    # name: (page, viewport, element scrolled to the top first or "")
    shots = {
        "report-summary.png": (index, DESKTOP, ""),
        "report-task.png": (largest(report / "tasks"), DESKTOP, ""),
        "report-notice.png": (largest(report / "units"), NOTICE, ""),
        "report-phone.png": (index, PHONE, "article.task"),
    }
    chromium = os.environ.get("ZWGK_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            for name, (page_path, viewport, scroll_to) in shots.items():
                # Reduced motion: no smooth scrolling, so each shot is the page at rest.
                context = browser.new_context(
                    viewport=viewport, locale="zh-CN", reduced_motion="reduce"
                )
                page = context.new_page()
                page.goto(page_path.as_uri())
                if scroll_to:
                    page.locator(scroll_to).first.evaluate("e => e.scrollIntoView()")
                page.screenshot(path=str(HERE / name))
                context.close()
                print(f"{HERE / name}  <-  {page_path}")
        finally:
            browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
