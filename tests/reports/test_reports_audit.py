"""``zwgk audit`` on the 冠县 fixture portal: crawl, check and report in one go, and the report,
opened in real Chromium, shows every task row and every planted gap of the ground truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from checks.catalog_files import catalog_for
from ground.profiles.schema import load_profile
from tests.conftest import expected, run_zwgk
from tests.findings_golden import golden, stable_findings

SITE = "shandong_guanxian"
SITES = ["shandong_guanxian", "sichuan_yanting", "anhui_guangde"]


def audit(site: str, fixture_servers, root: Path) -> tuple[Path, str, str]:
    base = fixture_servers(site)
    result = run_zwgk(
        "audit",
        site,
        "--base-url",
        base,
        "--db",
        f"sqlite:///{root / 'db.sqlite3'}",
        "--out",
        str(root / "report"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "report", base, result.stdout


@pytest.fixture(scope="module", params=SITES)
def each_audit(request, fixture_servers, tmp_path_factory) -> tuple[str, Path]:
    site = request.param
    if site == SITE:
        return site, request.getfixturevalue("audited")[0]
    return site, audit(site, fixture_servers, tmp_path_factory.mktemp(site))[0]


def planted_gaps(site: str) -> set[tuple[str, str, str]]:
    return {(g["check"], g["subject"], g["verdict"]) for g in expected(site)["gap"]}


def test_audit_findings_equal_each_portals_planted_gaps(each_audit) -> None:
    site, out = each_audit
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    found = {
        (
            f["check"],
            f["subject"]
            if f["subject"].startswith(("column:", "unit:"))
            else urlsplit(f["subject"]).path,
            f["verdict"],
        )
        for f in data["findings"]
        if f["verdict"] in {"不符合", "未能核验"} and not f["subject"].startswith("row:")
    }
    assert found == planted_gaps(site)


def _recorded_keys(stable: Any, recorded: Any) -> Any:
    """``stable`` with only the keys the recording has: fields added to findings.json since it
    was recorded (schema 3: gaps, deadlines, task status) are tested on their own."""
    if isinstance(stable, dict) and isinstance(recorded, dict):
        return {k: _recorded_keys(v, recorded[k]) for k, v in stable.items() if k in recorded}
    if isinstance(stable, list) and isinstance(recorded, list) and recorded:
        shape = recorded[0]
        return [_recorded_keys(item, shape) for item in stable]
    return stable


def test_audit_findings_json_equals_the_recorded_one(each_audit) -> None:
    # Recorded before the code moved into layers (tests/findings_golden.py says how to
    # re-record after a change that means to alter findings).
    site, out = each_audit
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    recorded = golden(site)
    assert _recorded_keys(stable_findings(data), recorded) == recorded


def test_guanxian_findings_on_documents_become_one_gap_per_document(audited) -> None:
    out, _, _ = audited
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    on_documents = [
        f
        for f in data["findings"]
        if f["verdict_code"] == "fail" and f["subject"].startswith(("http", "column:"))
    ]
    gaps = {g["id"]: g for g in data["gaps"]}
    fail_gaps = {f["gap"] for f in on_documents}
    planted = [
        g
        for g in expected(SITE)["gap"]
        if g["verdict"] == "不符合" and not g["subject"].startswith("unit:")
    ]
    assert (len(on_documents), len(fail_gaps)) == (19, len(planted))
    assert all(gaps[key]["verdict_code"] == "fail" for key in fail_gaps)
    missing = [
        g
        for g in data["gaps"]
        if g["check"] == "interpretation_published"
        and g["subject"].endswith("/xxgk/bmxxgk/fgw/202304/t20230407_5053108.html")
    ]
    assert [g["rows"] for g in missing] == [["1", "5", "18"]]
    assert data["counts"]["gaps"]["fail"] == len(
        [g for g in data["gaps"] if g["verdict_code"] == "fail"]
    )


def test_audit_report_rows_follow_the_customers_own_table(each_audit, report_page) -> None:
    site, out = each_audit
    page, _ = report_page
    page.goto((out / "index.html").as_uri())
    shown = page.locator("article[data-row]").evaluate_all("els => els.map(e => e.dataset.row)")
    assert shown == [row.id for row in catalog_for(site).all_rows]


@pytest.fixture(scope="module")
def audited(fixture_servers, tmp_path_factory) -> tuple[Path, str, str]:
    return audit(SITE, fixture_servers, tmp_path_factory.mktemp("audit"))


def test_audit_prints_where_the_report_is(audited) -> None:
    out, _, stdout = audited
    assert f"报告已生成：{(out / 'index.html').resolve()}" in stdout
    assert (out / "工作台账.xlsx").is_file() and (out / "findings.json").is_file()


def test_report_shows_every_task_row_and_every_planted_gap(audited, report_page) -> None:
    out, _, _ = audited
    page, log = report_page
    page.goto((out / "index.html").as_uri())
    page.screenshot(path=str(out / "report.png"), full_page=False)
    for row in catalog_for(SITE).all_rows:
        assert page.locator(f'article[data-row="{row.id}"]').is_visible(), row.id
    # The report names the portal's own URLs, not the fixture server the crawl read.
    portal = load_profile(SITE).base_url
    for gap in expected(SITE)["gap"]:
        subject = (
            gap["subject"]
            if gap["subject"].startswith(("column:", "unit:"))
            else portal.rstrip("/") + gap["subject"]
        )
        item = page.locator(
            f'li.gap[data-check="{gap["check"]}"][data-subject="{subject}"][data-verdict="{gap["verdict"]}"]'
        )
        assert item.count() >= 1, gap
        assert item.first.is_visible(), gap
    assert log.console_errors == [] and log.page_errors == []


def test_report_findings_json_and_workbook_agree(audited) -> None:
    out, _, _ = audited
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    gaps = {
        (f["check"], f["subject"])
        for f in data["findings"]
        if f["verdict"] in {"不符合", "未能核验"}
    }
    planted = {(g["check"], g["subject"]) for g in expected(SITE)["gap"]}
    as_paths = {
        (check, s if s.startswith(("column:", "row:", "unit:")) else urlsplit(s).path)
        for check, s in gaps
    }
    assert {g for g in as_paths if not g[1].startswith("row:")} == planted
    sheet = load_workbook(out / "工作台账.xlsx")["工作台账"]
    assert [c.value for c in sheet[1]][:10] == [
        "序号",
        "任务序号",
        "一级任务",
        "二级任务",
        "具体要求",
        "责任单位",
        "完成时限",
        "时限状态",
        "核验结果",
        "问题描述",
    ]
    # Every row of the table has at least one line of the ledger, by its 任务序号.
    task_numbers = {c.value for c in sheet["B"][1:] if c.value is not None}
    assert task_numbers == {
        int(r.seq) if r.seq.isdigit() else r.seq for r in catalog_for(SITE).all_rows
    }


def test_failed_crawl_report_says_so_and_shows_rows_unverified(
    fixture_servers, tmp_path, report_page
) -> None:
    result = run_zwgk(
        "audit",
        SITE,
        "--base-url",
        "http://127.0.0.1:9/",
        "--db",
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "--out",
        str(tmp_path / "report"),
    )
    assert result.returncode == 1  # the crawl failed; the report is still written
    page, _ = report_page
    page.goto((tmp_path / "report" / "index.html").as_uri())
    banner = page.locator("#run-banner")
    assert banner.is_visible()
    assert "抓取失败" in banner.inner_text()
    automated = [r.id for r in catalog_for(SITE).all_rows if r.checks]
    verdicts = {
        rid: page.locator(f'article[data-row="{rid}"]').get_attribute("data-verdict")
        for rid in automated
    }
    assert set(verdicts.values()) == {"未能核验"}


def test_a_page_that_answered_503_puts_a_banner_and_the_run_is_not_a_success(
    audited, report_page
) -> None:
    # The 冠县 fixture portal answers one policy document with HTTP 503 (fixtures/html/
    # shandong_guanxian/_headers.toml): the crawl goes on, and the report must say what it missed.
    out, _, _ = audited
    failed = "http://www.guanxian.gov.cn/xxgk/zcwj/202310/t20231016_5092406.html"
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    left = [
        f for f in data["findings"] if f["verdict_code"] == "unverified" and f["subject"] == failed
    ]
    page, log = report_page
    page.goto((out / "index.html").as_uri())
    banner = page.locator("#run-banner")
    assert banner.is_visible()
    assert page.locator("#run-banner .banner-pages li").all_inner_texts() == [failed]
    assert page.locator("#run-banner [data-count='unverified']").inner_text() == str(len(left))
    assert len(left) == 10
    assert page.locator(".outcome").text_content() == "部分完成"
    assert data["run"]["outcome_label"] != "成功"
    assert log.page_errors == []
