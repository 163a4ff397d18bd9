"""Run history as a truth table: a finding's stable key, and what became of each gap since the
previous checked run (新增 / 持续 / 已整改 / 未能核验), over findings built in code."""

from __future__ import annotations

import dataclasses

import pytest

from checks.findings import Evidence, Finding, History, Status, Verdict, finding_key, key_of
from checks.history import Judged, PastRun, compare

CATALOG = "example_county_2026"
DOC = "https://www.example-county.gov.cn/xxgk/zcwj/202603/t20260315_1001.html"
OTHER = "https://www.example-county.gov.cn/xxgk/zcwj/202604/t20260402_1002.html"
NIGHT_1 = "2026-11-19T18:00:00+00:00"  # 2026-11-20 in Beijing
NIGHT_2 = "2026-11-20T18:00:00+00:00"
NIGHT_3 = "2026-11-21T18:00:00+00:00"

P, F, U, M = Verdict.PASS, Verdict.FAIL, Verdict.UNVERIFIED, Verdict.MANUAL


def _finding(
    verdict: Verdict, subject: str = DOC, check: str = "interpretation_published"
) -> Finding:
    return Finding(
        check=check,
        row="1",
        verdict=verdict,
        subject=subject,
        title="示例县关于印发若干措施的通知",
        message="未找到该文件的政策解读。",
        evidence=(Evidence(url=subject, fetched_at=NIGHT_1),),
    )


def _past(run_id: int, started_at: str, *findings: Finding, complete: bool = True) -> PastRun:
    judged = tuple(Judged(key_of(CATALOG, f), f.subject, f.verdict) for f in findings)
    return PastRun(run_id, started_at, complete, judged)


def _status(history: History) -> Status | None:
    change = history.changes.get(key_of(CATALOG, _finding(F)))
    return change.status if change else None


def test_the_key_ignores_wording_evidence_dates_and_the_scheme() -> None:
    gap = _finding(F)
    reworded = dataclasses.replace(
        gap,
        message="原文未链接解读。",
        title="新标题",
        date="2026-03-16",
        evidence=(Evidence(url=OTHER, fetched_at=NIGHT_3, excerpt="摘录"),),
        subject=DOC.replace("https://", "http://"),
    )
    assert key_of(CATALOG, reworded) == key_of(CATALOG, gap)


@pytest.mark.parametrize(
    "changed",
    [
        {"subject": OTHER},
        {"check": "interpretation_linked_both_ways"},
        {"row": "2"},
    ],
)
def test_the_key_changes_with_the_document_the_check_or_the_row(changed: dict[str, str]) -> None:
    gap = _finding(F)
    assert key_of(CATALOG, dataclasses.replace(gap, **changed)) != key_of(CATALOG, gap)


def test_the_key_changes_with_the_catalog() -> None:
    assert finding_key("a_2025", "1", "c", DOC) != finding_key("a_2026", "1", "c", DOC)


def test_the_first_run_compares_nothing_but_dates_its_gaps() -> None:
    history = compare(CATALOG, 1, NIGHT_1, [_finding(F)], complete=True, past=[], last_gaps={})
    change = history.changes[key_of(CATALOG, _finding(F))]
    assert history.first
    assert (change.first_seen, change.days) == ("2026-11-20", 0)


@pytest.mark.parametrize(
    ("before", "now", "complete", "status"),
    [
        (None, F, True, Status.NEW),  # a gap not there before
        (P, F, True, Status.NEW),  # a pass that became a gap
        (U, F, True, Status.NEW),  # never judged a gap before
        (F, F, True, Status.PERSISTING),
        (F, P, True, Status.FIXED),
        (F, P, False, Status.FIXED),  # a pass is seen, whatever else the run missed
        (F, None, True, Status.FIXED),  # gone, and the run read everything
        (F, None, False, Status.UNKNOWN),  # gone, but the run did not read its page
        (F, U, True, Status.UNKNOWN),  # a gap that turned 未能核验 is not fixed
        (F, M, True, Status.UNKNOWN),
        (P, P, True, None),  # passes have no history
        (U, U, True, None),
    ],
)
def test_each_gap_gets_its_status(
    before: Verdict | None, now: Verdict | None, complete: bool, status: Status | None
) -> None:
    past = [_past(1, NIGHT_1, *([_finding(before)] if before else []))]
    findings = [_finding(now)] if now else []
    gap = _finding(F)  # what the report shows of a gap gone from this run
    history = compare(
        CATALOG,
        2,
        NIGHT_2,
        findings,
        complete=complete,
        past=past,
        last_gaps={key_of(CATALOG, gap): gap},
    )
    assert _status(history) is status


def test_a_gone_gap_is_fixed_when_another_finding_read_its_page() -> None:
    past = [_past(1, NIGHT_1, _finding(F))]
    read = _finding(P, check="feedback_window_present")  # the same page, judged by another check
    gap = _finding(F)
    history = compare(
        CATALOG,
        2,
        NIGHT_2,
        [read],
        complete=False,
        past=past,
        last_gaps={key_of(CATALOG, gap): gap},
    )
    assert _status(history) is Status.FIXED


def test_a_persisting_gap_counts_days_from_the_night_it_appeared() -> None:
    past = [_past(1, NIGHT_1, _finding(F)), _past(2, NIGHT_2, _finding(F))]
    history = compare(CATALOG, 3, NIGHT_3, [_finding(F)], complete=True, past=past, last_gaps={})
    change = history.changes[key_of(CATALOG, _finding(F))]
    assert (change.status, change.first_seen, change.days) == (Status.PERSISTING, "2026-11-20", 2)


def test_a_night_the_crawl_missed_does_not_restart_a_gap() -> None:
    past = [
        _past(1, NIGHT_1, _finding(F)),
        _past(2, NIGHT_2, _finding(U), complete=False),
    ]
    history = compare(CATALOG, 3, NIGHT_3, [_finding(F)], complete=True, past=past, last_gaps={})
    change = history.changes[key_of(CATALOG, _finding(F))]
    assert (change.status, change.first_seen) == (Status.PERSISTING, "2026-11-20")


def test_a_fixed_gap_that_comes_back_is_new_again() -> None:
    past = [_past(1, NIGHT_1, _finding(F)), _past(2, NIGHT_2, _finding(P))]
    history = compare(CATALOG, 3, NIGHT_3, [_finding(F)], complete=True, past=past, last_gaps={})
    change = history.changes[key_of(CATALOG, _finding(F))]
    assert (change.status, change.first_seen) == (Status.NEW, "2026-11-22")


def test_history_names_the_run_it_compares_with() -> None:
    past = [_past(4, NIGHT_1, _finding(F)), _past(7, NIGHT_2, _finding(F))]
    history = compare(CATALOG, 9, NIGHT_3, [_finding(F)], complete=True, past=past, last_gaps={})
    assert (history.previous_run, history.previous_started_at) == (7, NIGHT_2)
