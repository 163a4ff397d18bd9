"""The contract between the generic spider and a CMS family module.

A family turns a profile column into list-page requests, and a fetched list page into entries
(detail links) and further list-page requests. It never fetches anything itself, so every family
is testable on saved bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ground.profiles.schema import Column, Profile


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """A list-page request the spider should send (GET unless ``form`` is given)."""

    url: str
    page: int  # 1-based list page number, for the crawl record
    form: dict[str, str] | None = None  # POST form fields (Hanweb dataproxy.jsp)
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "html"  # html | xml | json: how parse_list should read the answer
    # A JSON text POSTed as application/json (the TRS 海云 search API); None: no JSON body.
    body: str | None = None
    # Set when the request reads a detail page's script-filled box (its js_boxes name, 相关解读)
    # rather than a list page: the answer goes to the family's ``parse_box``.
    box: str = ""
    # A box request the page does not spell out (no literal query in its script), rebuilt from
    # the extracted 文号 or title: an empty answer may only mean the page searches another
    # spelling, so it proves no absence and the box stays unread (未能核验).
    derived: bool = False


@dataclass(frozen=True, slots=True)
class ListEntry:
    url: str  # absolute detail URL
    title: str  # full title (the title attribute where the text is truncated)
    date: str | None = None  # YYYY-MM-DD as shown in the list


@dataclass(frozen=True, slots=True)
class ListPage:
    entries: list[ListEntry]
    next_requests: list[RequestSpec]  # further pages this page reveals (first page only, usually)
    total_pages: int | None = None
    # Why the list cannot be read without a browser (e.g. "列表由脚本渲染"), else "".
    needs_js: str = ""


@dataclass(frozen=True, slots=True)
class DetailPage:
    """What a family needs of a fetched detail page to read its script-filled boxes."""

    url: str
    title: str
    doc_number: str
    js_boxes: tuple[str, ...]
    # The page as decoded: its inline script says what the box's own request carries (the
    # search word as the page spells it, the filters, the channels).
    html: str = ""


class CmsFamily(Protocol):
    name: str

    def start_requests(self, profile: Profile, column: Column) -> list[RequestSpec]:
        """The first request(s) for a column (static: its URL; api: the API's first page)."""
        ...

    def parse_list(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        """Entries and further requests of one fetched list page (HTML, XML or JSON text)."""
        ...


@runtime_checkable
class BoxReader(Protocol):
    """A family that can read a detail page's script-filled box through the site's own API
    (``fetch = "api"`` and the column's ``api.box``), as the page's script would."""

    def box_requests(self, profile: Profile, column: Column, page: DetailPage) -> list[RequestSpec]:
        """The requests that fill the page's boxes (each with ``box`` set); [] when none."""
        ...

    def parse_box(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> list[ListEntry] | None:
        """The links one answer puts in the box; None when the answer is not the API's."""
        ...
