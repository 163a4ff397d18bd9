"""Run one real crawl (``zwgk.crawling.run_crawl``) of a profile file in a child process.

Twisted's reactor cannot restart inside one pytest process, so each crawl gets its own; the
misbehaving portal is served from the test process. Settings override the project's (short
timeouts, no retries), so a test of a slow or failing portal ends in bounded time.

    python -m tests.faults.crawl <profile.toml> <sqlite file> '<settings as JSON>'
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent

#: Settings for crawls of a scripted portal: fail fast, never wait long.
FAST = {
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 0,
    "ZWGK_BACKOFF_BASE": 0.05,
    "ZWGK_BACKOFF_MAX": 0.2,
}


def crawl(profile: Path, db: Path, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The crawl summary (``CrawlSummary.as_json``); fails with the child's output on error."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.faults.crawl",
            str(profile),
            str(db),
            json.dumps({**FAST, **(settings or {})}),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "ZWGK_LOG_LEVEL": "ERROR"},
        timeout=120,  # the crawl's bound: a scripted fault must never hang a test run
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"crawl of {profile} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def main(argv: list[str]) -> int:
    from ground.profiles.schema import load_profile
    from zwgk.crawling import run_crawl

    profile, db, settings = argv
    summary = run_crawl(load_profile(profile), db=f"sqlite:///{db}", settings=json.loads(settings))
    print(json.dumps(summary.as_json(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
