"""Read a stored page back: the body as fetched, decoded with the encoding the crawl used."""

from __future__ import annotations

import zlib

from sqlalchemy import Engine, select

from ground.store.models import PageBody, PageFetch
from ground.text.decoding import decode_as


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
    # The recorded encoding, never detected again: the evidence shown is the text the fields
    # were extracted from.
    text, _ = decode_as(zlib.decompress(row.body), row.encoding)
    return text, row.final_url, row.fetched_at
