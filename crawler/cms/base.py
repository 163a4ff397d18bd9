"""The contract between the generic spider and a CMS family module.

A family turns a profile column into list-page requests, and a fetched list page into entries
(detail links) and further list-page requests. It never fetches anything itself, so every family
is testable on saved bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ground.profiles.schema import Column, Profile


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """A list-page request the spider should send (GET unless ``form`` is given)."""

    url: str
    page: int  # 1-based list page number, for the crawl record
    form: dict[str, str] | None = None  # POST form fields (Hanweb dataproxy.jsp)
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "html"  # html | xml | json: how parse_list should read the answer


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
