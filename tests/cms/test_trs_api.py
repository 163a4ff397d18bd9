"""The TRS 海云 search API (POST /irs/front/search) read by the trs family, on saved answers:
the request each api column and each script-filled 解读 box sends, and what an answer yields.

The answers under tests/data/api/trs/ carry the real shapes: ``data.middle.listAndBox[].data``
rows (``titleO``, ``title`` with ``<em>`` highlights, ``url`` absolute or relative, ``docDate``),
the ``data.middle.list`` variant with ``time``, a pager with and without ``pageCount``, and the
refusal a body without ``orderBy`` gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.cms import family_for
from crawler.cms.base import DetailPage, ListEntry, RequestSpec
from crawler.cms.trs_api import NOT_API_ANSWER
from ground.errors import ProfileError
from ground.profiles.schema import Profile, load_profile

ANSWERS = Path(__file__).parent.parent / "data" / "api" / "trs"
TRS = family_for("trs")
API = "http://www.hbgucheng.gov.cn/irs/front/search"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("hubei_gucheng")


def answer(name: str) -> str:
    return (ANSWERS / name).read_text(encoding="utf-8")


def first(profile: Profile, column_id: str) -> RequestSpec:
    (spec,) = TRS.start_requests(profile, profile.column(column_id))
    return spec


def test_an_api_column_starts_with_a_json_post_of_its_channel_page_1(profile: Profile) -> None:
    spec = first(profile, "zfwj")
    body = json.loads(spec.body or "")
    assert (spec.url, spec.kind, spec.headers["Content-Type"]) == (API, "json", "application/json")
    assert body == {
        "code": "18c0a2f3b7e",
        "dataTypeId": "1021",
        "searchWord": "",
        "orderBy": "time",  # required: the API refuses a search without it
        "searchBy": "all",
        "pageNo": 1,
        "pageSize": 2,
        "granularity": "ALL",
        "isSearchForced": 0,
        "customFilter": {
            "operator": "and",
            "properties": [
                {"property": "channel_id", "operator": "eq", "value": "34512", "weight": 100}
            ],
        },
    }


def test_a_static_column_still_starts_with_its_list_page(profile: Profile) -> None:
    spec = first(profile, "gfxwj")
    assert (spec.url, spec.body, spec.kind) == (
        "http://www.hbgucheng.gov.cn/xxgk/zc/gfxwj/index.html",
        None,
        "html",
    )


def test_page_1_yields_its_rows_once_each_with_the_full_title_and_date(profile: Profile) -> None:
    spec = first(profile, "zfwj")
    page = TRS.parse_list(answer("list_p1.json"), API, profile, profile.column("zfwj"), spec)
    assert page.entries == [
        ListEntry(
            "http://www.hbgucheng.gov.cn/xxgk/zc/zfwj/202404/t20240418_5120387.html",
            "谷城县人民政府办公室关于印发谷城县城乡供水一体化管理办法的通知",
            "2024-04-18",
        ),
        ListEntry(
            "http://www.hbgucheng.gov.cn/xxgk/zc/zfwj/202407/t20240705_5120421.html",
            "谷城县人民政府关于加快推进县域商业体系建设的实施意见",
            "2024-07-05",
        ),
    ]


def test_page_1_plans_the_other_pages_of_the_pager(profile: Profile) -> None:
    spec = first(profile, "zfwj")
    page = TRS.parse_list(answer("list_p1.json"), API, profile, profile.column("zfwj"), spec)
    assert page.total_pages == 3
    assert [(r.page, json.loads(r.body or "")["pageNo"]) for r in page.next_requests] == [
        (2, 2),
        (3, 3),
    ]


def test_a_later_page_plans_nothing(profile: Profile) -> None:
    column = profile.column("zfwj")
    later = RequestSpec(url=API, page=2, kind="json", body="{}")
    page = TRS.parse_list(answer("list_p1.json"), API, profile, column, later)
    assert page.next_requests == []


def test_the_middle_list_variant_is_read_and_its_highlights_dropped(profile: Profile) -> None:
    spec = first(profile, "wzjd")
    page = TRS.parse_list(
        answer("list_middle_list.json"), API, profile, profile.column("wzjd"), spec
    )
    assert [(e.title, e.date) for e in page.entries] == [("关于农村供水的解读", "2024-03-11")]
    assert page.total_pages == 1


@pytest.mark.parametrize("name", ["refused.json", "box_empty.json"])
def test_an_answer_without_rows_is_never_an_unexplained_empty_list(
    profile: Profile, name: str
) -> None:
    spec = first(profile, "zfwj")
    page = TRS.parse_list(answer(name), API, profile, profile.column("zfwj"), spec)
    assert page.entries == []
    # A refusal says why; a genuine empty answer (total 0) is an empty list, not an error.
    assert page.needs_js == (NOT_API_ANSWER if name == "refused.json" else "")


def test_a_waf_page_in_place_of_json_is_not_read_as_an_empty_list(profile: Profile) -> None:
    spec = first(profile, "zfwj")
    html = "<html><title>访问被拦截</title></html>"
    page = TRS.parse_list(html, API, profile, profile.column("zfwj"), spec)
    assert (page.entries, page.needs_js) == ([], NOT_API_ANSWER)


def detail(
    js_boxes: tuple[str, ...] = ("相关解读",), number: str = "谷政规〔2024〕1号"
) -> DetailPage:
    url = "http://www.hbgucheng.gov.cn/xxgk/zc/gfxwj/202403/t20240308_5120311.html"
    return DetailPage(url=url, title="谷城县…的通知", doc_number=number, js_boxes=js_boxes)


def test_a_script_filled_box_is_asked_once_per_tab_with_the_page_s_doc_number(
    profile: Profile,
) -> None:
    specs = TRS.box_requests(profile, profile.column("gfxwj"), detail())
    bodies = [json.loads(s.body or "") for s in specs]
    assert [s.box for s in specs] == ["相关解读"] * 3
    assert [b["customFilter"]["properties"][0]["value"] for b in bodies] == [
        "34517",
        "34518",
        "34519",
    ]
    assert {(b["searchWord"], b["pageNo"], b["pageSize"]) for b in bodies} == {
        ("谷政规〔2024〕1号", 1, 10)
    }


@pytest.mark.parametrize(
    ("column_id", "page"),
    [
        ("gfxwj", detail(js_boxes=())),  # nothing filled by script: nothing to ask
        ("gfxwj", detail(number="")),  # no 文号 to search: the box stays unread (未能核验)
        ("wzjd", detail()),  # the profile describes no box for this column
    ],
    ids=["no-box", "no-doc-number", "no-box-in-profile"],
)
def test_no_box_request_without_a_box_a_search_word_or_a_profile_saying_how(
    profile: Profile, column_id: str, page: DetailPage
) -> None:
    assert TRS.box_requests(profile, profile.column(column_id), page) == []


def test_a_box_answer_gives_its_links_and_a_refusal_gives_none(profile: Profile) -> None:
    column = profile.column("gfxwj")
    (spec, *_) = TRS.box_requests(profile, column, detail())
    links = TRS.parse_box(answer("list_middle_list.json"), API, profile, column, spec)
    assert links == [
        ListEntry(
            "http://www.hbgucheng.gov.cn/zcjd/wzjd/202403/t20240311_5120315.html",
            "关于农村供水的解读",
            "2024-03-11",
        )
    ]
    assert TRS.parse_box(answer("box_empty.json"), API, profile, column, spec) == []
    assert TRS.parse_box(answer("refused.json"), API, profile, column, spec) is None


@pytest.mark.parametrize(
    ("api", "field", "why"),
    [
        ({"code": "c", "dataTypeId": "1"}, "channel", "is required"),
        ({"code": "c", "dataTypeId": "1", "channel": "9", "chanel": "9"}, "chanel", "unknown key"),
        (
            {"code": "c", "dataTypeId": "1", "channel": "9", "box": {"channels": []}},
            "box",
            "channels",
        ),
    ],
)
def test_a_bad_api_table_is_a_profile_error_naming_the_field(
    profile: Profile, api: dict[str, object], field: str, why: str
) -> None:
    column = profile.column("zfwj").with_changes(id="x", api=api)
    with pytest.raises(ProfileError) as error:
        TRS.start_requests(profile, column)
    assert f"column[x].api.{field}" in str(error.value)
    assert why in str(error.value)
