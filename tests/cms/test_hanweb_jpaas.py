"""The hanweb family's api mode: a JPaaS column read from ``front/page/build/unit`` (saved
answers under tests/data/api/hanweb/: the unit's HTML in ``data.html`` with its pagination, and
an error answer)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawler.cms import family_for
from crawler.cms.base import ListEntry
from crawler.cms.hanweb_jpaas import NOT_UNIT
from ground.errors import ProfileError
from ground.profiles.schema import Column, Profile, parse_profile

ANSWERS = Path(__file__).parent.parent / "data" / "api" / "hanweb"
HANWEB = family_for("hanweb")
UNIT = {"webId": "8d828e40", "tplSetId": "209741b2", "pageId": "28ac6526", "tagId": "分页列表"}
PROFILE = {
    "id": "zhejiang_chunan",
    "name": "淳安县人民政府",
    "base_url": "http://www.qdh.gov.cn/",
    "cms": "hanweb",
    "column": [
        {
            "id": "gfxwj",
            "name": "行政规范性文件",
            "role": "规范性文件",
            "url": "col/col1229011/index.html",
            "fetch": "api",
            "api": UNIT,
        }
    ],
}


@pytest.fixture(scope="module")
def profile() -> Profile:
    return parse_profile(PROFILE, Path("zhejiang_chunan.toml"))


@pytest.fixture(scope="module")
def column(profile: Profile) -> Column:
    return profile.column("gfxwj")


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_an_api_column_gets_the_unit_as_the_page_script_does(
    profile: Profile, column: Column
) -> None:
    (spec,) = HANWEB.start_requests(profile, column)
    assert urlsplit(spec.url).path == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    query = query_of(spec.url)
    assert {k: query[k] for k in ("parseType", "pageType", *UNIT)} == {
        "parseType": "bulidstatic",  # sic: the platform's spelling
        "pageType": "column",
        **UNIT,
    }
    assert json.loads(query["paramJson"]) == {"pageNo": 1, "pageSize": 20}
    assert (spec.kind, spec.form, spec.body) == ("json", None, None)


def test_the_unit_answer_yields_its_rows_with_full_titles(profile: Profile, column: Column) -> None:
    (spec,) = HANWEB.start_requests(profile, column)
    text = (ANSWERS / "unit_p1.json").read_text(encoding="utf-8")
    page = HANWEB.parse_list(text, spec.url, profile, column, spec)
    assert page.entries == [
        ListEntry(
            "http://www.qdh.gov.cn/art/2024/3/8/art_1229011_5902311.html",
            "淳安县人民政府关于印发淳安县农村供水工程运行管理办法的通知",
            "2024-03-08",
        ),
        ListEntry(
            "http://www.qdh.gov.cn/art/2024/5/20/art_1229011_5902390.html",
            "淳安县人民政府关于印发淳安县城区停车收费管理办法的通知",
            "2024-05-20",
        ),
    ]


def test_the_pagination_count_plans_the_other_pages(profile: Profile, column: Column) -> None:
    (spec,) = HANWEB.start_requests(profile, column)
    text = (ANSWERS / "unit_p1.json").read_text(encoding="utf-8")
    page = HANWEB.parse_list(text, spec.url, profile, column, spec)
    assert page.total_pages == 3  # count 45, 20 rows a page
    assert [json.loads(query_of(r.url)["paramJson"])["pageNo"] for r in page.next_requests] == [
        2,
        3,
    ]


def test_an_error_answer_says_why_instead_of_an_empty_list(
    profile: Profile, column: Column
) -> None:
    (spec,) = HANWEB.start_requests(profile, column)
    text = (ANSWERS / "unit_error.json").read_text(encoding="utf-8")
    page = HANWEB.parse_list(text, spec.url, profile, column, spec)
    assert (page.entries, page.needs_js) == ([], NOT_UNIT)


def test_an_api_column_without_its_page_id_is_a_profile_error(
    profile: Profile, column: Column
) -> None:
    broken = column.with_changes(api={k: v for k, v in UNIT.items() if k != "pageId"})
    with pytest.raises(ProfileError, match=r"column\[gfxwj\]\.api\.pageId.*required"):
        HANWEB.start_requests(profile, broken)
