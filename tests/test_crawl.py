"""A real crawl of the 冠县 fixture portal over HTTP, compared with its ground truth exactly."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, func, select

from ground.store.models import Document, Listing, PageBody, PageFetch
from tests.conftest import ROOT, crawl_json, expected, run_zwgk
from zwgk.fixture_server import FIXTURE_ROOT

SITE = "shandong_guanxian"
FIELDS = (
    "title",
    "doc_number",
    "index_number",
    "issuing_agency",
    "written_date",
    "publish_date",
    "topic",
    "validity",
)


def path_of(url: str) -> str:
    """A URL's path and query; a subject that is no URL (``unit:…``, ``column:…``) as it is."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def stored_documents(db: Path) -> dict[str, dict[str, Any]]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        docs = conn.execute(select(Document)).all()
        listings = conn.execute(select(Listing.url, Listing.column_id)).all()
    engine.dispose()
    columns: dict[str, set[str]] = {}
    for url, column_id in listings:
        columns.setdefault(path_of(url), set()).add(column_id)
    result = {}
    for d in docs:
        path = path_of(d.url)
        row = {name: getattr(d, name) or "" for name in FIELDS}
        for name in ("written_date", "publish_date"):
            row[name] = row[name].isoformat() if row[name] else ""
        row["columns"] = sorted(columns.get(path, ()))
        row["attachments"] = sorted(
            (a["name"], path_of(a["href"]), a["type"]) for a in d.attachments
        )
        row["feedback_window"] = bool(d.feedback_window)
        result[path] = row
    return result


def expected_documents(site: str) -> dict[str, dict[str, Any]]:
    result = {}
    for doc in expected(site)["document"]:
        row = {name: doc.get(name, "") for name in FIELDS}
        row["columns"] = sorted(doc["columns"])
        row["attachments"] = sorted(
            (a["name"], a["path"], a["type"]) for a in doc.get("attachments", [])
        )
        row["feedback_window"] = bool(doc.get("feedback_window", False))
        result[doc["path"]] = row
    return result


@pytest.fixture(scope="module")
def first_crawl(fixture_servers, tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    db = tmp_path_factory.mktemp("crawl") / "guanxian.sqlite3"
    summary = crawl_json(SITE, fixture_servers(SITE), f"sqlite:///{db}")
    return db, summary


def test_crawl_summary_reports_run_outcome_and_counts(first_crawl) -> None:
    _, summary = first_crawl
    assert summary["outcome"] == "succeeded", summary
    assert summary["run_id"] == 1
    assert summary["documents_stored"] == len(expected(SITE)["document"])
    assert summary["pages_fetched"] > summary["documents_stored"]
    assert {"run_id", "outcome", "pages_fetched", "documents_stored", "errors"} <= summary.keys()


def test_crawl_stores_every_document_once_with_ground_truth_fields(first_crawl) -> None:
    db, _ = first_crawl
    stored = stored_documents(db)
    truth = expected_documents(SITE)
    assert sorted(stored) == sorted(truth)  # every document once, nothing else
    mismatches = {
        path: {
            k: (stored[path][k], truth[path][k])
            for k in truth[path]
            if stored[path][k] != truth[path][k]
        }
        for path in truth
    }
    assert {p: m for p, m in mismatches.items() if m} == {}


def test_unreachable_detail_page_is_recorded_not_stored(first_crawl) -> None:
    db, summary = first_crawl
    unreachable = {u["path"]: u["status"] for u in expected(SITE).get("unreachable", [])}
    assert unreachable, "the fixture plants an unreachable document"
    con = sqlite3.connect(db)
    failed = {
        path_of(url): status
        for url, status in con.execute("select url, status from page_fetch where error != ''")
    }
    con.close()
    assert {p: failed.get(p) for p in unreachable} == unreachable
    assert any(path_of(e.split("：")[0]) in unreachable for e in summary["errors"])


def gbk_paths(site: str) -> set[str]:
    headers = tomllib.loads((FIXTURE_ROOT / site / "_headers.toml").read_text(encoding="utf-8"))
    return {
        r["path"] for r in headers.get("route", []) if "gb" in r.get("content_type", "").lower()
    }


def test_gbk_pages_are_stored_with_correct_chinese(first_crawl) -> None:
    db, _ = first_crawl
    truth = expected_documents(SITE)
    gbk_docs = gbk_paths(SITE) & set(truth)
    assert len(gbk_docs) >= 5, "the fixture has GBK detail pages"
    stored = stored_documents(db)
    assert {p: stored[p]["title"] for p in gbk_docs} == {p: truth[p]["title"] for p in gbk_docs}
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        encodings = {
            path_of(url): enc
            for url, enc in conn.execute(select(PageFetch.final_url, PageFetch.encoding))
        }
    engine.dispose()
    assert {encodings[p] for p in gbk_docs} <= {"gb18030", "gbk"}


def table_counts(db: Path) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        counts = {
            model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Document, Listing, PageBody)
        }
    engine.dispose()
    return counts


def test_second_crawl_updates_documents_without_duplicates(
    first_crawl, fixture_servers, tmp_path
) -> None:
    db = tmp_path / "again.sqlite3"
    shutil.copy(first_crawl[0], db)
    before = table_counts(db)
    summary = crawl_json(SITE, fixture_servers(SITE), f"sqlite:///{db}")
    assert summary["run_id"] == 2 and summary["outcome"] == "succeeded"
    assert table_counts(db) == before  # same documents, listings and page bodies
    assert stored_documents(db) == stored_documents(first_crawl[0])


def test_unreachable_portal_fails_clearly_and_keeps_earlier_data(first_crawl, tmp_path) -> None:
    db = tmp_path / "kept.sqlite3"
    shutil.copy(first_crawl[0], db)
    before = stored_documents(db)
    summary = crawl_json(SITE, "http://127.0.0.1:9/", f"sqlite:///{db}")  # port 9: nothing listens
    assert summary["outcome"] == "failed"
    assert summary["errors"] and "127.0.0.1:9" in summary["errors"][0]
    assert summary["documents_stored"] == len(before)
    assert stored_documents(db) == before
    con = sqlite3.connect(db)
    outcomes = [row[0] for row in con.execute("select outcome from crawl_run order by id")]
    con.close()
    assert outcomes == ["succeeded", "failed"]


@pytest.mark.parametrize("site", ["sichuan_yanting"])
def test_other_static_portals_store_their_ground_truth(site, fixture_servers, tmp_path) -> None:
    """盐亭 (Hanweb): lists in <datastore> blocks, further pages only by POST to dataproxy.jsp.
    (广德's script-fed lists are compared in tests/test_guangde_modes.py.)"""
    db = tmp_path / "db.sqlite3"
    summary = crawl_json(site, fixture_servers(site), f"sqlite:///{db}")
    assert summary["outcome"] == "succeeded", summary
    assert stored_documents(db) == expected_documents(site)


def test_zwgk_check_stores_and_prints_the_findings_of_the_latest_run(first_crawl, tmp_path) -> None:
    db = tmp_path / "checked.sqlite3"
    shutil.copy(first_crawl[0], db)
    result = run_zwgk("check", SITE, "--db", f"sqlite:///{db}", "--json", check=True)
    printed = json.loads(result.stdout)
    assert printed["run_id"] == 1 and printed["catalog"] == "shandong_guanxian_2023"
    found = {
        (f["check"], f["subject"] if f["subject"].startswith("column:") else path_of(f["subject"]))
        for f in printed["findings"]
        if f["verdict"] in {"不符合", "未能核验"} and not f["subject"].startswith("row:")
    }
    assert found == {(g["check"], g["subject"]) for g in expected(SITE)["gap"]}
    assert sum(printed["counts"].values()) == len(printed["findings"])
    con = sqlite3.connect(db)
    stored = con.execute("select count(*) from finding where run_id = 1").fetchone()[0]
    con.close()
    assert stored == len(printed["findings"])


def test_scrapy_crawl_portal_stores_the_ground_truth_too(fixture_servers, tmp_path) -> None:
    # The spider stays a plain Scrapy project: `scrapy crawl portal` needs no zwgk command.
    site = "sichuan_yanting"
    db = tmp_path / "scrapy.sqlite3"
    arguments = ["-a", f"profile={site}", "-a", f"base_url={fixture_servers(site)}"]
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "portal", *arguments],
        cwd=ROOT,
        env={**os.environ, "ZWGK_DATABASE_URL": f"sqlite:///{db}"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert stored_documents(db) == expected_documents(site)
