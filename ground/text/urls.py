"""URLs in the one spelling checks compare: ``www.yanting.gov.cn/zwgk/c100245``.

A portal page is reached by many spellings: http and https (most portals serve both), an
upper-case host, ``:80``, ``./`` and ``../`` left in by a CMS template, a trailing
``index.html`` or slash, a ``#fragment``, Chinese characters raw or percent-encoded. A 解读's
原文链接 typed one way must meet the stored page fetched another way, and a rule that asks
whether two pages link to each other must agree with the linker that paired them, so every
comparison of URLs goes through ``normalise_url``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from w3lib.url import safe_url_string

__all__ = ["normalise_url"]

_INDEX_PAGE_RE = re.compile(r"/(?:index|default)\.(?:html?|shtml|jsp|php|aspx?)$", re.IGNORECASE)
# http and https serve the same portal page, so either default port is dropped whatever the
# scheme (``http://x:443/`` is ``https://x/`` typed with the wrong scheme).
_DEFAULT_PORTS = (80, 443)


# Checks compare the same links again and again (each pair, each rule): a memo of the spelling.
@lru_cache(maxsize=65_536)
def normalise_url(url: str) -> str:
    """One spelling per page: scheme dropped (http and https serve the same portal page), host
    lower-cased, user name and default port dropped, dot and empty segments resolved, a trailing
    index.html and the trailing slash dropped, fragment dropped; path and query kept as written,
    percent-encoded as Scrapy encodes every URL it requests.

    >>> normalise_url("HTTPS://WWW.Yanting.gov.cn:443/zwgk/./a/../c100245/index.html#top")
    'www.yanting.gov.cn/zwgk/c100245'
    >>> normalise_url("http://www.yanting.gov.cn/zwgk/c100245/")
    'www.yanting.gov.cn/zwgk/c100245'
    >>> normalise_url("http://x.gov.cn/module/show.jsp?id=7#p2")
    'x.gov.cn/module/show.jsp?id=7'

    A stored page URL (Scrapy percent-encodes it) meets the raw href that names it:

    >>> normalise_url("http://x.gov.cn/附件/通知.html") == normalise_url(
    ...     "http://x.gov.cn/%E9%99%84%E4%BB%B6/%E9%80%9A%E7%9F%A5.html")
    True
    >>> normalise_url("http://x.gov.cn:8080/a?b=2&a=1")  # query order kept: it is as written
    'x.gov.cn:8080/a?b=2&a=1'
    """
    parts = urlsplit(_percent_encoded(url.strip()))
    host = (parts.hostname or "").lower()
    port = _port(parts)
    if port is not None and port not in _DEFAULT_PORTS:
        host = f"{host}:{port}"
    path = _INDEX_PAGE_RE.sub("", _resolved_path(parts.path)).rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def _percent_encoded(url: str) -> str:
    """The URL as Scrapy requests it (w3lib's ``safe_url_string``: non-ASCII and unsafe
    characters percent-encoded, the host IDNA-encoded and lower-cased), so that a stored page
    URL and a raw href meet.

    w3lib does the encoding only. Its ``canonicalize_url`` is not used: it sorts the query
    arguments and re-quotes the path (the spelling here keeps both as written), keeps a
    default port that does not match the scheme, keeps user names and empty segments, and,
    like ``safe_url_string``, raises on a port that is not a number, which an href typed on a
    portal can carry: such a URL is kept as written and its port dropped.

    >>> _percent_encoded("http://x.gov.cn:8o/a b")
    'http://x.gov.cn:8o/a b'
    """
    try:
        return safe_url_string(url)
    except ValueError:
        return url


def _port(parts: SplitResult) -> int | None:
    """The explicit port, or None when there is none or it is not a number."""
    try:
        return parts.port
    except ValueError:
        return None


def _resolved_path(path: str) -> str:
    """The path with ``.``, ``..`` and empty segments resolved (RFC 3986 section 5.2.4, and a
    ``..`` above the root stays at the root).

    >>> _resolved_path("/zwgk/./a/../c100245//index.html")
    '/zwgk/c100245/index.html'
    >>> _resolved_path("/../a/")
    '/a'
    """
    segments: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    return "/" + "/".join(segments)
