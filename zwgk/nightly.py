"""``zwgk nightly [PROFILE…] [--all]``: crawl, check and report each portal in turn, unattended.

Made for cron and systemd timers (deploy/): one summary line a portal on stdout, tab-separated
so it can be cut and grepped; a lock so two runs never overlap; and an exit code that says
whether the *tool* failed, not whether a portal has gaps (gaps are what the report is for).

Exit codes: 0 every portal was processed (a portal that could not be reached is processed: its
report says 未能核验); 1 the tool failed for at least one portal (named on stderr; the others
were still processed); 2 a bad argument, nothing run; 75 (EX_TEMPFAIL) another nightly holds
the lock, nothing run.

Each crawl runs as its own ``zwgk crawl`` process: Twisted's reactor cannot be started twice
in one process, and a portal that crashes its crawl must not take the other portals with it.
The database URL goes to that process in its environment, never on its command line (where
``ps`` would show the password). Checking and reporting reuse ``zwgk.audit`` and
``zwgk.output`` as ``zwgk audit`` does; each report replaces OUT/<profile>/ only once complete.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy.exc import SQLAlchemyError

from checks.catalog import BASELINE
from checks.catalog_files import catalog_folders, catalogs_of, choose_catalog, named_catalog
from ground.errors import ZwgkError
from ground.profiles.schema import Profile, available_profiles, find_toml, load_profile
from ground.store.db import database_url, describe_database_error, hide_passwords, open_database
from zwgk.audit import check_run, refuse_foreign_catalog, verdict_counts
from zwgk.fixture_server import serve_fixture_stably
from zwgk.output import check_output_folder, write_report

LOCK_NAME = ".zwgk-nightly.lock"
EXIT_TOOL_FAILED = 1
EXIT_LOCKED = 75  # sysexits.h EX_TEMPFAIL: try again later
OUTCOMES = {
    "succeeded": "抓取成功",
    "partial": "抓取部分完成",
    "interrupted": "抓取被中断",
    "failed": "抓取失败",
}


class NightlyLockedError(ZwgkError):
    """Another ``zwgk nightly`` holds the lock of the output folder.

    Raised by ``zwgk.nightly.nightly_lock``; the message names the lock file and the holder.
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


@contextmanager
def nightly_lock(out: Path) -> Iterator[Path]:
    """Hold ``OUT/.zwgk-nightly.lock`` for the block; raise ``NightlyLockedError`` at once, naming
    the holder, when another process holds it. The kernel drops the lock when its holder dies,
    so a killed run never blocks the next night."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = " ".join(handle.read().split()) or "unknown process"
            raise NightlyLockedError(
                f"another zwgk nightly is running ({holder}; lock {path}): not started"
            ) from None
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()}, started {started}\n")
        handle.flush()
        try:
            yield path
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
    ``NightlyLockedError`` when another run holds the lock. ``on_result`` is called as each
    portal finishes.
    """
    chosen = selected_profiles(profiles, every=every)
    check_output_folder(out)
    url = database_url(db)
    results = []
    with nightly_lock(out):
        open_database(url).dispose()  # unreachable or unmigratable: refused before the night
        for profile in chosen:
            result = process_portal(
                profile, db=url, out=out, fixtures=fixtures, log=log or sys.stderr
            )
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results
