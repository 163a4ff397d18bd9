"""Serve a saved fixture portal on 127.0.0.1 exactly as the portal sent it.

Each page's recorded headers come from ``_headers.toml`` (see docs/fixtures.md), so a GBK page
arrives with the charset the real portal declared, and scripted answers (404, 503, redirects,
saved POST responses of a Hanweb ``dataproxy.jsp``) behave as on the live site.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import threading
import tomllib
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ground.errors import FixtureError

FIXTURE_ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "html"
EXTRA_TYPES = {
    ".shtml": "text/html",
    ".js": "application/javascript",
    ".json": "application/json",
    ".xml": "text/xml",
    ".wps": "application/vnd.ms-works",
    ".ofd": "application/ofd",
}


@dataclass(frozen=True, slots=True)
class Route:
    path: str
    method: str = "GET"
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    # Fields of a JSON body (TRS search API), by dotted path ("customFilter.properties.0.value")
    json: dict[str, str] = field(default_factory=dict)
    file: str = ""
    status: int = 200
    content_type: str = ""
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def matches(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        form: dict[str, str],
        body: bytes = b"",
    ) -> bool:
        return (
            self.method == method
            and self.path == path
            and all(query.get(k) == v for k, v in self.query.items())
            and all(form.get(k) == v for k, v in self.form.items())
            and all(json_field(body, k) == v for k, v in self.json.items())
        )


def json_field(body: bytes, path: str) -> str | None:
    """The text of a posted JSON body's field at a dotted path (list items by index), or None.

    >>> json_field(b'{"a": {"b": [{"c": 7}]}}', "a.b.0.c"), json_field(b"x=1", "x")
    ('7', None)
    """
    try:
        value: Any = json.loads(body)
    except ValueError:
        return None
    for key in path.split("."):
        if isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@dataclass(slots=True)
class FixtureSite:
    root: Path
    default_html_type: str
    routes: list[Route]

    @classmethod
    def load(cls, site: str | Path) -> FixtureSite:
        root = Path(site) if Path(site).is_dir() else FIXTURE_ROOT / str(site)
        if not root.is_dir():
            known = ", ".join(sorted(p.name for p in FIXTURE_ROOT.iterdir() if p.is_dir()))
            raise FixtureError(f"{root}: no such fixture site (bundled: {known})")
        headers_file = root / "_headers.toml"
        data: dict[str, Any] = {}
        if headers_file.is_file():
            try:
                data = tomllib.loads(headers_file.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise FixtureError(f"{headers_file}: not valid TOML: {exc}") from exc
        default = data.get("default", {}).get("content_type", "text/html; charset=utf-8")
        routes = []
        for i, raw in enumerate(data.get("route", [])):
            try:
                route = Route(**raw)
            except TypeError as exc:
                raise FixtureError(f"{headers_file}: route[{i}] {raw!r}: {exc}") from exc
            if not route.path.startswith("/"):
                raise FixtureError(
                    f"{headers_file}: route[{i}].path {route.path!r}: must start with /"
                )
            routes.append(route)
        return cls(root=root, default_html_type=default, routes=routes)

    def answer(self, method: str, raw_path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        route = next((r for r in self.routes if r.matches(method, path, query, form, body)), None)
        if route is None and method not in {"GET", "HEAD"}:
            return 405, {"Content-Type": "text/plain"}, b"method not allowed"
        if route is not None and route.location:
            return route.status, {"Location": route.location, **route.headers}, b""
        if route is not None and route.file:
            # A route's own file may live in a private folder (_post/, _api/): saved answers.
            file = self._file(route.file, private_ok=True)
        else:
            file = self._file(path)
        status = route.status if route else 200
        if file is None:
            if status == 200:
                return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>404 Not Found</h1>"
            return status, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>error</h1>"
        content_type = (route.content_type if route else "") or self._type_for(file)
        payload = file.read_bytes()
        # Validators as nginx sends them for static pages: a second crawl may ask conditionally.
        validators = {
            "ETag": f'"{hashlib.sha256(payload).hexdigest()[:16]}"',
            "Last-Modified": formatdate(file.stat().st_mtime, usegmt=True),
        }
        return (
            status,
            {"Content-Type": content_type, **validators, **(route.headers if route else {})},
            payload,
        )

    def _file(self, path: str, *, private_ok: bool = False) -> Path | None:
        relative = path.lstrip("/")
        parts = Path(relative).parts
        if ".." in parts or (not private_ok and any(p.startswith("_") for p in parts)):
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root.resolve()):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _type_for(self, file: Path) -> str:
        if file.suffix in {".html", ".htm", ".shtml"}:
            return self.default_html_type
        guessed = EXTRA_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
        return guessed or "application/octet-stream"


def _handler_for(site: FixtureSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; without TCP_NODELAY each keep-alive response
        # waits on the client's delayed ACK (~40 ms), capping a crawl at a few dozen pages/s.
        disable_nagle_algorithm = True

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, payload = site.answer(method, self.path, body)
            etag = headers.get("ETag")
            if status == 200 and etag and self.headers.get("If-None-Match") == etag:
                status, headers, payload = 304, {"ETag": etag}, b""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if method != "HEAD" and status != 304:
                self.wfile.write(payload)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_HEAD(self) -> None:
            self._serve("HEAD")

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the crawl records every fetch itself

    return Handler


@contextmanager
def serve_fixture(site: str | Path, port: int = 0) -> Iterator[str]:
    """Serve a fixture site in a daemon thread; yields its base URL (``http://127.0.0.1:P/``)."""
    loaded = FixtureSite.load(site)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(loaded))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def fixture_port(site: str) -> int:
    """A port of its own per fixture site, the same every run: stored URLs (and so documents)
    stay the same when the same database is crawled again.

    >>> fixture_port("shandong_guanxian") == fixture_port("shandong_guanxian")
    True
    """
    return 18000 + zlib.crc32(site.encode()) % 1000


@contextmanager
def serve_fixture_stably(site: str) -> Iterator[str]:
    try:
        server = serve_fixture(site, port=fixture_port(site))
        base = server.__enter__()
    except OSError:  # the port is taken: any free port still serves the crawl
        server = serve_fixture(site)
        base = server.__enter__()
    try:
        yield base
    finally:
        server.__exit__(None, None, None)
