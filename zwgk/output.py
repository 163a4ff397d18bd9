"""Where a report is written: the folder is checked before a run starts, the report is written
into a staging folder inside it, and only a complete report replaces the previous one.

A full disk, a folder that cannot be written or a crash half way through therefore leave the
previous report as it was (its ``pages/`` included), and no half-written file is ever opened by
a clerk. Entries are swapped in one by one by rename (``pages/`` first, ``index.html`` last), so
other files a user keeps in the folder are left alone.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ground.errors import ZwgkError
from reports.render import HTML_NAME, ReportPaths
from zwgk.audit import AuditedRun, render

STAGING_PREFIX = ".zwgk-staging-"
RETIRED_PREFIX = ".zwgk-retired-"
# A staging folder this old was left by a killed process (a report takes minutes, not a day):
# it is removed when the next report is written there.
STALE_AFTER_S = 24 * 3600


class OutputError(ZwgkError):
    """An output folder cannot be used or written: it is a file, it lies under a file, it is
    not writable, or the disk filled up while the report was written.

    Raised by ``zwgk.output`` before a run starts (``check_output_folder``) and while a report
    is staged; the message names the folder and the reason, and the previous report is intact.
    """


def check_output_folder(out: Path) -> None:
    """Raise ``OutputError`` unless ``out`` is, or can be created as, a writable folder.

    Checked before anything is crawled or recorded, so a mistyped ``--out`` costs nothing.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: is a file, not a folder")
    existing = out
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise OutputError(f"--out {out}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"--out {out}: folder {existing} is not writable")


def _reason(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


@contextmanager
def staged_folder(out: Path) -> Iterator[Path]:
    """Yield an empty staging folder inside ``out``; when the block ends without an error, its
    entries replace those of the same name in ``out``. On any error the staging folder is
    removed and ``out`` keeps what it had (a folder this call created is removed again)."""
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale(out)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    except OSError as exc:
        raise OutputError(f"cannot write the report to {out}: {_reason(exc)}") from exc
    try:
        yield staging
        _publish(staging, out)
    except OSError as exc:
        raise OutputError(
            f"cannot write the report to {out}: {_reason(exc)}; the previous report is unchanged"
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()


def _remove_stale(out: Path) -> None:
    now = time.time()
    for leftover in out.iterdir():
        ours = leftover.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)) and leftover.is_dir()
        if ours and now - leftover.stat().st_mtime > STALE_AFTER_S:
            shutil.rmtree(leftover, ignore_errors=True)


def _publish(staging: Path, out: Path) -> None:
    # index.html last: until it is replaced, the previous report's links still resolve.
    entries = sorted(staging.iterdir(), key=lambda p: (p.name == HTML_NAME, p.name))
    retired = Path(tempfile.mkdtemp(prefix=RETIRED_PREFIX, dir=out))
    try:
        for entry in entries:
            target = out / entry.name
            if entry.is_dir():
                # A folder cannot be renamed over a non-empty one: retire the old one first.
                if target.is_dir():
                    target.rename(retired / entry.name)
                elif target.exists():
                    target.unlink()
                entry.rename(target)
            else:
                entry.replace(target)
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def write_report(audited: AuditedRun, out: Path) -> ReportPaths:
    """Render ``audited`` (``zwgk.audit.render``) into ``out`` atomically; return where each
    part now is."""
    with staged_folder(out) as staging:
        staged = render(audited, staging)
    return ReportPaths(
        **{
            f.name: out / getattr(staged, f.name).relative_to(staging)
            for f in dataclasses.fields(staged)
        }
    )
