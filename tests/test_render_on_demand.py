"""Rendering detail pages on demand (``detail_fetch = "auto"``): a page is fetched statically,
and fetched again in Chromium only when its extraction found a script-filled box the API did
not read, within the crawl's ``[crawl] render_budget``.

The portal is 谷城县 (the fourth fixture portal) with its policy pages' 解读 box left to the
browser: the profile describes no ``api.box``. Its lists are still read through the search API.
The crawl that renders, and whose verdicts equal the ground truth, is in test_fourth_portal.py;
here: the budget, the profile fields, and a box whose data never came.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, func, select

from checks.catalog_files import load_baseline
from checks.engine import run_checks
from checks.findings import Finding, Verdict
from checks.load import latest_run_id, load_run
from crawler.extract.document import extract_document
from crawler.spiders.rendering import ScriptTraffic, settle, unread_boxes
from ground.errors import ProfileError
from ground.profiles.schema import PROFILE_DIR, load_profile
from ground.store.db import open_database
from ground.store.models import Document, PageFetch
from tests.conftest import CHROMIUM_ARGS, chromium_path, crawl_json, expected
from zwgk.fixture_server import FIXTURE_ROOT, serve_fixture

SITE = "hubei_gucheng"
BOX = "相关解读"
G1 = "/xxgk/zc/gfxwj/202403/t20240308_5120311.html"  # its 文字解读 tab lists one 解读
G3 = "/xxgk/zc/gfxwj/202409/t20240912_5120455.html"  # a 规范性文件 without any 解读
Z3 = "/xxgk/zc/zfwj/202410/t20241015_5120470.html"  # a 批复: no 解读 is required of it


def on_demand_profile(folder: Path, *, render_budget: int | None = None) -> Path:
    """谷城县's profile with its 解读 box read in the browser, not through the API."""
    text = (PROFILE_DIR / f"{SITE}.toml").read_text(encoding="utf-8")
    text = re.sub(r", box = \{[^}]*\}", "", text)
    assert "box = {" not in text, "every api.box is removed"
    text = text.replace(
        'url = "xxgk/zc/gfxwj/index.html"\n',
        'url = "xxgk/zc/gfxwj/index.html"\ndetail_fetch = "auto"\ndetail_tabs = ".jd-tab li"\n',
    )
    if render_budget is not None:
        text += f"\n[crawl]\nrender_budget = {render_budget}\n"
    path = folder / f"{SITE}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def policy_paths() -> set[str]:
    return {d["path"] for d in expected(SITE)["document"] if d["kind"] == "policy"}


def published_findings(db: Path) -> dict[str, Finding]:
    """interpretation_published on each page of the crawl, by path."""
    engine = open_database(f"sqlite:///{db}")
    profile = load_profile(SITE)
    run = load_run(engine, profile, latest_run_id(engine, SITE))
    engine.dispose()
    findings = run_checks(load_baseline(SITE, 2024), run, profile)
    return {
        urlsplit(f.subject).path: f
        for f in findings
        if f.check == "interpretation_published" and not f.subject.startswith("column:")
    }


# --- the profile ---


def test_auto_detail_fetch_and_a_render_budget_validate(tmp_path: Path) -> None:
    profile = load_profile(str(on_demand_profile(tmp_path, render_budget=5)))
    assert profile.column("gfxwj").detail_fetch == "auto"
    assert profile.column("gfxwj").detail_tabs == ".jd-tab li"
    assert profile.crawl.render_budget == 5
    assert load_profile(SITE).crawl.render_budget == 200  # the default


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        (('detail_fetch = "auto"', 'detail_fetch = "sometimes"'), "column[0].detail_fetch", "auto"),
        (("render_budget = 5", "render_budget = -1"), "crawl.render_budget", "0 or a positive"),
    ],
)
def test_a_bad_render_setting_names_its_field(
    tmp_path: Path, change: tuple[str, str], field: str, why: str
) -> None:
    path = on_demand_profile(tmp_path, render_budget=5)
    path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    assert f"'{field}'" in str(caught.value)
    assert why in str(caught.value)


# --- the budget ---


@pytest.fixture(scope="module")
def past_budget(fixture_servers, tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    """A crawl whose render budget is 0: every page with a box is past it (and, with nothing
    to render, the crawl runs without Chromium)."""
    folder = tmp_path_factory.mktemp("gucheng_budget")
    profile = on_demand_profile(folder, render_budget=0)
    db = folder / "db.sqlite3"
    return db, crawl_json(str(profile), fixture_servers(SITE), f"sqlite:///{db}")


def test_the_run_says_how_many_pages_were_left_unrendered(past_budget) -> None:
    _, summary = past_budget
    assert summary["errors"] == [
        f"已达渲染预算（0 页），{len(policy_paths())} 个页面的脚本内容未读取"
    ]


def test_a_page_past_the_budget_keeps_its_box_unread_and_is_not_rendered(past_budget) -> None:
    db, _ = past_budget
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        boxes = conn.execute(select(Document.url, Document.js_boxes)).all()
        rendered = conn.execute(select(func.count()).where(PageFetch.rendered)).scalar()
    engine.dispose()
    stored = {urlsplit(url).path: list(value) for url, value in boxes}
    assert {p: stored[p] for p in policy_paths()} == {p: [BOX] for p in policy_paths()}
    assert rendered == 0


def test_pages_past_the_budget_are_unverified_never_failed(past_budget) -> None:
    db, _ = past_budget
    findings = published_findings(db)
    assert set(findings) == policy_paths() - {Z3}
    # A 解读 page that links back is seen evidence (符合); an unread box is never an absence.
    assert Verdict.FAIL not in {f.verdict for f in findings.values()}
    unread = findings[G3]  # the ground truth's 不符合: its box, when read, shows nothing
    assert unread.verdict is Verdict.UNVERIFIED
    assert "脚本" in unread.message


# --- a box whose data did not come ---


@pytest.fixture(scope="module")
def api_down(tmp_path_factory) -> str:
    """One policy page of 谷城县, its scripts, and a search API that answers 500."""
    site = tmp_path_factory.mktemp("gucheng_api_down")
    for part in (G1.lstrip("/"), "images/2024/js"):
        source = FIXTURE_ROOT / SITE / part
        target = site / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
    (site / "_headers.toml").write_text(
        '[[route]]\npath = "/irs/front/search"\nmethod = "POST"\nstatus = 500\n', encoding="utf-8"
    )
    return str(site)


async def render(base: str, path: str) -> tuple[str, ScriptTraffic]:
    """The page as an on-demand render leaves it (the crawl's own wait), and its traffic."""
    from playwright.async_api import async_playwright

    traffic = ScriptTraffic()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=list(CHROMIUM_ARGS)
        )
        page = await browser.new_page()
        page.on("request", traffic.started)
        page.on("response", traffic.answered)
        page.on("requestfinished", traffic.finished)
        page.on("requestfailed", traffic.broke)
        await page.goto(base + path.lstrip("/"))
        await settle(page, traffic, "")  # the load's own request fails: no tab needed
        html = await page.content()
        await browser.close()
    return html, traffic


def test_a_box_whose_script_data_failed_stays_unread(api_down) -> None:
    # In a thread of its own: an earlier test's Playwright (sync API) may have left an event loop
    # running in this one, and asyncio.run refuses to start inside it.
    with serve_fixture(api_down) as base, ThreadPoolExecutor(1) as pool:
        html, traffic = pool.submit(lambda: asyncio.run(render(base, G1))).result()
    rendered = extract_document(html, base + G1.lstrip("/"))
    # Drawn empty by its script, the box shows no template: only the failed request tells.
    assert rendered.js_boxes == []
    assert not traffic.complete
    assert traffic.failed
    assert unread_boxes([BOX], rendered.js_boxes, traffic) == [BOX]
