"""``zwgk audit PROFILE --catalog baseline`` on every fixture portal: a portal without a task
table is audited on day one; ``zwgk report`` says which catalog it used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ground.profiles.schema import PROFILE_DIR
from tests.conftest import run_zwgk
from zwgk.fixture_server import FIXTURE_ROOT

# Every fixture portal: a folder of fixtures/html with its own profile.
SITES = sorted(p.name for p in FIXTURE_ROOT.iterdir() if (PROFILE_DIR / f"{p.name}.toml").exists())


@pytest.mark.parametrize("site", SITES)
def test_audit_against_the_baseline_runs_on_every_fixture_portal(site: str, tmp_path: Path) -> None:
    db, out = f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "report"
    result = run_zwgk(
        "audit", site, "--fixtures", "--catalog", "baseline", "--db", db, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "（baseline_" in result.stdout  # 核验依据：<title>（baseline_<year>）
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert findings["catalog"]["id"].startswith("baseline_")
    assert (out / "index.html").is_file()


@pytest.fixture(scope="module")
def guanxian_2023(fixture_servers, tmp_path_factory) -> str:
    """A crawl of the 冠县 portal checked against the baseline for 2023 (its documents' year)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('baseline') / 'db.sqlite3'}"
    base = fixture_servers("shandong_guanxian")
    run_zwgk("crawl", "shandong_guanxian", "--base-url", base, "--db", db, check=True)
    run_zwgk("check", "shandong_guanxian", "--catalog", "baseline_2023", "--db", db, check=True)
    return db


def test_baseline_of_a_year_finds_the_planted_gaps_of_that_year(
    guanxian_2023: str, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    run_zwgk(
        "report", "shandong_guanxian", "--catalog", "baseline_2023", "--db", guanxian_2023,
        "--out", str(out), check=True,
    )  # fmt: skip
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    verdicts = {(f["check"], f["verdict"]) for f in findings}
    # The empty 东古城镇 column (暂无信息) and the documents without a 解读 are true gaps.
    assert ("column_has_content", "不符合") in verdicts
    assert ("interpretation_published", "不符合") in verdicts
    assert ("publication_timely", "符合") in verdicts


def test_report_says_which_catalog_it_used(guanxian_2023: str, tmp_path: Path) -> None:
    result = run_zwgk(
        "report", "shandong_guanxian", "--catalog", "baseline_2023", "--db", guanxian_2023,
        "--out", str(tmp_path / "report"), check=True,
    )  # fmt: skip
    assert "核验依据：" in result.stdout
    assert "（baseline_2023）" in result.stdout


def test_report_of_a_catalog_never_checked_names_it(guanxian_2023: str, tmp_path: Path) -> None:
    # The 2023 task table was not run on this crawl: the report refuses rather than guess.
    result = run_zwgk(
        "report", "shandong_guanxian", "--db", guanxian_2023, "--out", str(tmp_path / "report")
    )
    assert result.returncode == 2
    assert "shandong_guanxian_2023" in result.stderr
    assert not (tmp_path / "report" / "findings.json").exists()
