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

A box is asked as the page's own inline script asks it (``page_request``): the search word as
the page spells it, its filters and channels; the profile's ``box`` supplies what the page does
not spell. Where the page spells no word, ``box.search`` says what to derive it from, and an
empty answer to that derived request leaves the box unread (crawler/spiders/box_reading.py).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

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
    api: dict[str, Any],
    channel: str,
    page: int,
    size: int,
    word: str = "",
    properties: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> str:
    """The JSON the page's script POSTs: one channel filter (or the page's own ``properties``),
    one page; ``extra`` holds what the page spells otherwise than the profile (``code``,
    ``dataTypeId``, ``orderBy``, ``searchBy``).

    >>> json.loads(search_body({"code": "c", "dataTypeId": "1", "order": "time"}, "9", 2, 15))[
    ...     "customFilter"]["properties"][0]["value"], "pageNo"
    ('9', 'pageNo')
    """
    if properties is None:
        properties = [{"property": "channel_id", "operator": "eq", "value": channel, "weight": 100}]
    body = {
        "code": str(extra.get("code") or api["code"]),
        "dataTypeId": str(extra.get("dataTypeId") or api["dataTypeId"]),
        "searchWord": word,
        "orderBy": str(extra.get("orderBy") or api["order"]),
        "searchBy": str(extra.get("searchBy") or "all"),
        "pageNo": page,
        "pageSize": size,
        "granularity": "ALL",
        "isSearchForced": 0,
        "customFilter": {"operator": "and", "properties": properties},
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
    """One POST per channel of the box (文字、图片、H5 解读), carrying what the page's own script
    sends: its search word as the page spells it (``谷政规[2024]1号``, a title, a variable's
    value), its ``searchBy``, its filters and channels.

    Where the page spells no search word (the script is in an external file, or computes the
    word at run time), the word is derived from the extracted 文号 (or title, as the profile's
    ``box.search`` says) and the requests are marked ``derived``: an empty answer then proves
    nothing and the box stays unread. [] when the profile describes no box, the page has no
    script-filled box of that name, the page filters on a value it does not spell, or there is
    no word to derive (the box stays unread and its checks say 未能核验)."""
    if not column.api.get("box"):
        return []
    api = settings(profile, column)
    box = dict(api["box"])
    name = str(box.get("name") or DEFAULT_BOX)
    if name not in page.js_boxes:
        return []
    channels = tuple(str(c) for c in box["channels"])
    script = page_request(page.html, _path(endpoint(profile, api)), channels)
    if script is not None and script.properties is None:
        return []
    word = script.word if script is not None else None
    derived = word is None
    if word is None:
        word = page.doc_number if box.get("search", "doc_number") == "doc_number" else page.title
        if not word.strip():
            return []
    spelled = dict(script.fields) if script is not None else {}
    size = int(spelled.pop("pageSize", 0) or box.get("size") or 10)
    spelled.setdefault("dataTypeId", box.get("dataTypeId"))
    if script is not None and script.channel_at is None:
        asked: tuple[str, ...] = ("",)  # the page's request filters on no channel: one request
    else:
        asked = (script.channels if script is not None else ()) or channels
    return [
        RequestSpec(
            url=endpoint(profile, api),
            page=1,
            kind="json",
            headers={**JSON_HEADERS, "Referer": page.url},
            body=search_body(
                api,
                channel,
                1,
                size,
                word,
                properties=script.with_channel(channel) if script is not None else None,
                **spelled,
            ),
            box=name,
            derived=derived,
        )
        for channel in asked
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


# --- the box request as the page's own script spells it ---------------------------------------
# A 海云 page fills its box with an inline $.ajax / avalon call whose JSON body is an object
# literal: ``searchWord: "谷政规〔2024〕1号"`` (the 文号 as the page spells it, which may differ
# from the normalised one: [2024], （2024）, a space before 号), or a title, or a variable set
# elsewhere in the page (``var fwzh = "…"``), or an element's value (``$("#fwzh").val()``), and
# a ``customFilter`` whose channel comes from a map (``channels[t]``). Only values written in the
# page count as spelled; anything computed at run time is not guessed.

SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
STRING = r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
# A value ends where the object literal goes on; ``+ x`` or ``.trim()`` after it is run-time work.
END = r"(?=\s*(?:[,}\];)]|//|$))"
VALUE = re.compile(
    r"\s*(?:(?P<string>" + STRING + r")"
    r"|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?:\$|jQuery)\(\s*(?P<q>[\"'])#(?P<id>[\w-]+)(?P=q)\s*\)\.(?P<jq>val|text)\(\s*\)"
    r"|document\.getElementById\(\s*(?P<q2>[\"'])(?P<id2>[\w-]+)(?P=q2)\s*\)"
    r"\.(?P<prop>value|textContent|innerText)"
    r"|(?P<map>[A-Za-z_$][\w$]*)\[[^\]\n]*\]"
    r"|(?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))" + END
)
PROPERTIES = re.compile(r"[\"']?\bproperties[\"']?\s*:\s*\[((?:\s*\{[^{}]*\}\s*,?)*)\s*\]")
OBJECT = re.compile(r"\{[^{}]*\}")
ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))", re.S)
SPELLED_FIELDS = ("code", "dataTypeId", "orderBy", "searchBy")


def _key(key: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w$])[\"']?" + re.escape(key) + r"[\"']?\s*:\s*")


def unquote(literal: str) -> str:
    r"""A JS string literal's text.

    >>> unquote('"谷政规\\u30142024\\u30151号"'), unquote("'a\\'b'")
    ('谷政规〔2024〕1号', "a'b")
    """
    escapes = {"n": "\n", "t": "\t", "r": "\r"}
    return ESCAPE.sub(
        lambda m: chr(int(m[1], 16)) if m[1] else escapes.get(m[2], m[2]), literal[1:-1]
    )


@dataclass(frozen=True, slots=True)
class PageRequest:
    """The box request the page's script sends, as far as the page spells it."""

    word: str | None  # searchWord as spelled ("" when not sent); None: computed at run time
    fields: dict[str, Any]  # code, dataTypeId, orderBy, searchBy, pageSize as spelled
    # customFilter.properties as spelled, in the page's order; None: one of them is not spelled
    # (the request cannot be sent as the page sends it).
    properties: tuple[dict[str, Any], ...] | None
    channel_at: int | None  # the channel_id property's place in ``properties``
    channels: tuple[str, ...]  # channel ids the script spells; (): the profile's

    def with_channel(self, channel: str) -> list[dict[str, Any]]:
        out = [dict(p) for p in self.properties or ()]
        if self.channel_at is not None:
            out[self.channel_at]["value"] = channel
        return out


class PageScript:
    """The inline scripts of a page, read for the values its box request carries."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.text = "\n".join(m[1] for m in SCRIPT.finditer(html))

    def value(self, region: str, key: str) -> tuple[bool, str | None]:
        """(the key is in ``region``, its value as the page spells it or None)."""
        found = _key(key).search(region)
        if found is None:
            return False, None
        return True, self.spelled(VALUE.match(region, found.end()))

    def spelled(self, match: re.Match[str] | None) -> str | None:
        if match is None or match["map"]:
            return None
        if match["string"]:
            return unquote(match["string"])
        if match["number"]:
            return match["number"]
        if match["id"] or match["id2"]:
            return self.element(match["id"] or match["id2"], match["jq"] or match["prop"])
        return self.variable(match["name"])

    def variable(self, name: str) -> str | None:
        """The one string the page's scripts assign to the variable (or object key); None when
        it is assigned nothing, something computed, or different strings."""
        last = name.rsplit(".", 1)[-1]
        assign = re.compile(
            r"(?<![\w$])(?:var\s+|let\s+|const\s+)?[\"']?"
            + re.escape(last)
            + r"[\"']?\s*(?:=(?![=>])|:)\s*"
        )
        values = set()
        for found in assign.finditer(self.text):
            match = VALUE.match(self.text, found.end())
            if match is None or not match["string"]:
                return None
            values.add(unquote(match["string"]))
        return values.pop() if len(values) == 1 else None

    def element(self, element_id: str, reads: str) -> str | None:
        """What ``$("#id").val()`` / ``.text()`` (or getElementById's value / textContent /
        innerText) gives on the page as served; None for a missing element."""
        element = Selector(text=self.html).css(f"#{element_id}")
        if not element:
            return None
        if reads in ("val", "value"):
            if element.xpath("self::input"):
                return element.attrib.get("value", "")
            if element.xpath("self::textarea"):
                return "".join(element.xpath(".//text()").getall())
            return None
        text = "".join(element.xpath(".//text()").getall())
        return " ".join(text.split()) if reads == "innerText" else text

    def channel_values(self, match: re.Match[str] | None) -> tuple[str, ...]:
        """The channel ids a channel_id value spells: a string, or the strings of the map it
        indexes (``channels[t]`` with ``var channels = {1: "34517", 2: "34518"}``)."""
        if match is not None and match["map"]:
            table = re.search(
                r"(?<![\w$])" + re.escape(match["map"]) + r"\s*[=:]\s*\{([^{}]*)\}", self.text
            )
            if table is None:
                return ()
            return tuple(unquote(s) for s in re.findall(r":\s*(" + STRING + ")", table[1]))
        value = self.spelled(match)
        return (value,) if value else ()


def page_request(html: str, path: str, channels: tuple[str, ...]) -> PageRequest | None:
    """The box request of the page's inline script that POSTs to ``path``, preferring one that
    names a channel of the box; None when no inline script sends one, or the one it sends
    filters on other channels than the box's (another box of the page: its own script is then
    elsewhere). A body without ``searchWord`` searches for nothing: its word is "".

    >>> page = '<script>var wh = "谷政规[2024]1号"; $.ajax({url: "/irs/front/search", data:'
    >>> page += ' JSON.stringify({searchWord: wh, searchBy: "title", customFilter: {properties:'
    >>> page += ' [{property: "channel_id", operator: "eq", value: "34517"}]}})})</script>'
    >>> found = page_request(page, "irs/front/search", ("34517",))
    >>> found.word, found.fields, found.channels, found.with_channel("9")
    ('谷政规[2024]1号', {'searchBy': 'title'}, ('34517',), [{'property': 'channel_id', \
'operator': 'eq', 'value': '9'}])
    """
    if not html or path not in html:
        return None
    script = PageScript(html)
    blocks = [m[1] for m in SCRIPT.finditer(html) if path in m[1]]
    if not blocks:
        return None
    region = next((b for b in blocks if any(f'"{c}"' in b or f"'{c}'" in b for c in channels)), "")
    region = region or blocks[0]
    present, word = script.value(region, "searchWord")
    fields: dict[str, Any] = {}
    for key in SPELLED_FIELDS:
        value = script.value(region, key)[1]
        if value:
            fields[key] = value
    size = script.value(region, "pageSize")[1]
    if size and size.isdigit():
        fields["pageSize"] = int(size)
    properties, channel_at, spelled_channels = _properties(script, region)
    if spelled_channels and channels and not set(spelled_channels) & set(channels):
        return None
    return PageRequest(
        word=word if present else "",
        fields=fields,
        properties=properties,
        channel_at=channel_at,
        channels=spelled_channels,
    )


def _properties(
    script: PageScript, region: str
) -> tuple[tuple[dict[str, Any], ...] | None, int | None, tuple[str, ...]]:
    listed = PROPERTIES.search(region)
    if listed is None:
        # No filter spelled: none sent, unless the filter is built elsewhere (not spelled).
        return (None if _key("customFilter").search(region) else ()), None, ()
    properties: list[dict[str, Any]] = []
    channel_at: int | None = None
    channels: tuple[str, ...] = ()
    for item in OBJECT.findall(listed[1]):
        prop = script.value(item, "property")[1]
        if not prop:
            return None, None, ()
        entry: dict[str, Any] = {"property": prop}
        present, operator = script.value(item, "operator")
        if present and operator is None:
            return None, None, ()
        if operator is not None:
            entry["operator"] = operator
        found = _key("value").search(item)
        match = VALUE.match(item, found.end()) if found else None
        if prop == "channel_id":
            channel_at, channels = len(properties), script.channel_values(match)
            entry["value"] = ""
        else:
            value = script.spelled(match)
            if value is None:
                return None, None, ()  # the page filters on a value it does not spell
            entry["value"] = value
        weight = script.value(item, "weight")[1]
        if weight and weight.lstrip("-").isdigit():
            entry["weight"] = int(weight)
        properties.append(entry)
    return tuple(properties), channel_at, channels


def _path(url: str) -> str:
    """The endpoint's path as a page's script writes it (relative to the site root)."""
    return urlsplit(url).path.lstrip("/")
