"""One finding per gap: grouping, the unit that must act, and when it falls due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from checks.catalog import Catalog, CatalogRow, CheckSpec
from checks.findings import Finding, Verdict
from checks.records import RunRecord
from reports.gaps import gap_key, group_gaps, timing
from reports.model import build_model

DOC = "https://x.gov.cn/xxgk/zcwj/t1.html"


def _finding(row: str, verdict: Verdict = Verdict.FAIL, **changes: object) -> Finding:
    fields: dict[str, object] = {
        "check": "interpretation_published",
        "row": row,
        "verdict": verdict,
        "subject": DOC,
        "title": "文件一",
        "message": "未找到解读",
    }
    fields.update(changes)
    return Finding(**fields)  # type: ignore[arg-type]


def _row(row_id: str, deadline: str = "2026年6月底前", units: tuple[str, ...] = ("县财政局",)):
    return CatalogRow(
        id=row_id,
        seq=row_id,
        section="一、测试",
        task=f"任务{row_id}",
        requirement="要求",
        units=units,
        deadline=deadline,
        checks=(CheckSpec("interpretation_published"),),
    )


def test_one_document_found_by_three_rows_is_one_gap_citing_them_in_table_order() -> None:
    gaps = group_gaps(
        "c", [_finding("18"), _finding("1"), _finding("5")], row_order=["1", "5", "18"]
    )
    assert [(g.key, g.rows) for g in gaps] == [
        (gap_key("c", "interpretation_published", DOC), ("1", "5", "18"))
    ]


def test_a_gap_takes_its_worst_verdict_and_ignores_passes_and_manual_items() -> None:
    found = [
        _finding("1", Verdict.UNVERIFIED),
        _finding("5", Verdict.FAIL, message="确未发布"),
        _finding("7", Verdict.PASS),
        _finding("8", Verdict.MANUAL),
    ]
    (gap,) = group_gaps("c", found, row_order=["1", "5", "7", "8"])
    assert (gap.verdict, gap.message, gap.rows) == (Verdict.FAIL, "确未发布", ("1", "5"))


def test_another_check_or_document_is_another_gap() -> None:
    found = [
        _finding("1"),
        _finding("1", check="interpretation_timely"),
        _finding("1", subject=DOC + "?2"),
    ]
    assert len(group_gaps("c", found)) == 3


def test_a_gap_goes_to_the_documents_unit_else_to_its_first_rows_first_unit() -> None:
    units = {"1": "县财政局", "5": "县司法局"}
    mine = group_gaps("c", [_finding("5"), _finding("1")], row_order=["1", "5"], row_unit=units.get)
    owned = group_gaps("c", [_finding("5", unit="县教育局")], row_unit=units.get)
    assert (mine[0].unit, owned[0].unit) == ("县财政局", "县教育局")


def test_an_open_gap_past_its_deadline_is_overdue_and_one_due_within_30_days_is_due_soon() -> None:
    today = dt.date(2026, 6, 15)
    late = timing(["2026年5月31日前"], 2026, today, 10, open_gap=True)
    soon = timing(["2026年6月底前"], 2026, today, 10, open_gap=True)
    unverified = timing(["2026年5月31日前"], 2026, today, 10, open_gap=False)
    assert [(t.overdue, t.due_soon) for t in (late, soon, unverified)] == [
        (True, False),
        (False, True),
        (False, False),
    ]


def test_the_model_counts_gaps_not_findings_and_dates_them(
    build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord]
) -> None:
    catalog = build_catalog((_row("1"), _row("5", deadline="2026年12月31日前")))
    model = build_model(catalog, build_run(), [_finding("1"), _finding("5")])
    (gap,) = model.gaps
    assert (model.gap_counts[Verdict.FAIL], model.finding_counts[Verdict.FAIL]) == (1, 2)
    assert [r.headline.fail for r in model.rows] == [1, 1]
    # The run started 2026-11-20 18:00 UTC: the report is dated 2026-11-21 (Beijing).
    assert (model.date, gap.timing.deadline_text, gap.timing.overdue) == (
        "2026-11-21",
        "2026年6月底前",
        True,
    )
    assert gap.timing.rectify.date == dt.date(2026, 12, 4)
    assert gap.unit == "县财政局"
