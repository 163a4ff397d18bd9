"""Politeness measured at the server: a counting server on 127.0.0.1 records when each request
arrives, how many are in flight and which User-Agent asked; real ``zwgk crawl`` runs against it.

Every crawl here sets ``ZWGK_POLITE_LOOPBACK`` (a portal on this machine is otherwise not held
back) except the negative control, which shows the same crawl unheld swamps the server. Timings
are asserted only as lower bounds (a request came no sooner than allowed) and counts as upper
bounds: a slow machine cannot make them fail. The crawls run side by side, each against its own
server, so the module takes about one crawl's time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from crawler.politeness import Limits, PortalGate, tool_version
from tests.conftest import ROOT

LIST_PATH = "/xxgk/zcwj/index.html"
CONTACT = "https://example.org/zwgk-contact"


def detail_path(n: int) -> str:
    return f"/xxgk/zcwj/202301/t20230105_{1000 + n}.html"


def list_page(details: int) -> bytes:
    rows = "".join(
        f'<li><a href=".{detail_path(n).removeprefix("/xxgk/zcwj")}">关于第{n}项工作的通知</a>'
        "<span>2023-01-05</span></li>"
        for n in range(details)
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政策文件</title></head><body>'
        f'<ul class="list">{rows}</ul>'
        '<script>createPageHTML(1, 0, "index", "html");</script></body></html>'
    ).encode()


def detail_page(path: str) -> bytes:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta name="ArticleTitle" content="关于{path[-9:-5]}号工作的通知">'
        '<meta name="PubDate" content="2023-01-05 09:00"></head><body>'
        '<div class="TRS_Editor"><p>现将有关事项通知如下。</p></div></body></html>'
    ).encode()


@dataclass
class Arrival:
    path: str
    at: float  # time.monotonic() when the request arrived
    agent: str
    status: int = 200


@dataclass
class CountingPortal:
    """A small TRS-shaped portal whose details answer after ``delay`` seconds. ``script`` makes
    the n-th detail request to arrive (from 0) answer (status, Retry-After or "")."""

    details: int
    delay: float = 0.0
    script: dict[int, tuple[int, str]] = field(default_factory=dict)
    arrivals: list[Arrival] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, agent: str) -> tuple[int, dict[str, str], bytes]:
        is_detail = path.startswith("/xxgk/zcwj/2023")
        with self.lock:
            arrival = Arrival(path, time.monotonic(), agent)
            if is_detail:
                arrival.status, retry_after = self.script.get(len(self.details_seen()), (200, ""))
            self.arrivals.append(arrival)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if path == LIST_PATH:
                return 200, {}, list_page(self.details)
            if not is_detail:
                return 404, {}, b"<h1>not found</h1>"
            time.sleep(self.delay)
            if arrival.status != 200:
                headers = {"Retry-After": retry_after} if retry_after else {}
                return arrival.status, headers, b"<h1>busy</h1>"
            return 200, {}, detail_page(path)
        finally:
            with self.lock:
                self.in_flight -= 1

    def details_seen(self) -> list[Arrival]:
        return [a for a in self.arrivals if a.path.startswith("/xxgk/zcwj/2023")]


@dataclass
class Crawled:
    portal: CountingPortal
    summary: dict[str, Any]


def serve(portal: CountingPortal) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            # in_flight counts until the body is written: the server's own view of the load.
            status, headers, body = portal.answer(self.path, self.headers.get("User-Agent", ""))
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write_profile(folder: Path, crawl: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hebei_ceshi.toml"
    path.write_text(
        'id = "hebei_ceshi"\nname = "测试县人民政府"\nbase_url = "http://www.ceshi.gov.cn/"\n'
        'cms = "trs"\n[[column]]\nid = "zcwj"\nname = "政策文件"\nrole = "政策文件"\n'
        f'url = "{LIST_PATH.lstrip("/")}"\n[crawl]\n{crawl}\n',
        encoding="utf-8",
    )
    return path


#: name: (portal, the profile's [crawl] lines, environment)
CRAWLS: dict[str, tuple[CountingPortal, str, dict[str, str]]] = {
    # The profile allows 2 in flight and 20/s; AutoThrottle aims at 2 too, so the cap is what binds.
    "busy": (
        CountingPortal(details=12, delay=0.3),
        "rate = 20.0\nconcurrency = 2",
        {"ZWGK_AUTOTHROTTLE_TARGET_CONCURRENCY": "2"},
    ),
    # Negative control: the same crawl of a portal on this machine, not held back.
    "unheld": (CountingPortal(details=12, delay=0.3), "rate = 20.0\nconcurrency = 2", {}),
    # A fast server: only the rate (4/s) holds the crawl back, until the page budget ends it.
    "fast": (
        CountingPortal(details=12),
        f'rate = 4.0\nconcurrency = 4\npage_budget = 10\ncontact = "{CONTACT}"',
        {},
    ),
    # A slow server (0.4 s an answer) under AutoThrottle's default target of 1 in flight.
    "slow": (CountingPortal(details=10, delay=0.4), "rate = 20.0\nconcurrency = 3", {}),
    # Less time than the crawl needs (about 12 s).
    "late": (
        CountingPortal(details=30, delay=0.4),
        "rate = 20.0\nconcurrency = 1",
        {"ZWGK_TIME_BUDGET_SECONDS": "2"},
    ),
    # One at a time: the second detail gets a 429 asking for 1 s, the next two a bare 503
    # (backoff from 0.3 s, doubling while the throttling goes on).
    "throttled": (
        CountingPortal(details=4, script={1: (429, "1"), 2: (503, ""), 3: (503, "")}),
        "rate = 20.0\nconcurrency = 1",
        {"ZWGK_BACKOFF_BASE": "0.3"},
    ),
    # Asked to come back in an hour while backing off at most 2 s: the crawl gives up.
    "refused": (
        CountingPortal(details=4, script={0: (429, "3600")}),
        "rate = 20.0\nconcurrency = 1",
        {"ZWGK_BACKOFF_MAX": "2"},
    ),
}


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Crawled]]:
    """Every crawl of ``CRAWLS``, run side by side (one ``zwgk crawl`` process each)."""
    root = tmp_path_factory.mktemp("politeness")
    servers, running = [], {}
    for name, (portal, crawl, env) in CRAWLS.items():
        server = serve(portal)
        servers.append(server)
        profile = write_profile(root / name, crawl)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        db = f"sqlite:///{root / name / 'crawl.sqlite3'}"
        held = {} if name == "unheld" else {"ZWGK_POLITE_LOOPBACK": "1"}
        command = [sys.executable, "-m", "zwgk", "crawl", str(profile), "--json"]
        running[name] = subprocess.Popen(
            [*command, "--base-url", base, "--db", db],
            cwd=ROOT,
            env={**os.environ, **held, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    try:
        for name, process in running.items():
            # Generous: eight Scrapy start-ups share two cores with whatever else runs.
            stdout, stderr = process.communicate(timeout=300)
            try:
                summary = json.loads(stdout)
            except json.JSONDecodeError:
                pytest.fail(f"crawl {name!r}: no JSON (exit {process.returncode})\n{stderr}")
            results[name] = Crawled(CRAWLS[name][0], summary)
        yield results
    finally:
        for process in running.values():
            if process.poll() is None:
                process.kill()
            process.communicate()
        for server in servers:
            server.shutdown()
            server.server_close()


def test_the_server_never_sees_more_requests_in_flight_than_the_profile_allows(crawls):
    busy = crawls["busy"]
    assert busy.summary["outcome"] == "succeeded", busy.summary
    assert len(busy.portal.details_seen()) == 12
    assert busy.portal.max_in_flight == 2  # reached, never exceeded


def test_an_unheld_crawl_of_the_same_portal_exceeds_the_limit(crawls):
    # Negative control: without the gate (a portal on this machine) the limit would not hold.
    assert crawls["unheld"].portal.max_in_flight > 2


def test_requests_start_no_faster_than_the_profile_rate(crawls):
    arrivals = crawls["fast"].portal.arrivals
    assert len(arrivals) >= 10
    # 4 requests a second over the crawl, and over any five arrivals in a row: one gap alone may
    # look shorter at the server (a request leaves late, the next on time), never a run of them.
    assert (len(arrivals) - 1) / (arrivals[-1].at - arrivals[0].at) <= 4.0 * 1.02
    spans = [b.at - a.at for a, b in zip(arrivals, arrivals[4:], strict=False)]
    assert min(spans) >= 0.9 * 1.0  # four intervals of 0.25 s


def test_every_request_names_the_tool_its_version_and_the_profile_contact(crawls):
    agents = {a.agent for a in crawls["fast"].portal.arrivals}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("Mozilla/5.0 ")  # WAFs that refuse non-browser agents let it pass
    assert agent.endswith(f" zwgk-audit/{tool_version()} (+{CONTACT})")


def test_the_page_budget_ends_the_crawl_and_the_run_says_so(crawls):
    fast = crawls["fast"]
    assert fast.summary["outcome"] == "partial", fast.summary
    assert fast.summary["errors"] == ["抓取提前结束：已达页面预算（10 页）"]
    # Requests still queued when the budget is reached are never sent.
    assert len(fast.portal.arrivals) < 14  # robots.txt, the list and 12 details


def test_a_slow_server_gets_requests_spaced_by_its_answer_time(crawls):
    details = crawls["slow"].portal.details_seen()
    assert len(details) == 10
    # AutoThrottle moves half way to the 0.4 s latency at each answer: from the fifth detail on,
    # requests start 0.3 s apart or more, where 3 in flight would start one every 0.13 s.
    later = details[4:]
    assert (later[-1].at - later[0].at) / (len(later) - 1) >= 0.3


def test_the_time_budget_ends_the_crawl_and_the_run_says_so(crawls):
    late = crawls["late"]
    assert late.summary["outcome"] == "partial", late.summary
    # Requests waiting at the gate when time ran out are dropped, not recorded as failed fetches.
    assert late.summary["errors"] == ["抓取提前结束：已达时间预算（2 秒）"]
    assert len(late.portal.details_seen()) < 30


def test_retry_after_is_waited_out_before_the_next_request(crawls):
    arrivals = crawls["throttled"].portal.details_seen()
    assert arrivals[1].status == 429
    assert arrivals[2].at - arrivals[1].at >= 0.95


def test_503_without_retry_after_backs_off_exponentially(crawls):
    arrivals = crawls["throttled"].portal.details_seen()
    assert [a.status for a in arrivals[2:4]] == [503, 503]
    # The second and third throttled answers in a row (after the 429): 0.3 s doubled, twice.
    assert arrivals[3].at - arrivals[2].at >= 0.9 * 0.6
    assert arrivals[4].at - arrivals[3].at >= 0.9 * 1.2


def test_throttled_requests_are_retried_and_stored(crawls):
    throttled = crawls["throttled"]
    assert throttled.summary["outcome"] == "succeeded", throttled.summary
    assert throttled.summary["documents_seen"] == 4


def test_a_retry_after_beyond_the_backoff_cap_ends_the_crawl_and_says_why(crawls):
    refused = crawls["refused"]
    assert refused.summary["outcome"] == "partial", refused.summary
    assert (
        "抓取提前结束：站点要求暂停 3600 秒（HTTP 429，Retry-After），超过上限 2 秒"
        in (refused.summary["errors"])
    )
    # It did not come back early: the refused page was asked for once.
    refused_path = refused.portal.details_seen()[0].path
    assert [a.path for a in refused.portal.arrivals].count(refused_path) == 1


# --- AutoThrottle's rule, on the gate alone (no server: latencies are given) ---


def gate(rate: float = 2.0) -> PortalGate:
    return PortalGate(
        Limits(
            rate=rate,
            concurrency=2,
            throttle_target=1.0,
            throttle_max=60.0,
            backoff_base=5.0,
            backoff_max=600.0,
            give_up_after=8,
        )
    )


def test_autothrottle_never_spaces_requests_closer_than_the_rate():
    fast = gate(rate=2.0)
    for _ in range(10):
        fast.learn(0.01, ok=True)
    assert fast.interval == 0.5


def test_autothrottle_spaces_requests_by_a_slow_servers_latency():
    slow = gate(rate=2.0)
    for _ in range(10):
        slow.learn(4.0, ok=True)
    assert 3.9 < slow.interval <= 4.0


def test_a_fast_error_answer_never_shortens_the_interval():
    slow = gate()
    slow.learn(4.0, ok=True)
    before = slow.interval
    slow.learn(0.01, ok=False)
    assert slow.interval == before


def test_autothrottle_spacing_is_capped():
    stuck = gate()
    for _ in range(20):
        stuck.learn(1000.0, ok=True)
    assert stuck.interval == 60.0
