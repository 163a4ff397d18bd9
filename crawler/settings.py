"""Scrapy settings for zwgk-audit. Every non-default value says why (default in the comment)."""

import logging
import os
from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

from crawler.politeness import tool_version, user_agent

BOT_NAME = "zwgk"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- politeness (crawler/politeness.py; the profile's [crawl] section sets rate and concurrency)
# A browser-like prefix: some government WAFs answer non-browser agents with 403. The tool, its
# version and a contact follow it (profile crawl.contact, else ZWGK_CONTACT).
ZWGK_AGENT_PREFIX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
# Whom a webmaster should contact about the crawl, for profiles that name nobody: the operating
# office's page or mailto: address. Empty by default: the project has no public page to name.
ZWGK_CONTACT = os.environ.get("ZWGK_CONTACT", "")
# Replaces the whole User-Agent when set (the contact too): for a portal that blocks ours.
ZWGK_USER_AGENT = os.environ.get("ZWGK_USER_AGENT", "")
# default "Scrapy/VERSION": requests outside a profile (zwgk extract) carry the same agent.
USER_AGENT = ZWGK_USER_AGENT or user_agent(ZWGK_AGENT_PREFIX, tool_version(), ZWGK_CONTACT)
# Requests to 127.0.0.1/::1/localhost (fixture portals) are held to the profile too when set;
# off by default so tests and --fixtures crawls stay fast. Budgets hold either way.
ZWGK_POLITE_LOOPBACK = os.environ.get("ZWGK_POLITE_LOOPBACK", "") not in {"", "0"}
# AutoThrottle (ours: Scrapy's acts through the downloader slot, which does not hold the
# in-flight limit): space requests by latency / this, so a slow server sees about one request
# at a time (Scrapy's AUTOTHROTTLE_TARGET_CONCURRENCY default); never faster than the rate.
ZWGK_AUTOTHROTTLE_TARGET_CONCURRENCY = float(
    os.environ.get("ZWGK_AUTOTHROTTLE_TARGET_CONCURRENCY", "1.0")
)
# Scrapy's AUTOTHROTTLE_MAX_DELAY default: slower than one request a minute finishes nothing.
ZWGK_AUTOTHROTTLE_MAX_DELAY = 60.0
# 429/503: wait what Retry-After asks, else 5 s doubling per throttled answer in a row, at most
# 10 min; a Retry-After longer than that, or 8 throttled answers in a row, ends the crawl
# (recorded as cut short): a portal that keeps refusing us is not crawled by force.
ZWGK_BACKOFF_BASE = float(os.environ.get("ZWGK_BACKOFF_BASE", "5"))
ZWGK_BACKOFF_MAX = float(os.environ.get("ZWGK_BACKOFF_MAX", "600"))
ZWGK_BACKOFF_GIVE_UP = 8
# Shortens every profile's time budget (seconds), e.g. to fit a nightly window; 0: the profile's.
ZWGK_TIME_BUDGET_SECONDS = float(os.environ.get("ZWGK_TIME_BUDGET_SECONDS", "0"))
# Nearest the download handler (above HttpCache's 900): what it lets through is what the server
# sees, each retry and redirect included.
DOWNLOADER_MIDDLEWARES = {
    "crawler.politeness.PolitenessMiddleware": 950,
    # Scrapy's redirect middlewares (same orders, 600 and 580) with the portal's rules: no
    # redirect off its hosts, no loops, no dupefilter drop (crawler/middlewares.py).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.PortalRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.PortalMetaRefreshMiddleware": 580,
    # Scrapy's, mended: it let forbidden pages through while robots.txt was being fetched.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.PortalRobotsTxtMiddleware": 100,
}
# Page and time budgets from the profile, in place of CLOSESPIDER_TIMEOUT (default 0, kept
# off): a one-hour cap cut a polite crawl of a 20,000-page portal a third of the way.
EXTENSIONS = {"crawler.politeness.CrawlBudget": 500}
# Nearest the spider (Scrapy's own spider middlewares sit at 50-900): it sees each list page's
# listings before the detail requests that follow them (crawler/incremental.py).
SPIDER_MIDDLEWARES = {"crawler.incremental.IncrementalMiddleware": 950}
# default False in 2.19: robots.txt is obeyed unless the profile's [crawl] obey_robots says the
# portal's owner asked for the audit (PortalSpider.from_crawler sets it per portal).
ROBOTSTXT_OBEY = True
# default 16: two cores. Requests waiting at the politeness gate count here too.
CONCURRENT_REQUESTS = int(os.environ.get("ZWGK_CONCURRENT_REQUESTS", "16"))
# default 8: not a limit under the asyncio reactor (Scrapy 2.19 lets a slot start its whole
# queue); the profile's concurrency is held by crawler.politeness instead.
CONCURRENT_REQUESTS_PER_DOMAIN = CONCURRENT_REQUESTS
# default 100: Scrapy starts that many asyncio worker tasks for every callback's output; our
# pipeline is synchronous, so they only cost time (~8% of a crawl in bench/crawl_throughput.py).
CONCURRENT_ITEMS = 8
# default True: Scrapy reads and parses each callback's source for a `return value` on every
# response, because its cache of the answer is weak-keyed by the bound method, which dies at
# once; measured ~3% of a crawl (bench/crawl_throughput.py). The spider's tests run callbacks.
WARN_ON_GENERATOR_RETURN_VALUE = False
# default 180: a county server that has not answered in 30 s will not; fail and record it.
DOWNLOAD_TIMEOUT = 30
# default 2: keep, but also retry 429 and 521 (加速乐) which portals send under load.
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429, 521]
# default 0: stop a crawl that is only collecting errors (a blocked or dead portal).
CLOSESPIDER_ERRORCOUNT = 500
# default False: list pages and details are fetched once per run per URL.
DUPEFILTER_DEBUG = False
# default "utf-8" is the export default since 2.x; stated because JSON must keep Chinese.
FEED_EXPORT_ENCODING = "utf-8"
# default True in 2.19: an HTTP control server and a job file nobody uses here.
REMOTE_CONTROL_ENABLED = False
# default False: telnet console is a needless open port on a crawl host.
TELNETCONSOLE_ENABLED = False
# default "DEBUG": the crawl summary and the run record carry what matters.
LOG_LEVEL = os.environ.get("ZWGK_LOG_LEVEL", "WARNING")


class QuietLogFormatter(LogFormatter):
    """Scrapy's formatter, without the per-page DEBUG "Crawled"/"Scraped" records when the
    crawl's ``LOG_LEVEL`` hides them. Scrapy leaves the root logger at NOTSET and filters at
    its handler, so every record was built (a dict, then a LogRecord) for each response and
    item only to be dropped there: ~0.1 ms a page. Returning ``None`` is the documented way to
    skip a message (LogFormatter's docstring); Scrapy's annotations do not say so, hence the
    ignores."""

    def __init__(self, shows_debug: bool = True) -> None:
        self.shows_debug = shows_debug

    @classmethod
    def from_crawler(cls, crawler: Any) -> "QuietLogFormatter":
        level = crawler.settings.get("LOG_LEVEL")
        if not isinstance(level, int):
            level = logging.getLevelName(str(level).upper())  # an int for a known name
        # An unknown level keeps Scrapy's behaviour: the messages are built.
        quiet = isinstance(level, int) and level > logging.DEBUG
        return cls(shows_debug=crawler.settings.getbool("LOG_ENABLED") and not quiet)

    def crawled(self, request: Any, response: Any, spider: Any) -> LogFormatterResult | None:  # type: ignore[override]
        return super().crawled(request, response, spider) if self.shows_debug else None

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult | None:  # type: ignore[override]
        return super().scraped(item, response, spider) if self.shows_debug else None


# default scrapy.logformatter.LogFormatter: the same messages, none built unless shown.
LOG_FORMATTER = "crawler.settings.QuietLogFormatter"

ITEM_PIPELINES = {"crawler.pipelines.StoragePipeline": 300}

# --- Playwright (only requests with meta["playwright"] go through Chromium) ---
# The download handlers are installed by PortalSpider.from_crawler only when the profile has a
# browser-mode column: measured here, the Playwright handler slows plain static crawls ~2.3x
# (bench/crawl_throughput.py, 500 pages: 18.3 s with it, 7.8 s without).
PLAYWRIGHT_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# Debian's chromium: Playwright cannot download its own browser on our machines.
CHROMIUM_PATH = os.environ.get("ZWGK_CHROMIUM", "/usr/bin/chromium")
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": CHROMIUM_PATH,
    "headless": True,
    # Without the background-networking flags Chromium floods a closed network with lookups.
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ],
}
# default 30000 ms: a rendered list that needs more than 20 s is reported, not waited for.
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 20000
# default unlimited: 4 pages per context already reached the ceiling of a 2-core machine.
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4


def _abort_heavy(request):  # type: ignore[no-untyped-def]
    # Images, fonts and media never carry the evidence we read; skip their bytes.
    return request.resource_type in {"image", "font", "media"}


PLAYWRIGHT_ABORT_REQUEST = _abort_heavy

# --- zwgk ---
ZWGK_DATABASE_URL = os.environ.get("ZWGK_DATABASE_URL", "")
ZWGK_STORE_BATCH = 200  # rows per transaction: one commit per page would dominate SQLite time
