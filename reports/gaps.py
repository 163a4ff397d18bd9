"""One finding per gap: what the office forwards and counts.

Checks judge a subject once per catalog row that asks for it, so a policy document missing its
解读 comes back as a 不符合 from every row whose requirement covers 解读 (冠县: rows 1, 5 and 18).
The office fixes it once, and counting it three times overstates the portal's problems: 冠县's
19 不符合 findings are 17 gaps. A gap is therefore one (check, subject) with verdict 不符合 or
未能核验, citing every row that found it, worst verdict first.

Its key is ``sha1(catalog id, check, key_subject(subject))``: the row is left out (it is cited,
not identifying) and the subject is reduced as ``checks.findings.key_subject`` reduces it, so the
same gap keeps its key from night to night and across a mirror of the portal.

Who fixes it: the document's unit (``Finding.unit``, the unit registry's one name), else the
first resolved unit of the first row that cites it (``row_unit``). By when: the earliest 完成时限
among its rows (``ground.deadlines.parse_deadline``) and a 整改期限 some working days after the
report (``ground.deadlines.rectify_by``, ``Catalog.notice.rectify_workdays``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from checks.findings import Evidence, Finding, Verdict, key_subject
from ground.deadlines import Deadline, RectifyBy, parse_deadline, rectify_by
from ground.timestamps import BEIJING

#: Verdicts that make a finding part of a gap, worst first. 需人工核验 is not a gap: nothing
#: was found missing, a person must look (the task's status says so).
GAP_VERDICTS: tuple[Verdict, ...] = (Verdict.FAIL, Verdict.UNVERIFIED)
#: A deadline this many calendar days ahead (or fewer) is "due soon" (临近时限).
DUE_SOON_DAYS = 30


@dataclass(frozen=True, slots=True)
class Gap:
    """One gap: a (check, subject) not met or not verifiable, cited by every row that found it."""

    key: str  # 40 hex digits, stable across runs (``gap_key``)
    check: str
    subject: str
    verdict: Verdict  # the worst among its findings: 不符合 before 未能核验
    title: str
    message: str
    unit: str  # who must fix it: the document's unit, else its first row's first unit; "" none
    rows: tuple[str, ...]  # the catalog row ids citing it, in the table's order
    evidence: tuple[Evidence, ...]
    doc_number: str
    date: str


def gap_key(catalog_id: str, check: str, subject: str, row: str = "") -> str:
    """The stable id of a gap.

    A document or a column is one gap whichever rows found it; any other subject (a unit's
    name, a whole row) says something about its row only, so ``row`` is part of its key.

    >>> k = gap_key("guanxian_2023", "interpretation_published", "http://a.gov.cn/t1.html")
    >>> k == gap_key("guanxian_2023", "interpretation_published", "https://b.gov.cn/t1.html")
    True
    >>> k == gap_key("guanxian_2023", "interpretation_published", "http://a.gov.cn/t1.html", "5")
    True
    >>> k == gap_key("guanxian_2023", "interpretation_timely", "http://a.gov.cn/t1.html")
    False
    >>> gap_key("c", "unit_disclosure", "财政局", "5") == gap_key("c", "unit_disclosure", "财政局")
    False
    >>> len(k)
    40
    """
    subject = key_subject(subject)
    parts = [catalog_id, check, subject]
    if not subject.startswith(("/", "column:")):
        parts.append(row)
    text = "\x1f".join(parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324  an id, not a secret


def _verdict(finding: Finding) -> Verdict:
    # Findings read back from JSON may carry the label as a plain string.
    return finding.verdict if isinstance(finding.verdict, Verdict) else Verdict(finding.verdict)


def group_gaps(
    catalog_id: str,
    findings: Iterable[Finding],
    *,
    row_order: Sequence[str] = (),
    row_unit: Callable[[str], str] | None = None,
    unit_name: Callable[[str], str] | None = None,
) -> tuple[Gap, ...]:
    """The gaps among ``findings``, in the order their first finding came.

    ``row_order`` is the catalog's row ids (rows not in it sort last, as given); ``row_unit``
    gives a row's first resolved unit, for a gap whose finding names none; ``unit_name`` maps a
    finding's unit to its one name (the registry's ``name_of``).
    """
    position = {row: i for i, row in enumerate(row_order)}
    members: dict[str, list[Finding]] = {}
    for finding in findings:
        if _verdict(finding) not in GAP_VERDICTS:
            continue
        key = gap_key(catalog_id, finding.check, finding.subject, finding.row)
        members.setdefault(key, []).append(finding)
    gaps = []
    for key, found in members.items():
        worst = min(found, key=lambda f: GAP_VERDICTS.index(_verdict(f)))
        rows = sorted(dict.fromkeys(f.row for f in found), key=lambda r: position.get(r, 1 << 30))
        unit = next((f.unit for f in found if f.unit), "")
        if unit and unit_name is not None:
            unit = unit_name(unit)
        if not unit and row_unit is not None:
            unit = next((u for r in rows if (u := row_unit(r))), "")
        evidence = tuple(dict.fromkeys(e for f in (worst, *found) for e in f.evidence))
        gaps.append(
            Gap(
                key=key,
                check=worst.check,
                subject=worst.subject,
                verdict=_verdict(worst),
                title=next((f.title for f in (worst, *found) if f.title), ""),
                message=worst.message,
                unit=unit,
                rows=tuple(rows),
                evidence=evidence,
                doc_number=next((f.doc_number for f in (worst, *found) if f.doc_number), ""),
                date=next((f.date for f in (worst, *found) if f.date), ""),
            )
        )
    return tuple(gaps)


def report_date(started_at: str) -> dt.date:
    """The Beijing date of a run (the report's date): a night crawl at 18:00 UTC is tomorrow's.

    >>> report_date("2026-11-20T18:00:00+00:00")
    datetime.date(2026, 11, 21)
    >>> report_date("2026-11-20")
    datetime.date(2026, 11, 20)
    """
    try:
        moment = dt.datetime.fromisoformat(started_at.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.now(BEIJING).date()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING).date()


@dataclass(frozen=True, slots=True)
class Timing:
    """A gap's (or a task's) 完成时限 and 整改期限 at the report's date."""

    deadline: Deadline  # the earliest-due 完成时限 among its rows (the table's words kept)
    rectify: RectifyBy  # 整改期限
    overdue: bool  # open (不符合) and the 完成时限 has passed at the report's date
    due_soon: bool  # open and the 完成时限 falls within DUE_SOON_DAYS

    @property
    def deadline_text(self) -> str:
        return self.deadline.text

    @property
    def due_iso(self) -> str:
        return self.deadline.due.isoformat() if self.deadline.due else ""


def timing(
    deadlines: Sequence[str],
    year: int,
    today: dt.date,
    rectify_workdays: int,
    *,
    open_gap: bool,
) -> Timing:
    """The 完成时限 that falls due first among ``deadlines`` (rows' words), and the 整改期限.

    A gap is marked overdue or due soon only while it is open (不符合): a 未能核验 gap may be
    met already, and a passing task is late for nothing.

    >>> t = timing(["2023年底前", "2023年6月30日前"], 2023, dt.date(2023, 9, 25), 10, open_gap=True)
    >>> (t.deadline_text, t.overdue, t.due_soon, t.rectify.date)
    ('2023年6月30日前', True, False, datetime.date(2023, 10, 13))
    >>> timing(["全年"], 2023, dt.date(2023, 12, 10), 10, open_gap=True).due_soon
    True
    >>> timing(["全年"], 2023, dt.date(2024, 1, 10), 10, open_gap=False).overdue
    False
    """
    parsed = [parse_deadline(text, year) for text in deadlines] or [parse_deadline("", year)]
    dated = [d for d in parsed if d.due is not None]
    first = min(dated, key=lambda d: d.due or d.end) if dated else parsed[0]
    overdue = open_gap and first.overdue(today)
    return Timing(
        deadline=first,
        rectify=rectify_by(today, rectify_workdays),
        overdue=overdue,
        due_soon=open_gap and not overdue and first.due_soon(today, DUE_SOON_DAYS),
    )


def gap_timing(
    gap: Gap,
    row_deadlines: Mapping[str, str],
    year: int,
    today: dt.date,
    rectify_workdays: int,
) -> Timing:
    """``timing`` of a gap over the 完成时限 of the rows that cite it."""
    return timing(
        [row_deadlines.get(r, "") for r in gap.rows],
        year,
        today,
        rectify_workdays,
        open_gap=gap.verdict is Verdict.FAIL,
    )
