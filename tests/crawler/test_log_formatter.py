"""The per-page "Crawled"/"Scraped" messages are built only when the crawl's log shows DEBUG."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.settings import QuietLogFormatter

URL = "http://www.example.gov.cn/xxgk/a.html"


def formatter(**settings: object) -> QuietLogFormatter:
    return QuietLogFormatter.from_crawler(get_crawler(settings_dict=settings))


def test_hidden_debug_messages_are_not_built() -> None:
    quiet = formatter(LOG_LEVEL="WARNING")
    assert quiet.crawled(Request(URL), HtmlResponse(URL), None) is None
    assert quiet.scraped({"title": "通知"}, HtmlResponse(URL), None) is None


def test_debug_log_still_gets_them() -> None:
    loud = formatter(LOG_LEVEL="DEBUG")
    crawled = loud.crawled(Request(URL), HtmlResponse(URL), None)
    assert isinstance(crawled, dict)
    args = crawled["args"]
    assert isinstance(args, dict) and args["request"].url == URL
    assert crawled["msg"].startswith("Crawled")
    assert loud.scraped({"title": "通知"}, HtmlResponse(URL), None) is not None


def test_an_unknown_level_keeps_the_messages() -> None:
    assert formatter(LOG_LEVEL="CHATTY").crawled(Request(URL), HtmlResponse(URL), None) is not None
