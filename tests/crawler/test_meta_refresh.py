"""Meta-refresh redirects are still followed now that a page is ruled out by its bytes
(crawler/middlewares.py ``_may_refresh``): Scrapy reads the first 4096 characters, which in a
multi-byte or UTF-16 page reach past the first 4096 bytes."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.middlewares import PortalMetaRefreshMiddleware

URL = "http://www.example.gov.cn/xxgk/old.html"
REFRESH = '<meta http-equiv="Refresh" content="0; url=/xxgk/new.html">'


def answer(html: str, encoding: str) -> Request | Response:
    middleware = PortalMetaRefreshMiddleware.from_crawler(get_crawler())
    response = HtmlResponse(
        URL, body=html.encode(encoding), headers={"Content-Type": f"text/html; charset={encoding}"}
    )
    return middleware.process_response(Request(URL), response)


def test_a_refresh_is_followed() -> None:
    result = answer(f"<html><head>{REFRESH}</head><body>已迁移</body></html>", "utf-8")
    assert isinstance(result, Request)
    assert result.url == "http://www.example.gov.cn/xxgk/new.html"


def test_a_refresh_after_4096_bytes_but_within_4096_characters_is_followed() -> None:
    # 2,000 Chinese characters: 4,000 bytes in GBK, 6,000 in UTF-8, before the tag.
    padding = f"<!-- {'政务公开' * 500} -->"
    for encoding in ("gbk", "utf-8", "utf-16"):
        result = answer(f"<html><head>{padding}{REFRESH}</head></html>", encoding)
        assert isinstance(result, Request), encoding
        assert result.url.endswith("/xxgk/new.html")


def test_a_page_without_refresh_is_the_answer() -> None:
    html = "<html><head><title>通知</title></head><body><p>各乡镇人民政府：</p></body></html>"
    for encoding in ("utf-8", "utf-16"):
        response = HtmlResponse(URL, body=html.encode(encoding), encoding=encoding)
        middleware = PortalMetaRefreshMiddleware.from_crawler(get_crawler())
        assert middleware.process_response(Request(URL), response) is response
