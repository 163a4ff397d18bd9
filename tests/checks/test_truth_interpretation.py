"""Truth tables for the 解读 scope (``decide_scope``), interpretation_published and
interpretation_linked_both_ways: which documents need a 解读, and whether it is there and linked.

Records and helpers come from ``tests/checks/truth.py``, which says how the tables are built.
"""

from __future__ import annotations

import datetime as dt

import pytest

from checks.context import decide_scope
from checks.findings import Verdict
from checks.records import (
    LinkRecord,
)
from tests.checks.truth import (
    COLUMN_OF_ROLE,
    FAIL,
    PASS,
    SCOPE,
    UNVERIFIED,
    D,
    doc,
    failure,
    greening,
    greening_interp,
    interp,
    judge,
    linked_pair,
    linking,
    run,
    verdicts,
)

# ---------------------------------------------------------------------------------------------
# decide_scope


@pytest.mark.parametrize(
    ("title", "number", "roles", "needed", "reason"),
    [
        pytest.param(
            "冠县人民政府关于印发冠县城市绿化管理办法的通知",
            "冠政发〔2023〕8号",
            ["政策文件", "规范性文件"],
            True,
            "列于规范性文件栏目",
            id="role-included-first",
        ),
        pytest.param(
            "冠县人民政府办公室关于开展安全生产大检查的通知",
            "冠政办发〔2023〕3号",
            ["政策文件"],
            True,
            "文号“冠政办发〔2023〕3号”为冠政办发文件",
            id="doc-number-included",
        ),
        pytest.param(
            "冠县人民政府办公室关于印发冠县推进中医药传承创新发展实施方案的通知",
            "冠政办字〔2023〕53号",
            ["政策文件"],
            True,
            "标题含“实施方案”",
            id="title-included",
        ),
        pytest.param(
            "关于印发冠县推进中医药传承创新发展实施方案的通知",
            None,
            [],
            True,
            "标题含“实施方案”",
            id="title-included-without-doc-number",
        ),
        pytest.param(
            "冠县人民政府办公室关于开展安全生产大检查的通知",
            "冠政办字〔2023〕9号",
            ["政策文件"],
            False,
            "非政策性文件（不符合任何纳入规则）",
            id="nothing-matches",
        ),
        pytest.param(
            "冠县人民政府关于张三等同志任免职务的通知",
            "冠政发〔2023〕2号",
            ["规范性文件"],
            False,
            "标题含“任免”，不属需解读的政策性文件",
            id="title-exclusion-beats-role-and-doc-number",
        ),
        pytest.param(
            "冠县人民政府关于冠县2023年度土地储备计划实施方案的批复",
            "冠政字〔2023〕38号",
            ["政策文件"],
            False,
            "标题含“批复”，不属需解读的政策性文件",
            id="title-exclusion-beats-title-inclusion",
        ),
        pytest.param(
            "冠县人民政府办公室关于征求冠县物业管理办法意见的函",
            "冠政办发〔2023〕5号",
            ["政策文件"],
            False,
            "标题含“函”，不属需解读的政策性文件",
            id="first-exclusion-pattern-names-its-word",
        ),
        pytest.param(
            "冠县人民政府办公室关于印发冠县物业管理办法的通知",
            "冠政办函〔2023〕4号",
            ["政策文件"],
            False,
            "文号含“函”，不属需解读的政策性文件",
            id="doc-number-exclusion",
        ),
    ],
)
def test_decide_scope(
    title: str, number: str | None, roles: list[str], needed: bool, reason: str
) -> None:
    decision = decide_scope(title, number, roles, SCOPE)
    assert (decision.needed, decision.reason) == (needed, reason)


# ---------------------------------------------------------------------------------------------
# interpretation_published

PUBLISHED = "interpretation_published"


def test_interpretation_published_passes_a_document_with_an_interpretation() -> None:
    document = greening()
    findings = judge(PUBLISHED, {}, run(document, greening_interp(document)))
    assert verdicts(findings) == [(document.url, PASS)]
    assert findings[0].message == "已发布解读 1 篇（列于规范性文件栏目）"


def test_interpretation_published_fails_a_document_without_one() -> None:
    document = greening()
    findings = judge(PUBLISHED, {}, run(document))
    assert verdicts(findings) == [(document.url, FAIL)]
    assert findings[0].message == "需解读（列于规范性文件栏目），但未找到对应解读材料"


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("冠县人民政府关于张三等同志任免职务的通知", "冠政发〔2023〕2号"),
        ("冠县人民政府关于冠县2023年度土地储备计划的批复", "冠政发〔2023〕9号"),
        ("冠县人民政府办公室关于商请支持冠县城市绿化管理办法修订工作的函", "冠政办发〔2023〕5号"),
        ("冠县人民政府办公室关于印发冠县物业管理办法的通知", "冠政办函〔2023〕4号"),
        ("冠县人民政府办公室关于开展安全生产大检查的通知", "冠政办字〔2023〕9号"),
    ],
    ids=["任免", "批复", "函-title", "函-doc-number", "no-inclusion"],
)
def test_interpretation_published_does_not_judge_documents_out_of_scope(
    title: str, number: str
) -> None:
    assert judge(PUBLISHED, {}, run(doc(title, number=number))) == []


def test_interpretation_published_does_not_judge_documents_of_another_year() -> None:
    assert judge(PUBLISHED, {}, run(greening(published=D(2022, 12, 30)))) == []


def test_interpretation_published_judges_only_the_rows_units() -> None:
    own = doc(
        "冠县交通运输局关于印发冠县农村公路养护管理办法的通知",
        agency="冠县交通运输局",
        number="冠交发〔2023〕4号",
    )
    records = run(own)
    assert verdicts(judge(PUBLISHED, {"units": ["县交通运输局"]}, records)) == [(own.url, FAIL)]
    assert judge(PUBLISHED, {"units": ["县教育和体育局"]}, records) == []


def test_interpretation_published_is_unverified_when_the_policy_column_was_not_reached() -> None:
    findings = judge(PUBLISHED, {}, run(unreached={"政策文件": "HTTP 502"}))
    assert verdicts(findings) == [("column:zcwj", UNVERIFIED)]
    assert findings[0].message == "栏目未能抓取，其中的文件无法核验：HTTP 502"


def test_interpretation_published_is_unverified_without_the_interpretation_column() -> None:
    document = greening()
    findings = judge(PUBLISHED, {}, run(document, unreached={"政策解读": "HTTP 404"}))
    assert verdicts(findings) == [(document.url, UNVERIFIED)]
    assert "HTTP 404" in findings[0].message


@pytest.mark.parametrize(
    ("title", "listed", "expected"),
    [
        ("冠县人民政府办公室关于印发冠县冬季清洁取暖工作实施方案的通知", D(2023, 10, 16), True),
        ("冠县人民政府办公室关于印发冠县冬季清洁取暖工作实施方案的通知", None, True),
        ("冠县人民政府办公室关于印发冠县冬季清洁取暖工作实施方案的通知", D(2022, 10, 16), False),
        ("冠县人民政府关于张三等同志任免职务的通知", D(2023, 10, 16), False),
    ],
    ids=["in-scope", "no-list-date", "other-year", "out-of-scope"],
)
def test_interpretation_published_is_unverified_for_a_policy_page_not_fetched(
    title: str, listed: dt.date | None, expected: bool
) -> None:
    lost = failure(title, listed=listed)
    findings = judge(PUBLISHED, {}, run(failures=[lost]))
    assert verdicts(findings) == ([(lost.url, UNVERIFIED)] if expected else [])
    if expected:
        assert findings[0].message == "文件页面未能抓取（HTTP 503），无法核验是否已解读"


def test_interpretation_published_is_unverified_when_its_interpretation_page_failed() -> None:
    # BUG: failures in the 政策解读 column are ignored, so a document whose listed 解读 could not
    # be fetched is accused of having none (不符合) instead of 未能核验.
    document = greening()
    lost = failure("《冠县城市绿化管理办法》政策解读", role="政策解读", listed=D(2023, 10, 9))
    findings = judge(PUBLISHED, {}, run(document, failures=[lost]))
    assert verdicts(findings) == [(document.url, UNVERIFIED)]
    assert "HTTP 503" in findings[0].message


# ---------------------------------------------------------------------------------------------
# interpretation_linked_both_ways

LINKED = "interpretation_linked_both_ways"


@pytest.mark.parametrize(
    ("forward", "back", "expected", "message"),
    [
        (True, True, PASS, "解读与原文已双向链接"),
        (True, False, FAIL, "政策原文页未链接解读"),
        (False, True, FAIL, "解读页未链接政策原文"),
        (False, False, FAIL, "解读页未链接政策原文；政策原文页未链接解读"),
    ],
    ids=["both", "forward-only", "back-only", "neither"],
)
def test_interpretation_linked_both_ways(
    forward: bool, back: bool, expected: Verdict, message: str
) -> None:
    document, interpretation = linked_pair(
        greening(), "《冠县城市绿化管理办法》政策解读", forward=forward, back=back
    )
    findings = judge(LINKED, {}, run(document, interpretation))
    assert verdicts(findings) == [(interpretation.url, expected)]
    assert findings[0].message == message


@pytest.mark.parametrize(
    ("forward", "back", "doc_boxes", "interp_boxes", "expected"),
    [
        (True, False, ("相关解读",), (), UNVERIFIED),
        (False, True, (), ("相关文件",), UNVERIFIED),
        (False, False, ("相关解读",), (), UNVERIFIED),
        # A script box on the side whose link is present hides nothing that is missing.
        (False, True, ("相关解读",), (), FAIL),
        (True, True, ("相关解读",), ("相关文件",), PASS),
        # A script-filled cell or window holds no link: the missing back link is seen missing.
        (True, False, ("有效性", "政策咨询、建议与评价"), (), FAIL),
    ],
    ids=[
        "back-link-box-by-script",
        "forward-link-box-by-script",
        "both-missing-one-box-by-script",
        "script-box-on-the-linked-side",
        "links-read-despite-script-boxes",
        "script-filled-cell-hides-no-link",
    ],
)
def test_interpretation_linked_both_ways_never_fails_what_a_script_hides(
    forward: bool,
    back: bool,
    doc_boxes: tuple[str, ...],
    interp_boxes: tuple[str, ...],
    expected: Verdict,
) -> None:
    document, interpretation = linked_pair(
        greening(js_boxes=doc_boxes),
        "《冠县城市绿化管理办法》政策解读",
        forward=forward,
        back=back,
        js_boxes=interp_boxes,
    )
    findings = judge(LINKED, {}, run(document, interpretation))
    assert verdicts(findings) == [(interpretation.url, expected)]
    if expected is UNVERIFIED:
        boxes = "、".join((*doc_boxes, *interp_boxes))
        assert findings[0].message == f"关联栏目“{boxes}”由脚本生成，未渲染无法核验双向链接"


@pytest.mark.parametrize(
    ("doc_date", "interp_date", "judged"),
    [
        (D(2022, 12, 28), D(2023, 1, 4), True),  # the 解读's year decides
        (D(2022, 12, 1), D(2022, 12, 5), False),
        (D(2023, 5, 10), None, True),  # no 解读 date: the document's year decides
        (D(2022, 5, 10), None, False),
    ],
    ids=["interp-in-year", "both-before", "undated-interp-doc-in-year", "undated-interp-old-doc"],
)
def test_interpretation_linked_both_ways_judges_pairs_of_the_catalog_year(
    doc_date: dt.date, interp_date: dt.date | None, judged: bool
) -> None:
    document, interpretation = linked_pair(
        greening(published=doc_date, written=doc_date),
        "《冠县城市绿化管理办法》政策解读",
        forward=True,
        back=True,
        published=interp_date,
    )
    findings = judge(LINKED, {}, run(document, interpretation))
    assert verdicts(findings) == ([(interpretation.url, PASS)] if judged else [])


@pytest.mark.parametrize("role", ["政策文件", "规范性文件", "政策解读"])
def test_interpretation_linked_both_ways_is_unverified_for_an_unreached_column(role: str) -> None:
    findings = judge(LINKED, {}, run(unreached={role: "需要浏览器渲染"}))
    assert verdicts(findings) == [(f"column:{COLUMN_OF_ROLE[role]}", UNVERIFIED)]
    assert findings[0].message == "栏目未能抓取，其中的文件无法核验：需要浏览器渲染"


def test_interpretation_linked_both_ways_is_unverified_when_the_linked_page_failed() -> None:
    # BUG: an interpretation whose 原文链接 points at a listed page the crawl could not fetch is
    # silently left out (no finding at all) instead of 未能核验.
    lost = failure("冠县人民政府办公室关于印发冠县冬季清洁取暖工作实施方案的通知")
    interpretation = interp(
        "《冠县冬季清洁取暖工作实施方案》政策解读",
        published=D(2023, 10, 17),
        links=(LinkRecord(lost.url, lost.title, "原文链接"),),
    )
    findings = judge(LINKED, {}, run(interpretation, failures=[lost]))
    assert verdicts(findings) == [(interpretation.url, UNVERIFIED)]
    assert "HTTP 503" in findings[0].message


def test_interpretation_linked_both_ways_reads_a_link_written_with_the_default_port() -> None:
    # BUG: _links_to compares URLs with its own _norm, which keeps ":80"; the linker pairs the
    # two pages (normalise_url drops the default port), then the check says the 解读 page does
    # not link the document although it does.
    document = greening()
    port_url = document.url.replace("www.guanxian.gov.cn/", "www.guanxian.gov.cn:80/")
    interpretation = interp(
        "《冠县城市绿化管理办法》政策解读",
        published=D(2023, 10, 9),
        links=(LinkRecord(port_url, document.title, "原文链接"),),
    )
    document = linking(document, interpretation)
    findings = judge(LINKED, {}, run(document, interpretation))
    assert verdicts(findings) == [(interpretation.url, PASS)]


# The checks whose truth tables this module holds: test_truth_engine.py asserts that every
# registered check is in the CHECKS of one module.
CHECKS = frozenset({PUBLISHED, LINKED})
