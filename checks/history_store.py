"""Read a run's history from the database: the earlier checked runs of the same profile and
catalog, light, and the last 不符合 finding of every gap that may be gone (``checks.history``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from checks.engine import finding_of
from checks.findings import Finding, History, Verdict, finding_key
from checks.history import Judged, PastRun, compare, replay
from ground.store.models import ColumnStatus, CrawlRun, FindingRow, PageFetch


def load_history(
    engine: Engine, profile_id: str, catalog_id: str, run_id: int, findings: Sequence[Finding]
) -> History:
    """``findings`` of run ``run_id`` compared with every earlier run checked against the same
    catalog (a catalog is one year's table, which bounds how far back this reads)."""
    with engine.connect() as conn:
        started_at = conn.execute(select(CrawlRun.started_at).where(CrawlRun.id == run_id)).scalar()
        past = _past_runs(conn, profile_id, catalog_id, run_id)
        open_gaps, _ = replay(past)
        last_gaps = _last_gaps(conn, catalog_id, {k: g.last_run for k, g in open_gaps.items()})
        complete = _complete(conn, run_id)
    return compare(
        catalog_id,
        run_id,
        started_at or "",
        findings,
        complete=complete,
        past=past,
        last_gaps=last_gaps,
    )


def _key(r: Any, catalog_id: str) -> str:  # a finding row, whole or in part
    # Rows stored before finding.key existed have "": the key is the same function of the row.
    return r.key or finding_key(catalog_id, r.row, r.check, r.subject)


def _past_runs(conn: Connection, profile_id: str, catalog_id: str, run_id: int) -> list[PastRun]:
    """Earlier runs of the profile with findings stored for the catalog, oldest first."""
    runs = conn.execute(
        select(CrawlRun.id, CrawlRun.started_at)
        .where(
            CrawlRun.profile == profile_id,
            CrawlRun.id < run_id,
            CrawlRun.id.in_(select(FindingRow.run_id).where(FindingRow.catalog == catalog_id)),
        )
        .order_by(CrawlRun.id)
    ).all()
    ids = [r.id for r in runs]
    judged: dict[int, list[Judged]] = {i: [] for i in ids}
    rows = conn.execute(
        select(
            FindingRow.run_id,
            FindingRow.key,
            FindingRow.row,
            FindingRow.check,
            FindingRow.subject,
            FindingRow.verdict,
        )
        .where(FindingRow.catalog == catalog_id, FindingRow.run_id.in_(ids))
        .order_by(FindingRow.id)
    ).all()
    for r in rows:
        judged[r.run_id].append(Judged(_key(r, catalog_id), r.subject, Verdict(r.verdict)))
    return [PastRun(r.id, r.started_at, _complete(conn, r.id), tuple(judged[r.id])) for r in runs]


def _complete(conn: Connection, run_id: int) -> bool:
    """The run ended well, read every list page of every column and fetched every page: then a
    finding it did not give is one it had the evidence to give, and did not."""
    outcome = conn.execute(select(CrawlRun.outcome).where(CrawlRun.id == run_id)).scalar()
    if outcome != "succeeded":
        return False
    short_columns = conn.execute(
        select(func.count())
        .select_from(ColumnStatus)
        .where(
            ColumnStatus.run_id == run_id,
            (ColumnStatus.reached.is_(False))
            | (ColumnStatus.complete.is_(False))
            | (ColumnStatus.failed_pages > 0),
        )
    ).scalar()
    failed_pages = conn.execute(
        select(func.count())
        .select_from(PageFetch)
        .where(PageFetch.run_id == run_id, PageFetch.error != "")
    ).scalar()
    return not short_columns and not failed_pages


def _last_gaps(
    conn: Connection, catalog_id: str, last_run_of: dict[str, int]
) -> dict[str, Finding]:
    """The 不符合 finding of each open key in the run that last saw it."""
    if not last_run_of:
        return {}
    rows = conn.execute(
        select(FindingRow).where(
            FindingRow.catalog == catalog_id,
            FindingRow.run_id.in_(set(last_run_of.values())),
            FindingRow.verdict == str(Verdict.FAIL),
        )
    ).all()
    return {
        key: finding_of(r) for r in rows if last_run_of.get(key := _key(r, catalog_id)) == r.run_id
    }
