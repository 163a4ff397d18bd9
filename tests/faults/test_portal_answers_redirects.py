"""The same crawl: redirects, robots.txt, lying charsets, throttling and slow answers."""

from __future__ import annotations

from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.utils.project import get_project_settings

from crawler.spiders.portal import PortalSpider
from tests.faults.conftest import Crawled
from tests.faults.portal import CHARSETS, FAILING_DETAILS, MOVED, OFFSITE, write_profile
from tests.faults.test_portal_answers import fetch_of, path_of, rows


def test_redirected_page_keeps_the_listed_url_and_the_final_url(faulty: Crawled) -> None:
    fetched = {
        path_of(url): path_of(final)
        for url, final in rows(faulty.db, "select url, final_url from page_fetch where error = ''")
    }
    assert {listed: fetched.get(listed) for listed in MOVED} == MOVED


def test_redirected_document_is_stored_under_its_final_url_and_listed_under_the_old(
    faulty: Crawled,
) -> None:
    documents = {path_of(url) for (url,) in rows(faulty.db, "select url from document")}
    listed = {path_of(url) for (url,) in rows(faulty.db, "select url from listing")}
    assert set(MOVED.values()) <= documents
    assert set(MOVED) <= listed
    assert documents.isdisjoint(MOVED)


def test_redirect_loop_is_a_failure_under_the_listed_url(faulty: Crawled) -> None:
    status, error, blocked, _ = fetch_of(faulty, "/gfxwj/loop.html")
    assert (status, blocked) == (0, "")
    assert error.startswith("重定向循环")
    # Each hop once: the loop is noticed when it closes, not after Scrapy's 20 redirects.
    assert (faulty.hits["/gfxwj/loop.html"], faulty.hits["/gfxwj/loop2.html"]) == (1, 1)
    assert not [u for (u,) in rows(faulty.db, "select url from page_fetch") if "loop2" in u]


def test_redirect_off_the_portal_is_recorded_not_followed(faulty: Crawled) -> None:
    status, error, _, _ = fetch_of(faulty, "/gfxwj/away.html")
    assert (status, error) == (0, "重定向至站外 www.elsewhere.example.cn，未跟随")
    stored = [url for (url,) in rows(faulty.db, "select url from document")]
    assert OFFSITE not in stored
    assert all(url.startswith("http://127.0.0.1:") for url in stored)


def test_robots_txt_forbidden_pages_are_never_requested(faulty: Crawled) -> None:
    assert faulty.hits["/robots.txt"] == 1
    assert (faulty.hits["/private/list.html"], faulty.hits["/private/doc.html"]) == (0, 0)


def test_robots_txt_forbidden_list_leaves_its_column_unreached_with_the_reason(
    faulty: Crawled,
) -> None:
    assert rows(
        faulty.db, "select reached, error from column_status where column_id = 'private'"
    ) == [(0, "robots.txt 禁止抓取")]
    assert fetch_of(faulty, "/private/doc.html")[1] == "robots.txt 禁止抓取"


def test_obey_robots_comes_from_the_profile(tmp_path: Path) -> None:
    obeying = write_profile(tmp_path, "http://127.0.0.1:9/")
    (tmp_path / "asked").mkdir()
    asked = write_profile(tmp_path / "asked", "http://127.0.0.1:9/", crawl="obey_robots = false")
    settings = {}
    for name, profile in (("obeying", obeying), ("asked", asked)):
        crawler = Crawler(PortalSpider, get_project_settings())
        PortalSpider.from_crawler(crawler, profile=str(profile))
        settings[name] = crawler.settings.getbool("ROBOTSTXT_OBEY")
    assert settings == {"obeying": True, "asked": False}


def test_lying_charsets_give_the_right_titles(faulty: Crawled) -> None:
    titles = {
        path_of(url): title for url, title in rows(faulty.db, "select url, title from document")
    }
    assert {path: titles.get(path) for path in CHARSETS} == CHARSETS


def test_gbk_pages_are_stored_with_the_encoding_they_were_read_with(faulty: Crawled) -> None:
    encodings = {
        path_of(url): encoding
        for url, encoding in rows(faulty.db, "select url, encoding from page_fetch")
    }
    assert {path: encodings[path] for path in CHARSETS} == {
        "/gfxwj/gbk_utf8_header.html": "gb18030",
        "/gfxwj/gbk_latin1_header.html": "gb18030",
        "/gfxwj/utf8_gbk_meta.html": "utf-8",
    }


def test_throttled_busy_and_slow_pages_are_failures_with_their_reason(faulty: Crawled) -> None:
    for path in ("/gfxwj/busy.html", "/gfxwj/throttled.html", "/gfxwj/slow.html"):
        assert fetch_of(faulty, path)[1].startswith(FAILING_DETAILS[path]), path


def test_crawl_of_the_faulty_portal_ends_in_bounded_time(faulty: Crawled) -> None:
    # A bound, not a speed measure: the slow page (4 s) is cut at DOWNLOAD_TIMEOUT (2 s) and
    # nothing retries or backs off for long. Process start-up takes most of it.
    assert faulty.summary["finished_at"]
    assert faulty.seconds < 90
