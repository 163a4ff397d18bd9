"""Scrapy settings for zwgk-audit. Every non-default value says why (default in the comment)."""

import os

BOT_NAME = "zwgk"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# default "Scrapy/VERSION": some government WAFs answer non-browser agents with 403.
USER_AGENT = os.environ.get(
    "ZWGK_USER_AGENT",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 zwgk-audit/0.1 (+政务公开核查)",
)
# default False in 2.19 already; stated because audits read public pages robots may hide.
ROBOTSTXT_OBEY = False
# default 16: two cores, and a county portal is one host.
CONCURRENT_REQUESTS = int(os.environ.get("ZWGK_CONCURRENT_REQUESTS", "16"))
# default 8: be polite to small county servers that throttle (403/429) bursty clients.
CONCURRENT_REQUESTS_PER_DOMAIN = int(os.environ.get("ZWGK_CONCURRENT_PER_DOMAIN", "8"))
# default 100: Scrapy starts that many asyncio worker tasks for every callback's output; our
# pipeline is synchronous, so they only cost time (~8% of a crawl in bench/crawl_throughput.py).
CONCURRENT_ITEMS = 8
# default 180: a county server that has not answered in 30 s will not; fail and record it.
DOWNLOAD_TIMEOUT = 30
# default 2: keep, but also retry 429 and 521 (加速乐) which portals send under load.
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429, 521]
# default off: a stuck crawl must end so the nightly schedule goes on.
CLOSESPIDER_TIMEOUT = int(os.environ.get("ZWGK_CLOSESPIDER_TIMEOUT", "3600"))
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
