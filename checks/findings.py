"""What a check returns: a verdict about one subject, with evidence a clerk can click."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Verdict(enum.StrEnum):
    """The four verdicts of a check. Undecidable is never a pass."""

    PASS = "符合"
    FAIL = "不符合"
    UNVERIFIED = "未能核验"  # the crawl did not reach the evidence
    MANUAL = "需人工核验"  # only a person can judge


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence: the live URL, when it was fetched, and what was read there."""

    url: str
    fetched_at: str | None = None  # ISO 8601, UTC
    excerpt: str = ""
    page_id: int | None = None  # row id of the stored page snapshot (the page as fetched)
    label: str = ""  # what this evidence is, in Chinese: "政策文件", "解读", "栏目" …


@dataclass(frozen=True, slots=True)
class Finding:
    """One verdict of one check about one subject, tied to a catalog row.

    ``subject`` is the URL (or column id) the verdict is about; ``(check, subject, row)`` is the
    finding's identity, used by ground-truth comparisons and report de-duplication.
    """

    check: str
    row: str  # catalog row id, e.g. "3.2"
    verdict: Verdict
    subject: str
    title: str  # the subject's title as shown to the reader (a document title, a column name)
    message: str  # one sentence in Chinese: what is missing or why it cannot be decided
    unit: str = ""  # responsible unit the finding is forwarded to
    doc_number: str = ""
    date: str = ""  # the subject's relevant date, YYYY-MM-DD
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
