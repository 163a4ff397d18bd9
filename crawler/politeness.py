"""Politeness towards one portal: a rate and an in-flight limit that hold, AutoThrottle on the
server's latency, backoff on 429/503, a User-Agent with a contact, and page and time budgets.

Why our own limiter: under the asyncio reactor Scrapy 2.19 does not hold
``CONCURRENT_REQUESTS_PER_DOMAIN``. Its slot loop hands a request to a task that marks it as
transferring only once the task runs, so one pass of the loop starts every queued request (a
minimal spider kept 15 in flight with the limit at 1). ``PolitenessMiddleware`` sits next to the
download handler and lets a request through only when the portal's gate says so; it releases
the place when the answer (or the error) comes back. Every request of the crawl passes it: list
pages, details, API POSTs, redirects, retries, robots.txt, and the page request of a rendered
column. What it cannot see: the scripts, stylesheets and XHRs Chromium loads for a rendered page
(images, fonts and media are aborted in ``settings.PLAYWRIGHT_ABORT_REQUEST``).

The profile's ``[crawl]`` section sets rate, concurrency, contact and budgets. A portal served on
this machine (127.0.0.0/8, ::1, ``localhost``) is ours, not a county's: its crawl is not held
back (tests and ``--fixtures`` crawl saved portals hundreds of times) unless
``ZWGK_POLITE_LOOPBACK`` is set. Budgets apply everywhere.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Any
from urllib.parse import quote, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.asyncio import CallLaterResult, call_later, is_asyncio_available

from ground.profiles.schema import Crawl

logger = logging.getLogger(__name__)

#: Statuses by which a server asks a client to slow down (RFC 6585 §4, RFC 9110 §15.6.4).
THROTTLE_STATUSES = frozenset({429, 503})
#: The request's meta key holding its gate pass while it is in flight.
PASS_KEY = "zwgk_gate_pass"


def tool_version() -> str:
    """The installed zwgk-audit version ("0" when run from a tree that is not installed)."""
    try:
        return metadata.version("zwgk-audit")
    except metadata.PackageNotFoundError:
        return "0"


def user_agent(prefix: str, version: str, contact: str) -> str:
    """The User-Agent: a browser-like prefix (some government WAFs answer other agents with
    403), then the tool, its version and whom to contact, as robots-aware crawlers do.

    >>> user_agent("Mozilla/5.0", "0.1.0", "https://example.org/crawler")
    'Mozilla/5.0 zwgk-audit/0.1.0 (+https://example.org/crawler)'
    >>> user_agent("Mozilla/5.0", "0.1.0", "")
    'Mozilla/5.0 zwgk-audit/0.1.0'

    Header values travel as Latin-1: anything else in a contact is percent-encoded.

    >>> user_agent("Mozilla/5.0", "0.1.0", "mailto:政务公开@example.org")
    'Mozilla/5.0 zwgk-audit/0.1.0 (+mailto:%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80@example.org)'
    """
    agent = f"{prefix} zwgk-audit/{version}".strip()
    if contact:
        agent += f" (+{quote(contact.strip(), safe=':/?#[]@!$&*+,;=%~-._')})"
    return agent


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """The wait a ``Retry-After`` header asks for (RFC 9110 §10.2.3): delay-seconds or an
    HTTP-date (``now`` is the Unix time to count from); None when absent or unreadable.

    >>> retry_after_seconds("120", 0.0)
    120.0
    >>> retry_after_seconds("Thu, 01 Jan 1970 00:01:00 GMT", 30.0)
    30.0
    >>> retry_after_seconds("Thu, 01 Jan 1970 00:01:00 GMT", 90.0)
    0.0
    >>> retry_after_seconds("soon", 0.0) is None
    True
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def backoff_seconds(strikes: int, base: float, cap: float) -> float:
    """Exponential backoff after ``strikes`` throttled answers in a row, at most ``cap``.

    >>> [backoff_seconds(n, 5.0, 60.0) for n in (1, 2, 3, 4, 5)]
    [5.0, 10.0, 20.0, 40.0, 60.0]
    """
    return min(cap, base * 2.0 ** max(0, strikes - 1))


def pages_reason(pages: int) -> str:
    """The close reason for a page budget.

    >>> pages_reason(50000)
    '已达页面预算（50000 页）'
    """
    return f"已达页面预算（{pages} 页）"


def time_reason(seconds: float) -> str:
    """The close reason for a time budget, in the unit the budget was given in.

    >>> time_reason(720 * 60)
    '已达时间预算（720 分钟）'
    >>> time_reason(1.5)
    '已达时间预算（1.5 秒）'
    """
    if seconds >= 60 and seconds % 60 == 0:
        return f"已达时间预算（{int(seconds // 60)} 分钟）"
    return f"已达时间预算（{seconds:g} 秒）"


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (a fixture server, never a county portal).

    Asked for every request: the answer is remembered per origin (``scheme://netloc``), which
    holds the whole host part of the URL, so it is the answer for the URL itself.

    >>> is_loopback("http://127.0.0.1:8000/xxgk/"), is_loopback("http://[::1]/")
    (True, True)
    >>> is_loopback("http://localhost/"), is_loopback("http://www.guanxian.gov.cn/")
    (True, False)
    >>> is_loopback("http://127.0.0.1?next=/x"), is_loopback("http://www.a.gov.cn@127.0.0.1/")
    (True, True)
    """
    start = url.find("://")
    end = url.find("/", start + 3) if start >= 0 else -1
    return _loopback_origin(url if end < 0 else url[:end])


@lru_cache(maxsize=256)  # a crawl asks about a handful of hosts
def _loopback_origin(origin: str) -> bool:
    host = urlsplit(origin).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Limits:
    """How hard one portal may be asked. ``rate`` and ``concurrency`` come from the profile;
    the rest from settings (documented in ``crawler/settings.py``)."""

    rate: float  # requests started a second, over any window
    concurrency: int  # requests in flight
    throttle_target: float  # AutoThrottle: requests in flight to aim at when the server is slow
    throttle_max: float  # AutoThrottle never spaces requests further apart than this (s)
    backoff_base: float  # first pause after a 429/503 without Retry-After (s)
    backoff_max: float  # longest pause; a Retry-After asking for more ends the crawl (s)
    give_up_after: int  # throttled answers in a row that end the crawl


class PortalGate:
    """The portal's gate: a request starts only when fewer than ``concurrency`` are in flight
    and the previous one started at least one interval ago. The interval is ``1 / rate``, longer
    while the server answers slowly (AutoThrottle) and after it asked us to back off.

    Fixed spacing, not a token bucket: a bucket lets a burst of its size through after a quiet
    spell, and a WAF counts bursts. Requests pass in arrival order (the lock is FIFO).
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.throttle = 0.0  # AutoThrottle's interval, from the latency of recent answers
        self.next_start = 0.0  # loop time before which no request may start
        self.strikes = 0  # throttled answers in a row
        self.in_flight = 0
        self._places = asyncio.Semaphore(limits.concurrency)
        self._order = asyncio.Lock()
        self._closing = asyncio.Event()

    @property
    def interval(self) -> float:
        return max(1.0 / self.limits.rate, self.throttle)

    async def enter(self) -> float:
        """Wait for this request's turn; returns its start (loop time). Raises IgnoreRequest
        once the crawl is closing, so no waiter holds the engine's close up."""
        loop = asyncio.get_running_loop()
        async with self._order:
            await self._places.acquire()
            try:
                # The start may move while we wait (a 429 arrives): wait again until it holds.
                while (wait := self.next_start - loop.time()) > 0:
                    await self._sleep(wait)
                if self._closing.is_set():
                    raise IgnoreRequest("抓取已结束，请求未发出")
            except BaseException:
                self._places.release()
                raise
            now = loop.time()
            self.next_start = now + self.interval
            self.in_flight += 1
            return now

    def leave(self, started: float, status: int | None) -> None:
        """The request is answered (``status``) or failed (None): free its place, learn from it."""
        self.in_flight -= 1
        self._places.release()
        loop = asyncio.get_running_loop()
        latency = loop.time() - started
        self.learn(latency, ok=status is not None and status < 400)

    def back_off(self, pause: float) -> None:
        """Start nothing for ``pause`` seconds from now."""
        loop = asyncio.get_running_loop()
        self.next_start = max(self.next_start, loop.time() + pause)

    def close(self) -> None:
        """Wake every waiter: they give up rather than hold the engine's close."""
        self._closing.set()

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._closing.wait(), timeout=seconds)
        except TimeoutError:
            return
        raise IgnoreRequest("抓取已结束，请求未发出")

    def learn(self, latency: float, *, ok: bool) -> None:
        """AutoThrottle: take in one answer's latency (``ok``: a 2xx/3xx answer)."""
        # Scrapy's AutoThrottle rule: move half way towards latency / target concurrency, and
        # let an error answer (often fast) never shorten the interval.
        target = latency / self.limits.throttle_target
        updated = min(self.limits.throttle_max, (self.throttle + target) / 2)
        if ok or updated > self.throttle:
            self.throttle = updated


def crawl_limits(crawl: Crawl, settings: Any) -> Limits:
    """The portal's limits: its profile's rate and concurrency, the tuning from settings."""
    return Limits(
        rate=crawl.rate,
        concurrency=crawl.concurrency,
        throttle_target=settings.getfloat("ZWGK_AUTOTHROTTLE_TARGET_CONCURRENCY"),
        throttle_max=settings.getfloat("ZWGK_AUTOTHROTTLE_MAX_DELAY"),
        backoff_base=settings.getfloat("ZWGK_BACKOFF_BASE"),
        backoff_max=settings.getfloat("ZWGK_BACKOFF_MAX"),
        give_up_after=settings.getint("ZWGK_BACKOFF_GIVE_UP"),
    )


def close_crawl(crawler: Crawler, reason: str) -> None:
    """Close the crawl with ``reason``, recorded by the pipeline as 抓取提前结束：<reason>.

    The pipeline takes the reason from ``spider_closed``; it is put into the stats at once only
    to mark the crawl as closing, so a second budget hit in the meantime does not close it again
    (the first reason stands).
    """
    if crawler.stats is None or crawler.engine is None:
        return
    if crawler.stats.get_value("finish_reason"):
        return  # already closing for another reason: the first one stands
    logger.warning("closing the crawl: %s", reason)
    crawler.stats.set_value("finish_reason", reason)
    closing = asyncio.ensure_future(crawler.engine.close_spider_async(reason=reason))
    _CLOSING.add(closing)
    closing.add_done_callback(_CLOSING.discard)


# Tasks must be referenced until done, or asyncio may collect them half way.
_CLOSING: set[asyncio.Future[None]] = set()


def _profile_crawl(crawler: Crawler) -> Crawl:
    profile = getattr(crawler.spider, "profile", None)
    crawl = getattr(profile, "crawl", None)
    return crawl if isinstance(crawl, Crawl) else Crawl()


class PolitenessMiddleware:
    """Downloader middleware, registered nearest the download handler (``settings.py``), so that
    what it lets through is what the server sees, each retry and redirect included."""

    def __init__(self, crawler: Crawler, crawl: Crawl) -> None:
        if not is_asyncio_available():
            raise RuntimeError(
                "crawler.politeness needs the asyncio reactor: set TWISTED_REACTOR to "
                "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
            )
        settings = crawler.settings
        self.crawler = crawler
        self.limits = crawl_limits(crawl, settings)
        self.polite_loopback = settings.getbool("ZWGK_POLITE_LOOPBACK")
        self.agent = settings.get("ZWGK_USER_AGENT") or user_agent(
            settings.get("ZWGK_AGENT_PREFIX", ""),
            tool_version(),
            crawl.contact or settings.get("ZWGK_CONTACT", ""),
        )
        # Built on first use: asyncio primitives belong to the loop that runs the crawl.
        self._gate: PortalGate | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        return cls(crawler, _profile_crawl(crawler))

    @property
    def gate(self) -> PortalGate:
        if self._gate is None:
            self._gate = PortalGate(self.limits)
            logger.info(
                "politeness: %.2f requests/s, %d in flight, User-Agent %r",
                self.limits.rate,
                self.limits.concurrency,
                self.agent,
            )
        return self._gate

    def held(self, request: Request) -> bool:
        return self.polite_loopback or not is_loopback(request.url)

    async def process_request(self, request: Request) -> None:
        request.headers[b"User-Agent"] = self.agent
        if not self.held(request):
            return
        try:
            request.meta[PASS_KEY] = await self.gate.enter()
        except IgnoreRequest:
            # The crawl ended while it waited: drop it as Scrapy drops the requests still in
            # the scheduler, not as a failed fetch of the portal's (no errback, so no record).
            request.errback = None
            self._stats("zwgk/politeness/dropped_at_close")
            raise
        self._stats("zwgk/politeness/requests")

    def process_response(self, request: Request, response: Response) -> Response:
        started = request.meta.pop(PASS_KEY, None)
        if started is None:
            return response
        gate = self.gate
        gate.leave(started, response.status)
        if response.status in THROTTLE_STATUSES:
            self._throttled(gate, response)
        else:
            gate.strikes = 0
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        started = request.meta.pop(PASS_KEY, None)
        if started is not None:
            self.gate.leave(started, None)

    def spider_closed(self) -> None:
        if self._gate is not None:
            self._gate.close()
            stats = self.crawler.stats
            if stats is not None:
                stats.set_value("zwgk/politeness/last_interval", round(self._gate.interval, 3))

    def close_started(self) -> None:
        """Wake the requests waiting at the gate (the budget extension calls it on closing)."""
        if self._gate is not None:
            self._gate.close()

    def _throttled(self, gate: PortalGate, response: Response) -> None:
        gate.strikes += 1
        self._stats("zwgk/politeness/throttled")
        header = response.headers.get(b"Retry-After")
        asked = retry_after_seconds(header.decode("latin-1") if header else None, time.time())
        limits = self.limits
        if asked is not None and asked > limits.backoff_max:
            self.close_started()
            close_crawl(
                self.crawler,
                f"站点要求暂停 {asked:g} 秒（HTTP {response.status}，Retry-After），"
                f"超过上限 {limits.backoff_max:g} 秒",
            )
            return
        if gate.strikes >= limits.give_up_after:
            self.close_started()
            close_crawl(
                self.crawler,
                f"站点持续限流（连续 {gate.strikes} 次 HTTP 429/503）",
            )
            return
        pause = (
            asked
            if asked is not None
            else backoff_seconds(gate.strikes, limits.backoff_base, limits.backoff_max)
        )
        logger.info("HTTP %d from %s: pausing %.1f s", response.status, response.url, pause)
        gate.back_off(pause)

    def _stats(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


class CrawlBudget:
    """Extension: ends a crawl at the profile's page budget or time budget (whichever comes
    first) instead of a crawl-wide timeout, so a polite crawl of a big portal runs its course
    and one that cannot is recorded as cut short (the run is marked partial).

    ``ZWGK_TIME_BUDGET_SECONDS`` (when set) shortens the time budget of every crawl, e.g. to fit
    a nightly window; it never lengthens a profile's budget.
    """

    def __init__(self, crawler: Crawler, crawl: Crawl) -> None:
        self.crawler = crawler
        self.page_budget = crawl.page_budget
        self.time_budget = float(crawl.time_budget_minutes * 60)
        cap = crawler.settings.getfloat("ZWGK_TIME_BUDGET_SECONDS")
        if cap > 0:
            self.time_budget = min(self.time_budget, cap)
        self.pages = 0
        self.timer: CallLaterResult | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlBudget:
        return cls(crawler, _profile_crawl(crawler))

    def spider_opened(self) -> None:
        self.timer = call_later(self.time_budget, self.close, time_reason(self.time_budget))

    def response_received(self) -> None:
        self.pages += 1
        if self.pages == self.page_budget:
            self.close(pages_reason(self.page_budget))

    def spider_closed(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def close(self, reason: str) -> None:
        middleware = self._politeness()
        if middleware is not None:
            middleware.close_started()
        close_crawl(self.crawler, reason)

    def _politeness(self) -> PolitenessMiddleware | None:
        engine = self.crawler.engine
        if engine is None:
            return None
        for middleware in engine.downloader.middleware.middlewares:
            if isinstance(middleware, PolitenessMiddleware):
                return middleware
        return None
