"""Shared test machinery: fixture portals served over real HTTP, and real crawls into SQLite.

A crawl runs the real ``zwgk crawl`` in a subprocess (Twisted's reactor cannot restart inside
one pytest process); the fixture portal is served from this process on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from crawler import settings as crawler_settings
from zwgk.fixture_server import FIXTURE_ROOT, serve_fixture

ROOT = Path(__file__).resolve().parent.parent


# The crawler's own launch arguments (crawler/settings.py): tests run Chromium as crawls do.
CHROMIUM_ARGS: tuple[str, ...] = tuple(crawler_settings.PLAYWRIGHT_LAUNCH_OPTIONS["args"])


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, as a Playwright Browser."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=list(CHROMIUM_ARGS)
    )


def chromium_path() -> str:
    """Debian's Chromium; a missing binary fails the test with the install command."""
    path = os.environ.get("ZWGK_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        pytest.fail(
            f"Chromium not found at {path} (set ZWGK_CHROMIUM, or install it: "
            "apt-get install -y chromium fonts-wqy-microhei)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def fixture_servers() -> Iterator[Callable[[str], str]]:
    """``serve(site) -> base URL``; each site is served once for the whole session."""
    stack = ExitStack()
    bases: dict[str, str] = {}

    def serve(site: str) -> str:
        if site not in bases:
            bases[site] = stack.enter_context(serve_fixture(site))
        return bases[site]

    with stack:
        yield serve


def expected(site: str) -> dict[str, Any]:
    return tomllib.loads((FIXTURE_ROOT / site / "_expected.toml").read_text(encoding="utf-8"))


def run_zwgk(
    *args: str, env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "zwgk", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"zwgk {' '.join(args)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


def crawl_json(profile: str, base_url: str, db: str, *extra: str) -> dict[str, Any]:
    result = run_zwgk("crawl", profile, "--base-url", base_url, "--db", db, "--json", *extra)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"no JSON from zwgk crawl (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
