"""The gkmlpt family (广东 政府信息公开目录) on saved API answers: the GET its api columns send,
the articles an answer yields, and the app shell a static fetch gets.

Answers under tests/data/api/gkmlpt/ carry the real shape (``classify.post_count``, ``total``,
``articles[id, title, url, first_publish_time (Unix seconds), created_at]``, absolute and
relative URLs, a repeated article); the shell is E1's template page of 新丰县."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cms import family_for
from crawler.cms.base import ListEntry, RequestSpec
from crawler.cms.gkmlpt import NEEDS_API, NOT_JSON
from ground.errors import ProfileError
from ground.profiles.schema import Profile, parse_profile

DATA = Path(__file__).parent.parent / "data"
GKMLPT = family_for("gkmlpt")
PROFILE = {
    "id": "guangdong_xinfeng",
    "name": "新丰县人民政府",
    "base_url": "http://www.xinfeng.gov.cn/",
    "cms": "gkmlpt",
    "column": [
        {
            "id": "jd",
            "name": "政策解读",
            "role": "政策解读",
            "url": "gkmlpt/index",
            "fetch": "api",
            "api": {"catid": "2767", "sid": "4402330"},
        },
        {
            "id": "gfxwj",
            "name": "规范性文件",
            "role": "规范性文件",
            "url": "gkmlpt/index",
            "fetch": "api",
            "api": {"catid": 2765, "sid": "4402330"},
        },
        {"id": "shell", "name": "目录", "role": "政策文件", "url": "gkmlpt/index"},
    ],
}
API = "http://www.xinfeng.gov.cn/gkmlpt/api/all/"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return parse_profile(PROFILE, Path("guangdong_xinfeng.toml"))


def read(name: str) -> str:
    return (DATA / "api" / "gkmlpt" / name).read_text(encoding="utf-8")


def test_an_api_column_asks_the_category_api_with_page_and_sid(profile: Profile) -> None:
    (spec,) = GKMLPT.start_requests(profile, profile.column("jd"))
    assert (spec.url, spec.page, spec.kind, spec.body) == (
        API + "2767?page=1&sid=4402330",
        1,
        "json",
        None,
    )


def test_an_answer_yields_its_articles_once_with_beijing_dates(profile: Profile) -> None:
    (spec,) = GKMLPT.start_requests(profile, profile.column("jd"))
    page = GKMLPT.parse_list(
        read("all_2767_p1.json"), spec.url, profile, profile.column("jd"), spec
    )
    assert page.entries == [
        ListEntry(
            "http://www.xinfeng.gov.cn/gkmlpt/content/2/2301/post_2301886.html",
            "《新丰县农村生活污水治理实施方案》政策解读",
            "2024-08-01",
        ),
        ListEntry(
            "http://www.xinfeng.gov.cn/gkmlpt/content/2/2301/post_2301890.html",
            "一图读懂 新丰县促进消费十条措施",
            "2024-08-09",
        ),
    ]
    # The whole category came at once: no page 2 (some sites answer it 404).
    assert (page.total_pages, page.next_requests) == (1, [])


def test_a_longer_category_is_paged_by_its_first_answer_length(profile: Profile) -> None:
    column = profile.column("gfxwj")
    (spec,) = GKMLPT.start_requests(profile, column)
    page = GKMLPT.parse_list(read("all_2765_p1_of_3.json"), spec.url, profile, column, spec)
    assert page.total_pages == 3
    assert [r.url for r in page.next_requests] == [
        API + "2765?page=2&sid=4402330",
        API + "2765?page=3&sid=4402330",
    ]


def test_the_app_shell_fetched_statically_says_it_needs_the_api(profile: Profile) -> None:
    column = profile.column("shell")
    (spec,) = GKMLPT.start_requests(profile, column)
    shell = (DATA / "templates" / "gkmlpt" / "xinfeng_gkmlpt_index_list.html").read_text("utf-8")
    page = GKMLPT.parse_list(shell, column.url, profile, column, spec)
    assert (page.entries, page.needs_js) == ([], NEEDS_API)


def test_a_block_page_in_place_of_json_is_not_an_empty_category(profile: Profile) -> None:
    spec = RequestSpec(url=API + "2767?page=1&sid=4402330", page=1, kind="json")
    page = GKMLPT.parse_list(read("blocked.html"), spec.url, profile, profile.column("jd"), spec)
    assert (page.entries, page.needs_js) == ([], NOT_JSON)


def test_an_api_column_without_its_sid_is_a_profile_error(profile: Profile) -> None:
    column = profile.column("jd").with_changes(api={"catid": "2767"})
    with pytest.raises(ProfileError, match=r"column\[jd\]\.api\.sid.*required"):
        GKMLPT.start_requests(profile, column)
