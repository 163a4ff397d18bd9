"""The TRS 海云 search API (POST /irs/front/search) read by the trs family, on saved answers:
the request each api column and each script-filled 解读 box sends, and what an answer yields.

The answers under tests/data/api/trs/ carry the real shapes: ``data.middle.listAndBox[].data``
rows (``titleO``, ``title`` with ``<em>`` highlights, ``url`` absolute or relative, ``docDate``),
the ``data.middle.list`` variant with ``time``, a pager with and without ``pageCount``, and the
refusal a body without ``orderBy`` gets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.cms import family_for
from crawler.cms.base import DetailPage, ListEntry, RequestSpec
from crawler.cms.trs_api import NOT_API_ANSWER
from crawler.spiders.box_reading import settled
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


# --- the box asked as the page's own script asks it -------------------------------------------
# The policy page of the fourth fixture portal (谷城县), whose avalon box POSTs its 文号 as a
# literal searchWord; variants change only what the script sends, the way other real templates
# spell it: other brackets, a variable, a hidden input, the title, a document-id filter.

POLICY = (
    Path(__file__).parent.parent.parent
    / "fixtures/html/hubei_gucheng/xxgk/zc/gfxwj/202403/t20240308_5120311.html"
).read_text(encoding="utf-8")
SPELLED = 'searchWord: "谷政规〔2024〕1号",'
FILTER = '{property: "channel_id", operator: "eq", value: channels[t], weight: 100}'


def policy_page(html: str = POLICY) -> DetailPage:
    # The extractor's 文号 is normalised (〔〕, no spaces); the page's script may spell it
    # otherwise.
    return DetailPage(
        url="http://www.hbgucheng.gov.cn/xxgk/zc/gfxwj/202403/t20240308_5120311.html",
        title="谷城县人民政府关于印发谷城县农村供水工程运行管理办法的通知",
        doc_number="谷政规〔2024〕1号",
        js_boxes=("相关解读",),
        html=html,
    )


def variant(old: str, new: str, html: str = POLICY) -> str:
    assert html.count(old) == 1  # the fixture still has the shape this variant rewrites
    return html.replace(old, new)


def box_bodies(profile: Profile, page: DetailPage) -> list[dict[str, Any]]:
    return [
        json.loads(s.body or "") for s in TRS.box_requests(profile, profile.column("gfxwj"), page)
    ]


@pytest.mark.parametrize(
    "spelling", ["谷政规[2024]1号", "谷政规（2024）1号", "谷政规〔2024〕1 号", "谷政规〔2024〕01号"]
)
def test_the_box_searches_the_doc_number_as_the_page_spells_it_not_as_normalised(
    profile: Profile, spelling: str
) -> None:
    page = policy_page(variant(SPELLED, f'searchWord: "{spelling}",'))
    specs = TRS.box_requests(profile, profile.column("gfxwj"), page)
    assert {json.loads(s.body or "")["searchWord"] for s in specs} == {spelling}
    assert [s.derived for s in specs] == [False] * 3


def test_the_fixture_page_s_own_request_is_sent_as_the_page_sends_it(profile: Profile) -> None:
    (first, *_) = box_bodies(profile, policy_page())
    assert first == {
        "code": "18c0a2f3b7e",
        "dataTypeId": "1021",
        "searchWord": "谷政规〔2024〕1号",
        "orderBy": "time",
        "searchBy": "all",
        "pageNo": 1,
        "pageSize": 10,
        "granularity": "ALL",
        "isSearchForced": 0,
        "customFilter": {
            "operator": "and",
            "properties": [
                {"property": "channel_id", "operator": "eq", "value": "34517", "weight": 100}
            ],
        },
    }


@pytest.mark.parametrize(
    ("word", "declaration"),
    [
        ("fwzh", 'var fwzh = "谷政规[2024]1号";'),
        ("pageInfo.fileNum", 'var pageInfo = {docId: "5120311", fileNum: "谷政规[2024]1号"};'),
        ('$("#fwzh").val()', ""),
        ("document.getElementById('fwzh').value", ""),
    ],
    ids=["variable", "object-key", "jquery-input", "dom-input"],
)
def test_a_word_the_page_keeps_in_a_variable_or_hidden_input_is_sent_as_written(
    profile: Profile, word: str, declaration: str
) -> None:
    html = variant(SPELLED, f"searchWord: {word},")
    html = variant("var jdVm", f"{declaration}\nvar jdVm", html)
    html = variant(
        "</body>", '<input type="hidden" id="fwzh" value="谷政规[2024]1号">\n</body>', html
    )
    specs = TRS.box_requests(profile, profile.column("gfxwj"), policy_page(html))
    assert [(json.loads(s.body or "")["searchWord"], s.derived) for s in specs] == [
        ("谷政规[2024]1号", False)
    ] * 3


def test_a_page_that_searches_its_title_is_asked_for_its_title(profile: Profile) -> None:
    title = "谷城县人民政府关于印发谷城县农村供水工程运行管理办法的通知"
    html = variant(SPELLED, f'searchWord: "{title}",')
    html = variant('searchBy: "all"', 'searchBy: "title"', html)
    bodies = box_bodies(profile, policy_page(html))
    assert {(b["searchWord"], b["searchBy"]) for b in bodies} == {(title, "title")}


def test_a_document_id_filter_is_sent_with_the_value_the_page_gives_it(profile: Profile) -> None:
    html = variant(SPELLED, 'searchWord: "",')
    html = variant("var jdVm", 'var docId = "5120311";\nvar jdVm', html)
    relation = '{property: "relation_docid", operator: "eq", value: docId, weight: 100}'
    html = variant(FILTER, f"{FILTER}, {relation}", html)
    bodies = box_bodies(profile, policy_page(html))
    assert [b["customFilter"]["properties"] for b in bodies][2] == [
        {"property": "channel_id", "operator": "eq", "value": "34519", "weight": 100},
        {"property": "relation_docid", "operator": "eq", "value": "5120311", "weight": 100},
    ]
    assert {b["searchWord"] for b in bodies} == {""}


def test_a_filter_on_a_value_the_page_does_not_spell_sends_nothing(profile: Profile) -> None:
    # The page filters on an id computed at run time: without it the answer would be another
    # search's, so the box stays unread (未能核验) rather than asked otherwise.
    relation = '{property: "relation_docid", operator: "eq", value: getDocId(), weight: 100}'
    page = policy_page(variant(FILTER, f"{FILTER}, {relation}"))
    assert TRS.box_requests(profile, profile.column("gfxwj"), page) == []


@pytest.mark.parametrize(
    "html",
    [
        "",  # no page text at all
        variant(SPELLED, 'searchWord: $(".xxgk-table td").eq(6).text(),'),  # computed
        variant('url: "/irs/front/search"', "url: window.irsApi"),  # the call lives elsewhere
        variant("channels[t]", '"40001"'),  # the page's call is another box's (other channel)
    ],
    ids=["no-page", "computed-word", "external-call", "another-box"],
)
def test_a_word_the_page_does_not_spell_is_derived_from_the_extracted_doc_number(
    profile: Profile, html: str
) -> None:
    specs = TRS.box_requests(profile, profile.column("gfxwj"), policy_page(html))
    assert [(json.loads(s.body or "")["searchWord"], s.derived) for s in specs] == [
        ("谷政规〔2024〕1号", True)
    ] * 3


def read_box(profile: Profile, page: DetailPage, answer_name: str) -> list[ListEntry] | None:
    """The 相关解读 box after every tab's request got the saved answer, settled as the spider
    settles it (crawler/spiders/box_reading.py)."""
    column = profile.column("gfxwj")
    specs = TRS.box_requests(profile, column, page)
    entries: list[ListEntry] = []
    for spec in specs:
        entries += TRS.parse_box(answer(answer_name), API, profile, column, spec) or []
    return settled({"相关解读": entries}, {s.box for s in specs if s.derived})["相关解读"]


def test_an_empty_answer_to_a_derived_query_leaves_the_box_unread(profile: Profile) -> None:
    computed = variant(SPELLED, "searchWord: getFileNum(),")
    assert read_box(profile, policy_page(computed), "box_empty.json") is None


def test_an_empty_answer_to_the_page_s_own_query_is_a_box_read_and_empty(
    profile: Profile,
) -> None:
    assert read_box(profile, policy_page(), "box_empty.json") == []


def test_rows_answering_a_derived_query_are_read_as_the_box_s_links(profile: Profile) -> None:
    computed = variant(SPELLED, "searchWord: getFileNum(),")
    links = read_box(profile, policy_page(computed), "list_middle_list.json")
    assert [e.title for e in links or []] == ["关于农村供水的解读"] * 3
