"""Which recorded URLs may become links in the report, and where they point (the portal)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import urlsplit

from checks.findings import Finding
from checks.records import RunRecord

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


# --- 原网页: the portal's own address, even when the crawl read a mirror ------------------------
#
# A crawl may run against another host than the portal (``--base-url``, ``--fixtures``, a
# staging copy): the store then holds the mirror's URLs. A clerk's 原网页 link must open the
# portal itself, so every URL under the crawled base is moved back under the profile's base;
# the archived copy (``pages/<id>.html``) stays local, and URLs elsewhere are left as they are.


def portal_url(url: str, crawled_base: str, portal_base: str) -> str:
    """``url`` moved from the base the crawl ran against to the portal's own base.

    >>> portal_url("http://127.0.0.1:8123/xxgk/zcwj/t1.html",
    ...            "http://127.0.0.1:8123/", "http://www.guanxian.gov.cn/")
    'http://www.guanxian.gov.cn/xxgk/zcwj/t1.html'
    >>> portal_url("http://www.gov.cn/zhengce/a.html",
    ...            "http://127.0.0.1:8123/", "http://www.guanxian.gov.cn/")
    'http://www.gov.cn/zhengce/a.html'
    >>> portal_url("http://127.0.0.1:8123", "http://127.0.0.1:8123/", "http://www.guanxian.gov.cn/")
    'http://www.guanxian.gov.cn/'
    >>> portal_url("column:zcwj", "http://127.0.0.1:8123/", "http://www.guanxian.gov.cn/")
    'column:zcwj'
    """
    if not crawled_base or not portal_base or crawled_base == portal_base:
        return url
    crawled = crawled_base if crawled_base.endswith("/") else crawled_base + "/"
    portal = portal_base if portal_base.endswith("/") else portal_base + "/"
    if url.startswith(crawled):
        return portal + url[len(crawled) :]
    if url == crawled.rstrip("/"):
        return portal
    return url


def findings_at_portal(
    findings: Iterable[Finding], crawled_base: str, portal_base: str
) -> list[Finding]:
    """The findings with their subjects and evidence URLs at the portal (``portal_url``)."""

    def moved(url: str) -> str:
        return portal_url(url, crawled_base, portal_base)

    return [
        replace(
            f,
            subject=moved(f.subject),
            message=text_at_portal(f.message, crawled_base, portal_base),
            evidence=tuple(replace(e, url=moved(e.url)) for e in f.evidence),
        )
        for f in findings
    ]


def text_at_portal(text: str, crawled_base: str, portal_base: str) -> str:
    """Every URL under the crawled base in a text (an error line) moved to the portal.

    >>> text_at_portal("http://127.0.0.1:81/a.html：HTTP 503", "http://127.0.0.1:81/",
    ...                "http://www.a.gov.cn/")
    'http://www.a.gov.cn/a.html：HTTP 503'
    """
    if not crawled_base or not portal_base or crawled_base == portal_base:
        return text
    return text.replace(crawled_base, portal_base)


def run_at_portal(run: RunRecord, crawled_base: str, portal_base: str) -> RunRecord:
    """The run with its column URLs, failed pages and error lines at the portal."""

    def moved(url: str) -> str:
        return portal_url(url, crawled_base, portal_base)

    columns = tuple(
        replace(
            c,
            url=moved(c.url),
            error=text_at_portal(c.error, crawled_base, portal_base),
            failed_urls=tuple(moved(u) for u in c.failed_urls),
        )
        for c in run.columns
    )
    failures = tuple(replace(f, url=moved(f.url)) for f in run.failures)
    errors = tuple(text_at_portal(e, crawled_base, portal_base) for e in run.errors)
    return replace(run, columns=columns, failures=failures, errors=errors)
