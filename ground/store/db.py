"""Engines and migrations. Every entry point calls ``open_database``, which brings the schema
to the newest Alembic revision before anything is read or written."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from ground.errors import StorageError

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_URL = "sqlite:///zwgk.sqlite3"


def database_url(url: str | None = None) -> str:
    """The --db URL, else ZWGK_DATABASE_URL, else an SQLite file in the working folder."""
    return url or os.environ.get("ZWGK_DATABASE_URL") or DEFAULT_URL


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets a report read while a crawl writes; NORMAL sync is safe with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StorageError(f"cannot use database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def open_database(url: str | None = None) -> Engine:
    """An engine whose schema is at the newest revision (migrating it up if needed)."""
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "head")
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot open or migrate database {engine.url!r}: {exc}") from exc
    return engine
