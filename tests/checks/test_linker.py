"""checks.linker: the labelled evaluation set, then one behaviour per test.

The labelled set (``tests/data/linker_pairs.toml``) is evaluated as one corpus: every case's
documents and interpretations together, so a pair drawn across cases is a false positive too.
Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import datetime as dt
import doctest
import gc
import importlib
import pkgutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import checks.linker
from checks.linker import DECISIVE_LINK, THRESHOLD, WEIGHTS, Pair, link
from checks.records import DocRecord, LinkRecord
from ground.text.urls import normalise_url

LABELLED = Path(__file__).resolve().parents[1] / "data" / "linker_pairs.toml"
MIN_PRECISION = 0.97
MIN_RECALL = 0.95


# ---------------------------------------------------------------------------------------------
# The labelled set


@dataclass(frozen=True)
class Labelled:
    documents: list[DocRecord]
    interpretations: list[DocRecord]
    positives: set[tuple[int, int]]  # (document id, interpretation id)
    negatives: set[tuple[int, int]]
    names: dict[int, str]  # id -> "case/key: title", for failure messages
    kinds: dict[int, str]  # interpretation id -> its case's kind (revised, provincial …)


def _record(entry: dict[str, Any], record_id: int, case: dict[str, Any]) -> DocRecord:
    url = entry.get("url") or f"http://{case['host']}/labelled/{case['id']}/{entry['key']}.html"
    return DocRecord(
        id=record_id,
        url=url,
        title=entry["title"],
        doc_number=entry.get("doc_number"),
        issuing_agency=entry.get("agency"),
        written_date=entry.get("written"),
        publish_date=entry.get("date"),
        body_text=entry.get("body", ""),
        links=tuple(
            LinkRecord(
                href=item["href"], text=item.get("text", ""), context=item.get("context", "")
            )
            for item in entry.get("links", ())
        ),
    )


def load_labelled(path: Path = LABELLED) -> Labelled:
    with path.open("rb") as handle:
        cases = tomllib.load(handle)["case"]
    documents, interpretations = [], []
    positives, negatives = set(), set()
    names: dict[int, str] = {}
    kinds: dict[int, str] = {}
    everywhere: dict[str, int] = {}  # "case/key" -> id
    next_id = 1
    for case in cases:
        ids: dict[str, int] = {}
        for kind, target in (("document", documents), ("interpretation", interpretations)):
            for entry in case.get(kind, ()):
                ids[entry["key"]] = next_id
                names[next_id] = f"{case['id']}/{entry['key']}: {entry['title']}"
                target.append(_record(entry, next_id, case))
                next_id += 1
        everywhere.update({f"{case['id']}/{key}": value for key, value in ids.items()})
        for label, bucket in (("pairs", positives), ("non_pairs", negatives)):
            for interpretation_key, document_key in case[label]:
                # "case/key" names a record of an earlier case: a trap across portals.
                document = ids.get(document_key) or everywhere[document_key]
                bucket.add((document, ids[interpretation_key]))
        for entry in case.get("interpretation", ()):
            kinds[ids[entry["key"]]] = case.get("kind", "general")
    return Labelled(documents, interpretations, positives, negatives, names, kinds)


@dataclass(frozen=True)
class Scores:
    """How the drawn pairs of one kind of case compare with the labels."""

    positives: int  # labelled pairs
    negatives: int  # labelled hard negatives
    drawn: int
    hits: int  # drawn and labelled
    trapped: int  # drawn and labelled a hard negative

    @property
    def precision(self) -> float:
        return self.hits / self.drawn if self.drawn else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.positives if self.positives else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def scores_by_kind(labelled: Labelled, drawn: set[tuple[int, int]]) -> dict[str, Scores]:
    """Scores per kind of case, and over all ("all"); a drawn pair belongs to the kind of its
    interpretation's case (so a pair drawn across cases counts against that kind)."""

    def scores(kind: str | None) -> Scores:
        def mine(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
            return {p for p in pairs if kind is None or labelled.kinds[p[1]] == kind}

        own = mine(drawn)
        return Scores(
            positives=len(mine(labelled.positives)),
            negatives=len(mine(labelled.negatives)),
            drawn=len(own),
            hits=len(own & labelled.positives),
            trapped=len(own & labelled.negatives),
        )

    result = {kind: scores(kind) for kind in sorted(set(labelled.kinds.values()))}
    result["all"] = scores(None)
    return result


def test_labelled_set_is_large_and_mixed() -> None:
    labelled = load_labelled()
    total = len(labelled.positives) + len(labelled.negatives)
    assert total >= 80
    assert len(labelled.negatives) / total >= 0.30
    assert not labelled.positives & labelled.negatives


def test_linker_reaches_precision_and_recall_on_the_labelled_set() -> None:
    labelled = load_labelled()
    pairs = link(labelled.documents, labelled.interpretations)
    drawn = {(pair.document_id, pair.interpretation_id) for pair in pairs}
    true_positives = drawn & labelled.positives
    precision = len(true_positives) / len(drawn) if drawn else 0.0
    recall = len(true_positives) / len(labelled.positives)
    trapped = drawn & labelled.negatives
    print(
        f"\nlabelled set: {len(labelled.positives)} pairs,"
        f" {len(labelled.negatives)} hard negatives; drawn {len(drawn)};"
        f" precision {precision:.3f}, recall {recall:.3f};"
        f" hard negatives drawn {len(trapped)}"
    )

    def describe(key: tuple[int, int]) -> str:
        document, interpretation = key
        signals = next(
            (pair.signals for pair in pairs if (pair.document_id, pair.interpretation_id) == key),
            None,
        )
        return f"  {labelled.names[interpretation]}\n   -> {labelled.names[document]} {signals}"

    wrong = "\n".join(describe(key) for key in sorted(drawn - labelled.positives))
    missed = "\n".join(describe(key) for key in sorted(labelled.positives - drawn))
    if wrong:
        print(f"false positives:\n{wrong}")
    if missed:
        print(f"missed:\n{missed}")
    assert precision >= MIN_PRECISION, f"false positives:\n{wrong}"
    assert recall >= MIN_RECALL, f"missed:\n{missed}"


# ---------------------------------------------------------------------------------------------
# Focused behaviours

_ids = iter(range(10_000, 100_000))


def doc(title: str, **fields: Any) -> DocRecord:
    record_id = next(_ids)
    fields.setdefault("url", f"http://www.guanxian.gov.cn/zwgk/zcwj/t{record_id}.html")
    fields.setdefault("issuing_agency", "冠县人民政府办公室")
    return DocRecord(id=record_id, title=title, **fields)


def interp(title: str, **fields: Any) -> DocRecord:
    record_id = next(_ids)
    fields.setdefault("url", f"http://www.guanxian.gov.cn/zwgk/zcjd/t{record_id}.html")
    return DocRecord(id=record_id, title=title, **fields)


def drawn(documents: list[DocRecord], interpretations: list[DocRecord]) -> set[tuple[int, int]]:
    return {(p.document_id, p.interpretation_id) for p in link(documents, interpretations)}


def test_explicit_link_decides() -> None:
    plan = doc("冠县人民政府关于印发冠县国土空间总体规划（2021—2035年）的通知")
    headline = "一文读懂冠县未来十五年发展蓝图"
    linked = interp(headline, links=(LinkRecord(plan.url, "原文", "原文链接"),))
    unlinked = interp(headline)  # negative control: the same headline without the link
    assert drawn([plan], [linked, unlinked]) == {(plan.id, linked.id)}


def test_link_from_the_documents_related_box_decides() -> None:
    explainer = interp("打零工、摆地摊也有社保补贴了！")
    measures = doc(
        "冠县人民政府办公室关于支持多渠道灵活就业的实施意见",
        links=(LinkRecord(explainer.url, explainer.title, "关联稿件"),),
    )
    other = interp("视频：三分钟带你了解我县就业新政")  # negative control: not linked
    assert drawn([measures], [explainer, other]) == {(measures.id, explainer.id)}


def test_links_match_after_url_normalisation() -> None:
    assert normalise_url("HTTPS://WWW.Yanting.GOV.cn/zwgk/c100245/index.html#top") == (
        normalise_url("http://www.yanting.gov.cn/zwgk/./x/../c100245/")
    )
    assert normalise_url("http://a.gov.cn/a/t1.html") != normalise_url("http://a.gov.cn/a/t2.html")


def test_a_crowded_related_box_is_not_a_pairing() -> None:
    listed = [
        doc("冠县人民政府办公室关于印发冠县建筑工地扬尘污染防治管理办法的通知"),
        doc("冠县人民政府关于进一步加强消防安全工作的意见"),
        doc("冠县人民政府办公室关于印发冠县城区集中供热价格管理办法的通知"),
    ]
    box = tuple(LinkRecord(d.url, d.title, "相关链接") for d in listed)
    crowded = interp("《冠县城区停车场建设管理办法》解读", links=box)
    single = interp("一图读懂停车新规", links=box[:1])  # negative control: a box of one decides
    assert drawn(listed, [crowded, single]) == {(listed[0].id, single.id)}


def test_doc_number_quote_decides() -> None:
    heating = doc(
        "冠县人民政府办公室关于印发冠县城区集中供热管理办法的通知",
        doc_number="冠政办发〔2022〕30号",
    )
    in_title = interp("冠政办发[2022]30号文件解读")
    in_body = interp("供热新规来了", body_text="近日，县政府办公室印发了冠政办发（2022）30号文件……")
    elsewhere = interp("文件解读", body_text="冠政办发〔2022〕31号")  # negative control
    assert drawn([heating], [in_title, in_body, elsewhere]) == {
        (heating.id, in_title.id),
        (heating.id, in_body.id),
    }


def test_doc_number_named_as_basis_does_not_decide() -> None:
    provincial = doc(
        "山东省人民政府办公厅关于推进健康乡村建设的实施意见", doc_number="鲁政办发〔2023〕3号"
    )
    county_explainer = interp(
        "我县健康乡村建设有了路线图",
        body_text="根据《山东省人民政府办公厅关于推进健康乡村建设的实施意见》（鲁政办发〔2023〕3号）要求，"
        "结合我县实际，制定本方案。",
    )
    assert drawn([provincial], [county_explainer]) == set()


def test_quoted_title_decides_through_boilerplate() -> None:
    measures = doc("盐亭县人民政府关于印发《盐亭县促进民营经济高质量发展若干措施》的通知")
    quoted = interp("关于《盐亭县促进民营经济高质量发展若干措施》的解读")
    [pair] = link([measures], [quoted])
    assert pair.signals["quoted_title"] == WEIGHTS["quoted_title"]


def test_year_mismatch_vetoes() -> None:
    last_year = doc("冠县人民政府办公室关于印发冠县2022年农村人居环境整治提升工作方案的通知")
    this_year = interp("图解：冠县2023年农村人居环境整治提升工作方案")
    same_year = interp("图解：冠县2022年农村人居环境整治提升工作方案")  # negative control
    assert drawn([last_year], [this_year, same_year]) == {(last_year.id, same_year.id)}


def test_revision_year_against_document_date_vetoes() -> None:
    original = doc(
        "冠县人民政府关于印发冠县城市管理相对集中行政处罚权实施办法的通知",
        publish_date=dt.date(2016, 9, 12),
    )
    revision = interp("《冠县城市管理相对集中行政处罚权实施办法（2023年修订）》解读")
    assert drawn([original], [revision]) == set()


def test_implementing_rules_are_not_their_plan() -> None:
    plan = doc("冠县人民政府办公室关于印发冠县城镇老旧小区改造实施方案的通知")
    rules_explainer = interp("《冠县城镇老旧小区改造实施细则》解读")
    plan_explainer = interp("《冠县城镇老旧小区改造实施方案》解读")  # negative control
    assert drawn([plan], [rules_explainer, plan_explainer]) == {(plan.id, plan_explainer.id)}


def test_provincial_title_is_not_the_county_document() -> None:
    county = doc(
        "冠县人民政府关于印发冠县城乡居民基本养老保险实施办法的通知", issuing_agency="冠县人民政府"
    )
    provincial = interp("《山东省城乡居民基本养老保险实施办法》解读")
    county_explainer = interp("《冠县城乡居民基本养老保险实施办法》解读")  # negative control
    assert drawn([county], [provincial, county_explainer]) == {(county.id, county_explainer.id)}


def test_the_issuing_units_place_stands_for_a_title_without_one() -> None:
    shenxian = doc(
        "莘县人民政府关于加快推进养老服务体系建设的实施意见", issuing_agency="莘县人民政府"
    )
    title = "《关于加快推进养老服务体系建设的实施意见》解读"
    neighbour = interp(title, issuing_agency="冠县民政局")
    own = interp(title, issuing_agency="莘县民政局")  # negative control
    assert drawn([shenxian], [neighbour, own]) == {(shenxian.id, own.id)}


def test_boilerplate_only_similarity_is_no_pair() -> None:
    fire = doc("冠县人民政府办公室关于进一步加强森林防火工作的通知")
    safety = interp("关于《关于进一步加强安全生产工作的通知》的解读")
    bare = interp("政策解读")
    same = interp("关于《关于进一步加强森林防火工作的通知》的解读")  # negative control
    assert drawn([fire], [safety, bare, same]) == {(fire.id, same.id)}


def test_a_document_can_have_two_interpretations() -> None:
    measures = doc("广德市人民政府关于印发广德市促进建筑业高质量发展若干措施的通知")
    text = interp("图文解读：《广德市促进建筑业高质量发展若干措施》")
    graphic = interp("【解读】广德市促进建筑业高质量发展若干措施")
    assert drawn([measures], [text, graphic]) == {(measures.id, text.id), (measures.id, graphic.id)}


def test_an_interpretation_pairs_with_its_best_document_only() -> None:
    medical = doc("冠县人民政府办公室关于印发冠县城乡居民基本医疗保险实施办法的通知")
    critical = doc("冠县人民政府办公室关于印发冠县城乡居民大病保险实施办法的通知")
    explainer = interp("《冠县城乡居民大病保险实施办法》政策解读")
    assert drawn([medical, critical], [explainer]) == {(critical.id, explainer.id)}


def test_a_second_document_needs_an_explicit_link() -> None:
    plan = doc("冠县人民政府办公室关于印发冠县城镇老旧小区改造实施方案的通知")
    rules = doc("冠县人民政府办公室关于印发冠县城镇老旧小区改造实施细则的通知")
    title = "《冠县城镇老旧小区改造实施方案》《冠县城镇老旧小区改造实施细则》解读"
    box = (
        LinkRecord(plan.url, plan.title, "相关文件"),
        LinkRecord(rules.url, rules.title, "相关文件"),
    )
    both = interp(title, links=box)
    assert drawn([plan, rules], [both]) == {(plan.id, both.id), (rules.id, both.id)}
    unlinked = interp(title)  # negative control: the same title pairs with one document only
    assert len(drawn([plan, rules], [unlinked])) == 1


def test_signals_are_reported() -> None:
    measures = doc(
        "冠县人民政府办公室关于印发冠县促进消费若干措施的通知",
        doc_number="冠政办发〔2023〕4号",
        publish_date=dt.date(2023, 2, 8),
    )
    explainer = interp(
        "《冠县促进消费若干措施》解读",
        body_text="县政府办公室印发了《冠县促进消费若干措施》（冠政办发〔2023〕4号）。",
        issuing_agency="冠县人民政府办公室",
        publish_date=dt.date(2023, 2, 10),
        links=(LinkRecord(measures.url, "原文", "原文链接"),),
    )
    [pair] = link([measures], [explainer])
    assert pair == Pair(
        document_id=measures.id,
        interpretation_id=explainer.id,
        score=pytest.approx(pair.score),
        signals={
            "quoted_title": WEIGHTS["quoted_title"],
            "link_to_document": WEIGHTS["link_to_document"],
            "doc_number_body": WEIGHTS["doc_number_body"],
            "same_agency": WEIGHTS["same_agency"],
            "date_close": WEIGHTS["date_close"],
        },
    )
    assert pair.score == pytest.approx(sum(pair.signals.values()))


def test_vetoed_signals_are_reported_with_their_cancellation() -> None:
    last_year = doc("冠县人民政府办公室关于印发2022年冠县政务公开工作要点的通知")
    explainer = interp(
        "图解：2023年冠县政务公开工作要点",
        links=(LinkRecord(last_year.url, last_year.title, "原文链接"),),
    )
    [pair] = link([last_year], [explainer], threshold=0.0)
    assert pair.signals["year_mismatch"] == -pair.signals["title_similarity"]
    assert pair.signals["contradicted"] == pytest.approx(-WEIGHTS["link_to_document"] / 2)
    assert pair.score < THRESHOLD  # the contradicted link no longer decides on its own
    assert WEIGHTS["link_to_document"] / 2 < DECISIVE_LINK


def test_linking_leaves_garbage_collection_as_it_was() -> None:
    assert gc.isenabled()
    link([doc("冠县人民政府关于印发冠县物业管理办法的通知")], [interp("《冠县物业管理办法》解读")])
    assert gc.isenabled()
    gc.disable()  # negative control: a caller that had it off keeps it off
    try:
        link([], [])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_helpers_doctests_pass() -> None:
    modules = [checks.linker] + [
        importlib.import_module(f"checks.linker.{module.name}")
        for module in pkgutil.iter_modules(checks.linker.__path__)
    ]
    # verbose=False: not doctest's own reading of -v
    results = {module.__name__: doctest.testmod(module, verbose=False) for module in modules}
    assert sum(result.attempted for result in results.values()) > 0
    assert {name: result for name, result in results.items() if result.failed} == {}
