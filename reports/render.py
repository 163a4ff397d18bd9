"""Write one report: ``index.html``, the 工作台账 workbook, ``findings.json`` and archived pages.

This module owns the project's only Jinja ``Environment``. Autoescape is on for every template,
whatever its name (``select_autoescape`` would turn it off for names it does not know), and
``StrictUndefined`` makes a misspelt label or field an error at render time instead of an empty
cell in front of the reader.

The report is one self-contained file: its stylesheet and its small filter script are inline,
the chart is inline SVG, and a Content-Security-Policy allows exactly that style and that script
(by hash) and nothing from the network. A title scraped from a portal can therefore never run as
script, even if escaping were broken somewhere.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
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
from reports.changes import status_class
from reports.links import safe_href
from reports.model import (
    EvidenceView,
    FindingView,
    ReportModel,
    RowView,
    archive_href,
    build_model,
)
from reports.palette import VERDICT_COLOURS, css_class
from reports.vocabulary import LABELS
from reports.xlsx import write_workbook

HTML_NAME = "index.html"
#: The clerks' own word for the workbook. Non-ASCII file names are fine on every system the
#: office uses (Windows, Kylin/UOS, macOS) and inside zip attachments made by those systems.
XLSX_NAME = "工作台账.xlsx"
JSON_NAME = "findings.json"
PAGES_DIR = "pages"
#: The version of the ``findings.json`` layout (docs/reports.md). Raise it when a field changes
#: meaning or goes away; adding a field keeps it.
SCHEMA_VERSION = 2
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


def _csp_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


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
    script = _csp_source(_inline_source("filters.js"))
    style = _csp_source(_inline_source("report.css"))
    csp = (
        f"default-src 'none'; script-src {script}; style-src {style}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return ENV.get_template("report.html").render(
        model=model, csp=csp, verdict_colours=_VERDICT_COLOURS
    )


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
    ids = (e.page_id for f in findings for e in f.evidence if e.page_id is not None)
    return sorted(set(ids))


def write_archives(
    findings: Iterable[Finding], snapshots: Snapshots | None, pages_dir: Path
) -> frozenset[int]:
    """Write ``pages/<page_id>.html`` for every evidence page the snapshot store still has."""
    pages_dir.mkdir(parents=True, exist_ok=True)
    if snapshots is None:
        return frozenset()
    written = set()
    for page_id in _evidence_page_ids(findings):
        snapshot = snapshots(page_id)
        if snapshot is None:
            continue
        text, url, fetched_at = snapshot
        _write_text(pages_dir.parent / archive_href(page_id), render_archive(text, url, fetched_at))
        written.add(page_id)
    return frozenset(written)


def findings_document(model: ReportModel) -> dict[str, Any]:
    """Everything the report rests on, for machines: run, catalog, row verdicts, every finding.

    The keys keep this order: ``findings.json`` is compared byte for byte with recorded ones.
    """
    orphans = {f.index for f in model.orphans}
    return {
        "schema_version": SCHEMA_VERSION,
        "profile_name": model.profile_name,
        "catalog": _catalog_json(model.catalog),
        "run": _run_json(model.run, model.run_view.outcome_label),
        "counts": {
            "rows": {str(v): n for v, n in model.row_counts.items},
            "findings": {str(v): n for v, n in model.finding_counts.items},
        },
        "rows": [_row_json(r) for r in model.rows],
        "findings": [_finding_json(f, orphan=f.index in orphans) for f in model.findings],
        "history": _history_json(model),
    }


def _history_json(model: ReportModel) -> dict[str, Any]:
    """The comparison with the previous checked run; ``resolved``: its gaps not in this run."""
    history = model.history
    return {
        "compared": history.compared,
        "previous_run": history.previous_run,
        "counts": {str(s): n for s, n in history.counts.items} if history.compared else None,
        "resolved": [_finding_json(f, orphan=False) for f in model.resolved],
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
    return {
        "id": r.row.id,
        "seq": r.row.seq,
        "section": r.row.section,
        "task": r.row.task,
        "units": list(r.row.units),
        "verdict": str(r.verdict),
        "note": r.note,
        "findings": [f.index for f in (*r.gaps, *r.passes)],
    }


def _finding_json(f: FindingView, *, orphan: bool) -> dict[str, Any]:
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


def _write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never opens half a report.

    ``errors="replace"``: a page decoded with ``surrogateescape`` must not stop the report.
    """
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", errors="replace")
    tmp.replace(path)


def render_report(
    catalog: Catalog,
    run: RunRecord,
    findings: Iterable[Finding],
    out_dir: Path,
    *,
    profile_name: str,
    snapshots: Snapshots | None = None,
    history: History | None = None,
) -> ReportPaths:
    """Write the whole report for one run into ``out_dir`` and return where each part went.

    ``history`` (``checks.history``) adds what changed since the previous checked run.
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
    model = build_model(
        catalog,
        run,
        findings,
        profile_name=profile_name,
        archived_pages=archived,
        history=history,
    )
    _write_text(paths.html, render_html(model))
    _write_text(
        paths.json, json.dumps(findings_document(model), ensure_ascii=False, indent=2) + "\n"
    )
    write_workbook(model, paths.xlsx)
    return paths
