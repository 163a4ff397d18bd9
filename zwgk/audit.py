"""The audit flow over a stored crawl run: check it against a catalog, and render what was found.

``zwgk check`` runs the catalog's checks and stores their findings for the run; ``zwgk report``
only reads the stored findings and renders them, so a report always shows what was checked and
stored, never a recomputation against other data; ``zwgk audit`` crawls, then does both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from checks.catalog import Catalog
from checks.catalog_files import catalog_for, load_catalog
from checks.engine import load_findings, run_checks, store_findings
from checks.findings import Finding, Verdict
from checks.load import latest_run_id, load_run, load_run_header
from checks.records import RunRecord
from ground.errors import NotCheckedError
from ground.profiles.schema import Profile, load_profile
from ground.store.db import open_database
from ground.store.snapshots import load_snapshot
from reports.render import ReportPaths, render_report


@dataclass(frozen=True, slots=True)
class AuditedRun:
    """One crawl run with the catalog it was judged against and the findings."""

    engine: Engine
    profile: Profile
    catalog: Catalog
    run: RunRecord
    findings: list[Finding]


def _open(
    profile_id: str, db: str | None, catalog_id: str | None
) -> tuple[Engine, Profile, Catalog]:
    profile = load_profile(profile_id)
    catalog = load_catalog(catalog_id) if catalog_id else catalog_for(profile.id)
    return open_database(db), profile, catalog


def check_run(
    profile_id: str, *, db: str | None, run_id: int | None, catalog_id: str | None
) -> AuditedRun:
    """Run the catalog's checks over a crawl run (default: the latest) and store the findings."""
    engine, profile, catalog = _open(profile_id, db, catalog_id)
    record = load_run(engine, profile, run_id or latest_run_id(engine, profile.id))
    findings = run_checks(catalog, record, profile)
    store_findings(engine, record.id, catalog.id, findings)
    return AuditedRun(engine, profile, catalog, record, findings)


def stored_run(
    profile_id: str, *, db: str | None, run_id: int | None, catalog_id: str | None
) -> AuditedRun:
    """A crawl run with the findings stored for it: nothing is checked again, and of the run
    only what a report shows is read (its outcome, errors and columns)."""
    engine, profile, catalog = _open(profile_id, db, catalog_id)
    record = load_run_header(engine, profile, run_id or latest_run_id(engine, profile.id))
    findings = load_findings(engine, record.id, catalog.id)
    if not findings:
        # Every catalog row gets at least one finding: none stored means never checked.
        raise NotCheckedError(
            f"crawl run #{record.id} of {profile.id!r} has no findings stored for catalog "
            f"{catalog.id!r}: run `zwgk check {profile_id} --run {record.id}` first"
        )
    return AuditedRun(engine, profile, catalog, record, findings)


def render(audited: AuditedRun, out: Path) -> ReportPaths:
    """Write the HTML report, the 工作台账 workbook and findings.json of a checked run."""
    engine = audited.engine
    return render_report(
        audited.catalog,
        audited.run,
        audited.findings,
        out,
        profile_name=audited.profile.name,
        snapshots=lambda page_id: load_snapshot(engine, page_id),
    )


def verdict_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings have each verdict, every verdict named (0 included), in verdict order.

    >>> verdict_counts([])
    {'符合': 0, '不符合': 0, '未能核验': 0, '需人工核验': 0}
    """
    found = [f.verdict for f in findings]
    return {str(v): found.count(v) for v in Verdict}
