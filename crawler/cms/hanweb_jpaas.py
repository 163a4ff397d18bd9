"""Hanweb's JPaaS 发布平台: a column rendered by script from ``front/page/build/unit``.

The page carries an empty container and a script (``unitbuild.js``) that GETs
``/api-gateway/jpaas-publish-server/front/page/build/unit`` with ``parseType=bulidstatic`` (the
platform's own spelling), ``webId``, ``tplSetId``, ``pageType=column``, ``tagId`` (the unit's
name on the page, often Chinese: ``分页列表``), ``pageId`` and ``paramJson={"pageNo":N,
"pageSize":M}``. The answer is JSON, ``{"code": "200", "data": {"html": "…"}}``: the unit's HTML
(``<li><a href title>…</a><span>date</span></li>`` rows) and a ``<div class="pagination"
count="484" pageNo="1" rows="24">`` giving the row count and the page size.

Profile ``api`` keys (``fetch = "api"``): ``webId``, ``tplSetId``, ``pageId``, ``tagId``
(required, as the page's script sends them), ``size`` (default 20), ``endpoint`` (default the
path above, relative to base_url).
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urlencode, urljoin

from parsel import Selector

from crawler.cms.base import ListPage, RequestSpec
from crawler.cms.listing import entries_from_rows
from ground.errors import ProfileError
from ground.profiles.schema import Column, Profile

ENDPOINT = "api-gateway/jpaas-publish-server/front/page/build/unit"
REQUIRED = ("webId", "tplSetId", "pageId", "tagId")
KNOWN = frozenset({*REQUIRED, "size", "endpoint"})
NOT_UNIT = "JPaaS 接口未返回栏目 HTML（可能是防护或错误页面），无法读取"


def settings(profile: Profile, column: Column) -> dict[str, Any]:
    api = column.api
    problems = [(k, "unknown key") for k in sorted(set(api) - KNOWN)]
    problems += [(k, "is required for the JPaaS unit API") for k in REQUIRED if not api.get(k)]
    for key, why in problems:
        raise ProfileError(
            f"{profile.path}: field 'column[{column.id}].api.{key}' = {api.get(key)!r}: {why}"
        )
    return {"size": 20, "endpoint": ENDPOINT, **api}


def unit_request(profile: Profile, column: Column, api: dict[str, Any], page: int) -> RequestSpec:
    query = {
        "parseType": "bulidstatic",
        "webId": api["webId"],
        "tplSetId": api["tplSetId"],
        "pageType": "column",
        "tagId": api["tagId"],
        "editType": "null",
        "pageId": api["pageId"],
        "paramJson": json.dumps({"pageNo": page, "pageSize": int(api["size"])}),
    }
    url = f"{urljoin(profile.base_url, str(api['endpoint']))}?{urlencode(query)}"
    headers = {"Accept": "application/json", "Referer": column.url}
    return RequestSpec(url=url, page=page, kind="json", headers=headers)


def start_requests(profile: Profile, column: Column) -> list[RequestSpec]:
    return [unit_request(profile, column, settings(profile, column), 1)]


def parse_list(
    text: str, url: str, profile: Profile, column: Column, request: RequestSpec
) -> ListPage:
    api = settings(profile, column)
    try:
        answer = json.loads(text)
    except json.JSONDecodeError:
        answer = None
    data = answer.get("data") if isinstance(answer, dict) else None
    html = data.get("html") if isinstance(data, dict) else None
    if not isinstance(html, str):
        return ListPage(entries=[], next_requests=[], needs_js=NOT_UNIT)
    unit = Selector(text=html)
    # Rows resolve against the column page, where the browser puts them.
    entries = entries_from_rows(unit, column.url, item_css="li", link_css="a")
    total_pages = unit_pages(unit, int(api["size"]))
    next_requests: list[RequestSpec] = []
    if request.page == 1 and total_pages and total_pages > 1:
        last = min(total_pages, column.max_pages)
        next_requests = [unit_request(profile, column, api, n) for n in range(2, last + 1)]
    return ListPage(entries=entries, next_requests=next_requests, total_pages=total_pages)


def unit_pages(unit: Selector, size: int) -> int | None:
    """Pages from the unit's pagination ``count`` and ``rows`` (the page size it used).

    >>> unit_pages(Selector(text='<div class="pagination" count="49" rows="24"></div>'), 20)
    3
    >>> unit_pages(Selector(text="<ul></ul>"), 20) is None
    True
    """
    pager = unit.css(".pagination")
    if not pager:
        return None
    try:
        count = int(pager.attrib.get("count", ""))
    except ValueError:
        return None
    rows = pager.attrib.get("rows", "")
    per_page = int(rows) if rows.isdigit() and int(rows) > 0 else size
    return max(1, math.ceil(count / per_page)) if count > 0 else 1
