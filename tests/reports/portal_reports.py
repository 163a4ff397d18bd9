"""Reports of the three fixture portals, made once per test session by a real ``zwgk audit``.

The accessibility, phone and print tests look at what a clerk opens: the report of a portal
crawled over the fixture server, checked against its own task table. An audit takes 10 to 45 s,
so each portal is audited once per session, into the session's base temporary folder, and every
test module that asks again gets the same folder back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_zwgk

SITES = ("shandong_guanxian", "sichuan_yanting", "anhui_guangde")


def audited_report(site: str, serve: Callable[[str], str], factory: pytest.TempPathFactory) -> Path:
    """The report folder of ``zwgk audit SITE`` against the fixture server (made on first use)."""
    root = factory.getbasetemp() / "portal-reports" / site
    out = root / "report"
    if (out / "index.html").is_file():
        return out
    root.mkdir(parents=True, exist_ok=True)
    result = run_zwgk(
        "audit",
        site,
        "--base-url",
        serve(site),
        "--db",
        f"sqlite:///{root / 'db.sqlite3'}",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def largest(folder: Path, *, skip: str = "index.html") -> Path:
    """The largest page in ``folder``: the task or notice with the most to lay out."""
    pages = [p for p in folder.glob("*.html") if p.name != skip]
    assert pages, f"no pages in {folder}"
    return max(pages, key=lambda p: (p.stat().st_size, p.name))


def report_pages(report: Path) -> dict[str, Path]:
    """The pages a clerk opens: the summary, the longest task page and notice, the notice list."""
    return {
        "index": report / "index.html",
        "task": largest(report / "tasks"),
        "notice": largest(report / "units"),
        "notices": report / "units" / "index.html",
    }
