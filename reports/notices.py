"""整改通知: one printable notice per responsible unit, the page the office forwards as it is.

The report tells the office what is wrong; a unit needs to be told what *it* must fix and by
when, in the form Chinese offices write such a request (关于政务公开工作问题整改的通知): a
number left blank for the office's own 文号, the unit addressed by its one name, what was
audited, a table of its gaps with evidence and 整改期限, the rows where nothing of the unit was
found, the 整改要求, the issuing office with date and contact, and a 回执 (reply slip) on its own
printed page. ``units/index.html`` lists every unit that has a notice.

Who gets a gap (the lead's design for issue 13): the finding's unit (the document's unit, already
the registry's one name), else the first unit the row's 责任单位 resolve to; a group phrase
(县直各部门（单位）) is never a unit a notice goes to. A gap the same document causes in several
rows (a missing 解读 found by rows 1, 5 and 18) is one line citing all of them. A gap no unit
can be found for gets no notice; the index counts it so it is not lost.

Only 不符合 and 未能核验 are gaps: 需人工核验 asks a person to judge, not a unit to act, except a
``unit_disclosure`` finding "未发现相关公开信息", listed apart as a row the unit has nothing to
show for (not a proof of absence, so not a 不符合).

整改期限 follows the office's rule: ``catalog.notice.rectify_workdays`` working days from the
report's date (``ground.deadlines.rectify_by``). Gaps are grouped by ``reports.gaps``, as
everywhere in the report, so a notice's lines are the report's gaps; only the same problem of
the unit itself in several rows (未采集到该单位的公开信息) is said once, citing the rows. What the
notice says in words is ``reports.notice_words``.

Like the report, each page is self-contained: the stylesheet inline and allowed by hash, no
script at all, so a portal title can never run as script.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from checks.catalog import Catalog, CatalogRow
from checks.findings import Evidence, Finding, Verdict, key_subject
from checks.records import RunRecord
from ground.units import UnitRegistry, group_kind
from reports.gaps import Gap, gap_timing, group_gaps
from reports.links import safe_href
from reports.notice_words import NOTICE_LABELS, NoticeMeta, notice_meta, reply_send
from reports.page_files import page_csp, write_text
from reports.vocabulary import LABELS, check_label

NOTICE_TEMPLATE = "notice.html"
INDEX_TEMPLATE = "notice_index.html"
STYLE_TEMPLATE = "notice.css"
UNITS_DIR = "units"
INDEX_NAME = "index.html"

#: The check whose 需人工核验 "未发现相关公开信息" findings a notice lists apart (issue 12).
UNIT_DISCLOSURE = "unit_disclosure"
NOTHING_FOUND = "未发现相关公开信息"

#: A gap cited by more rows than this lists them by 序号 only (``NoticeGap.rows_in_short``).
MAX_ROWS_IN_FULL = 3

#: Verdicts a unit is asked to act on, in the order a notice lists them within a task.
ACTIONABLE: tuple[Verdict, ...] = (Verdict.FAIL, Verdict.UNVERIFIED)


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A catalog row as a notice cites it."""

    seq: str
    task: str
    requirement: str
    deadline: str  # 完成时限 as the table writes it ("" when it has none)


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """A link named for the document it opens, with its address printed for paper."""

    name: str
    url: str
    href: str  # "" when the URL may not be a link (not http/https)


@dataclass(frozen=True, slots=True)
class CitedRow:
    """A row as one notice line cites it. Its 具体要求 is printed at the first line citing the
    row; later lines refer to that line (同第N项), which keeps a long notice short on paper."""

    ref: TaskRef
    same_as: int = 0  # the notice line that printed this row's 具体要求; 0: printed here

    @property
    def same_as_text(self) -> str:
        return NOTICE_LABELS["cross_ref"].format(n=self.same_as) if self.same_as else ""


@dataclass(frozen=True, slots=True)
class NoticeGap:
    """One line of the notice's table: one gap, citing every row it was found by."""

    number: int  # 序号 in this notice, from 1
    rows: tuple[CitedRow, ...]
    verdict: Verdict
    check_label: str
    title: str  # as the notice shows it: 《…》, 政策解读栏目, or "" (shown_title)
    doc_number: str
    date: str
    message: str
    evidence: tuple[EvidenceLink, ...]
    rectify: str  # 整改期限, short: 2026年12月4日前
    overdue: bool = False  # 不符合 and a cited row's 完成时限 has passed at the report's date
    # A gap cited by more than MAX_ROWS_IN_FULL rows (a unit no row's search could reach) names
    # them by 序号 only: thirty requirements in one cell would fill pages and say nothing new.
    rows_in_short: str = ""

    @property
    def verdict_class(self) -> str:
        """A CSS class for the verdict (printed notices mark 不符合 bold, 未能核验 plain)."""
        return "fail" if self.verdict is Verdict.FAIL else "unverified"


@dataclass(frozen=True, slots=True)
class NothingRow:
    """A row the unit is responsible for where its search found nothing (issue 12)."""

    number: int
    row: TaskRef
    message: str


@dataclass(frozen=True, slots=True)
class Notice:
    unit: str
    path: str  # notice_path(unit)
    gaps: tuple[NoticeGap, ...]
    nothing: tuple[NothingRow, ...]

    @property
    def href(self) -> str:
        """The notice's address from ``units/index.html``."""
        return self.path.removeprefix(UNITS_DIR + "/")

    def count(self, verdict: Verdict) -> int:
        return sum(1 for g in self.gaps if g.verdict is verdict)


# --- file names --------------------------------------------------------------------------------

#: Characters a file name or a relative link may not carry on the systems the office uses.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|#%&\s]+')
_MAX_STEM = 60


def notice_path(unit: str) -> str:
    """The notice's path relative to the report folder, also a valid relative link.

    Unit names are kept readable (the clerk finds the file by its name); what a file system or a
    URL would misread is replaced, and a short hash of the name is then added so two units can
    never share a file.

    >>> notice_path("示例县司法局")
    'units/示例县司法局.html'
    >>> notice_path("县委/县政府 督查室")
    'units/县委_县政府_督查室-034a8ecb.html'
    >>> notice_path("")
    'units/unit-da39a3ee.html'
    """
    stem = _UNSAFE.sub("_", unit).strip("._")[:_MAX_STEM]
    if stem != unit or not stem:
        digest = hashlib.sha1(unit.encode("utf-8")).hexdigest()[:8]  # noqa: S324  a name, not a secret
        stem = f"{stem}-{digest}" if stem else f"unit-{digest}"
    return f"{UNITS_DIR}/{stem}.html"


# --- who fixes what ----------------------------------------------------------------------------

_SEVERITY = {Verdict.FAIL: 2, Verdict.UNVERIFIED: 1}


def _is_nothing_found(finding: Finding) -> bool:
    return (
        finding.check == UNIT_DISCLOSURE
        and Verdict(finding.verdict) is Verdict.MANUAL
        and finding.message.startswith(NOTHING_FOUND)
    )


@dataclass(frozen=True, slots=True)
class _Rows:
    """The catalog's rows by id in table order, each row's units as the registry reads them."""

    ids: tuple[str, ...]
    order: Mapping[str, int]
    refs: Mapping[str, TaskRef]
    units: Mapping[str, tuple[str, ...]]
    deadlines: Mapping[str, str]

    @classmethod
    def of(cls, catalog: Catalog, registry: UnitRegistry | None) -> _Rows:
        # Imported here: the report model links to the notices (``notice_path``), and a module
        # import each way would be a cycle. ``row_units`` is the report's one way to read a
        # row's 责任单位, so a notice names exactly the units the report names.
        from reports.model import row_units

        rows = catalog.all_rows
        return cls(
            ids=tuple(r.id for r in rows),
            order={r.id: i for i, r in enumerate(rows)},
            refs={r.id: _task_ref(r) for r in rows},
            units={r.id: row_units(r, registry).units for r in rows},
            deadlines={r.id: r.deadline for r in rows},
        )

    def ref(self, row_id: str) -> TaskRef:
        return self.refs.get(row_id) or TaskRef(seq=row_id, task="", requirement="", deadline="")

    def position(self, row_id: str) -> int:
        return self.order.get(row_id, len(self.order))

    def first_unit(self, row_id: str) -> str:
        units = self.units.get(row_id, ())
        return units[0] if units else ""


def is_group(name: str) -> bool:
    """A group phrase is no unit a notice can be addressed to: the ones ``ground.units`` expands
    (县直各部门（单位）) and any other name that starts with 各 ("each"), which no unit's name does
    (各政务新媒体开设单位).

    >>> is_group("县直各部门（单位）"), is_group("各政务新媒体开设单位"), is_group("县司法局")
    (True, True, False)
    """
    return bool(group_kind(name)) or name.startswith("各")


def _unit_name(written: str, registry: UnitRegistry | None) -> str:
    return registry.name_of(written) if registry is not None and written else written


def _task_ref(row: CatalogRow) -> TaskRef:
    return TaskRef(seq=row.seq, task=row.task, requirement=row.requirement, deadline=row.deadline)


def shown_title(subject: str, title: str) -> str:
    """The subject as a notice names it: a document by its title in 《》, a column by its name
    (政策解读栏目); a unit or a whole row not at all (the notice already names them).

    >>> shown_title("http://a.gov.cn/t1.html", "实施方案"), shown_title("column:zcjd", "政策解读")
    ('《实施方案》', '政策解读栏目')
    >>> shown_title("unit:县司法局", "县司法局")
    ''
    """
    if not title:
        return ""
    where = key_subject(subject)
    if where.startswith("column:"):
        return _column_name(title)
    if where.startswith("/"):
        return book_title(title)
    return ""


def _column_name(name: str) -> str:
    suffix = NOTICE_LABELS["column_suffix"]
    return name if name.endswith(suffix) else name + suffix


def _evidence_name(evidence: Evidence, gap: Gap) -> str:
    """The link's name: the document it opens, never 原网页.

    The page the gap is about is named by its title (《…》); another page by that title and
    what the page is (《…》的解读); a column by its name (政策解读栏目); evidence of a unit or a
    row by what it is (相关公开信息).
    """
    label = evidence.label
    shown = shown_title(gap.subject, gap.title)
    if not shown:
        return label or evidence.url
    if label == "栏目":
        return _column_name(gap.title)
    if not label or key_subject(evidence.url) == key_subject(gap.subject):
        return shown
    return NOTICE_LABELS["evidence_of"].format(title=shown, label=label)


def book_title(title: str) -> str:
    """A title in 《》, a title inside it in 〈〉 as Chinese punctuation nests them (GB/T 15834).

    >>> book_title("关于《冠县促进消费提质扩容实施方案》的解读")
    '《关于〈冠县促进消费提质扩容实施方案〉的解读》'
    """
    inner = title.replace(LABELS["title_open"], "〈").replace(LABELS["title_close"], "〉")
    return f"{LABELS['title_open']}{inner}{LABELS['title_close']}"


def _evidence_links(gap: Gap) -> tuple[EvidenceLink, ...]:
    links: dict[str, EvidenceLink] = {}
    for ev in gap.evidence:
        links.setdefault(ev.url, EvidenceLink(_evidence_name(ev, gap), ev.url, safe_href(ev.url)))
    return tuple(links.values())


def _notice_gaps(
    gaps: Sequence[Gap], rows: _Rows, rectify: str, overdue: Callable[[Gap], bool]
) -> tuple[NoticeGap, ...]:
    """A unit's gaps in table order (a gap sits at its first row), 不符合 before 未能核验 within a
    task. Every line names its tasks; a 具体要求 already printed is referred to (同第N项), not
    merged across lines (rowspan): a merged cell cannot break across printed pages."""
    ordered = sorted(
        _same_problem_once(gaps, rows),
        key=lambda g: ([rows.position(r) for r in g.rows], -_SEVERITY[g.verdict]),
    )
    lines: list[NoticeGap] = []
    printed: dict[str, int] = {}  # row id -> the line that printed its 具体要求
    for number, gap in enumerate(ordered, start=1):
        cited = tuple(CitedRow(rows.ref(r), printed.get(r, 0)) for r in gap.rows)
        many = len(cited) > MAX_ROWS_IN_FULL
        if not many:
            for r in gap.rows:
                printed.setdefault(r, number)
        lines.append(
            NoticeGap(
                number=number,
                rows=cited,
                verdict=gap.verdict,
                check_label=check_label(gap.check),
                title=shown_title(gap.subject, gap.title),
                doc_number=gap.doc_number,
                date=gap.date,
                message=gap.message,
                evidence=_evidence_links(gap),
                rectify=rectify,
                overdue=overdue(gap),
                rows_in_short=_rows_in_short(cited) if many else "",
            )
        )
    return tuple(lines)


def _same_problem_once(gaps: Sequence[Gap], rows: _Rows) -> list[Gap]:
    """One line for the same problem of the unit itself in several rows.

    A gap about a unit or a row (not a document or a column) is one per row in the report, and
    rightly so there; but "未采集到该单位的公开信息" in 30 rows is one thing for the unit to fix, so
    its notice says it once, citing the rows. Gaps with different messages stay apart.
    """
    merged: dict[tuple[str, ...], Gap] = {}
    for gap in gaps:
        where = key_subject(gap.subject)
        if where.startswith(("/", "column:")):
            merged[(gap.key,)] = gap
            continue
        key = (gap.check, where, gap.verdict, gap.message)
        seen = merged.get(key)
        if seen is None:
            merged[key] = gap
        else:
            cited = sorted(dict.fromkeys((*seen.rows, *gap.rows)), key=rows.position)
            evidence = tuple(dict.fromkeys((*seen.evidence, *gap.evidence)))
            merged[key] = dataclasses.replace(seen, rows=tuple(cited), evidence=evidence)
    return list(merged.values())


def _rows_in_short(cited: Sequence[CitedRow]) -> str:
    """任务表第2、3、5项（共7项）: the rows of a gap cited by many, by 序号 only.

    >>> refs = [CitedRow(TaskRef(s, "", "", "")) for s in ("2", "2", "3", "5")]
    >>> _rows_in_short(refs)
    '任务表第2、3、5项（共4项）'
    """
    seqs = LABELS["enum_sep"].join(dict.fromkeys(c.ref.seq for c in cited))
    return NOTICE_LABELS["rows_in_short"].format(seqs=seqs, n=len(cited))


def build_notices(
    findings: Iterable[Finding],
    catalog: Catalog,
    registry: UnitRegistry | None,
    report_date: dt.date,
    rectify: str,
) -> tuple[tuple[Notice, ...], int]:
    """Every unit's notice, units in the order the task table first names them, and the number
    of gaps no unit could be found for."""
    findings = list(findings)
    rows = _Rows.of(catalog, registry)
    gaps = group_gaps(
        catalog.id,
        findings,
        row_order=rows.ids,
        row_unit=rows.first_unit,
        unit_name=registry.name_of if registry is not None else None,
    )

    def overdue(gap: Gap) -> bool:
        workdays = catalog.notice.rectify_workdays
        return gap_timing(gap, rows.deadlines, catalog.year, report_date, workdays).overdue

    by_unit: dict[str, list[Gap]] = {}
    unassigned = 0
    for gap in gaps:
        unit = gap.unit if not is_group(gap.unit) else ""
        unit = unit or next((u for r in gap.rows if (u := rows.first_unit(r))), "")
        if unit:
            by_unit.setdefault(unit, []).append(gap)
        else:
            unassigned += 1
    nothing: dict[str, list[Finding]] = {}
    for finding in findings:
        if _is_nothing_found(finding):
            unit = _unit_name(finding.unit, registry)
            unit = unit if not is_group(unit) else rows.first_unit(finding.row)
            if unit:
                nothing.setdefault(unit, []).append(finding)
    table_order = [u for r in rows.ids for u in rows.units[r]]
    units = dict.fromkeys([*table_order, *by_unit, *nothing])
    notices = tuple(
        Notice(
            unit=unit,
            path=notice_path(unit),
            gaps=_notice_gaps(by_unit.get(unit, []), rows, rectify, overdue),
            nothing=tuple(
                NothingRow(number=i, row=rows.ref(f.row), message=f.message)
                for i, f in enumerate(
                    sorted(nothing.get(unit, []), key=lambda f: rows.position(f.row)), start=1
                )
            ),
        )
        for unit in units
        if unit in by_unit or unit in nothing
    )
    return notices, unassigned


# --- what a notice says ---------------------------------------------------------------------


def requirements(notice: Notice, meta: NoticeMeta) -> tuple[str, ...]:
    """The 整改要求 paragraphs that apply to this notice."""
    n = NOTICE_LABELS
    key = "req_deadline" if meta.office else "req_deadline_no_office"
    paragraphs = [n[key].format(rectify=meta.rectify, office=meta.office)]
    if notice.count(Verdict.UNVERIFIED):
        paragraphs.append(n["req_unverified"])
    if notice.nothing:
        paragraphs.append(n["req_nothing"])
    paragraphs.append(n["req_cannot"])
    return tuple(paragraphs)


def gaps_summary(notice: Notice) -> str:
    """How many gaps, by verdict, leaving out a verdict it has none of.

    >>> gap = NoticeGap(1, (), Verdict.FAIL, "", "", "", "", "", (), "", 1)
    >>> gaps_summary(Notice("县司法局", "units/县司法局.html", (gap, gap), ()))
    '共2项（不符合2项）。'
    """
    n = NOTICE_LABELS
    parts = [
        n[key].format(n=count)
        for key, count in (
            ("gaps_count_fail", notice.count(Verdict.FAIL)),
            ("gaps_count_unverified", notice.count(Verdict.UNVERIFIED)),
        )
        if count
    ]
    detail = LABELS["comma"].join(parts)
    return (
        n["gaps_count"].format(n=len(notice.gaps))
        + (LABELS["paren_open"] + detail + LABELS["paren_close"] if detail else "")
        + n["full_stop"]
    )


# --- writing -----------------------------------------------------------------------------------


def write_notices(
    env: Environment,
    out_dir: Path,
    *,
    findings: Iterable[Finding],
    catalog: Catalog,
    run: RunRecord,
    registry: UnitRegistry | None,
    report_date: dt.date,
    portal: str = "",
) -> list[Path]:
    """Write ``units/<unit>.html`` for every unit with something to act on, and
    ``units/index.html``; return the notices' paths (index last).

    ``report_date`` is the report's Beijing date: the notice is dated with it and 整改期限 counts
    from it. ``portal`` is the portal's name as the intro sentence cites it.
    """
    meta = notice_meta(catalog, run, report_date, portal)
    notices, unassigned = build_notices(
        findings, catalog, registry, report_date, meta.rectify_short
    )
    folder = out_dir / UNITS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    # A unit that had a notice last night and has none tonight must not find last night's
    # notice still beside tonight's: the folder holds only this report's notices.
    for stale in folder.glob("*.html"):
        stale.unlink()
    # No script; the inline stylesheet by hash (``{% include %}`` renders the same text).
    csp = page_csp(style=env.get_template(STYLE_TEMPLATE).render())
    written = []
    for notice in notices:
        path = out_dir / notice.path
        html = env.get_template(NOTICE_TEMPLATE).render(
            N=NOTICE_LABELS,
            notice=notice,
            meta=meta,
            requirements=requirements(notice, meta),
            gaps_summary=gaps_summary(notice),
            reply_send=reply_send(meta),
            csp=csp,
        )
        write_text(path, html)
        written.append(path)
    index = folder / INDEX_NAME
    html = env.get_template(INDEX_TEMPLATE).render(
        N=NOTICE_LABELS,
        notices=notices,
        meta=meta,
        unassigned=unassigned,
        unassigned_text=NOTICE_LABELS["index_unassigned"].format(n=unassigned),
        csp=csp,
        fail=Verdict.FAIL,
        unverified=Verdict.UNVERIFIED,
    )
    write_text(index, html)
    written.append(index)
    return written
