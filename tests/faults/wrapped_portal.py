"""A bundled fixture portal served on 127.0.0.1 with faults laid over it: every answer held
back ``delay`` seconds, and some paths answering an HTTP error instead of their page.

The fixture's own answers (headers, GBK pages, scripted routes) are ``FixtureSite.answer``'s;
only what is laid over them differs, so a test changes one thing of a known portal.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from zwgk.fixture_server import FixtureSite


class WrappedPortal:
    def __init__(self, site: str, failing: dict[str, int] | None = None) -> None:
        self.site = FixtureSite.load(site)
        self.delay = 0.0  # may be changed while serving (lifted after a kill)
        self.failing = dict(failing or {})  # URL path → HTTP status answered instead

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        time.sleep(self.delay)
        status = self.failing.get(path.split("?", 1)[0])
        if status is not None:
            return status, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>error</h1>"
        return self.site.answer("GET", path, b"")

    def handler(self) -> type[BaseHTTPRequestHandler]:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                status, headers, body = portal.answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the crawl records every fetch itself

        return Handler


@contextmanager
def serve_wrapped(portal: WrappedPortal) -> Iterator[str]:
    """Serve ``portal`` in a daemon thread; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), portal.handler())
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
