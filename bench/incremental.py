"""Incremental crawling on a synthetic portal: what a second and a third night fetch.

    .venv/bin/python bench/incremental.py [--docs 5000] [--changed 50]

Generates the synthetic TRS portal of bench/crawl_throughput.py (``--docs`` detail pages plus
their list pages), serves it on 127.0.0.1, and crawls it three times into one SQLite file:
run 1 fresh; run 2 with the portal unchanged; then ``--changed`` documents are edited (their
list entry and their page: a revised title) and run 3 crawls again. Prints, per run, the pages
fetched (list / detail), the documents carried over unchanged, and whether run 3 re-read exactly
the changed documents, stored their new titles, and whose findings (``zwgk check`` against the
national baseline, 2023) now carry them. Targets (issue 11): run 2 fetches at most
10% of run 1's pages, list pages included; run 3 re-reads exactly the changed documents.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crawl_throughput import child, generate  # noqa: E402  (a sibling script, not a package)

RUNNER = """
import json, sys, time
from ground.profiles.schema import load_profile
from zwgk.crawling import run_crawl
profile = load_profile(sys.argv[1]).rebased(sys.argv[2])
t0 = time.perf_counter()
summary = run_crawl(profile, db=sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - t0, "run": summary.run_id,
                  "outcome": summary.outcome, "documents": summary.documents_seen}))
"""

CHECK_ARGS = ("--catalog", "baseline_2023", "--json")
# Local and owner-approved: the bench measures what is fetched, not how politely.
CRAWL_SECTION = "\n[crawl]\nrate = 50.0\nconcurrency = 16\nobey_robots = false\n"


def crawl(profile: Path, base: str, db: str) -> dict[str, float]:
    return child(RUNNER, str(profile), base, db)


def fetched(db: str, run_id: int) -> tuple[int, int, set[str]]:
    """(list pages, detail pages, detail URLs) fetched by one run."""
    from sqlalchemy import create_engine, select

    from ground.store.models import PageFetch

    engine = create_engine(db)
    with engine.connect() as conn:
        urls = [u for (u,) in conn.execute(select(PageFetch.url).where(PageFetch.run_id == run_id))]
    engine.dispose()
    details = {u for u in urls if "/202301/" in u}
    return len(urls) - len(details), len(details), details


def edit(site: Path, count: int, seed: int = 7) -> set[str]:
    """Revise ``count`` documents: a new title on the page and on its list entry. Returns their
    paths (as the portal serves them)."""
    pages = sorted(site.glob("xxgk/col*/202301/*.html"))
    chosen = random.Random(seed).sample(pages, count)
    changed = set()
    for page in chosen:
        encoding = "gb18030" if b'charset="gbk"' in page.read_bytes()[:200] else "utf-8"
        text = page.read_text(encoding=encoding)
        page.write_text(text.replace("工作实施方案", "工作实施方案（修订）"), encoding=encoding)
        name = page.name
        for listing in page.parent.parent.glob("index*.html"):
            body = listing.read_text(encoding=encoding)
            if name in body:
                # Both the title attribute and the link text: a list parser may read either.
                body = re.sub(
                    rf'({re.escape(name)}" title=")([^"]*)(">)([^<]*)',
                    r"\1\2（修订）\3\4（修订）",
                    body,
                )
                listing.write_text(body, encoding=encoding)
        changed.add("/" + page.relative_to(site).as_posix())
    return changed


def check(profile: Path, db: str) -> list[dict[str, str]]:
    """The findings of ``zwgk check`` (national baseline, 2023) over the latest run."""
    out = subprocess.run(
        [sys.executable, "-m", "zwgk", "check", str(profile), "--db", db, *CHECK_ARGS],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"check failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout)["findings"]


def revised_findings(findings: list[dict[str, str]], paths: set[str]) -> tuple[int, int]:
    """(findings about the changed documents, how many of them carry the revised title)."""
    from urllib.parse import urlsplit

    about = [f for f in findings if urlsplit(f["subject"]).path in paths]
    return len(about), sum(1 for f in about if "（修订）" in f["title"])


def titles(db: str, paths: set[str]) -> int:
    """How many of ``paths`` are stored with their revised title."""
    from urllib.parse import urlsplit

    from sqlalchemy import create_engine, select

    from ground.store.models import Document

    engine = create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(select(Document.url, Document.title)).all()
    engine.dispose()
    return sum(1 for url, title in rows if urlsplit(url).path in paths and "（修订）" in title)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--changed", type=int, default=50)
    args = parser.parse_args()

    from zwgk.fixture_server import serve_fixture

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        profile = generate(root, args.docs, 0.2)
        profile.write_text(profile.read_text(encoding="utf-8") + CRAWL_SECTION, encoding="utf-8")
        db = f"sqlite:///{root / 'incremental.sqlite3'}"
        runs = []
        with serve_fixture(root / "site") as base:
            for night in (1, 2, 3):
                if night == 3:
                    changed = edit(root / "site", args.changed)
                t0 = time.perf_counter()
                result = crawl(profile, base, db)
                lists, details, urls = fetched(db, int(result["run"]))
                runs.append((lists, details, urls))
                if night == 3:
                    after = revised_findings(check(profile, db), changed)
                print(
                    f"run {night}: {lists + details} pages fetched ({lists} list, {details} "
                    f"detail), {int(result['documents'])} documents in the run, "
                    f"{time.perf_counter() - t0:.1f}s, outcome {result['outcome']}"
                )
        first = runs[0][0] + runs[0][1]
        second = runs[1][0] + runs[1][1]
        print(f"run 2 fetched {second / first:.1%} of run 1's pages (target <= 10%)")
        reread = {u.split("/", 3)[-1] for u in runs[2][2]}
        wanted = {p.lstrip("/") for p in changed}
        print(
            f"run 3 re-read {len(reread)} detail pages; exactly the {len(wanted)} changed: "
            f"{reread == wanted}; revised titles stored: {titles(db, changed)}/{len(changed)}"
        )
        print(
            f"run 3 checked (baseline_2023): {after[0]} findings about the changed documents, "
            f"{after[1]} of them with the revised title"
        )


if __name__ == "__main__":
    main()
