"""Archived evidence pages: the page as stored, under a banner, with no script able to run."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from checks.findings import Finding
from reports.render import ARCHIVE_CSP, ReportPaths, render_archive, write_archives


def test_archives_are_written_only_for_pages_the_store_still_has(report: ReportPaths) -> None:
    assert sorted(p.name for p in report.pages_dir.iterdir()) == ["101.html"]


def test_only_pages_a_gap_rests_on_are_archived(
    findings: tuple[Finding, ...], archived_html: str, tmp_path: Path
) -> None:
    # Every page is in the store here: the passing findings' pages (103, and 101 of the
    # negative control below) are still not copied.
    def stored(page_id: int) -> tuple[str, str, str]:
        return archived_html, f"https://x.gov.cn/{page_id}.html", "2026-11-20T18:10:00+00:00"

    written = write_archives(findings, stored, tmp_path / "pages")
    assert written == frozenset({101, 102})
    passing_only = [f for f in findings if f.verdict == "符合"]
    assert write_archives(passing_only, stored, tmp_path / "none") == frozenset()


def test_the_archive_banner_names_the_url_and_fetch_time_escaped(report: ReportPaths) -> None:
    text = (report.pages_dir / "101.html").read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(text)
    banner = doc.find_class("archive-source")[0].text_content()
    url = 'https://www.example-county.gov.cn/xxgk/zcwj/202603/t20260315_1001.html?a=1&b="2"<x>'
    assert banner == f"存档页面：{url}，抓取时间 2026-11-21 02:10:00"
    assert "?a=1&amp;b=&#34;2&#34;&lt;x&gt;" in text


def test_the_stored_page_sits_in_a_sandbox_without_scripts(
    report: ReportPaths, archived_html: str
) -> None:
    doc = lxml.html.document_fromstring((report.pages_dir / "101.html").read_text("utf-8"))
    frame = doc.xpath("//iframe")[0]
    assert frame.get("sandbox") == "allow-popups allow-popups-to-escape-sandbox"
    assert '<h1 id="stored-title">' in frame.get("srcdoc")
    assert doc.xpath("//script") == []  # the stored script exists only inside srcdoc
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert csp == ARCHIVE_CSP
    assert "script-src 'none'" in csp


def test_the_archive_is_served_as_utf8_whatever_the_page_declared(report: ReportPaths) -> None:
    raw = (report.pages_dir / "101.html").read_bytes()
    text = raw.decode("utf-8")
    assert text.index('<meta charset="utf-8">') < text.index("srcdoc=")
    assert "示例县人民政府关于印发通知" in text


def test_relative_links_in_the_stored_page_point_at_the_live_site() -> None:
    page = render_archive(
        "<html><head></head><body></body></html>", "https://a.gov.cn/x/y.html", ""
    )
    srcdoc = lxml.html.document_fromstring(page).xpath("//iframe/@srcdoc")[0]
    assert srcdoc.startswith('<html><head><base href="https://a.gov.cn/x/y.html" target="_blank">')


def test_a_javascript_url_is_neither_linked_nor_used_as_base() -> None:
    page = render_archive("<p>x</p>", "javascript:alert(1)", "")
    doc = lxml.html.document_fromstring(page)
    assert doc.xpath("//a") == []
    assert doc.xpath("//iframe/@srcdoc")[0] == "<p>x</p>"
