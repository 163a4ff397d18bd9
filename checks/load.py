"""Build the records of one crawl run from the database (the only place checks touch SQL)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Row, func, select

from checks.records import (
    UNFINISHED,
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

#: Listing rows by the URL their entry finally landed on (a list may link through a redirect).
Listed = Mapping[str, Sequence[Row[Listing]]]


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
    stored = _read_run(engine, profile.id, run_id)
    listed = _listed_by_final_url(stored.listings, stored.redirects)
    roles = {c.id: c.role for c in profile.columns}
    units = {c.id: c.unit for c in profile.columns}
    docs = tuple(
        _doc_record(d, listed.get(d.url, []), roles=roles, units=units) for d in stored.documents
    )
    failures = _fetch_failures(stored.failed, listed, stored_urls={d.url for d in docs})
    columns = _column_records(profile, stored, listed)
    return _run_record(stored.run, columns, documents=docs, failures=failures)


def load_run_header(engine: Engine, profile: Profile, run_id: int) -> RunRecord:
    """The run and its column statuses only: what a report shows of a run whose findings are
    stored. Its documents and failures are not read (a large portal has tens of thousands)."""
    with engine.connect() as conn:
        run = _run_row(conn, profile.id, run_id)
        statuses = conn.execute(select(ColumnStatus).where(ColumnStatus.run_id == run_id)).all()
        failed = _failed_fetches(conn, run_id)
        listed = _listed_urls(conn, profile.id, run_id, {f.url for f in failed})
        stored = _StoredRun(run, statuses, (), (), failed, (), _columns_fetched(conn, run))
    return _run_record(run, _column_records(profile, stored, listed), documents=(), failures=())


def load_issuers(engine: Engine, profile_id: str, run_id: int) -> list[str]:
    """The distinct issuers (发布机构) of a run's documents, in name order: what the unit registry
    needs of a run whose findings are stored, without reading its documents whole."""
    with engine.connect() as conn:
        found = conn.execute(
            select(Document.issuing_agency)
            .where(
                Document.profile == profile_id,
                Document.last_run_id == run_id,
                Document.issuing_agency.is_not(None),
            )
            .distinct()
            .order_by(Document.issuing_agency)
        ).scalars()
        return [name for name in found if name]


def later_run_with_updates(engine: Engine, profile_id: str, run_id: int) -> int | None:
    """The first run after ``run_id`` that updated the profile's stored documents or listings
    (None when none did): documents are updated in place, so from then on the database no
    longer holds what ``run_id`` read, and its findings cannot be computed again."""
    with engine.connect() as conn:
        later = [
            conn.execute(
                select(func.min(column)).where(model.profile == profile_id, column > run_id)
            ).scalar()
            for model, column in (
                (Document, Document.last_run_id),
                (Document, Document.withdrawn_run_id),
                (Listing, Listing.last_run_id),
            )
        ]
    found = [r for r in later if r is not None]
    return min(found) if found else None


def _run_record(
    run: Row[CrawlRun],
    columns: tuple[ColumnRecord, ...],
    *,
    documents: tuple[DocRecord, ...],
    failures: tuple[FetchFailure, ...],
) -> RunRecord:
    return RunRecord(
        id=run.id,
        profile=run.profile,
        started_at=run.started_at,
        finished_at=run.finished_at,
        outcome=run.outcome,
        pages_fetched=run.pages_fetched,
        errors=tuple(run.errors or ()),
        columns=columns,
        documents=documents,
        failures=failures,
    )


# -- the SQL reads ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _StoredRun:
    """The database rows of one run, as read, before they become records."""

    run: Row[CrawlRun]
    columns: Sequence[Row[ColumnStatus]]
    listings: Sequence[Row[Listing]]
    redirects: Sequence[Row[str, str]]  # (url, final_url) of the fetches that were redirected
    failed: Sequence[Row[PageFetch]]  # by URL, then fetch id
    documents: Sequence[Row[Document]]  # by URL
    fetched_columns: frozenset[str]  # columns a page was fetched of (read for unfinished runs)


def _run_row(conn: Connection, profile_id: str, run_id: int) -> Row[CrawlRun]:
    """The run's row; a run of another profile is none."""
    run = conn.execute(select(CrawlRun).where(CrawlRun.id == run_id)).one_or_none()
    if run is None or run.profile != profile_id:
        raise ZwgkError(f"no crawl run #{run_id} of profile {profile_id!r} in the database")
    return run


def _columns_fetched(conn: Connection, run: Row[CrawlRun]) -> frozenset[str]:
    """Columns the run fetched a page of; read only for a run that stored no column status."""
    if run.outcome not in UNFINISHED:
        return frozenset()
    return frozenset(
        conn.execute(
            select(PageFetch.column_id)
            .where(PageFetch.run_id == run.id, PageFetch.error == "")
            .distinct()
        ).scalars()
    )


def _failed_fetches(conn: Connection, run_id: int) -> Sequence[Row[PageFetch]]:
    return conn.execute(
        select(PageFetch)
        .where(PageFetch.run_id == run_id, PageFetch.error != "")
        .order_by(PageFetch.url, PageFetch.id)
    ).all()


def _listed_urls(conn: Connection, profile_id: str, run_id: int, urls: set[str]) -> set[str]:
    """Which of ``urls`` a list of the run showed (detail pages, not list pages)."""
    if not urls:
        return set()
    listed = conn.execute(
        select(Listing.url).where(Listing.profile == profile_id, Listing.last_run_id == run_id)
    ).scalars()
    return set(listed) & urls


def _read_run(engine: Engine, profile_id: str, run_id: int) -> _StoredRun:
    """Every row ``load_run`` needs, read in one connection; a run of another profile is none."""
    with engine.connect() as conn:
        run = _run_row(conn, profile_id, run_id)
        return _StoredRun(
            run=run,
            columns=conn.execute(select(ColumnStatus).where(ColumnStatus.run_id == run_id)).all(),
            listings=conn.execute(
                select(Listing).where(Listing.profile == profile_id, Listing.last_run_id == run_id)
            ).all(),
            redirects=[
                # A document carried over unchanged was not requested in this run: its list entry
                # reaches it through the fetch that stored it. This run's redirects come last, so
                # they win.
                *conn.execute(
                    select(PageFetch.url, Document.url.label("final_url"))
                    .join(Document, Document.page_id == PageFetch.id)
                    .where(
                        Document.profile == profile_id,
                        Document.last_run_id == run_id,
                        PageFetch.url != Document.url,
                    )
                ).all(),
                *conn.execute(
                    select(PageFetch.url, PageFetch.final_url).where(
                        PageFetch.run_id == run_id, PageFetch.url != PageFetch.final_url
                    )
                ).all(),
            ],
            failed=_failed_fetches(conn, run_id),
            # In URL order, not the order a concurrent crawl happened to store them: the same
            # pages then give the same findings, down to which examples a finding cites.
            documents=conn.execute(
                select(Document)
                .where(Document.profile == profile_id, Document.last_run_id == run_id)
                .order_by(Document.url)
            ).all(),
            fetched_columns=_columns_fetched(conn, run),
        )


# -- rows to records -------------------------------------------------------------------------


def _listed_by_final_url(
    listings: Sequence[Row[Listing]], redirects: Sequence[Row[str, str]]
) -> Listed:
    final_of = {r.url: r.final_url for r in redirects}
    listed: dict[str, list[Row[Listing]]] = defaultdict(list)
    for row in listings:
        listed[final_of.get(row.url, row.url)].append(row)
    return listed


def _doc_record(
    d: Row[Document],
    listed_under: Sequence[Row[Listing]],
    *,
    roles: Mapping[str, str],
    units: Mapping[str, str],
) -> DocRecord:
    """One stored document, with the columns that listed it and their roles and units."""
    column_ids = tuple(sorted({lst.column_id for lst in listed_under}))
    return DocRecord(
        id=d.id,
        url=d.url,
        title=d.title,
        doc_number=d.doc_number,
        index_number=d.index_number,
        issuing_agency=d.issuing_agency,
        source=d.source,
        written_date=d.written_date,
        publish_date=d.publish_date,
        topic=d.topic,
        validity=d.validity,
        body_text=d.body_text,
        links=tuple(
            LinkRecord(k["href"], k.get("text", ""), k.get("context", "")) for k in d.links
        ),
        attachments=tuple(
            AttachmentRecord(a.get("name", ""), a["href"], a.get("type", "")) for a in d.attachments
        ),
        columns=column_ids,
        roles=tuple(sorted({roles.get(c, "") for c in column_ids} - {""})),
        units=tuple(sorted({units.get(c, "") for c in column_ids})),
        feedback_window=d.feedback_window,
        js_boxes=tuple(d.js_boxes or ()),
        fetched_at=d.fetched_at,
        page_id=d.page_id,
    )


def _fetch_failures(
    failed: Sequence[Row[PageFetch]], listed: Listed, *, stored_urls: set[str]
) -> tuple[FetchFailure, ...]:
    # Only listed detail pages count: a failed list page is the column's status instead.
    return tuple(
        _fetch_failure(f, listed[f.url])
        for f in failed
        if f.url not in stored_urls and f.url in listed
    )


def _fetch_failure(f: Row[PageFetch], listed_under: Sequence[Row[Listing]]) -> FetchFailure:
    """A failed detail page, with the title and date its first listing showed."""
    title = listed_under[0].title if listed_under else ""
    day = listed_under[0].list_date if listed_under else None
    return FetchFailure(
        url=f.url,
        column_id=f.column_id,
        # Every column that lists it: the page is requested once, under whichever asked first.
        columns=tuple(sorted({lst.column_id for lst in listed_under} | {f.column_id})),
        status=f.status,
        error=f.error,
        title=title,
        list_date=dt.date.fromisoformat(day) if day else None,
    )


def _column_records(
    profile: Profile, stored: _StoredRun, listed: Collection[str]
) -> tuple[ColumnRecord, ...]:
    """The run's columns with the URLs of their failed list pages. A run that never closed
    (killed, or still running) stored no column status: each profile column is then taken as
    reached when the run fetched a page of it, and as read in part, never whole."""
    run, statuses = stored.run, stored.columns
    failed_lists: dict[str, list[str]] = defaultdict(list)
    for f in stored.failed:
        if f.url not in listed and f.url not in failed_lists[f.column_id]:
            failed_lists[f.column_id].append(f.url)
    if statuses or run.outcome not in UNFINISHED:
        return tuple(_column_record(c, tuple(failed_lists[c.column_id])) for c in statuses)
    return tuple(
        ColumnRecord(
            id=c.id,
            name=c.name,
            role=c.role,
            unit=c.unit,
            url=c.url,
            reached=c.id in stored.fetched_columns,
            error="抓取未结束，栏目未读完"
            if run.outcome == "running"
            else "抓取被中断，栏目未读完",
            complete=False,
            failed_urls=tuple(failed_lists[c.id]),
        )
        for c in profile.columns
    )


def _column_record(c: Row[ColumnStatus], failed_urls: tuple[str, ...]) -> ColumnRecord:
    return ColumnRecord(
        id=c.column_id,
        name=c.name,
        role=c.role,
        unit=c.unit,
        url=c.url,
        reached=c.reached,
        pages=c.pages,
        entries=c.entries,
        error=c.error,
        complete=c.complete,
        failed_pages=c.failed_pages,
        failed_urls=failed_urls,
    )
