"""Redirects as an audit needs them: kept on the portal, never lost, never looping.

Scrapy's redirect middlewares follow any Location, and a redirected request goes through the
dupefilter again: a detail page that redirects to a URL fetched before, or back to itself, is
dropped without an errback, and its list entry vanishes from the checks without a 未能核验. A
redirect to another host is followed, and that host's page is stored as a document of the
portal. The two middlewares here replace Scrapy's (``crawler/settings.py``) and, on top of what
they do:

- refuse a redirect off the portal's hosts (the profile's ``base_url`` host and
  ``[crawl] hosts``): the request fails with "重定向至站外 <host>，未跟随";
- refuse a redirect back to a URL of the same chain ("重定向循环"), and say so in Chinese when
  the chain is too long;
- let every followed redirect past the dupefilter: the chain is bounded by the two rules above,
  and the listed URL must reach its errback or callback either way.

The failure reaches the request's errback as ``RedirectRefused``; ``meta["redirect_urls"][0]``
is the URL the list linked, which the spider records the failure under.

``PortalRobotsTxtMiddleware`` mends Scrapy 2.19's robots.txt middleware, which let pages a
robots.txt forbids through while the file was being fetched (see its docstring).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RedirectRefused(IgnoreRequest):
    """Raised by the redirect middlewares here for a redirect that is not followed; its message
    is the Chinese reason stored with the failed fetch."""


def on_hosts(url: str, hosts: Collection[str]) -> bool:
    """Whether ``url`` is on one of ``hosts`` (host names, or host:port): the scheme and, for a
    bare host name, the port may differ (a portal redirects http to https).

    >>> on_hosts("https://www.gy.gov.cn/a.html", {"www.gy.gov.cn"})
    True
    >>> on_hosts("http://127.0.0.1:8123/a", {"127.0.0.1:8000"}), on_hosts("http://x.cn/", set())
    (False, False)
    """
    parts = urlsplit(url)
    return parts.netloc.lower() in hosts or (parts.hostname or "") in hosts


class _RedirectPolicy:
    """What both middlewares add to Scrapy's: the checks of every redirect they would follow."""

    crawler: Any

    def _checked(self, request: Request, result: Request | Response) -> Request | Response:
        if not isinstance(result, Request):
            return result
        target = result.url
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise RedirectRefused(f"重定向循环（{len(chain)} 次后回到 {target}）")
        hosts: Collection[str] | None = getattr(self.crawler.spider, "portal_hosts", None)
        if hosts is not None and not on_hosts(target, hosts):
            raise RedirectRefused(f"重定向至站外 {urlsplit(target).netloc}，未跟随")
        # The chain is bounded above; without this a redirect to a URL fetched before (another
        # entry's final page) would be dropped by the dupefilter with no errback at all.
        result.dont_filter = True
        return result

    @staticmethod
    def _too_many(request: Request, exc: IgnoreRequest) -> RedirectRefused:
        hops = len(request.meta.get("redirect_urls", [])) + 1
        return RedirectRefused(f"重定向次数过多（{hops} 次，{exc}）")

    def _policed(self, request: Request, response: Response) -> Request | Response:
        """Scrapy's own answer to ``response`` (the class this policy is mixed into), held to
        the portal's rules."""
        try:
            result = super().process_response(request, response)  # type: ignore[misc]
        except RedirectRefused:
            raise
        except IgnoreRequest as exc:
            raise self._too_many(request, exc) from exc
        return self._checked(request, result)


class PortalRedirectMiddleware(_RedirectPolicy, RedirectMiddleware):
    """Scrapy's 3xx redirects, kept on the portal's hosts and out of loops."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        return self._policed(request, response)


# Scrapy looks for a refresh in the first 4096 characters of ``response.text``, which decodes
# the whole body first (the spider decodes it again, its own way): ~0.1 ms a page, for a tag
# almost no page has. 4096 characters are at most 16384 bytes, and the word is spelled in them
# as ASCII letters, or with NULs between them in UTF-16/32: no such bytes, no refresh. (A
# case-insensitive regex over the bytes cost more than the decoding it saves.)
_REFRESH_SPELLINGS = (
    b"refresh",
    b"r\0e\0f\0r\0e\0s\0h",
    b"r\0\0\0e\0\0\0f\0\0\0r\0\0\0e\0\0\0s\0\0\0h",
)
_REFRESH_SCAN = 4 * 4096


def _may_refresh(body: bytes) -> bool:
    """False when the first 4096 characters cannot hold a ``refresh``, in any encoding.

    >>> _may_refresh(b'<meta http-equiv="Refresh" content="0;url=/a">'), _may_refresh(b"<p>x</p>")
    (True, False)
    >>> _may_refresh('<meta http-equiv="REFRESH">'.encode("utf-16-le"))
    True
    """
    head = body[:_REFRESH_SCAN].lower()
    return any(spelling in head for spelling in _REFRESH_SPELLINGS)


class PortalMetaRefreshMiddleware(_RedirectPolicy, MetaRefreshMiddleware):
    """Scrapy's ``<meta http-equiv="refresh">`` redirects, under the same rules."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if isinstance(response, HtmlResponse) and not _may_refresh(response.body):
            return response
        return self._policed(request, response)


class PortalRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request that waited for the file checked.

    Requests that arrive while robots.txt is being fetched wait on one Deferred; since Scrapy
    awaits it through ``maybe_deferred_to_future`` (scrapy/scrapy#6802), the first waiter takes
    the parser and the next ones get ``None``, which means "allow". Measured here: of four
    columns started together, the list page a ``Disallow`` covered was fetched. Once the file is
    read, the parser is in the cache; a ``None`` is taken from there instead.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            cached = self._parsers.get(urlparse_cached(request).netloc)
            if cached is not None and not isinstance(cached, Deferred):
                return cached
        return parser
