"""What a check returns: a verdict about one subject, with evidence a clerk can click; and, from
run to run, the finding's stable key and what became of it (``checks.history`` computes it)."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from ground.text.urls import normalise_url


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


#: Subjects that are not URLs: a whole row (``row:3.2``) or a profile column (``column:zcwj``).
_NON_URL_PREFIXES = ("row:", "column:")


def key_subject(subject: str) -> str:
    """The subject as the key sees it: a URL's path and query in their one spelling
    (``normalise_url``), so http and https, a trailing ``index.html`` or the case of the host do
    not make another gap. The host is left out: a report shows a mirror's URLs (``--base-url``)
    at the portal's address, and a portal moved to a new domain keeps its pages' paths.

    >>> key_subject("HTTPS://WWW.Guanxian.gov.cn/xxgk/zcwj/index.html")
    '/xxgk/zcwj'
    >>> key_subject("http://127.0.0.1:18123/xxgk/zcwj/t1.html?id=2")
    '/xxgk/zcwj/t1.html?id=2'
    >>> key_subject("column:dgcz")
    'column:dgcz'
    """
    if subject.startswith(_NON_URL_PREFIXES) or "://" not in subject:
        return subject
    spelled = normalise_url(subject)
    slash = spelled.find("/")
    return spelled[slash:] if slash >= 0 else "/"


def finding_key(catalog_id: str, row: str, check: str, subject: str) -> str:
    """The stable id of a finding: 40 hex digits (``finding.key``).

    >>> k = finding_key("shandong_guanxian_2023", "3.2", "validity_marked", "http://x.gov.cn/a.html")
    >>> k == finding_key("shandong_guanxian_2023", "3.2", "validity_marked", "https://x.gov.cn/a.html")
    True
    >>> k == finding_key("shandong_guanxian_2023", "3.2", "validity_marked", "http://x.gov.cn/b.html")
    False
    >>> len(k)
    40
    """
    # A separator no catalog id, row id or check name contains keeps the parts apart.
    text = "\x1f".join((catalog_id, row, check, key_subject(subject)))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324  an id, not a secret


def key_of(catalog_id: str, finding: Finding) -> str:
    return finding_key(catalog_id, finding.row, finding.check, finding.subject)


class Status(enum.StrEnum):
    """What happened to a gap since the previous checked run."""

    NEW = "新增"  # 不符合 now, not an open gap before
    PERSISTING = "持续"  # 不符合 now and open before
    FIXED = "已整改"  # open before; now 符合, or gone with its evidence read
    UNKNOWN = "未能核验"  # open before; now not judged (未能核验, 需人工核验, or evidence not read)


@dataclass(frozen=True, slots=True)
class Change:
    """One gap's history at this run."""

    key: str
    status: Status
    first_seen: str  # Beijing date, YYYY-MM-DD
    days: int  # since first seen, by Beijing dates (0: first seen today)
    finding: Finding  # this run's finding; for a gap gone from this run, its last 不符合 finding
    current: bool  # ``finding`` is this run's (False: it is the last past one, the gap is gone)


@dataclass(frozen=True, slots=True)
class History:
    """This run's gaps compared with the runs before it (``previous`` None: 首次核查)."""

    previous_run: int | None
    previous_started_at: str
    changes: Mapping[str, Change] = field(default_factory=dict)  # by key, current findings first

    @property
    def first(self) -> bool:
        return self.previous_run is None

    def of(self, status: Status) -> tuple[Change, ...]:
        return tuple(c for c in self.changes.values() if c.status is status)

    def count(self, status: Status) -> int:
        return sum(1 for c in self.changes.values() if c.status is status)
