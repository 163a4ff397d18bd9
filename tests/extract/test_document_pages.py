"""Whole saved pages through decode_page and extract_document, compared field by field."""

from pathlib import Path

import pytest

from crawler.extract.decode import decode_page
from crawler.extract.document import Attachment, ExtractedDocument, Link, extract_document

PAGES = Path(__file__).parent / "pages"
GX = "http://www.guanxian.gov.cn"


def extract(name: str, url: str, content_type: str | None = None) -> ExtractedDocument:
    text, _ = decode_page((PAGES / name).read_bytes(), content_type)
    return extract_document(text, url)


def test_trs_page_with_meta_tags_and_nested_xxgk_table():
    doc = extract(
        "trs_meta_xxgk.html",
        f"{GX}/xxgk/zcwj/202303/t20230315_1001.html",
        "text/html; charset=utf-8",
    )
    assert doc == ExtractedDocument(
        title="冠县人民政府关于印发《冠县2023年政务公开工作要点》的通知",
        doc_number="冠政发〔2023〕5号",
        index_number="11371525004308123X/2023-00012",
        # The table's 发文机关 beats ContentSource (冠县人民政府办公室, the office that posted it).
        issuing_agency="冠县人民政府",
        written_date="2023-03-10",
        publish_date="2023-03-15",  # the table's (and PubDate's), not the info bar's 2023-03-16
        topic="综合政务\\通知",
        validity="有效",
        source="县政府办",  # the info bar's 来源 (ContentSource says 冠县人民政府办公室)
        body_text=(
            "冠政发〔2023〕5号\n"
            "各乡镇人民政府、街道办事处，县政府各部门、各直属机构：\n"
            "现将《冠县2023年政务公开工作要点》印发给你们，请认真贯彻落实。\n"
            "本要点依据《关于全面推进政务公开工作的意见》（中办发〔2016〕8号）制定。\n"
            "冠县人民政府\n"
            "2023年3月10日\n"
            "（此件公开发布）"
        ),
        attachments=[
            Attachment(
                "1.冠县2023年政务公开工作要点.pdf",
                f"{GX}/xxgk/zcwj/202303/P020230315_1.pdf",
                "pdf",
            ),
            Attachment("2.任务分解表", f"{GX}/xxgk/zcwj/202303/P020230315_2.docx", "docx"),
        ],
        links=[
            Link(f"{GX}/", "冠县人民政府", ""),  # logo (img alt); 首页 is the same href
            Link(f"{GX}/xxgk/", "政务公开", ""),
            Link(f"{GX}/xxgk/zcjd/", "政策解读", ""),  # a menu item, not a box
            Link(f"{GX}/hdjl/", "互动交流", ""),
            Link(f"{GX}/xxgk/zcwj/202303/", "政策文件", ""),
            Link(f"{GX}/xxgk/zcwj/202303/P020230315_1.pdf", "1.冠县2023年政务公开工作要点.pdf", ""),
            Link(f"{GX}/xxgk/zcwj/202303/P020230315_2.docx", "2.任务分解表", ""),
            Link(
                f"{GX}/xxgk/zcjd/202303/t20230316_2001.html",
                "图文解读：《冠县2023年政务公开工作要点》",
                "相关解读",
            ),
            Link(f"{GX}/hdjl/zczx/?docid=1001", "我要咨询", ""),
            Link(f"{GX}/hdjl/zcjy/?docid=1001", "我要建议", ""),
            Link(f"{GX}/hdjl/zcpj/?docid=1001", "我要评价", ""),
            Link(f"{GX}/hdjl/zxts/", "咨询投诉", ""),
            Link(f"{GX}/hdjl/ldxx/", "领导信箱", ""),
        ],
        feedback_window="政策咨询、建议与评价 我要咨询 我要建议 我要评价",
        js_boxes=[],
        sources={
            "title": "meta",
            "doc_number": "table",
            "index_number": "table",
            "issuing_agency": "table",
            "written_date": "table",
            "publish_date": "table",
            "topic": "table",
            "validity": "table",
        },
    )


def test_hanweb_gbk_page_with_td_labels_and_no_meta_tags():
    doc = extract("hanweb_td_label_gbk.html", f"{GX}/art/2023/3/17/art_1229_5001.html", "text/html")
    assert doc == ExtractedDocument(
        title="冠县发展和改革局关于印发《冠县粮食应急保障预案》的通知",
        doc_number="冠发改字〔2023〕12号",
        index_number="11371525MB28531234/2023-00031",
        issuing_agency="冠县发展和改革局",
        written_date="2023-03-14",  # 成文日期 ranks before 发文日期 (2023-03-16)
        publish_date="2023-03-17",  # the 发布日期 line above the body
        topic="规范性文件",
        validity="有效",
        source="冠县发展和改革局",
        body_text=(
            "各乡镇人民政府（街道办事处）、县直有关部门：\n"
            "现将《冠县粮食应急保障预案》印发给你们，请结合实际认真组织实施。\n"
            "冠县发展和改革局\n"
            "2023年3月14日"
        ),
        attachments=[],
        links=[
            Link(f"{GX}/col/col1/index.html", "首页", ""),
            Link(f"{GX}/col/col2/index.html", "信息公开", ""),
            # A 解读 under 关联稿件, with no 解读 in the box title or the link text.
            Link(
                f"{GX}/art/2023/3/18/art_1230_5002.html",
                "一图读懂《冠县粮食应急保障预案》",
                "关联稿件",
            ),
            Link(f"{GX}/col/col9/index.html", "咨询投诉", ""),
            Link(f"{GX}/col/col10/index.html", "领导信箱", ""),
            Link(f"{GX}/col/col11/index.html", "我要咨询", ""),
        ],
        feedback_window=None,  # 咨询投诉, 领导信箱 and 我要咨询 sit in the site footer
        js_boxes=[],
        sources={
            "title": "title",
            "doc_number": "table",
            "index_number": "table",
            "issuing_agency": "table",
            "written_date": "table",
            "publish_date": "body",
            "topic": "table",
            "validity": "table",
        },
    )


def test_gkmlpt_header_with_spaced_labels_in_spans():
    url = "http://www.yangjiang.gov.cn/gkmlpt/content/0/508/post_508890.html"
    doc = extract("gkmlpt_header.html", url, "text/html; charset=utf-8")
    pdf = "http://www.yangjiang.gov.cn/attachment/0/88/88389/963149.pdf"
    assert doc == ExtractedDocument(
        title="阳江市人民政府办公室关于印发阳江市促进消费若干措施的通知",  # from 名称
        doc_number="阳府办〔2023〕5号",
        index_number="007194536/2023-00123",
        issuing_agency="阳江市人民政府办公室",
        written_date="2023-03-10",
        publish_date="2023-03-15",
        topic="综合政务、其他",  # gkmlpt labels it 分类
        validity=None,
        body_text=(
            "各县（市、区）人民政府，市政府各部门、各直属机构：\n"
            "《阳江市促进消费若干措施》已经市人民政府同意，现印发给你们，请认真贯彻执行。\n"
            "阳江市人民政府办公室\n"
            "2023年3月10日"
        ),
        attachments=[Attachment("阳江市促进消费若干措施.pdf", pdf, "pdf")],
        links=[
            Link("http://www.yangjiang.gov.cn/", "阳江市人民政府门户网站", ""),
            Link(pdf, "阳江市促进消费若干措施.pdf", ""),
        ],
        feedback_window=None,
        js_boxes=[],
        sources={
            "title": "table",
            "doc_number": "table",
            "index_number": "table",
            "issuing_agency": "table",
            "written_date": "table",
            "publish_date": "table",
            "topic": "table",
        },
    )


def test_fragment_without_head_reads_div_rows_and_body_lines():
    doc = extract("fragment_no_head.html", f"{GX}/xxgk/zfbwj/202305/t20230510_1007.html")
    assert doc == ExtractedDocument(
        title="冠县人民政府办公室关于做好2023年森林防火工作的通知",  # the page's title div
        doc_number="冠政办发〔2023〕7号",  # the 文号 line at the top of the body
        index_number="11371525004308123X/2023-00045",
        issuing_agency="冠县人民政府办公室",
        written_date="2023-05-08",  # the date under the signature
        publish_date="2023-05-10",  # the row, not the URL (2023-05-10 too) nor the body
        topic="政府办文件",
        validity=None,
        body_text=(
            "冠政办发（2023）07号\n"
            "各乡镇人民政府、街道办事处，县政府有关部门：\n"
            "为切实做好2023年森林防火工作，经县政府同意，现就有关事项通知如下。\n"
            "一、提高思想认识。各单位要充分认识森林防火工作的重要性。\n"
            "冠县人民政府办公室\n"
            "2023年5月8日"
        ),
        attachments=[],
        links=[],
        feedback_window=None,
        js_boxes=[],
        sources={
            "title": "body",
            "doc_number": "body",
            "index_number": "table",
            "issuing_agency": "table",
            "written_date": "body",
            "publish_date": "table",
            "topic": "table",
        },
    )


def test_gbk_page_with_full_width_padded_labels_in_list_rows():
    doc = extract("fullwidth_labels_gbk.html", f"{GX}/wlj/art/2023/3/15/art_77_9001.html")
    assert doc == ExtractedDocument(
        title="关于公布冠县第一批县级非物质文化遗产代表性项目名录的通知",
        doc_number="冠文旅发〔2023〕3号",  # 冠文旅发［２０２３］３号
        index_number="11371525MB2853999X/2023-00007",
        issuing_agency="冠县文化和旅游局",
        written_date="2023-03-10",  # 二〇二三年三月十日
        publish_date="2023-03-15",  # ２０２３年３月１５日
        topic=None,
        validity="有效",  # labelled 效力状态
        body_text=(
            "各乡镇（街道）文化站，县直有关单位：\n"
            "经评审委员会评审和公示，县政府同意，现公布冠县第一批县级非物质文化遗产代表性项目名录。"
        ),
        attachments=[],
        links=[
            Link(f"{GX}/", "冠县人民政府", ""),
            Link(f"{GX}/wlj/zcjd/", "更多>>", ""),  # resolved against <base href>
            Link(
                "http://www.gov.cn/zhengce/content/2023-03/01/content_1.htm",
                "国务院办公厅关于加强非物质文化遗产保护工作的意见",
                "相关链接",
            ),
            # window.open('…') on a span
            Link(f"{GX}/wlj/zcjd/202303/t20230320_9.html", "解读：冠县非遗名录", "相关链接"),
        ],
        feedback_window="您对本文件有何意见或建议？ 提交",  # a form with a textarea
        js_boxes=[],
        sources={
            "title": "title",
            "doc_number": "table",
            "index_number": "table",
            "issuing_agency": "table",
            "written_date": "table",
            "publish_date": "table",
            "validity": "table",
        },
    )


def test_report_page_with_script_filled_boxes_and_an_empty_box():
    doc = extract("script_boxes.html", f"{GX}/xxgk/ndbg/202301/t20230120_3000.html")
    assert doc == ExtractedDocument(
        title="冠县2022年政府信息公开工作年度报告",
        doc_number=None,  # 文号：无
        index_number="11371525004308123X/2023-00002",
        # ContentSource names the website, so the dl's 发布机构 is used.
        issuing_agency="冠县人民政府办公室",
        written_date=None,
        publish_date="2023-01-20",
        topic="年度报告",
        validity=None,
        source="冠县人民政府门户网站",  # ContentSource: the 来源, whatever it names
        body_text="本报告根据《中华人民共和国政府信息公开条例》要求编制。\n主动公开文件 45件",
        attachments=[],
        links=[],  # the 关联稿件 box is empty: no link
        feedback_window=None,
        js_boxes=["相关解读", "政策咨询、建议与评价"],
        sources={
            "title": "meta",
            "index_number": "table",
            "issuing_agency": "table",
            "publish_date": "meta",
            "topic": "table",
        },
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("hanweb_td_label_gbk.html", None),
        ("hanweb_td_label_gbk.html", "text/html; charset=utf-8"),  # a lying header
        ("fullwidth_labels_gbk.html", "text/html; charset=ISO-8859-1"),
    ],
)
def test_gbk_pages_extract_the_same_whatever_the_header_says(name, content_type):
    url = f"{GX}/art/2023/3/17/art_1229_5001.html"
    assert extract(name, url, content_type) == extract(name, url, "text/html; charset=gbk")
