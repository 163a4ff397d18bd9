"""Incremental nights over the scripted faulty portal: what a night carries over unchanged is
judged exactly as the night that fetched it, and what it could not read is never taken as gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, update

from checks.findings import Finding
from ground.store.models import Document
from tests.faults.crawl import crawl
from tests.faults.portal import routes, write_profile
from tests.faults.server import Answer, redirect, serve
from zwgk.audit import check_run

CATALOG = "shandong_guanxian_2023"


def verdicts(findings: list[Finding]) -> dict[tuple[str, str], str]:
    return {(f.check, f.subject.split("/", 3)[-1]): f.verdict.value for f in findings}


def age(db: Path, name: str) -> None:
    """Time passes for one stored copy: older than any full re-crawl period."""
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(
            update(Document)
            .where(Document.url.endswith(name))
            .values(fetched_at="2020-01-01T00:00:00+00:00")
        )
    engine.dispose()


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two nights; the 解读 jd1 is listed by a URL that redirects, and in the second night
    ok2's page, due for its re-read, answers 503 (it stays on its list)."""
    folder = tmp_path_factory.mktemp("nights")
    db = folder / "z.sqlite3"
    served = routes()
    served["/zcjd/2023/jd1.html"] = served["/zcjd/jd1.html"]
    served["/zcjd/jd1.html"] = redirect("/zcjd/2023/jd1.html")
    results = []
    with serve(served) as portal:
        profile = write_profile(folder, portal.base)
        for night in (1, 2):
            if night == 2:
                # ok2's copy is due for its re-read, and its page now answers 503.
                served["/gfxwj/ok2.html"] = Answer(503, body=b"<h1>busy</h1>")
                age(db, "ok2.html")
            summary = crawl(profile, db)
            audited = check_run(str(profile), db=f"sqlite:///{db}", run_id=None, catalog_id=CATALOG)
            results.append((summary, verdicts(audited.findings)))
    return {"db": db, "results": results}


def test_a_carried_document_reached_through_a_redirect_keeps_its_column(nights: dict) -> None:
    first, second = nights["results"][0][1], nights["results"][1][1]
    key = ("interpretation_published", "gfxwj/ok1.html")
    assert first[key] == "符合"
    assert second[key] == "符合"


def test_the_second_night_judges_what_it_carried_as_the_first_did(nights: dict) -> None:
    first, second = nights["results"][0][1], nights["results"][1][1]
    changed = {k: (first.get(k), second.get(k)) for k in set(first) | set(second)}
    changed = {k: v for k, v in changed.items() if v[0] != v[1] and "ok2" not in k[1]}
    assert changed == {}


def test_a_listed_page_that_fails_is_not_withdrawn(nights: dict) -> None:
    engine = create_engine(f"sqlite:///{nights['db']}")
    with engine.connect() as conn:
        withdrawn = conn.execute(
            select(Document.url).where(Document.withdrawn_run_id.is_not(None))
        ).all()
    engine.dispose()
    assert withdrawn == []


def test_a_gap_whose_page_fails_on_the_second_night_is_unverified(nights: dict) -> None:
    first, second = nights["results"][0][1], nights["results"][1][1]
    assert first[("interpretation_published", "gfxwj/ok2.html")] == "不符合"
    assert second[("interpretation_published", "gfxwj/ok2.html")] == "未能核验"
