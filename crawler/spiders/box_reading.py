"""Reading a detail page's script-filled box through the site's own API, before the document is
stored.

A 2024–2025 TRS page's 政策解读 box is an empty template its script fills by POSTing to the site
search API. Where the profile says how (the column's ``api.box``, read by a family that is a
``BoxReader``), the spider sends those requests itself: the links of the answers join the
document's links under the box's name, and the box leaves ``js_boxes`` (it was read). A box
request that fails, or answers something else, leaves the box in ``js_boxes``: its checks say
未能核验, as for any unread box. So does an empty answer to a request the family had to derive
(``RequestSpec.derived``: the page's script spells no query, so the 文号 was sent as extracted):
it proves no absence, since the page may search another spelling. ``--fetch static`` reads no
box, so a static crawl shows what a crawler without the API would see. A box still unread here
may yet be rendered in Chromium (``boxes_read``, overridden by the spider:
crawler/spiders/rendering.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.cms.base import BoxReader, DetailPage, ListEntry, RequestSpec
from crawler.items import DocumentItem
from ground.profiles.schema import Column
from ground.text.decoding import decode_as


def spec_request(spec: RequestSpec, **kwargs: Any) -> scrapy.Request:
    """The Scrapy request of a family's RequestSpec: a JSON POST, a form POST, or a GET."""
    headers = spec.headers or None
    if spec.body is not None:
        return scrapy.Request(
            spec.url, method="POST", body=spec.body.encode("utf-8"), headers=headers, **kwargs
        )
    if spec.form is not None:
        return scrapy.FormRequest(spec.url, formdata=spec.form, headers=headers, **kwargs)
    return scrapy.Request(spec.url, headers=headers, **kwargs)


class BoxReading:
    """Mixin of the portal spider (it provides profile, family, fetch_override and decode)."""

    profile: Any
    family: Any
    fetch_override: str

    def decode(self, response: TextResponse) -> tuple[str, str]:  # the spider's own decoder
        raise NotImplementedError

    def read_boxes(self, item: DocumentItem, column: Column, url: str) -> Iterator[Any]:
        """The document, or the first request of its boxes (the document follows the last)."""
        specs = self._box_specs(item, column, url)
        if not specs:
            yield from self.boxes_read(item, column)
            return
        yield self._box_request(specs, item, column, {}, specs)

    def boxes_read(self, item: DocumentItem, column: Column) -> Iterator[Any]:
        """The document once its boxes were read as far as the API goes (the spider may still
        render a page whose box stays unread)."""
        yield item

    def _box_specs(self, item: DocumentItem, column: Column, url: str) -> list[RequestSpec]:
        fields = item.fields
        boxes = tuple(fields.get("js_boxes") or ())
        # A page without a script-filled box first: a Protocol isinstance costs microseconds.
        if not boxes or self.fetch_override == "static" or not isinstance(self.family, BoxReader):
            return []
        # The page's own script says what its box request carries: the family reads it there.
        html, _ = decode_as(item.snapshot.body, item.snapshot.encoding)
        page = DetailPage(
            url=url,
            title=str(fields.get("title") or ""),
            doc_number=str(fields.get("doc_number") or ""),
            js_boxes=boxes,
            html=html,
        )
        return self.family.box_requests(self.profile, column, page)

    def _box_request(
        self,
        specs: list[RequestSpec],
        item: DocumentItem,
        column: Column,
        found: dict[str, list[ListEntry] | None],
        every: list[RequestSpec],  # all the page's box requests: which boxes were derived
    ) -> scrapy.Request:
        meta = {"column": column, "spec": specs[0], "box_rest": specs[1:], "box_item": item}
        meta["box_found"] = found
        meta["box_all"] = every
        return spec_request(
            specs[0],
            callback=self.parse_box,
            errback=self.box_failed,
            meta=meta,
            dont_filter=True,  # two pages may share a 文号: each asks for its own box
        )

    def parse_box(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        spec: RequestSpec = meta["spec"]
        entries = None
        if isinstance(response, TextResponse):
            text, _ = self.decode(response)
            entries = self.family.parse_box(text, response.url, self.profile, meta["column"], spec)
        yield from self._next_box(meta, spec, entries)

    def box_failed(self, failure: Failure) -> Iterator[Any]:
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]
        yield from self._next_box(request.meta, request.meta["spec"], None)

    def _next_box(
        self, meta: dict[str, Any], spec: RequestSpec, entries: list[ListEntry] | None
    ) -> Iterator[Any]:
        found: dict[str, list[ListEntry] | None] = dict(meta["box_found"])
        earlier = found.get(spec.box, [])
        # One answer of a box missing (failed, or not the API's): the box is not read whole.
        found[spec.box] = None if earlier is None or entries is None else [*earlier, *entries]
        rest: list[RequestSpec] = meta["box_rest"]
        if rest:
            yield self._box_request(rest, meta["box_item"], meta["column"], found, meta["box_all"])
            return
        derived = {s.box for s in meta["box_all"] if s.derived}
        yield from self.boxes_read(
            with_boxes(meta["box_item"], settled(found, derived)), meta["column"]
        )


def settled(
    found: dict[str, list[ListEntry] | None], derived: set[str]
) -> dict[str, list[ListEntry] | None]:
    """The boxes as the answers show them, except that a box asked with a derived query (the
    page spells none: the 文号 as extracted) and answered empty is not read: the page may search
    another spelling, so the empty answer proves no absence (never 不符合 on it; 未能核验).

    >>> row = ListEntry("http://x/a.html", "解读")
    >>> settled({"相关解读": []}, {"相关解读"}), settled({"相关解读": []}, set())
    ({'相关解读': None}, {'相关解读': []})
    >>> settled({"相关解读": [row]}, {"相关解读"})["相关解读"] == [row]
    True
    """
    return {b: None if b in derived and e == [] else e for b, e in found.items()}


def with_boxes(item: DocumentItem, found: dict[str, list[ListEntry] | None]) -> DocumentItem:
    """The document with the links of every box read whole, those boxes no longer script-filled.

    >>> item = DocumentItem("c", None, {"links": [], "js_boxes": ["相关解读", "原文链接"]})
    >>> out = with_boxes(item, {"相关解读": [ListEntry("http://x/a.html", "解读")]})
    >>> out.fields["js_boxes"], out.fields["links"][0]["context"]
    (['原文链接'], '相关解读')
    """
    fields = dict(item.fields)
    read = {box: entries for box, entries in found.items() if entries is not None}
    links = list(fields.get("links") or [])
    for box, entries in read.items():
        links += [{"href": e.url, "text": e.title, "context": box} for e in entries]
    fields["links"] = links
    fields["js_boxes"] = [b for b in fields.get("js_boxes") or [] if b not in read]
    return DocumentItem(item.column_id, item.snapshot, fields)
