"""A throwaway PostgreSQL server for tests: initdb in a temp folder, pg_ctl start on a free port
of 127.0.0.1, stopped and removed on exit.

initdb and pg_ctl refuse to run as root, so as root they run as the ``postgres`` user (which
Debian's ``postgresql`` package creates) in a folder that user owns.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

# Debian installs the server binaries per major version, outside PATH.
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
INSTALL_HINT = "apt-get install -y postgresql"
SERVER_USER = "postgres"


def pg_bin() -> Path:
    """The folder with initdb and pg_ctl (ZWGK_PG_BIN, else Debian's newest); a missing server
    fails the test with the paths tried and the install command."""
    if configured := os.environ.get("ZWGK_PG_BIN"):
        candidates = [Path(configured)]
    else:
        candidates = sorted(
            Path("/").glob(PG_BIN_GLOB.lstrip("/")),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
            reverse=True,
        )
    for folder in candidates:
        if (folder / "pg_ctl").is_file() and (folder / "initdb").is_file():
            return folder
    tried = f"{configured or PG_BIN_GLOB}/pg_ctl"
    pytest.fail(
        f"PostgreSQL server binaries not found at {tried} "
        f"(set ZWGK_PG_BIN, or install them: {INSTALL_HINT})",
        pytrace=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *args] if os.geteuid() == 0 else args


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        as_server_user(args), capture_output=True, text=True, timeout=120, check=False
    )


def admin_url(url: str, database: str = "postgres") -> str:
    return url.rsplit("/", 1)[0] + f"/{database}"


def create_database(url: str, name: str, template: str | None = None) -> str:
    """CREATE DATABASE ``name`` on the server of ``url`` (a copy of ``template`` if given; it
    must have no open connections) and return its URL."""
    sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]
    return admin_url(url, name)


@contextmanager
def postgres_server(database: str = "zwgk") -> Iterator[str]:
    """Start a real PostgreSQL server; yield ``postgresql://postgres@127.0.0.1:PORT/<database>``
    (database created, trust authentication); stop it (``-m fast``) and delete it on exit."""
    bin_dir = pg_bin()
    root = Path(tempfile.mkdtemp(prefix="zwgk-pg-"))  # short: the socket path must fit 107 B
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, SERVER_USER, SERVER_USER)
    started = False
    try:
        init = run(
            [
                str(bin_dir / "initdb"),
                *("-D", str(data), "-U", SERVER_USER, "-A", "trust", "-E", "UTF8"),
                *("--locale=C.UTF-8", "--no-sync"),
            ]
        )
        if init.returncode != 0:
            pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}", pytrace=False)
        for _attempt in range(3):  # another process may take the free port before we bind it
            port = free_port()
            options = f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off"
            start = run(
                [
                    *(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log)),
                    *("-o", options, "-w", "-t", "60", "start"),
                ]
            )
            started = start.returncode == 0
            if started:
                break
            server_log = log.read_text(errors="replace") if log.exists() else ""
            if "could not bind" not in server_log and "could not create" not in server_log:
                break
        if not started:
            pytest.fail(
                f"pg_ctl start failed:\n{start.stdout}\n{start.stderr}\nserver log:\n{server_log}",
                pytrace=False,
            )
        url = create_database(f"postgresql://{SERVER_USER}@127.0.0.1:{port}/postgres", database)
        yield url
    finally:
        stopped = True
        if started or (data / "postmaster.pid").exists():  # also a server that came up late
            stop = run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
            stopped = stop.returncode == 0
            if not stopped:  # keep the folder of a server still running, for a post-mortem
                print(f"pg_ctl stop failed, server left in {root}:\n{stop.stdout}{stop.stderr}")
        if stopped:
            shutil.rmtree(root, ignore_errors=True)
