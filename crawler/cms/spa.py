"""Single-page-app list platforms: lists that a script fills from a JSON API.

Modelled on the 广东 gkmlpt platform (政府信息公开目录) and the 广德 portal: the list page is an app
shell (an empty list container plus a config script), and the rows come from
``GET <endpoint>?page=N&size=M``. A column is crawled one of three ways (its ``fetch``):

- ``api``: ask the JSON API directly; page 1 says how many pages there are.
- ``browser``: the spider renders the list page in Chromium; the rendered page buttons are
  ``?page=N`` links on the same URL, which the spider renders in turn.
- ``static``: ordinary HTML lists on the same portal, paged as ``index.html``, ``index_1.html`` …
  (written as links, or counted by a TRS-style ``createPageHTML(N, …)`` script).

An app shell fetched without rendering has no rows: ``parse_list`` says so in ``needs_js``
rather than reporting an empty column.

The column's ``api`` table (profile) is read with these keys; only ``endpoint`` is required:

=============== ============== =================================================================
key             default        meaning
=============== ============== =================================================================
endpoint        (required)     API path relative to base_url (``api/list/zcwjk``) or absolute
size            10             rows per page asked for
page_param      ``"page"``     query parameter carrying the page number
size_param      ``"size"``     query parameter carrying the page size (``""``: not sent)
first_page      1              the API's number for the first page (some count from 0)
params          ``{}``         fixed extra query parameters (a gkmlpt ``sid``)
items           ``"data"``     where the rows are in the answer (dotted path: ``"data.list"``)
pages           ``"pages"``    page count field (dotted path); absent: computed from ``total``
total           ``"total"``    row count field (dotted path)
url             ``"url"``      row field with the detail link (relative links are resolved)
title           ``"title"``    row field with the full title
date            ``"publish_date"`` row field with the publication date
=============== ============== =================================================================
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from crawler.cms.base import ListEntry, ListPage, RequestSpec
from crawler.cms.listing import entries_from_rows
from crawler.cms.trs import page_count, page_name
from crawler.extract.dates import iso_date
from crawler.extract.script_marks import scripted_list
from ground.errors import ProfileError
from ground.profiles.schema import Column, Profile

NEEDS_JS = "列表由脚本渲染，需浏览器或接口抓取"
NOT_JSON = "列表接口未返回JSON（可能是防护或错误页面），需浏览器抓取"

API_DEFAULTS: dict[str, Any] = {
    "size": 10,
    "page_param": "page",
    "size_param": "size",
    "first_page": 1,
    "params": {},
    "items": "data",
    "pages": "pages",
    "total": "total",
    "url": "url",
    "title": "title",
    "date": "publish_date",
}
# The list container an app shell leaves empty, and the config scripts that give a shell away
# (广德 ``window.__LIST_CONFIG__``; gkmlpt ``window._CONFIG``).
LIST_CONTAINER = "#doc-list"
SHELL_SCRIPT = re.compile(r"window\.(?:__LIST_CONFIG__|_CONFIG)\s*=")
# Rendered SPA page buttons: ?page=N on the list URL.
QUERY_PAGE = re.compile(r"[?&]page=(\d+)")


class SpaFamily:
    name = "spa"

    def start_requests(self, profile: Profile, column: Column) -> list[RequestSpec]:
        if column.fetch == "api":
            api = api_settings(profile, column)
            return [
                RequestSpec(
                    url=api_url(profile, column, api, 1),
                    page=1,
                    kind="json",
                    headers={"Accept": "application/json"},
                )
            ]
        return [RequestSpec(url=column.url, page=1)]

    def parse_list(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        if request.kind == "json":
            return self._parse_json(text, url, profile, column, request)
        return self._parse_html(text, url, profile, column, request)

    # --- JSON API answers ---
    def _parse_json(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        api = api_settings(profile, column)
        try:
            answer = json.loads(text)
        except json.JSONDecodeError:
            return ListPage(entries=[], next_requests=[], needs_js=NOT_JSON)
        rows = dig(answer, api["items"])
        if not isinstance(rows, list):
            return ListPage(entries=[], next_requests=[], needs_js=NOT_JSON)
        entries: list[ListEntry] = []
        seen: set[str] = set()
        for row in rows:
            if not isinstance(row, dict):
                continue
            href = str(row.get(api["url"]) or "").strip()
            if not href:
                continue
            absolute = urljoin(url, href)
            if absolute in seen:
                continue
            seen.add(absolute)
            title = " ".join(str(row.get(api["title"]) or "").split())
            entries.append(
                ListEntry(url=absolute, title=title, date=iso_date(str(row.get(api["date"]) or "")))
            )
        total_pages = json_page_count(answer, api)
        next_requests: list[RequestSpec] = []
        if request.page == 1 and total_pages:
            last = min(total_pages, column.max_pages)
            next_requests = [
                RequestSpec(
                    url=api_url(profile, column, api, n),
                    page=n,
                    kind="json",
                    headers=dict(request.headers),
                )
                for n in range(2, last + 1)
            ]
        return ListPage(entries=entries, next_requests=next_requests, total_pages=total_pages)

    # --- HTML: rendered app pages and static lists ---
    def _parse_html(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        sel = Selector(text=text)
        s = profile.selectors
        item_css = s.list_item
        if not item_css and sel.css(f"{LIST_CONTAINER} > li"):
            item_css = f"{LIST_CONTAINER} > li"
        entries = entries_from_rows(
            sel, url, item_css=item_css, link_css=s.list_link, date_css=s.list_date or ".date"
        )
        if not entries and (is_app_shell(sel, text) or scripted_list(sel.root)):
            return ListPage(entries=[], next_requests=[], needs_js=NEEDS_JS)
        total, further = html_pages(sel, text, url, column)
        next_requests: list[RequestSpec] = []
        if request.page == 1:
            next_requests = [
                RequestSpec(url=u, page=n) for n, u in further if n <= column.max_pages
            ]
        return ListPage(entries=entries, next_requests=next_requests, total_pages=total)


def api_settings(profile: Profile, column: Column) -> dict[str, Any]:
    """The column's ``api`` table over the defaults; a missing endpoint is a profile error."""
    unknown = sorted(set(column.api) - set(API_DEFAULTS) - {"endpoint"})
    if unknown:
        raise ProfileError(
            f"{profile.path}: field 'column[{column.id}].api.{unknown[0]}' = "
            f"{column.api[unknown[0]]!r}: unknown key (known: endpoint, "
            f"{', '.join(sorted(API_DEFAULTS))})"
        )
    endpoint = column.api.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint.strip():
        raise ProfileError(
            f"{profile.path}: field 'column[{column.id}].api.endpoint' = {endpoint!r}: "
            "is required for the spa family"
        )
    return {**API_DEFAULTS, **column.api}


def api_url(profile: Profile, column: Column, api: dict[str, Any], page: int) -> str:
    """The API URL of list page ``page`` (1-based), endpoint resolved against base_url.

    A relative endpoint follows the profile when it is rebased onto a fixture server.
    """
    base = urljoin(profile.base_url, str(api["endpoint"]).strip())
    query: dict[str, str] = {str(k): str(v) for k, v in dict(api["params"]).items()}
    query[str(api["page_param"])] = str(page - 1 + int(api["first_page"]))
    if api["size_param"]:
        query[str(api["size_param"])] = str(api["size"])
    return with_query(base, query)


def with_query(url: str, changes: dict[str, str]) -> str:
    """``url`` with the given query parameters set (others kept, order kept).

    >>> with_query("http://x/a/index.html?page=1&t=2", {"page": "3"})
    'http://x/a/index.html?page=3&t=2'
    >>> with_query("http://x/api/list/zcwjk", {"page": "2", "size": "10"})
    'http://x/api/list/zcwjk?page=2&size=10'
    """
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def dig(data: Any, path: str) -> Any:
    """The value at a dotted path of a JSON answer, or None.

    >>> dig({"data": {"list": [1]}}, "data.list"), dig({"a": 1}, "b")
    ([1], None)
    """
    for key in str(path).split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def json_page_count(answer: Any, api: dict[str, Any]) -> int | None:
    """Pages of the list: the ``pages`` field, else ``total`` / ``size`` rounded up."""
    pages = _positive_int(dig(answer, api["pages"])) if api["pages"] else None
    if pages:
        return pages
    total = _positive_int(dig(answer, api["total"])) if api["total"] else None
    if total is None:
        return None
    return max(1, math.ceil(total / int(api["size"])))


def _positive_int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def is_app_shell(sel: Selector, text: str) -> bool:
    """An un-rendered app page: an empty list container, or a list config script."""
    container = sel.css(LIST_CONTAINER)
    if container and not container.css("li"):
        return True
    return bool(SHELL_SCRIPT.search(text))


def html_pages(
    sel: Selector, text: str, url: str, column: Column
) -> tuple[int | None, list[tuple[int, str]]]:
    """The page count of an HTML list and the (page number, URL) of pages 2 … N.

    Three ways, in order: a rendered SPA pager (``data-pages`` or ``?page=N`` links to this
    very page), a ``createPageHTML(N, …)`` script, links to ``index_N.html`` siblings. Only
    links back to the list itself count: detail pages named ``c_1002.html`` are not pages.
    """
    pager = sel.css(".pagination")
    declared = _positive_int(pager.attrib.get("data-pages")) if pager else None
    hrefs = [h.strip() for h in sel.css("a::attr(href)").getall()]
    here = urlsplit(url)
    query_pages = [
        int(match.group(1))
        for href in hrefs
        if (match := QUERY_PAGE.search(href)) and urlsplit(urljoin(url, href)).path == here.path
    ]
    if declared or query_pages:
        total = declared or max(query_pages)
        return total, [(n, with_query(url, {"page": str(n)})) for n in range(2, total + 1)]
    stem, ext = page_name(text, column.url)
    scripted = page_count(text)
    if scripted:
        return scripted, [(n + 1, urljoin(url, f"{stem}_{n}.{ext}")) for n in range(1, scripted)]
    folder = here.path.rsplit("/", 1)[0] + "/"
    sibling = re.compile(rf"{re.escape(folder)}{re.escape(stem)}_(\d+)\.{re.escape(ext)}")
    numbers = [
        int(match.group(1))
        for href in hrefs
        if (match := sibling.fullmatch(urlsplit(urljoin(url, href)).path))
    ]
    if not numbers:
        return None, []
    last = max(numbers)
    return last + 1, [(n + 1, urljoin(url, f"{stem}_{n}.{ext}")) for n in range(1, last + 1)]


SPA = SpaFamily()
