"""One behaviour of extract_document per test, on small HTML snippets."""

import doctest

import pytest
from pydantic import ValidationError

import crawler.extract.dates
import crawler.extract.decode
import ground.text.doc_numbers
from crawler.extract.document import Attachment, Link, extract_document
from ground.profiles.schema import Selectors

URL = "http://www.example.gov.cn/xxgk/zcwj/202303/t20230315_1.html"
BODY = '<div id="zoom"><p>为进一步做好政务公开工作，现将有关事项通知如下。</p></div>'


def fields(html: str, url: str = URL, **kwargs: object) -> dict[str, object]:
    doc = extract_document(html, url, **kwargs)
    return {k: v for k, v in doc.to_json_dict().items() if k not in ("body_text", "links")}


def links(html: str, url: str = URL) -> list[tuple[str, str, str]]:
    return [(k.href, k.text, k.context) for k in extract_document(html, url).links]


@pytest.mark.parametrize(
    "module", [crawler.extract.dates, ground.text.doc_numbers, crawler.extract.decode]
)
def test_module_doctests_pass(module):
    result = doctest.testmod(module)
    assert (result.failed, result.attempted > 0) == (0, True)


# --- labelled metadata in its usual layouts ---------------------------------------------------

TABLE_LAYOUTS = {
    "th/td pairs, two per row": (
        "<table><tr><th>索引号</th><td>A1/2023-1</td><th>发布机构</th><td>冠县人民政府</td></tr>"
        "<tr><th>成文日期</th><td>2023-03-10</td><th>发文字号</th><td>冠政发[2023]5号</td></tr>"
        "</table>"
    ),
    "td label / td value": (
        "<table><tr><td>索引号：</td><td>A1/2023-1</td></tr><tr><td>发布机构：</td>"
        "<td>冠县人民政府</td></tr><tr><td>成文日期：</td><td>2023-03-10</td></tr>"
        "<tr><td>文号：</td><td>冠政发[2023]5号</td></tr></table>"
    ),
    "label wrapped in a p inside the td": (
        "<table><tr><td><p>索引号：</p></td><td><p>A1/2023-1</p></td></tr>"
        "<tr><td><p>发布机构：</p></td><td>冠县人民政府</td></tr>"
        "<tr><td><p>成文日期：</p></td><td>2023-03-10</td></tr>"
        "<tr><td><p>文号：</p></td><td>冠政发[2023]5号</td></tr></table>"
    ),
    "dl/dt/dd": (
        "<dl><dt>索引号：</dt><dd>A1/2023-1</dd><dt>发布机构：</dt><dd>冠县人民政府</dd>"
        "<dt>成文日期：</dt><dd>2023-03-10</dd><dt>文号：</dt><dd>冠政发[2023]5号</dd></dl>"
    ),
    "ul/li with span labels": (
        "<ul><li><span>索引号：</span>A1/2023-1</li><li><span>发布机构：</span>冠县人民政府</li>"
        "<li><span>成文日期：</span>2023-03-10</li><li><span>文号：</span>冠政发[2023]5号</li></ul>"
    ),
    "div rows without colons": (
        '<div class="meta"><div class="row"><span>索引号</span><span>A1/2023-1</span></div>'
        "<div><span>发布机构</span><span>冠县人民政府</span></div>"
        "<div><span>成文日期</span><span>2023-03-10</span></div>"
        "<div><span>文号</span><span>冠政发[2023]5号</span></div></div>"
    ),
    "label divs beside value divs": (
        '<div class="xxgk"><div class="r"><div class="l">索引号</div><div class="v">A1/2023-1</div>'
        '</div><div class="r"><div class="l">发布机构</div><div class="v">冠县人民政府</div></div>'
        '<div class="r"><div class="l">成文日期</div><div class="v">2023-03-10</div></div>'
        '<div class="r"><div class="l">文号</div><div class="v">冠政发[2023]5号</div></div></div>'
    ),
    "all pairs on one line": (
        "<p>索引号：A1/2023-1　发布机构：冠县人民政府　成文日期：2023-03-10　"
        "文号：冠政发[2023]5号　浏览次数：12</p>"
    ),
    "labels padded with spaces": (
        "<table><tr><td>索&nbsp;引&nbsp;号</td><td>A1/2023-1</td><td>发　布　机　构：</td>"
        "<td>冠县人民政府</td></tr><tr><td>成 文 日 期</td><td>2023-03-10</td>"
        "<td>文　　号：</td><td>冠政发[2023]5号</td></tr></table>"
    ),
    "nested tables": (
        "<table><tr><td><table><tr><td>索引号：</td><td>A1/2023-1</td><td>发布机构：</td>"
        "<td>冠县人民政府</td></tr><tr><td>成文日期：</td><td>2023-03-10</td><td>文号：</td>"
        "<td>冠政发[2023]5号</td></tr></table></td></tr></table>"
    ),
}


@pytest.mark.parametrize("layout", TABLE_LAYOUTS.values(), ids=TABLE_LAYOUTS.keys())
def test_metadata_block_is_read_in_every_usual_layout(layout):
    found = fields(layout + BODY)
    assert {
        k: found[k] for k in ("index_number", "issuing_agency", "written_date", "doc_number")
    } == {
        "index_number": "A1/2023-1",
        "issuing_agency": "冠县人民政府",
        "written_date": "2023-03-10",
        "doc_number": "冠政发〔2023〕5号",
    }
    assert found["sources"] == {
        "doc_number": "table",
        "index_number": "table",
        "issuing_agency": "table",
        "written_date": "table",
        "publish_date": "url",
    }


FILLER_ROWS = {
    "index_number": "<tr><td>索引号：</td><td>A1</td></tr>",
    "validity": "<tr><td>有效性：</td><td>有效</td></tr>",
    "topic": "<tr><td>主题分类：</td><td>综合政务</td></tr>",
}


@pytest.mark.parametrize(
    ("label", "field", "value", "expected"),
    [
        ("发文机关", "issuing_agency", "冠县人民政府", "冠县人民政府"),
        ("责任部门", "issuing_agency", "冠县人民政府", "冠县人民政府"),
        ("发文单位", "issuing_agency", "冠县人民政府", "冠县人民政府"),
        ("发文日期", "written_date", "2023年3月10日", "2023-03-10"),
        ("生成日期", "written_date", "2023-03-10", "2023-03-10"),
        ("印发日期", "written_date", "2023/3/10", "2023-03-10"),
        ("发文字号", "doc_number", "冠政发（2023）5号", "冠政发〔2023〕5号"),
        ("文件编号", "doc_number", "冠政发〔2023〕5号", "冠政发〔2023〕5号"),
        ("发布时间", "publish_date", "2023-03-15 10:20:11", "2023-03-15"),
        ("公开日期", "publish_date", "2023.03.15", "2023-03-15"),
        ("主题词分类", "topic", "综合政务", "综合政务"),
        ("组配分类", "topic", "规范性文件", "规范性文件"),
        ("效力状态", "validity", "有效", "有效"),
        ("时效", "validity", "失效", "失效"),
        ("标题", "title", "关于A的通知", "关于A的通知"),
        ("名称", "title", "关于A的通知", "关于A的通知"),
    ],
)
def test_label_variants_fill_their_field(label, field, value, expected):
    # Two more fields make it a metadata block; neither may be the field under test.
    others = [row for name, row in FILLER_ROWS.items() if name != field][:2]
    html = f"<table><tr><td>{label}：</td><td>{value}</td></tr>{''.join(others)}</table>"
    assert fields(html + BODY, "http://www.example.gov.cn/a.html")[field] == expected


def test_better_ranked_label_wins_within_one_block():
    html = (
        "<table><tr><td>发文日期：</td><td>2023-03-16</td><td>成文日期：</td><td>2023-03-14</td>"
        "</tr><tr><td>索引号：</td><td>A1</td><td>有效性：</td><td>有效</td></tr></table>"
    )
    assert fields(html + BODY)["written_date"] == "2023-03-14"


def test_block_value_wins_over_a_lone_line_elsewhere():
    html = (
        '<div class="info">发布时间：2023-03-16 10:20</div>'
        "<table><tr><td>发布日期：</td><td>2023-03-15</td></tr><tr><td>索引号：</td><td>A1</td>"
        "</tr><tr><td>发布机构：</td><td>冠县人民政府</td></tr></table>"
    )
    found = fields(html + BODY)
    assert (found["publish_date"], found["sources"]["publish_date"]) == ("2023-03-15", "table")


def test_lone_publish_line_outside_the_body_is_a_body_source_and_its_source_no_issuer():
    found = fields('<div class="info">发布时间：2023-03-16 10:20　来源：县政府办</div>' + BODY)
    assert (found["publish_date"], found["issuing_agency"]) == ("2023-03-16", None)
    assert found["sources"] == {"publish_date": "body"}


def test_labels_quoted_inside_the_body_are_not_the_pages_own_fields():
    # A 解读 names the policy it explains; those are not the 解读's fields.
    html = (
        "<title>关于A的解读_冠县人民政府</title>"
        '<div class="TRS_Editor"><p>文件名称：关于A的通知</p><p>文号：冠政办发〔2023〕7号</p>'
        "<p>成文日期：2023-03-01</p><p>一、出台背景。为了进一步……</p></div>"
    )
    found = fields(html, "http://www.example.gov.cn/zcjd/a.html")
    assert (found["title"], found["doc_number"], found["written_date"]) == (
        "关于A的解读",
        None,
        None,
    )


def test_metadata_table_a_template_put_inside_the_body_still_counts():
    html = (
        '<div class="TRS_Editor"><table><tr><td>索引号：</td><td>A1</td></tr>'
        "<tr><td>文号：</td><td>冠政发〔2023〕5号</td></tr><tr><td>发布机构：</td>"
        "<td>冠县人民政府</td></tr></table><p>为进一步做好政务公开工作，现通知如下。</p></div>"
    )
    assert fields(html)["doc_number"] == "冠政发〔2023〕5号"


def test_first_filled_copy_of_a_duplicated_metadata_table_wins():
    table = (
        "<table><tr><td>索引号：</td><td>{}</td></tr><tr><td>发布机构：</td><td>{}</td></tr>"
        "<tr><td>文号：</td><td>{}</td></tr></table>"
    )
    html = table.format("", "", "") + table.format("A1", "冠县人民政府", "冠政发〔2023〕5号")
    html += table.format("B2", "别的机构", "冠政发〔2023〕6号")
    found = fields(html + BODY)
    assert (found["index_number"], found["issuing_agency"], found["doc_number"]) == (
        "A1",
        "冠县人民政府",
        "冠政发〔2023〕5号",
    )


def test_a_header_row_of_labels_is_not_read_as_label_value_pairs():
    # Column headers of a list of documents: every label's neighbour is another label.
    html = (
        "<table><tr><th>标题</th><th>文号</th><th>发布日期</th></tr>"
        "<tr><td>关于A的通知</td><td>冠政发〔2023〕1号</td><td>2023-01-01</td></tr></table>"
    )
    found = fields(html + BODY, "http://www.example.gov.cn/a.html")
    assert (found["title"], found["doc_number"], found["publish_date"]) == (None, None, None)


@pytest.mark.parametrize(
    "line",
    ["<p>项目名称：冠县县城供水工程</p>", "<p>主题教育：学思想</p>", "<p>标题党不是标题</p>"],
)
def test_words_that_merely_contain_a_label_are_not_labels(line):
    assert fields(line + BODY, "http://www.example.gov.cn/a.html")["title"] is None


def test_label_inside_a_link_is_not_a_label():
    html = (
        '<ul class="sub"><li><a href="/zt/">主题分类</a></li>'
        '<li><a href="/jg/">机构分类</a></li></ul>'
    )
    assert fields(html + BODY)["topic"] is None


def test_placeholder_doc_number_is_none_and_unparsed_one_is_kept_raw():
    table = "<table><tr><td>文号：</td><td>{}</td></tr><tr><td>索引号：</td><td>A1</td></tr>" + (
        "<tr><td>发布机构：</td><td>冠县</td></tr></table>"
    )
    assert fields(table.format("无") + BODY)["doc_number"] is None
    assert fields(table.format("冠政发 [2023] 号") + BODY)["doc_number"] == "冠政发[2023]号"


# --- meta tags and fallbacks ------------------------------------------------------------------


def test_meta_tags_fill_title_and_publish_date_when_nothing_else_does():
    html = (
        '<head><meta name="ArticleTitle" content="关于A的通知">'
        '<meta name="PubDate" content="2026-07-19 07:16"></head>' + BODY
    )
    found = fields(html)
    assert (found["title"], found["publish_date"]) == ("关于A的通知", "2026-07-19")
    assert found["sources"] == {"title": "meta", "publish_date": "meta"}


@pytest.mark.parametrize("source", ["冠县人民政府办公室", "本网", "冠县人民政府门户网站"])
def test_content_source_is_the_uploader_never_the_issuer(source):
    html = f'<head><meta name="ContentSource" content="{source}"></head>' + BODY
    assert fields(html)["issuing_agency"] is None


@pytest.mark.parametrize(
    "title",
    [
        "关于A的通知_冠县人民政府",
        "关于A的通知 - 政策文件 - 冠县人民政府门户网站",
        "冠县人民政府 | 关于A的通知",
        "关于A的通知——冠县人民政府",
        "关于A的通知",
    ],
)
def test_title_tag_loses_the_site_name(title):
    found = fields(f"<title>{title}</title>" + BODY)
    assert (found["title"], found["sources"]["title"]) == ("关于A的通知", "title")


def test_hyphen_between_years_does_not_split_a_title():
    found = fields("<title>冠县2023-2025年行动方案_冠县人民政府</title>" + BODY)
    assert found["title"] == "冠县2023-2025年行动方案"


def test_url_date_is_the_last_resort_for_the_publish_date():
    found = fields(BODY)
    assert (found["publish_date"], found["sources"]) == ("2023-03-15", {"publish_date": "url"})


def test_page_without_any_date_has_no_publish_date():
    assert fields(BODY, "http://www.example.gov.cn/col/col1/index.html")["publish_date"] is None


def test_empty_page_gives_an_empty_document():
    doc = extract_document("", "http://www.example.gov.cn/")
    assert (doc.title, doc.body_text, doc.links, doc.attachments, doc.sources) == (
        None,
        "",
        [],
        [],
        {},
    )


# --- body text ----------------------------------------------------------------------------------


def test_body_text_comes_from_the_content_container_without_scripts_or_chrome():
    html = (
        '<div class="header"><a href="/">首页</a></div>'
        '<div class="article"><div class="TRS_Editor"><style>p{}</style>'
        "<p>第一段　内容。</p><!-- 注释 --><script>var x = 1;</script>"
        "<p>第二段<br>换行</p><table><tr><td>甲</td><td>乙</td></tr></table></div></div>"
        '<div class="footer">版权所有</div>'
    )
    doc = extract_document(html, URL)
    assert doc.body_text == "第一段 内容。\n第二段\n换行\n甲 乙"


def test_without_a_known_container_the_largest_paragraph_block_is_the_body():
    html = (
        '<div class="nav"><p>首页</p><p>政务公开</p></div>'
        '<div class="wrap"><p>为进一步做好政务公开工作，现将有关事项通知如下。</p>'
        "<p>一、提高认识，加强领导。</p></div>"
    )
    doc = extract_document(html, URL)
    assert (
        doc.body_text
        == "为进一步做好政务公开工作，现将有关事项通知如下。\n一、提高认识，加强领导。"
    )


def test_empty_known_container_is_skipped_for_the_next_one():
    html = '<div id="UCAP-CONTENT"></div><div class="article-content"><p>正文在这里。</p></div>'
    assert extract_document(html, URL).body_text == "正文在这里。"


# --- links, boxes and attachments ---------------------------------------------------------------


def test_links_are_absolute_and_skip_script_mail_and_fragment_hrefs():
    html = (
        '<a href="../a.html">甲</a><a href="/b.html">乙</a><a href="//cdn.gov.cn/c.html">丙</a>'
        '<a href="javascript:void(0)">丁</a><a href="mailto:x@gov.cn">戊</a><a href="#top">己</a>'
        '<a href="  /d.html\n">庚</a><a>无链接</a>'
    )
    assert links(html) == [
        ("http://www.example.gov.cn/xxgk/zcwj/a.html", "甲", ""),
        ("http://www.example.gov.cn/b.html", "乙", ""),
        ("http://cdn.gov.cn/c.html", "丙", ""),
        ("http://www.example.gov.cn/d.html", "庚", ""),
    ]


def test_base_href_is_used_to_resolve_links():
    html = '<head><base href="http://www.example.gov.cn/wlj/"></head><a href="x.html">甲</a>'
    assert links(html) == [("http://www.example.gov.cn/wlj/x.html", "甲", "")]


def test_window_open_targets_are_links():
    html = (
        "<a href=\"javascript:window.open('/a.html')\">甲</a>"
        '<a href="#" onclick="window.open(\'/b.html\');return false;">乙</a>'
        "<li onclick=\"location.href='/c.html'\">丙</li>"
    )
    assert [h for h, _, _ in links(html)] == [
        "http://www.example.gov.cn/a.html",
        "http://www.example.gov.cn/b.html",
        "http://www.example.gov.cn/c.html",
    ]


def test_link_text_falls_back_to_title_then_image_alt():
    html = '<a href="/a.html" title="标题甲"></a><a href="/b.html"><img src="b.png" alt="图乙"></a>'
    assert [t for _, t, _ in links(html)] == ["标题甲", "图乙"]


@pytest.mark.parametrize(
    "box",
    [
        '<div class="xgjd"><h3>相关解读</h3><ul><li><a href="/jd.html">解读甲</a></li></ul></div>',
        '<div><div class="t"><span>相关解读</span></div>'
        '<div class="c"><a href="/jd.html">解读甲</a></div></div>',
        '<p>相关解读：<a href="/jd.html">解读甲</a></p>',
        '<table><tr><td>相关解读</td></tr><tr><td><a href="/jd.html">解读甲</a></td></tr></table>',
        '<div><h3><a href="/zcjd/">相关解读</a></h3>'
        '<ul><li><a href="/jd.html">解读甲</a></li></ul></div>',
        '<div><div class="hd">相关解读<a class="more" href="/zcjd/">更多&gt;&gt;</a></div>'
        '<ul><li><a href="/jd.html">解读甲</a></li></ul></div>',
    ],
)
def test_links_in_a_related_box_carry_its_title(box):
    found = links(BODY + box)
    assert ("http://www.example.gov.cn/jd.html", "解读甲", "相关解读") in found


def test_menu_link_named_like_a_box_does_not_make_a_box():
    html = (
        '<ul class="nav"><li><a href="/zcjd/">政策解读</a></li><li><a href="/x/">其他</a></li></ul>'
    )
    assert [c for _, _, c in links(html + BODY)] == ["", ""]


def test_column_heading_above_the_article_is_not_a_box():
    html = (
        '<div class="main"><div class="lm">政策解读</div>'
        '<div id="zoom"><p>正文。<a href="/x.html">甲</a></p></div></div>'
    )
    assert links(html) == [("http://www.example.gov.cn/x.html", "甲", "")]


def test_empty_related_box_yields_no_link_and_does_not_claim_later_links():
    html = (
        BODY + '<div class="glgj"><div class="tit">关联稿件</div><ul></ul></div>'
        '<div class="other"><a href="/x.html">其他</a></div>'
    )
    assert links(html) == [("http://www.example.gov.cn/x.html", "其他", "")]


def test_same_link_in_two_boxes_is_kept_once_per_box():
    html = (
        BODY + '<div><h3>相关解读</h3><a href="/jd.html">解读甲</a></div>'
        '<div><h3>关联稿件</h3><a href="/jd.html">解读甲</a></div><a href="/jd.html">解读甲</a>'
    )
    assert [c for _, _, c in links(html)] == ["相关解读", "关联稿件", ""]


def test_attachments_are_links_to_files_named_by_text_or_file_name():
    html = (
        '<a href="/f/%E9%99%84%E4%BB%B6.PDF"></a><a href="/f/2.wps">附件2</a>'
        '<a href="/down.jsp?file=3.ofd">附件3</a><a href="/f/4.html">网页</a>'
        '<a href="/f/2.wps">附件2（重复）</a>'
    )
    assert extract_document(html + BODY, URL).attachments == [
        Attachment("附件.PDF", "http://www.example.gov.cn/f/%E9%99%84%E4%BB%B6.PDF", "pdf"),
        Attachment("附件2", "http://www.example.gov.cn/f/2.wps", "wps"),
        Attachment("附件3", "http://www.example.gov.cn/down.jsp?file=3.ofd", "ofd"),
    ]


def test_script_filled_box_found_by_its_id_alone():
    html = BODY + '<ul id="glgj_list"></ul><script>$("#glgj_list").html(data);</script>'
    assert extract_document(html, URL).js_boxes == ["关联稿件"]


def test_box_whose_list_a_script_writes_in_place_is_a_js_box():
    html = BODY + '<div><h3>相关解读</h3><script>document.write("<a href=x>y</a>")</script></div>'
    assert extract_document(html, URL).js_boxes == ["相关解读"]


def test_empty_box_without_a_script_is_not_a_js_box():
    html = BODY + '<div><h3>相关解读</h3><ul id="xgjd"></ul></div>'
    assert extract_document(html, URL).js_boxes == []


def test_filled_box_referenced_by_a_script_is_not_a_js_box():
    html = (
        BODY + '<div><h3>相关解读</h3><ul id="xgjd"><li><a href="/a.html">甲</a></li></ul></div>'
        "<script>document.getElementById('xgjd').className = 'on';</script>"
    )
    assert extract_document(html, URL).js_boxes == []


# --- the 政策咨询、建议与评价 window --------------------------------------------------------------


WINDOW = (
    '<div class="zczx"><span>政策咨询、建议与评价</span>'
    '<a href="/zx">我要咨询</a><a href="/jy">我要建议</a></div>'
)


def test_window_after_the_body_is_found_with_its_excerpt():
    doc = extract_document(BODY + WINDOW, URL)
    assert doc.feedback_window == "政策咨询、建议与评价我要咨询我要建议"


@pytest.mark.parametrize(
    "chrome",
    [
        '<div class="footer">{}</div>',
        '<div id="footer">{}</div>',
        '<div class="foot">{}</div>',
        "<footer>{}</footer>",
        '<div class="header"><ul class="menu"><li>{}</li></ul></div>',
    ],
)
def test_window_words_in_site_chrome_do_not_count(chrome):
    doc = extract_document(BODY + chrome.format(WINDOW), URL)
    assert doc.feedback_window is None


def test_site_footer_consult_links_are_not_a_window():
    html = BODY + '<div class="footer"><a href="/ts">咨询投诉</a><a href="/xx">领导信箱</a></div>'
    assert extract_document(html, URL).feedback_window is None


def test_two_column_layout_with_the_article_in_div_left_still_finds_the_window():
    html = f'<div class="left">{BODY}{WINDOW}</div><div class="right"><a href="/">首页</a></div>'
    assert extract_document(html, URL).feedback_window is not None


def test_consultation_words_inside_the_document_text_are_not_a_window():
    html = '<div id="zoom"><p>政策咨询</p><p>如有疑问请联系县政府办。</p></div>'
    assert extract_document(html, URL).feedback_window is None


def test_form_with_a_textarea_asking_for_suggestions_is_a_window():
    html = (
        BODY
        + '<form action="/msg"><p>对本政策的意见建议：</p><textarea name="c"></textarea></form>'
    )
    assert extract_document(html, URL).feedback_window == "对本政策的意见建议："


def test_search_form_with_a_textarea_is_not_a_window():
    html = BODY + '<form action="/search"><p>搜索</p><textarea name="q"></textarea></form>'
    assert extract_document(html, URL).feedback_window is None


def test_script_filled_window_goes_to_js_boxes():
    html = BODY + '<div id="zczx_box"></div><script>renderZczx("#zczx_box");</script>'
    doc = extract_document(html, URL)
    assert (doc.feedback_window, doc.js_boxes) == (None, ["政策咨询、建议与评价"])


@pytest.mark.parametrize("name", ["zcyj-window", "zczxjypj", "policy-feedback"])
def test_script_filled_window_is_recognised_by_its_usual_names(name):
    html = BODY + f'<div id="{name}" data-doc-id="1"></div><script>ZCYJ.mount("#{name}");</script>'
    assert extract_document(html, URL).js_boxes == ["政策咨询、建议与评价"]


def test_empty_scripted_element_with_an_unrelated_name_is_not_a_box():
    html = BODY + '<span id="hits"></span><script>$("#hits").text(12);</script>'
    assert extract_document(html, URL).js_boxes == []


def test_profile_selector_replaces_the_window_heuristic():
    html = BODY + '<div class="hdjl"><a href="/ly">留言</a></div>' + WINDOW
    doc = extract_document(html, URL, selectors=Selectors(feedback_window="div.hdjl"))
    assert doc.feedback_window == "留言"


def test_profile_selector_matching_nothing_means_no_window():
    doc = extract_document(BODY + WINDOW, URL, selectors=Selectors(feedback_window="#nothere"))
    assert doc.feedback_window is None


def test_profile_selector_on_a_script_filled_box_goes_to_js_boxes():
    html = BODY + '<div id="pj"></div><script>document.getElementById("pj").innerHTML = w;</script>'
    doc = extract_document(html, URL, selectors=Selectors(feedback_window="#pj"))
    assert (doc.feedback_window, doc.js_boxes) == (None, ["政策咨询、建议与评价"])


def test_invalid_profile_selector_is_refused_before_any_page_is_read():
    # The selector is checked where selectors are declared, so the extractor never meets it.
    with pytest.raises(ValidationError, match=r"feedback_window[\s\S]*not a valid CSS selector"):
        Selectors(feedback_window="div[[")


def test_json_dict_has_the_stored_fields_first_in_order():
    doc = extract_document(BODY + '<a href="/a.pdf">附件</a>', URL)
    data = doc.to_json_dict()
    assert list(data) == [
        "title",
        "doc_number",
        "index_number",
        "issuing_agency",
        "written_date",
        "publish_date",
        "topic",
        "validity",
        "body_text",
        "attachments",
        "links",
        "feedback_window",
        "js_boxes",
        "sources",
    ]
    assert data["attachments"] == [
        {"href": "http://www.example.gov.cn/a.pdf", "text": "附件", "type": "pdf"}
    ]
    assert data["links"] == [
        {"href": "http://www.example.gov.cn/a.pdf", "text": "附件", "context": ""}
    ]


def test_link_and_attachment_are_plain_values():
    assert Link("h", "t") == Link("h", "t", "")
