"""The audit flow over a stored crawl run: check it against a catalog, and render what was found.

``zwgk check`` runs the catalog's checks and stores their findings for the run; ``zwgk report``
only reads the stored findings and renders them, so a report always shows what was checked and
stored, never a recomputation against other data; ``zwgk audit`` crawls, then does both.

Documents are updated in place by each crawl, so a run is checked against its own data only
while no later run has updated them: after that its stored findings are kept as they are (and
shown), and a run never checked can no longer be. A catalog is only ever applied to the profile
it was written for. Opening a profile's runs first marks the runs whose crawl died as
``interrupted`` (``ground.store.runs``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from checks.catalog import BASELINE, Catalog
from checks.catalog_files import choose_catalog, named_catalog
from checks.context import unit_registry
from checks.engine import load_findings, run_checks, store_findings
from checks.findings import Finding, Verdict
from checks.history_store import load_history
from checks.load import (
    later_run_with_updates,
    latest_run_id,
    load_issuers,
    load_run,
    load_run_header,
)
from checks.records import RunRecord
from ground.errors import CatalogError, NotCheckedError, ZwgkError
from ground.profiles.schema import Profile, load_profile
from ground.store.db import open_database
from ground.store.models import CrawlRun
from ground.store.runs import mark_interrupted_runs
from ground.store.snapshots import load_snapshot
from reports.links import findings_at_portal, portal_url, run_at_portal
from reports.render import ReportPaths, render_report


@dataclass(frozen=True, slots=True)
class AuditedRun:
    """One crawl run with the catalog it was judged against and the findings."""

    engine: Engine
    profile: Profile
    catalog: Catalog
    run: RunRecord
    findings: list[Finding]
    # The findings were stored by an earlier check and kept: the run's data has since been
    # updated by a later run, so checking it again would judge other data.
    kept: bool = False


def refuse_foreign_catalog(catalog: Catalog, profile: Profile) -> Catalog:
    """``catalog``, unless it is another profile's task table: 盐亭's table judged on 冠县's
    crawl would be stored as 冠县's gaps. The national baseline fits any portal."""
    if catalog.kind != BASELINE and catalog.profile != profile.id:
        raise CatalogError(
            f"catalog {catalog.id!r} ({catalog.path}) is the task table of profile "
            f"{catalog.profile!r}, not of {profile.id!r}: a table is judged only on its own "
            "portal's crawl"
        )
    return catalog


def _open(
    profile_id: str, db: str | None, catalog_id: str | None
) -> tuple[Engine, Profile, Catalog]:
    profile = load_profile(profile_id)
    # --catalog, else the profile's own choice, else its only task table (never a guess).
    catalog = refuse_foreign_catalog(
        choose_catalog(profile.id, catalog_id, named=named_catalog(profile)), profile
    )
    engine = open_database(db)
    mark_interrupted_runs(engine, profile.id)
    return engine, profile, catalog


def check_run(
    profile_id: str, *, db: str | None, run_id: int | None, catalog_id: str | None
) -> AuditedRun:
    """Run the catalog's checks over a crawl run (default: the latest) and store the findings;
    for a run whose data a later run has updated, the findings stored for it are kept."""
    engine, profile, catalog = _open(profile_id, db, catalog_id)
    chosen = run_id or latest_run_id(engine, profile.id)
    header = load_run_header(engine, profile, chosen)
    catalog = _of_run(catalog_id, profile, header)
    later = later_run_with_updates(engine, profile.id, chosen)
    if later is not None:
        stored = load_findings(engine, chosen, catalog.id)
        if not stored:
            raise ZwgkError(
                f"crawl run #{chosen} of {profile.id!r} can no longer be checked against "
                f"catalog {catalog.id!r}: run #{later} has since updated its documents, and "
                f"no findings were stored for it; check the newest run instead"
            )
        return AuditedRun(engine, profile, catalog, header, stored, kept=True)
    record = load_run(engine, profile, chosen)
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
    catalog = _of_run(catalog_id, profile, record)
    findings = load_findings(engine, record.id, catalog.id)
    if not findings:
        # Every catalog row gets at least one finding: none stored means never checked.
        raise NotCheckedError(
            f"crawl run #{record.id} of {profile.id!r} has no findings stored for catalog "
            f"{catalog.id!r}: run `zwgk check {profile_id} --run {record.id}` first"
        )
    return AuditedRun(engine, profile, catalog, record, findings)


def _of_run(catalog_id: str | None, profile: Profile, run: RunRecord) -> Catalog:
    """The catalog chosen again once the run is known: a plain ``baseline`` judges the year
    the run was crawled in, so a later report finds the findings under the same id."""
    return choose_catalog(
        profile.id, catalog_id, named=named_catalog(profile), run_started=run.started_at
    )


def render(audited: AuditedRun, out: Path) -> ReportPaths:
    """Write the HTML report, the 工作台账 workbook and findings.json of a checked run.

    Links go to the portal itself (原网页) even when the crawl ran against a mirror
    (``--base-url``, ``--fixtures``); the archived copies stay local."""
    engine = audited.engine
    crawled, portal = _crawled_base(engine, audited.run.id), audited.profile.base_url

    def snapshot(page_id: int) -> tuple[str, str, str] | None:
        found = load_snapshot(engine, page_id)
        if found is None:
            return None
        text, url, fetched_at = found
        return text, portal_url(url, crawled, portal), fetched_at

    return render_report(
        audited.catalog,
        run_at_portal(audited.run, crawled, portal),
        findings_at_portal(audited.findings, crawled, portal),
        out,
        profile_name=audited.profile.name,
        snapshots=snapshot,
        history=load_history(
            engine, audited.profile.id, audited.catalog.id, audited.run.id, audited.findings
        ),
        # The units the checks named findings by: the profile's and the run's own 发布机构.
        registry=unit_registry(
            audited.profile, load_issuers(engine, audited.profile.id, audited.run.id)
        ),
    )


def _crawled_base(engine: Engine, run_id: int) -> str:
    """The base URL the run's crawl requested (the portal's, or a mirror's)."""
    with engine.connect() as conn:
        found = conn.execute(select(CrawlRun.base_url).where(CrawlRun.id == run_id)).scalar()
    return found or ""


def verdict_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings have each verdict, every verdict named (0 included), in verdict order.

    >>> verdict_counts([])
    {'符合': 0, '不符合': 0, '未能核验': 0, '需人工核验': 0}
    """
    found = [f.verdict for f in findings]
    return {str(v): found.count(v) for v in Verdict}
