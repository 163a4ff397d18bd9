"""The TRS 海云 (IRS) search API: lists and 解读 boxes that a 2024–2025 TRS template fills by
script, read the way the page's own script reads them.

On these templates (avalon.js or Vue front ends) a column page serves 0 static rows, and a
policy page's 政策解读 box (文字解读 / 图片解读 / H5解读 tabs) is an empty ``ms-for`` template.
Both are filled by ``POST /irs/front/search`` with a JSON body::

    {"code": "18c0a2f3b7e", "dataTypeId": "1021", "searchWord": "", "orderBy": "time",
     "searchBy": "all", "pageNo": 1, "pageSize": 15, "granularity": "ALL", "isSearchForced": 0,
     "customFilter": {"operator": "and", "properties": [
         {"property": "channel_id", "operator": "eq", "value": "34512", "weight": 100}]}}

(``orderBy`` and ``searchBy`` are required: the API answers "排序方式不能为空" without them.) The
answer is ``{"success": true, "data": {"middle": {"listAndBox": [{"data": {…row…}}]},
"pager": {"pageNo", "pageSize", "pageCount", "total"}}}``; some deployments give the rows as
``data.middle.list``. A row carries ``url``, ``titleO`` (the title as written; ``title`` may hold
``<em>`` highlights), ``title_no_tag`` and ``docDate`` or ``time``.

Profile ``api`` keys (``fetch = "api"`` columns need ``code``, ``dataTypeId`` and ``channel``;
a static column may carry ``code``, ``dataTypeId`` and ``box`` alone, to read its pages' boxes):

=============== ===================== ========================================================
key             default               meaning
=============== ===================== ========================================================
endpoint        ``irs/front/search``  the search API, relative to base_url (or absolute)
code            (required)            the search application's code, as the page script sends
dataTypeId      (required)            the data type searched, as the page script sends
channel         (required for lists)  the ``channel_id`` the column's list is filtered on
size            15                    rows per page asked for (``pageSize``)
order           ``"time"``            ``orderBy``
box             (none)                detail pages' box: ``{channels = [...], search =
                                      "doc_number" | "title", name = "相关解读", size = 10,
                                      dataTypeId = (the column's)}``
=============== ===================== ========================================================
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urljoin

from crawler.cms.base import DetailPage, ListEntry, ListPage, RequestSpec
from crawler.extract.dates import iso_date
from ground.errors import ProfileError
from ground.profiles.schema import Column, Profile

NOT_API_ANSWER = "检索接口未返回列表数据（可能是防护或错误页面），无法读取"
DEFAULTS: dict[str, Any] = {"endpoint": "irs/front/search", "size": 15, "order": "time"}
KNOWN = frozenset({*DEFAULTS, "code", "dataTypeId", "channel", "box"})
BOX_KEYS = frozenset({"channels", "search", "name", "size", "dataTypeId"})
BOX_SEARCHES = ("doc_number", "title")
DEFAULT_BOX = "相关解读"  # the extractor's name for any 解读 box (文字/图片/H5 tabs included)
TAG = re.compile(r"<[^>]+>")
JSON_HEADERS = {
    "Accept": "application/json, text/plain, */*",
    "Content-Type": "application/json",
    "X-Requested-With": "XMLHttpRequest",
}


def settings(profile: Profile, column: Column) -> dict[str, Any]:
    """The column's ``api`` table over the defaults, checked; a bad one is a ProfileError that
    names the profile, the field and the value."""
    api = column.api

    def refuse(key: str, why: str) -> ProfileError:
        where = f"column[{column.id}].api.{key}"
        return ProfileError(f"{profile.path}: field '{where}' = {api.get(key)!r}: {why}")

    for key in sorted(set(api) - KNOWN):
        raise refuse(key, f"unknown key (known: {', '.join(sorted(KNOWN))})")
    wanted = ("code", "dataTypeId", "channel") if column.fetch == "api" else ("code", "dataTypeId")
    for key in wanted:
        if not str(api.get(key, "")).strip():
            raise refuse(key, "is required for the TRS search API")
    box = api.get("box")
    if box is not None:
        if not isinstance(box, dict):
            raise refuse("box", "must be a table")
        for key in sorted(set(box) - BOX_KEYS):
            raise refuse("box", f"unknown key {key!r} (known: {', '.join(sorted(BOX_KEYS))})")
        channels = box.get("channels")
        if not isinstance(channels, list) or not channels:
            raise refuse("box", "needs channels = [ … ] (the box's channel ids)")
        if box.get("search", "doc_number") not in BOX_SEARCHES:
            raise refuse("box", f"search must be one of {', '.join(BOX_SEARCHES)}")
    return {**DEFAULTS, **api}


def search_body(
    api: dict[str, Any], channel: str, page: int, size: int, word: str = "", **extra: Any
) -> str:
    """The JSON the page's script POSTs: one channel filter, one page.

    >>> json.loads(search_body({"code": "c", "dataTypeId": "1", "order": "time"}, "9", 2, 15))[
    ...     "customFilter"]["properties"][0]["value"], "pageNo"
    ('9', 'pageNo')
    """
    body = {
        "code": str(api["code"]),
        "dataTypeId": str(extra.get("dataTypeId") or api["dataTypeId"]),
        "searchWord": word,
        "orderBy": str(api["order"]),
        "searchBy": "all",
        "pageNo": page,
        "pageSize": size,
        "granularity": "ALL",
        "isSearchForced": 0,
        "customFilter": {
            "operator": "and",
            "properties": [
                {"property": "channel_id", "operator": "eq", "value": channel, "weight": 100}
            ],
        },
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def endpoint(profile: Profile, api: dict[str, Any]) -> str:
    # Relative to base_url, so a profile rebased onto a fixture server asks that server.
    return urljoin(profile.base_url, str(api["endpoint"]).strip())


def list_request(profile: Profile, column: Column, api: dict[str, Any], page: int) -> RequestSpec:
    return RequestSpec(
        url=endpoint(profile, api),
        page=page,
        kind="json",
        headers={**JSON_HEADERS, "Referer": column.url},
        body=search_body(api, str(api["channel"]), page, int(api["size"])),
    )


def start_requests(profile: Profile, column: Column) -> list[RequestSpec]:
    """Page 1 of an api column's list (later pages come from the answer's pager)."""
    return [list_request(profile, column, settings(profile, column), 1)]


def parse_list(
    text: str, url: str, profile: Profile, column: Column, request: RequestSpec
) -> ListPage:
    """One answer of the list: its rows, and (on page 1) the requests for pages 2 … N."""
    api = settings(profile, column)
    answer = _load(text)
    rows = answer_rows(answer)
    if rows is None:
        return ListPage(entries=[], next_requests=[], needs_js=NOT_API_ANSWER)
    total_pages = page_count(answer, int(api["size"]))
    next_requests: list[RequestSpec] = []
    if request.page == 1 and total_pages and total_pages > 1:
        last = min(total_pages, column.max_pages)
        next_requests = [list_request(profile, column, api, n) for n in range(2, last + 1)]
    return ListPage(
        entries=row_entries(rows, url), next_requests=next_requests, total_pages=total_pages
    )


def box_requests(profile: Profile, column: Column, page: DetailPage) -> list[RequestSpec]:
    """One POST per channel of the box (文字、图片、H5 解读), searching the page's 文号 (or
    title) as its script does; [] when the profile describes no box, the page has no
    script-filled box of that name, or the word to search is not on the page (the box then
    stays unread and its checks say 未能核验)."""
    if not column.api.get("box"):
        return []
    api = settings(profile, column)
    box = dict(api["box"])
    name = str(box.get("name") or DEFAULT_BOX)
    if name not in page.js_boxes:
        return []
    word = page.doc_number if box.get("search", "doc_number") == "doc_number" else page.title
    if not word.strip():
        return []
    size = int(box.get("size") or 10)
    return [
        RequestSpec(
            url=endpoint(profile, api),
            page=1,
            kind="json",
            headers={**JSON_HEADERS, "Referer": page.url},
            body=search_body(api, str(channel), 1, size, word, dataTypeId=box.get("dataTypeId")),
            box=name,
        )
        for channel in box["channels"]
    ]


def parse_box(text: str, url: str) -> list[ListEntry] | None:
    """The links one box answer holds (the box shows its first page only); None when the answer
    is not the API's."""
    rows = answer_rows(_load(text))
    return None if rows is None else row_entries(rows, url)


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def answer_rows(answer: Any) -> list[dict[str, Any]] | None:
    """The rows of an answer (``data.middle.listAndBox[].data`` or ``data.middle.list[]``), or
    None when it is not a successful search answer.

    >>> answer_rows({"success": True, "data": {"middle": {"listAndBox": [{"data": {"url": "u"}}]}}})
    [{'url': 'u'}]
    >>> answer_rows({"success": False, "msg": "排序方式不能为空"}) is None
    True
    """
    if not isinstance(answer, dict) or answer.get("success") is False:
        return None
    data = answer.get("data")
    middle = data.get("middle") if isinstance(data, dict) else None
    if not isinstance(middle, dict):
        return None
    rows = middle.get("listAndBox")
    if rows is None:
        rows = middle.get("list")
    if not isinstance(rows, list):
        return None
    found = []
    for row in rows:
        inner = row.get("data") if isinstance(row, dict) else None
        record = inner if isinstance(inner, dict) else row
        if isinstance(record, dict):
            found.append(record)
    return found


def row_entries(rows: list[dict[str, Any]], base_url: str) -> list[ListEntry]:
    """List entries of the rows, in order, without duplicates; relative links resolved."""
    seen: set[str] = set()
    entries = []
    for row in rows:
        href = str(row.get("url") or "").strip()
        if not href:
            continue
        absolute = urljoin(base_url, href)
        if absolute in seen:
            continue
        seen.add(absolute)
        title = (
            row.get("titleO") or row.get("title_no_tag") or TAG.sub("", str(row.get("title", "")))
        )
        date = next((row[k] for k in ("docDate", "time", "docPubTime") if row.get(k)), "")
        entries.append(
            ListEntry(url=absolute, title=" ".join(str(title).split()), date=iso_date(str(date)))
        )
    return entries


def page_count(answer: dict[str, Any], size: int) -> int | None:
    """Pages of the list: the pager's ``pageCount``, else ``total`` / page size rounded up.

    >>> page_count({"data": {"pager": {"total": 31}}}, 15), page_count({"data": {}}, 15)
    (3, None)
    """
    pager = answer.get("data", {}).get("pager")
    if not isinstance(pager, dict):
        return None
    for key in ("pageCount", "total"):
        try:
            value = int(pager[key])
        except (KeyError, TypeError, ValueError):
            continue
        if key == "pageCount" and value >= 0:
            return value
        if key == "total" and value >= 0:
            return max(1, math.ceil(value / size)) if value else 0
    return None
