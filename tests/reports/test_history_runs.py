"""Two nightly audits of the 冠县 fixture portal, changed in between, into one database: the
second report's 新增 and 已整改 are exactly the changes made; and a run whose list page fails
carries a banner naming it, with how many findings it left 未能核验.

The portal is served from a temporary copy, so the test can change it between the runs:

* fixed: 冠政办字〔2023〕41号 (whose 相关解读 box said 暂无相关解读) gets a 解读, listed in
  政策解读 and linked both ways;
* new gap: the only 解读 of the 老旧小区改造 实施方案 is taken down (gone from the list, its
  page deleted, the document's 关联稿件 link removed).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from tests.conftest import run_zwgk
from zwgk.fixture_server import FIXTURE_ROOT, serve_fixture

SITE = "shandong_guanxian"
FIXED_DOC = "/xxgk/zcwj/202309/t20230911_5087733.html"
NEW_INTERP = "/xxgk/zcjd/202309/t20230912_5087801.html"
UNINTERPRETED_DOC = "/xxgk/zcwj/202303/t20230306_5040356.html"
REMOVED_INTERP = "/xxgk/zcjd/202303/t20230307_5040981.html"
FAILING_LIST_PAGE = "/xxgk/zcjd/index_2.html"


def _audit(base: str, db: Path, out: Path) -> dict[str, Any]:
    result = run_zwgk(
        "audit", SITE, "--base-url", base, "--db", f"sqlite:///{db}", "--out", str(out)
    )
    assert (out / "findings.json").is_file(), result.stdout + result.stderr
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))


def _copy_portal(root: Path) -> Path:
    site = root / SITE
    shutil.copytree(FIXTURE_ROOT / SITE, site)
    return site


def _edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding=encoding)
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding=encoding)


def _publish_interpretation(site: Path) -> None:
    """A 解读 for 冠政办字〔2023〕41号, made from another 解读 of the portal, listed first in
    政策解读 and linked from the document's 相关解读 box; published the next day (on time)."""
    template = (site / REMOVED_INTERP.lstrip("/")).read_text(encoding="gbk")
    page = (
        template.replace("charset=gbk", "charset=utf-8")
        .replace(
            "../../zcwj/202303/t20230306_5040356.html", "../../zcwj/202309/t20230911_5087733.html"
        )
        .replace("t20230307_5040981", "t20230912_5087801")
        .replace("一文看懂", "")
        .replace("城镇老旧小区改造实施方案", "支持服务业提速扩量若干措施")
        .replace("城镇老旧小区改造", "服务业提速扩量")
        .replace("2023-03-07 08:27", "2023-09-12 09:00")
        .replace("2023年3月7日", "2023年9月12日")
        .replace("2023年3月6日", "2023年9月11日")
        .replace("冠县住房和城乡建设局", "冠县发展和改革委员会")
    )
    target = site / NEW_INTERP.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    title = "《冠县支持服务业提速扩量若干措施》"
    _edit(
        site / "xxgk/zcjd/index.html",
        '<ul class="list">\n',
        f'<ul class="list">\n<li><a href="./202309/t20230912_5087801.html" title="{title}" '
        f'target="_blank">{title}</a><span>2023-09-12</span></li>\n',
        encoding="gbk",
    )
    _edit(
        site / FIXED_DOC.lstrip("/"),
        '<ul><li class="none">暂无相关解读</li></ul>',
        f'<ul><li><a href="../../zcjd/202309/t20230912_5087801.html" target="_blank">{title}</a>'
        "</li></ul>",
    )


def _take_down_interpretation(site: Path) -> None:
    title = "一文看懂《冠县城镇老旧小区改造实施方案》"
    line = (
        f'<li><a href="./202303/t20230307_5040981.html" title="{title}"'
        f' target="_blank">{title}</a><span>2023-03-07</span></li>\n'
    )
    _edit(site / "xxgk/zcjd/index_2.html", line, "", encoding="gbk")
    (site / REMOVED_INTERP.lstrip("/")).unlink()
    _edit(
        site / UNINTERPRETED_DOC.lstrip("/"),
        '<li><a href="../../zcjd/202303/t20230307_5040981.html" target="_blank">'
        "一文看懂《冠县城镇老旧小区改造实施方案》</a></li>\n",
        "",
    )


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, dict, Path]]:
    """findings.json of the first and the second audit, and the second report's folder."""
    root = tmp_path_factory.mktemp("history")
    site = _copy_portal(root)
    db = root / "db.sqlite3"
    with serve_fixture(site) as base:
        first = _audit(base, db, root / "night1")
        _publish_interpretation(site)
        _take_down_interpretation(site)
        second = _audit(base, db, root / "night2")
    yield first, second, root / "night2"


def _path(subject: str) -> str:
    return subject if subject.startswith(("row:", "column:")) else urlsplit(subject).path


def _with_status(data: dict[str, Any], status: str) -> set[tuple[str, str]]:
    every = [*data["findings"], *data["history"]["resolved"]]
    return {(f["check"], _path(f["subject"])) for f in every if f["status"] == status}


def test_the_first_night_compares_with_nothing(two_nights) -> None:
    first, _, _ = two_nights
    assert first["history"] == {
        "compared": False,
        "previous_run": None,
        "counts": None,
        "resolved": [],
    }
    assert {f["status"] for f in first["findings"]} == {None}


def test_the_new_gaps_are_exactly_the_interpretation_taken_down(two_nights) -> None:
    _, second, _ = two_nights
    assert _with_status(second, "新增") == {("interpretation_published", UNINTERPRETED_DOC)}


def test_the_fixed_gaps_are_exactly_the_interpretation_published(two_nights) -> None:
    _, second, _ = two_nights
    assert _with_status(second, "已整改") == {("interpretation_published", FIXED_DOC)}


def test_every_other_gap_persists_under_the_same_id(two_nights) -> None:
    first, second, _ = two_nights
    gaps_1 = {f["id"] for f in first["findings"] if f["verdict"] == "不符合"}
    persisting = {f["id"] for f in second["findings"] if f["status"] == "持续"}
    fixed = {f["id"] for f in second["findings"] if f["status"] == "已整改"}
    assert persisting == gaps_1 - fixed
    assert len(fixed) == 1


def test_ids_are_the_same_for_every_finding_seen_both_nights(two_nights) -> None:
    first, second, _ = two_nights
    ids_1 = {(f["check"], f["row"], _path(f["subject"])): f["id"] for f in first["findings"]}
    ids_2 = {(f["check"], f["row"], _path(f["subject"])): f["id"] for f in second["findings"]}
    both = ids_1.keys() & ids_2.keys()
    assert len(both) > 100
    assert {k: ids_1[k] for k in both} == {k: ids_2[k] for k in both}


def test_the_second_report_shows_the_changes_per_task_and_in_total(two_nights) -> None:
    _, second, out = two_nights
    doc = lxml.html.document_fromstring((out / "index.html").read_text(encoding="utf-8"))
    totals = {
        el.get("data-status"): int(el.find_class("n")[0].text)
        for el in doc.xpath("//div[@id='history']//span[contains(@class, 'change ')]")
    }
    # One document is one gap in every task row whose checks judge it.
    statuses = [f["status"] for f in [*second["findings"], *second["history"]["resolved"]]]
    assert totals == {s: statuses.count(s) for s in ("新增", "持续", "已整改", "未能核验")}
    fixed = doc.xpath("//article//li[contains(@class, 'fixed-item')]/@data-subject")
    new = doc.xpath("//article//li[contains(@class, 'gap')][@data-status='新增']/@data-subject")
    assert {urlsplit(s).path for s in fixed} == {FIXED_DOC}
    assert {urlsplit(s).path for s in new} == {UNINTERPRETED_DOC}
    assert (len(new), len(fixed)) == (totals["新增"], totals["已整改"])


@pytest.fixture(scope="module")
def failed_list_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """An audit of the portal whose 政策解读 list page 3 answers HTTP 503."""
    root = tmp_path_factory.mktemp("failing")
    site = _copy_portal(root)
    _edit(
        site / "_headers.toml",
        f'path = "{FAILING_LIST_PAGE}"\ncontent_type = "text/html; charset=gbk"\n',
        f'path = "{FAILING_LIST_PAGE}"\ncontent_type = "text/html; charset=gbk"\nstatus = 503\n',
    )
    with serve_fixture(site) as base:
        data = _audit(base, root / "db.sqlite3", root / "report")
    return data, root / "report"


def test_a_failed_list_page_puts_a_banner_naming_it(failed_list_page) -> None:
    data, out = failed_list_page
    doc = lxml.html.document_fromstring((out / "index.html").read_text(encoding="utf-8"))
    banner = doc.get_element_by_id("run-banner")
    assert FAILING_LIST_PAGE in banner.text_content()
    assert "政策解读" in "".join(li.text_content() for li in banner.find_class("banner-incomplete"))
    assert data["run"]["outcome_label"] != "成功"


def test_the_banner_counts_the_findings_the_failure_left_unverified(failed_list_page) -> None:
    data, out = failed_list_page
    doc = lxml.html.document_fromstring((out / "index.html").read_text(encoding="utf-8"))
    banner = doc.get_element_by_id("run-banner")
    shown = int(banner.xpath(".//*[@data-count='unverified']")[0].text)
    total = int(banner.xpath(".//*[@data-count='unverified-total']")[0].text)
    unverified = [f for f in data["findings"] if f["verdict"] == "未能核验"]
    about_the_column = [
        f for f in unverified if f["subject"] == "column:zcjd" or "政策解读" in f["message"]
    ]
    assert total == len(unverified)
    assert 0 < len(about_the_column) <= shown <= total
