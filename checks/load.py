"""Build the records of one crawl run from the database (the only place checks touch SQL)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Engine, Row, select

from checks.records import (
    AttachmentRecord,
    ColumnRecord,
    DocRecord,
    FetchFailure,
    LinkRecord,
    RunRecord,
)
from ground.errors import ZwgkError
from ground.profiles.schema import Profile
from ground.store.models import ColumnStatus, CrawlRun, Document, Listing, PageFetch


def latest_run_id(engine: Engine, profile: str) -> int:
    with engine.connect() as conn:
        run_id = conn.execute(
            select(CrawlRun.id).where(CrawlRun.profile == profile).order_by(CrawlRun.id.desc())
        ).scalar()
    if run_id is None:
        raise ZwgkError(
            f"no crawl run of profile {profile!r} in the database: run `zwgk crawl {profile}` first"
        )
    return run_id


def load_run(engine: Engine, profile: Profile, run_id: int) -> RunRecord:
    """The run, its column statuses, the documents it fetched and the pages it could not."""
    roles = {c.id: c.role for c in profile.columns}
    units = {c.id: c.unit for c in profile.columns}
    with engine.connect() as conn:
        run = conn.execute(select(CrawlRun).where(CrawlRun.id == run_id)).one_or_none()
        if run is None or run.profile != profile.id:
            raise ZwgkError(f"no crawl run #{run_id} of profile {profile.id!r} in the database")
        columns = conn.execute(select(ColumnStatus).where(ColumnStatus.run_id == run_id)).all()
        listings = conn.execute(
            select(Listing).where(Listing.profile == profile.id, Listing.last_run_id == run_id)
        ).all()
        redirects = conn.execute(
            select(PageFetch.url, PageFetch.final_url).where(
                PageFetch.run_id == run_id, PageFetch.url != PageFetch.final_url
            )
        ).all()
        failed = conn.execute(
            select(PageFetch)
            .where(PageFetch.run_id == run_id, PageFetch.error != "")
            .order_by(PageFetch.url, PageFetch.id)
        ).all()
        # In URL order, not the order a concurrent crawl happened to store them: the same
        # pages then give the same findings, down to which examples a finding cites.
        documents = conn.execute(
            select(Document)
            .where(Document.profile == profile.id, Document.last_run_id == run_id)
            .order_by(Document.url)
        ).all()

    final_of = {r.url: r.final_url for r in redirects}
    listed: dict[str, list[Row[Listing]]] = defaultdict(list)
    for row in listings:
        listed[final_of.get(row.url, row.url)].append(row)

    docs = []
    for d in documents:
        column_ids = tuple(sorted({lst.column_id for lst in listed.get(d.url, [])}))
        docs.append(
            DocRecord(
                id=d.id,
                url=d.url,
                title=d.title,
                doc_number=d.doc_number,
                index_number=d.index_number,
                issuing_agency=d.issuing_agency,
                written_date=d.written_date,
                publish_date=d.publish_date,
                topic=d.topic,
                validity=d.validity,
                body_text=d.body_text,
                links=tuple(
                    LinkRecord(k["href"], k.get("text", ""), k.get("context", "")) for k in d.links
                ),
                attachments=tuple(
                    AttachmentRecord(a.get("name", ""), a["href"], a.get("type", ""))
                    for a in d.attachments
                ),
                columns=column_ids,
                roles=tuple(sorted({roles.get(c, "") for c in column_ids} - {""})),
                units=tuple(sorted({units.get(c, "") for c in column_ids})),
                feedback_window=d.feedback_window,
                js_boxes=tuple(d.js_boxes or ()),
                fetched_at=d.fetched_at,
                page_id=d.page_id,
            )
        )
    stored_urls = {d.url for d in docs}
    failures = []
    for f in failed:
        # Only listed detail pages count: a failed list page is the column's status instead.
        if f.url in stored_urls or f.url not in listed:
            continue
        rows = listed.get(f.url, [])
        title = rows[0].title if rows else ""
        day = rows[0].list_date if rows else None
        failures.append(
            FetchFailure(
                url=f.url,
                column_id=f.column_id,
                status=f.status,
                error=f.error,
                title=title,
                list_date=dt.date.fromisoformat(day) if day else None,
            )
        )
    return RunRecord(
        id=run.id,
        profile=run.profile,
        started_at=run.started_at,
        finished_at=run.finished_at,
        outcome=run.outcome,
        pages_fetched=run.pages_fetched,
        errors=tuple(run.errors or ()),
        columns=tuple(
            ColumnRecord(
                id=c.column_id,
                name=c.name,
                role=c.role,
                unit=c.unit,
                url=c.url,
                reached=c.reached,
                pages=c.pages,
                entries=c.entries,
                error=c.error,
            )
            for c in columns
        ),
        documents=tuple(docs),
        failures=tuple(failures),
    )
