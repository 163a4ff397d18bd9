"""Metadata cells a script fills (issue 10 item 1): script text is never a value, and a cell
that shows nothing because a script writes it is script-filled (its field's name in
``js_boxes``, the value None), not blank.

The shapes are those real templates use: TRS writes 有效性 with ``document.write`` inside the
cell (computed from a 废止日期 or a flag), others fill a cell through its id from a script at
the foot of the page (``getElementById(…).innerHTML``, jQuery ``$('#…').text``). Each row has
a counter-case: the same layout with the value in the HTML, or a blank cell no script names.
"""

from __future__ import annotations

import pytest

from crawler.extract.document import extract_document

# No date in the URL: a publish date read from it would hide a script-filled 发布日期.
URL = "http://www.example.gov.cn/xxgk/gfxwj/content_1.html"
BODY = (
    '<div class="TRS_Editor"><p>各乡镇人民政府、街道办事处，县政府各部门：现将《办法》印发给你们，'
    "请认真贯彻执行。</p></div>"
)
WRITE_VALIDITY = (
    "<script>var s='1';if(s=='1'){document.write('有效');}else{document.write('失效');}</script>"
)
FILL_BY_ID = (
    '<script>var s="1";document.getElementById("yxx").innerHTML = s=="1"?"有效":"失效";</script>'
)


def table(validity_cell: str, date_cell: str = "<td>2023-03-10</td>") -> str:
    """A TRS-style td/td metadata table; the 有效性 and 发布日期 value cells as given."""
    return (
        '<table class="xxgk"><tr><td>索引号：</td><td>11371525004320000X/2023-00012</td>'
        "<td>发文字号：</td><td>冠政发〔2023〕3号</td></tr>"
        f"<tr><td>发布机构：</td><td>冠县人民政府</td><td>发布日期：</td>{date_cell}</tr>"
        f"<tr><td>有效性：</td>{validity_cell}<td>成文日期：</td><td>2023-03-08</td></tr></table>"
    )


def read(html: str) -> tuple[str | None, list[str]]:
    doc = extract_document(f"<html><body>{html}{BODY}</body></html>", URL)
    return doc.validity, doc.js_boxes


@pytest.mark.parametrize(
    ("html", "validity", "js_boxes"),
    [
        # document.write inside the value cell: unread, not the script's source as a value.
        (table(f'<td id="yxx">{WRITE_VALIDITY}</td>'), None, ["有效性"]),
        (table('<td id="yxx">有效</td>'), "有效", []),
        # An empty cell an inline script fills by its id.
        (table('<td id="yxx"></td>') + FILL_BY_ID, None, ["有效性"]),
        (table('<td id="yxx"></td>'), None, []),
        # jQuery fills it by id.
        (
            table('<td id="yxx"></td>')
            + "<script>$('#yxx').text(flag ? '有效' : '失效');</script>",
            None,
            ["有效性"],
        ),
        (table('<td id="yxx"></td>') + "<script>$('#other').text('x');</script>", None, []),
        # The script right after the label, in the label's own cell.
        (
            table(f"<td>{WRITE_VALIDITY}</td>").replace("<td>有效性：</td><td>", "<td>有效性：", 1),
            None,
            ["有效性"],
        ),
        (table("<td>有效</td>").replace("<td>有效性：</td><td>", "<td>有效性：", 1), "有效", []),
    ],
    ids=[
        "write-in-cell",
        "write-in-cell-counter",
        "filled-by-id",
        "blank-cell",
        "jquery-by-id",
        "jquery-names-another",
        "write-after-label",
        "value-after-label",
    ],
)
def test_validity_cell(html: str, validity: str | None, js_boxes: list[str]) -> None:
    assert read(html) == (validity, js_boxes)


def test_script_text_beside_a_value_is_not_part_of_it() -> None:
    cell = '<td>有效<script>var yxx = "1";</script><style>td{color:red}</style></td>'
    assert read(table(cell)) == ("有效", [])


@pytest.mark.parametrize(
    ("value_place", "validity", "js_boxes"),
    [
        # li/span rows (开普, 大汉 templates): the value span filled by its id.
        ('<span id="yxx"></span>' + FILL_BY_ID, None, ["有效性"]),
        ('<span id="yxx">失效</span>' + FILL_BY_ID, "失效", []),
        # A script after the label span writes the value.
        (WRITE_VALIDITY, None, ["有效性"]),
        ("", None, []),
    ],
    ids=["span-by-id", "span-with-value", "write-after-span", "nothing"],
)
def test_validity_in_list_rows(value_place: str, validity: str | None, js_boxes: list[str]) -> None:
    html = (
        '<ul class="xxgk-info"><li><span>索引号：</span><span>1137/2023-00012</span></li>'
        "<li><span>发文字号：</span><span>冠政发〔2023〕3号</span></li>"
        "<li><span>发布日期：</span><span>2023-03-10</span></li>"
        f"<li><span>有效性：</span>{value_place}</li></ul>"
    )
    assert read(html) == (validity, js_boxes)


def test_script_between_a_label_div_and_the_next_row_fills_the_value() -> None:
    html = (
        '<div class="info"><div class="row"><div>索引号：</div><div>1137/2023-00012</div></div>'
        '<div class="row"><div>文号：</div><div>冠政发〔2023〕3号</div></div>'
        f'<div class="row"><div>有效性：</div>{WRITE_VALIDITY}</div></div>'
    )
    assert read(html) == (None, ["有效性"])


def test_each_script_filled_field_goes_by_its_own_name_in_page_order() -> None:
    html = (
        table('<td id="yxx"></td>', date_cell='<td id="fbrq"></td>')
        + "<script>$('#yxx').text(a); $('#fbrq').text(b);</script>"
    )
    doc = extract_document(f"<html><body>{html}{BODY}</body></html>", URL)
    assert (doc.publish_date, doc.validity, doc.js_boxes) == (None, None, ["发布日期", "有效性"])


def test_a_field_read_another_way_is_not_script_filled() -> None:
    # The 发布日期 cell is filled by a script, but the 发展指引 PubDate tag gives the date.
    html = table("<td>有效</td>", date_cell='<td id="fbrq"></td>') + (
        "<script>$('#fbrq').text(d);</script>"
    )
    head = '<head><meta name="PubDate" content="2023-03-10 09:00"></head>'
    page = f"<html>{head}<body>{html}{BODY}</body></html>"
    doc = extract_document(page, URL)
    assert (doc.publish_date, doc.js_boxes) == ("2023-03-10", [])


def test_a_script_filled_label_quoted_in_the_body_is_not_the_pages_own() -> None:
    # A lone label line inside the article is a quotation (a 解读 quoting its policy).
    body = (
        '<div class="TRS_Editor"><p>现将有关事项解读如下。各乡镇、各部门要认真贯彻执行。</p>'
        f"<p>有效性：{WRITE_VALIDITY}</p></div>"
    )
    doc = extract_document(f"<html><body>{body}</body></html>", URL)
    assert doc.js_boxes == []
