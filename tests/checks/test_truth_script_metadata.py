"""Truth tables: a metadata field a script fills is never absent (issue 10 item 1).

The extractor names a field whose labelled cell a script fills in ``js_boxes`` (有效性,
成文日期, 发布日期 …) and leaves its value None. A check that reads the field says 未能核验 with
the reason 由脚本加载，静态抓取不可见; a value read (a rendered page, a meta tag) is judged as
before, and a field simply missing is still 不符合 where the check says so. Each row has its
counter-case.

Records and helpers come from ``tests/checks/truth.py``.
"""

from __future__ import annotations

import pytest

from checks.findings import Verdict
from checks.records import DocRecord
from crawler.extract.document import extract_document
from tests.checks.truth import FAIL, PASS, UNVERIFIED, greening, judge, run, verdicts

SCRIPT_FILLED = "由脚本加载，静态抓取不可见"
VALIDITY = ("validity_marked", {})
TIMELY = ("publication_timely", {"max_workdays": 20})


@pytest.mark.parametrize(
    ("validity", "js_boxes", "expected", "message"),
    [
        (None, ("有效性",), UNVERIFIED, f"有效性{SCRIPT_FILLED}，无法核验是否标注有效性"),
        (None, (), FAIL, "行政规范性文件未标注有效性"),
        # A script-filled 解读 box says nothing about the 有效性.
        (None, ("相关解读",), FAIL, "行政规范性文件未标注有效性"),
        # Read after all (the page rendered): the value is judged.
        ("有效", ("有效性",), PASS, "有效性：有效"),
    ],
    ids=["script-filled", "missing", "other-box", "read"],
)
def test_validity_marked(
    validity: str | None, js_boxes: tuple[str, ...], expected: Verdict, message: str
) -> None:
    document = greening(validity=validity, js_boxes=js_boxes)
    findings = judge(*VALIDITY, run(document))
    assert verdicts(findings) == [(document.url, expected)]
    assert findings[0].message == message


def test_a_script_filled_validity_shows_so_in_the_evidence() -> None:
    [finding] = judge(*VALIDITY, run(greening(validity=None, js_boxes=("有效性",))))
    assert finding.evidence[0].excerpt == "有效性：由脚本加载"


@pytest.mark.parametrize(
    ("js_boxes", "message"),
    [
        (("成文日期",), f"成文日期{SCRIPT_FILLED}，无法核验公开时限"),
        ((), "页面未标注成文日期，无法核验公开时限"),
    ],
    ids=["script-filled", "missing"],
)
def test_publication_timely_without_a_written_date(js_boxes: tuple[str, ...], message: str) -> None:
    document = greening(written=None, js_boxes=js_boxes)
    findings = judge(*TIMELY, run(document))
    assert verdicts(findings) == [(document.url, UNVERIFIED)]
    assert findings[0].message == message


@pytest.mark.parametrize("check", [VALIDITY, TIMELY], ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("js_boxes", "reason"),
    [(("发布日期",), f"发布日期{SCRIPT_FILLED}"), ((), "页面未识别发布日期")],
    ids=["script-filled", "missing"],
)
def test_a_document_without_a_publish_date_says_why(
    check: tuple[str, dict], js_boxes: tuple[str, ...], reason: str
) -> None:
    document = greening(published=None, js_boxes=js_boxes)
    findings = judge(*check, run(document))
    assert verdicts(findings) == [(document.url, UNVERIFIED)]
    assert findings[0].message == f"{reason}，无法判断是否属2023年度"


# The extractor and the checks agree on the names without importing each other: a page
# read by the extractor, judged by the check.
PAGE = (
    '<html><body><table class="xxgk"><tr><td>索引号：</td><td>1137/2023-00012</td>'
    "<td>发文字号：</td><td>冠政发〔2023〕8号</td></tr>"
    "<tr><td>发布日期：</td><td>2023-09-28</td><td>成文日期：</td>{written}</tr>"
    "<tr><td>有效性：</td>{validity}</tr></table>"
    '<div class="TRS_Editor"><p>各乡镇人民政府、街道办事处，县政府各部门：现将《办法》印发给你们，'
    "请认真贯彻执行。</p></div></body></html>"
)
WRITE = "<td><script>if (flag) {{ document.write('{0}'); }}</script></td>"


def extracted(html: str) -> DocRecord:
    """The greening document with the metadata the extractor reads from ``html``."""
    doc = extract_document(html, "http://www.guanxian.gov.cn/xxgk/gfxwj/content_8.html")
    written = None if doc.written_date is None else greening().written_date
    return greening(validity=doc.validity, written=written, js_boxes=tuple(doc.js_boxes))


@pytest.mark.parametrize(
    ("validity_cell", "expected"),
    [(WRITE.format("有效"), UNVERIFIED), ("<td>有效</td>", PASS), ("<td></td>", FAIL)],
    ids=["written-by-script", "in-the-html", "blank"],
)
def test_an_extracted_validity_cell_is_judged(validity_cell: str, expected: Verdict) -> None:
    html = PAGE.format(written="<td>2023-09-20</td>", validity=validity_cell)
    document = extracted(html)
    assert verdicts(judge(*VALIDITY, run(document))) == [(document.url, expected)]


def test_an_extracted_script_filled_written_date_is_unverified_with_the_reason() -> None:
    html = PAGE.format(written=WRITE.format("2023-09-20"), validity="<td>有效</td>")
    [finding] = judge(*TIMELY, run(extracted(html)))
    assert (finding.verdict, finding.message) == (
        UNVERIFIED,
        f"成文日期{SCRIPT_FILLED}，无法核验公开时限",
    )
