"""Recognising block and challenge answers: every saved block page is named, no real page is."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from crawler.answers import recognise
from crawler.extract.decode import decode_page
from tests.conftest import ROOT, expected
from zwgk.fixture_server import FIXTURE_ROOT, FixtureSite

BLOCKED = ROOT / "tests" / "data" / "blocked"
ANSWERS: list[dict[str, Any]] = tomllib.loads(
    (BLOCKED / "_answers.toml").read_text(encoding="utf-8")
)["answer"]
SITES = sorted(p.name for p in FIXTURE_ROOT.iterdir() if (p / "_expected.toml").is_file())


def read(answer: dict[str, Any]) -> tuple[int, list[tuple[str, str]], str]:
    headers = [(name, value) for name, value in answer["headers"]]
    content_type = next((v for n, v in headers if n.lower() == "content-type"), None)
    text, _ = decode_page((BLOCKED / answer["file"]).read_bytes(), content_type)
    return answer["status"], headers, text


@pytest.mark.parametrize("answer", ANSWERS, ids=[f"{a['file']}-{a['status']}" for a in ANSWERS])
def test_block_answer_is_recognised_with_its_vendor(answer: dict[str, Any]) -> None:
    status, headers, text = read(answer)
    reason = recognise(status, headers, text, expects_content=answer.get("expects_content", False))
    assert reason == answer["reason"]


def test_every_saved_block_page_is_in_the_answer_table() -> None:
    assert {p.name for p in BLOCKED.glob("*.html")} == {a["file"] for a in ANSWERS}


def test_vendor_cookie_alone_does_not_make_a_real_page_blocked() -> None:
    # A protected portal sets its WAF's cookie on every answer, real pages included.
    page = (FIXTURE_ROOT / "shandong_guanxian" / "index.html").read_bytes()
    text, _ = decode_page(page, "text/html")
    headers = [("X-Powered-By", "WAF/2.0"), ("Set-Cookie", "__jsluid_s=3a6f0b9e; path=/")]
    assert recognise(200, headers, text, expects_content=True) == ""


def test_ruishu_script_on_a_page_with_content_is_not_a_challenge() -> None:
    # 瑞数 injects its $_ts script into the real pages it lets through.
    _, _, challenge = read(next(a for a in ANSWERS if a["file"] == "ruishu.html"))
    article = "".join(
        f"<p>第{i}条 为进一步做好政务公开工作，结合本县实际，制定本办法。</p>" for i in range(20)
    )
    page = challenge.replace("<body></body>", f"<body><h1>关于印发办法的通知</h1>{article}</body>")
    assert recognise(200, [], page, expects_content=True) == ""


def test_long_article_discussing_a_firewall_is_not_an_intercept() -> None:
    article = "".join(
        f"<p>第{i}条 各单位应当部署网站防火墙，对非法请求予以拦截，访问被拦截的应当记录。</p>"
        for i in range(12)
    )
    page = f"<html><head><title>网站安全管理办法</title></head><body>{article}</body></html>"
    assert recognise(200, [], page, expects_content=True) == ""


def test_short_page_with_block_wording_is_an_intercept() -> None:
    # Negative control of the test above: the same wording on a bare notice page.
    page = "<html><body><p>对非法请求予以拦截：您的访问被拦截。</p></body></html>"
    assert recognise(200, [], page) == "WAF 拦截页"


def test_empty_body_is_blocked_only_where_content_is_expected() -> None:
    page = "<html><head><title>某县人民政府</title></head><body><div></div></body></html>"
    assert (recognise(200, [], page), recognise(200, [], page, expects_content=True)) == (
        "",
        "空白页面",
    )


def served_pages(site: str) -> list[tuple[str, int, list[tuple[str, str]], bytes]]:
    """Every HTML page of a fixture portal as its fixture server answers it."""
    fixture = FixtureSite.load(site)
    pages = []
    for file in sorted(fixture.root.rglob("*.htm*")):
        relative = file.relative_to(fixture.root)
        if any(part.startswith("_") for part in relative.parts):
            continue
        status, headers, body = fixture.answer("GET", "/" + relative.as_posix(), b"")
        pages.append(("/" + relative.as_posix(), status, list(headers.items()), body))
    return pages


@pytest.mark.parametrize("site", SITES)
def test_no_page_of_a_fixture_portal_is_recognised_as_blocked(site: str) -> None:
    documents = {d["path"] for d in expected(site)["document"]}
    flagged = {}
    for path, status, headers, body in served_pages(site):
        content_type = dict(headers).get("Content-Type")
        text, _ = decode_page(body, content_type)
        reason = recognise(status, headers, text, expects_content=path in documents)
        if reason:
            flagged[path] = reason
    assert flagged == {}


def test_no_extractor_test_page_is_recognised_as_blocked() -> None:
    pages = sorted((ROOT / "tests" / "extract" / "pages").glob("*.html"))
    assert pages
    flagged = {}
    for page in pages:
        text, _ = decode_page(page.read_bytes(), None)
        if reason := recognise(200, [], text, expects_content=True):
            flagged[page.name] = reason
    assert flagged == {}


def test_fixture_sweep_covers_every_saved_page() -> None:
    # The sweep above must not silently skip pages: it sees all the portal's HTML files.
    site = SITES[0]
    on_disk = [
        p
        for p in (FIXTURE_ROOT / site).rglob("*.htm*")
        if not any(part.startswith("_") for part in p.relative_to(FIXTURE_ROOT / site).parts)
    ]
    assert len(served_pages(site)) == len(on_disk) > 50


def test_sweep_would_flag_a_block_page_placed_among_fixture_pages(tmp_path: Path) -> None:
    # Negative control: the sweep machinery reports a blocked page when one is there.
    (tmp_path / "index.html").write_bytes((BLOCKED / "yunsuo.html").read_bytes())
    status, headers, body = FixtureSite.load(tmp_path).answer("GET", "/index.html", b"")
    text, _ = decode_page(body, headers.get("Content-Type"))
    assert recognise(status, list(headers.items()), text) == "云锁 WAF 拦截页"
