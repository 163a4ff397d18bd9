"""Hrefs as portals write them, resolved to absolute URLs, and attachments told by extension.

Every link of every page passes through here, so the usual cases take fast paths that give
exactly what ``urljoin`` and the attachment pattern give (tests/extract check both on
generated input): absolute and root-relative hrefs need no join, a plain relative path is
joined against a base parsed once, and an extension is looked up in a set.

>>> href_kind(" /xxgk/a.html\\n"), href_kind("JavaScript:void(0)"), href_kind("../P1.pdf")
(('root', '/xxgk/a.html'), ('skip', 'JavaScript:void(0)'), ('relative', '../P1.pdf'))
>>> relative_url("http://www.a.gov.cn/xxgk/zcwj/t1.html", "../zcjd/t2.html?id=1#top")
'http://www.a.gov.cn/xxgk/zcjd/t2.html?id=1#top'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit

from crawler.extract.caches import CACHE_SIZE

ATTACHMENT_RE = re.compile(
    r"\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar|txt|jpe?g|png)(?=$|[?#&])", re.IGNORECASE
)
# Every extension ATTACHMENT_RE matches (tests check the two agree).
ATTACHMENT_TYPES = frozenset(
    {"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "zip", "rar", "txt", "jpg", "jpeg"}
    | {"png"}
)
_SKIP_HREF_PREFIXES = ("javascript:", "mailto:", "tel:", "#", "data:", "about:", "vbscript:")
# Their first characters, either case: an href starting otherwise needs no lower().
_SKIP_HREF_FIRST = "".join(
    {p[0] for p in _SKIP_HREF_PREFIXES} | {p[0].upper() for p in _SKIP_HREF_PREFIXES}
)


def href_kind(raw: str) -> tuple[str, str]:
    """(kind, href) for an href as written: "skip" (none, javascript:, mailto:, #…),
    "absolute" (http, https), "root" (/path, joined to the origin as is) or "relative" (for
    urljoin); href is stripped of spaces, line breaks and tabs."""
    href = raw.strip()
    if "\n" in href or "\t" in href or "\r" in href:
        href = href.replace("\n", "").replace("\t", "").replace("\r", "")
    if not href or (href[0] in _SKIP_HREF_FIRST and href.lower().startswith(_SKIP_HREF_PREFIXES)):
        return "skip", href
    if "{{" in href:  # a template's placeholder ({{item.url}}): no link until a script runs
        return "skip", href
    if href.startswith(("http://", "https://")):
        return "absolute", href
    if href[0] == "/" and href[1:2] != "/" and "/." not in href and "\\" not in href:
        return "root", href
    return "relative", href


def joined_url(base: str, href: str) -> str:
    """``urljoin``, or "" for an href no browser could follow (``http://[bad``).

    >>> joined_url("http://a.gov.cn/x/", "y.html"), joined_url("http://a.gov.cn/", "http://[bad")
    ('http://a.gov.cn/x/y.html', '')
    """
    try:
        return urljoin(base, href)
    except ValueError:
        return ""


@lru_cache(maxsize=CACHE_SIZE)
def relative_url(base: str, href: str) -> str | None:
    """A "relative" href (see href_kind) joined to the base, or None if it leads nowhere."""
    relative = _resolver_for(base)
    return (relative and relative(href)) or joined_url(base, href) or None


@lru_cache(maxsize=256)  # one per page base: the pages of a crawl in flight, not a whole site
def _resolver_for(base: str) -> Callable[[str], str | None] | None:
    """relative_resolver for a base URL, parsed once per base."""
    return relative_resolver(urlsplit(base))


def relative_resolver(parts: SplitResult) -> Callable[[str], str | None] | None:
    """A faster ``urljoin(base, href)`` for the usual relative path (``../a/b.html?x#y``): the
    same steps as urljoin, with the base (``parts``, its urlsplit) parsed once. The resolver
    answers None for any other href (a scheme, ``;`` params, a leading ``/``, ``?`` or ``#``),
    and is None for a base that is not a plain http(s) URL: urljoin handles those. Hrefs come
    stripped, without line breaks or tabs."""
    scheme, netloc, path = parts.scheme, parts.netloc, parts.path
    if scheme not in ("http", "https") or not netloc or ";" in path:  # ;params: see urlparse
        return None
    base_parts = path.split("/")
    if base_parts[-1] != "":
        del base_parts[-1]  # the last segment is a file, not a directory
    prefix = f"{scheme}://{netloc}"

    def resolve(href: str) -> str | None:
        if ":" in href or ";" in href or href[0] in "/?#" or href[0] <= " ":
            return None
        path, _, fragment = href.partition("#")
        path, _, query = path.partition("?")
        url = prefix + _dot_segments_removed(base_parts + path.split("/"))
        if query:
            url += "?" + query
        if fragment:
            url += "#" + fragment
        return url

    return resolve


def _dot_segments_removed(segments: list[str]) -> str:
    """The path of the base's directory segments plus the href's, with ``.`` and ``..``
    applied as urljoin applies them, starting with ``/``.

    >>> _dot_segments_removed(["", "a", "b", "..", "c.html"])
    '/a/c.html'
    """
    segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    url = "/".join(resolved) or "/"
    return url if url[0] == "/" else "/" + url


@lru_cache(maxsize=CACHE_SIZE)  # pages of one site repeat their menu and footer links
def attachment_type(url: str) -> str | None:
    """The lowercased extension if the URL names an attachment (ATTACHMENT_RE), else None.

    Without ``?``, ``#``, ``&`` or a line break the pattern can only match at the end, on the
    text after the last dot: a set lookup replaces the regex for nearly every URL.

    >>> attachment_type("http://a.gov.cn/P0201.PDF"), attachment_type("http://a/t1.html")
    ('pdf', None)
    >>> attachment_type("http://a.gov.cn/down.jsp?file=a.docx&id=1")
    'docx'
    """
    if "?" in url or "#" in url or "&" in url or "\n" in url:
        match = ATTACHMENT_RE.search(url)
        return match.group(1).lower() if match else None
    tail = url[-5:]  # a dot and the longest extension (docx, xlsx, jpeg)
    dot = tail.rfind(".")
    if dot < 0:
        return None
    ext = tail[dot + 1 :]
    if not ext.isascii():  # IGNORECASE matches ſ to s, K (Kelvin) to k …
        match = ATTACHMENT_RE.search(url)
        return match.group(1).lower() if match else None
    ext = ext.lower()
    return ext if ext in ATTACHMENT_TYPES else None
