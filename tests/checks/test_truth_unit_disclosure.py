"""Truth tables for unit_disclosure (per-unit evidence of a row's topics) and disclosure_count
(items per unit and period against the row's number).

Records and helpers come from ``tests/checks/truth.py``; the units are the 冠县 profile's
(县人力资源和社会保障局, 县民政局, 清泉街道, 东古城镇 …), the documents' 发布机构 written the way
the portal writes them (冠县人力资源和社会保障局), so the registry has to resolve them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from checks.context import CheckContext
from checks.findings import Evidence, Finding
from checks.records import ColumnRecord, DocRecord, FetchFailure
from checks.rules import all_checks
from tests.checks.truth import (
    BASE,
    PASS,
    PROFILE,
    UNVERIFIED,
    D,
    catalog,
    column,
    doc,
    row,
    run,
)

HR = "县人力资源和社会保障局"
CIVIL = "县民政局"
TERMS = ["就业帮扶", "职业技能培训", "社会保险待遇"]
SEARCHED = "就业帮扶、职业技能培训、社会保险待遇"
HR_COLUMN = column("政策文件", column_id="rsj", unit=HR)
FETCHED = "2024-01-05T08:00:00+00:00"
ISSUED_ON = D(2023, 5, 6)
CONSULTED_ON = D(2023, 6, 5)


def hr_doc(title: str, *, body: str = "", published: dt.date | None = ISSUED_ON) -> DocRecord:
    """A document the 人社局 issued, listed in the government's 政策文件 column."""
    return doc(title, agency="冠县人力资源和社会保障局", body=body, published=published)


def findings_of(
    name: str,
    params: dict[str, Any],
    documents: Sequence[DocRecord],
    *,
    units: Sequence[str] = (HR,),
    deadline: str = "全年",
    columns: Sequence[ColumnRecord] = (HR_COLUMN,),
    failures: Sequence[FetchFailure] = (),
    unreached: dict[str, str] | None = None,
) -> list[Finding]:
    """The findings of check ``name`` on a one-row catalog whose row has ``units`` and
    ``deadline``, over a run of ``documents``."""
    table = row("t", {"name": name, **params}, units=units)
    table["deadline"] = deadline
    records = run(*documents, extra_columns=columns, failures=failures, unreached=unreached)
    ctx = CheckContext(run=records, profile=PROFILE, catalog=catalog(table))
    ctx.row_id = "t"
    return all_checks()[name].run(ctx, params)


def summary(findings: Sequence[Finding]) -> list[tuple[str, str, str]]:
    return [(f.subject, str(f.verdict), f.message) for f in findings]


def disclosure(documents: Sequence[DocRecord], **options: Any) -> list[Finding]:
    return findings_of("unit_disclosure", {"terms": TERMS}, documents, **options)


# ---------------------------------------------------------------------------------------------
# unit_disclosure


def test_a_unit_with_a_document_on_the_topic_gets_it_as_evidence_for_a_person() -> None:
    policy = hr_doc("关于做好2023年就业帮扶工作的通知")
    findings = disclosure([policy])
    assert summary(findings) == [
        (
            f"unit:{HR}",
            "需人工核验",
            "发现相关公开信息1条（匹配：就业帮扶），请核对是否满足本项要求",
        )
    ]
    # One document: IDF ln(1 + 0.5/1.5) = 0.288; a title hit weighs 3: 0.288 x 3 x 2.2 / 4.2.
    assert findings[0].evidence == (
        Evidence(
            url=policy.url,
            fetched_at=FETCHED,
            excerpt=("关于做好2023年就业帮扶工作的通知（匹配：就业帮扶；相关度 0.5；2023-05-06）"),
            label="相关公开信息",
        ),
    )
    assert findings[0].unit == HR


def test_a_unit_whose_only_document_shares_a_word_but_not_a_term_has_nothing_found() -> None:
    trainees = hr_doc(
        "关于公布2023年就业见习基地名单的通知", body="经评审，认定以下单位为就业见习基地。"
    )
    assert summary(disclosure([trainees])) == [
        (
            f"unit:{HR}",
            "需人工核验",
            f"未发现相关公开信息（检索词：{SEARCHED}；已检索该单位1条公开信息）",
        )
    ]


def test_a_term_in_the_body_only_is_found() -> None:
    notice = hr_doc("关于印发2023年工作要点的通知", body="一、强化就业\n帮扶，落实各项补贴。")
    assert summary(disclosure([notice]))[0][2] == (
        "发现相关公开信息1条（匹配：就业帮扶），请核对是否满足本项要求"
    )


def test_a_curated_variant_of_a_term_is_found_and_named() -> None:
    notice = hr_doc("关于调整2023年社保待遇标准的通知")
    assert summary(disclosure([notice]))[0][2] == (
        "发现相关公开信息1条（匹配：社保待遇），请核对是否满足本项要求"
    )


def test_the_message_counts_every_match_and_the_evidence_shows_the_best_three() -> None:
    weak = hr_doc("关于印发2023年工作要点的通知", body="做好就业帮扶。" + "其他工作。" * 300)
    strong = [
        hr_doc("关于做好就业帮扶工作的通知"),
        hr_doc("关于开展职业技能培训的通知"),
        hr_doc("关于调整社会保险待遇的通知"),
    ]
    findings = disclosure([weak, *strong])
    assert summary(findings)[0][2] == (
        f"发现相关公开信息4条（匹配：{SEARCHED}），请核对是否满足本项要求"
    )
    assert {e.url for e in findings[0].evidence} == {d.url for d in strong}


def test_a_document_after_the_rows_due_date_is_not_searched() -> None:
    late = hr_doc("关于做好就业帮扶工作的通知", published=D(2023, 9, 1))
    assert summary(disclosure([late], deadline="2023年8月底前")) == [
        (
            f"unit:{HR}",
            "需人工核验",
            f"未发现相关公开信息（检索词：{SEARCHED}；已检索该单位0条公开信息）",
        )
    ]


def test_a_document_on_the_rows_due_date_is_searched() -> None:
    on_time = hr_doc("关于做好就业帮扶工作的通知", published=D(2023, 8, 31))
    assert summary(disclosure([on_time], deadline="2023年8月底前"))[0][1] == "需人工核验"
    assert summary(disclosure([on_time], deadline="2023年8月底前"))[0][2].startswith("发现")


def test_a_document_listed_in_the_units_own_column_is_the_units() -> None:
    reposted = doc(
        "关于做好就业帮扶工作的通知", agency="冠县人民政府", columns=("rsj",), units=(HR,)
    )
    assert summary(disclosure([reposted]))[0][2].startswith("发现相关公开信息1条")


def test_a_unit_with_nothing_read_is_unverified() -> None:
    assert summary(disclosure([], units=(CIVIL,))) == [
        (
            f"unit:{CIVIL}",
            "未能核验",
            f"未发现相关公开信息（检索词：{SEARCHED}），但无法核验：未采集到该单位的公开信息",
        )
    ]


def test_a_unit_whose_own_column_was_not_reached_is_unverified() -> None:
    dead = column("政策文件", column_id="rsj", unit=HR, reached=False, error="HTTP 404")
    trainees = hr_doc("关于公布2023年就业见习基地名单的通知")
    assert summary(disclosure([trainees], columns=[dead])) == [
        (
            f"unit:{HR}",
            "未能核验",
            f"未发现相关公开信息（检索词：{SEARCHED}），但无法核验：{HR}政策文件（HTTP 404）",
        )
    ]


def test_a_match_found_stays_evidence_though_the_units_column_was_not_reached() -> None:
    dead = column("政策文件", column_id="rsj", unit=HR, reached=False, error="HTTP 404")
    policy = hr_doc("关于做好就业帮扶工作的通知")
    assert summary(disclosure([policy], columns=[dead]))[0][1] == "需人工核验"


def test_a_failed_government_page_titled_with_a_term_leaves_the_unit_unverified() -> None:
    lost = FetchFailure(
        url=f"{BASE}zcwj/202306/t1.html",
        column_id="zcwj",
        status=503,
        error="HTTP 503",
        title="关于做好就业帮扶工作的通知",
        list_date=D(2023, 6, 1),
    )
    assert summary(disclosure([], failures=[lost]))[0][1:] == (
        "未能核验",
        f"未发现相关公开信息（检索词：{SEARCHED}），但无法核验：1 个文件页面未能抓取（HTTP 503）",
    )


def test_a_failed_government_page_on_another_topic_does_not() -> None:
    lost = FetchFailure(
        url=f"{BASE}zcwj/202306/t1.html",
        column_id="zcwj",
        status=503,
        error="HTTP 503",
        title="关于做好森林防火工作的通知",
        list_date=D(2023, 6, 1),
    )
    assert summary(disclosure([], failures=[lost]))[0][1] == "需人工核验"


def test_a_unit_the_portal_does_not_show_is_reported_unresolved() -> None:
    assert summary(disclosure([], units=("县融媒体中心",))) == [
        ("unit:县融媒体中心", "未能核验", "责任单位“县融媒体中心”未能对应到门户网站上的单位")
    ]


def test_a_township_group_gets_one_finding_per_township() -> None:
    subjects = [f.subject for f in disclosure([], units=("各乡镇（街道）",))]
    assert subjects == ["unit:清泉街道", "unit:东古城镇"]


def test_the_units_parameter_picks_some_of_the_rows_units() -> None:
    params = {"terms": TERMS, "units": ["县民政局"]}
    findings = findings_of("unit_disclosure", params, [], units=(HR, "县民政局"))
    assert [f.subject for f in findings] == [f"unit:{CIVIL}"]


def test_the_roles_parameter_leaves_out_documents_of_other_columns() -> None:
    interpretation = doc(
        "《关于做好就业帮扶工作的通知》政策解读",
        roles=("政策解读",),
        agency="冠县人力资源和社会保障局",
    )
    params = {"terms": TERMS, "roles": ["政策文件"]}
    assert summary(findings_of("unit_disclosure", params, [interpretation]))[0][2] == (
        f"未发现相关公开信息（检索词：{SEARCHED}；已检索该单位0条公开信息）"
    )


# ---------------------------------------------------------------------------------------------
# disclosure_count

COUNT = {"terms": ["征求意见"], "minimum": 2, "roles": ["意见征集"]}
SPAN = "2023-01-01至2023-12-31"


def consultation(title: str, published: dt.date | None = CONSULTED_ON) -> DocRecord:
    return doc(
        title,
        roles=("意见征集",),
        agency=None,
        published=published,
        columns=("yjzj",),
        units=(HR,),
    )


def counted(documents: Sequence[DocRecord], **options: Any) -> list[Finding]:
    return findings_of("disclosure_count", COUNT, documents, **options)


def test_a_unit_with_as_many_items_as_the_row_asks_passes() -> None:
    items = [
        consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告"),
        consultation("关于征求《冠县技能人才评价办法》意见的通知", D(2023, 9, 1)),
    ]
    findings = counted(items)
    assert summary(findings) == [
        (f"unit:{HR}", "符合", f"{SPAN}标题含“征求意见”的公开信息2次，不少于2次")
    ]
    assert [e.url for e in findings[0].evidence] == [d.url for d in items]


def test_a_unit_with_fewer_items_than_the_row_asks_fails() -> None:
    items = [consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告")]
    assert summary(counted(items)) == [
        (f"unit:{HR}", "不符合", f"{SPAN}标题含“征求意见”的公开信息仅1次，少于2次")
    ]


def test_a_consultation_and_its_result_notice_count_once() -> None:
    items = [
        consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告"),
        consultation("关于《冠县就业补贴办法》征求意见采纳情况的说明", D(2023, 7, 5)),
    ]
    assert summary(counted(items))[0][1] == "不符合"


def test_a_variant_title_counts() -> None:
    items = [
        consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告"),
        consultation("关于开展2023年度意见征集活动的公告"),
    ]
    assert summary(counted(items))[0][1] == "符合"


def test_an_item_after_the_due_date_does_not_count() -> None:
    items = [
        consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告"),
        consultation("关于征求《冠县技能人才评价办法》意见的通知", D(2023, 9, 1)),
    ]
    assert summary(counted(items, deadline="2023年8月底前")) == [
        (
            f"unit:{HR}",
            "不符合",
            "2023-01-01至2023-08-31标题含“征求意见”的公开信息仅1次，少于2次",
        )
    ]


def test_too_few_items_in_a_column_not_read_whole_is_unverified() -> None:
    items = [consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告")]
    assert summary(counted(items, unreached={"意见征集": "HTTP 503"})) == [
        (
            f"unit:{HR}",
            "未能核验",
            f"{SPAN}标题含“征求意见”的公开信息仅1次，少于2次，但无法核验：意见征集（HTTP 503）",
        )
    ]


def test_too_few_items_with_an_undated_match_is_unverified() -> None:
    items = [
        consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告"),
        consultation("关于征求《冠县技能人才评价办法》意见的通知", None),
    ]
    assert summary(counted(items))[0][1:] == (
        "未能核验",
        f"{SPAN}标题含“征求意见”的公开信息仅1次，少于2次，"
        "但无法核验：1条相关信息发布日期不详，无法判断是否在期限内",
    )


def test_a_portal_wide_count_is_one_finding_on_the_rows_first_unit() -> None:
    other = doc(
        "关于征求《冠县养老服务条例》意见的通知",
        roles=("意见征集",),
        agency="冠县民政局",
        published=D(2023, 3, 1),
    )
    items = [consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告"), other]
    params = {**COUNT, "per_unit": False}
    findings = findings_of("disclosure_count", params, items, units=(HR, CIVIL))
    assert summary(findings) == [
        (f"unit:{HR}", "符合", f"{SPAN}标题含“征求意见”的公开信息2次，不少于2次")
    ]


def test_a_count_per_unit_judges_each_unit_on_its_own_items() -> None:
    items = [
        consultation("关于公开征求《冠县就业补贴办法（征求意见稿）》意见的公告"),
        consultation("关于征求《冠县技能人才评价办法》意见的通知", D(2023, 9, 1)),
    ]
    findings = counted(items, units=(HR, CIVIL))
    assert [(f.subject, f.verdict) for f in findings] == [
        (f"unit:{HR}", PASS),
        (f"unit:{CIVIL}", UNVERIFIED),
    ]
    assert findings[1].message.endswith("但无法核验：未采集到该单位的公开信息")


# The checks these tables cover (``test_truth_engine.py`` asks every registered check for one).
CHECKS = frozenset({"unit_disclosure", "disclosure_count"})
