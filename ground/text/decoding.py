"""Decoding bytes whose encoding is already known: a profile's override, or the encoding a
crawl recorded for a stored page. One helper, so a page reads the same when it is crawled and
when its stored copy is shown as evidence.

(Deciding the encoding of a fetched page — BOM, header, meta, detection — is the crawler's
``crawler.extract.decode.decode_page``; it calls this once it knows.)
"""

from __future__ import annotations

import codecs

from w3lib.encoding import resolve_encoding, to_unicode


def decode_as(body: bytes, encoding: str | None) -> tuple[str, str]:
    """``(text, encoding name used)``: under the name's superset as browsers read it (GBK as
    GB18030, Big5 as Big5-HKSCS), a byte-order mark dropped, stray bytes as U+FFFD. No name, or
    one no codec knows, reads as UTF-8.

    >>> decode_as("<p>㙟冠县</p>".encode("gb18030"), "GBK")  # 㙟 is beyond GBK
    ('<p>㙟冠县</p>', 'gb18030')
    >>> decode_as("<p>冠縣</p>".encode("big5"), "big5")
    ('<p>冠縣</p>', 'big5hkscs')
    >>> decode_as("\\ufeff<p>冠县</p>".encode("utf-8"), "utf-8")
    ('<p>冠县</p>', 'utf-8')
    >>> decode_as(b"<p>ok</p>", None), decode_as(b"<p>ok</p>", "no-such-codec")[1]
    (('<p>ok</p>', 'utf-8'), 'utf-8')
    """
    name = resolve_encoding(encoding or "utf-8") or _python_codec(encoding) or "utf-8"
    return to_unicode(body, name).removeprefix("\ufeff"), name


def _python_codec(encoding: str | None) -> str | None:
    try:
        return codecs.lookup(encoding or "").name
    except LookupError:
        return None
