"""The rows of the fault table (issue 11) that other fault tests show only in the database,
shown where the office reads them: the rendered report.

Each portal here is scripted on 127.0.0.1 (``tests/faults/server.py``), crawled for real in a
child process with fail-fast settings (``tests/faults/crawl.py``: the bound on time), checked
against 冠县's own task table and rendered as the office gets it. Each test asserts the three
things the issue asks of a fault: no false 不符合, the reason in the report (its banner or the
finding's message), and an end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from checks.findings import Verdict
from reports.vocabulary import LABELS
from tests.conftest import ROOT, run_zwgk
from tests.faults.conftest import Crawled, crawl_portal
from tests.faults.crawl import crawl
from tests.faults.portal import BLOCKED_DETAILS, FAILING_DETAILS, routes, write_profile
from tests.faults.server import Answer, html, robots, serve
from tests.faults.test_kill import ABSENCE_CHECKS, documents, killed_crawl
from tests.faults.wrapped_portal import WrappedPortal, serve_wrapped
from zwgk.audit import check_run, render

CATALOG = "shandong_guanxian_2023"
FAIL, UNVERIFIED = Verdict.FAIL.value, Verdict.UNVERIFIED.value


@dataclass(frozen=True)
class Report:
    """A rendered report: its findings.json and its HTML page."""

    data: dict[str, Any]
    page: lxml.html.HtmlElement

    def banner(self) -> str:
        found = self.page.xpath("//*[@id='run-banner']")
        return " ".join(found[0].text_content().split()) if found else ""

    def shown(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(check, subject path) → (verdict, message) of every finding the HTML lists."""
        shown = {}
        for item in self.page.xpath("//li[@data-verdict][@data-subject]"):
            message = item.xpath(".//p[@class='message']")
            text = " ".join(message[0].text_content().split()) if message else ""
            key = (item.get("data-check"), path_of(item.get("data-subject")))
            shown[key] = (item.get("data-verdict"), text)
        return shown

    def failed(self) -> set[tuple[str, str]]:
        return {
            (f["check"], path_of(f["subject"]))
            for f in self.data["findings"]
            if f["verdict"] == FAIL
        }


def path_of(subject: str) -> str:
    return subject if subject.startswith(("row:", "column:")) else urlsplit(subject).path


def report_of(crawled: Crawled, out: Path) -> Report:
    """Check the crawl's run against 冠县's table and render the report into ``out``."""
    audited = check_run(
        str(crawled.profile), db=f"sqlite:///{crawled.db}", run_id=None, catalog_id=CATALOG
    )
    try:
        paths = render(audited, out)
    finally:
        audited.engine.dispose()
    data = json.loads(paths.json.read_text(encoding="utf-8"))
    return Report(data, lxml.html.document_fromstring(paths.html.read_text(encoding="utf-8")))


# --- WAF pages, failures, redirects: the scripted portal of test_portal_answers -------------


@pytest.fixture(scope="module")
def faulty_report(faulty: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return report_of(faulty, tmp_path_factory.mktemp("faulty_report"))


def test_report_of_a_crawl_with_blocked_pages_carries_a_banner(faulty_report: Report) -> None:
    banner = faulty_report.banner()
    assert banner
    assert faulty_report.data["run"]["outcome_label"] != "成功"
    assert "访问受阻：云锁 WAF 拦截页（HTTP 200）" in banner  # the column whose list was blocked


@pytest.mark.parametrize("path", sorted([*BLOCKED_DETAILS, *FAILING_DETAILS]))
def test_report_says_why_each_unseen_page_is_未能核验(faulty_report: Report, path: str) -> None:
    """A WAF page, a challenge, a 503/429, a timeout, a redirect loop, a redirect off the
    portal, a page robots.txt forbids: the report shows its 解读 as 未能核验, saying why."""
    verdict, message = faulty_report.shown()[("interpretation_published", path)]
    assert verdict == UNVERIFIED
    reason = FAILING_DETAILS.get(path, "访问受阻：")
    assert reason in message, message


def test_report_shows_no_不符合_about_a_page_the_crawl_did_not_see(faulty_report: Report) -> None:
    unseen = {*BLOCKED_DETAILS, *FAILING_DETAILS}
    failed = faulty_report.failed()
    assert {s for _, s in failed} & unseen == set()
    # Negative control: the real pages without a 解读 are still reported as gaps.
    assert ("interpretation_published", "/gfxwj/ok2.html") in failed
    assert ("interpretation_published", "/gfxwj/2023/moved_nojd.html") in failed


def test_every_check_judging_a_seen_document_leaves_a_redirect_loop_未能核验(
    faulty_report: Report,
) -> None:
    """The loop's document does not vanish from any check that judges its seen neighbour."""
    shown = faulty_report.shown()
    judging = {check for check, subject in shown if subject == "/gfxwj/ok2.html"}
    assert "interpretation_published" in judging
    on_loop = {check: shown.get((check, "/gfxwj/loop.html")) for check in judging}
    assert {c: v and v[0] for c, v in on_loop.items()} == dict.fromkeys(judging, UNVERIFIED)
    assert all("重定向循环" in v[1] for v in on_loop.values() if v)


@pytest.fixture(scope="module")
def wholly_blocked_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    crawled = crawl_portal(tmp_path_factory.mktemp("wholly_blocked"), blocked_lists=True)
    return report_of(crawled, tmp_path_factory.mktemp("wholly_blocked_report"))


def test_report_of_a_portal_blocking_every_list_says_so_and_finds_no_gap(
    wholly_blocked_report: Report,
) -> None:
    banner = wholly_blocked_report.banner()
    for reason in (
        "访问受阻：安全狗 WAF 拦截页（HTTP 200）",
        "访问受阻：创宇盾 WAF 拦截页（HTTP 200）",
        "访问受阻：加速乐 JS 挑战页（HTTP 521）",
        "访问受阻：瑞数 JS 挑战页（HTTP 412）",
    ):
        assert reason in banner, banner
    assert wholly_blocked_report.data["findings"]
    assert wholly_blocked_report.failed() == set()


# --- robots.txt Disallow: / -----------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    crawled: Crawled
    report: Report


def crawl_and_report(
    folder: Path, served: dict[str, Answer], profile: Callable[[Path, str], Path] = write_profile
) -> Served:
    """Serve ``served``, crawl it with the profile ``profile(folder, base URL)`` writes (the
    scripted portal's by default), check the run and render its report."""
    with serve(served) as portal:
        path = profile(folder, portal.base)
        summary = crawl(path, folder / "crawl.sqlite3")
        crawled = Crawled(path, folder / "crawl.sqlite3", summary, portal.hits.copy(), 0.0)
    return Served(crawled, report_of(crawled, folder / "report"))


@pytest.fixture(scope="module")
def disallowed(tmp_path_factory: pytest.TempPathFactory) -> Served:
    """The scripted portal whose robots.txt forbids everything."""
    served = {**routes(), "/robots.txt": robots("User-agent: *\nDisallow: /\n")}
    return crawl_and_report(tmp_path_factory.mktemp("disallowed"), served)


def test_portal_whose_robots_txt_forbids_everything_is_not_crawled(disallowed: Served) -> None:
    assert set(disallowed.crawled.hits) == {"/robots.txt"}
    assert disallowed.crawled.summary["outcome"] == "failed"


def test_report_of_a_portal_forbidding_everything_says_why_and_finds_no_gap(
    disallowed: Served,
) -> None:
    banner = disallowed.report.banner()
    assert banner.count("robots.txt 禁止抓取") >= 4, banner  # each column, named
    assert disallowed.report.failed() == set()


# --- lying charsets and an unclosed <table>, through a real crawl ---------------------------

# Path → (title, 文号): 规范性文件 whose every other field is in order, so that a misread page
# is the only way to a 不符合. Each has a 解读 that names it only in text (its 《title》 and
# 文号, no link): the pair exists only if the document was decoded right.
PAGES = {
    "/gfxwj/gbk_utf8_header.html": ("冠县人民政府关于印发冠县城乡供水管理办法的通知", 11),
    "/gfxwj/gbk_latin1_header.html": ("冠县人民政府关于印发冠县殡葬管理实施办法的通知", 12),
    "/gfxwj/utf8_gbk_meta.html": ("冠县人民政府关于印发冠县农村公路养护管理办法的通知", 13),
    "/gfxwj/unclosed_table.html": ("冠县人民政府关于印发冠县城区停车管理办法的通知", 14),
    # Negative controls: the same unclosed table without the window; a page without a 解读.
    "/gfxwj/unclosed_no_window.html": ("冠县人民政府关于印发冠县河道管理办法的通知", 15),
    "/gfxwj/no_interpretation.html": ("冠县人民政府关于印发冠县养犬管理办法的通知", 16),
}
CHARSET_PAGES = ("/gfxwj/gbk_utf8_header.html", "/gfxwj/gbk_latin1_header.html")
CHARSET_PAGES += ("/gfxwj/utf8_gbk_meta.html",)
WINDOW = (
    '<div class="zczx"><span>政策咨询、建议与评价</span>'
    '<a href="/hdjl/zczx/index.html">我要咨询</a></div>'
)
# A table of the article never closed: the window after it must not end up inside it.
UNCLOSED = "<table><tr><td>序号</td><td>事项</td></tr><tr><td>1</td><td>停车收费</td></tr>"


def number(path: str) -> str:
    return f"冠政发〔2023〕{PAGES[path][1]}号"


def name_of(path: str) -> str:
    """冠县城乡供水管理办法: the title without 关于印发…的通知, as a 解读 quotes it."""
    return PAGES[path][0].split("关于印发")[1].removesuffix("的通知")


def regulation(path: str, *, meta: str = "utf-8", article: str = "", window: str = WINDOW) -> str:
    title = PAGES[path][0]
    return f"""<!DOCTYPE html><html><head>{meta and f'<meta charset="{meta}">'}
<title>{title}_冠县人民政府</title></head><body><div class="main">
<table class="xxgk"><tr><td>发文字号：</td><td>{number(path)}</td><td>成文日期：</td>
<td>2023-03-08</td></tr><tr><td>发布机构：</td><td>冠县人民政府</td><td>发布日期：</td>
<td>2023-03-10</td></tr><tr><td>有效性：</td><td>有效</td></tr></table>
<h1>{title}</h1><div class="TRS_Editor"><p>各乡镇人民政府、街道办事处，县政府各部门：</p>
<p>现将《{name_of(path)}》印发给你们，请认真贯彻执行。</p>{article}
<p>冠县人民政府</p><p>2023年3月8日</p></div></div>{window}</body></html>"""


def plain_interpretation(path: str) -> str:
    title = f"《{name_of(path)}》政策解读"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="PubDate" content="2023-03-10 15:00"></head><body><h1>{title}</h1>
<div class="TRS_Editor"><p>发布日期：2023-03-10</p><p>一、出台背景。县政府于2023年3月8日印发了
《{name_of(path)}》（{number(path)}）。</p><p>二、主要内容。共五章二十条。</p></div></body></html>"""


def listing(title: str, entries: dict[str, str]) -> str:
    rows = "".join(
        f'<li><a href="{p}" title="{t}">{t}</a><span>2023-03-10</span></li>'
        for p, t in entries.items()
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h2>{title}</h2><ul class="list">{rows}</ul></body></html>"""


def misread_portal() -> dict[str, Answer]:
    interpreted = [p for p in PAGES if p != "/gfxwj/no_interpretation.html"]
    jd = {f"/zcjd/jd{i}.html": p for i, p in enumerate(interpreted, start=1)}
    return {
        "/gfxwj/index.html": html(listing("规范性文件", {p: t for p, (t, _) in PAGES.items()})),
        "/zcjd/index.html": html(
            listing("政策解读", {j: f"《{name_of(p)}》政策解读" for j, p in jd.items()})
        ),
        **{j: html(plain_interpretation(p)) for j, p in jd.items()},
        "/gfxwj/gbk_utf8_header.html": html(
            regulation("/gfxwj/gbk_utf8_header.html", meta=""), encoding="gbk"
        ),
        "/gfxwj/gbk_latin1_header.html": html(
            regulation("/gfxwj/gbk_latin1_header.html", meta="gbk"),
            encoding="gbk",
            content_type="text/html; charset=ISO-8859-1",
        ),
        "/gfxwj/utf8_gbk_meta.html": html(
            regulation("/gfxwj/utf8_gbk_meta.html", meta="gb2312"), content_type="text/html"
        ),
        "/gfxwj/unclosed_table.html": html(
            regulation("/gfxwj/unclosed_table.html", article=UNCLOSED)
        ),
        "/gfxwj/unclosed_no_window.html": html(
            regulation("/gfxwj/unclosed_no_window.html", article=UNCLOSED, window="")
        ),
        "/gfxwj/no_interpretation.html": html(regulation("/gfxwj/no_interpretation.html")),
    }


def two_column_profile(folder: Path, base_url: str) -> Path:
    path = folder / "shandong_guanxian.toml"
    path.write_text(
        f"""id = "shandong_guanxian"
name = "冠县人民政府（编码与标记测试）"
base_url = "{base_url}"
cms = "generic"

[[column]]
id = "gfxwj"
name = "规范性文件"
role = "规范性文件"
url = "gfxwj/index.html"

[[column]]
id = "zcjd"
name = "政策解读"
role = "政策解读"
url = "zcjd/index.html"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def misread(tmp_path_factory: pytest.TempPathFactory) -> Served:
    folder = tmp_path_factory.mktemp("misread")
    return crawl_and_report(folder, misread_portal(), two_column_profile)


@pytest.mark.parametrize("path", CHARSET_PAGES)
def test_page_whose_charset_lies_is_paired_with_its_interpretation(
    misread: Served, path: str
) -> None:
    verdict, _ = misread.report.shown()[("interpretation_published", path)]
    assert verdict == Verdict.PASS.value


@pytest.mark.parametrize("path", CHARSET_PAGES)
def test_page_whose_charset_lies_gets_no_不符合(misread: Served, path: str) -> None:
    judged = {c: v for (c, s), (v, _) in misread.report.shown().items() if s == path}
    assert {"interpretation_published", "validity_marked", "feedback_window_present"} <= set(judged)
    assert FAIL not in judged.values(), judged


def test_report_shows_the_titles_of_pages_whose_charset_lies(misread: Served) -> None:
    text = misread.report.page.text_content()
    assert [PAGES[p][0] for p in CHARSET_PAGES if PAGES[p][0] not in text] == []


def test_unclosed_table_does_not_hide_the_window_after_it(misread: Served) -> None:
    verdict, _ = misread.report.shown()[("feedback_window_present", "/gfxwj/unclosed_table.html")]
    assert verdict == Verdict.PASS.value


def test_negative_controls_of_the_misread_portal_are_still_gaps(misread: Served) -> None:
    assert misread.report.failed() >= {
        ("feedback_window_present", "/gfxwj/unclosed_no_window.html"),
        ("interpretation_published", "/gfxwj/no_interpretation.html"),
    }


# --- a crawl killed with SIGKILL half way -----------------------------------------------------


@pytest.fixture(scope="module")
def killed_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """``zwgk check`` and ``zwgk report`` of the 冠县 fixture portal's crawl, SIGKILLed after
    some batches were committed (``tests/faults/test_kill.py`` does the kill)."""
    folder = tmp_path_factory.mktemp("killed")
    db = f"sqlite:///{folder / 'db.sqlite3'}"
    portal = WrappedPortal("shandong_guanxian")
    portal.delay = 0.15
    with serve_wrapped(portal) as base:
        killed_crawl(db, base)
    run_zwgk("check", "shandong_guanxian", "--db", db, check=True)
    run_zwgk("report", "shandong_guanxian", "--db", db, "--out", str(folder / "r"), check=True)
    data = json.loads((folder / "r" / "findings.json").read_text(encoding="utf-8"))
    page = lxml.html.document_fromstring((folder / "r" / "index.html").read_text(encoding="utf-8"))
    return Report(data, page)


def test_report_of_a_killed_crawl_says_it_was_interrupted(killed_report: Report) -> None:
    banner = killed_report.banner()
    assert LABELS["banner_interrupted"] in banner
    assert "抓取被中断" in banner  # the run's error line, with the dead process named


def test_report_of_a_killed_crawl_has_no_不符合_about_an_absence(killed_report: Report) -> None:
    failed = {check for check, _ in killed_report.failed()}
    assert failed & ABSENCE_CHECKS == set()
    shown = killed_report.shown()
    assert any(v == UNVERIFIED for (c, _), (v, _) in shown.items() if c in ABSENCE_CHECKS)


# --- a check and a report while a slow crawl writes the SQLite file; a second crawl refused ---


def zwgk_child(*args: str) -> subprocess.Popen[str]:
    """``zwgk ARGS`` started in its own process, with a store batch of a few rows (so a crawl
    commits often, as a long crawl of a big portal does)."""
    return subprocess.Popen(
        [sys.executable, "-m", "zwgk", *args],
        cwd=ROOT,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.faults.kill_settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_check_and_report_beside_a_slow_crawl_of_the_same_sqlite_file_and_a_second_crawl_refused(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    portal = WrappedPortal("shandong_guanxian")
    portal.delay = 0.3  # slow enough that the others start while it commits batch after batch
    with serve_wrapped(portal) as base:
        crawl_args = ("crawl", "shandong_guanxian", "--base-url", base, "--db", db, "--json")
        slow = zwgk_child(*crawl_args)
        try:
            while documents(db) < 4:  # its first batches are committed
                assert slow.poll() is None, slow.communicate()
            second = zwgk_child(*crawl_args)
            writing = slow.poll() is None
            beside = [
                run_zwgk("check", "shandong_guanxian", "--db", db),
                run_zwgk("report", "shandong_guanxian", "--db", db, "--out", str(tmp_path / "r")),
            ]
            outputs = [p.communicate(timeout=300) for p in (slow, second)]
        finally:
            slow.kill()
    # The check and the report ran while the first crawl was writing.
    assert writing
    for code, stderr in [
        *((r.returncode, r.stderr) for r in beside),
        (slow.returncode, outputs[0][1]),
    ]:
        assert code == 0, stderr
        assert "Traceback" not in stderr and "locked" not in stderr, stderr
    assert json.loads(outputs[0][0])["outcome"] == "succeeded"
    # A second crawl of the same profile is refused while the first writes (the two would mix
    # their documents): one line naming the first run, exit 75 (ground.store.runs).
    assert second.returncode == 75, outputs[1]
    [line] = outputs[1][1].strip().splitlines()
    assert "crawl run #1 " in line and "is still crawling this profile" in line, line
