"""Boxes a script fills, recognised on the shapes real templates give them (issue 10): avalon
and Vue templates, ``<script type="text/html">``, containers fetched by id, a box referenced by
its own id; and a markup error that must not hide a box a browser shows (issue 11)."""

from crawler.extract.document import extract_document

URL = "http://www.example.gov.cn/xxgk/zcwj/202404/t20240418_1.html"
BODY = '<div id="zoom"><p>为进一步做好政务公开工作，现将有关事项通知如下。</p></div>'
FETCH = (
    "<script>$.ajax({url: '/irs/front/search', success: function (r) { vm.list = r; }});</script>"
)

AVALON_TABBED = (
    '<div class="jd-box" ms-controller="jdCtrl"><div class="jd-hd"><h3>政策解读</h3>'
    '<ul class="jd-tab"><li ms-click="@go(1)">文字解读</li><li ms-click="@go(2)">图片解读</li>'
    '<li ms-click="@go(3)">H5解读</li></ul></div><ul class="jd-list">'
    '<li ms-for="el in @list"><a ms-attr="{href: el.url}">{{el.titleO}}</a></li></ul></div>'
)


def js_boxes(html: str) -> list[str]:
    return extract_document(html, URL).js_boxes


def test_avalon_template_under_tabs_is_the_boxes_script_filled_list():
    assert js_boxes(BODY + AVALON_TABBED + FETCH) == ["相关解读"]


def test_template_placeholder_is_no_link():
    doc = extract_document(BODY + AVALON_TABBED, URL)
    assert [link.text for link in doc.links] == []


def test_bound_href_with_a_placeholder_is_no_link():
    html = BODY + '<ul><li v-for="d in docs"><a href="{{d.url}}">{{d.title}}</a></li></ul>'
    assert extract_document(html, URL).links == []


def test_vue_v_for_list_under_a_related_title_is_script_filled():
    html = BODY + (
        '<div id="app"><div class="xgjd" v-if="jd.length"><h3>相关解读</h3><ul>'
        '<li v-for="item in jd"><a :href="item.url">{{ item.title }}</a></li></ul></div></div>'
    )
    assert js_boxes(html) == ["相关解读"]


def test_text_html_template_rendered_into_a_titled_container_is_script_filled():
    html = BODY + (
        '<div class="yw-box"><h3>原文链接</h3><div id="yw"></div></div>'
        '<script type="text/html" id="tpl">{{each list item}}<a href="{{item.url}}"></a>'
        "{{/each}}</script>"
        "<script>$.getJSON('/api/rel', function (d) { $('#yw').html(template('tpl', d)); });"
        "</script>"
    )
    assert js_boxes(html) == ["原文链接"]


def test_container_fetched_by_its_id_under_a_window_title_is_an_unread_window():
    html = BODY + (
        '<div class="zczx-box"><h3>政策咨询、建议与评价</h3><div id="zczxBox"></div></div>'
        "<script>fetch('/hdjl/window?docid=1').then(function (r) { return r.text(); })"
        ".then(function (h) { document.getElementById('zczxBox').innerHTML = h; });</script>"
    )
    doc = extract_document(html, URL)
    assert (doc.feedback_window, doc.js_boxes) == (None, ["政策咨询、建议与评价"])


def test_window_title_with_links_stays_a_window_though_a_script_fetches_elsewhere():
    html = BODY + (
        '<div class="zczx-box"><h3>政策咨询、建议与评价</h3><a href="/zx">我要咨询</a></div>'
        '<span id="hits"></span><script>$.get("/hits", function (n) { $("#hits").text(n); });'
        "</script>"
    )
    doc = extract_document(html, URL)
    assert (doc.feedback_window, doc.js_boxes) == ("政策咨询、建议与评价我要咨询", [])


def test_fetched_counter_without_a_box_title_is_no_box():
    html = (
        '<div class="info">浏览次数：<em id="hits"></em></div>'
        + BODY
        + '<script>$.get("/irs/hits", function (n) { $("#hits").text(n); });</script>'
    )
    assert js_boxes(html) == []


def test_box_referenced_by_its_own_id_with_an_empty_list_is_script_filled():
    # gkmlpt: the list of <div id="relation"> is written from window._CONFIG by its id.
    html = BODY + (
        '<div class="relation" id="relation" style="display:none">'
        '<div class="relation-title">相关解读</div><ul class="relation-list"></ul></div>'
        "<script>var box = document.getElementById('relation');</script>"
    )
    assert js_boxes(html) == ["相关解读"]


def test_template_with_a_real_link_beside_it_is_not_script_filled():
    html = BODY + (
        '<div class="xgjd"><h3>相关解读</h3><ul><li><a href="/jd/1.html">图解</a></li>'
        '<li v-for="d in more">{{d.title}}</li></ul></div>'
    )
    assert js_boxes(html) == []


def test_template_inside_the_body_is_not_a_box():
    html = (
        '<div id="zoom"><p>相关解读</p><ul><li v-for="p in parts">{{p}}</li></ul>'
        "<p>为进一步做好政务公开工作，现将有关事项通知如下。</p></div>"
    )
    assert js_boxes(html) == []


def test_box_names_follow_one_vocabulary_whatever_the_page_calls_them():
    html = BODY + (
        '<div><h3>图片解读</h3><ul id="tpjd"></ul></div>'
        '<div><h3>政策原文</h3><ul id="zcyw"></ul></div>'
        "<script>$('#tpjd').html(a); $('#zcyw').html(b);</script>"
    )
    assert js_boxes(html) == ["相关解读", "原文链接"]


def test_unclosed_table_in_the_article_does_not_swallow_the_window_after_it():
    html = (
        '<div class="main"><div id="zoom"><p>现将有关事项通知如下。</p>'
        "<table><tr><td>序号</td><td>事项</td></tr><tr><td>1</td><td>公开</td></tr></div></div>"
        '<div class="zczx"><span>政策咨询、建议与评价</span><a href="/zx">我要咨询</a></div>'
    )
    doc = extract_document(html, URL)
    assert doc.feedback_window == "政策咨询、建议与评价我要咨询"
    assert "咨询" not in doc.body_text


def test_closed_table_in_the_article_leaves_the_page_as_it_is():
    # Negative control: the same page with its </table> reads the same.
    html = (
        '<div class="main"><div id="zoom"><p>现将有关事项通知如下。</p>'
        "<table><tr><td>序号</td><td>事项</td></tr></table></div></div>"
        '<div class="zczx"><span>政策咨询、建议与评价</span><a href="/zx">我要咨询</a></div>'
    )
    doc = extract_document(html, URL)
    assert (doc.feedback_window, doc.body_text) == (
        "政策咨询、建议与评价我要咨询",
        "现将有关事项通知如下。\n序号 事项",
    )


def test_fetched_element_after_a_box_the_html_fills_is_not_that_box():
    html = BODY + (
        '<div class="rel-box"><div class="xglj"><h3>相关链接</h3><ul><li><a href="/a.html">甲</a>'
        '</li></ul></div><div class="tools"><span id="visits"></span></div></div>'
        "<script>$.get('/hits', function (n) { $('#visits').text(n); });</script>"
    )
    assert js_boxes(html) == []
