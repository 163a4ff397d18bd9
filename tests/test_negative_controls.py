"""Negative controls for the 冠县 fixture portal: each planted gap is caused by its planted defect.

The portal is crawled once. For every [[gap]] of ``_expected.toml`` the run's records are
repaired at that one defect (``dataclasses.replace``: a link added, a window set, a date moved, a
missing page fetched …), the checks run again, and exactly the gaps that defect causes disappear
while no other gap appears or disappears. A check that flagged the page for any other reason, or
a repair that did not reach the check, fails here.

One defect causes three gaps: the 政策文件 page that answers HTTP 503 is 未能核验 for
interpretation_published, feedback_window_present and publication_timely. Fetching it removes all
three, so each of those gaps' controls expects the three to go together.

The per-unit gaps (subjects ``unit:…``: a 责任单位 the portal does not know, a count below the row's
number) are not about one page's defect; their controls are the traps of
tests/test_unit_evidence_shandong_guanxian.py (units on neighbouring topics, a page after the
period), compared with the ground truth there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urljoin

import pytest

from checks.catalog import Catalog
from checks.catalog_files import catalog_for
from checks.engine import gaps, run_checks
from checks.load import latest_run_id, load_run
from checks.records import DocRecord, LinkRecord, RunRecord
from ground.profiles.schema import Profile, load_profile
from ground.store.db import open_database
from tests.conftest import crawl_json, expected
from tests.test_crawl import path_of

SITE = "shandong_guanxian"
D = dt.date
WINDOW = "政策咨询、建议与评价 我要咨询 我要建议 我要评价"
Gap = tuple[str, str, str]  # (check, subject path, verdict)


@dataclass(frozen=True)
class Crawled:
    profile: Profile
    catalog: Catalog
    run: RunRecord


@pytest.fixture(scope="module")
def crawled(fixture_servers, tmp_path_factory) -> Crawled:
    db = tmp_path_factory.mktemp("negative_controls") / "db.sqlite3"
    summary = crawl_json(SITE, fixture_servers(SITE), f"sqlite:///{db}")
    assert summary["outcome"] in {"succeeded", "partial"}, summary
    engine = open_database(f"sqlite:///{db}")
    profile = load_profile(SITE)
    run = load_run(engine, profile, latest_run_id(engine, SITE))
    engine.dispose()
    return Crawled(profile, catalog_for(SITE), run)


def found_gaps(crawled: Crawled, run: RunRecord) -> set[Gap]:
    findings = run_checks(crawled.catalog, run, crawled.profile)
    return {
        (check, subject if subject.startswith("column:") else path_of(subject), verdict)
        for check, subject, verdict in gaps(findings)
        if not subject.startswith("unit:")
    }


PLANTED: list[Gap] = [
    (g["check"], g["subject"], g["verdict"])
    for g in expected(SITE)["gap"]
    if not g["subject"].startswith("unit:")
]


# ---------------------------------------------------------------------------------------------
# Editing a run's records


def document(run: RunRecord, path: str) -> DocRecord:
    matches = [d for d in run.documents if path_of(d.url) == path]
    assert len(matches) == 1, f"{path}: {len(matches)} stored documents"
    return matches[0]


def with_document(run: RunRecord, path: str, **changes: object) -> RunRecord:
    """The run with the document at ``path`` changed."""
    target = document(run, path)
    return replace(
        run,
        documents=tuple(replace(d, **changes) if d is target else d for d in run.documents),
    )


def with_link(run: RunRecord, source: str, target: str, context: str) -> RunRecord:
    """The run with a link from the page at ``source`` to the page at ``target``."""
    page, linked = document(run, source), document(run, target)
    return with_document(
        run, source, links=(*page.links, LinkRecord(linked.url, linked.title, context))
    )


def new_interpretation(run: RunRecord, title: str, published: dt.date) -> DocRecord:
    """A text 解读 listed in the 政策解读 column, as the crawl would store it."""
    new_id = max(d.id for d in run.documents) + 1
    day = published.strftime("%Y%m%d")
    url = urljoin(run.columns[0].url, f"/xxgk/zcjd/{day[:6]}/t{day}_{9_000_000 + new_id}.html")
    return DocRecord(
        id=new_id,
        url=url,
        title=title,
        issuing_agency="冠县人民政府办公室",
        publish_date=published,
        body_text=f"{title}。现将有关内容解读如下。",
        columns=("zcjd",),
        roles=("政策解读",),
        units=("",),
        fetched_at=run.documents[0].fetched_at,
    )


def interpreted(path: str, title: str, published: dt.date) -> Callable[[RunRecord], RunRecord]:
    """Repair "no 解读": publish one, linked both ways, within the 3 working days allowed."""

    def repair(run: RunRecord) -> RunRecord:
        interpretation = new_interpretation(run, title, published)
        interpretation = replace(
            interpretation,
            links=(LinkRecord(document(run, path).url, title, "原文链接"),),
        )
        run = replace(run, documents=(*run.documents, interpretation))
        return with_link(run, path, path_of(interpretation.url), "相关解读")

    return repair


def linked(source: str, target: str, context: str) -> Callable[[RunRecord], RunRecord]:
    return lambda run: with_link(run, source, target, context)


def changed(path: str, **changes: object) -> Callable[[RunRecord], RunRecord]:
    return lambda run: with_document(run, path, **changes)


# --- the repairs, one per planted defect ------------------------------------------------------

UNREACHABLE = "/xxgk/zcwj/202310/t20231016_5092406.html"


def fetch_the_unreachable_page(run: RunRecord) -> RunRecord:
    """Repair the HTTP 503: the page is fetched, and it is a compliant policy document (a window,
    published within 20 working days, with a 解读 linked both ways)."""
    (lost,) = [f for f in run.failures if path_of(f.url) == UNREACHABLE]
    page = DocRecord(
        id=max(d.id for d in run.documents) + 1,
        url=lost.url,
        title=lost.title,
        issuing_agency="冠县人民政府办公室",
        written_date=D(2023, 10, 12),
        publish_date=lost.list_date,
        topic="城乡建设、环境保护",
        validity="有效",
        columns=(lost.column_id,),
        roles=("政策文件",),
        units=("",),
        feedback_window=WINDOW,
        fetched_at=run.documents[0].fetched_at,
    )
    run = replace(
        run,
        documents=(*run.documents, page),
        failures=tuple(f for f in run.failures if f is not lost),
    )
    return interpreted(
        UNREACHABLE, "《冠县2023—2024年冬季清洁取暖工作实施方案》政策解读", D(2023, 10, 17)
    )(run)


def drop_the_script_box_and_show_its_link(run: RunRecord) -> RunRecord:
    """Repair the script-filled 相关解读 box: rendered, it lists the 解读."""
    source = "/xxgk/zcwj/202306/t20230609_5069102.html"
    page = document(run, source)
    run = with_document(run, source, js_boxes=tuple(b for b in page.js_boxes if b != "相关解读"))
    return with_link(run, source, "/xxgk/zcjd/202306/t20230612_5069611.html", "相关解读")


def give_the_township_column_an_entry(run: RunRecord) -> RunRecord:
    return replace(
        run,
        columns=tuple(replace(c, pages=1, entries=1) if c.id == "dgcz" else c for c in run.columns),
    )


def publish_the_result_notice(run: RunRecord) -> RunRecord:
    """Repair the missing 意见采纳情况: published 2 working days after the final document
    (2023-05-10)."""
    consultation = document(run, "/xxgk/yjzj/202303/t20230315_5044512.html")
    new_id = max(d.id for d in run.documents) + 1
    notice = replace(
        consultation,
        id=new_id,
        url=urljoin(consultation.url, f"/xxgk/yjzj/202305/t20230512_{9_000_000 + new_id}.html"),
        title="关于《冠县住宅小区物业管理办法（征求意见稿）》征求意见采纳情况的说明",
        written_date=D(2023, 5, 12),
        publish_date=D(2023, 5, 12),
        body_text="现将意见采纳情况说明如下。",
        links=(),
        attachments=(),
        page_id=None,
    )
    return replace(run, documents=(*run.documents, notice))


REPAIRS: dict[tuple[str, str], Callable[[RunRecord], RunRecord]] = {
    (
        "interpretation_published",
        "/xxgk/zcwj/202307/t20230719_5076604.html",
    ): interpreted(
        "/xxgk/zcwj/202307/t20230719_5076604.html",
        "《冠县城市道路挖掘占用管理办法》政策解读",
        D(2023, 7, 20),
    ),
    (
        "interpretation_published",
        "/xxgk/zcwj/202309/t20230911_5087733.html",
    ): interpreted(
        "/xxgk/zcwj/202309/t20230911_5087733.html",
        "《冠县支持服务业提速扩量若干措施》政策解读",
        D(2023, 9, 12),
    ),
    (
        "interpretation_published",
        "/xxgk/bmxxgk/fgw/202304/t20230407_5053108.html",
    ): interpreted(
        "/xxgk/bmxxgk/fgw/202304/t20230407_5053108.html",
        "《冠县2023年重大项目建设推进实施方案》政策解读",
        D(2023, 4, 10),
    ),
    ("interpretation_published", UNREACHABLE): fetch_the_unreachable_page,
    ("feedback_window_present", UNREACHABLE): fetch_the_unreachable_page,
    ("publication_timely", UNREACHABLE): fetch_the_unreachable_page,
    # The document's page gains the link its 解读 lacks.
    (
        "interpretation_linked_both_ways",
        "/xxgk/zcjd/202303/t20230327_5047052.html",
    ): linked(
        "/xxgk/zcwj/202303/t20230324_5046611.html",
        "/xxgk/zcjd/202303/t20230327_5047052.html",
        "相关解读",
    ),
    (
        "interpretation_linked_both_ways",
        "/xxgk/zcjd/202305/t20230522_5064935.html",
    ): linked(
        "/xxgk/zcwj/202305/t20230519_5064470.html",
        "/xxgk/zcjd/202305/t20230522_5064935.html",
        "关联稿件",
    ),
    (
        "interpretation_linked_both_ways",
        "/xxgk/zcjd/202311/t20231107_5097511.html",
    ): lambda run: linked(
        "/xxgk/zcjd/202311/t20231107_5097511.html",
        "/xxgk/zcwj/202311/t20231106_5097206.html",
        "原文链接",
    )(
        linked(
            "/xxgk/zcwj/202311/t20231106_5097206.html",
            "/xxgk/zcjd/202311/t20231107_5097511.html",
            "相关解读",
        )(run)
    ),
    (
        "interpretation_linked_both_ways",
        "/xxgk/zcjd/202306/t20230612_5069611.html",
    ): drop_the_script_box_and_show_its_link,
    # Documents of 2023-06-30 and 2023-07-28: their 解读 moved to the 3rd working day after.
    ("interpretation_timely", "/xxgk/zcjd/202307/t20230711_5075440.html"): changed(
        "/xxgk/zcjd/202307/t20230711_5075440.html", publish_date=D(2023, 7, 5)
    ),
    ("interpretation_timely", "/xxgk/zcjd/202308/t20230814_5083622.html"): changed(
        "/xxgk/zcjd/202308/t20230814_5083622.html", publish_date=D(2023, 8, 2)
    ),
    ("feedback_window_present", "/xxgk/zcwj/202310/t20231027_5095520.html"): changed(
        "/xxgk/zcwj/202310/t20231027_5095520.html", feedback_window=WINDOW
    ),
    ("feedback_window_present", "/xxgk/zcwj/202307/t20230707_5074018.html"): changed(
        "/xxgk/zcwj/202307/t20230707_5074018.html", feedback_window=WINDOW
    ),
    ("validity_marked", "/xxgk/zcwj/202307/t20230725_5077415.html"): changed(
        "/xxgk/zcwj/202307/t20230725_5077415.html", validity="有效"
    ),
    ("validity_marked", "/xxgk/zcwj/202310/t20231013_5093137.html"): changed(
        "/xxgk/zcwj/202310/t20231013_5093137.html", validity="有效"
    ),
    # 成文日期 moved to a few working days before the (unchanged) publish date.
    ("publication_timely", "/xxgk/zcwj/202304/t20230428_5055740.html"): changed(
        "/xxgk/zcwj/202304/t20230428_5055740.html", written_date=D(2023, 5, 11)
    ),
    ("publication_timely", "/xxgk/zcwj/202308/t20230810_5072013.html"): changed(
        "/xxgk/zcwj/202308/t20230810_5072013.html", written_date=D(2023, 8, 7)
    ),
    ("column_has_content", "column:dgcz"): give_the_township_column_an_entry,
    (
        "consultation_feedback_published",
        "/xxgk/yjzj/202303/t20230315_5044512.html",
    ): publish_the_result_notice,
    # Final document 2023-06-20; the result notice moved to the 10th working day after.
    ("consultation_feedback_published", "/xxgk/yjzj/202305/t20230508_5059233.html"): changed(
        "/xxgk/yjzj/202307/t20230720_5078870.html",
        publish_date=D(2023, 7, 5),
        written_date=D(2023, 7, 5),
    ),
}


def caused_by_the_same_defect(gap: Gap) -> set[Gap]:
    """The planted gaps one repair removes: the gap itself, or all three of the 503 page."""
    repair = REPAIRS[gap[:2]]
    return {g for g in PLANTED if REPAIRS.get(g[:2]) is repair}


def test_the_unrepaired_run_has_exactly_the_planted_gaps(crawled: Crawled) -> None:
    assert found_gaps(crawled, crawled.run) == set(PLANTED)


def test_every_planted_gap_has_a_repair_and_every_repair_a_gap() -> None:
    assert sorted(REPAIRS) == sorted(g[:2] for g in PLANTED)


@pytest.mark.parametrize("gap", PLANTED, ids=[f"{c}+{s}" for c, s, _ in PLANTED])
def test_repairing_the_planted_defect_removes_exactly_its_gap(crawled: Crawled, gap: Gap) -> None:
    repair = REPAIRS.get(gap[:2])
    if repair is None:
        pytest.fail(f"no repair for the planted gap {gap}: add one to REPAIRS")
    before = found_gaps(crawled, crawled.run)
    assert gap in before
    after = found_gaps(crawled, repair(crawled.run))
    assert sorted(before - after) == sorted(caused_by_the_same_defect(gap)), "disappeared"
    assert sorted(after - before) == [], "appeared"


def test_the_script_box_alone_turns_a_missing_link_into_unverified(crawled: Crawled) -> None:
    """Without the script-filled box (and without the link it would show) the same pair is
    不符合: the 未能核验 comes from the box, not from anything else on the two pages."""
    source = "/xxgk/zcwj/202306/t20230609_5069102.html"
    subject = "/xxgk/zcjd/202306/t20230612_5069611.html"
    before = found_gaps(crawled, crawled.run)
    after = found_gaps(crawled, with_document(crawled.run, source, js_boxes=()))
    check = "interpretation_linked_both_ways"
    assert sorted(before - after) == [(check, subject, "未能核验")]
    assert sorted(after - before) == [(check, subject, "不符合")]
