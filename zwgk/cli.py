"""The ``zwgk`` command line: crawl, extract, check, report and audit a portal."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ground.errors import ZwgkError
from ground.profiles.schema import Profile, available_profiles, load_profile
from zwgk.fixture_server import FIXTURE_ROOT, serve_fixture, serve_fixture_stably

if TYPE_CHECKING:
    from zwgk.crawling import CrawlSummary

app = typer.Typer(
    help="zwgk-audit: audit a government portal against its 政务公开 task table.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
fixtures_app = typer.Typer(help="Serve the bundled fixture portals.", no_args_is_help=True)
app.add_typer(fixtures_app, name="fixtures")
console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLAlchemy URL (default: $ZWGK_DATABASE_URL or sqlite:///zwgk.sqlite3)"
    ),
]
FixturesOption = Annotated[
    bool, typer.Option("--fixtures", help="Serve the bundled fixture portal and crawl that.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def print_error(message: str) -> None:
    # Never wrapped nor read as markup: the message names files and values a user copies.
    console.print("[bold red]错误[/]: ", end="")
    console.print(message, markup=False, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    print_error(message)
    return typer.Exit(code)


def resolve_profile(
    profile: str, base_url: str | None, stack: ExitStack, fixtures: bool
) -> Profile:
    loaded = load_profile(profile)
    if fixtures:
        loaded = loaded.rebased(stack.enter_context(serve_fixture_stably(loaded.id)))
    elif base_url:
        loaded = loaded.rebased(base_url if base_url.endswith("/") else base_url + "/")
    return loaded


@app.command()
def crawl(
    profile: Annotated[str, typer.Argument(help="Profile id (e.g. shandong_guanxian) or path.")],
    db: DbOption = None,
    fixtures: FixturesOption = False,
    base_url: Annotated[
        str | None, typer.Option(help="Crawl this host instead of the profile's base_url.")
    ] = None,
    fetch: Annotated[
        str, typer.Option(help="Force the fetch mode of script-fed columns: api or browser.")
    ] = "",
    as_json: JsonOption = False,
) -> None:
    """Crawl a portal into the database and print a summary of the run."""
    from zwgk.crawling import run_crawl
    from zwgk.progress import CrawlProgress

    try:
        with ExitStack() as stack:
            loaded = resolve_profile(profile, base_url, stack, fixtures)
            progress = stack.enter_context(CrawlProgress(console, enabled=not as_json))
            summary = run_crawl(loaded, db=db, fetch=fetch, on_progress=progress.advance)
    except ZwgkError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    else:
        print_summary(summary)
    if summary.outcome == "failed":
        raise typer.Exit(1)


def print_summary(summary: CrawlSummary) -> None:
    from rich.table import Table

    outcome = {
        "succeeded": "[green]成功[/]",
        "partial": "[yellow]部分完成[/]",
        "failed": "[red]失败[/]",
    }.get(summary.outcome, summary.outcome)
    table = Table(title=f"抓取结果 · {summary.profile} · 运行 #{summary.run_id}", show_header=False)
    table.add_row("结果 outcome", outcome)
    table.add_row("时间", f"{summary.started_at} → {summary.finished_at}")
    table.add_row("抓取页面 pages_fetched", str(summary.pages_fetched))
    table.add_row("本次文档 documents_seen", str(summary.documents_seen))
    table.add_row("库中文档 documents_stored", str(summary.documents_stored))
    table.add_row("栏目", f"{summary.columns_reached}/{summary.columns_total} 可访问")
    for column in summary.unreached_columns:
        table.add_row("  未能访问", f"{column['name']}（{column['column']}）：{column['error']}")
    table.add_row("错误 errors", str(len(summary.errors)))
    for error in summary.errors[:8]:
        table.add_row("", error)
    if len(summary.errors) > 8:
        table.add_row("", f"…另有 {len(summary.errors) - 8} 条")
    table.add_row("数据库", summary.database)
    Console().print(table)


@app.command()
def extract(
    source: Annotated[str, typer.Argument(help="A saved page (file) or an http(s) URL.")],
    url: Annotated[str | None, typer.Option(help="The page's URL, to resolve its links.")] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            metavar="ID_OR_PATH", help="Read the page with this profile's selectors and encoding."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show what the extractor reads from one page (for writing a profile)."""
    # The page is fetched and decoded as a crawl would; input that cannot be read as an HTML
    # page (missing file, HTTP error, unreachable host, a PDF …) exits 2 with one line naming it.
    from zwgk.extract_page import extract_command

    code = extract_command(source, url=url, as_json=as_json, profile=profile)
    if code:
        raise typer.Exit(code)


@app.command()
def profiles() -> None:
    """List the bundled site profiles, validating each."""
    bad = 0
    for profile_id in available_profiles():
        try:
            loaded = load_profile(profile_id)
        except ZwgkError as exc:
            bad += 1
            print_error(str(exc))
            continue
        print(f"{loaded.id}\t{loaded.name}\t{loaded.cms}\t{len(loaded.columns)} columns")
    if bad:
        raise typer.Exit(1)


@fixtures_app.command("serve")
def fixtures_serve(
    site: Annotated[str, typer.Argument(help="Fixture site (a folder of fixtures/html/).")],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: any free port).")] = 8000,
) -> None:
    """Serve a fixture portal with its recorded headers until interrupted."""
    import time

    try:
        with serve_fixture(site, port=port) as base:
            console.print(f"serving {FIXTURE_ROOT / site} at {base} (Ctrl-C to stop)")
            while True:
                time.sleep(3600)
    except ZwgkError as exc:
        raise fail(str(exc)) from exc
    except KeyboardInterrupt:
        pass


CatalogOption = Annotated[
    str | None, typer.Option(help="Catalog id (default: the profile's newest).")
]
RunOption = Annotated[int | None, typer.Option(help="Crawl run id (default: the latest).")]


@app.command()
def check(
    profile: Annotated[str, typer.Argument(help="Profile id.")],
    db: DbOption = None,
    run: RunOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run the catalog's checks over a crawl run and store the findings."""
    from dataclasses import asdict

    from checks.engine import is_gap
    from zwgk.audit import check_run, verdict_counts

    try:
        checked = check_run(profile, db=db, run_id=run, catalog_id=catalog)
    except ZwgkError as exc:
        raise fail(str(exc)) from exc
    cat, record, findings = checked.catalog, checked.run, checked.findings
    if as_json:
        payload = {
            "run_id": record.id,
            "catalog": cat.id,
            "counts": verdict_counts(findings),
            "findings": [{**asdict(f), "verdict": str(f.verdict)} for f in findings],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    print(f"核验完成：{cat.title}（{cat.id}），抓取运行 #{record.id}（{record.outcome}）")
    print("  " + "  ".join(f"{k} {v}" for k, v in verdict_counts(findings).items()))
    for f in findings:
        if is_gap(f):
            print(f"  [{f.verdict}] {f.row} {f.check}: {f.title} — {f.message}")


@app.command()
def report(
    profile: Annotated[str, typer.Argument(help="Profile id.")],
    db: DbOption = None,
    run: RunOption = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("report"),
    catalog: CatalogOption = None,
) -> None:
    """Render the stored findings of a crawl run (HTML, 工作台账 XLSX, findings.json).

    Nothing is checked again: the report shows what `zwgk check` stored for that run."""
    from zwgk.audit import render, stored_run

    try:
        paths = render(stored_run(profile, db=db, run_id=run, catalog_id=catalog), out)
    except ZwgkError as exc:
        raise fail(str(exc)) from exc
    print(f"报告：{paths.html}")
    print(f"工作台账：{paths.xlsx}")
    print(f"findings.json：{paths.json}")


@app.command()
def audit(
    profile: Annotated[str, typer.Argument(help="Profile id.")],
    db: DbOption = None,
    fixtures: FixturesOption = False,
    base_url: Annotated[str | None, typer.Option(help="Crawl this host instead.")] = None,
    fetch: Annotated[str, typer.Option(help="Force the fetch mode of script-fed columns.")] = "",
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("report"),
    catalog: CatalogOption = None,
) -> None:
    """Crawl, check and report in one go; prints where the report is."""
    from zwgk.audit import check_run, render, verdict_counts
    from zwgk.crawling import run_crawl
    from zwgk.progress import CrawlProgress

    try:
        with ExitStack() as stack:
            loaded = resolve_profile(profile, base_url, stack, fixtures)
            with CrawlProgress(console) as progress:
                summary = run_crawl(loaded, db=db, fetch=fetch, on_progress=progress.advance)
        print_summary(summary)
        checked = check_run(profile, db=db, run_id=summary.run_id, catalog_id=catalog)
        paths = render(checked, out)
    except ZwgkError as exc:
        raise fail(str(exc)) from exc
    counts = verdict_counts(checked.findings)
    print("核验结果：" + "  ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"报告已生成：{paths.html.resolve()}")
    print(f"工作台账：{paths.xlsx.resolve()}")
    if summary.outcome == "failed":
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except ZwgkError as exc:
        print_error(str(exc))
        sys.exit(2)
