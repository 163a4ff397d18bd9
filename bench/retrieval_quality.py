"""How well checks.retrieval ranks a row's documents: precision at 3 and recall at 10 against the
labelled judgements of ``tests/data/retrieval_labels/<site>.toml``.

    .venv/bin/python bench/retrieval_quality.py [--labels DIR] [SITE ...]

For each site with a labels file (all of them without SITE), the fixture portal is served on
127.0.0.1 (``zwgk.fixture_server``), crawled once into a temporary SQLite file (``zwgk crawl
--json``, 广德 through its JSON API) and loaded as the checks see it (``checks.load.load_run``).
Each labelled row is then searched the way ``unit_disclosure`` searches one unit, but over every
document of the portal: the row's ``unit_disclosure`` terms, its ``roles`` when it sets them, the
documents of the row's period (its 完成时限, ``ground.deadlines``), ranked by the run's index.

The labels were written from the pages' text, never from the retrieval's output (the fixture
helpers' rule): a judgement says whether a document is relevant to a row. Figures:

- precision at 3: of the documents the search puts first (at most 3: the evidence a finding
  shows), the share labelled relevant; a document without a label counts as not relevant. Rows
  whose search finds nothing show nothing and add nothing to it.
- recall at 10: of the documents labelled relevant, the share among the first 10.

Both are pooled over a site's rows (and over all sites for the total), so a row with many
relevant documents weighs as much as its documents do. Targets: P@3 >= 0.9, R@10 >= 0.8. Prints
figures only, and each row's misses, so a person can see why.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from checks.catalog import CatalogRow
from checks.catalog_files import catalog_for
from checks.context import CheckContext
from checks.load import latest_run_id, load_run
from ground.deadlines import parse_deadline
from ground.errors import CatalogError
from ground.profiles.schema import load_profile
from ground.store.db import open_database
from zwgk.fixture_server import serve_fixture

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "retrieval_labels"
# Extra crawl arguments per site: 广德's script-fed lists are read through their JSON API.
CRAWL_ARGS = {"anhui_guangde": ("--fetch", "api")}
SHOWN = 3
RECALLED = 10


@dataclass
class Tally:
    shown: int = 0  # documents in the top 3 of rows with hits
    shown_relevant: int = 0
    relevant: int = 0  # documents labelled relevant
    recalled: int = 0  # of those, in the top 10
    rows: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.shown += other.shown
        self.shown_relevant += other.shown_relevant
        self.relevant += other.relevant
        self.recalled += other.recalled
        self.rows += other.rows

    def line(self, name: str, judgements: int) -> str:
        precision = self.shown_relevant / self.shown if self.shown else float("nan")
        recall = self.recalled / self.relevant if self.relevant else float("nan")
        return (
            f"{name:<20} rows {self.rows:3d}  judgements {judgements:4d}  "
            f"P@3 {precision:.3f} ({self.shown_relevant}/{self.shown})  "
            f"R@10 {recall:.3f} ({self.recalled}/{self.relevant})"
        )


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(site: str, database: Path) -> CheckContext:
    """The site's fixture portal crawled once, as the checks see it."""
    url = f"sqlite:///{database}"
    with serve_fixture(site) as base:
        command = [sys.executable, "-m", "zwgk", "crawl", site, "--base-url", base]
        command += ["--db", url, "--json", *CRAWL_ARGS.get(site, ())]
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    try:
        outcome = json.loads(result.stdout)["outcome"]
    except (json.JSONDecodeError, KeyError):
        # The crawl's own output says why, not the parse error.
        message = f"{site}: no JSON from zwgk crawl:\n{result.stdout}\n{result.stderr}"
        raise SystemExit(message) from None
    print(f"{site}: crawl {outcome}")
    engine = open_database(url)
    profile = load_profile(site)
    run = load_run(engine, profile, latest_run_id(engine, site))
    engine.dispose()
    return CheckContext(run=run, profile=profile, catalog=catalog_for(site))


def search_row(ctx: CheckContext, row: CatalogRow) -> list[tuple[str, str]]:
    """The first ``RECALLED`` documents the row's unit_disclosure search ranks: each one's path,
    and its title with the words matched (for the misses printed)."""
    spec = next(c for c in row.checks if c.name == "unit_disclosure")
    period = parse_deadline(row.deadline, ctx.year)
    roles = set(spec.params.get("roles") or ())
    among = [
        d.id
        for d in ctx.documents
        if (not roles or roles & set(d.roles))
        and (d.publish_date is None or period.start <= d.publish_date <= period.end)
    ]
    hits = ctx.index.search(spec.params["terms"], among=among, top=RECALLED)
    return [
        (path_of(ctx.by_id[h.doc_id].url), f"{ctx.by_id[h.doc_id].title} {'、'.join(h.matched)}")
        for h in hits
    ]


def measure(ctx: CheckContext, judgements: list[dict]) -> Tally:
    rows = {r.id: r for r in ctx.catalog.all_rows}
    by_row: dict[str, dict[str, bool]] = {}
    for judgement in judgements:
        by_row.setdefault(str(judgement["row"]), {})[judgement["path"]] = judgement["relevant"]
    tally = Tally()
    for row_id, labels in by_row.items():
        row = rows.get(row_id)
        if row is None or not any(c.name == "unit_disclosure" for c in row.checks):
            tally.misses.append(f"row {row_id}: no unit_disclosure check in the catalog, skipped")
            continue
        found = search_row(ctx, row)
        ranked = [path for path, _ in found]
        shown_as = dict(found)
        relevant = {path for path, yes in labels.items() if yes}
        shown = ranked[:SHOWN]
        tally.rows += 1
        tally.shown += len(shown)
        tally.shown_relevant += sum(1 for p in shown if p in relevant)
        tally.relevant += len(relevant)
        tally.recalled += len(relevant & set(ranked))
        for path in shown:
            if path not in relevant:
                why = "labelled not relevant" if path in labels else "unlabelled"
                tally.misses.append(f"row {row_id}: top 3 holds {path} ({why}): {shown_as[path]}")
        for path in sorted(relevant - set(ranked)):
            tally.misses.append(f"row {row_id}: relevant {path} not in the top 10")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="*", help="profile ids (default: every labels file)")
    parser.add_argument("--labels", type=Path, default=LABELS, help="folder of <site>.toml")
    args = parser.parse_args()
    files = sorted(args.labels.glob("*.toml"))
    if args.sites:
        files = [f for f in files if f.stem in args.sites]
    if not files:
        raise SystemExit(f"no labels files in {args.labels}")
    total, total_judgements, lines = Tally(), 0, []
    with tempfile.TemporaryDirectory() as folder:
        for labels_file in files:
            site = labels_file.stem
            judgements = tomllib.loads(labels_file.read_text(encoding="utf-8"))["judgement"]
            try:
                ctx = crawl(site, Path(folder) / f"{site}.sqlite3")
            except CatalogError as exc:  # a catalog being edited: say so, measure the others
                print(f"  {site}: skipped, its catalog does not load: {exc}")
                continue
            tally = measure(ctx, judgements)
            for miss in tally.misses:
                print(f"  {site} {miss}")
            total.add(tally)
            total_judgements += len(judgements)
            lines.append(tally.line(site, len(judgements)))
    print()
    for line in lines:
        print(line)
    print(total.line("overall", total_judgements))


if __name__ == "__main__":
    main()
