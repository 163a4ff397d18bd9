"""Write one report: ``index.html``, the 工作台账 workbook, ``findings.json`` and archived pages.

This module owns the project's only Jinja ``Environment``. Autoescape is on for every template,
whatever its name (``select_autoescape`` would turn it off for names it does not know), and
``StrictUndefined`` makes a misspelt label or field an error at render time instead of an empty
cell in front of the reader.

The report is a folder: ``index.html`` (the summary and every task with its gaps, short enough
to open in about a second at 20,000 documents), ``tasks/<task>.html`` (every finding of one task),
``units/<unit>.html`` (each unit's 整改通知, ``reports.notices``), ``pages/<id>.html`` (the stored
copy of each document that carries a gap), the 工作台账 and ``findings.json``. Each page is
self-contained: its stylesheet and its small filter script are inline, and a
Content-Security-Policy allows exactly that style and that script (by hash) and nothing from the
network. A title scraped from a portal can therefore never run as script, even if escaping were
broken somewhere.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from checks.catalog import Catalog
from checks.findings import Evidence, Finding, History, Status, Verdict
from checks.records import RunRecord
from ground.timestamps import beijing_time
from ground.units import UnitRegistry
from reports.changes import status_class
from reports.gaps import GAP_VERDICTS, report_date
from reports.links import safe_href
from reports.model import (
    TASKS_DIR,
    EvidenceView,
    FindingView,
    GapView,
    ReportModel,
    RowView,
    archive_href,
    build_model,
)
from reports.notices import notice_path, write_notices
from reports.page_files import page_csp, write_text
from reports.palette import VERDICT_COLOURS, css_class
from reports.vocabulary import LABELS, VERDICT_DISPLAY_ORDER, VERDICT_HINTS, plain_text
from reports.xlsx import write_workbook

HTML_NAME = "index.html"
#: The clerks' own word for the workbook. Non-ASCII file names are fine on every system the
#: office uses (Windows, Kylin/UOS, macOS) and inside zip attachments made by those systems.
XLSX_NAME = "工作台账.xlsx"
JSON_NAME = "findings.json"
PAGES_DIR = "pages"
#: Gaps and passing findings a task shows on ``index.html``; the rest are on its own page, so
#: the first page stays short however large the portal (bench/report_scale.py).
GAPS_ON_INDEX = 20
PASSES_ON_INDEX = 10
#: The version of the ``findings.json`` layout (docs/reports.md). Raise it when a field changes
#: meaning or goes away; adding a field keeps it. 3: counts count gaps (``counts.gaps``), and
#: ``gaps[]`` (one per document or column) joined the findings.
SCHEMA_VERSION = 3
#: Verdicts and statuses for machines: the Chinese labels are for readers and may be reworded.
VERDICT_CODES: dict[Verdict, str] = {
    Verdict.PASS: "pass",
    Verdict.FAIL: "fail",
    Verdict.UNVERIFIED: "unverified",
    Verdict.MANUAL: "manual",
}
STATUS_CODES: dict[Status, str] = {
    Status.NEW: "new",
    Status.PERSISTING: "persisting",
    Status.FIXED: "fixed",
    Status.UNKNOWN: "unknown",
}

#: ``snapshots(page_id)`` returns the stored page as (decoded text, url, fetched_at), or None.
Snapshots = Callable[[int], tuple[str, str, str] | None]

ENV = Environment(
    loader=PackageLoader("reports"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.globals["L"] = LABELS
ENV.filters["vclass"] = css_class
ENV.filters["sclass"] = status_class
ENV.filters["plain"] = plain_text

#: Archived pages: their own inline styles may apply (the policy is inherited by the sandboxed
#: frame), nothing loads from the network, and no script runs even outside the sandbox.
ARCHIVE_CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'none'"
)

_HEAD_TAG = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReportPaths:
    html: Path
    xlsx: Path
    json: Path
    pages_dir: Path


#: The stylesheet's verdict colours (``report.css`` is a template over these).
_VERDICT_COLOURS = tuple((css_class(v), c) for v, c in VERDICT_COLOURS.items())


def _inline_source(name: str) -> str:
    """What ``{% include name %}`` puts between ``<style>``/``<script>`` tags, for its CSP hash.

    The include and this render go through the same environment with the same context, so the
    text (and the hash) are identical; nothing needs to be marked safe to stay unescaped.
    """
    return ENV.get_template(name).render(verdict_colours=_VERDICT_COLOURS)


def render_html(model: ReportModel) -> str:
    """The report page for ``model``."""
    csp = page_csp(style=_inline_source("report.css"), script=_inline_source("filters.js"))
    return ENV.get_template("report.html").render(
        model=model,
        csp=csp,
        verdict_colours=_VERDICT_COLOURS,
        verdict_hints=[(v, VERDICT_HINTS[v]) for v in VERDICT_DISPLAY_ORDER],
        gaps_on_index=GAPS_ON_INDEX,
        passes_on_index=PASSES_ON_INDEX,
        fail=Verdict.FAIL,
        unverified=Verdict.UNVERIFIED,
    )


def render_task(model: ReportModel, row: RowView) -> str:
    """One task's own page: every gap, manual item and passing finding, with their evidence."""
    return ENV.get_template("task.html").render(
        model=model, rv=row, csp=_task_csp(), verdict_colours=_VERDICT_COLOURS
    )


@functools.cache
def _task_csp() -> str:
    """Every task page carries the same stylesheet: render and hash it once, not per task."""
    return page_csp(style=_inline_source("report.css"))


def _with_base(text: str, url: str) -> str:
    """The stored page with a ``<base>`` so its relative links open the live site in a new tab."""
    href = safe_href(url)
    if not href:
        return text
    base = f'<base href="{html.escape(href, quote=True)}" target="_blank">'
    match = _HEAD_TAG.search(text)
    if match:
        return text[: match.end()] + base + text[match.end() :]
    return base + text


def render_archive(text: str, url: str, fetched_at: str) -> str:
    """A stored page re-served as UTF-8 under a banner, with its scripts unable to run.

    The page goes, as stored, into the ``srcdoc`` of an ``<iframe sandbox>`` without
    ``allow-scripts``: the browser parses it exactly as fetched (broken markup, inline styles
    and all) but runs none of its scripts, forms or plugins, and the banner stays outside the
    page's reach. Stripping ``<script>`` instead would need an HTML sanitiser to be safe
    (``onload=``, ``javascript:`` URLs, ``<svg>`` …) and would change the evidence. A ``srcdoc``
    is a string, so the page's own ``<meta charset=gbk>`` no longer matters.
    """
    return ENV.get_template("archive.html").render(
        csp=ARCHIVE_CSP,
        verdict_colours=_VERDICT_COLOURS,
        url=url,
        href=safe_href(url),
        fetched_at=beijing_time(fetched_at),
        srcdoc=_with_base(text, url),
    )


def _evidence_page_ids(findings: Iterable[Finding]) -> list[int]:
    """The stored pages a gap rests on: a passing finding needs no archived copy (at 20,000
    documents those copies were 265 MB that nobody opens)."""
    ids = (
        e.page_id
        for f in findings
        if Verdict(f.verdict) in GAP_VERDICTS
        for e in f.evidence
        if e.page_id is not None
    )
    return sorted(set(ids))


def write_archives(
    findings: Iterable[Finding], snapshots: Snapshots | None, pages_dir: Path
) -> frozenset[int]:
    """Write ``pages/<page_id>.html`` for every gap's evidence page the store still has."""
    pages_dir.mkdir(parents=True, exist_ok=True)
    if snapshots is None:
        return frozenset()
    written = set()
    for page_id in _evidence_page_ids(findings):
        snapshot = snapshots(page_id)
        if snapshot is None:
            continue
        text, url, fetched_at = snapshot
        write_text(pages_dir.parent / archive_href(page_id), render_archive(text, url, fetched_at))
        written.add(page_id)
    return frozenset(written)


def findings_document(model: ReportModel) -> dict[str, Any]:
    """Everything the report rests on, for machines: run, catalog, rows, gaps, every finding.

    The keys keep this order: ``findings.json`` is compared byte for byte with recorded ones.
    """
    orphans = {f.index for f in model.orphans}
    gap_of = {i: g.key for g in model.gaps for i in g.findings}
    return {
        "schema_version": SCHEMA_VERSION,
        "profile_name": model.profile_name,
        "report_date": model.date,
        "catalog": _catalog_json(model.catalog),
        "run": _run_json(model.run, model.run_view.outcome_label),
        "counts": {
            "rows": {str(v): n for v, n in model.row_counts.items},
            "findings": {str(v): n for v, n in model.finding_counts.items},
            "gaps": {VERDICT_CODES[v]: model.gap_counts[v] for v in GAP_VERDICTS},
            "tasks": dict(model.status_counts),
            "overdue": model.overdue,
        },
        "rows": [_row_json(r) for r in model.rows],
        "gaps": [_gap_json(g) for g in model.gaps],
        "findings": [
            _finding_json(f, orphan=f.index in orphans, gap=gap_of.get(f.index))
            for f in model.findings
        ],
        "history": _history_json(model),
    }


def _history_json(model: ReportModel) -> dict[str, Any]:
    """The comparison with the previous checked run; ``resolved``: its gaps not in this run."""
    history = model.history
    return {
        "compared": history.compared,
        "previous_run": history.previous_run,
        "counts": {str(s): n for s, n in history.counts.items} if history.compared else None,
        "resolved": [_finding_json(f, orphan=False, gap=None) for f in model.resolved],
    }


def _catalog_json(catalog: Catalog) -> dict[str, Any]:
    return {
        "id": catalog.id,
        "profile": catalog.profile,
        "year": catalog.year,
        "title": catalog.title,
        "source": catalog.source.citation,
    }


def _run_json(run: RunRecord, outcome_label: str) -> dict[str, Any]:
    return {
        "id": run.id,
        "profile": run.profile,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "outcome": run.outcome,
        "outcome_label": outcome_label,
        "pages_fetched": run.pages_fetched,
        "errors": list(run.errors),
        "columns": [dataclasses.asdict(c) for c in run.columns],
    }


def _row_json(r: RowView) -> dict[str, Any]:
    timing = r.timing
    return {
        "id": r.row.id,
        "seq": r.row.seq,
        "section": r.row.section,
        "task": r.row.task,
        "units": list(r.row.units),
        "verdict": str(r.verdict),
        "note": r.note,
        "findings": [f.index for f in (*r.gaps, *r.passes)],
        "requirement": r.row.requirement,
        "deadline": r.row.deadline,
        "due": timing.due_iso or None if timing else None,
        "overdue": timing.overdue if timing else False,
        "rectify_by": timing.rectify.date.isoformat() if timing else None,
        "status": r.status,
        "status_label": r.status_label,
        "units_resolved": list(r.units_shown),
        "units_unresolved": list(r.units_unresolved),
        "gaps": [g.key for g in r.open_gaps],
    }


def _gap_json(g: GapView) -> dict[str, Any]:
    """One gap: what must be fixed, by whom, by when, and the findings it stands for."""
    gap = g.gap
    return {
        "index": g.index,
        "id": g.key,
        "check": gap.check,
        "check_label": g.check_label,
        "subject": gap.subject,
        "verdict": str(gap.verdict),
        "verdict_code": VERDICT_CODES[gap.verdict],
        "title": gap.title,
        "message": gap.message,
        "unit": gap.unit,
        "rows": list(gap.rows),
        "doc_number": gap.doc_number,
        "date": gap.date,
        "deadline": g.timing.deadline_text,
        "due": g.timing.due_iso or None,
        "overdue": g.timing.overdue,
        "due_soon": g.timing.due_soon,
        "rectify_by": g.timing.rectify.date.isoformat(),
        "status": str(g.status) if g.status else None,
        "status_code": STATUS_CODES[g.status] if g.status else None,
        "first_seen": g.first_seen or None,
        "days": g.days,
        "findings": list(g.findings),
        "evidence": [_evidence_view_json(e) for e in g.evidence],
    }


def _evidence_view_json(view: EvidenceView) -> dict[str, Any]:
    return {
        "url": view.url,
        "excerpt": view.excerpt,
        "page_id": view.page_id,
        "label": view.label,
        "archive": view.archive_href or None,
    }


def _finding_json(f: FindingView, *, orphan: bool, gap: str | None) -> dict[str, Any]:
    return {
        "index": f.index,
        "check": f.finding.check,
        "check_label": f.check_label,
        "row": f.finding.row,
        "id": f.key,
        "verdict": str(f.finding.verdict),
        "verdict_code": VERDICT_CODES[f.finding.verdict],
        "status": str(f.status) if f.status else None,
        "status_code": STATUS_CODES[f.status] if f.status else None,
        "first_seen": f.first_seen or None,
        "days": f.days,
        "subject": f.finding.subject,
        "title": f.finding.title,
        "message": f.finding.message,
        "unit": f.finding.unit,
        "units": list(f.units),
        "doc_number": f.finding.doc_number,
        "date": f.finding.date,
        "evidence": [
            _evidence_json(e, view) for e, view in zip(f.finding.evidence, f.evidence, strict=True)
        ],
        "orphan": orphan,
        "gap": gap,
    }


def _evidence_json(evidence: Evidence, view: EvidenceView) -> dict[str, Any]:
    """The evidence as the checks gave it (UTC time), plus its archived copy when one exists."""
    return {
        "url": evidence.url,
        "fetched_at": evidence.fetched_at,
        "excerpt": evidence.excerpt,
        "page_id": evidence.page_id,
        "label": evidence.label,
        "archive": view.archive_href or None,
    }


def render_report(
    catalog: Catalog,
    run: RunRecord,
    findings: Iterable[Finding],
    out_dir: Path,
    *,
    profile_name: str,
    snapshots: Snapshots | None = None,
    history: History | None = None,
    registry: UnitRegistry | None = None,
) -> ReportPaths:
    """Write the whole report for one run into ``out_dir`` and return where each part went.

    ``history`` (``checks.history``) adds what changed since the previous checked run;
    ``registry`` (the portal's units, ``ground.units.UnitRegistry``) names every unit by its one
    name; without it the table's names are shown as written.
    """
    findings = list(findings)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = ReportPaths(
        html=out_dir / HTML_NAME,
        xlsx=out_dir / XLSX_NAME,
        json=out_dir / JSON_NAME,
        pages_dir=out_dir / PAGES_DIR,
    )
    archived = write_archives(findings, snapshots, paths.pages_dir)
    notices = write_notices(
        ENV,
        out_dir,
        findings=findings,
        catalog=catalog,
        run=run,
        registry=registry,
        report_date=report_date(run.started_at),
        portal=profile_name,
    )
    written = {path.relative_to(out_dir).as_posix() for path in notices}

    def notice_href(unit: str) -> str:
        path = notice_path(unit)
        return path if path in written else ""

    model = build_model(
        catalog,
        run,
        findings,
        profile_name=profile_name,
        archived_pages=archived,
        history=history,
        registry=registry,
        notice_href=notice_href,
    )
    write_text(paths.html, render_html(model))
    tasks_dir = out_dir / TASKS_DIR
    tasks_dir.mkdir(exist_ok=True)
    for row in model.rows:
        write_text(out_dir / row.page_href, render_task(model, row))
    write_text(
        paths.json, json.dumps(findings_document(model), ensure_ascii=False, indent=2) + "\n"
    )
    write_workbook(model, paths.xlsx)
    return paths
