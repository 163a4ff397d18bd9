"""Store what the spider yields: validate → normalise → store, in batched transactions.

Pages and documents are written as batches too: their rows wait in memory and go to the
database in one executemany per table when the batch commits (one statement per row cost more
than the rest of storage; bench/crawl_throughput.py). Any other statement first writes what
waits, so rows reach the database in the order the items came.

The run record is created when the spider opens and closed with its outcome when it closes. A
run that fails half way keeps what it stored (each batch commits on its own) and never touches
rows of earlier runs except to update documents it fetched again, successfully. Each commit
beats the run's heartbeat, so a run whose process died is found and marked ``interrupted``
(``ground.store.runs``); a column whose later list page failed is stored as incomplete, so no
check reads an absence into what was never read.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from crawler.incremental import CarriedItem, mark_withdrawn
from crawler.items import DocumentItem, FetchErrorItem, ListingItem, ListPageItem, PageSnapshot
from ground.store.db import JSONText, open_database
from ground.store.models import (
    ColumnStatus,
    CrawlRun,
    Document,
    Listing,
    PageBody,
    PageFetch,
)
from ground.store.runs import HEARTBEAT_EVERY, beat, claim_run, mark_interrupted_runs, start_run
from ground.timestamps import now_iso

# Scrapy's finish reasons for a crawl stopped from outside (SIGINT/SIGTERM, Ctrl-C): the run is
# interrupted. Any other reason but "finished" is a budget or error limit: the run is partial.
STOPPED = frozenset({"shutdown", "cancelled"})

DATE_FIELDS = ("written_date", "publish_date")
TEXT_FIELDS = ("doc_number", "index_number", "issuing_agency", "topic", "validity", "source")


# Python's collector thresholds during a crawl (defaults 700, 10, 10). A crawl allocates
# objects by the hundred thousand (lxml proxies, requests, rows) and keeps few: at the defaults
# the full collections of the whole heap and the young ones cost ~8% of a crawl's CPU
# (bench/crawl_throughput.py); at these, under 2%. Memory is unchanged: nearly everything a
# crawl drops is freed by reference counting, not by the collector.
CRAWL_GC_THRESHOLDS = (10_000, 10, 10)

# zlib level for stored page bodies (the default, 6, spends its extra effort for little): on
# the fixture portals' pages level 1 stores 6% more bytes (41% of the page instead of 39%) for
# ~20% less compression time, and on the long repetitive pages of bench/crawl_throughput.py
# 2% more for 60% less. Any level decompresses the same way (ground.store.snapshots).
BODY_COMPRESSION = 1
# Serialised links remembered across the pages of a crawl: a site repeats its menu and footer.
LINK_CACHE_SIZE = 20_000


@dataclass
class ColumnTally:
    pages: int = 0
    entries: int = 0
    reached: bool = False
    failed_pages: int = 0  # list pages after the first that failed or were blocked
    truncated: bool = False  # more list pages than the column's max_pages
    errors: list[str] = field(default_factory=list)


class StoragePipeline:
    def __init__(self, db_url: str, batch: int, run_id: int | None) -> None:
        self.db_url = db_url
        self.batch = batch
        self.preset_run_id = run_id
        self.engine: Engine
        self.conn: Connection
        self.run_id = 0
        self.pending = 0
        self.last_commit = time.monotonic()
        self.pages_fetched = 0
        self.documents_seen = 0
        self.columns: dict[str, ColumnTally] = defaultdict(ColumnTally)
        self.errors: list[str] = []
        self.carried: set[str] = set()  # documents carried over unchanged in this run
        # Rows waiting for the batch's commit, in item order. A document waits with the index
        # of its page's fetch row: the fetch's id, its page_id, is known once that row is in.
        self.waiting_bodies: dict[str, dict[str, Any]] = {}
        self.waiting_fetches: list[dict[str, Any]] = []
        self.waiting_listings: list[dict[str, Any]] = []
        self.waiting_documents: list[tuple[int, dict[str, Any]]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        url = crawler.settings.get("ZWGK_DATABASE_URL")
        if not url:
            raise NotConfigured("ZWGK_DATABASE_URL is not set.")
        run_id = crawler.settings.getint("ZWGK_RUN_ID") or None
        pipeline = cls(url, crawler.settings.getint("ZWGK_STORE_BATCH", 200), run_id)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # --- lifecycle ---
    def open_spider(self, spider: Spider) -> None:
        self.gc_thresholds = gc.get_threshold()
        # What is alive when the crawl opens (modules, settings, the schema) lives as long as
        # the crawl: frozen, full collections no longer walk it.
        gc.freeze()
        gc.set_threshold(*CRAWL_GC_THRESHOLDS)
        self.engine = open_database(self.db_url)
        self.profile = spider.profile  # type: ignore[attr-defined]
        self.conn = self.engine.connect()
        # Built once: a statement rebuilt per row cost as much as the rest of storage together
        # (bench/crawl_throughput.py profile), and a reused one hits SQLAlchemy's compiled cache.
        dialect = self.engine.dialect.name
        self.insert_body = upsert_statement(dialect, PageBody, ["sha256"], [])
        # One multi-row INSERT … RETURNING per batch; the ids come back in the rows' order.
        self.insert_fetch = insert(PageFetch).returning(PageFetch.id, sort_by_parameter_order=True)
        self.upsert_listing = upsert_statement(
            dialect, Listing, ["profile", "column_id", "url"], ["title", "list_date", "last_run_id"]
        )
        self.upsert_document = upsert_statement(
            dialect, Document, ["profile", "url"], DOCUMENT_UPDATES
        )
        if self.preset_run_id:
            self.run_id = self.preset_run_id
            claim_run(self.conn, self.run_id)
        else:
            # `scrapy crawl portal` starts here: close what earlier crawls left running first.
            mark_interrupted_runs(self.engine, self.profile.id)
            self.run_id = start_run(self.conn, self.profile.id, self.profile.base_url)
        self.conn.commit()

    def close_spider(self, spider: Spider) -> None:
        self.write_waiting()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Close the run with its outcome. Not in close_spider: Scrapy closes the pipelines
        before it says why the crawl ended (finish_reason reaches the stats only afterwards),
        and a crawl stopped by a signal, an error count or a budget must not read as finished."""
        cut_short = reason != "finished"
        statuses = []
        for column in self.profile.columns:
            tally = self.columns.get(column.id, ColumnTally())
            error = "；".join(dict.fromkeys(tally.errors))
            if cut_short and tally.reached:
                # Which list pages were still queued is unknown here: none is taken as read.
                error = "；".join(filter(None, [error, f"抓取提前结束（{reason}），栏目未读完"]))
            statuses.append(
                {
                    "run_id": self.run_id,
                    "column_id": column.id,
                    "name": column.name,
                    "role": column.role,
                    "unit": column.unit,
                    "url": column.url,
                    "reached": tally.reached,
                    "pages": tally.pages,
                    "entries": tally.entries,
                    "error": error,
                    "complete": tally.reached
                    and not (tally.failed_pages or tally.truncated or cut_short),
                    "failed_pages": tally.failed_pages,
                }
            )
        self.conn.execute(insert(ColumnStatus), statuses)
        reached = sum(1 for s in statuses if s["reached"])
        if reached == 0:
            outcome = "failed"
            self.errors.insert(0, f"未能访问任何栏目（{self.profile.base_url}）")
        elif reason in STOPPED:
            outcome = "interrupted"
        elif reached < len(statuses) or cut_short or any(not s["complete"] for s in statuses):
            outcome = "partial"
        else:
            outcome = "succeeded"
        if cut_short:
            self.errors.append(f"抓取提前结束：{reason}")
        # What the spider alone knows, e.g. pages past the render budget (PortalSpider.run_notes).
        self.errors.extend(getattr(spider, "run_notes", list)())
        if outcome in {"succeeded", "partial"}:
            complete = {s["column_id"] for s in statuses if s["complete"]}
            mark_withdrawn(self.conn, self.profile.id, self.run_id, complete)
        self.conn.execute(
            update(CrawlRun)
            .where(CrawlRun.id == self.run_id)
            .values(
                finished_at=now_iso(),
                outcome=outcome,
                pages_fetched=self.pages_fetched,
                documents_seen=self.documents_seen,
                errors=self.errors[:200],
            )
        )
        self.conn.commit()
        self.conn.close()
        self.engine.dispose()
        # The process may go on to check and report (zwgk audit): the collector as it was.
        gc.set_threshold(*self.gc_thresholds)
        gc.unfreeze()

    # --- items ---
    def process_item(self, item: Any) -> Any:
        if isinstance(item, DocumentItem):
            self.store_document(item)
        elif isinstance(item, ListPageItem):
            self.store_list_page(item)
        elif isinstance(item, FetchErrorItem):
            self.store_error(item)
        elif isinstance(item, CarriedItem):
            self.store_carried(item)
        self.pending += 1
        if self.pending >= self.batch or self.heartbeat_due():
            self.write_waiting()
            beat(self.conn, self.run_id)
            self.conn.commit()
            self.pending = 0
            self.last_commit = time.monotonic()
        return item

    def heartbeat_due(self) -> bool:
        # A slow portal may take long to fill a batch: the run must not look dead meanwhile.
        return time.monotonic() - self.last_commit >= HEARTBEAT_EVERY.total_seconds()

    def write_waiting(self) -> None:
        """Write the rows waiting for the batch: bodies, then fetches (documents name their
        ids), listings and documents, each table in one statement."""
        if self.waiting_bodies:
            self.conn.execute(self.insert_body, list(self.waiting_bodies.values()))
            self.waiting_bodies = {}
        fetch_ids: list[int] = []
        if self.waiting_fetches:
            fetch_ids = list(self.conn.execute(self.insert_fetch, self.waiting_fetches).scalars())
            self.waiting_fetches = []
        if self.waiting_listings:
            self.conn.execute(self.upsert_listing, self.waiting_listings)
            self.waiting_listings = []
        if self.waiting_documents:
            documents = []
            for fetch, values in self.waiting_documents:
                values["page_id"] = fetch_ids[fetch]
                documents.append(values)
            self.conn.execute(self.upsert_document, documents)
            self.waiting_documents = []

    def store_snapshot(self, snap: PageSnapshot) -> int:
        """Queue the page's body and fetch row; the index of the fetch row in the batch."""
        digest = hashlib.sha256(snap.body).hexdigest()
        if digest not in self.waiting_bodies:
            self.waiting_bodies[digest] = {
                "sha256": digest,
                "size": len(snap.body),
                "body": zlib.compress(snap.body, BODY_COMPRESSION),
            }
        self.pages_fetched += 1
        self.waiting_fetches.append(
            {
                "run_id": self.run_id,
                "url": snap.url,
                "final_url": snap.final_url,
                "method": snap.method,
                "status": snap.status,
                "fetched_at": snap.fetched_at,
                "content_type": snap.content_type,
                "encoding": snap.encoding,
                "rendered": snap.rendered,
                "sha256": digest,
                "column_id": snap.column_id,
                "error": snap.error,
                "blocked": snap.blocked,
                "etag": snap.etag,
                "last_modified": snap.last_modified,
            }
        )
        return len(self.waiting_fetches) - 1

    def store_list_page(self, item: ListPageItem) -> None:
        tally = self.columns[item.column_id]
        if item.snapshot is not None:
            self.store_snapshot(item.snapshot)
        if item.listings:
            self.store_listings(item.listings)
        if item.error:
            tally.errors.append(f"第{item.page}页：{item.error}" if item.page > 1 else item.error)
            self.errors.append(f"栏目 {item.column_id} 第{item.page}页：{item.error}")
            if item.page > 1:
                # Page 1 failing is the column not reached; a later page failing leaves the
                # column read in part: what that page listed is unknown.
                tally.failed_pages += 1
        if item.truncated:
            tally.truncated = True
            tally.errors.append(item.truncated)
            self.errors.append(f"栏目 {item.column_id}：{item.truncated}")
        if item.snapshot is not None and not (item.page == 1 and item.error):
            # A first page that needs JavaScript to show its list is fetched but not read.
            tally.reached = True
            tally.pages += 1
            tally.entries += item.entries

    def store_listings(self, listings: list[ListingItem]) -> None:
        self.waiting_listings.extend(
            [
                {
                    "profile": self.profile.id,
                    "column_id": item.column_id,
                    "url": item.url,
                    "title": item.title,
                    "list_date": item.list_date,
                    "last_run_id": self.run_id,
                }
                for item in listings
            ]
        )

    def store_error(self, item: FetchErrorItem) -> None:
        if item.snapshot is not None:
            # An answer came instead of the page (a WAF page, a 521 challenge): its body is the
            # evidence; the snapshot carries the item's error and blocked reason.
            self.store_snapshot(item.snapshot)
        else:
            self.write_waiting()
            self.conn.execute(
                insert(PageFetch),
                {
                    "run_id": self.run_id,
                    "url": item.url,
                    "final_url": item.url,
                    "status": item.status,
                    "fetched_at": now_iso(),
                    "error": item.error,
                    "column_id": item.column_id,
                    "blocked": item.blocked,
                },
            )
        if not item.is_list:
            self.errors.append(f"{item.url}：{item.error}")

    def store_carried(self, item: CarriedItem) -> None:
        """A listed page not fetched again (or answered 304): its stored document joins this
        run as it is; a 304 is recorded as a fetch (the request was made)."""
        self.write_waiting()
        if item.not_modified:
            self.conn.execute(
                insert(PageFetch),
                {
                    "run_id": self.run_id,
                    "url": item.url,
                    "final_url": item.document_url,
                    "status": 304,
                    "fetched_at": now_iso(),
                    "column_id": item.column_id,
                    "not_modified": True,
                },
            )
            self.pages_fetched += 1
        if item.document_url in self.carried:
            return  # listed by a second column: one document, counted once
        self.carried.add(item.document_url)
        values: dict[str, Any] = {"last_run_id": self.run_id, "withdrawn_run_id": None}
        values["withdrawn_at"] = None
        if item.not_modified:
            # The portal said the stored copy is current: its re-read period starts again.
            values["fetched_at"] = now_iso()
        self.conn.execute(
            update(Document)
            .where(Document.profile == self.profile.id, Document.url == item.document_url)
            .values(**values)
        )
        self.documents_seen += 1

    def store_document(self, item: DocumentItem) -> None:
        fields = item.fields
        fetch = self.store_snapshot(item.snapshot)
        title = (fields.get("title") or "").strip()
        if not title and not (fields.get("body_text") or "").strip():
            # A page with neither title nor text is a broken page, not a document: record it
            # and keep whatever an earlier run stored for this URL.
            self.errors.append(f"{item.snapshot.final_url}：页面无标题和正文，未入库")
            return
        values: dict[str, Any] = {
            "profile": self.profile.id,
            "url": item.snapshot.final_url,
            "title": title,
            "body_text": fields.get("body_text") or "",
            "links": links_json(fields.get("links", [])),
            "attachments": fields.get("attachments", []),
            "feedback_window": fields.get("feedback_window"),
            "js_boxes": list(fields.get("js_boxes", [])),
            "sources": dict(fields.get("sources", {})),
            "first_run_id": self.run_id,
            "last_run_id": self.run_id,
            "page_id": None,  # the id of the fetch row, once written (write_waiting)
            "fetched_at": item.snapshot.fetched_at,
            "withdrawn_run_id": None,  # seen again: no longer withdrawn
            "withdrawn_at": None,
        }
        for name in TEXT_FIELDS:
            values[name] = fields.get(name) or None
        for name in DATE_FIELDS:
            raw = fields.get(name)
            values[name] = dt.date.fromisoformat(raw) if raw else None
        self.waiting_documents.append((fetch, values))
        self.documents_seen += 1


DOCUMENT_UPDATES = [
    "title",
    "body_text",
    "links",
    "attachments",
    "feedback_window",
    "js_boxes",
    "sources",
    "last_run_id",
    "page_id",
    "fetched_at",
    "withdrawn_run_id",
    "withdrawn_at",
    *TEXT_FIELDS,
    *DATE_FIELDS,
]  # every column but the key and first_run_id: a refetched document is updated in place


def links_json(links: list[dict[str, str]]) -> Any:
    """The links column's value: ``json.dumps(links)`` itself, from each link serialised once
    per crawl (a site's pages repeat their menu and footer links: serialising them again on
    every page was a tenth of storage's CPU, bench/crawl_throughput.py). A link that is not the
    spider's ``{"href", "text", "context"}`` record leaves the list to ``json.dumps`` (the
    same keys in another order are written in this one: the same value).

    >>> links = [{"href": "http://a.gov.cn/", "text": "首页", "context": ""}]
    >>> links_json(links) == json.dumps(links), links_json([]) == json.dumps([])
    (True, True)
    >>> links_json([{"href": "http://a.gov.cn/", "text": "首页"}])
    [{'href': 'http://a.gov.cn/', 'text': '首页'}]
    """
    try:
        parts = [
            _link_json(link["href"], link["text"], link["context"])
            for link in links
            if len(link) == 3
        ]
    except (KeyError, TypeError):  # another record, or a value lru_cache cannot hash
        return links
    if len(parts) != len(links):
        return links
    return JSONText("[" + ", ".join(parts) + "]")


@lru_cache(maxsize=LINK_CACHE_SIZE)
def _link_json(href: str, text: str, context: str) -> str:
    return json.dumps({"href": href, "text": text, "context": context})


def upsert_statement(dialect: str, model: type, keys: list[str], update_columns: list[str]) -> Any:
    """INSERT … ON CONFLICT for SQLite and PostgreSQL (the two backends we support), without
    values: executed with a parameter dict, so it compiles once and is cached."""
    table = model.__table__  # type: ignore[attr-defined]
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    if not update_columns:
        return stmt.on_conflict_do_nothing(index_elements=keys)
    return stmt.on_conflict_do_update(
        index_elements=keys, set_={name: stmt.excluded[name] for name in update_columns}
    )


def documents_stored(conn: Connection, profile: str) -> int:
    return conn.execute(
        select(func.count()).select_from(Document).where(Document.profile == profile)
    ).scalar_one()
