"""Read a stored page back: the body as fetched, decoded with the encoding the crawl used."""

from __future__ import annotations

import zlib

from sqlalchemy import Engine, select
from w3lib.encoding import resolve_encoding, to_unicode

from ground.store.models import PageBody, PageFetch


def load_snapshot(engine: Engine, page_id: int) -> tuple[str, str, str] | None:
    """(decoded text, final URL, fetched_at) of a stored fetch, or None if it has no body."""
    with engine.connect() as conn:
        row = conn.execute(
            select(PageFetch.final_url, PageFetch.fetched_at, PageFetch.encoding, PageBody.body)
            .join(PageBody, PageBody.sha256 == PageFetch.sha256)
            .where(PageFetch.id == page_id)
        ).one_or_none()
    if row is None:
        return None
    return decode_stored(zlib.decompress(row.body), row.encoding), row.final_url, row.fetched_at


def decode_stored(body: bytes, encoding: str | None) -> str:
    """A stored body as the crawl read it: with the recorded encoding, never detected again, so
    the evidence shown is the text the fields were extracted from.

    The spider records the encoding its decoder used (``gb18030`` for GBK pages); older rows may
    hold a bare ``GBK`` label, read as its GB18030 superset, as the crawl would. A byte-order
    mark is dropped, as the decoder drops it; stray bytes become U+FFFD, not an error.

    >>> decode_stored("<p>冠县</p>".encode("gbk"), "gb18030")
    '<p>冠县</p>'
    >>> decode_stored("<p>㙟冠县</p>".encode("gb18030"), "GBK")
    '<p>㙟冠县</p>'
    >>> decode_stored("\\ufeff<p>冠县</p>".encode("utf-8"), "utf-8")
    '<p>冠县</p>'
    >>> decode_stored(b"<p>ok</p>", None)
    '<p>ok</p>'
    """
    name = resolve_encoding(encoding or "utf-8") or "utf-8"
    return to_unicode(body, name).removeprefix("\ufeff")
