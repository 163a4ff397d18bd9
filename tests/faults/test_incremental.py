"""Incremental crawling: a second night reads every list page but fetches a detail page again only
when it is new, changed on its list entry, or due for its periodic re-read (then conditionally);
what it did not fetch joins the run unchanged."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, update

from ground.store.models import Document, PageFetch
from tests.conftest import crawl_json
from zwgk.fixture_server import FIXTURE_ROOT, serve_fixture

SITE = "shandong_guanxian"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the 冠县 fixture portal (tests change it between nights)."""
    root = tmp_path_factory.mktemp("incremental") / SITE
    shutil.copytree(FIXTURE_ROOT / SITE, root)
    yield root


@pytest.fixture(scope="module")
def nights(portal: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Three crawls into one database: fresh; unchanged; after one list entry was revised and
    every stored copy was made older than the profile's full re-crawl period."""
    db = f"sqlite:///{tmp_path_factory.mktemp('db') / 'z.sqlite3'}"
    with serve_fixture(portal) as base:
        first = crawl_json(SITE, base, db)
        second = crawl_json(SITE, base, db)
        revised = revise_one_list_entry(portal)
        third = crawl_json(SITE, base, db)
        age_every_document(db)
        fourth = crawl_json(SITE, base, db)
        removed = remove_one_list_entry(portal)
        fifth = crawl_json(SITE, base, db)
        full = crawl_json(SITE, base, db, "--full")
    runs = [first, second, third, fourth, fifth, full]
    return {"db": db, "runs": runs, "revised": revised, "removed": removed}


def revise_one_list_entry(portal: Path) -> str:
    """Change the list title of one 政策文件 entry (as a portal does when a title is corrected);
    returns the entry's file name."""
    listing = portal / "xxgk" / "zcwj" / "index.html"
    text = listing.read_text(encoding="utf-8")
    entry = re.search(r'<a href="\./(\d{6}/t\w+\.html)" title="([^"]+)"[^>]*>([^<]+)</a>', text)
    assert entry is not None
    revised = entry.group(0).replace(entry.group(3) + "</a>", entry.group(3) + "（修订）</a>")
    revised = revised.replace(f'title="{entry.group(2)}"', f'title="{entry.group(2)}（修订）"')
    listing.write_text(text.replace(entry.group(0), revised, 1), encoding="utf-8")
    return entry.group(1).split("/")[-1]


def remove_one_list_entry(portal: Path) -> str:
    """Take one 政策文件 entry off every list that shows it; returns its file name."""
    first_list = (portal / "xxgk" / "zcwj" / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<a href="\./\d{6}/(t\w+\.html)"', first_list)
    name = names[1]  # the first is the revised one
    for listing in portal.rglob("index*.html"):  # some lists are GBK: lines as bytes
        lines = listing.read_bytes().splitlines(keepends=True)
        listing.write_bytes(b"".join(x for x in lines if f"/{name}".encode() not in x))
    return name


def age_every_document(db: str) -> None:
    """Time passes: every stored copy is older than the full re-crawl period."""
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(update(Document).values(fetched_at="2020-01-01T00:00:00+00:00"))
    engine.dispose()


def fetches(db: str, run_id: int) -> list[tuple[str, int, bool]]:
    engine = create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(
            select(PageFetch.url, PageFetch.status, PageFetch.not_modified).where(
                PageFetch.run_id == run_id
            )
        ).all()
    engine.dispose()
    return [(r.url, r.status, r.not_modified) for r in rows]


def carried_copies(db: str) -> set[str]:
    """Stored documents whose every box was read: those a night may carry over."""
    engine = create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(select(Document.url, Document.js_boxes)).all()
    engine.dispose()
    return {url for url, boxes in rows if not boxes}


def unread_copies(db: str) -> set[str]:
    """Stored documents with a box their crawl could not read."""
    engine = create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(select(Document.url, Document.js_boxes)).all()
    engine.dispose()
    return {url for url, boxes in rows if boxes}


def documents_in_run(db: str, run_id: int) -> int:
    engine = create_engine(db)
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count()).select_from(Document).where(Document.last_run_id == run_id)
        ).scalar_one()
    engine.dispose()
    return count


def test_an_unchanged_portal_is_read_by_its_list_pages_alone(nights: dict) -> None:
    first, second = nights["runs"][0], nights["runs"][1]
    assert second["pages_fetched"] < first["pages_fetched"]
    # Nothing but list pages (and answers that are not documents) was fetched the second night.
    second_urls = {url for url, _, _ in fetches(nights["db"], second["run_id"])}
    assert first["documents_stored"] > 0
    stored = carried_copies(nights["db"])
    assert not second_urls & stored


def test_a_copy_with_an_unread_box_is_fetched_again_every_night(nights: dict) -> None:
    unread = unread_copies(nights["db"])
    assert unread  # the 冠县 fixture plants script-filled boxes
    second = {url for url, _, _ in fetches(nights["db"], nights["runs"][1]["run_id"])}
    assert unread <= second


def test_documents_not_fetched_again_still_belong_to_the_run(nights: dict) -> None:
    first, second = nights["runs"][0], nights["runs"][1]
    assert second["documents_seen"] == first["documents_seen"]
    assert second["documents_stored"] == first["documents_stored"]


def test_a_revised_list_entry_is_fetched_again_and_only_it(nights: dict) -> None:
    third = nights["runs"][2]
    stored = carried_copies(nights["db"])
    refetched = {url for url, _, _ in fetches(nights["db"], third["run_id"]) if url in stored}
    assert len(refetched) == 1
    assert next(iter(refetched)).endswith(nights["revised"])


def test_a_copy_due_for_re_reading_is_asked_for_conditionally(nights: dict) -> None:
    first, fourth = nights["runs"][0], nights["runs"][3]
    stored = carried_copies(nights["db"])
    answers = fetches(nights["db"], fourth["run_id"])
    asked = {url for url, _, _ in answers if url in stored}
    unchanged = {url for url, status, same in answers if status == 304 and same}
    # Every stored copy was due: each was asked for again, and the portal said "unchanged".
    assert len(asked) == len(stored)
    assert unchanged == asked
    assert fourth["documents_seen"] == first["documents_seen"]


def test_a_document_gone_from_its_list_is_recorded_withdrawn_not_deleted(nights: dict) -> None:
    fifth = nights["runs"][4]
    engine = create_engine(nights["db"])
    with engine.connect() as conn:
        withdrawn = conn.execute(
            select(Document.url, Document.withdrawn_run_id, Document.withdrawn_at).where(
                Document.withdrawn_run_id.is_not(None)
            )
        ).all()
    engine.dispose()
    assert [(row.url.rsplit("/", 1)[-1], row.withdrawn_run_id) for row in withdrawn] == [
        (nights["removed"], fifth["run_id"])
    ]
    assert withdrawn[0].withdrawn_at
    assert fifth["documents_stored"] == nights["runs"][0]["documents_stored"]


def test_a_full_crawl_fetches_every_listed_page_again(nights: dict) -> None:
    full = nights["runs"][5]
    engine = create_engine(nights["db"])
    with engine.connect() as conn:
        stored = {
            u
            for (u,) in conn.execute(
                select(Document.url).where(Document.withdrawn_run_id.is_(None))
            ).all()
        }
    engine.dispose()
    fetched = {url for url, status, _ in fetches(nights["db"], full["run_id"]) if status == 200}
    assert stored <= fetched
