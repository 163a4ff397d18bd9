"""One crawl of the scripted faulty portal per session, shared by the fault tests."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.faults.crawl import crawl
from tests.faults.portal import routes, write_profile
from tests.faults.server import serve


@dataclass(frozen=True)
class Crawled:
    profile: Path
    db: Path
    summary: dict[str, Any]
    hits: Counter[str]  # requests the portal received, by path
    seconds: float


def crawl_portal(folder: Path, **profile: Any) -> Crawled:
    with serve(routes()) as portal:
        path = write_profile(folder, portal.base, **profile)
        started = time.monotonic()
        summary = crawl(path, folder / "crawl.sqlite3")
        seconds = time.monotonic() - started
        return Crawled(path, folder / "crawl.sqlite3", summary, Counter(portal.hits), seconds)


@pytest.fixture(scope="session")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    """The portal with one fault per route, crawled with robots.txt obeyed (the default)."""
    yield crawl_portal(tmp_path_factory.mktemp("faulty"))
