"""``zwgk nightly [PROFILE…] [--all]``: crawl, check and report each portal in turn, unattended.

Made for cron and systemd timers (deploy/): one summary line a portal on stdout, tab-separated
so it can be cut and grepped; locks so two runs never overlap (one per output folder, and one
per database whatever the output folder); and an exit code that says whether the *tool*
failed, not whether a portal has gaps (gaps are what the report is for).

Exit codes: 0 every portal was processed (a portal that could not be reached is processed: its
report says 未能核验); 1 the tool failed for at least one portal (named on stderr; the others
were still processed); 2 a bad argument or a lock that cannot be taken, nothing run; 75
(EX_TEMPFAIL) another nightly holds the lock of the output folder or of the database, nothing
run.

Each crawl runs as its own ``zwgk crawl`` process: Twisted's reactor cannot be started twice
in one process, and a portal that crashes its crawl must not take the other portals with it.
The database URL goes to that process in its environment, never on its command line (where
``ps`` would show the password). Checking and reporting reuse ``zwgk.audit`` and
``zwgk.output`` as ``zwgk audit`` does; each report replaces OUT/<profile>/ only once complete.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from checks.catalog import BASELINE
from checks.catalog_files import catalog_folders, catalogs_of, choose_catalog, named_catalog
from ground.errors import ZwgkError
from ground.profiles.schema import Profile, available_profiles, find_toml, load_profile
from ground.store.db import (
    database_url,
    describe_database_error,
    display_url,
    hide_passwords,
    make_engine,
    open_database,
)
from zwgk.audit import check_run, refuse_foreign_catalog, verdict_counts
from zwgk.fixture_server import serve_fixture_stably
from zwgk.output import OutputError, check_output_folder, write_report

LOCK_NAME = ".zwgk-nightly.lock"
DB_LOCK_SUFFIX = "-nightly.lock"  # after the SQLite file's name, as its -wal and -shm are
# pg_try_advisory_lock(int, int): "zwgk" as a 32-bit number, then 1 for the nightly.
PG_LOCK_KEY = {"k1": int.from_bytes(b"zwgk", "big"), "k2": 1}
PG_HOLDER_PREFIX = "zwgk nightly "
EXIT_TOOL_FAILED = 1
EXIT_LOCKED = 75  # sysexits.h EX_TEMPFAIL: try again later
OUTCOMES = {
    "succeeded": "抓取成功",
    "partial": "抓取部分完成",
    "interrupted": "抓取被中断",
    "failed": "抓取失败",
}


class NightlyLockedError(ZwgkError):
    """Another ``zwgk nightly`` holds the lock of the output folder or of the database.

    Raised by ``zwgk.nightly.nightly_lock`` and ``database_lock``; the message names the lock
    and the holder.
    """


class LockUnusableError(ZwgkError):
    """A nightly lock cannot be taken at all: its file cannot be opened (another user's, a
    folder in its place, a read-only disk), locked or written.

    Raised by ``zwgk.nightly.nightly_lock`` and ``database_lock``; the message names the lock
    file and the reason, and nothing has run.
    """


class NoCatalogError(ZwgkError):
    """A portal has no task catalog of its own and no national baseline is installed: it is
    crawled, but neither checked nor reported. Raised by ``nightly_catalog``."""


@dataclass
class PortalResult:
    """What one portal's night came to; ``error`` is set when the tool failed for it."""

    profile: str
    run_id: int | None = None
    outcome: str = ""
    pages: int = 0
    documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    report: Path | None = None
    note: str = ""
    error: str = ""

    def line(self) -> str:
        """The summary line: profile, run, outcome, pages, documents, verdicts, report."""
        parts = [self.profile]
        if self.run_id is not None:
            parts += [
                f"运行 #{self.run_id}",
                OUTCOMES.get(self.outcome, self.outcome),
                f"页面 {self.pages}",
                f"文档 {self.documents}",
            ]
        if self.counts:
            parts.append(" ".join(f"{k} {v}" for k, v in self.counts.items()))
        if self.report is not None:
            parts.append(f"报告 {self.report}")
        if self.note:
            parts.append(self.note)
        if self.error:
            parts.append(f"工具失败：{self.error}")
        return "\t".join(parts)


def selected_profiles(names: list[str], *, every: bool) -> list[str]:
    """The profiles to run, in order: those named, or with ``every`` all available ones.

    Named profiles are loaded here, so a typo stops the night before anything runs; with
    ``--all`` a profile that does not load fails on its own turn and the others still run.
    """
    if every and names:
        raise ZwgkError("name profiles or give --all, not both")
    if every:
        found = available_profiles()
        if not found:
            raise ZwgkError("--all: no site profiles are installed")
        return found
    if not names:
        raise ZwgkError("no profile named: give one or more profile ids, or --all")
    for name in names:
        load_profile(name)
    return list(dict.fromkeys(names))


def nightly_catalog(profile: Profile) -> str | None:
    """The ``--catalog`` a portal is checked with: None for its own (the one its profile names,
    else its only task table), else the national baseline when it is installed.

    Raises ``NoCatalogError`` when there is neither, and ``CatalogError`` when the catalog that
    would be used does not load (or the profile has several task tables and names none: a
    nightly run never guesses the year).
    """
    if named_catalog(profile) or catalogs_of(profile.id):
        chosen = None
    elif isinstance(find_toml(BASELINE, catalog_folders()), Path):
        chosen = BASELINE
    else:
        raise NoCatalogError(f"未核验：无任务目录（{profile.id}_<年度>.toml），亦未安装 {BASELINE}")
    catalog = choose_catalog(profile.id, chosen, named=named_catalog(profile))
    refuse_foreign_catalog(catalog, profile)
    return chosen


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _open_lock_file(path: Path) -> IO[str]:
    """The lock file open for reading and writing, made if missing. An existing file is opened
    without O_CREAT: Linux's ``fs.protected_regular`` refuses O_CREAT on another user's file in
    a sticky folder (a temp folder), even to root, where a plain open would succeed."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    # A holder line garbled by hand must still be shown, not end the run.
    return os.fdopen(fd, "r+", encoding="utf-8", errors="replace")


def _holder_line() -> str:
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return f"pid {os.getpid()}, started {started}"


@contextmanager
def _flocked(path: Path, *, on: str = "") -> Iterator[Path]:
    """Hold an exclusive ``flock`` on ``path`` for the block, with this process's holder line in
    it; ``NightlyLockedError`` naming the holder when another process holds it, and
    ``LockUnusableError`` naming the path when the file cannot be opened, locked or written."""
    try:
        handle = _open_lock_file(path)
    except OSError as exc:
        raise LockUnusableError(f"cannot open the nightly lock {path}: {_reason(exc)}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = " ".join(handle.read().split()) or "unknown process"
            raise NightlyLockedError(
                f"another zwgk nightly is running{on} ({holder}; lock {path}): not started"
            ) from None
        except OSError as exc:  # e.g. ENOLCK: a network file system without locks
            raise LockUnusableError(f"cannot lock {path}: {_reason(exc)}") from exc
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(_holder_line() + "\n")
            handle.flush()
        except OSError as exc:
            raise LockUnusableError(
                f"cannot write the nightly lock {path}: {_reason(exc)}"
            ) from exc
        try:
            yield path
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def nightly_lock(out: Path) -> Iterator[Path]:
    """Hold ``OUT/.zwgk-nightly.lock`` for the block; raise ``NightlyLockedError`` at once, naming
    the holder, when another process holds it. The kernel drops the lock when its holder dies,
    so a killed run never blocks the next night."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # As root, check_output_folder's access() test passes for /proc/x; mkdir still fails.
        raise OutputError(f"--out {out}: cannot create the folder: {_reason(exc)}") from exc
    with _flocked(out / LOCK_NAME) as path:
        yield path


def database_lock_file(url: str) -> Path:
    """The lock file of a database that is not PostgreSQL: beside an SQLite file (its folder
    is shared by whoever uses the file, as SQLite's own -wal and -shm are), else in the temp
    folder under a hash of the URL without its user and password, so one database has one lock
    whoever connects to it.

    >>> database_lock_file("sqlite:////var/lib/zwgk/zwgk.sqlite3")
    PosixPath('/var/lib/zwgk/zwgk.sqlite3-nightly.lock')
    >>> a = database_lock_file("mysql://audit:one@db.example/zwgk")
    >>> a == database_lock_file("mysql://other:two@db.example/zwgk"), a.name.startswith("zwgk-")
    (True, True)
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # resolve(): a relative and an absolute spelling (or a symlink) name one lock.
        real = Path(str(parsed.database)).resolve()
        return real.with_name(real.name + DB_LOCK_SUFFIX)
    where = f"{backend}://{parsed.host or ''}:{parsed.port or ''}/{parsed.database or ''}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"zwgk-nightly-{digest}.lock"


@contextmanager
def database_lock(url: str) -> Iterator[None]:
    """Hold the nightly lock of the database at ``url`` for the block, whatever ``--out`` is:
    two nightlies never crawl into one database at once. ``NightlyLockedError`` names the
    holder (pid, start time).

    PostgreSQL takes a session advisory lock on its own connection, not a file: the server is
    the one place every nightly sees, from any host, any user, and inside the systemd unit,
    whose ``PrivateTmp=yes`` and ``ProtectSystem=strict`` hide /tmp and make /run read-only
    (a lock file there would not be seen by a nightly started by hand). The server drops the
    lock when the holder's connection ends, so a killed run never blocks the next night.
    """
    on = f" on database {display_url(url)}"
    if make_url(url).get_backend_name() == "postgresql":
        with _advisory_lock(url, on=on):
            yield
        return
    with _flocked(database_lock_file(url), on=on):
        yield


@contextmanager
def _advisory_lock(url: str, *, on: str) -> Iterator[None]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            # Autocommit: hours idle inside a transaction would hold back vacuum, and an
            # idle_in_transaction_session_timeout would end the session and drop the lock.
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            holder = _holder_line()
            # Other sessions read the holder from pg_stat_activity (63 characters at most).
            conn.execute(
                text("select set_config('application_name', :name, false)"),
                {"name": f"{PG_HOLDER_PREFIX}{holder}"},
            )
            taken = conn.execute(text("select pg_try_advisory_lock(:k1, :k2)"), PG_LOCK_KEY)
            if not taken.scalar():
                raise NightlyLockedError(
                    f"another zwgk nightly is running{on} ({_advisory_holder(conn)}; "
                    f"PostgreSQL advisory lock {PG_LOCK_KEY['k1']},{PG_LOCK_KEY['k2']}): "
                    "not started"
                )
            try:
                yield
            finally:
                with suppress(SQLAlchemyError):  # a lost connection has released it already
                    conn.execute(text("select pg_advisory_unlock(:k1, :k2)"), PG_LOCK_KEY)
    finally:
        engine.dispose()


def _advisory_holder(conn: Connection) -> str:
    name = conn.execute(
        text(
            "select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid"
            " where l.locktype = 'advisory' and l.granted and l.objsubid = 2"
            " and l.database = (select oid from pg_database where datname = current_database())"
            " and l.classid::text = :k1 and l.objid::text = :k2"
        ),
        {k: str(v) for k, v in PG_LOCK_KEY.items()},
    ).scalar()
    # Another role's session may show no name without pg_read_all_stats.
    if name and name.startswith(PG_HOLDER_PREFIX):
        return name.removeprefix(PG_HOLDER_PREFIX)
    return "unknown process"


def crawl_in_child(profile: str, *, db: str, base_url: str | None, log: IO[str]) -> dict[str, Any]:
    """Run ``zwgk crawl PROFILE --json`` in its own process; its summary, or ``ZwgkError``
    with the child's own error line when it did not crawl."""
    args = [sys.executable, "-m", "zwgk", "crawl", profile, "--json"]
    if base_url:
        args += ["--base-url", base_url]
    env = {**os.environ, "ZWGK_DATABASE_URL": db}
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.stderr:
        log.write(done.stderr)  # the crawl's own warnings, for the cron mail or the journal
    if done.returncode in (0, 1):  # 1: the crawl ran and failed (the portal), summary printed
        try:
            summary: dict[str, Any] = json.loads(done.stdout)
        except json.JSONDecodeError:
            pass
        else:
            return summary
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    reason = lines[-1].strip() if lines else f"exit code {done.returncode}"
    raise ZwgkError(f"zwgk crawl {profile} exited {done.returncode}: {reason}")


def process_portal(
    profile: str, *, db: str, out: Path, fixtures: bool, log: IO[str]
) -> PortalResult:
    """Crawl, check and report one portal; a failure of the tool is returned, not raised."""
    result = PortalResult(profile)
    try:
        loaded = load_profile(profile)
        result.profile = loaded.id
        try:
            catalog: str | None = nightly_catalog(loaded)
            skip = ""
        except NoCatalogError as exc:
            catalog, skip = None, str(exc)
        with ExitStack() as stack:
            base = stack.enter_context(serve_fixture_stably(loaded.id)) if fixtures else None
            summary = crawl_in_child(profile, db=db, base_url=base, log=log)
        result.run_id = int(summary["run_id"])
        result.outcome = str(summary["outcome"])
        result.pages = int(summary["pages_fetched"])
        result.documents = int(summary["documents_seen"])
        if skip:
            result.note = skip
            return result
        checked = check_run(profile, db=db, run_id=result.run_id, catalog_id=catalog)
        try:
            result.counts = verdict_counts(checked.findings)
            result.report = write_report(checked, out / loaded.id).html.resolve()
        finally:
            checked.engine.dispose()
    except ZwgkError as exc:
        result.error = hide_passwords(" ".join(str(exc).split()))
    except SQLAlchemyError as exc:
        result.error = describe_database_error(exc, db)
    except Exception as exc:
        # A bug met on one portal must not cost the other portals their reports.
        result.error = hide_passwords(f"{type(exc).__name__}: {' '.join(str(exc).split())}")
    return result


def run_nightly(
    profiles: list[str],
    *,
    every: bool = False,
    db: str | None = None,
    out: Path,
    fixtures: bool = False,
    on_result: Callable[[PortalResult], None] | None = None,
    log: IO[str] | None = None,
) -> list[PortalResult]:
    """Process each selected portal in turn under the nightly lock; return what each came to.

    Bad arguments raise ``ZwgkError`` before anything is crawled: an unknown profile or an
    unusable ``out`` before the lock is taken, a database that does not open right after;
    ``NightlyLockedError`` when another run holds the lock of ``out`` or of the database,
    ``LockUnusableError`` when a lock cannot be taken at all. ``on_result`` is called as each
    portal finishes.
    """
    chosen = selected_profiles(profiles, every=every)
    check_output_folder(out)
    url = database_url(db)
    results = []
    with nightly_lock(out):
        open_database(url).dispose()  # unreachable or unmigratable: refused before the night
        # Taken after the database opened, so a database that cannot be opened is named as
        # such rather than as a lock file beside it that cannot be made.
        with database_lock(url):
            for profile in chosen:
                result = process_portal(
                    profile, db=url, out=out, fixtures=fixtures, log=log or sys.stderr
                )
                results.append(result)
                if on_result is not None:
                    on_result(result)
    return results
