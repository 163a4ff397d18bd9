"""The view model decides every verdict; templates and the workbook only show it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checks.catalog import Catalog, CatalogRow, CheckSpec
from checks.findings import Evidence, Finding, Verdict
from checks.records import ColumnRecord, RunRecord
from reports.chart import SectionCount
from reports.model import ReportModel, build_model
from reports.vocabulary import LABELS

F, P, U, M = Verdict.FAIL, Verdict.PASS, Verdict.UNVERIFIED, Verdict.MANUAL
Build = Callable[..., Catalog]
Run = Callable[..., RunRecord]


def _row(*, checks: bool = True, manual: str = "", units: tuple[str, ...] = ("县政府办公室",)):
    return CatalogRow(
        id="9",
        seq="9",
        section="一、测试",
        task="测试任务",
        requirement="要求",
        units=units,
        deadline="年底前",
        checks=(CheckSpec("interpretation_published"),) if checks else (),
        manual=manual,
    )


def _finding(verdict: Verdict, n: int = 0, **changes: object) -> Finding:
    fields: dict[str, object] = {
        "check": "interpretation_published",
        "row": "9",
        "verdict": verdict,
        "subject": f"https://x.gov.cn/{n}.html",
        "title": f"文件{n}",
        "message": "说明",
    }
    fields.update(changes)
    return Finding(**fields)  # type: ignore[arg-type]


@pytest.fixture
def one_row(build_catalog: Build, build_run: Run) -> Callable[..., ReportModel]:
    """``one_row(findings, row=…, outcome=…, **build_model kwargs)``: a one-row report model."""

    def build(findings, *, row: CatalogRow | None = None, outcome: str = "succeeded", **kw):
        return build_model(build_catalog((row or _row(),)), build_run(outcome), findings, **kw)

    return build


@pytest.fixture
def model(build_catalog: Build, build_run: Run, findings: tuple[Finding, ...]) -> ReportModel:
    return build_model(build_catalog(), build_run(), findings)


@pytest.mark.parametrize(
    ("verdicts", "checks", "manual", "outcome", "expected"),
    [
        ((F, P), True, "", "succeeded", F),
        ((P, M, U), True, "", "succeeded", U),
        ((P, M), True, "", "succeeded", M),
        ((P, P), True, "", "succeeded", P),
        ((), True, "", "succeeded", U),
        ((), False, "需登录查看", "succeeded", M),
        ((P,), False, "需登录查看", "succeeded", M),
        ((), False, "", "succeeded", M),
        ((P,), True, "", "failed", U),
        ((F,), True, "", "failed", U),
        ((), False, "需登录查看", "failed", M),
        ((P,), True, "", "partial", P),
    ],
)
def test_row_verdict_is_the_worst_finding_and_never_a_pass_without_evidence(
    one_row: Callable[..., ReportModel],
    verdicts: tuple[Verdict, ...],
    checks: bool,
    manual: str,
    outcome: str,
    expected: Verdict,
) -> None:
    found = [_finding(v, i) for i, v in enumerate(verdicts)]
    built = one_row(found, row=_row(checks=checks, manual=manual), outcome=outcome)
    assert built.rows[0].verdict is expected


def test_a_row_with_checks_but_no_findings_is_unverified_with_a_note(model: ReportModel) -> None:
    row4 = next(r for r in model.rows if r.row.id == "4")
    assert (row4.verdict, row4.note, row4.gaps) == (U, LABELS["no_findings"], ())


def test_a_manual_row_is_manual_and_gives_its_reason(model: ReportModel) -> None:
    row5 = next(r for r in model.rows if r.row.id == "5")
    assert row5.verdict is M
    assert row5.note == "需人工核验：政务新媒体账号内容不在门户网站上，需人工登录查看。"


def test_rows_keep_the_catalog_order(model: ReportModel) -> None:
    assert [(r.row.id, r.row.seq) for r in model.rows] == [(str(i), str(i)) for i in range(1, 7)]


def test_gaps_put_the_worst_first(one_row: Callable[..., ReportModel]) -> None:
    built = one_row([_finding(M, 1), _finding(P, 2), _finding(F, 3), _finding(U, 4)])
    assert [g.finding.title for g in built.rows[0].gaps] == ["文件3", "文件4", "文件1"]
    assert [p.finding.title for p in built.rows[0].passes] == ["文件2"]


def test_gaps_go_to_the_finding_unit_else_to_every_unit_of_the_row(
    model: ReportModel, xss_title: str
) -> None:
    owned = {
        u.name: sorted((g.row.row.id, g.finding.finding.title) for g in u.gaps) for u in model.units
    }
    assert owned == {
        "县政府办公室": [("1", xss_title)],
        "县司法局": [("1", xss_title)],
        "县发展和改革局": [("1", "示例县优化营商环境若干措施")],
        "县政务服务中心": [],
        "县政务服务管理办公室": [("2", "政策解读")],
        "县委网信办": [],
        "各乡镇": [("6", "政府信息公开工作年度报告")],
        "县直各部门": [("6", "政府信息公开工作年度报告")],
    }


def test_a_gap_nobody_owns_goes_to_the_no_unit_list(one_row: Callable[..., ReportModel]) -> None:
    built = one_row([_finding(F)], row=_row(units=()))
    assert [(u.name, len(u.gaps)) for u in built.units] == [(LABELS["no_unit"], 1)]


def test_counts_per_verdict_cover_rows_and_findings(model: ReportModel) -> None:
    assert dict(model.row_counts.items) == {P: 1, F: 2, U: 2, M: 1}
    assert dict(model.finding_counts.items) == {P: 2, F: 3, U: 1, M: 0}


def test_section_counts_follow_the_catalog_order(model: ReportModel) -> None:
    assert model.sections == (
        SectionCount("一、深化政策解读", ((P, 0), (F, 1), (U, 1), (M, 0))),
        SectionCount("二、规范性文件管理", ((P, 1), (F, 0), (U, 1), (M, 0))),
        SectionCount("三、平台建设", ((P, 0), (F, 1), (U, 0), (M, 1))),
    )


def test_a_failed_run_carries_a_banner_with_its_errors_and_unreached_columns(
    build_catalog: Build,
    build_run: Run,
    findings: tuple[Finding, ...],
    columns: dict[str, ColumnRecord],
) -> None:
    run = build_run("failed")
    banner = build_model(build_catalog(), run, findings).banner
    assert banner is not None
    assert (banner.level, banner.message) == ("failed", LABELS["banner_failed"])
    assert (banner.errors, banner.unreached) == (run.errors, (columns["unreached"],))


def test_an_unreached_column_carries_a_partial_banner(
    build_catalog: Build,
    build_run: Run,
    findings: tuple[Finding, ...],
    columns: dict[str, ColumnRecord],
) -> None:
    run = build_run(columns=(columns["reached"], columns["unreached"]))
    banner = build_model(build_catalog(), run, findings).banner
    assert banner is not None
    assert banner.level == "partial"


def test_a_successful_run_has_no_banner(model: ReportModel) -> None:
    assert model.banner is None


def test_the_same_finding_twice_is_shown_once_with_the_worse_verdict(
    one_row: Callable[..., ReportModel],
) -> None:
    built = one_row([_finding(P, 1, message="先"), _finding(F, 1, message="后")])
    assert [(f.verdict, f.finding.message) for f in built.findings] == [(F, "后")]


def test_a_finding_for_an_unknown_row_is_kept_as_an_orphan(
    one_row: Callable[..., ReportModel],
) -> None:
    built = one_row([_finding(F, row="99")])
    assert [f.row_id for f in built.orphans] == ["99"]
    assert built.rows[0].verdict is U


def test_a_javascript_evidence_url_is_never_a_link(one_row: Callable[..., ReportModel]) -> None:
    evidence = (Evidence(url="javascript:alert(1)"), Evidence(url="https://x.gov.cn/a.html"))
    built = one_row([_finding(F, evidence=evidence)])
    assert [e.href for e in built.findings[0].evidence] == ["", "https://x.gov.cn/a.html"]


def test_only_archived_pages_get_an_archive_link(one_row: Callable[..., ReportModel]) -> None:
    evidence = (
        Evidence(url="https://x.gov.cn/a", page_id=1),
        Evidence(url="https://x.gov.cn/b", page_id=2),
    )
    built = one_row([_finding(F, evidence=evidence)], archived_pages={2})
    assert [e.archive_href for e in built.findings[0].evidence] == ["", "pages/2.html"]


def test_times_are_shown_in_beijing_time(model: ReportModel) -> None:
    assert model.findings[0].evidence[0].fetched_at == "2026-11-21 02:10:00"
    assert (model.run_view.started_at, model.run_view.finished_at) == (
        "2026-11-21 02:00:00",
        "2026-11-21 02:42:10",
    )


def test_a_verdict_given_as_plain_text_is_understood(one_row: Callable[..., ReportModel]) -> None:
    built = one_row([_finding("不符合")])  # type: ignore[arg-type]  as read back from JSON
    assert (built.findings[0].verdict, built.rows[0].verdict) == (F, F)


@pytest.mark.parametrize(
    ("outcome", "finished_at", "level"),
    [
        ("failed", "2026-11-20T18:03:00+00:00", "failed"),
        ("partial", "2026-11-20T18:03:00+00:00", "partial"),
        ("running", None, "running"),
        ("succeeded", "2026-11-20T18:03:00+00:00", None),
    ],
)
def test_the_banner_level_follows_the_run_outcome(
    build_catalog: Build, build_run: Run, outcome: str, finished_at: str | None, level: str | None
) -> None:
    run = build_run(outcome, finished_at=finished_at, columns=())
    banner = build_model(build_catalog(), run, []).banner
    assert (banner.level if banner else None) == level
