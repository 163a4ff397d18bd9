"""Run a catalog's checks over one crawl run, and store the findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from sqlalchemy import Engine, delete, insert, select

from checks.catalog import Catalog
from checks.context import CheckContext
from checks.findings import Evidence, Finding, Verdict
from checks.records import RunRecord
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
        title = row.requirement[:60]
        if row.manual:
            findings.append(
                ctx.finding("manual", Verdict.MANUAL, row_subject(row.id), title, row.manual)
            )
        elif row.note:
            # The automated checks test part of the row; the rest is a person's to judge.
            findings.append(
                ctx.finding(
                    "manual",
                    Verdict.MANUAL,
                    row_subject(row.id),
                    title,
                    f"其余部分需人工核验：{row.note}",
                )
            )
        for spec in row.checks:
            if failed:
                reason = "；".join(run.errors[:3]) or "抓取失败"
                findings.append(
                    ctx.finding(
                        spec.name,
                        Verdict.UNVERIFIED,
                        row_subject(row.id),
                        title,
                        f"本次抓取失败，无法核验：{reason}",
                    )
                )
                continue
            results = registry[spec.name].fn(ctx, dict(spec.params))
            if not results:
                # Nothing to judge is not a pass: say what was looked for and not found.
                results = [
                    ctx.finding(
                        spec.name,
                        Verdict.UNVERIFIED,
                        row_subject(row.id),
                        title,
                        f"本次抓取未发现{registry[spec.name].title}可核验的对象（{catalog.year}年）",
                    )
                ]
            findings.extend(results)
    return findings


def gaps(findings: Sequence[Finding]) -> set[tuple[str, str, str]]:
    """(check, subject, verdict) of every finding that is not a pass nor a manual row."""
    return {
        (f.check, f.subject, str(f.verdict))
        for f in findings
        if f.verdict in {Verdict.FAIL, Verdict.UNVERIFIED} and not f.subject.startswith("row:")
    }


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
    return [
        Finding(
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
        for r in rows
    ]
