"""The one generic spider: every portal is crawled by it, driven by its site profile.

scrapy crawl portal -a profile=shandong_guanxian [-a base_url=http://127.0.0.1:8000/]
                    [-a fetch=static|api|browser]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.cms import CmsFamily, RequestSpec, family_for
from crawler.extract.decode import decode_page
from crawler.extract.document import FIELDS, extract_document
from crawler.items import DocumentItem, FetchErrorItem, ListingItem, ListPageItem, PageSnapshot
from ground.errors import ProfileError
from ground.profiles.schema import FETCH_MODES, Column, Profile, load_profile
from ground.timestamps import now_iso

RENDERED_FETCHES = {"browser"}


class PortalSpider(scrapy.Spider):
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
        self.home = urlsplit(loaded.base_url).netloc
        # One document can be listed by a rendered column and a static one; whichever reaches
        # it first wins the dupefilter, so rendering is decided for the whole profile.
        self.render_details = fetch != "static" and any(
            c.detail_fetch == "browser" for c in loaded.columns
        )

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.needs_browser():
            # Settings are still open here (frozen after the spider is created).
            crawler.settings.set(
                "DOWNLOAD_HANDLERS", crawler.settings.getdict("PLAYWRIGHT_HANDLERS"), "spider"
            )
        return spider

    def needs_browser(self) -> bool:
        return self.render_details or any(
            self.fetch_mode(c) in RENDERED_FETCHES for c in self.profile.columns
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
        if spec.form is not None:
            return scrapy.FormRequest(
                spec.url,
                formdata=spec.form,
                headers=spec.headers or None,
                callback=self.parse_list,
                errback=self.list_failed,
                meta=meta,
            )
        return scrapy.Request(
            spec.url,
            headers=spec.headers or None,
            callback=self.parse_list,
            errback=self.list_failed,
            meta=meta,
        )

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
        snapshot = self.snapshot(response, column, encoding)
        page = self.family.parse_list(text, response.url, self.profile, column, spec)
        listings = []
        for entry in page.entries:
            if urlsplit(entry.url).netloc != self.home:
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
        )
        for listing in listings:
            yield self.document_request(listing.url, column)
        for next_spec in page.next_requests:
            yield self.list_request(next_spec, column)

    def parse_document(self, response: Response) -> Iterator[Any]:
        column: Column = response.meta["column"]
        if not isinstance(response, TextResponse):
            yield FetchErrorItem(column.id, response.url, response.status, "详情页不是文本页面")
            return
        text, encoding = self.decode(response)
        extracted = extract_document(text, response.url, selectors=self.profile.selectors)
        yield DocumentItem(
            column.id, self.snapshot(response, column, encoding), document_record(extracted)
        )

    def list_failed(self, failure: Failure) -> Iterator[Any]:
        request = failed_request(failure)
        column: Column = request.meta["column"]
        spec: RequestSpec = request.meta["spec"]
        status, error = describe_failure(failure)
        yield FetchErrorItem(column.id, request.url, status, error, is_list=True)
        yield ListPageItem(column.id, spec.page, 0, None, error=error)

    def document_failed(self, failure: Failure) -> Iterator[Any]:
        request = failed_request(failure)
        status, error = describe_failure(failure)
        yield FetchErrorItem(request.meta["column"].id, request.url, status, error)

    # --- helpers ---
    def decode(self, response: TextResponse) -> tuple[str, str]:
        """The page's text and the encoding it was read with: the one decoder ``zwgk extract``
        uses, once per response, the profile's ``encoding`` overriding what the page declares.

        Scrapy's ``response.text`` believes the header first, and county servers send GBK pages
        with a UTF-8 or Latin-1 header: it is never read here (it would decode the body again).
        """
        override = self.profile.encoding or None
        return decode_page(response.body, content_type(response), override=override)

    def snapshot(self, response: Response, column: Column, encoding: str) -> PageSnapshot:
        """The evidence to store; ``encoding`` is the one the page was read with ("" when it was
        not read as text), so ``ground.store.snapshots`` decodes the body back to the same text."""
        request = response.request
        return PageSnapshot(
            url=request.url if request else response.url,
            final_url=response.url,
            status=response.status,
            fetched_at=now_iso(),
            content_type=content_type(response),
            encoding=encoding,
            body=response.body,
            method=request.method if request else "GET",
            rendered=bool(request and request.meta.get("playwright")),
            column_id=column.id,
        )


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
    record["sources"] = dict(doc.sources)
    return record


DOCUMENT_FIELDS = (*FIELDS, "body_text", "feedback_window")


def browser_meta(wait_for: str) -> dict[str, Any]:
    from scrapy_playwright.page import PageMethod

    return {
        "playwright": True,
        "playwright_page_methods": [PageMethod("wait_for_selector", wait_for, timeout=15000)],
    }


def describe_failure(failure: Failure) -> tuple[int, str]:
    """(HTTP status or 0, a short reason in Chinese) for the crawl record and 未能核验 findings."""
    if isinstance(failure.value, HttpError):
        status = failure.value.response.status
        return status, f"HTTP {status}"
    name = type(failure.value).__name__
    return 0, f"无法访问：{name}: {failure.getErrorMessage()}"
