"""Run history: a finding's stable key, and what changed since the previous checked run.

Every night's check gives its findings afresh; the office wants to know which gaps are new
(新增), which are still there and since when (持续, N 天), and which were fixed (已整改). This
module compares runs by a finding's **key**, a hash of what the finding is about — the catalog,
the catalog row, the check and the subject — and of nothing else: a reworded message, new
evidence, a re-fetched page or a changed date leave the key alone, while a different document
(another URL) is another key.

Only 不符合 is a gap here. The history walks the runs in order and keeps, per key, whether a
gap is **open** and since when:

* 不符合 opens a gap (first seen: that run) or keeps it open;
* 符合 closes it (已整改);
* a finding that is gone closes it only when the run read its evidence — the run saw every
  page (``complete``), or another finding of the run judged the same subject (符合 or 不符合);
* 未能核验, 需人工核验, or gone without its evidence read, leave it open and unknown: a night the
  crawl did not see the page says nothing about it, so it never counts as 已整改, and the gap,
  if it is still there the next night, is 持续 since its first night, not 新增.

Pure functions over plain records; ``checks.history_store`` reads them from the database. The
types a report reads (the key, ``Status``, ``Change``, ``History``) live in ``checks.findings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from checks.findings import Change, Finding, History, Status, Verdict, key_of, key_subject
from ground.timestamps import BEIJING


@dataclass(frozen=True, slots=True)
class Judged:
    """One finding of a past run as the history needs it (light: no message, no evidence)."""

    key: str
    subject: str
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class PastRun:
    """A checked run as the history walks it."""

    id: int
    started_at: str  # ISO 8601 UTC, as stored
    complete: bool  # every column read in full and no page failed: a gone finding was looked at
    findings: tuple[Judged, ...]


@dataclass(frozen=True, slots=True)
class OpenGap:
    """A gap not known to be fixed after some run: since when, and the run that last saw it."""

    first_seen: str  # ISO 8601 UTC: started_at of the run it opened in
    first_run: int
    last_run: int  # the last run where it was 不符合


def beijing_date(timestamp: str) -> dt.date:
    """The Beijing calendar date of a stored UTC timestamp (runs start after midnight in China).

    >>> beijing_date("2026-11-20T18:00:00+00:00")
    datetime.date(2026, 11, 21)
    """
    moment = dt.datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING).date()


def _seen_subjects(findings: Iterable[Judged]) -> set[str]:
    """Subjects some finding of the run judged (符合 or 不符合): their pages were read."""
    return {key_subject(f.subject) for f in findings if f.verdict in {Verdict.PASS, Verdict.FAIL}}


def _gone_and_seen(gap_subject: str, run: PastRun, seen: set[str]) -> bool:
    return run.complete or key_subject(gap_subject) in seen


def step(
    open_gaps: Mapping[str, OpenGap], subjects: Mapping[str, str], run: PastRun
) -> tuple[dict[str, OpenGap], dict[str, Status]]:
    """The open gaps after ``run``, and the status of every gap open before it or 不符合 in it.

    ``subjects`` gives the subject of each open key (a gone finding has none in ``run``).
    """
    verdicts = {f.key: f.verdict for f in run.findings}
    seen = _seen_subjects(run.findings)
    after: dict[str, OpenGap] = {}
    statuses: dict[str, Status] = {}
    for f in run.findings:
        if f.verdict is Verdict.FAIL:
            before = open_gaps.get(f.key)
            if before is None:
                after[f.key] = OpenGap(run.started_at, run.id, run.id)
                statuses[f.key] = Status.NEW
            else:
                after[f.key] = OpenGap(before.first_seen, before.first_run, run.id)
                statuses[f.key] = Status.PERSISTING
    for key, gap in open_gaps.items():
        if key in statuses:
            continue
        verdict = verdicts.get(key)
        if verdict is Verdict.PASS or (
            verdict is None and _gone_and_seen(subjects.get(key, ""), run, seen)
        ):
            statuses[key] = Status.FIXED
        else:
            after[key] = gap
            statuses[key] = Status.UNKNOWN
    return after, statuses


def replay(runs: Sequence[PastRun]) -> tuple[dict[str, OpenGap], dict[str, str]]:
    """The gaps still open after ``runs`` (oldest first), and the subject of each key."""
    open_gaps: dict[str, OpenGap] = {}
    subjects: dict[str, str] = {}
    for run in runs:
        subjects.update((f.key, f.subject) for f in run.findings)
        open_gaps, _ = step(open_gaps, subjects, run)
    return open_gaps, {k: subjects[k] for k in open_gaps}


def compare(
    catalog_id: str,
    run_id: int,
    started_at: str,
    findings: Sequence[Finding],
    *,
    complete: bool,
    past: Sequence[PastRun],
    last_gaps: Mapping[str, Finding],
) -> History:
    """This run's findings against the runs before it (``past``, oldest first).

    ``last_gaps`` holds, for gaps that may be gone from this run, their last 不符合 finding (what
    the report shows of a gap fixed by removal); ``checks.history_store`` reads it.
    """
    keyed = {key_of(catalog_id, f): f for f in findings}
    today = beijing_date(started_at)
    if not past:
        first = {
            k: Change(k, Status.NEW, today.isoformat(), 0, f, current=True)
            for k, f in keyed.items()
            if f.verdict is Verdict.FAIL
        }
        return History(None, "", first)
    open_gaps, subjects = replay(past)
    this = PastRun(
        run_id,
        started_at,
        complete,
        tuple(Judged(k, f.subject, f.verdict) for k, f in keyed.items()),
    )
    after, statuses = step(open_gaps, subjects, this)
    changes: dict[str, Change] = {}
    for key, status in statuses.items():
        gap = after.get(key) or open_gaps[key]
        finding = keyed.get(key) or last_gaps.get(key)
        if finding is None:  # a gap whose last finding was not read: nothing to show
            continue
        since = beijing_date(gap.first_seen)
        changes[key] = Change(
            key,
            status,
            since.isoformat(),
            (today - since).days,
            finding,
            current=key in keyed,
        )
    return History(past[-1].id, past[-1].started_at, changes)
