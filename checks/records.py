"""Stored crawl records as plain dataclasses: what checks and the linker read.

Checks never see Scrapy objects or a database session; ``checks.load.load_run`` builds these
from the database for one crawl run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LinkRecord:
    href: str  # absolute
    text: str
    context: str = ""  # title of the box the link sits in (相关解读, 关联稿件, 原文链接 …)


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    name: str
    href: str
    type: str  # lowercased extension: pdf, docx, wps, ofd, jpg …


@dataclass(frozen=True, slots=True)
class DocRecord:
    """One document page (a policy document, an interpretation, a report …) as stored."""

    id: int
    url: str
    title: str
    doc_number: str | None = None
    index_number: str | None = None
    issuing_agency: str | None = None
    source: str | None = None  # the 来源 line: who posted the page, not its issuer
    written_date: dt.date | None = None
    publish_date: dt.date | None = None
    topic: str | None = None
    validity: str | None = None
    body_text: str = ""
    links: tuple[LinkRecord, ...] = ()
    attachments: tuple[AttachmentRecord, ...] = ()
    columns: tuple[str, ...] = ()  # ids of the profile columns it was listed under
    roles: tuple[str, ...] = ()  # roles of those columns
    units: tuple[str, ...] = ()  # units owning those columns ("" for the government's own)
    feedback_window: str | None = None  # excerpt of the 政策咨询、建议与评价 element, if any
    js_boxes: tuple[str, ...] = ()  # related-link boxes present but filled only by JavaScript
    fetched_at: str = ""
    page_id: int | None = None


@dataclass(frozen=True, slots=True)
class ColumnRecord:
    """What the crawl saw of one profile column in a run: reached or not, and why."""

    id: str
    name: str
    role: str
    unit: str
    url: str
    reached: bool  # at least its first list page was fetched and parsed
    pages: int = 0
    entries: int = 0
    error: str = ""  # why it was not reached or not read whole (HTTP status, JavaScript …)
    # Every list page was read: no later page failed or was blocked, the crawl was not cut
    # short. Only then can a check say a document is absent from the column.
    complete: bool = True
    failed_pages: int = 0  # list pages after the first that failed or were blocked
    failed_urls: tuple[str, ...] = ()  # the column's list pages that failed, as requested


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """A detail page a column listed but the crawl could not fetch (HTTP error, timeout …)."""

    url: str
    column_id: str
    status: int
    error: str
    title: str = ""  # as the list showed it
    list_date: dt.date | None = None
    columns: tuple[str, ...] = ()  # every column listing it (column_id among them)


#: Outcomes of a run that did not end on its own: what it would have read next is unknown.
UNFINISHED = frozenset({"running", "interrupted"})


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    profile: str
    started_at: str
    finished_at: str | None
    outcome: str  # running | succeeded | partial | failed | interrupted
    pages_fetched: int = 0
    errors: tuple[str, ...] = ()
    columns: tuple[ColumnRecord, ...] = ()
    documents: tuple[DocRecord, ...] = field(default_factory=tuple)
    failures: tuple[FetchFailure, ...] = ()

    @property
    def unfinished(self) -> bool:
        """Killed, stopped or still running: no absence in it can be told from the unread."""
        return self.outcome in UNFINISHED

    @property
    def incomplete_columns(self) -> tuple[ColumnRecord, ...]:
        """Columns reached but not read whole (a later list page failed, the crawl cut short)."""
        return tuple(c for c in self.columns if c.reached and not c.complete)
