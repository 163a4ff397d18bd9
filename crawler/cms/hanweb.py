"""Hanweb JCMS (大汉) portals: jpage column lists read from their embedded XML, paged by POST.

A column page ``/col/col<ID>/index.html`` carries its first group of records in
``<script type="text/xml"><datastore>``: a ``<nextgroup>`` link whose query holds the list's
``webid``, ``columnid`` and ``unitid``, a ``<recordset>`` of ``<record><![CDATA[<li>…</li>]]>``
rows, and the totals (``<totalrecord>``, ``<totalpage>``, or ``totalRecord:`` in the paging
script). The rest of the list exists only behind ``/module/web/jpage/dataproxy.jsp``, POSTed with
``startrecord``/``endrecord``/``perpage`` in the query and the jpage form (``col``, ``appid``,
``webid``, ``path``, ``columnid``, ``sourceContentType``, ``unitid``, ``webname``,
``permissiontype``); the static ``index_1.html`` form answers 404 on these sites.

Profile ``api`` keys this family reads (all optional; the page's own values win, because a
profile written months ago goes stale when a site is re-templated, while the page is what a
browser would send):

- ``columnid``: picks the datastore when a page holds several lists; fallback form value;
- ``webid``, ``unitid``, ``appid``, ``path``, ``webname``, ``sourceContentType``,
  ``permissiontype``: fallback form values when the page has no ``<nextgroup>`` link;
- ``perpage``: fallback page size when the paging script does not say (default 15);
- ``proxy``: fallback path of ``dataproxy.jsp`` (sites also use ``/module/jpage/dataproxy.jsp``).

Newer Hanweb sites (the JPaaS 发布平台) render a column by script from
``GET /api-gateway/jpaas-publish-server/front/page/build/unit?parseType=bulidstatic&webId=…&
tplSetId=…&pageType=column&tagId=…&pageId=…&paramJson={"pageNo":1,"pageSize":20}`` (sic:
``bulidstatic``), answered ``{"code": "200", "data": {"html": "<ul>…</ul><div class=
"pagination" count="484" pageNo="1" rows="24">"}}``. A column with ``fetch = "api"`` is read
that way (``crawler.cms.hanweb_jpaas``; its keys: ``webId``, ``tplSetId``, ``pageId``,
``tagId``, optional ``size`` and ``endpoint``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

import crawler.cms.hanweb_jpaas as hanweb_jpaas
from crawler.cms.base import ListEntry, ListPage, RequestSpec
from crawler.cms.listing import entries_from_rows
from ground.profiles.schema import Column, Profile

PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
DEFAULT_PERPAGE = 15  # jpage's usual page size; only used when neither page nor profile says
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
ART_DATE = re.compile(r"/art/(\d{4})/(\d{1,2})/(\d{1,2})/")
DATE_TEXT = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
WINDOW_OPEN = re.compile(r"""window\.open\(\s*['"]([^'"]+)['"]""")
QUOTED_PATH = re.compile(r"""['"]((?:https?://|/)[^'"\s]+)['"]""")
SCRIPT_TOTAL = re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
SCRIPT_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
SCRIPT_PROXY = re.compile(r"proxyUrl\s*[:=]\s*['\"]([^'\"]+)['\"]", re.IGNORECASE)
NO_DATASTORE = (
    "列表由 jpage 脚本渲染：页面中没有 <datastore> 记录块（Hanweb 栏目页应内嵌 "
    '<script type="text/xml"><datastore>），无法静态读取'
)
XXGK_FIRST_PAGE_ONLY = (
    "信息公开目录列表只读到静态首页：翻页需 POST search.jsp 表单（currpage），本栏目未读全"
)
ART_LINK = re.compile(r"/art/\d{4}/")
XXGK_PAGING = re.compile(r"""name=["']?currpage|goPage\(""", re.IGNORECASE)
NOT_DATASTORE_ANSWER = "dataproxy.jsp 的应答不是 <datastore> XML（可能是防火墙或错误页），无法读取"


class HanwebFamily:
    name = "hanweb"

    def start_requests(self, profile: Profile, column: Column) -> list[RequestSpec]:
        if column.fetch == "api":
            return hanweb_jpaas.start_requests(profile, column)
        return [RequestSpec(url=column.url, page=1)]

    def parse_list(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        if request.kind == "json":
            return hanweb_jpaas.parse_list(text, url, profile, column, request)
        if request.form is not None or request.kind == "xml":
            return self._parse_answer(text, request.headers.get("Referer") or column.url)
        return self._parse_column_page(text, url, profile, column, request)

    # -- a dataproxy.jsp answer: records only, the first page already planned the rest ----------

    def _parse_answer(self, text: str, base_url: str) -> ListPage:
        store = _xml(XML_DECLARATION.sub("", text, count=1))
        if store is None:
            return ListPage(entries=[], next_requests=[], needs_js=NOT_DATASTORE_ANSWER)
        total_pages = _int(store.xpath("string(//totalpage)").get())
        return ListPage(
            entries=_entries(store, base_url), next_requests=[], total_pages=total_pages
        )

    # -- the column page: embedded records, and POSTs for the remaining record ranges -----------

    def _parse_column_page(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        page = Selector(text=text)
        scripts = page.xpath("//script[contains(., '<datastore')]/text()").getall()
        stores = [store for store in map(_xml, scripts) if store is not None]
        if not stores:
            # The 信息公开 module (/module/xxgk/search.jsp) serves its first page as a static
            # table: those rows are read; its further pages are POSTs this family does not send.
            static = entries_from_rows(page, url, href_pattern=ART_LINK)
            if static:
                more = bool(XXGK_PAGING.search(text))
                return ListPage(static, [], needs_js=XXGK_FIRST_PAGE_ONLY if more else "")
            return ListPage(entries=[], next_requests=[], needs_js=NO_DATASTORE)
        api = column.api
        store = _pick(stores, str(api.get("columnid", "")))
        entries = _entries(store, url)
        group = _nextgroup(store)
        records = len(store.xpath("//recordset/record"))
        size = _list_size(store, text, api)
        if request.page != 1 or size.total is None or size.total <= records:
            return ListPage(entries=entries, next_requests=[], total_pages=size.pages)

        form = _form(group, api, profile)
        missing = [k for k in ("webid", "columnid", "unitid") if not form.get(k)]
        if missing:
            why = (
                f"翻页需要 POST dataproxy.jsp，但页面和 profile api 都没有 {'、'.join(missing)}，"
                f"只读到前 {records} 条（共 {size.total} 条）"
            )
            return ListPage(entries, [], total_pages=size.pages, needs_js=why)

        proxy = group.get("_path") or _search(SCRIPT_PROXY, text) or str(api.get("proxy", ""))
        next_requests = _range_requests(
            urljoin(url, proxy or PROXY_PATH),
            form,
            referer=url,
            embedded=records,
            total=size.total,
            perpage=size.perpage,
            max_pages=column.max_pages,
        )
        return ListPage(entries=entries, next_requests=next_requests, total_pages=size.pages)


@dataclass(frozen=True, slots=True)
class _ListSize:
    perpage: int
    total: int | None  # records in the whole list
    pages: int | None


def _list_size(store: Selector, text: str, api: dict[str, Any]) -> _ListSize:
    """Page size and totals: the datastore's, else the paging script's, else the profile's."""
    perpage = _int(_search(SCRIPT_PERPAGE, text)) or _int(api.get("perpage")) or DEFAULT_PERPAGE
    total = _int(store.xpath("string(//totalrecord)").get())
    if total is None:
        total = _int(_search(SCRIPT_TOTAL, text))
    total_pages = _int(store.xpath("string(//totalpage)").get())
    if total is None and total_pages is not None:
        total = total_pages * perpage  # an upper bound: the last answer is simply shorter
    if total_pages is None and total is not None:
        total_pages = math.ceil(total / perpage) if total else 0
    return _ListSize(perpage, total, total_pages)


def _range_requests(
    proxy_url: str,
    form: dict[str, str],
    *,
    referer: str,
    embedded: int,
    total: int,
    perpage: int,
    max_pages: int,
) -> list[RequestSpec]:
    """POSTs for the records after the ``embedded`` ones, numbered as pages 2, 3 …"""
    # jpage asks for as many records per POST as the page embedded (groupSize × perPage).
    step = max(embedded, perpage)
    headers = {"Referer": referer, "X-Requested-With": "XMLHttpRequest"}
    requests: list[RequestSpec] = []
    start = embedded + 1
    while start <= total and len(requests) + 1 < max_pages:
        query = {"startrecord": start, "endrecord": start + step - 1, "perpage": perpage}
        requests.append(
            RequestSpec(
                url=f"{proxy_url}?{urlencode(query)}",
                page=len(requests) + 2,
                form=dict(form),
                headers=dict(headers),
                kind="xml",
            )
        )
        start += step
    return requests


def _xml(text: str) -> Selector | None:
    """The ``<datastore>`` element of a text as an XML selector, or None when there is none."""
    start = text.find("<datastore")
    if start < 0:
        return None
    end = text.rfind("</datastore>")
    body = text[start : end + len("</datastore>")] if end > start else text[start:]
    store = Selector(text=body, type="xml")
    return store if store.xpath("/datastore") else None


def _pick(stores: list[Selector], columnid: str) -> Selector:
    """The datastore of the profile's column when a page holds several lists, else the first."""
    if columnid:
        for store in stores:
            if _nextgroup(store).get("columnid") == columnid:
                return store
    with_records = [s for s in stores if s.xpath("//recordset/record")]
    return (with_records or stores)[0]


def _nextgroup(store: Selector) -> dict[str, str]:
    """The jpage parameters of the ``<nextgroup>`` link (``_path`` = the proxy's path)."""
    fragment = store.xpath("string(//nextgroup)").get() or ""
    href = Selector(text=fragment).xpath("//a/@href").get() if fragment.strip() else None
    if not href:
        return {}
    parts = urlsplit(href.strip())
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    params["_path"] = parts.path
    return params


def _form(group: dict[str, str], api: dict[str, Any], profile: Profile) -> dict[str, str]:
    def value(key: str, default: str = "") -> str:
        return group.get(key) or str(api.get(key, "") or default)

    return {
        "col": "1",
        "appid": value("appid", "1"),
        "webid": value("webid"),
        "path": value("path", "/"),
        "columnid": value("columnid"),
        "sourceContentType": value("sourceContentType", "1"),
        "unitid": value("unitid"),
        "webname": value("webname", profile.name),
        "permissiontype": value("permissiontype", "0"),
    }


def _entries(store: Selector, base_url: str) -> list[ListEntry]:
    seen: set[str] = set()
    entries = []
    for fragment in store.xpath("//recordset/record").xpath("string()").getall():
        entry = _entry(Selector(text=fragment), base_url)
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            entries.append(entry)
    return entries


def _entry(row: Selector, base_url: str) -> ListEntry | None:
    """One record: its article link (title attribute over the truncated text) and date."""
    anchors = row.xpath("//a")
    if not anchors:
        return None
    best = next((a for a in anchors if "/art/" in _href(a)), None)
    anchor = best or next((a for a in anchors if _href(a)), None)
    if anchor is None:
        return None
    href = _href(anchor)
    title = anchor.attrib.get("title") or anchor.xpath("string()").get() or ""
    url = urljoin(base_url, href)
    return ListEntry(url=url, title=" ".join(title.split()), date=_date(row, href))


def _href(anchor: Selector) -> str:
    """The target of a link, including ``javascript:`` links that ``window.open`` it."""
    href = (anchor.attrib.get("href") or "").strip()
    if href and not href.lower().startswith(("javascript:", "#", "mailto:")):
        return href
    script = f"{anchor.attrib.get('onclick', '')} {href}"
    match = WINDOW_OPEN.search(script) or QUOTED_PATH.search(script)
    return match.group(1) if match else ""


def _date(row: Selector, href: str) -> str | None:
    """The row's date: a full date in a ``<span>`` (or other text), else the /art/Y/M/D/ URL.

    >>> _date(Selector(text="<li><a>x</a><span>[2023-03-05]</span></li>"), "")
    '2023-03-05'
    >>> _date(Selector(text="<li><a>x</a><span>03-05</span></li>"), "/art/2023/3/5/art_1_2.html")
    '2023-03-05'
    >>> _date(Selector(text="<li><a>2023年工作</a></li>"), "/col/x.html") is None
    True
    """
    texts = row.xpath("//span//text()").getall() + row.xpath("//*[not(self::a)]/text()").getall()
    for text in texts:
        found = _ymd(DATE_TEXT.search(text))
        if found:
            return found
    return _ymd(ART_DATE.search(href))


def _ymd(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _search(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


HANWEB = HanwebFamily()
