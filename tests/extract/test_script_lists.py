"""List pages whose rows a script writes (issue 10): the family parsers say so (needs_js)
instead of reporting an empty column, and read static rows where there are some."""

from pathlib import Path

import pytest

from crawler.cms import family_for
from crawler.cms.base import ListPage, RequestSpec
from crawler.cms.hanweb import XXGK_FIRST_PAGE_ONLY
from crawler.cms.listing import SCRIPTED_LIST
from crawler.cms.spa import NEEDS_JS
from ground.profiles.schema import Profile

BASE = "http://www.example.gov.cn/xxgk/zfwj/"
AVALON_ROWS = (
    '<div class="list-box" ms-controller="listCtrl"><ul class="list" id="staticList"></ul>'
    '<ul class="list"><li ms-for="el in @rows"><a ms-attr="{href: el.url}">{{el.titleO}}</a>'
    '<span class="date">{{el.docDate}}</span></li></ul></div>'
)
VUE_ROWS = (
    '<table><tbody><tr v-for="item in rows"><td><a href="{{item.url}}">{{ item.title }}</a></td>'
    "<td>{{ item.pubDate }}</td></tr></tbody></table>"
)
AJAX_ROWS = (
    '<div class="list"><ul id="zuixin"></ul></div><script>$.ajax({url: "/zx.json", '
    'success: function (d) { $("#zuixin").html(render(d)); }});</script>'
)
STATIC_ROWS = (
    '<ul class="list"><li><a href="./202404/t20240418_1.html">关于甲的通知</a>'
    "<span>2024-04-18</span></li></ul>"
)


def parse(cms: str, body: str) -> ListPage:
    profile = Profile.model_validate(
        {
            "path": Path("test_lists.toml"),
            "id": "test_lists",
            "name": "测试",
            "base_url": BASE,
            "cms": cms,
            "column": [{"id": "zfwj", "name": "政府文件", "role": "政策文件", "url": "index.html"}],
        }
    )
    column = profile.columns[0]
    html = f"<html><body>{body}</body></html>"
    return family_for(cms).parse_list(html, column.url, profile, column, RequestSpec(column.url, 1))


@pytest.mark.parametrize("rows", [AVALON_ROWS, VUE_ROWS, AJAX_ROWS], ids=["avalon", "vue", "ajax"])
@pytest.mark.parametrize("cms", ["trs", "generic"])
def test_list_with_no_static_row_and_a_script_that_writes_them_needs_js(cms, rows):
    assert parse(cms, rows) == ListPage(entries=[], next_requests=[], needs_js=SCRIPTED_LIST)


@pytest.mark.parametrize("rows", [AVALON_ROWS, VUE_ROWS, AJAX_ROWS], ids=["avalon", "vue", "ajax"])
def test_spa_static_page_with_a_list_a_script_writes_needs_js(rows):
    assert parse("spa", rows) == ListPage(entries=[], next_requests=[], needs_js=NEEDS_JS)


@pytest.mark.parametrize("cms", ["trs", "generic"])
def test_static_rows_are_read_beside_a_script(cms):
    page = parse(cms, STATIC_ROWS + AJAX_ROWS)
    assert ([e.url for e in page.entries], page.needs_js) == (
        [BASE + "202404/t20240418_1.html"],
        "",
    )


@pytest.mark.parametrize("cms", ["trs", "generic"])
def test_empty_list_without_any_script_is_an_empty_column(cms):
    assert parse(cms, '<ul class="list"></ul>').needs_js == ""


def test_hanweb_xxgk_table_without_a_datastore_gives_its_static_rows_and_says_it_is_partial():
    table = (
        '<table class="xxgk_list_table"><tr><td>014087106/2021-00412</td><td>'
        '<a href="/art/2021/12/20/art_28475_9876512.html" title="关于甲的通知">关于甲的通知</a>'
        "</td><td>2021-12-20</td></tr></table>"
        '<form method="post" action="/module/xxgk/search.jsp">'
        '<input type="hidden" name="currpage" value="1"></form>'
    )
    page = parse("hanweb", table)
    assert [(e.url, e.title, e.date) for e in page.entries] == [
        (
            "http://www.example.gov.cn/art/2021/12/20/art_28475_9876512.html",
            "关于甲的通知",
            "2021-12-20",
        )
    ]
    assert page.needs_js == XXGK_FIRST_PAGE_ONLY
