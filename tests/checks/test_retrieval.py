"""checks.retrieval: which documents a search finds, in which order, and what it says it matched.

Documents are built in code (``tests/checks/truth.py``'s ``doc``); each test searches a small
index and compares the hits exactly.
"""

from __future__ import annotations

from collections.abc import Collection

from checks.records import DocRecord
from checks.retrieval import DocumentIndex, Hit
from tests.checks.truth import doc

ROW = ["就业帮扶", "职业技能培训", "社会保险待遇"]


def ids(hits: list[Hit]) -> list[int]:
    return [hit.doc_id for hit in hits]


def found(
    docs: list[DocRecord], terms: list[str], among: Collection[int] | None = None
) -> list[tuple[int, tuple[str, ...]]]:
    index = DocumentIndex.build(docs)
    return [(hit.doc_id, hit.matched) for hit in index.search(terms, among=among)]


def test_a_document_holding_a_term_is_a_hit_naming_the_term() -> None:
    policy = doc("关于做好2023年就业帮扶工作的通知")
    assert found([policy], ROW) == [(policy.id, ("就业帮扶",))]


def test_a_document_sharing_only_a_word_with_the_terms_is_no_hit() -> None:
    trainees = doc("关于公布2023年就业见习基地名单的通知", body="就业见习补贴按月发放。")
    assert found([trainees], ROW) == []


def test_a_term_broken_by_a_line_in_the_body_is_found() -> None:
    notice = doc("2023年工作要点", body="强化职业技能\n培训，扩大覆盖面。")
    assert found([notice], ROW) == [(notice.id, ("职业技能培训",))]


def test_full_width_letters_and_digits_match_their_ascii_form() -> None:
    notice = doc("关于ＰＭ２.５污染防治的通知")
    assert found([notice], ["pm2.5"]) == [(notice.id, ("pm2.5",))]


def test_a_short_form_on_the_page_is_found_and_named_as_written() -> None:
    notice = doc("关于调整社保待遇标准的通知")
    assert found([notice], ROW) == [(notice.id, ("社保待遇",))]


def test_a_synonym_on_the_page_is_found() -> None:
    notice = doc("关于做好就业援助月活动的通知")
    assert found([notice], ROW) == [(notice.id, ("就业援助",))]


def test_a_variant_inside_a_longer_variant_is_not_matched_again() -> None:
    notice = doc("关于开展职业技能培训的通知")
    assert found([notice], ROW) == [(notice.id, ("职业技能培训",))]


def test_a_gap_term_finds_the_words_around_a_named_draft() -> None:
    notice = doc("关于公开征求《冠县城区停车管理办法》意见的公告")
    assert found([notice], ["征求意见"]) == [(notice.id, ("征求…意见",))]


def test_matched_words_follow_the_query_order() -> None:
    notice = doc("关于调整社会保险待遇做好就业帮扶的通知")
    assert found([notice], ROW) == [(notice.id, ("就业帮扶", "社会保险待遇"))]


def test_a_title_hit_ranks_above_a_body_hit_of_a_document_as_long() -> None:
    in_body = doc("关于印发工作要点的通知甲", body="做好就业帮扶。")
    in_title = doc("关于做好就业帮扶的通知甲", body="印发工作要点。")
    assert ids(DocumentIndex.build([in_body, in_title]).search(ROW)) == [in_title.id, in_body.id]


def test_more_of_the_rows_terms_rank_higher() -> None:
    one = doc("关于做好就业帮扶工作的通知")
    two = doc("关于做好就业帮扶和职业技能培训的通知")
    assert ids(DocumentIndex.build([one, two]).search(ROW)) == [two.id, one.id]


def test_a_rarer_term_weighs_more_than_a_common_one() -> None:
    common = [doc(f"关于做好就业帮扶工作的通知（{n}）") for n in range(5)]
    rare = doc("关于调整社会保险待遇的通知（9）")
    hits = DocumentIndex.build([*common, rare]).search(ROW)
    assert hits[0].doc_id == rare.id


def test_a_search_among_some_documents_returns_only_those() -> None:
    first = doc("关于做好就业帮扶工作的通知")
    second = doc("关于做好就业帮扶工作的补充通知")
    assert found([first, second], ROW, among=[second.id]) == [(second.id, ("就业帮扶",))]


def test_an_empty_among_returns_nothing() -> None:
    policy = doc("关于做好就业帮扶工作的通知")
    assert found([policy], ROW, among=[]) == []


def test_top_keeps_the_best_hits() -> None:
    docs = [doc(f"关于做好就业帮扶工作的通知（{n}）") for n in range(4)]
    assert ids(DocumentIndex.build(docs).search(ROW, top=2)) == [docs[0].id, docs[1].id]


def test_a_title_search_ignores_the_body() -> None:
    in_body = doc("关于印发工作要点的通知", body="公开征求意见。")
    in_title = doc("关于公开征求《冠县就业补贴办法》意见的公告")
    hits = DocumentIndex.build([in_body, in_title]).title_search(["征求意见"])
    assert ids(hits) == [in_title.id]


def test_an_index_of_no_documents_finds_nothing() -> None:
    assert DocumentIndex.build([]).search(ROW) == []


def test_a_phrase_is_scanned_once_and_its_postings_kept() -> None:
    policy = doc("关于做好就业帮扶工作的通知", body="就业帮扶，就业帮扶。")
    index = DocumentIndex.build([policy])
    assert index.postings("就业帮扶") == {0: (1, 2)}
    assert index.postings("就业帮扶") is index.postings("就业帮扶")


def test_a_kind_of_a_term_named_by_its_rule_is_found() -> None:
    notice = doc("关于印发城市居民最低生活保障实施办法的通知")
    assert found([notice], ["社会救助"]) == [(notice.id, ("最低生活保障",))]


def test_a_kind_does_not_find_the_broader_term() -> None:
    notice = doc("关于做好2023年社会救助工作的通知")
    assert found([notice], ["最低生活保障"]) == []


def test_a_plan_of_the_disclosure_work_ranks_after_a_page_on_the_topic() -> None:
    plan = doc("清泉街道2023年政务公开工作要点", body="做好就业帮扶、社会救助等信息公开。")
    page = doc("关于印发工作方案的通知", body="一、做好就业帮扶。" + "二、其他工作。" * 100)
    assert ids(DocumentIndex.build([plan, page]).search(ROW)) == [page.id, plan.id]


def test_a_plan_of_the_disclosure_work_alone_is_still_a_hit() -> None:
    plan = doc("清泉街道2023年政务公开工作要点", body="做好就业帮扶、社会救助等信息公开。")
    assert found([plan], ROW) == [(plan.id, ("就业帮扶",))]


def test_a_plan_of_the_disclosure_work_naming_a_term_in_its_title_is_a_hit() -> None:
    guide = doc("冠县人民政府信息公开指南")
    assert found([guide], ["信息公开指南"]) == [(guide.id, ("信息公开指南",))]


def test_an_annual_report_naming_a_term_in_its_body_is_a_hit() -> None:
    report = doc("冠县人民政府2023年政府信息公开工作年度报告", body="公开就业帮扶信息12条。")
    assert found([report], ROW) == [(report.id, ("就业帮扶",))]


def test_a_plan_of_the_disclosure_work_ranks_first_for_a_query_on_that_work() -> None:
    plan = doc("清泉街道2023年政务公开工作要点", body="动态调整公开事项目录。" * 3)
    page = doc("关于印发工作方案的通知", body="一、调整公开事项目录。" + "二、其他工作。" * 100)
    assert ids(DocumentIndex.build([plan, page]).search(["公开事项目录"])) == [plan.id, page.id]
