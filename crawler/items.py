"""What the spider yields. Plain dataclasses: the pipeline stores each kind in its table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class PageSnapshot:
    """A fetched page exactly as received: the evidence behind every finding."""

    url: str
    final_url: str
    status: int
    fetched_at: str
    content_type: str
    encoding: str
    body: bytes
    method: str = "GET"
    rendered: bool = False
    column_id: str = ""
    # Set when the answer is not the page (crawler.answers): why, and the failure recorded.
    blocked: str = ""
    error: str = ""
    # Validators the portal sent (ETag, Last-Modified): the next run may ask conditionally.
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class ListingItem:
    """A detail link as a column lists it."""

    column_id: str
    url: str
    title: str
    list_date: str | None


@dataclass(slots=True)
class ListPageItem:
    """One list page of a column was read (or could not be read, with ``error``).

    Its listings travel with it: one item per list entry cost a third of Scrapy's item
    handling in bench/crawl_throughput.py, and they are stored in one statement anyway.
    """

    column_id: str
    page: int
    entries: int
    snapshot: PageSnapshot | None
    error: str = ""
    listings: list[ListingItem] = field(default_factory=list)
    # Why the column's list was read only in part although this page was read (more pages than
    # the column's max_pages): the column is then incomplete, as when a page fails.
    truncated: str = ""


@dataclass(slots=True)
class DocumentItem:
    column_id: str
    snapshot: PageSnapshot
    fields: dict[str, Any]  # ExtractedDocument as a dict (dates as YYYY-MM-DD strings)


@dataclass(slots=True)
class FetchErrorItem:
    """A detail or list URL that could not be fetched: kept so checks can say 未能核验.

    ``url`` is the URL as listed, even when the failure came after redirects.
    """

    column_id: str
    url: str
    status: int  # 0 when no HTTP answer came (DNS, refused, timeout)
    error: str
    is_list: bool = False
    # A WAF, challenge or captcha answer, or an empty shell (crawler.answers): why; "" otherwise.
    blocked: str = ""
    # The answer that came instead of the page, when one came: stored as the evidence (its
    # ``error`` and ``blocked`` set like the item's).
    snapshot: PageSnapshot | None = None
