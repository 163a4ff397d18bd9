"""Read a stored page back: the body as fetched, decoded with the encoding the crawl used."""

from __future__ import annotations

import zlib

from sqlalchemy import Engine, select

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
    body = zlib.decompress(row.body)
    encoding = row.encoding or "utf-8"
    if encoding.lower().replace("-", "") in {"gbk", "gb2312", "cp936"}:
        encoding = "gb18030"  # the superset: portals labelled GBK often use GB18030 characters
    return body.decode(encoding, errors="replace"), row.final_url, row.fetched_at
