"""Every bad argument ends in one line naming the input, a non-zero exit, and nothing recorded.

The command line runs in this process (``zwgk.cli.main`` with its own argv): each of these is
refused before a crawl could start, so no reactor is involved, and a run recorded anyway would
show up in the database the test reads afterwards.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from zwgk.cli import main

SITE = "shandong_guanxian"
SECRET = "s3cr3t-pw"


def zwgk(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run ``zwgk ARGS`` in this process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["zwgk", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    print(out, err)  # shown by pytest when the test fails
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def runs_recorded(db_file: Path) -> int:
    if not db_file.exists():
        return 0
    with sqlite3.connect(db_file) as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master")}
        return conn.execute("select count(*) from crawl_run").fetchone()[0] if tables else 0


def bad_toml(tmp: Path) -> str:
    path = tmp / "shandong_broken.toml"
    path.write_text('id = "shandong_broken"\nname = [\n', encoding="utf-8")
    return str(path)


def a_file(tmp: Path) -> str:
    path = tmp / "report.html"
    path.write_text("not a folder", encoding="utf-8")
    return str(path)


# (arguments after the command, given the temp folder) -> what the one line must name
BAD_ARGUMENTS = {
    "crawl --fetch": (lambda t: ["crawl", SITE, "--fetch", "bogus"], "--fetch 'bogus'"),
    "crawl --base-url": (lambda t: ["crawl", SITE, "--base-url", "notaurl"], "'notaurl'"),
    "crawl malformed profile": (lambda t: ["crawl", bad_toml(t)], "shandong_broken.toml"),
    "crawl unknown profile": (lambda t: ["crawl", "henan_nowhere"], "henan_nowhere"),
    "audit --fetch": (lambda t: ["audit", SITE, "--fetch", "bogus"], "--fetch 'bogus'"),
    "audit --base-url": (lambda t: ["audit", SITE, "--base-url", "ftp://x/"], "'ftp://x/'"),
    "audit --out a file": (lambda t: ["audit", SITE, "--out", a_file(t)], "report.html"),
    "audit --out under a file": (
        lambda t: ["audit", SITE, "--out", a_file(t) + "/sub"],
        "report.html",
    ),
    "audit --catalog unknown": (lambda t: ["audit", SITE, "--catalog", "nosuch"], "nosuch"),
    "check --run of no run": (lambda t: ["check", SITE, "--run", "999"], "#999"),
    "check --run not a number": (lambda t: ["check", SITE, "--run", "abc"], "--run"),
    "check unknown catalog": (lambda t: ["check", SITE, "--catalog", "nosuch"], "nosuch"),
    "report --out a file": (lambda t: ["report", SITE, "--out", a_file(t)], "report.html"),
    "report --run of no run": (lambda t: ["report", SITE, "--run", "7"], "#7"),
    "nightly unknown profile": (lambda t: ["nightly", SITE, "henan_nowhere"], "henan_nowhere"),
    "nightly --out a file": (lambda t: ["nightly", SITE, "--out", a_file(t)], "report.html"),
    "nightly without profiles": (lambda t: ["nightly"], "--all"),
    "nightly profiles and --all": (lambda t: ["nightly", SITE, "--all"], "--all"),
    "unknown option": (lambda t: ["crawl", SITE, "--fetsh", "api"], "--fetsh"),
}
# Typer's own usage errors (an option it does not know, a value of the wrong type) exit 2 as
# click does; every refusal of ours does too.


@pytest.mark.parametrize("case", BAD_ARGUMENTS, ids=list(BAD_ARGUMENTS))
def test_bad_argument_ends_in_one_line_naming_it_and_records_no_run(
    monkeypatch, capsys, tmp_path, case
):
    arguments, named = BAD_ARGUMENTS[case]
    db_file = tmp_path / "zwgk.sqlite3"
    args = arguments(tmp_path)
    db = [] if args[0] == "nightly" and "--all" in args else ["--db", f"sqlite:///{db_file}"]
    code, out, err = zwgk(monkeypatch, capsys, *args, *db)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert named in err
    assert "Traceback" not in err + out
    assert runs_recorded(db_file) == 0


def test_unusable_database_url_is_named_with_its_password_hidden(monkeypatch, capsys):
    # Nothing listens on port 1: the driver's refusal is reported, the password is not.
    url = f"postgresql://audit:{SECRET}@127.0.0.1:1/zwgk"
    code, out, err = zwgk(monkeypatch, capsys, "check", SITE, "--db", url)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "postgresql://audit:***@127.0.0.1:1/zwgk" in err
    assert SECRET not in out + err


def test_unparsable_database_url_is_named_with_its_password_hidden(monkeypatch, capsys):
    url = f"postgresql://audit:{SECRET}@db.example:port/zwgk"
    code, _, err = zwgk(monkeypatch, capsys, "crawl", SITE, "--db", url)
    assert code == 2
    assert "postgresql://audit:***@db.example:port/zwgk" in err
    assert SECRET not in err


def test_a_command_alone_shows_its_help_not_an_error(monkeypatch, capsys):
    code, out, err = zwgk(monkeypatch, capsys, "fixtures")
    assert "serve" in out + err
    assert "错误" not in out + err
    assert code == 2
