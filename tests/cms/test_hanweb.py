"""The hanweb family on the 盐亭 fixture portal: jpage column pages (records embedded in a
``<datastore>``), the dataproxy.jsp POSTs they plan, and the saved answers to those POSTs.

Every page is decoded with the charset the fixture server declares for it (its ``_headers.toml``
route, else the default; a route without a charset leaves it to the page's ``<meta>``), never as
UTF-8 by assumption.
"""

from __future__ import annotations

import re
import tomllib
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawler.cms import family_for
from crawler.cms.base import ListEntry, ListPage, RequestSpec
from crawler.cms.hanweb import HANWEB, NO_DATASTORE, NOT_DATASTORE_ANSWER
from ground.profiles.schema import Column, Profile, load_profile
from zwgk.fixture_server import FIXTURE_ROOT

SITE = FIXTURE_ROOT / "sichuan_yanting"
HEADERS = tomllib.loads((SITE / "_headers.toml").read_text(encoding="utf-8"))
EXPECTED = tomllib.loads((SITE / "_expected.toml").read_text(encoding="utf-8"))
HOST = "http://www.yanting.gov.cn/"
PROXY = HOST + "module/web/jpage/dataproxy.jsp"
META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("sichuan_yanting")


def declared_charset(content_type: str, raw: bytes) -> str:
    if "charset=" in content_type:
        return content_type.split("charset=")[1].strip()
    match = META_CHARSET.search(raw[:4096])
    assert match, "page declares no charset in its header or its <meta>"
    return match.group(1).decode("ascii")


def page_text(url_path: str) -> str:
    """A saved page decoded as the fixture server declares it."""
    content_type = HEADERS["default"]["content_type"]
    for route in HEADERS.get("route", []):
        if route["path"] == url_path and route.get("method", "GET") == "GET":
            content_type = route.get("content_type", content_type)
    raw = (SITE / url_path.lstrip("/")).read_bytes()
    return raw.decode(declared_charset(content_type, raw))


def answer_text(spec: RequestSpec) -> str:
    """The saved dataproxy.jsp answer the fixture server routes this POST to."""
    parts = urlsplit(spec.url)
    query = dict(parse_qsl(parts.query))
    for route in HEADERS["route"]:
        if (
            route.get("method") == "POST"
            and route["path"] == parts.path
            and all(query.get(k) == v for k, v in route["query"].items())
            and all((spec.form or {}).get(k) == v for k, v in route["form"].items())
        ):
            raw = (SITE / route["file"]).read_bytes()
            return raw.decode(declared_charset(route["content_type"], raw))
    raise AssertionError(f"no saved answer for POST {spec.url} {spec.form}")


def first_page(profile: Profile, column_id: str, text: str | None = None) -> ListPage:
    column = profile.column(column_id)
    (spec,) = HANWEB.start_requests(profile, column)
    path = urlsplit(column.url).path
    return HANWEB.parse_list(text or page_text(path), column.url, profile, column, spec)


def expected_entries(column_id: str) -> set[ListEntry]:
    return {
        ListEntry(HOST + d["path"].lstrip("/"), d["title"], d["publish_date"])
        for d in EXPECTED["document"]
        if column_id in d["columns"]
    }


def crawl_column(profile: Profile, column: Column) -> list[ListEntry]:
    """Every entry of a column: its first page, then each planned POST's saved answer."""
    (spec,) = HANWEB.start_requests(profile, column)
    text = page_text(urlsplit(column.url).path)
    page = HANWEB.parse_list(text, column.url, profile, column, spec)
    entries = list(page.entries)
    for request in page.next_requests:
        answer = HANWEB.parse_list(answer_text(request), request.url, profile, column, request)
        assert answer.next_requests == []
        entries += answer.entries
    return entries


# --- start requests ---


def test_registry_returns_the_hanweb_family() -> None:
    assert family_for("hanweb") is HANWEB


def test_start_request_is_a_get_of_the_column_page(profile: Profile) -> None:
    column = profile.column("zcwj")
    assert HANWEB.start_requests(profile, column) == [
        RequestSpec(url=HOST + "col/col52311/index.html", page=1)
    ]


# --- the column page ---


def test_first_page_yields_its_fifteen_embedded_records_newest_first(profile: Profile) -> None:
    page = first_page(profile, "zcwj")
    assert len(page.entries) == 15
    newest = max(expected_entries("zcwj"), key=lambda e: e.date or "")
    assert page.entries[0] == newest
    assert newest.date == "2023-11-09"
    assert set(page.entries) <= expected_entries("zcwj")
    assert page.total_pages == 3
    assert page.needs_js == ""


def test_truncated_list_titles_are_read_from_the_title_attribute(profile: Profile) -> None:
    text = page_text("/col/col52311/index.html")
    assert "…</a>" in text  # the template cuts long titles
    page = first_page(profile, "zcwj", text)
    assert not [e.title for e in page.entries if e.title.endswith("…")]


def test_first_page_plans_a_post_per_remaining_record_range(profile: Profile) -> None:
    column = profile.column("zcwj")
    page = first_page(profile, "zcwj")
    form = {
        "col": "1",
        "appid": "1",
        "webid": "27",
        "path": "/",
        "columnid": "52311",
        "sourceContentType": "1",
        "unitid": "326751",
        "webname": "盐亭县人民政府",
        "permissiontype": "0",
    }
    headers = {"Referer": column.url, "X-Requested-With": "XMLHttpRequest"}
    assert page.next_requests == [
        RequestSpec(f"{PROXY}?startrecord=16&endrecord=30&perpage=15", 2, form, headers, "xml"),
        RequestSpec(f"{PROXY}?startrecord=31&endrecord=45&perpage=15", 3, form, headers, "xml"),
    ]


def test_planned_posts_are_the_ones_the_portal_answers(profile: Profile) -> None:
    for request in first_page(profile, "zcwj").next_requests:
        assert "<datastore>" in answer_text(request)  # raises when no saved route matches


def test_a_short_column_plans_no_post(profile: Profile) -> None:
    page = first_page(profile, "gfxwj")
    assert len(page.entries) == 6
    assert page.next_requests == []
    assert page.total_pages == 1


def test_max_pages_caps_the_planned_posts(profile: Profile) -> None:
    column = profile.column("zcwj").with_changes(max_pages=2)
    (spec,) = HANWEB.start_requests(profile, column)
    page = HANWEB.parse_list(
        page_text("/col/col52311/index.html"), column.url, profile, column, spec
    )
    assert [r.page for r in page.next_requests] == [2]


def test_record_opened_by_window_open_is_followed(profile: Profile) -> None:
    assert "window.open('/art/2023/6/5/" in page_text("/col/col52313/index.html")
    urls = {e.url for e in first_page(profile, "zcjd").entries}
    assert any(u.startswith(HOST + "art/2023/6/5/art_52313_") for u in urls)
    assert not [u for u in urls if "javascript" in u]


def test_gbk_column_page_decoded_with_its_header_charset(profile: Profile) -> None:
    route = next(r for r in HEADERS["route"] if r["path"] == "/col/col52402/index.html")
    assert route["content_type"] == "text/html; charset=gbk"
    page = first_page(profile, "rsj")
    assert set(page.entries) == expected_entries("rsj")
    assert any("人力资源和社会保障局" in e.title for e in page.entries)


def test_date_comes_from_the_art_url_when_the_row_shows_none(profile: Profile) -> None:
    rows = re.findall(
        r"<li>.*?</li>", page_text("/col/col52501/index.html").split("<recordset>")[1]
    )
    assert rows and not [r for r in rows if "<span" in r]
    assert set(first_page(profile, "fyz").entries) == expected_entries("fyz")


def test_date_comes_from_the_art_url_when_the_row_shows_only_month_and_day(
    profile: Profile,
) -> None:
    assert "<span>02-28</span>" in page_text("/col/col52405/index.html")
    page = first_page(profile, "czj")
    assert all(e.date and e.date.startswith("2023-") for e in page.entries)
    assert set(page.entries) <= expected_entries("czj")


def test_empty_column_yields_no_entries_and_no_reason(profile: Profile) -> None:
    page = first_page(profile, "jkz")
    assert page == ListPage(entries=[], next_requests=[], total_pages=0, needs_js="")


def test_page_without_datastore_needs_a_browser(profile: Profile) -> None:
    page = first_page(profile, "zcwj", page_text("/col/col52300/index.html"))
    assert page == ListPage(entries=[], next_requests=[], needs_js=NO_DATASTORE)
    assert "datastore" in NO_DATASTORE


def test_column_page_with_its_datastore_removed_needs_a_browser(profile: Profile) -> None:
    text = re.sub(
        r'<script type="text/xml">.*?</script>',
        "",
        page_text("/col/col52311/index.html"),
        flags=re.S,
    )
    page = first_page(profile, "zcwj", text)
    assert page.entries == [] and page.next_requests == []
    assert page.needs_js == NO_DATASTORE


def test_form_falls_back_to_the_profile_api_without_a_nextgroup_link(profile: Profile) -> None:
    text = re.sub(r"<nextgroup>.*?</nextgroup>", "", page_text("/col/col52311/index.html"))
    page = first_page(profile, "zcwj", text)
    assert [r.form for r in page.next_requests] == [
        first_page(profile, "zcwj").next_requests[0].form
    ] * 2
    assert len(page.entries) == 15


def test_without_nextgroup_or_api_only_the_first_group_is_read_and_the_reason_given(
    profile: Profile,
) -> None:
    column = profile.column("zcwj").with_changes(api={})
    text = re.sub(r"<nextgroup>.*?</nextgroup>", "", page_text("/col/col52311/index.html"))
    (spec,) = HANWEB.start_requests(profile, column)
    page = HANWEB.parse_list(text, column.url, profile, column, spec)
    assert len(page.entries) == 15
    assert page.next_requests == []
    assert "webid、columnid、unitid" in page.needs_js and "共 31 条" in page.needs_js


# --- dataproxy.jsp answers ---


def test_post_answer_yields_its_records_and_plans_nothing(profile: Profile) -> None:
    column = profile.column("zcwj")
    request = first_page(profile, "zcwj").next_requests[0]
    page = HANWEB.parse_list(answer_text(request), request.url, profile, column, request)
    assert len(page.entries) == 15
    assert page.next_requests == []
    assert page.total_pages == 3
    assert set(page.entries) <= expected_entries("zcwj")
    assert page.entries[0].url.startswith(HOST + "art/")


def test_last_post_answer_holds_the_remainder(profile: Profile) -> None:
    column = profile.column("zcwj")
    request = first_page(profile, "zcwj").next_requests[-1]
    page = HANWEB.parse_list(answer_text(request), request.url, profile, column, request)
    assert page.entries == [
        ListEntry(
            HOST + "art/2022/6/10/art_52311_60120.html",
            "盐亭县人民政府关于印发《盐亭县“十四五”综合交通运输发展规划》的通知",
            "2022-06-10",
        )
    ]


def test_answer_that_is_not_datastore_xml_says_why(profile: Profile) -> None:
    column = profile.column("zcwj")
    request = first_page(profile, "zcwj").next_requests[0]
    page = HANWEB.parse_list(
        "<html><body>访问过于频繁</body></html>", request.url, profile, column, request
    )
    assert page == ListPage(entries=[], next_requests=[], needs_js=NOT_DATASTORE_ANSWER)


# --- the whole portal ---


@pytest.mark.parametrize("column_id", [c.id for c in load_profile("sichuan_yanting").columns])
def test_every_column_reaches_exactly_its_expected_documents(
    profile: Profile, column_id: str
) -> None:
    entries = crawl_column(profile, profile.column(column_id))
    assert len(entries) == len(set(entries))
    assert set(entries) == expected_entries(column_id)


def test_rebased_profile_plans_posts_on_the_fixture_host(profile: Profile) -> None:
    local = profile.rebased("http://127.0.0.1:8123/")
    column = local.column("zcjd")
    (spec,) = HANWEB.start_requests(local, column)
    page = HANWEB.parse_list(page_text("/col/col52313/index.html"), column.url, local, column, spec)
    assert [r.url for r in page.next_requests] == [
        "http://127.0.0.1:8123/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15"
    ]
    assert all(e.url.startswith("http://127.0.0.1:8123/art/") for e in page.entries)
