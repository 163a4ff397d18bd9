"""Turn a fetched page's bytes into text, the way a Chinese portal meant them.

County portals send GBK pages with a UTF-8 header (the server's default), a Latin-1 header
(Tomcat's), or no charset at all, and declare the real one in ``<meta charset>``. The spider and
``zwgk extract`` both read pages through ``decode_page``, once per page, so a crawl stores what
the command shows. The order tried:

0. a profile's ``encoding`` override, for the portal whose every declaration lies;
1. a byte-order mark: it cannot lie, so it wins over any declaration, as in browsers and w3lib;
2. the ``Content-Type`` charset, unless it names a Latin-1 family encoding (no Chinese page is
   Latin-1: such a header is a server default, and decoding GBK with it never fails, so it would
   hide the meta charset behind mojibake);
3. the ``<meta charset>`` / ``http-equiv`` declaration;
4. detection: UTF-8 if the bytes are valid UTF-8, else GB18030.

A declared encoding is used if the bytes decode under it without error, or with only a few
stray bytes replaced; a declaration that does not fit at all falls through to detection. GBK
and GB2312 are always decoded as GB18030, their superset (w3lib's mapping), so characters
outside GB2312 in names survive.
"""

from __future__ import annotations

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    to_unicode,
)

from ground.text.decoding import decode_as

# Names as returned by w3lib.resolve_encoding for Latin-1 family labels.
_LATIN1_FAMILY = frozenset({"cp1252", "latin_1", "iso8859-1", "ascii"})
_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312"})


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf8(body: bytes) -> bool:
    """True when the body has non-ASCII bytes and they are all valid UTF-8."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_page(
    body: bytes, content_type: str | None, override: str | None = None
) -> tuple[str, str]:
    """Decode a page; return ``(text, encoding used)``.

    ``override`` (a profile's ``encoding``) is used whatever the page says, under its superset
    name as browsers do (GBK reads as GB18030, Big5 as Big5-HKSCS); the name returned is the one
    to store, so the stored body decodes back to the same text.

    >>> decode_page("<meta charset=gbk><p>冠县</p>".encode("gbk"), "text/html")
    ('<meta charset=gbk><p>冠县</p>', 'gb18030')
    >>> decode_page("<p>冠县</p>".encode("gbk"), "text/html; charset=utf-8")[1]
    'gb18030'
    >>> decode_page("<p>冠县</p>".encode("utf-8"), None)
    ('<p>冠县</p>', 'utf-8')
    >>> decode_page("<p>冠縣</p>".encode("big5"), "text/html; charset=utf-8", override="big5")
    ('<p>冠縣</p>', 'big5hkscs')
    """
    if override:
        return decode_as(body, override)
    bom_encoding, bom = read_bom(body)
    if bom_encoding is not None and bom is not None:
        return to_unicode(body[len(bom) :], bom_encoding), bom_encoding

    header = http_content_type_encoding(content_type)
    if header in _LATIN1_FAMILY:
        header = None
    declared = list(dict.fromkeys(e for e in (header, html_body_declared_encoding(body)) if e))
    if any(e in _GB_FAMILY for e in declared) and _looks_utf8(body):
        # UTF-8 bytes decode as GB18030 without error (into mojibake), so a GB declaration is
        # only believed when the bytes are not valid UTF-8.
        declared = [e for e in declared if e not in _GB_FAMILY]

    for encoding in declared:
        text = _strict(body, encoding)
        if text is not None:
            return text, encoding
    # A declaration that fits all but a few stray bytes (a truncated character in CMS output)
    # is still right: detection must not turn a whole UTF-8 page into GB18030 mojibake.
    for encoding in declared:
        text = to_unicode(body, encoding)
        if text.count("\ufffd") <= max(3, len(text) // 1000):
            return text, encoding

    for encoding in ("utf-8", "gb18030"):
        text = _strict(body, encoding)
        if text is not None:
            return text, encoding
    fallback = declared[0] if declared else "gb18030"
    return to_unicode(body, fallback), fallback
