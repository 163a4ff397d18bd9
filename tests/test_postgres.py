"""The 冠县 crawl and check against a real PostgreSQL server, compared with the ground truth as
tests/test_crawl.py does for SQLite (the upsert takes PostgreSQL's ON CONFLICT path here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from ground.store.models import Document, FindingRow, Listing, PageBody
from tests.conftest import crawl_json, expected, run_zwgk
from tests.pg_server import create_database, postgres_server
from tests.test_crawl import FIELDS, expected_documents, path_of

SITE = "shandong_guanxian"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session, with an empty database ``zwgk``."""
    with postgres_server("zwgk") as url:
        yield url


def stored_documents(url: str) -> dict[str, dict[str, Any]]:
    """tests/test_crawl.py's ``stored_documents``, for any database URL."""
    engine = create_engine(url)
    with engine.connect() as conn:
        docs = conn.execute(select(Document)).all()
        listings = conn.execute(select(Listing.url, Listing.column_id)).all()
    engine.dispose()
    columns: dict[str, set[str]] = {}
    for listed, column_id in listings:
        columns.setdefault(path_of(listed), set()).add(column_id)
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


def scalar(url: str, statement: Any) -> Any:
    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(statement).scalar_one()
    engine.dispose()
    return value


def table_counts(url: str) -> dict[str, int]:
    return {
        model.__tablename__: scalar(url, select(func.count()).select_from(model))
        for model in (Document, Listing, PageBody)
    }


@pytest.fixture(scope="module")
def first_crawl(postgres_url, fixture_servers) -> tuple[str, dict[str, Any]]:
    """One crawl into the session's database; tests that write work on copies of it."""
    summary = crawl_json(SITE, fixture_servers(SITE), postgres_url)
    assert summary.get("outcome") == "succeeded", summary
    return postgres_url, summary


def copy_of(url: str, name: str) -> str:
    """A new database with the contents of ``url``'s (as test_crawl.py copies SQLite files)."""
    return create_database(url, name, template=url.rsplit("/", 1)[1])


def test_crawl_into_postgres_stores_every_document_once_with_ground_truth_fields(
    first_crawl,
) -> None:
    url, _ = first_crawl
    stored = stored_documents(url)
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


def test_second_crawl_into_postgres_adds_no_duplicates_and_updates_last_run(
    first_crawl, fixture_servers
) -> None:
    url = copy_of(first_crawl[0], "zwgk_again")
    before = table_counts(url)
    summary = crawl_json(SITE, fixture_servers(SITE), url)
    assert summary["run_id"] == 2 and summary["outcome"] == "succeeded", summary
    assert table_counts(url) == before  # same documents, listings and page bodies
    assert stored_documents(url) == stored_documents(first_crawl[0])
    for model in (Document, Listing):
        runs = select(func.min(model.last_run_id), func.max(model.last_run_id))
        engine = create_engine(url)
        with engine.connect() as conn:
            assert tuple(conn.execute(runs).one()) == (2, 2), model.__tablename__
        engine.dispose()
    assert scalar(url, select(func.max(Document.first_run_id))) == 1


def test_zwgk_check_on_postgres_finds_exactly_the_planted_gaps(first_crawl) -> None:
    url = copy_of(first_crawl[0], "zwgk_checked")
    result = run_zwgk("check", SITE, "--db", url, "--json", check=True)
    printed = json.loads(result.stdout)
    assert printed["run_id"] == 1 and printed["catalog"] == "shandong_guanxian_2023"
    found = {
        (f["check"], f["subject"] if f["subject"].startswith("column:") else path_of(f["subject"]))
        for f in printed["findings"]
        if f["verdict"] in {"不符合", "未能核验"} and not f["subject"].startswith("row:")
    }
    assert found == {(g["check"], g["subject"]) for g in expected(SITE)["gap"]}
    stored = scalar(url, select(func.count()).select_from(FindingRow).where(FindingRow.run_id == 1))
    assert stored == len(printed["findings"])
