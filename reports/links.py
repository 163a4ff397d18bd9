"""Which recorded URLs may become links in the report."""

from __future__ import annotations

from urllib.parse import urlsplit

#: Evidence URLs come from crawled pages. A page can carry ``javascript:`` or ``data:`` links,
#: and autoescaping does not make such an ``href`` harmless, so only web addresses are linked.
LINKABLE_SCHEMES = frozenset({"http", "https"})


def safe_href(url: str) -> str:
    """``url`` when it is an http(s) address, else ``""`` (shown as text, never linked).

    >>> safe_href("https://www.example.gov.cn/a.html")
    'https://www.example.gov.cn/a.html'
    >>> safe_href("javascript:alert(1)")
    ''
    >>> safe_href(" JavaScript:alert(1)")
    ''
    >>> safe_href("zcwj")
    ''
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() in LINKABLE_SCHEMES and parts.netloc:
        return text
    return ""
