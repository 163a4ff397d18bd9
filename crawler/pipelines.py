"""Store what the spider yields: validate → normalise → store, in batched transactions.

The run record is created when the spider opens and closed with its outcome when it closes. A
run that fails half way keeps what it stored (each batch commits on its own) and never touches
rows of earlier runs except to update documents it fetched again, successfully.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from crawler.items import DocumentItem, FetchErrorItem, ListingItem, ListPageItem, PageSnapshot
from ground.store.db import open_database
from ground.store.models import (
    ColumnStatus,
    CrawlRun,
    Document,
    Listing,
    PageBody,
    PageFetch,
)
from ground.timestamps import now_iso

DATE_FIELDS = ("written_date", "publish_date")
TEXT_FIELDS = ("doc_number", "index_number", "issuing_agency", "topic", "validity")


@dataclass
class ColumnTally:
    pages: int = 0
    entries: int = 0
    reached: bool = False
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
        self.pages_fetched = 0
        self.documents_seen = 0
        self.columns: dict[str, ColumnTally] = defaultdict(ColumnTally)
        self.errors: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        url = crawler.settings.get("ZWGK_DATABASE_URL")
        if not url:
            raise NotConfigured("ZWGK_DATABASE_URL is not set.")
        run_id = crawler.settings.getint("ZWGK_RUN_ID") or None
        return cls(url, crawler.settings.getint("ZWGK_STORE_BATCH", 200), run_id)

    # --- lifecycle ---
    def open_spider(self, spider: Spider) -> None:
        self.engine = open_database(self.db_url)
        self.profile = spider.profile  # type: ignore[attr-defined]
        self.conn = self.engine.connect()
        # Built once: a statement rebuilt per row cost as much as the rest of storage together
        # (bench/crawl_throughput.py profile), and a reused one hits SQLAlchemy's compiled cache.
        dialect = self.engine.dialect.name
        self.insert_body = upsert_statement(dialect, PageBody, ["sha256"], [])
        self.insert_fetch = insert(PageFetch).returning(PageFetch.id)
        self.upsert_listing = upsert_statement(
            dialect, Listing, ["profile", "column_id", "url"], ["title", "list_date", "last_run_id"]
        )
        self.upsert_document = upsert_statement(
            dialect, Document, ["profile", "url"], DOCUMENT_UPDATES
        )
        if self.preset_run_id:
            self.run_id = self.preset_run_id
        else:
            self.run_id = start_run(self.conn, self.profile.id, self.profile.base_url)
        self.conn.commit()

    def close_spider(self, spider: Spider) -> None:
        reason = spider.crawler.stats.get_value("finish_reason", "finished")
        statuses = []
        for column in self.profile.columns:
            tally = self.columns.get(column.id, ColumnTally())
            error = "；".join(dict.fromkeys(tally.errors))
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
                }
            )
        self.conn.execute(insert(ColumnStatus), statuses)
        reached = sum(1 for s in statuses if s["reached"])
        if reached == 0:
            outcome = "failed"
            self.errors.insert(0, f"未能访问任何栏目（{self.profile.base_url}）")
        elif reached < len(statuses) or reason not in {"finished"}:
            outcome = "partial"
        else:
            outcome = "succeeded"
        if reason not in {"finished"}:
            self.errors.append(f"抓取提前结束：{reason}")
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

    # --- items ---
    def process_item(self, item: Any) -> Any:
        if isinstance(item, DocumentItem):
            self.store_document(item)
        elif isinstance(item, ListPageItem):
            self.store_list_page(item)
        elif isinstance(item, FetchErrorItem):
            self.store_error(item)
        self.pending += 1
        if self.pending >= self.batch:
            self.conn.commit()
            self.pending = 0
        return item

    def store_snapshot(self, snap: PageSnapshot) -> int:
        digest = hashlib.sha256(snap.body).hexdigest()
        self.conn.execute(
            self.insert_body,
            {"sha256": digest, "size": len(snap.body), "body": zlib.compress(snap.body, 6)},
        )
        self.pages_fetched += 1
        return self.conn.execute(
            self.insert_fetch,
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
            },
        ).scalar_one()

    def store_list_page(self, item: ListPageItem) -> None:
        tally = self.columns[item.column_id]
        if item.snapshot is not None:
            self.store_snapshot(item.snapshot)
        if item.listings:
            self.store_listings(item.listings)
        if item.error:
            tally.errors.append(item.error)
            if item.page == 1:
                self.errors.append(f"栏目 {item.column_id} 第{item.page}页：{item.error}")
        if item.snapshot is not None and not (item.page == 1 and item.error):
            # A first page that needs JavaScript to show its list is fetched but not read.
            tally.reached = True
            tally.pages += 1
            tally.entries += item.entries

    def store_listings(self, listings: list[ListingItem]) -> None:
        self.conn.execute(
            self.upsert_listing,
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
            ],
        )

    def store_error(self, item: FetchErrorItem) -> None:
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
            },
        )
        if not item.is_list:
            self.errors.append(f"{item.url}：{item.error}")

    def store_document(self, item: DocumentItem) -> None:
        fields = item.fields
        page_id = self.store_snapshot(item.snapshot)
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
            "links": fields.get("links", []),
            "attachments": fields.get("attachments", []),
            "feedback_window": fields.get("feedback_window"),
            "js_boxes": list(fields.get("js_boxes", [])),
            "sources": dict(fields.get("sources", {})),
            "first_run_id": self.run_id,
            "last_run_id": self.run_id,
            "page_id": page_id,
            "fetched_at": item.snapshot.fetched_at,
        }
        for name in TEXT_FIELDS:
            values[name] = fields.get(name) or None
        for name in DATE_FIELDS:
            raw = fields.get(name)
            values[name] = dt.date.fromisoformat(raw) if raw else None
        self.conn.execute(self.upsert_document, values)
        self.documents_seen += 1


def start_run(conn: Connection, profile: str, base_url: str) -> int:
    return conn.execute(
        insert(CrawlRun).returning(CrawlRun.id),
        {
            "profile": profile,
            "base_url": base_url,
            "started_at": now_iso(),
            "outcome": "running",
            "errors": [],
        },
    ).scalar_one()


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
    *TEXT_FIELDS,
    *DATE_FIELDS,
]  # every column but the key and first_run_id: a refetched document is updated in place


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
