"""``zwgk report`` renders the findings ``zwgk check`` stored for a run (never re-checks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update

from ground.store.models import FindingRow
from tests.conftest import crawl_json, run_zwgk

SITE = "shandong_guanxian"


@pytest.fixture(scope="module")
def crawled(fixture_servers, tmp_path_factory) -> tuple[str, int]:
    """A database holding one crawl run of the 冠县 portal, not yet checked."""
    db = f"sqlite:///{tmp_path_factory.mktemp('report_cli') / 'db.sqlite3'}"
    summary = crawl_json(SITE, fixture_servers(SITE), db)
    assert summary["outcome"] != "failed", summary
    return db, summary["run_id"]


def report_json(db: str, out: Path) -> dict:
    run_zwgk("report", SITE, "--db", db, "--out", str(out), check=True)
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))


def test_report_of_an_unchecked_run_names_the_run_and_the_command_to_run(
    crawled, tmp_path: Path
) -> None:
    db, run_id = crawled
    result = run_zwgk("report", SITE, "--db", db, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"crawl run #{run_id}" in result.stderr
    assert f"zwgk check {SITE} --run {run_id}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "findings.json").exists()


def test_report_renders_the_stored_findings_without_checking_again(crawled, tmp_path: Path) -> None:
    db, run_id = crawled
    run_zwgk("check", SITE, "--db", db, "--run", str(run_id), check=True)
    before = report_json(db, tmp_path / "first")
    # Change what is stored: a report that re-ran the checks would show the checks' message.
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(
            update(FindingRow)
            .where(FindingRow.run_id == run_id, FindingRow.verdict == "不符合")
            .values(message="已存储的核验结论")
        )
    engine.dispose()
    after = report_json(db, tmp_path / "second")
    failed = [f for f in after["findings"] if f["verdict"] == "不符合"]
    assert failed and {f["message"] for f in failed} == {"已存储的核验结论"}
    assert len(after["findings"]) == len(before["findings"])
    assert {f["message"] for f in before["findings"] if f["verdict"] == "不符合"} != {
        "已存储的核验结论"
    }
