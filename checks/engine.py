"""Run a catalog's checks over one crawl run, and store the findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import Engine, Row, delete, insert, select

from checks.catalog import Catalog, CatalogRow
from checks.context import CheckContext
from checks.findings import Evidence, Finding, Verdict, key_of
from checks.records import RunRecord
from checks.registry import RegisteredCheck
from checks.rules import all_checks
from ground.profiles.schema import Profile
from ground.store.models import FindingRow
from ground.timestamps import now_iso


def row_subject(row_id: str) -> str:
    return f"row:{row_id}"


def run_checks(catalog: Catalog, run: RunRecord, profile: Profile) -> list[Finding]:
    """Every row of the catalog gets findings: its checks' verdicts, 需人工核验 for what only a
    person can judge, and 未能核验 for every automated row when the crawl failed."""
    registry = all_checks()
    ctx = CheckContext(run=run, profile=profile, catalog=catalog)
    findings: list[Finding] = []
    failed = run.outcome == "failed"
    for row in catalog.all_rows:
        ctx.row_id = row.id
        findings += _manual_findings(ctx, row)
        for spec in row.checks:
            if failed:
                findings.append(_crawl_failed_finding(ctx, row, spec.name))
            else:
                findings += _check_findings(ctx, row, registry[spec.name], spec.params)
    return findings


def _row_title(row: CatalogRow) -> str:
    return row.requirement[:60]


def _manual_findings(ctx: CheckContext, row: CatalogRow) -> list[Finding]:
    """需人工核验 for a row only a person can judge, or for the part its checks leave over."""
    if row.manual:
        message = row.manual
    elif row.note:
        # The automated checks test part of the row; the rest is a person's to judge.
        message = f"其余部分需人工核验：{row.note}"
    else:
        return []
    return [ctx.finding("manual", Verdict.MANUAL, row_subject(row.id), _row_title(row), message)]


def _crawl_failed_finding(ctx: CheckContext, row: CatalogRow, check: str) -> Finding:
    """未能核验 for one check of a row when the crawl failed, citing its first errors."""
    reason = "；".join(ctx.run.errors[:3]) or "抓取失败"
    return ctx.finding(
        check,
        Verdict.UNVERIFIED,
        row_subject(row.id),
        _row_title(row),
        f"本次抓取失败，无法核验：{reason}",
    )


def _check_findings(
    ctx: CheckContext, row: CatalogRow, check: RegisteredCheck, params: Mapping[str, Any]
) -> list[Finding]:
    """One check's findings for a row; 未能核验 when it found nothing to judge."""
    results = check.run(ctx, params)
    if results:
        return results
    # Nothing to judge is not a pass: say what was looked for and not found.
    return [
        ctx.finding(
            check.name,
            Verdict.UNVERIFIED,
            row_subject(row.id),
            _row_title(row),
            f"本次抓取未发现{check.title}可核验的对象（{ctx.year}年）",
        )
    ]


def is_gap(finding: Finding) -> bool:
    """A finding the office acts on: 不符合 or 未能核验 about a document or a column, not the
    verdict of a whole row (a manual row, or a check that found nothing to judge)."""
    return finding.verdict in {Verdict.FAIL, Verdict.UNVERIFIED} and not finding.subject.startswith(
        row_subject("")
    )


def gaps(findings: Sequence[Finding]) -> set[tuple[str, str, str]]:
    """(check, subject, verdict) of every gap (``is_gap``)."""
    return {(f.check, f.subject, str(f.verdict)) for f in findings if is_gap(f)}


def store_findings(
    engine: Engine, run_id: int, catalog_id: str, findings: Sequence[Finding]
) -> None:
    """Replace this run's findings for this catalog (a re-check recomputes them whole)."""
    now = now_iso()
    rows = [
        {
            "run_id": run_id,
            "catalog": catalog_id,
            "check": f.check,
            "row": f.row,
            "verdict": str(f.verdict),
            "subject": f.subject,
            "title": f.title,
            "message": f.message,
            "unit": f.unit,
            "doc_number": f.doc_number,
            "date": f.date,
            "evidence": [asdict(e) for e in f.evidence],
            "checked_at": now,
            "key": key_of(catalog_id, f),
        }
        for f in findings
    ]
    with engine.begin() as conn:
        conn.execute(
            delete(FindingRow).where(FindingRow.run_id == run_id, FindingRow.catalog == catalog_id)
        )
        if rows:
            conn.execute(insert(FindingRow), rows)


def load_findings(engine: Engine, run_id: int, catalog_id: str) -> list[Finding]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(FindingRow)
            .where(FindingRow.run_id == run_id, FindingRow.catalog == catalog_id)
            .order_by(FindingRow.id)
        ).all()
    return [finding_of(r) for r in rows]


def finding_of(r: Row[Any]) -> Finding:
    """A stored finding row as the checks made it."""
    return Finding(
        check=r.check,
        row=r.row,
        verdict=Verdict(r.verdict),
        subject=r.subject,
        title=r.title,
        message=r.message,
        unit=r.unit,
        doc_number=r.doc_number,
        date=r.date,
        evidence=tuple(Evidence(**e) for e in r.evidence),
    )
