"""Metadata as real templates write it (issue 10): the issuer kept apart from 来源, the visible
发布日期 over the meta tags, 文号 in headings and with spaces, dates with trailing blanks,
主题分类 无."""

import pytest

from crawler.extract.document import extract_document

URL = "http://www.example.gov.cn/xxgk/tzgg/202406/t20240603_1.html"
INFO = '<div class="info">发布时间：2024-06-03 10:03　来源：县应急办信息员</div>'


def body(*lines: str) -> str:
    return '<div id="zoom">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"


NOTICE = body(
    "各乡镇人民政府，县直各部门：",
    "为切实做好防汛工作，现将有关事项通知如下。",
    "乐安县安全生产委员会办公室",
    "2024年5月30日",
)
TABLE = (
    "<table><tr><td>索引号：</td><td>K1/2024-1</td><td>发文机关：</td><td>乐安县人民政府</td></tr>"
    "<tr><td>成文日期：</td><td>{written}</td><td>主题分类：</td><td>{topic}</td></tr></table>"
)


def read(html: str, url: str = URL) -> dict[str, object]:
    doc = extract_document(html, url)
    return {**doc.to_json_dict(), "sources": doc.sources}


def test_issuer_comes_from_the_signature_when_no_table_names_it():
    found = read(INFO + NOTICE)
    assert (found["issuing_agency"], found["written_date"]) == (
        "乐安县安全生产委员会办公室",
        "2024-05-30",
    )
    assert found["sources"]["issuing_agency"] == "body"


def test_table_issuer_wins_over_the_signature():
    found = read(TABLE.format(written="2024-05-30", topic="综合政务") + NOTICE)
    assert (found["issuing_agency"], found["sources"]["issuing_agency"]) == (
        "乐安县人民政府",
        "table",
    )


def test_line_above_the_date_that_names_no_agency_is_no_issuer():
    found = read(INFO + body("联系人：吴敏，电话：0794-6521101", "2024年5月30日"))
    assert (found["issuing_agency"], found["written_date"]) == (None, "2024-05-30")


def test_source_label_never_fills_the_issuer_even_in_a_metadata_block():
    html = (
        "<table><tr><td>索引号：</td><td>K1</td><td>来源：</td><td>县政府办</td></tr>"
        "<tr><td>发布日期：</td><td>2024-06-03</td><td>有效性：</td><td>有效</td></tr></table>"
    )
    assert read(html + body("正文。"))["issuing_agency"] is None


def test_doc_number_in_a_heading_above_the_body_is_read():
    html = "<h1>关于做好防汛工作的通知</h1><h2>谷政办函〔2024〕22号</h2>" + INFO + body("正文。")
    found = read(html)
    assert (found["doc_number"], found["sources"]["doc_number"]) == ("谷政办函〔2024〕22号", "body")


@pytest.mark.parametrize(
    "written",
    ["乐府办发〔2016〕202 号", "乐府办发〔２０１６〕２０２号", "乐府办发 〔2016〕 202\u2002号"],
)
def test_doc_number_with_spaces_or_full_width_digits_is_normalised(written):
    html = f"<h2>{written}</h2>" + INFO + body("正文。")
    assert read(html)["doc_number"] == "乐府办发〔2016〕202号"


@pytest.mark.parametrize(
    ("site", "number", "issuer"),
    [
        ("莘县人民政府", "莘政办字〔2025〕8号", "莘县人民政府办公室"),
        ("莘县人民政府", "莘政发〔2025〕3号", "莘县人民政府"),
        ("莘县人民政府", "聊政办字〔2025〕8号", None),  # another government's 文号
        ("莘县人民政府", "莘发改发〔2025〕8号", None),  # a department's: not expanded
    ],
)
def test_issuer_read_from_the_doc_numbers_code_only_for_the_portals_own_government(
    site, number, issuer
):
    html = f'<head><meta name="SiteName" content="{site}"></head>' + INFO + body(number, "正文。")
    found = read(html)
    assert found["issuing_agency"] == issuer
    assert found["sources"].get("issuing_agency") == ("doc_number" if issuer else None)


def test_visible_publish_date_wins_over_the_meta_tag():
    html = '<head><meta name="PubDate" content="2024-06-08 09:00"></head>' + INFO + body("正文。")
    found = read(html)
    assert (found["publish_date"], found["sources"]["publish_date"]) == ("2024-06-03", "body")


def test_meta_publish_date_is_kept_when_the_page_shows_none():
    html = '<head><meta name="PubDate" content="2024-06-08 09:00"></head>' + body("正文。")
    assert read(html)["publish_date"] == "2024-06-08"


@pytest.mark.parametrize(
    "written", ["2016年09月18日&nbsp;", "2016-09-18&nbsp;&nbsp;", "　2016年9月18日　"]
)
def test_written_date_with_trailing_blanks_is_read(written):
    found = read(TABLE.format(written=written, topic="农业") + body("正文。"))
    assert found["written_date"] == "2016-09-18"


def test_topic_none_is_kept_as_filed():
    assert read(TABLE.format(written="2014-04-10", topic="无") + body("正文。"))["topic"] == "无"


def test_topic_dash_is_a_blank_cell():
    assert read(TABLE.format(written="2014-04-10", topic="-") + body("正文。"))["topic"] is None


def test_registration_number_after_validity_is_not_part_of_it():
    html = (
        "<ul><li>索引号：K1</li><li>发布机构：永州市科学技术局</li>"
        "<li><span><b>有效性：</b>有效</span><span><b>登记号：</b>YZCR-2023-07002</span></li></ul>"
    )
    assert read(html + body("正文。"))["validity"] == "有效"


def test_source_is_kept_apart_from_the_issuer():
    found = extract_document(INFO + NOTICE, URL)
    assert (found.source, found.issuing_agency) == ("县应急办信息员", "乐安县安全生产委员会办公室")


CONTENT_SOURCE = '<head><meta name="ContentSource" content="来源：县政府办"></head>'


def test_content_source_is_the_source_when_the_page_shows_none():
    assert extract_document(CONTENT_SOURCE + body("正文。"), URL).source == "县政府办"


def test_visible_source_wins_over_content_source():
    assert extract_document(CONTENT_SOURCE + INFO + body("正文。"), URL).source == "县应急办信息员"


@pytest.mark.parametrize(
    "info",
    [
        "<span>来源：莘县人社局</span><span>解读人：县人社局副局长 李峰</span>",
        "来源：莘县人社局　【字号：<a href='#'>大</a> <a href='#'>小</a>】",
    ],
)
def test_source_ends_where_the_next_item_of_the_info_bar_begins(info):
    html = f'<div class="info">{info}</div>' + body("正文。")
    assert extract_document(html, URL).source == "莘县人社局"
