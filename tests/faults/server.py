"""A portal that misbehaves on purpose, served on 127.0.0.1 for crawl tests.

Each path answers as scripted: a page with a lying charset, a WAF's HTTP 200 block page, a
521 or 412 challenge, a 503 or 429, a 302 on the portal or off it, a redirect loop, a
robots.txt, a slow answer. Unscripted paths answer 404 (robots.txt included, as on most
portals). Like scrapy's ``tests/mockserver``, every behaviour is a small named value::

    routes = {
        "/list.html": html("<ul><li><a href='/a.html'>…</a> 2024-01-02</li></ul>"),
        "/a.html": blocked("safedog.html"),
        "/b.html": redirect("/b2.html"),
    }
    with serve(routes) as portal:
        portal.url("/list.html"), portal.hits["/a.html"]

Block pages come from ``tests/data/blocked/`` with the status and headers their
``_answers.toml`` records.
"""

from __future__ import annotations

import threading
import time
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BLOCKED = Path(__file__).resolve().parent.parent / "data" / "blocked"
UTF8_HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Answer:
    """What one path answers: status, headers (repeatable, e.g. Set-Cookie), raw body."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", UTF8_HTML),)
    body: bytes = b""
    delay: float = 0.0  # seconds to wait before answering: a slow portal


def html(
    text: str,
    *,
    encoding: str = "utf-8",
    content_type: str = UTF8_HTML,
    status: int = 200,
) -> Answer:
    """A page encoded in ``encoding`` and sent with ``content_type``: the two may disagree,
    which is the point of a lying-charset route."""
    return Answer(status, (("Content-Type", content_type),), text.encode(encoding))


def redirect(location: str, status: int = 302) -> Answer:
    """A redirect; ``location`` may be a path (on the portal) or an absolute URL (off it)."""
    return Answer(status, (("Location", location), ("Content-Type", UTF8_HTML)), b"")


def blocked(file: str, status: int | None = None) -> Answer:
    """A saved block or challenge answer, with the status and headers its table records (the
    first entry for ``file``, or the one with ``status``)."""
    table: list[dict[str, Any]] = tomllib.loads(
        (BLOCKED / "_answers.toml").read_text(encoding="utf-8")
    )["answer"]
    for entry in table:
        if entry["file"] == file and status in (None, entry["status"]):
            headers = tuple((name, value) for name, value in entry["headers"])
            return Answer(entry["status"], headers, (BLOCKED / file).read_bytes())
    raise KeyError(f"{file} (status {status}) is not in {BLOCKED / '_answers.toml'}")


def robots(text: str) -> Answer:
    return Answer(200, (("Content-Type", "text/plain"),), text.encode("utf-8"))


def slow(answer: Answer, seconds: float) -> Answer:
    return replace(answer, delay=seconds)


@dataclass
class FaultServer:
    base: str  # "http://127.0.0.1:<port>/"
    routes: Mapping[str, Answer]
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base.rstrip("/") + path

    def answer(self, raw_path: str) -> Answer:
        parts = urlsplit(raw_path)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        with self.lock:
            self.hits[path] += 1
        return self.routes.get(path) or Answer(404, body=b"<h1>404 Not Found</h1>")


def _handler_for(server: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            answer = server.answer(self.path)
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except ConnectionError:
                pass  # the crawler gave up on a slow answer: that is what was scripted

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a slow answer still sleeping must not hold the test's end


@contextmanager
def serve(routes: Mapping[str, Answer]) -> Iterator[FaultServer]:
    """Serve ``routes`` on 127.0.0.1 (a free port) for the duration of the block."""
    portal = FaultServer(base="", routes=routes)
    httpd = _Server(("127.0.0.1", 0), _handler_for(portal))
    portal.base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
