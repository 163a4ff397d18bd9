"""广东 「政府信息公开目录」 platform (gkmlpt): category lists read from its JSON API.

The list page ``/{dept}/gkmlpt/index#{catid}`` is a Vue app: an empty ``<div id="app">`` and a
``window._CONFIG`` with the site id (``SID``), the category ``TREE`` (with ``post_count``) and
``API_ROOT``. Its rows come from ``GET {API_ROOT}/all/{catid}?page=N&sid=SID``, answered with
``{"classify": {…, "post_count"}, "total": N, "articles": [{"id", "title", "url",
"first_publish_time" | "publish_time" (Unix seconds), "display_publish_time", "created_at"}]}``.
Sites answer up to 100 articles a page, and some the whole category at once (page 2 then
answers 404): the page count is the total over the first page's length, never guessed.

Profile ``api`` keys (``fetch = "api"``; ``catid`` and ``sid`` are required):

=========== ============================ =====================================================
key         default                      meaning
=========== ============================ =====================================================
catid       (required)                   the category id (505 规范性文件, 507 解读 on some sites)
sid         (required)                   the site id, ``SID`` in the list page's ``_CONFIG``
api_root    the column URL's             where the API lives (``/{dept}/gkmlpt/api``)
            ``…/gkmlpt/`` + ``api``
=========== ============================ =====================================================

Without ``fetch = "api"`` the list page is fetched as HTML: it has no rows, and ``parse_list``
says so in ``needs_js`` (the column is then not reached, never empty).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from crawler.cms.base import ListEntry, ListPage, RequestSpec
from crawler.extract.dates import iso_date
from ground.errors import ProfileError
from ground.profiles.schema import Column, Profile

NEEDS_API = "gkmlpt 目录页由脚本从接口填充（window._CONFIG），静态页面没有条目，需接口抓取"
NOT_JSON = "gkmlpt 接口未返回 articles 数据（可能是防护或错误页面），无法读取"
KNOWN = frozenset({"catid", "sid", "api_root"})
CHINA = dt.timezone(dt.timedelta(hours=8))  # Unix times are shown as Beijing dates
DATE_FIELDS = ("display_publish_time", "first_publish_time", "publish_time", "created_at")


class GkmlptFamily:
    name = "gkmlpt"

    def start_requests(self, profile: Profile, column: Column) -> list[RequestSpec]:
        if column.fetch == "api":
            return [api_request(profile, column, settings(profile, column), 1)]
        return [RequestSpec(url=column.url, page=1)]

    def parse_list(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        if request.kind != "json":
            return ListPage(entries=[], next_requests=[], needs_js=NEEDS_API)
        api = settings(profile, column)
        try:
            answer = json.loads(text)
        except json.JSONDecodeError:
            answer = None
        articles = answer.get("articles") if isinstance(answer, dict) else None
        if not isinstance(articles, list):
            return ListPage(entries=[], next_requests=[], needs_js=NOT_JSON)
        entries = article_entries(articles, url)
        total_pages = page_count(answer, len(articles))
        next_requests: list[RequestSpec] = []
        if request.page == 1 and total_pages and total_pages > 1:
            last = min(total_pages, column.max_pages)
            next_requests = [api_request(profile, column, api, n) for n in range(2, last + 1)]
        return ListPage(entries=entries, next_requests=next_requests, total_pages=total_pages)


def settings(profile: Profile, column: Column) -> dict[str, Any]:
    api = column.api
    for key in sorted(set(api) - KNOWN):
        raise ProfileError(
            f"{profile.path}: field 'column[{column.id}].api.{key}' = {api[key]!r}: unknown key "
            f"(known: {', '.join(sorted(KNOWN))})"
        )
    for key in ("catid", "sid"):
        if not str(api.get(key, "")).strip():
            raise ProfileError(
                f"{profile.path}: field 'column[{column.id}].api.{key}' = {api.get(key)!r}: "
                "is required for the gkmlpt API"
            )
    return dict(api)


def api_root(profile: Profile, column: Column, api: dict[str, Any]) -> str:
    """``…/gkmlpt/api`` beside the column page, unless the profile says where.

    A relative ``api_root`` follows the profile when it is rebased onto a fixture server.
    """
    if api.get("api_root"):
        return urljoin(profile.base_url, str(api["api_root"]).strip()).rstrip("/")
    path = urlsplit(column.url).path
    head = path[: path.index("/gkmlpt/") + len("/gkmlpt/")] if "/gkmlpt/" in path else "/gkmlpt/"
    return urljoin(column.url, head + "api")


def api_request(profile: Profile, column: Column, api: dict[str, Any], page: int) -> RequestSpec:
    query = urlencode({"page": page, "sid": str(api["sid"]).strip()})
    url = f"{api_root(profile, column, api)}/all/{str(api['catid']).strip()}?{query}"
    headers = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
    return RequestSpec(url=url, page=page, kind="json", headers={**headers, "Referer": column.url})


def article_entries(articles: list[Any], base_url: str) -> list[ListEntry]:
    seen: set[str] = set()
    entries = []
    for article in articles:
        if not isinstance(article, dict):
            continue
        href = str(article.get("url") or article.get("post_url") or "").strip()
        if not href:
            continue
        url = urljoin(base_url, href)
        if url in seen:
            continue
        seen.add(url)
        title = " ".join(str(article.get("title") or "").split())
        entries.append(ListEntry(url=url, title=title, date=article_date(article)))
    return entries


def article_date(article: dict[str, Any]) -> str | None:
    """The article's date: Unix seconds as a Beijing date, or a written date.

    >>> article_date({"first_publish_time": 1722441600})
    '2024-08-01'
    >>> article_date({"display_publish_time": "2024-07-31 18:00"}), article_date({})
    ('2024-07-31', None)
    """
    for key in DATE_FIELDS:
        value = article.get(key)
        if value in (None, "", 0):
            continue
        if isinstance(value, int | float) or str(value).isdigit():
            return dt.datetime.fromtimestamp(int(value), CHINA).date().isoformat()
        found = iso_date(str(value))
        if found:
            return found
    return None


def page_count(answer: dict[str, Any], first_page_rows: int) -> int | None:
    """Pages of the category: ``total`` (else ``classify.post_count``) over the page length.

    >>> page_count({"total": 250}, 100), page_count({"total": 40}, 40), page_count({}, 3)
    (3, 1, None)
    """
    total = answer.get("total")
    if total is None and isinstance(answer.get("classify"), dict):
        total = answer["classify"].get("post_count")
    try:
        count = int(str(total))
    except (TypeError, ValueError):
        return None
    if count <= 0 or first_page_rows <= 0:
        return 1 if count == 0 else None
    return max(1, math.ceil(count / first_page_rows))


GKMLPT = GkmlptFamily()
