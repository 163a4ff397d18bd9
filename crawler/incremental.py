"""Incremental crawling: list pages are always read; a detail page is fetched again only when it
is new, changed on its list entry, or due for its periodic re-read (then conditionally, with the
ETag / Last-Modified the portal sent last time).

A spider middleware, so the spider stays unaware of it: it watches the list pages' listings go
by and replaces each detail request it may skip with a ``CarriedItem``, which the pipeline turns
into "seen in this run, unchanged" (the stored document joins the run as it is).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from sqlalchemy import Connection, Engine, and_, func, select, update

from crawler.items import ListPageItem
from ground.store.db import open_database
from ground.store.models import CrawlRun, Document, FindingRow, Listing, PageFetch
from ground.timestamps import now_iso

#: meta key of a detail request sent with conditional headers: a 304 answer means unchanged.
CONDITIONAL = "zwgk_conditional"


@dataclass(slots=True)
class CarriedItem:
    """A listed detail page not fetched again (or answered 304): its stored document is part of
    this run unchanged. ``url`` is the listed URL; ``document_url`` the stored document's."""

    column_id: str
    url: str
    document_url: str
    not_modified: bool = False  # True: asked and answered 304; False: not asked at all


@dataclass(frozen=True, slots=True)
class Known:
    """What the last runs stored about one listed detail URL."""

    document_url: str
    title: str  # as its list showed it
    list_date: str | None
    fetched_at: str  # when the document page was last fetched (ISO 8601 UTC)
    etag: str | None
    last_modified: str | None


def load_known(engine: Engine, profile: str) -> dict[tuple[str, str], Known]:
    """(column id, listed URL) → what is stored, for documents still present (not withdrawn)."""
    with engine.connect() as conn:
        redirects = redirects_of(conn, profile)
        documents = {
            row.url: row
            for row in conn.execute(
                select(
                    Document.url,
                    Document.fetched_at,
                    Document.js_boxes,
                    PageFetch.etag,
                    PageFetch.last_modified,
                )
                .outerjoin(PageFetch, PageFetch.id == Document.page_id)
                .where(and_(Document.profile == profile, Document.withdrawn_run_id.is_(None)))
            ).all()
            # A copy with a box its crawl could not read (script-filled, past a render budget,
            # before an API box was configured) is never carried: it is read again.
            if not row.js_boxes
        }
        listings = conn.execute(
            select(Listing.column_id, Listing.url, Listing.title, Listing.list_date).where(
                Listing.profile == profile
            )
        ).all()
        gaps = gap_pages(conn, profile)
    known = {}
    for listing in listings:
        document_url = redirects.get(listing.url, listing.url)
        doc = documents.get(document_url)
        if doc is not None:
            known[(listing.column_id, listing.url)] = Known(
                document_url=document_url,
                title=listing.title,
                list_date=listing.list_date,
                # A page a gap rests on is asked again every night (conditionally, when the
                # portal sent validators): a fix must show as 已整改 the next morning, and a gap
                # is never reported again from a copy nobody looked at.
                fetched_at="" if document_url in gaps else doc.fetched_at,
                etag=doc.etag,
                last_modified=doc.last_modified,
            )
    return known


def redirects_of(conn: Connection, profile: str) -> dict[str, str]:
    """Listed URL → where it last redirected to, over every run of the profile."""
    return dict(
        conn.execute(
            select(PageFetch.url, PageFetch.final_url)
            .join(CrawlRun, CrawlRun.id == PageFetch.run_id)
            .where(CrawlRun.profile == profile, PageFetch.url != PageFetch.final_url)
            .order_by(PageFetch.id)
        ).all()
    )


def gap_pages(conn: Connection, profile: str) -> set[str]:
    """URLs of the pages the last checked run's 不符合 findings rest on (subject and evidence)."""
    last = conn.execute(
        select(func.max(FindingRow.run_id))
        .join(CrawlRun, CrawlRun.id == FindingRow.run_id)
        .where(CrawlRun.profile == profile)
    ).scalar()
    if last is None:
        return set()
    pages = set()
    for subject, evidence in conn.execute(
        select(FindingRow.subject, FindingRow.evidence).where(
            FindingRow.run_id == last, FindingRow.verdict == "不符合"
        )
    ).all():
        pages.add(subject)
        pages.update(str(e.get("url", "")) for e in evidence or () if isinstance(e, dict))
    return pages


class IncrementalMiddleware(BaseSpiderMiddleware):
    """Decides, per listed detail page, whether this run fetches it again."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.db_url = crawler.settings.get("ZWGK_DATABASE_URL", "")
        # A full re-crawl asked for (``zwgk crawl --full``): every detail page is fetched.
        self.full = crawler.settings.getbool("ZWGK_FULL_CRAWL")
        self.known: dict[tuple[str, str], Known] = {}
        self.listed: dict[tuple[str, str], tuple[str, str | None]] = {}
        self.max_age = dt.timedelta(days=7)
        self.now = dt.datetime.now(dt.UTC)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    def spider_opened(self, spider: Spider) -> None:
        profile = spider.profile  # type: ignore[attr-defined]
        self.max_age = dt.timedelta(days=profile.crawl.full_recrawl_days)
        if self.full or not self.db_url:
            return
        engine = open_database(self.db_url)
        try:
            self.known = load_known(engine, profile.id)
        finally:
            engine.dispose()

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        if isinstance(item, ListPageItem):
            for listing in item.listings:
                self.listed[(listing.column_id, listing.url)] = (listing.title, listing.list_date)
        return item

    def get_processed_request(self, request: Request, response: Response | None) -> Any:
        if not self.known or not _is_detail(request, self.crawler.spider):
            return request
        column_id = request.meta["column"].id
        key = (column_id, request.url)
        known = self.known.get(key)
        if known is None or self.listed.get(key) != (known.title, known.list_date):
            return request  # new, or changed on its list entry
        if self.fresh(known):
            return CarriedItem(column_id, request.url, known.document_url)
        return self.conditional(request, known)

    def fresh(self, known: Known) -> bool:
        try:
            fetched = dt.datetime.fromisoformat(known.fetched_at)
        except ValueError:
            return False
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=dt.UTC)
        return self.now - fetched < self.max_age

    def conditional(self, request: Request, known: Known) -> Request:
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        if not headers:
            return request
        meta = {
            **request.meta,
            CONDITIONAL: known.document_url,
            "handle_httpstatus_list": [304],
        }
        asked = request.replace(meta=meta)  # a copy: its headers are its own
        for name, value in headers.items():
            asked.headers[name] = value
        return asked


def _is_detail(request: Request, spider: Spider | None) -> bool:
    parse_document = getattr(spider, "parse_document", None)
    return (
        parse_document is not None
        and request.callback == parse_document
        and ("column" in request.meta)
    )


def validators(headers: Any) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of a response's headers, as text, for the next conditional request."""
    etag = headers.get(b"ETag")
    modified = headers.get(b"Last-Modified")
    return (
        etag.decode("latin-1") if etag else None,
        modified.decode("latin-1") if modified else None,
    )


def mark_withdrawn(conn: Connection, profile: str, run_id: int, complete: set[str]) -> int:
    """Record as withdrawn (run and time, never deleted) each stored document that this run did
    not see although every column that ever listed it was read whole; a document that comes
    back is un-withdrawn when it is seen again. Returns how many were marked."""
    redirects = redirects_of(conn, profile)
    columns_of: dict[str, set[str]] = {}
    for listing in conn.execute(
        select(Listing.column_id, Listing.url).where(Listing.profile == profile)
    ).all():
        columns_of.setdefault(redirects.get(listing.url, listing.url), set()).add(listing.column_id)
    unseen = conn.execute(
        select(Document.id, Document.url).where(
            Document.profile == profile,
            Document.last_run_id != run_id,
            Document.withdrawn_run_id.is_(None),
        )
    ).all()
    listed_now = {
        redirects.get(url, url)
        for (url,) in conn.execute(
            select(Listing.url).where(Listing.profile == profile, Listing.last_run_id == run_id)
        ).all()
    }
    # Still listed but its page failed this run: not withdrawn, only not read.
    gone = [
        d.id
        for d in unseen
        if d.url not in listed_now and columns_of.get(d.url) and columns_of[d.url] <= complete
    ]
    if gone:
        conn.execute(
            update(Document)
            .where(Document.id.in_(gone))
            .values(withdrawn_run_id=run_id, withdrawn_at=now_iso())
        )
    return len(gone)
