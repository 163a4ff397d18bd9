"""Tables. Page bodies are stored once per content hash (compressed), so nightly re-crawls of an
unchanged portal add fetch records, not copies of the same pages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CrawlRun(Base):
    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[str] = mapped_column(String(64), index=True)
    base_url: Mapped[str] = mapped_column(Text)
    started_at: Mapped[str] = mapped_column(String(32))  # ISO 8601 UTC
    finished_at: Mapped[str | None] = mapped_column(String(32))
    # running | succeeded | partial | failed | interrupted (killed or stopped, found afterwards)
    outcome: Mapped[str] = mapped_column(String(16))
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    documents_seen: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Who is writing a running run, and when it last wrote: a run whose process is gone (or
    # silent for long) is marked interrupted by the next crawl, check or report.
    host: Mapped[str] = mapped_column(Text, default="")
    pid: Mapped[int | None] = mapped_column(Integer)
    heartbeat_at: Mapped[str | None] = mapped_column(String(32))


class ColumnStatus(Base):
    """What one run saw of one profile column: whether its list was read, and why not."""

    __tablename__ = "column_status"
    __table_args__ = (UniqueConstraint("run_id", "column_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    column_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text)
    reached: Mapped[bool] = mapped_column(Boolean, default=False)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    # Every list page of the column was read (no later page failed, none blocked, not cut by
    # a budget): only then can a check say a document is absent from it.
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pages: Mapped[int] = mapped_column(Integer, default=0)


class PageBody(Base):
    __tablename__ = "page_body"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)  # uncompressed bytes
    body: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed, exactly as fetched


class PageFetch(Base):
    """One fetch of one URL in one run: the evidence record a finding links to."""

    __tablename__ = "page_fetch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    url: Mapped[str] = mapped_column(Text)  # as requested
    final_url: Mapped[str] = mapped_column(Text)  # after redirects
    method: Mapped[str] = mapped_column(String(8), default="GET")
    status: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[str] = mapped_column(String(32))
    content_type: Mapped[str] = mapped_column(Text, default="")
    encoding: Mapped[str] = mapped_column(String(32), default="")
    rendered: Mapped[bool] = mapped_column(Boolean, default=False)  # through Chromium
    sha256: Mapped[str | None] = mapped_column(ForeignKey("page_body.sha256"))
    error: Mapped[str] = mapped_column(Text, default="")  # download error, for failed fetches
    column_id: Mapped[str] = mapped_column(String(64), default="")
    # Why an HTTP 200 answer is not the page (WAF 安全狗/云锁/加速乐…, captcha, empty shell); ""
    # for a real page. A blocked fetch also sets ``error``.
    blocked: Mapped[str] = mapped_column(Text, default="")
    # Validators for conditional requests on the next run (incremental crawling).
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    not_modified: Mapped[bool] = mapped_column(Boolean, default=False)  # answered 304


Index("ix_page_fetch_run_url", PageFetch.run_id, PageFetch.url)


class Document(Base):
    """A document page of a profile, updated in place when a later run fetches it again."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("profile", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)  # canonical URL (the final URL of the fetch)
    title: Mapped[str] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(Text)
    index_number: Mapped[str | None] = mapped_column(Text)
    issuing_agency: Mapped[str | None] = mapped_column(Text)
    written_date: Mapped[dt.date | None] = mapped_column(Date)
    publish_date: Mapped[dt.date | None] = mapped_column(Date)
    topic: Mapped[str | None] = mapped_column(Text)
    validity: Mapped[str | None] = mapped_column(Text)
    # The 来源 line: who posted the page (not its issuer); findings fall back on it for the unit.
    source: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    attachments: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    feedback_window: Mapped[str | None] = mapped_column(Text)
    js_boxes: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    page_id: Mapped[int | None] = mapped_column(ForeignKey("page_fetch.id"))
    fetched_at: Mapped[str] = mapped_column(String(32))
    # Gone from every list that showed it: recorded, never deleted.
    withdrawn_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    withdrawn_at: Mapped[str | None] = mapped_column(String(32))


class Listing(Base):
    """A detail link as a column lists it; one row per (profile, column, url), kept up to date."""

    __tablename__ = "listing"
    __table_args__ = (UniqueConstraint("profile", "column_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[str] = mapped_column(String(64), index=True)
    column_id: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    list_date: Mapped[str | None] = mapped_column(String(10))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))


class FindingRow(Base):
    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    catalog: Mapped[str] = mapped_column(String(64))
    check: Mapped[str] = mapped_column(String(64))
    row: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text, default="")
    doc_number: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(10), default="")
    evidence: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    checked_at: Mapped[str] = mapped_column(String(32))
    # Stable across runs (catalog, row, check, subject): a gap keeps its id from the night it
    # appears to the night it is fixed, so history says 新增 / 持续 / 已整改.
    key: Mapped[str] = mapped_column(String(40), default="", index=True)
