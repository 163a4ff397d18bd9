"""checks.linker on real titles: revisions, the province's or city's document of the same name,
shortened and glossed titles, and 相关文件 / 相关解读 lines at the foot of a body.

First the labelled set per kind (``tests/data/linker_pairs.toml``; ``bench/linker_pairs.py``
prints the same figures), then one behaviour per test, each with its negative control.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from checks.linker import link
from checks.records import DocRecord, LinkRecord
from tests.checks.test_linker import doc, drawn, interp, load_labelled, scores_by_kind

# The aims of issue 10 (6).
MIN_PAIRS = 60
MIN_PRECISION = 0.95
MIN_RECALL = 0.9
MIN_SHORTENED_RECALL = 0.9
REAL_TITLE_KINDS = ("revised", "provincial", "shortened", "foot_links")


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    labelled = load_labelled()
    pairs = link(labelled.documents, labelled.interpretations)
    return scores_by_kind(labelled, {(p.document_id, p.interpretation_id) for p in pairs})


@pytest.mark.parametrize("kind", REAL_TITLE_KINDS)
def test_each_kind_has_pairs_and_hard_negatives(scores: dict[str, Any], kind: str) -> None:
    assert scores[kind].positives >= 5
    assert scores[kind].negatives >= 4


def test_labelled_set_reaches_overall_precision_and_recall(scores: dict[str, Any]) -> None:
    overall = scores["all"]
    assert overall.positives >= MIN_PAIRS
    assert overall.precision >= MIN_PRECISION
    assert overall.recall >= MIN_RECALL


@pytest.mark.parametrize("kind", ["revised", "provincial"])
def test_no_revised_or_provincial_trap_is_drawn(scores: dict[str, Any], kind: str) -> None:
    assert scores[kind].trapped == 0
    assert scores[kind].precision == 1.0


def test_shortened_titles_find_their_documents(scores: dict[str, Any]) -> None:
    assert scores["shortened"].recall >= MIN_SHORTENED_RECALL


def test_foot_lines_pair_without_falling_into_traps(scores: dict[str, Any]) -> None:
    assert scores["foot_links"].trapped == 0
    assert scores["foot_links"].recall >= MIN_RECALL


# ---------------------------------------------------------------------------------------------
# Focused behaviours


def test_a_revision_is_not_its_original() -> None:
    original = doc("冠县人民政府关于印发冠县殡葬管理办法的通知", publish_date=dt.date(2018, 5, 10))
    revision = interp("关于《冠县殡葬管理办法（修订）》的解读", publish_date=dt.date(2023, 4, 10))
    assert drawn([original], [revision]) == set()


def test_a_revision_pairs_with_a_notice_issued_with_it() -> None:
    # The notice does not say 修订, but a 解读 published days later explains it.
    notice = doc("冠县人民政府关于印发冠县殡葬管理办法的通知", publish_date=dt.date(2023, 4, 6))
    revision = interp("关于《冠县殡葬管理办法（修订）》的解读", publish_date=dt.date(2023, 4, 10))
    assert drawn([notice], [revision]) == {(notice.id, revision.id)}


def test_a_revision_year_rules_out_the_previous_years_original() -> None:
    # One year apart: the year veto (give or take one) lets it through, the revision does not.
    original = doc(
        "冠县人民政府关于印发冠县城市供水管理办法的通知", publish_date=dt.date(2021, 3, 2)
    )
    revised = doc(
        "冠县人民政府关于印发冠县城市供水管理办法的通知", publish_date=dt.date(2022, 6, 20)
    )
    explainer = interp("《冠县城市供水管理办法（2022年修订）》解读")
    assert drawn([original], [explainer]) == set()
    assert drawn([revised], [explainer]) == {(revised.id, explainer.id)}  # negative control


def test_a_numbered_edition_is_not_the_first() -> None:
    first = doc("冠县人民政府办公室关于印发冠县支持农村电商发展若干措施的通知")
    second = doc("冠县人民政府办公室关于印发冠县支持农村电商发展若干措施（2.0版）的通知")
    explainer = interp("一图读懂《冠县支持农村电商发展若干措施（2.0版）》")
    assert drawn([first], [explainer]) == set()
    assert drawn([first, second], [explainer]) == {(second.id, explainer.id)}


def test_a_city_title_is_not_its_districts() -> None:
    city = doc(
        "毕节市人民政府办公室关于印发毕节市2015年城乡居民基本医疗保险实施方案的通知",
        issuing_agency="毕节市人民政府办公室",
    )
    district = doc(
        "毕节市七星关区人民政府办公室关于印发毕节市七星关区2015年城乡居民基本医疗保险实施方案的通知",
        issuing_agency="毕节市七星关区人民政府办公室",
    )
    explainer = interp("《毕节市2015年城乡居民基本医疗保险实施方案》解读")
    assert drawn([district], [explainer]) == set()
    assert drawn([city], [explainer]) == {(city.id, explainer.id)}  # negative control


def test_a_headline_naming_the_province_is_not_the_countys() -> None:
    county = doc("冠县人民政府关于促进乡村民宿高质量发展的实施意见", issuing_agency="冠县人民政府")
    provincial = doc(
        "山东省人民政府关于促进乡村民宿高质量发展的实施意见", issuing_agency="山东省人民政府"
    )
    explainer = interp("解读：省政府《关于促进乡村民宿高质量发展的实施意见》")
    assert drawn([county], [explainer]) == set()
    assert drawn([provincial], [explainer]) == {(provincial.id, explainer.id)}


def test_a_vertically_managed_units_place_is_its_county() -> None:
    county = doc("冠县人民政府办公室关于进一步优化税费服务的若干措施")
    city = doc(
        "聊城市人民政府办公室关于进一步优化税费服务的若干措施",
        issuing_agency="聊城市人民政府办公室",
    )
    explainer = interp(
        "《关于进一步优化税费服务的若干措施》解读", issuing_agency="国家税务总局冠县税务局"
    )
    assert drawn([county, city], [explainer]) == {(county.id, explainer.id)}


def test_a_gloss_and_a_trial_marker_do_not_hide_the_title() -> None:
    rules = doc("冠县医疗保障局 冠县财政局关于印发冠县按疾病诊断相关分组付费实施细则的通知")
    explainer = interp("《冠县按疾病诊断相关分组（DRG）付费实施细则（暂行）》政策解读")
    [pair] = link([rules], [explainer])
    assert pair.signals["quoted_title"] > 0


def test_an_abbreviation_meets_its_full_form() -> None:
    plan = doc("冠县人民政府关于印发冠县深化医疗保障制度改革实施方案的通知")
    explainer = interp("《冠县深化医保制度改革实施方案》解读")
    other = interp("《冠县深化医药卫生体制改革实施方案》解读")  # negative control
    assert drawn([plan], [explainer, other]) == {(plan.id, explainer.id)}


def _subsidies() -> list[DocRecord]:
    return [
        doc(f"冠县人民政府办公室关于印发冠县{topic}的通知")
        for topic in ("耕地地力保护补贴实施方案", "农机购置补贴实施方案", "粮食生产奖补办法")
    ]


def test_a_foot_line_names_the_document_among_body_links() -> None:
    soil, machines, grain = _subsidies()
    body = "奖补与耕地地力补贴、农机购置补贴叠加享受。\n相关文件：冠县粮食生产奖补办法"
    links = (
        LinkRecord(soil.url, "耕地地力补贴"),
        LinkRecord(machines.url, "农机购置补贴"),
        LinkRecord(grain.url, "冠县粮食生产奖补办法"),
    )
    labelled = interp("种粮多收益——我县出台新政", body_text=body, links=links)
    assert drawn([soil, machines, grain], [labelled]) == {(grain.id, labelled.id)}


def test_body_links_without_a_foot_line_are_a_diluted_list() -> None:
    soil, machines, grain = _subsidies()
    body = "奖补与耕地地力补贴、农机购置补贴叠加享受，详见冠县粮食生产奖补办法。"
    links = (
        LinkRecord(soil.url, "耕地地力补贴"),
        LinkRecord(machines.url, "农机购置补贴"),
        LinkRecord(grain.url, "冠县粮食生产奖补办法"),
    )
    unlabelled = interp("种粮多收益——我县出台新政", body_text=body, links=links)
    assert drawn([soil, machines, grain], [unlabelled]) == set()


def test_a_link_to_the_original_by_its_own_text_is_named() -> None:
    measures = doc("冠县人民政府办公室关于印发冠县农村生活污水治理设施运行维护管理办法的通知")
    explainer = interp(
        "让农村污水管得住——政策解读",
        body_text="原文链接：查看原文",
        links=(LinkRecord(measures.url, "查看原文"),),
    )
    [pair] = link([measures], [explainer])
    assert pair.signals["link_to_document"] == 1.0


def test_a_link_named_as_basis_is_a_reference() -> None:
    plan = doc("冠县人民政府办公室关于印发冠县城镇老旧小区改造三年行动方案的通知")
    quoted = "《冠县城镇老旧小区改造三年行动方案》"
    basis = interp(
        "老旧小区改造有了操作手册",
        body_text=f"根据{quoted}，县住建局制定了改造项目实施细则。",
        links=(LinkRecord(plan.url, quoted),),
    )
    subject = interp(  # negative control: the same link, the plan as the subject
        "老旧小区改造有了路线图",
        body_text=f"县政府办公室印发了{quoted}。",
        links=(LinkRecord(plan.url, quoted),),
    )
    assert drawn([plan], [basis, subject]) == {(plan.id, subject.id)}


def test_the_named_document_comes_before_one_quoted_in_the_body() -> None:
    rules = doc("冠县人民政府办公室关于印发冠县城区养犬管理办法的通知")
    notice = doc("冠县人民政府关于在城区划定禁止饲养烈性犬区域的通告")
    body = f"禁养犬只以《{notice.title}》为准。\n相关文件：{rules.title}"
    explainer = interp(
        "一图看懂我县养犬新规",
        body_text=body,
        links=(LinkRecord(notice.url, f"《{notice.title}》"), LinkRecord(rules.url, rules.title)),
    )
    assert drawn([rules, notice], [explainer]) == {(rules.id, explainer.id)}


def test_a_documents_foot_line_links_its_interpretation() -> None:
    explainer = interp("小店经济添活力")
    reading = interp("图解：2024年冠县政府工作报告")
    measures = doc(
        "冠县人民政府办公室关于印发冠县支持个体工商户发展若干措施的通知",
        body_text="一、减轻经营负担……\n政策解读：小店经济添活力",
        links=(
            LinkRecord(explainer.url, explainer.title),
            LinkRecord(reading.url, reading.title, "相关阅读"),
        ),
    )
    assert drawn([measures], [explainer, reading]) == {(measures.id, explainer.id)}
