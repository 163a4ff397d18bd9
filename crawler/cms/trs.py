"""TRS WCM (拓尔思) portals: static ``index.html``, ``index_1.html`` … list pages whose count
sits in an inline ``createPageHTML(N, …)`` call, detail pages ``./YYYYMM/tYYYYMMDD_ID.html``.

Columns with ``fetch = "api"`` (2024–2025 海云 templates that serve 0 static rows) and pages whose
解读 box the search API fills are read through ``crawler.cms.trs_api``."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

from crawler.cms import trs_api
from crawler.cms.base import DetailPage, ListEntry, ListPage, RequestSpec
from crawler.cms.listing import SCRIPTED_LIST, entries_from_rows
from crawler.extract.script_marks import scripted_list
from ground.profiles.schema import Column, Profile

# createPageHTML(countPage, currentPage, "index", "html") and the variable forms real TRS templates
# use instead (countPage, totalPage, pageCount).
PAGE_COUNT = re.compile(
    r"createPageHTML\s*\(\s*['\"]?(\d+)|(?:countPage|totalPage|pageCount)\s*=\s*['\"]?(\d+)"
)
PAGE_NAME = re.compile(r"createPageHTML\s*\([^)]*?['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]\s*\)")
DETAIL = re.compile(r"(?:^|/)(?:\d{6}/)?t\d{8}_\d+\.s?html?$|/t\d+\.s?html?$")


class TrsFamily:
    name = "trs"

    def start_requests(self, profile: Profile, column: Column) -> list[RequestSpec]:
        if column.fetch == "api":
            return trs_api.start_requests(profile, column)
        if column.api:
            trs_api.settings(profile, column)  # a box-only api table: checked before any request
        return [RequestSpec(url=column.url, page=1)]

    def parse_list(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        if request.kind == "json":
            return trs_api.parse_list(text, url, profile, column, request)
        sel = Selector(text=text)
        s = profile.selectors
        entries = entries_from_rows(
            sel,
            url,
            item_css=s.list_item,
            link_css=s.list_link,
            date_css=s.list_date,
            href_pattern=None if s.list_item else DETAIL,
        )
        if not entries and not s.list_item:
            # Some TRS templates link details by other names; fall back to dated rows.
            entries = entries_from_rows(sel, url)
        if not entries and scripted_list(sel.root):
            # 动静结合 templates (2024–2025, avalon) serve 0 static rows: the search API fills them.
            return ListPage(entries=[], next_requests=[], needs_js=SCRIPTED_LIST)
        total = page_count(text)
        next_requests: list[RequestSpec] = []
        if request.page == 1 and total and total > 1:
            stem, ext = page_name(text, column.url)
            last = min(total, column.max_pages)
            next_requests = [
                RequestSpec(url=urljoin(column.url, f"{stem}_{n}.{ext}"), page=n + 1)
                for n in range(1, last)
            ]
        return ListPage(entries=entries, next_requests=next_requests, total_pages=total)

    def box_requests(self, profile: Profile, column: Column, page: DetailPage) -> list[RequestSpec]:
        return trs_api.box_requests(profile, column, page)

    def parse_box(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> list[ListEntry] | None:
        return trs_api.parse_box(text, url)


def page_count(text: str) -> int | None:
    """The list's page count from its paging script.

    >>> page_count('<script>createPageHTML(4, 0, "index", "html");</script>')
    4
    >>> page_count("var countPage = 7//共多少页") , page_count("<p>no script</p>")
    (7, None)
    """
    match = PAGE_COUNT.search(text)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def page_name(text: str, column_url: str) -> tuple[str, str]:
    """The file stem and extension of further pages (``index``/``html`` unless the script says).

    >>> page_name('createPageHTML(3, 0, "index", "shtml")', "http://x/a/index.shtml")
    ('index', 'shtml')
    >>> page_name('createPageHTML(3)', "http://x/a/index.htm")
    ('index', 'htm')
    """
    match = PAGE_NAME.search(text)
    if match:
        return match.group(1), match.group(2)
    last = column_url.rsplit("/", 1)[-1]
    if "." in last:
        stem, ext = last.rsplit(".", 1)
        return stem, ext
    return "index", "html"


TRS = TrsFamily()
