"""The banner at the top of a report whose crawl cannot be trusted in full: what failed (columns,
list pages, pages), how many findings that left 未能核验, and why the run is not called 成功."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checks.findings import Finding, Verdict
from checks.records import ColumnRecord, RunRecord
from ground.text.urls import normalise_url
from reports.vocabulary import LABELS

#: Errors listed in the banner; the rest are counted (all of them are in findings.json).
BANNER_ERROR_LIMIT = 20
#: Failed page URLs listed in the banner; the rest are counted.
BANNER_URL_LIMIT = 10
#: An error line the crawl recorded for a page it could not read: ``<url>：<why>``.
_ERROR_URL = re.compile(r"^(https?://[^\s：]+)：")
#: Outcomes after which nothing the run gave can be trusted as complete.
BROKEN_OUTCOMES = frozenset({"failed", "interrupted"})


@dataclass(frozen=True, slots=True)
class Banner:
    """The warning at the very top when the crawl cannot be fully trusted."""

    level: str  # "failed" | "interrupted" | "partial" | "running": also the CSS class
    message: str
    errors: tuple[str, ...]  # at most BANNER_ERROR_LIMIT
    more_errors: int  # errors not listed
    unreached: tuple[ColumnRecord, ...]
    incomplete: tuple[ColumnRecord, ...] = ()  # reached, but some list pages were not read
    failed_urls: tuple[str, ...] = ()  # pages that failed or were blocked, at most BANNER_URL_LIMIT
    more_failed_urls: int = 0
    unverified: int = 0  # 未能核验 findings about what failed (or all, when the run broke)
    unverified_total: int = 0  # every 未能核验 finding of the run


def _failed_columns(run: RunRecord) -> tuple[tuple[ColumnRecord, ...], tuple[ColumnRecord, ...]]:
    """(columns not reached, columns reached but not read in full)."""
    unreached = tuple(c for c in run.columns if not c.reached)
    incomplete = tuple(c for c in run.columns if c.reached and (not c.complete or c.failed_pages))
    return unreached, incomplete


def crawl_trouble(run: RunRecord) -> bool:
    """The crawl missed something (a column, a list page, a page, any recorded error): then
    the run is never called 成功."""
    unreached, incomplete = _failed_columns(run)
    return run.outcome != "succeeded" or bool(unreached or incomplete or run.failures or run.errors)


def failed_urls(run: RunRecord) -> tuple[str, ...]:
    """Every page the run could not read: list pages of its columns, listed pages, and the pages
    its errors name (a report reads the run's header only, where a failed page is an error
    line ``<url>：<why>``)."""
    listed = (u for c in run.columns for u in c.failed_urls)
    named = (m[1] for e in run.errors if (m := _ERROR_URL.match(e)))
    return tuple(dict.fromkeys([*listed, *(f.url for f in run.failures), *named]))


def _about_failure(finding: Finding, urls: set[str], columns: Sequence[ColumnRecord]) -> bool:
    """A 未能核验 finding about a page or a column the crawl failed on: its subject, or its
    evidence, is one; or its message names a column not read in full (a document whose 解读
    may sit on the unread list page)."""
    subject = finding.subject
    if subject.startswith("column:"):
        return subject.removeprefix("column:") in {c.id for c in columns}
    mentioned = [subject, *(e.url for e in finding.evidence)]
    if any("://" in u and normalise_url(u) in urls for u in mentioned):
        return True
    return any(c.name and c.name in finding.message for c in columns)


def _level(run: RunRecord) -> tuple[str, str] | None:
    if run.outcome == "failed":
        return "failed", LABELS["banner_failed"]
    if run.outcome == "interrupted":
        return "interrupted", LABELS["banner_interrupted"]
    if run.outcome == "running" or run.finished_at is None:
        return "running", LABELS["banner_running"]
    if crawl_trouble(run):
        return "partial", LABELS["banner_partial"]
    return None


def build_banner(run: RunRecord, findings: Sequence[Finding]) -> Banner | None:
    """The banner of a run the crawl cannot vouch for, or None.

    It counts the 未能核验 findings the failure caused: all of them when the run failed or was
    interrupted (nothing it gave is complete); otherwise those about a page that failed or a
    column not read in full. The run's other 未能核验 findings (a box filled by script …) are
    counted apart.
    """
    level = _level(run)
    if level is None:
        return None
    unreached, incomplete = _failed_columns(run)
    urls = failed_urls(run)
    unverified = [f for f in findings if f.verdict is Verdict.UNVERIFIED]
    if run.outcome in BROKEN_OUTCOMES:
        about = len(unverified)
    else:
        bad = (*unreached, *incomplete)
        known = {normalise_url(u) for u in (*urls, *(c.url for c in bad)) if "://" in u}
        about = sum(1 for f in unverified if _about_failure(f, known, bad))
    return Banner(
        level=level[0],
        message=level[1],
        errors=run.errors[:BANNER_ERROR_LIMIT],
        more_errors=max(0, len(run.errors) - BANNER_ERROR_LIMIT),
        unreached=unreached,
        incomplete=incomplete,
        failed_urls=urls[:BANNER_URL_LIMIT],
        more_failed_urls=max(0, len(urls) - BANNER_URL_LIMIT),
        unverified=about,
        unverified_total=len(unverified),
    )
