"""Engines and migrations. Every entry point calls ``open_database``, which brings the schema
to the newest Alembic revision before anything is read or written.

A database URL may carry a password (``postgresql://user:secret@host/zwgk``): whatever this
project prints or stores about a database goes through ``display_url`` or ``hide_passwords``,
so the password never reaches a terminal, a cron mail, a JSON summary or a report.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from ground.errors import StorageError

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_URL = "sqlite:///zwgk.sqlite3"
# How long an SQLite connection waits for another process's write lock before it gives up.
# Python's default (5 s) is shorter than one batch commit of a slow crawl can hold the lock on a
# busy disk, and `zwgk check` writes findings while a nightly crawl may be writing pages: waiting
# half a minute is better than a failed check. ZWGK_SQLITE_BUSY_TIMEOUT (seconds) overrides it.
BUSY_TIMEOUT_S = 30.0
BUSY_TIMEOUT_ENV = "ZWGK_SQLITE_BUSY_TIMEOUT"
# user:password@ in any URL-like text (an error message quoting a URL it could not parse). A
# password has no "/" (URLs percent-encode it), so host:port/path?a@b is left alone.
_CREDENTIALS = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^\s:/@]*:)[^\s@/]+@", re.IGNORECASE)


def database_url(url: str | None = None) -> str:
    """The --db URL, else ZWGK_DATABASE_URL, else an SQLite file in the working folder."""
    return url or os.environ.get("ZWGK_DATABASE_URL") or DEFAULT_URL


def hide_passwords(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` in it replaced by ***.

    >>> hide_passwords("cannot open postgresql://audit:s3cr:et@db.example/zwgk: refused")
    'cannot open postgresql://audit:***@db.example/zwgk: refused'
    >>> hide_passwords("sqlite:///zwgk.sqlite3 and http://example.org:8080/a?b=c@d")
    'sqlite:///zwgk.sqlite3 and http://example.org:8080/a?b=c@d'
    """
    return _CREDENTIALS.sub(r"\g<head>***@", text)


def display_url(url: str | None = None) -> str:
    """The database URL as it may be shown to anyone: the password, if any, is ***.

    >>> display_url("postgresql://audit:p%40ss@db.example:5432/zwgk")
    'postgresql://audit:***@db.example:5432/zwgk'
    >>> display_url("sqlite:///zwgk.sqlite3")
    'sqlite:///zwgk.sqlite3'
    """
    url = database_url(url)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy can parse: still never echo what looks like a password.
        return hide_passwords(url)


def busy_timeout() -> float:
    """Seconds an SQLite connection waits for a lock (``ZWGK_SQLITE_BUSY_TIMEOUT`` or 30).

    A value that is not a positive number is a configuration error naming the variable.
    """
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise StorageError(f"{BUSY_TIMEOUT_ENV} = {raw!r}: must be a positive number of seconds")
    return seconds


def describe_database_error(exc: SQLAlchemyError, url: str | None = None) -> str:
    """One line saying what went wrong with the database at ``url``, password hidden.

    SQLAlchemy's own message spans lines (the SQL, its parameters, a link); a person needs the
    driver's reason and, for a lock, what to do about it.
    """
    shown = display_url(url)
    orig = exc.orig if isinstance(exc, DBAPIError) else None
    reason = " ".join(str(orig if orig is not None else exc).split("\n[SQL:")[0].split())
    if "database is locked" in reason or "database table is locked" in reason:
        return (
            f"database {shown} is locked: another process (a crawl?) kept it busy for more "
            f"than {busy_timeout():g} s; run again when it has finished, or raise "
            f"{BUSY_TIMEOUT_ENV}"
        )
    return hide_passwords(f"database {shown}: {reason}")


class JSONText(str):
    """A value of a JSON column already serialised, exactly as ``json.dumps`` would write it.

    The crawl's pipeline writes a document's links this way: a site's pages repeat their menu
    and footer links, and serialising each link once per crawl instead of once per page saved
    about a tenth of storage's CPU (bench/crawl_throughput.py). It is written as it is, so it
    must be ``json.dumps`` output: the column then reads back as the same value.
    """


def json_serializer(value: Any) -> str:
    """What JSON columns are written with: ``json.dumps`` (SQLAlchemy's default), except for a
    ``JSONText``, which is written as it is.

    >>> json_serializer({"a": [1, None]}), json_serializer(JSONText('[{"a": 1}]'))
    ('{"a": [1, null]}', '[{"a": 1}]')
    """
    if type(value) is JSONText:
        return str(value)
    return json.dumps(value)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets a report read while a crawl writes. synchronous=NORMAL under WAL syncs at
    # checkpoints, not at every commit: the database stays consistent after a kill -9 (a process
    # crash loses nothing committed) and after a power cut, which may lose the last committed
    # batches; those are pages fetched again by the next run, and their run is marked
    # interrupted (ground.store.runs). FULL would sync every commit for that alone.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    try:
        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        # The driver's busy handler: a writer waits for another's lock instead of failing.
        connect_args = {"timeout": busy_timeout()} if sqlite else {}
        engine = create_engine(parsed, connect_args=connect_args, json_serializer=json_serializer)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        reason = hide_passwords(" ".join(str(exc).split()))
        raise StorageError(f"cannot use database URL {display_url(url)!r}: {reason}") from exc
    if sqlite:
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
        engine.dispose()
        shown = engine.url.render_as_string(hide_password=True)
        raise StorageError(f"cannot open or migrate {describe_database_error(exc, shown)}") from exc
    return engine
