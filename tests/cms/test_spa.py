"""The spa family on the 广德 fixture portal: JSON API pages, the un-rendered app shell, the
rendered list (real Chromium), and the portal's static lists."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crawler.cms import family_for
from crawler.cms.base import ListEntry, ListPage, RequestSpec
from crawler.cms.spa import NEEDS_JS, NOT_JSON, SPA
from ground.errors import ProfileError
from ground.profiles.schema import Column, Profile, load_profile
from tests.conftest import launch_chromium
from zwgk.fixture_server import FIXTURE_ROOT

SITE = FIXTURE_ROOT / "anhui_guangde"
HOST = "http://www.guangde.gov.cn/"
HEADERS = tomllib.loads((SITE / "_headers.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("anhui_guangde")


def charset_of(url_path: str) -> str:
    """The charset the fixture server declares for a page (its route, else the default)."""
    content_type = HEADERS["default"]["content_type"]
    for route in HEADERS.get("route", []):
        if route["path"] == url_path and "query" not in route:
            content_type = route.get("content_type", content_type)
    return content_type.split("charset=")[1]


def page_text(url_path: str) -> str:
    raw = (SITE / url_path.lstrip("/")).read_bytes()
    return raw.decode(charset_of(url_path))


def api_text(column: str, page: int) -> str:
    """The saved API answer the server sends for ``/api/list/<column>?page=N&size=10``."""
    for route in HEADERS["route"]:
        if route["path"] == f"/api/list/{column}" and route.get("query") == {
            "page": str(page),
            "size": "10",
        }:
            charset = route["content_type"].split("charset=")[1]
            return (SITE / route["file"]).read_bytes().decode(charset)
    raise AssertionError(f"no route for /api/list/{column} page {page}")


def entries_in_json(column: str, page: int) -> list[ListEntry]:
    data = json.loads(api_text(column, page))["data"]
    return [ListEntry(HOST + d["url"].lstrip("/"), d["title"], d["publish_date"]) for d in data]


def parse(profile: Profile, column: Column, text: str, spec: RequestSpec) -> ListPage:
    return SPA.parse_list(text, spec.url, profile, column, spec)


def browser(column: Column) -> Column:
    return column.with_changes(fetch="browser")


# --- start requests ---


def test_api_column_starts_with_page_one_of_the_json_api(profile: Profile) -> None:
    assert family_for("spa") is SPA
    assert SPA.start_requests(profile, profile.column("zcwjk")) == [
        RequestSpec(
            url=HOST + "api/list/zcwjk?page=1&size=10",
            page=1,
            kind="json",
            headers={"Accept": "application/json"},
        )
    ]


def test_browser_and_static_columns_start_with_the_column_page(profile: Profile) -> None:
    assert SPA.start_requests(profile, browser(profile.column("zcwjk"))) == [
        RequestSpec(url=HOST + "zcwjk/index.html", page=1)
    ]
    assert SPA.start_requests(profile, profile.column("yjzj")) == [
        RequestSpec(url=HOST + "hdjl/yjzj/index.html", page=1)
    ]


def test_api_endpoint_follows_a_rebased_profile(profile: Profile) -> None:
    rebased = profile.rebased("http://127.0.0.1:8123/")
    [spec] = SPA.start_requests(rebased, rebased.column("zcjd"))
    assert spec.url == "http://127.0.0.1:8123/api/list/zcjd?page=1&size=10"


def test_api_column_without_endpoint_is_a_profile_error_naming_the_field(
    profile: Profile,
) -> None:
    column = profile.column("zcwjk").with_changes(api={"size": 10})
    with pytest.raises(ProfileError, match=r"'column\[zcwjk\]\.api\.endpoint' = None"):
        SPA.start_requests(profile, column)


# --- JSON API ---


def test_api_page_one_yields_its_entries_and_requests_for_pages_two_to_four(
    profile: Profile,
) -> None:
    column = profile.column("zcwjk")
    [first] = SPA.start_requests(profile, column)
    page = parse(profile, column, api_text("zcwjk", 1), first)
    assert page.entries == entries_in_json("zcwjk", 1)
    assert page.entries[0] == ListEntry(
        HOST + "zcwjk/2024/12/04/c_1029.html",
        "广德市人民政府关于李明华同志免职的通知",
        "2024-12-04",
    )
    assert page.total_pages == 4
    assert page.needs_js == ""
    assert [(r.url, r.page, r.kind) for r in page.next_requests] == [
        (HOST + f"api/list/zcwjk?page={n}&size=10", n, "json") for n in (2, 3, 4)
    ]


def test_api_later_page_yields_its_entries_and_no_further_requests(profile: Profile) -> None:
    column = profile.column("zcwjk")
    spec = RequestSpec(url=HOST + "api/list/zcwjk?page=4&size=10", page=4, kind="json")
    page = parse(profile, column, api_text("zcwjk", 4), spec)
    assert page.entries == entries_in_json("zcwjk", 4)
    assert len(page.entries) == 4  # 34 documents, 10 a page
    assert page.next_requests == []


def test_api_pages_cover_every_interpretation_once(profile: Profile) -> None:
    column = profile.column("zcjd")
    [first] = SPA.start_requests(profile, column)
    page = parse(profile, column, api_text("zcjd", 1), first)
    urls = [e.url for e in page.entries]
    for spec in page.next_requests:
        urls += [e.url for e in parse(profile, column, api_text("zcjd", spec.page), spec).entries]
    assert len(urls) == len(set(urls)) == 24


def test_api_page_count_respects_max_pages(profile: Profile) -> None:
    column = profile.column("zcwjk").with_changes(max_pages=2)
    [first] = SPA.start_requests(profile, column)
    page = parse(profile, column, api_text("zcwjk", 1), first)
    assert [r.page for r in page.next_requests] == [2]


def test_api_answer_that_is_not_json_is_reported_not_empty(profile: Profile) -> None:
    column = profile.column("zcwjk")
    [first] = SPA.start_requests(profile, column)
    page = parse(profile, column, "<html><body>访问验证</body></html>", first)
    assert page == ListPage(entries=[], next_requests=[], needs_js=NOT_JSON)


# --- HTML: the app shell, the rendered list, static lists ---


def test_unrendered_app_shell_yields_no_entries_and_needs_js(profile: Profile) -> None:
    column = browser(profile.column("zcwjk"))
    [spec] = SPA.start_requests(profile, column)
    page = parse(profile, column, page_text("/zcwjk/index.html"), spec)
    assert page == ListPage(entries=[], next_requests=[], needs_js=NEEDS_JS)


def test_static_list_paged_by_script_yields_entries_and_the_next_index_page(
    profile: Profile,
) -> None:
    column = profile.column("yjzj")
    [spec] = SPA.start_requests(profile, column)
    page = parse(profile, column, page_text("/hdjl/yjzj/index.html"), spec)
    assert len(page.entries) == 6
    assert page.entries[0] == ListEntry(
        HOST + "hdjl/yjzj/2024/09/06/c_3104.html",
        "关于《广德市粮食安全责任制考核办法》征求意见采纳情况的说明",
        "2024-09-06",
    )
    assert page.next_requests == [RequestSpec(url=HOST + "hdjl/yjzj/index_1.html", page=2)]
    assert page.needs_js == ""


def test_static_list_paged_by_links_yields_the_next_index_page(profile: Profile) -> None:
    column = profile.column("fdzdgknr")
    [spec] = SPA.start_requests(profile, column)
    page = parse(profile, column, page_text("/xxgk/fdzdgknr/index.html"), spec)
    assert len(page.entries) == 10
    assert page.next_requests == [RequestSpec(url=HOST + "xxgk/fdzdgknr/index_1.html", page=2)]
    second = RequestSpec(url=HOST + "xxgk/fdzdgknr/index_1.html", page=2)
    later = parse(profile, column, page_text("/xxgk/fdzdgknr/index_1.html"), second)
    assert len(later.entries) == 5
    assert later.next_requests == []


def test_single_page_static_list_requests_no_further_pages(profile: Profile) -> None:
    # Detail pages are named c_1002.html: a "_<number>.html" link is not a list page.
    column = profile.column("gfxwj")
    [spec] = SPA.start_requests(profile, column)
    page = parse(profile, column, page_text("/xxgk/gfxwj/index.html"), spec)
    assert [e.url for e in page.entries] == [
        HOST + "zcwjk/2024/08/20/c_1014.html",
        HOST + "zcwjk/2024/07/11/c_1012.html",
        HOST + "zcwjk/2024/04/30/c_1004.html",
        HOST + "zcwjk/2024/04/10/c_1002.html",
        HOST + "zcwjk/2023/11/20/c_1030.html",
    ]
    assert page.next_requests == []
    assert page.total_pages is None


def test_empty_static_column_yields_nothing_and_does_not_claim_javascript(
    profile: Profile,
) -> None:
    column = profile.column("bm_mzj")
    [spec] = SPA.start_requests(profile, column)
    page = parse(profile, column, page_text("/bmxxgk/mzj/index.html"), spec)
    assert page == ListPage(entries=[], next_requests=[], total_pages=None, needs_js="")


@pytest.fixture(scope="module")
def rendered(fixture_servers: Callable[[str], str]) -> Iterator[Callable[[str], str]]:
    """``render(path) -> HTML`` of a page of the served fixture after its scripts ran."""
    from playwright.sync_api import sync_playwright

    base = fixture_servers("anhui_guangde")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)

        def render(path: str) -> str:
            page = chromium.new_page()
            answers: list[str] = []
            page.on("response", lambda r: answers.append(f"{r.status} {r.url}"))
            try:
                page.goto(base + path)
                # Rows, or list.js's failure note (an API error): fail fast and say which.
                page.wait_for_function(
                    "document.querySelector('#doc-list li') !== null"
                    " || /失败/.test(document.getElementById('list-loading').textContent)",
                    timeout=15000,
                )
                if not page.query_selector("#doc-list li"):
                    pytest.fail(f"{path} did not render; answers: {answers}", pytrace=False)
                return page.content()
            finally:
                page.close()

        yield render
        chromium.close()


@pytest.mark.parametrize(("column_id", "pages"), [("zcwjk", 4), ("zcjd", 3)])
def test_rendered_list_yields_the_same_entries_as_the_api(
    profile: Profile, rendered: Callable[[str], str], column_id: str, pages: int
) -> None:
    column = browser(profile.column(column_id))
    [spec] = SPA.start_requests(profile, column)
    page = parse(profile, column, rendered(f"{column_id}/index.html"), spec)
    assert page.entries == entries_in_json(column_id, 1)
    assert page.total_pages == pages
    assert page.next_requests == [
        RequestSpec(url=HOST + f"{column_id}/index.html?page={n}", page=n)
        for n in range(2, pages + 1)
    ]


def test_rendered_later_page_yields_that_page_of_the_api(
    profile: Profile, rendered: Callable[[str], str]
) -> None:
    column = browser(profile.column("zcwjk"))
    spec = RequestSpec(url=HOST + "zcwjk/index.html?page=3", page=3)
    page = parse(profile, column, rendered("zcwjk/index.html?page=3"), spec)
    assert page.entries == entries_in_json("zcwjk", 3)
    assert page.next_requests == []


def test_rendered_titles_are_truncated_so_the_title_attribute_is_needed(
    rendered: Callable[[str], str],
) -> None:
    # Negative control for the test above: the visible text alone would give wrong titles.
    html = rendered("zcwjk/index.html")
    assert "…</a>" in html


def test_fixture_files_exist_for_every_api_route() -> None:
    files = [Path(r["file"]) for r in HEADERS["route"] if "query" in r]
    assert len(files) == 7
    assert all((SITE / f).is_file() for f in files)
