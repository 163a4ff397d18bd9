"""The ``zwgk`` command line: crawl, extract, check, report and audit a portal."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

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
profile_app = typer.Typer(help="Write a draft site profile for a new portal.", no_args_is_help=True)
app.add_typer(profile_app, name="profile")
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
    from ground.store.db import hide_passwords

    # Never wrapped nor read as markup: the message names files and values a user copies.
    # One line, whatever the message quotes, and never a database password.
    console.print("[bold red]错误[/]: ", end="")
    line = " ".join(hide_passwords(message).split())
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    print_error(message)
    return typer.Exit(code)


@contextmanager
def one_line_errors(db: str | None = None) -> Iterator[None]:
    """Turn what a command can run into (a bad input, a locked or unreachable database, a file
    it cannot write) into one line on stderr naming it, and exit code 2: never a traceback.
    A crawl refused because another crawl of the profile is writing exits 75, as a nightly
    refused by a lock does: try again later."""
    try:
        yield
    except ZwgkError as exc:
        from ground.store.runs import RunInProgressError

        if isinstance(exc, RunInProgressError):
            from zwgk.nightly import EXIT_LOCKED

            raise fail(str(exc), EXIT_LOCKED) from exc
        raise fail(str(exc)) from exc
    except SQLAlchemyError as exc:
        from ground.store.db import describe_database_error

        raise fail(describe_database_error(exc, db)) from exc
    except OSError as exc:
        # The commands name the files they make; this is the net for one they did not foresee.
        where = f"{exc.filename}: " if exc.filename else ""
        raise fail(f"{where}{exc.strerror or exc}") from exc


def checked_fetch(fetch: str) -> str:
    """``--fetch``, refused before any run is recorded when it names no fetch mode."""
    from ground.profiles.schema import FETCH_MODES

    if fetch and fetch not in FETCH_MODES:
        raise ZwgkError(f"--fetch {fetch!r}: must be one of {', '.join(sorted(FETCH_MODES))}")
    return fetch


def checked_base_url(base_url: str | None) -> str | None:
    """``--base-url`` as a folder URL (ending in /), refused unless it is an http(s) URL with a
    host."""
    if base_url is None:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ZwgkError(f"--base-url {base_url!r}: must be an http(s) URL such as http://host/")
    return base_url if base_url.endswith("/") else base_url + "/"


def check_catalog(profile: str, catalog: str | None) -> None:
    """Load the catalog a check will use, so a missing or invalid one is refused before a crawl
    is started and recorded."""
    from checks.catalog_files import choose_catalog, named_catalog
    from zwgk.audit import refuse_foreign_catalog

    loaded = load_profile(profile)
    refuse_foreign_catalog(choose_catalog(loaded.id, catalog, named=named_catalog(loaded)), loaded)


def resolve_profile(
    profile: str, base_url: str | None, stack: ExitStack, fixtures: bool
) -> Profile:
    base_url = checked_base_url(base_url)
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
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Fetch every detail page again, even those unchanged since the last run "
            "(after a profile or tool change; nightly runs re-read each page every "
            "full_recrawl_days anyway).",
        ),
    ] = False,
) -> None:
    """Crawl a portal into the database and print a summary of the run."""
    from zwgk.crawling import run_crawl
    from zwgk.progress import CrawlProgress

    with one_line_errors(db), ExitStack() as stack:
        fetch = checked_fetch(fetch)
        loaded = resolve_profile(profile, base_url, stack, fixtures)
        progress = stack.enter_context(CrawlProgress(console, enabled=not as_json))
        summary = run_crawl(
            loaded,
            db=db,
            fetch=fetch,
            on_progress=progress.advance,
            settings={"ZWGK_FULL_CRAWL": True} if full else None,
        )
    summary = shown_summary(summary)
    if as_json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    else:
        print_summary(summary)
    if summary.outcome == "failed":
        raise typer.Exit(1)


def shown_summary(summary: CrawlSummary) -> CrawlSummary:
    """The summary as it may be printed: the database URL without its password."""
    from ground.store.db import display_url

    return dataclasses.replace(summary, database=display_url(summary.database))


def print_summary(summary: CrawlSummary) -> None:
    from rich.table import Table

    outcome = {
        "succeeded": "[green]成功[/]",
        "partial": "[yellow]部分完成[/]",
        "interrupted": "[red]被中断[/]",
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
    for column in summary.incomplete_columns:
        table.add_row("  未读完", f"{column['name']}（{column['column']}）：{column['error']}")
    for run_id in summary.interrupted_runs:
        table.add_row("  此前运行", f"#{run_id} 未正常结束，已标记为被中断")
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


@profile_app.command("init")
def profile_init(
    url: Annotated[str, typer.Argument(help="The portal's home page or 政府信息公开 page.")],
    out: Annotated[
        Path | None,
        typer.Option(help="Profile file to write (default: $ZWGK_CONFIG/profiles/ or ./)."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    delay: Annotated[float, typer.Option(help="Seconds between list pages.", min=0)] = 0.5,
) -> None:
    """Fetch a portal's 政府信息公开 pages and write a draft profile for a person to review."""
    from zwgk.profile_init import init_profile

    with one_line_errors():
        written = init_profile(url, out, force=force, delay=delay)
    print(f"草稿已写入：{written}（请按文件开头的提示逐项核对后再抓取）")


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
    str | None,
    typer.Option(
        help="Catalog id or path, or baseline / baseline_YEAR (the national baseline). "
        "Default: the catalog the profile names, else its only task table."
    ),
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

    with one_line_errors(db):
        checked = check_run(profile, db=db, run_id=run, catalog_id=catalog)
    cat, record, findings = checked.catalog, checked.run, checked.findings
    if as_json:
        payload = {
            "run_id": record.id,
            "catalog": cat.id,
            "kept": checked.kept,
            "counts": verdict_counts(findings),
            "findings": [{**asdict(f), "verdict": str(f.verdict)} for f in findings],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if checked.kept:
        # A later run has updated this run's documents: its stored findings stand as checked.
        print(f"抓取运行 #{record.id} 的数据已被之后的抓取更新，未重新核验：以下为已存储的核验结果")
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
    from zwgk.audit import stored_run
    from zwgk.output import check_output_folder, write_report

    with one_line_errors(db):
        check_output_folder(out)
        audited = stored_run(profile, db=db, run_id=run, catalog_id=catalog)
        paths = write_report(audited, out)
    print(f"核验依据：{audited.catalog.title}（{audited.catalog.id}）")
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
    from zwgk.audit import check_run, verdict_counts
    from zwgk.crawling import run_crawl
    from zwgk.output import check_output_folder, write_report
    from zwgk.progress import CrawlProgress

    with one_line_errors(db):
        # Every argument is checked before the crawl: a typo must not leave a recorded run.
        fetch = checked_fetch(fetch)
        check_output_folder(out)
        check_catalog(profile, catalog)
        with ExitStack() as stack:
            loaded = resolve_profile(profile, base_url, stack, fixtures)
            with CrawlProgress(console) as progress:
                summary = run_crawl(loaded, db=db, fetch=fetch, on_progress=progress.advance)
        print_summary(shown_summary(summary))
        checked = check_run(profile, db=db, run_id=summary.run_id, catalog_id=catalog)
        paths = write_report(checked, out)
    counts = verdict_counts(checked.findings)
    print(f"核验依据：{checked.catalog.title}（{checked.catalog.id}）")
    print("核验结果：" + "  ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"报告已生成：{paths.html.resolve()}")
    print(f"工作台账：{paths.xlsx.resolve()}")
    if summary.outcome == "failed":
        raise typer.Exit(1)


@app.command()
def nightly(
    profiles: Annotated[
        list[str] | None, typer.Argument(help="Profile ids (or paths) to run, in this order.")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Run every available profile.")] = False,
    db: DbOption = None,
    out: Annotated[
        Path, typer.Option(help="Reports folder: each portal's report goes to OUT/<profile>/.")
    ] = Path("reports"),
    fixtures: Annotated[
        bool, typer.Option("--fixtures", help="Crawl each portal's bundled fixture copy.")
    ] = False,
) -> None:
    """Crawl, check and report each portal in turn: one line a portal, for cron and systemd.

    Exit 0 when every portal was processed (gaps are a normal result), 1 when the tool failed
    for a portal (the others still run), 2 on a bad argument, 75 when another nightly holds
    the lock of the output folder or of the database."""
    from zwgk.nightly import EXIT_LOCKED, EXIT_TOOL_FAILED, NightlyLockedError, run_nightly

    with one_line_errors(db):
        try:
            results = run_nightly(
                profiles or [],
                every=every,
                db=db,
                out=out,
                fixtures=fixtures,
                on_result=lambda result: print(result.line(), flush=True),
            )
        except NightlyLockedError as exc:
            raise fail(str(exc), EXIT_LOCKED) from exc
    failed = [r.profile for r in results if r.error]
    print(f"nightly: {len(results) - len(failed)}/{len(results)} 个门户已处理", flush=True)
    if failed:
        raise fail(f"nightly: the tool failed for {', '.join(failed)}", EXIT_TOOL_FAILED)


def main() -> None:
    try:
        # Not standalone: a usage error comes back here, to be printed as one line (typer's
        # boxed panel spans five, and a cron mail or a log should be greppable).
        code = app(standalone_mode=False)
    except typer.Abort:
        print_error("aborted")
        sys.exit(1)
    except typer.TyperException as exc:
        sys.exit(usage_error(exc))
    except ZwgkError as exc:
        print_error(str(exc))
        sys.exit(2)
    except SQLAlchemyError as exc:
        from ground.store.db import describe_database_error

        print_error(describe_database_error(exc))
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def usage_error(exc: typer.TyperException) -> int:
    """Print a command-line usage error as one line naming the command; return its exit code."""
    ctx: typer.Context | None = getattr(exc, "ctx", None)
    message = exc.format_message()
    if type(exc).__name__ == "NoArgsIsHelpError":
        # `zwgk` or `zwgk fixtures` alone: the help is what was asked for, and typer's rich
        # help has already printed itself (the message is empty then).
        if message.strip():
            print(message, file=sys.stderr)
        return exc.exit_code
    where = f"{ctx.command_path}: " if ctx is not None else ""
    hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    print_error(f"{where}{message}{hint}")
    return exc.exit_code
