"""Rendering a detail page in Chromium on demand: only a page whose static extraction found a
script-filled box that was not read through the site's API (``detail_fetch = "auto"``).

A box a script fills is read only once the script's data has arrived. A box the page renders
empty at once (avalon draws an empty list before its ``$.ajax`` answers) looks the same as a box
with nothing in it, so the wait is not for a selector: it holds once the page's data requests
(XHR, fetch) have all answered and the page has been quiet a moment, or after ``WAIT_SECONDS``.
A data request that failed, or had not answered by then, leaves the page's boxes unread (their
checks say 未能核验): an empty box is taken as empty only when its data came.

A box with tabs that each load their own rows (``detail_tabs``) is read whole: each further tab
is clicked in turn, its rows copied into the box (a ``<ul data-zwgk-tab="…">`` the stored page
shows), and the first tab clicked again, so the page is stored as a reader first sees it plus
the other tabs' rows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

# Long enough for a county search API answering slowly; a page waits this long only when its
# data requests hang (it is then stored with its boxes unread).
WAIT_SECONDS = 10.0
# After the last data request answered: time for its callback to draw the rows (and for a
# request a click starts a few milliseconds later to show up).
QUIET_SECONDS = 0.25
_POLL_MS = 50
# Playwright's names of the requests that carry a script's data.
DATA_REQUESTS = frozenset({"xhr", "fetch"})
TRAFFIC = "zwgk_script_traffic"  # the request's meta key holding its ScriptTraffic

# Copies the links a box shows now into a marked list at the end of the box. The box is the
# lowest ancestor (at most three up) of the tab strip holding a list outside the strip.
_COPY_TAB_ROWS = """(tab) => {
  const strip = tab.parentElement;
  const outside = (el) => !strip.contains(el) && !el.closest("[data-zwgk-tab]");
  let box = null;
  for (let node = strip.parentElement, up = 0; node && up < 3; node = node.parentElement, up++) {
    const lists = node.querySelectorAll("ul, ol, dl, table");
    if ([...lists].some((l) => outside(l) && !l.contains(strip))) { box = node; break; }
  }
  if (!box) return 0;
  const links = [...box.querySelectorAll("a[href]")].filter(outside);
  if (!links.length) return 0;
  const copy = document.createElement("ul");
  copy.setAttribute("data-zwgk-tab", tab.textContent.trim());
  for (const a of links) {
    const row = document.createElement("li");
    row.appendChild(a.cloneNode(true));
    copy.appendChild(row);
  }
  box.appendChild(copy);
  return links.length;
}"""


@dataclass
class ScriptTraffic:
    """The data requests one rendered page made: how many are open, which failed, and whether
    every wait ended with the data in (``complete``)."""

    pending: int = 0
    failed: list[str] = field(default_factory=list)
    last_change: float = field(default_factory=time.monotonic)
    settled: bool = True  # False once a wait ran out, or a tab could not be clicked

    @property
    def complete(self) -> bool:
        return self.settled and not self.failed and not self.pending

    # Playwright page event handlers (meta["playwright_page_event_handlers"]).
    def started(self, request: Any) -> None:
        if request.resource_type in DATA_REQUESTS:
            self.pending += 1
            self.last_change = time.monotonic()

    def answered(self, response: Any) -> None:
        if response.request.resource_type in DATA_REQUESTS and response.status >= 400:
            self.failed.append(f"{response.url}（HTTP {response.status}）")

    def finished(self, request: Any) -> None:
        if request.resource_type in DATA_REQUESTS:
            self.pending = max(0, self.pending - 1)
            self.last_change = time.monotonic()

    def broke(self, request: Any) -> None:
        if request.resource_type in DATA_REQUESTS:
            self.pending = max(0, self.pending - 1)
            self.failed.append(request.url)
            self.last_change = time.monotonic()


async def quiet(page: Any, traffic: ScriptTraffic, seconds: float = WAIT_SECONDS) -> bool:
    """Wait until no data request is open and none has started or answered for QUIET_SECONDS;
    False when ``seconds`` ran out first."""
    traffic.last_change = max(traffic.last_change, time.monotonic())
    deadline = time.monotonic() + seconds
    while True:
        now = time.monotonic()
        if traffic.pending == 0 and now - traffic.last_change >= QUIET_SECONDS:
            return True
        if now >= deadline:
            return False
        await page.wait_for_timeout(_POLL_MS)


async def settle(page: Any, traffic: ScriptTraffic, tabs: str) -> None:
    """The page method of an on-demand render: wait for the page's data, then read every
    further tab of ``tabs`` (a CSS selector, "" for none). Never raises on a slow page: what
    did not come is recorded in ``traffic`` and the page is stored with its boxes unread."""
    traffic.settled = await quiet(page, traffic)
    if not tabs or not traffic.settled:
        return
    strip = page.locator(tabs)
    count = await strip.count()
    for index in [*range(1, count), 0] if count > 1 else []:
        tab = strip.nth(index)
        try:
            await tab.click(timeout=WAIT_SECONDS * 1000)
        except Exception:  # any Playwright failure (hidden, detached, timeout): tab unread
            traffic.settled = False
            return
        traffic.last_change = time.monotonic()
        if not await quiet(page, traffic):
            traffic.settled = False
            return
        if index:
            await tab.evaluate(_COPY_TAB_ROWS)


def render_meta(traffic: ScriptTraffic, tabs: str) -> dict[str, Any]:
    """The meta of a request rendered on demand: Chromium, the traffic handlers, the wait."""
    from scrapy_playwright.page import PageMethod  # imported only by crawls that render

    return {
        "playwright": True,
        "playwright_page_event_handlers": {
            "request": traffic.started,
            "response": traffic.answered,
            "requestfinished": traffic.finished,
            "requestfailed": traffic.broke,
        },
        "playwright_page_methods": [PageMethod(settle, traffic, tabs)],
        TRAFFIC: traffic,
    }


def unread_boxes(static: list[str], rendered: list[str], traffic: ScriptTraffic) -> list[str]:
    """The boxes still script-filled after rendering: those the rendered page shows as such, and,
    when the page's data did not all come, every box the static page had (an empty box is not
    known to be empty).

    >>> done, broken = ScriptTraffic(), ScriptTraffic(failed=["http://x/irs/front/search"])
    >>> unread_boxes(["相关解读"], [], done), unread_boxes(["相关解读"], [], broken)
    ([], ['相关解读'])
    """
    if traffic.complete:
        return list(rendered)
    return list(dict.fromkeys([*static, *rendered]))


def budget_note(budget: int, unrendered: int) -> str:
    """The run's error line for pages past the render budget.

    >>> budget_note(200, 14)
    '已达渲染预算（200 页），14 个页面的脚本内容未读取'
    """
    return f"已达渲染预算（{budget} 页），{unrendered} 个页面的脚本内容未读取"


def failure_note(pages: int) -> str:
    """The run's error line for pages whose rendering failed or whose data did not come.

    >>> failure_note(2)
    '2 个页面渲染失败或脚本数据未载入，脚本内容未读取'
    """
    return f"{pages} 个页面渲染失败或脚本数据未载入，脚本内容未读取"
