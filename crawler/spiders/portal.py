"""The one generic spider: every portal is crawled by it, driven by its site profile.

scrapy crawl portal -a profile=shandong_guanxian [-a base_url=http://127.0.0.1:8000/]
                    [-a fetch=static|api|browser]

Detail pages are fetched as static HTML, or in Chromium: every one (a profile's
``detail_fetch = "browser"``), or on demand (``"auto"``: only a page whose box a script fills and
the API did not read, within ``[crawl] render_budget``; crawler/spiders/rendering.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.answers import SHORT, not_found, page_title, recognise, visible_text
from crawler.cms import CmsFamily, RequestSpec, family_for
from crawler.extract.decode import decode_page
from crawler.extract.document import FIELDS, extract_document
from crawler.incremental import CONDITIONAL, CarriedItem, validators
from crawler.items import DocumentItem, FetchErrorItem, ListingItem, ListPageItem, PageSnapshot
from crawler.middlewares import RedirectRefused, on_hosts
from crawler.spiders.box_reading import BoxReading, spec_request
from crawler.spiders.rendering import (
    TRAFFIC,
    ScriptTraffic,
    budget_note,
    failure_note,
    render_meta,
    unread_boxes,
)
from ground.errors import ProfileError
from ground.profiles.schema import FETCH_MODES, Column, Profile, load_profile
from ground.timestamps import now_iso

RENDERED_FETCHES = {"browser"}


class PortalSpider(BoxReading, scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        profile: str = "",
        base_url: str = "",
        fetch: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not profile:
            raise ProfileError("spider argument 'profile' is required (-a profile=<id or path>)")
        loaded = load_profile(profile)
        if base_url:
            if not base_url.startswith(("http://", "https://")) or not base_url.endswith("/"):
                raise ProfileError(
                    f"spider argument 'base_url' = {base_url!r}: must be an http(s) URL ending in /"
                )
            loaded = loaded.rebased(base_url)
        if fetch and fetch not in FETCH_MODES:
            raise ProfileError(
                f"spider argument 'fetch' = {fetch!r}: must be one of {sorted(FETCH_MODES)}"
            )
        # The profile is loaded and checked here, before the engine sends any request.
        self.profile: Profile = loaded
        # Forcing a fetch mode (tests crawl 广德 both through its API and through Chromium)
        # applies only to columns whose mode is not plain static HTML.
        self.fetch_override = fetch
        self.family: CmsFamily = family_for(loaded.cms)
        home = urlsplit(loaded.base_url)
        # The portal's hosts: list entries elsewhere are not its documents, and redirects
        # elsewhere are not followed (crawler.middlewares).
        self.portal_hosts = frozenset(
            {home.netloc.lower(), (home.hostname or "").lower()}
            | {host.lower() for host in loaded.crawl.hosts}
        )
        # One document can be listed by a rendered column and a static one; whichever reaches
        # it first wins the dupefilter, so rendering is decided for the whole profile.
        self.render_details = fetch != "static" and any(
            c.detail_fetch == "browser" for c in loaded.columns
        )
        # "auto", decided for the whole profile for the same reason. --fetch static never
        # renders: it shows what a crawler without a browser reports (未能核验).
        self.render_on_demand = (
            fetch != "static"
            and not self.render_details
            and any(c.detail_fetch == "auto" for c in loaded.columns)
        )
        self.render_budget = loaded.crawl.render_budget
        self.detail_tabs = next((c.detail_tabs for c in loaded.columns if c.detail_tabs), "")
        self.renders = 0  # pages sent to Chromium on demand
        self.unrendered = 0  # pages past the budget, stored with their boxes unread
        self.render_failures = 0  # renders that failed or whose script data did not come

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # robots.txt per portal: obeyed unless the profile says its owner asked for the audit.
        crawler.settings.set("ROBOTSTXT_OBEY", spider.profile.crawl.obey_robots, "spider")
        if spider.needs_browser():
            # Settings are still open here (frozen after the spider is created).
            crawler.settings.set(
                "DOWNLOAD_HANDLERS", crawler.settings.getdict("PLAYWRIGHT_HANDLERS"), "spider"
            )
        return spider

    def needs_browser(self) -> bool:
        # A budget of 0 renders nothing: no Playwright handler slows the crawl then.
        on_demand = self.render_on_demand and self.render_budget > 0
        return (
            self.render_details
            or on_demand
            or any(self.fetch_mode(c) in RENDERED_FETCHES for c in self.profile.columns)
        )

    def fetch_mode(self, column: Column) -> str:
        # "static" forces even script-fed columns to plain HTML: the honest 未能核验 path that
        # tests use to show what a crawl without a browser reports.
        if self.fetch_override and column.fetch != "static":
            return self.fetch_override
        return column.fetch

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for column in self.profile.columns:
            mode = self.fetch_mode(column)
            effective = column if mode == column.fetch else column.with_changes(fetch=mode)
            for spec in self.family.start_requests(self.profile, effective):
                yield self.list_request(spec, effective)

    # --- requests ---
    def list_request(self, spec: RequestSpec, column: Column) -> scrapy.Request:
        meta: dict[str, Any] = {"column": column, "spec": spec}
        if column.fetch in RENDERED_FETCHES and spec.kind == "html":
            meta.update(browser_meta(column.wait_for))
        # GET, a form POST (Hanweb dataproxy.jsp) or a JSON POST (TRS search API).
        return spec_request(spec, callback=self.parse_list, errback=self.list_failed, meta=meta)

    def document_request(self, url: str, column: Column) -> scrapy.Request:
        meta: dict[str, Any] = {"column": column}
        if self.render_details:
            wait_for = next(
                (c.detail_wait_for for c in self.profile.columns if c.detail_wait_for), "body"
            )
            meta.update(browser_meta(wait_for))
        return scrapy.Request(
            url, callback=self.parse_document, errback=self.document_failed, meta=meta
        )

    # --- callbacks ---
    def parse_list(self, response: Response) -> Iterator[Any]:
        column: Column = response.meta["column"]
        spec: RequestSpec = response.meta["spec"]
        if not isinstance(response, TextResponse):
            snapshot = self.snapshot(response, column, encoding="")
            yield ListPageItem(column.id, spec.page, 0, snapshot, error="列表页不是文本页面")
            return
        text, encoding = self.decode(response)
        blocked = recognise(response.status, header_pairs(response), text)
        page = (
            None
            if blocked
            else self.family.parse_list(text, response.url, self.profile, column, spec)
        )
        if page is not None and not page.entries and not page.needs_js:
            # No entries and no readable text at all: an empty shell, not an empty column; a
            # "页面不存在" page answered 200 (a stale column URL): no column read at all.
            blocked = recognise(response.status, [], text, expects_content=True) or not_found(
                page_title(text), visible_text(text), anywhere=True
            )
        if page is None or blocked:
            yield from self.blocked_list(response, column, spec, encoding, blocked)
            return
        snapshot = self.snapshot(response, column, encoding)
        listings = []
        for entry in page.entries:
            if not on_hosts(entry.url, self.portal_hosts):
                # 转载 rows point at provincial or national sites: not this portal's documents.
                self.crawler.stats.inc_value("zwgk/offsite_entries")
                continue
            listings.append(ListingItem(column.id, entry.url, entry.title, entry.date))
        yield ListPageItem(
            column.id,
            spec.page,
            len(page.entries),
            snapshot,
            error=page.needs_js,
            listings=listings,
            truncated=truncation(page.total_pages, column.max_pages),
        )
        for listing in listings:
            yield self.document_request(listing.url, column)
        for next_spec in page.next_requests:
            yield self.list_request(next_spec, column)

    def parse_document(self, response: Response) -> Iterator[Any]:
        column: Column = response.meta["column"]
        if response.status == 304 and CONDITIONAL in response.meta:
            # Asked with the validators of the stored copy, and unchanged: the copy stands.
            url = listed_url(response.request) if response.request else response.url
            yield CarriedItem(column.id, url, response.meta[CONDITIONAL], not_modified=True)
            return
        if not isinstance(response, TextResponse):
            yield FetchErrorItem(column.id, response.url, response.status, "详情页不是文本页面")
            return
        text, encoding = self.decode(response)
        extracted = extract_document(text, response.url, selectors=self.profile.selectors)
        # recognise answers "" for any page with over SHORT characters of visible text, and
        # the extracted body is part of that text: on a real document it is pure cost.
        short = may_be_short(extracted)
        blocked = recognise(response.status, header_pairs(response), text) if short else ""
        if not blocked:
            blocked = not_found(extracted.title or "", extracted.body_text.strip())
            if not blocked and not extracted.body_text.strip():
                # Only now is the page's text looked at as a whole (it costs as much as a fifth
                # of the extraction): a template with a title and nothing else is no document.
                blocked = recognise(
                    response.status, header_pairs(response), text, expects_content=True
                )
                if not blocked and not (extracted.title or "").strip():
                    blocked = "空白页面（无标题、无正文）"
        if blocked:
            error = blocked_error(blocked, response.status)
            snapshot = self.snapshot(response, column, encoding, blocked=blocked, error=error)
            yield FetchErrorItem(
                column.id, snapshot.url, response.status, error, blocked=blocked, snapshot=snapshot
            )
            return
        item = DocumentItem(
            column.id, self.snapshot(response, column, encoding), document_record(extracted)
        )
        # A box the site's API fills is read through it first, where the profile says how.
        yield from self.read_boxes(item, column, response.url)

    # --- rendering on demand ---
    def boxes_read(self, item: DocumentItem, column: Column) -> Iterator[Any]:
        """The document, or, when a box is still script-filled and the profile renders on
        demand, a request for the page in Chromium (the document follows it)."""
        if not (self.render_on_demand and item.fields.get("js_boxes")) or item.snapshot.rendered:
            yield item
            return
        if self.renders >= self.render_budget:
            self.unrendered += 1
            yield item
            return
        self.renders += 1
        meta = {"column": column, "static_item": item}
        meta.update(render_meta(ScriptTraffic(), self.detail_tabs))
        yield scrapy.Request(
            item.snapshot.url,
            callback=self.parse_rendered,
            errback=self.render_failed,
            meta=meta,
            dont_filter=True,  # the static fetch of the same URL already passed the dupefilter
        )

    def parse_rendered(self, response: Response) -> Iterator[Any]:
        """The rendered page's extraction in place of the static one; the static document when
        the rendered page is no page (an error, a challenge, a blank)."""
        static: DocumentItem = response.meta["static_item"]
        column: Column = response.meta["column"]
        traffic: ScriptTraffic = response.meta[TRAFFIC]
        extracted = None
        if isinstance(response, TextResponse) and response.status < 400:
            text, encoding = self.decode(response)
            if not recognise(response.status, header_pairs(response), text):
                extracted = extract_document(text, response.url, selectors=self.profile.selectors)
        if extracted is None or not (extracted.title or extracted.body_text.strip()):
            self.render_failures += 1
            yield static
            return
        record = document_record(extracted)
        static_boxes = list(static.fields.get("js_boxes") or [])
        record["js_boxes"] = unread_boxes(static_boxes, record["js_boxes"], traffic)
        if not traffic.complete:
            self.render_failures += 1
        yield DocumentItem(column.id, self.snapshot(response, column, encoding), record)

    def render_failed(self, failure: Failure) -> Iterator[Any]:
        # The static document stands, its boxes unread: its checks say 未能核验.
        self.render_failures += 1
        yield failed_request(failure).meta["static_item"]

    def run_notes(self) -> list[str]:
        """Lines for the run's errors (read by the pipeline when the crawl closes)."""
        notes = []
        if self.unrendered:
            notes.append(budget_note(self.render_budget, self.unrendered))
        if self.render_failures:
            notes.append(failure_note(self.render_failures))
        return notes

    def blocked_list(
        self, response: Response, column: Column, spec: RequestSpec, encoding: str, blocked: str
    ) -> Iterator[Any]:
        """A list page answered by a WAF, a challenge or an empty shell: a failed list page,
        its answer kept as the evidence."""
        error = blocked_error(blocked, response.status)
        snapshot = self.snapshot(response, column, encoding, blocked=blocked, error=error)
        yield FetchErrorItem(
            column.id,
            snapshot.url,
            response.status,
            error,
            is_list=True,
            blocked=blocked,
            snapshot=snapshot,
        )
        yield ListPageItem(column.id, spec.page, 0, None, error=error)

    def list_failed(self, failure: Failure) -> Iterator[Any]:
        request = failed_request(failure)
        column: Column = request.meta["column"]
        spec: RequestSpec = request.meta["spec"]
        item = self.failure_item(failure, column, is_list=True)
        yield item
        yield ListPageItem(column.id, spec.page, 0, None, error=item.error)

    def document_failed(self, failure: Failure) -> Iterator[Any]:
        request = failed_request(failure)
        yield self.failure_item(failure, request.meta["column"], is_list=False)

    def failure_item(self, failure: Failure, column: Column, *, is_list: bool) -> FetchErrorItem:
        """The failure under the URL as listed (the first of a redirect chain), with the
        answer that came, if one did, read for a WAF or challenge (a 521, 412, 403 page)."""
        request = failed_request(failure)
        url = listed_url(request)
        status, error = describe_failure(failure)
        response = failure.value.response if isinstance(failure.value, HttpError) else None
        if not isinstance(response, TextResponse):
            return FetchErrorItem(column.id, url, status, error, is_list=is_list)
        text, encoding = self.decode(response)
        blocked = recognise(status, header_pairs(response), text)
        if blocked:
            error = blocked_error(blocked, status)
        snapshot = self.snapshot(response, column, encoding, blocked=blocked, error=error)
        return FetchErrorItem(
            column.id, url, status, error, is_list=is_list, blocked=blocked, snapshot=snapshot
        )

    # --- helpers ---
    def decode(self, response: TextResponse) -> tuple[str, str]:
        """The page's text and the encoding it was read with: the one decoder ``zwgk extract``
        uses, once per response, the profile's ``encoding`` overriding what the page declares.

        Scrapy's ``response.text`` believes the header first, and county servers send GBK pages
        with a UTF-8 or Latin-1 header: it is never read here (it would decode the body again).
        """
        override = self.profile.encoding or None
        return decode_page(response.body, content_type(response), override=override)

    def snapshot(
        self,
        response: Response,
        column: Column,
        encoding: str,
        *,
        blocked: str = "",
        error: str = "",
    ) -> PageSnapshot:
        """The evidence to store; ``encoding`` is the one the page was read with ("" when it was
        not read as text), so ``ground.store.snapshots`` decodes the body back to the same text.

        ``url`` is the URL as requested before any redirect (what the list linked), and
        ``final_url`` where the answer came from: checks pair a list entry with its document
        through the two."""
        request = response.request
        etag, last_modified = validators(response.headers)
        return PageSnapshot(
            url=listed_url(request) if request else response.url,
            final_url=response.url,
            status=response.status,
            fetched_at=now_iso(),
            content_type=content_type(response),
            encoding=encoding,
            body=response.body,
            method=request.method if request else "GET",
            rendered=bool(request and request.meta.get("playwright")),
            column_id=column.id,
            blocked=blocked,
            error=error,
            etag=etag,
            last_modified=last_modified,
        )


def may_be_short(extracted: Any) -> bool:
    """Whether the page may have at most ``SHORT`` characters of visible text, judged by its
    extracted body: the body's non-blank characters are all in the visible text, so a body
    with more of them than ``SHORT`` rules a short page out (whitespace is not counted: the
    two collapse it differently)."""
    body: str = extracted.body_text
    if len(body) <= SHORT:
        return True
    # A prefix with enough of them settles it without counting over the whole body.
    return len("".join(body[: 2 * SHORT].split())) <= SHORT and (
        len("".join(body.split())) <= SHORT
    )


def truncation(total_pages: int | None, max_pages: int) -> str:
    """Why a list is read only in part ("" when it is read whole): its later pages are unknown.

    >>> truncation(12, 10)
    '列表共 12 页，按 max_pages 只读取前 10 页'
    """
    if total_pages and total_pages > max_pages:
        return f"列表共 {total_pages} 页，按 max_pages 只读取前 {max_pages} 页"
    return ""


def listed_url(request: scrapy.Request) -> str:
    """The URL first requested: after redirects ``request.url`` is the last hop's."""
    redirects: list[str] = request.meta.get("redirect_urls") or []
    return redirects[0] if redirects else request.url


def header_pairs(response: Response) -> list[tuple[str, str]]:
    """The response's headers as (name, value) text pairs, a repeated header once per value."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in response.headers.items()
        for value in values
    ]


def blocked_error(blocked: str, status: int) -> str:
    """The failure recorded for an answer that is not the page (checks quote it in 未能核验).

    >>> blocked_error("页面不存在（软 404）", 200)
    '页面不存在（软 404，HTTP 200）'
    """
    if blocked.endswith("（软 404）"):
        return blocked.replace("（软 404）", f"（软 404，HTTP {status}）")
    return f"访问受阻：{blocked}（HTTP {status}）"


def content_type(response: Response) -> str:
    """The response's Content-Type header as text ("" when it has none)."""
    raw = response.headers.get(b"Content-Type")
    return raw.decode("latin-1") if raw else ""


def failed_request(failure: Failure) -> scrapy.Request:
    """The request an errback's failure is about (Scrapy sets it; Failure's type does not say)."""
    request: scrapy.Request = failure.request  # type: ignore[attr-defined]
    return request


def document_record(doc: Any) -> dict[str, Any]:
    """The extracted document as plain data for storage. Shallow by design: dataclasses.asdict
    deep-copies every link and cost ~10% of a crawl on pages with hundreds of links."""
    record = {name: getattr(doc, name) for name in DOCUMENT_FIELDS}
    record["links"] = [{"href": k.href, "text": k.text, "context": k.context} for k in doc.links]
    record["attachments"] = [
        {"name": a.name, "href": a.href, "type": a.type} for a in doc.attachments
    ]
    record["js_boxes"] = list(doc.js_boxes)
    record["source"] = doc.source
    record["sources"] = dict(doc.sources)
    return record


DOCUMENT_FIELDS = (*FIELDS, "body_text", "feedback_window")


def browser_meta(wait_for: str) -> dict[str, Any]:
    from scrapy_playwright.page import PageMethod

    return {
        "playwright": True,
        "playwright_page_methods": [PageMethod("wait_for_selector", wait_for, timeout=15000)],
    }


# Scrapy's and Twisted's names for "no answer in time" (DownloadTimeoutMiddleware, TCP).
TIMEOUTS = frozenset({"DownloadTimeoutError", "TimeoutError", "TCPTimedOutError"})


def describe_failure(failure: Failure) -> tuple[int, str]:
    """(HTTP status or 0, a short reason in Chinese) for the crawl record and 未能核验 findings."""
    if isinstance(failure.value, HttpError):
        status = failure.value.response.status
        return status, f"HTTP {status}"
    if isinstance(failure.value, RedirectRefused):
        return 0, str(failure.value)
    if type(failure.value).__name__ in TIMEOUTS:
        # The office reads this in 未能核验 messages: say what happened, not Twisted's class.
        seconds = failed_request(failure).meta.get("download_timeout")
        return 0, f"无法访问：应答超时（{seconds:g} 秒）" if seconds else "无法访问：应答超时"
    if isinstance(failure.value, IgnoreRequest) and "robots.txt" in str(failure.value):
        # RobotsTxtMiddleware's refusal; the profile's [crawl] obey_robots decides.
        return 0, "robots.txt 禁止抓取"
    name = type(failure.value).__name__
    return 0, f"无法访问：{name}: {failure.getErrorMessage()}"
