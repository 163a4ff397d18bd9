"""Run one crawl of one profile in this process and summarise it from the database."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from sqlalchemy import select, update

from crawler.pipelines import documents_stored
from ground.profiles.schema import Profile
from ground.store.db import database_url, display_url, open_database
from ground.store.models import ColumnStatus, CrawlRun, PageFetch
from ground.store.runs import mark_interrupted_runs, refuse_second_writer, start_run
from ground.timestamps import now_iso


@dataclass
class CrawlSummary:
    run_id: int
    profile: str
    outcome: str
    started_at: str
    finished_at: str | None
    pages_fetched: int
    documents_seen: int
    documents_stored: int
    errors: list[str]
    columns_reached: int
    columns_total: int
    unreached_columns: list[dict[str, str]] = field(default_factory=list)
    # Reached, but some list page after the first failed or was blocked (or the crawl was cut
    # short): what those pages list is unknown.
    incomplete_columns: list[dict[str, Any]] = field(default_factory=list)
    # Earlier runs of the profile found dead and marked interrupted before this one started.
    interrupted_runs: list[int] = field(default_factory=list)
    database: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def crawl_settings(db_url: str, run_id: int, overrides: dict[str, Any] | None = None) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.set("ZWGK_DATABASE_URL", db_url, priority="cmdline")
    settings.set("ZWGK_RUN_ID", run_id, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(
    profile: Profile,
    *,
    db: str | None = None,
    fetch: str = "",
    settings: dict[str, Any] | None = None,
    on_progress: Callable[[str, int], None] | None = None,
) -> CrawlSummary:
    """Crawl ``profile`` (already rebased where needed) into ``db``; blocks until done.

    ``on_progress(kind, count)`` is called as pages are fetched ("page") and documents stored
    ("document"), for a terminal progress display. ``RunInProgressError`` when another crawl
    of the profile is still writing into ``db``: nothing is crawled.
    """
    url = database_url(db)
    engine = open_database(url)
    try:
        interrupted = mark_interrupted_runs(engine, profile.id)
        with engine.begin() as conn:
            run_id = start_run(conn, profile.id, profile.base_url)
        refuse_second_writer(engine, profile.id, run_id, display_url(url))
    finally:
        engine.dispose()

    process = CrawlerProcess(
        crawl_settings(url, run_id, {"LOG_INSTALL_ROOT_HANDLER": False, **(settings or {})})
    )
    crawler = process.create_crawler("portal")
    if on_progress is not None:

        def _item(item: Any, **_: Any) -> None:
            on_progress(type(item).__name__, 1)

        def _response(**_: Any) -> None:
            on_progress("page", 1)

        crawler.signals.connect(_item, signal=signals.item_scraped)
        crawler.signals.connect(_response, signal=signals.response_received)
    process.crawl(crawler, profile=str(profile.path), base_url=profile.base_url, fetch=fetch)
    process.start()
    mark_failed_if_unfinished(url, run_id)
    return summarise(url, run_id, interrupted=interrupted)


def mark_failed_if_unfinished(db: str, run_id: int) -> None:
    """A run the pipeline never closed is closed here, so no later step mistakes it for a
    complete crawl: ``failed`` when nothing was fetched (the spider could not start),
    ``interrupted`` when pages were (the reactor stopped under the pipeline)."""
    engine = open_database(db)
    with engine.begin() as conn:
        stored = (
            conn.execute(select(PageFetch.id).where(PageFetch.run_id == run_id).limit(1)).first()
            is not None
        )
        conn.execute(
            update(CrawlRun)
            .where(CrawlRun.id == run_id, CrawlRun.outcome == "running")
            .values(
                outcome="interrupted" if stored else "failed",
                finished_at=now_iso(),
                errors=["抓取被中断，运行未正常结束" if stored else "抓取未能启动或被中断"],
            )
        )
    engine.dispose()


def summarise(db: str, run_id: int, *, interrupted: list[int] | None = None) -> CrawlSummary:
    engine = open_database(db)
    with engine.connect() as conn:
        run = conn.execute(select(CrawlRun).where(CrawlRun.id == run_id)).one()
        columns = conn.execute(select(ColumnStatus).where(ColumnStatus.run_id == run_id)).all()
        stored = documents_stored(conn, run.profile)
    engine.dispose()
    outcome = run.outcome
    return CrawlSummary(
        run_id=run.id,
        profile=run.profile,
        outcome=outcome,
        started_at=run.started_at,
        finished_at=run.finished_at,
        pages_fetched=run.pages_fetched,
        documents_seen=run.documents_seen,
        documents_stored=stored,
        errors=list(run.errors or []),
        columns_reached=sum(1 for c in columns if c.reached),
        columns_total=len(columns),
        unreached_columns=[
            {"column": c.column_id, "name": c.name, "error": c.error}
            for c in columns
            if not c.reached
        ],
        incomplete_columns=[
            {
                "column": c.column_id,
                "name": c.name,
                "failed_pages": c.failed_pages,
                "error": c.error,
            }
            for c in columns
            if c.reached and not c.complete
        ],
        interrupted_runs=list(interrupted or []),
        database=db,
    )
