"""A column whose list has more pages than its ``max_pages`` is read only in part: the run says
so and the checks give 未能核验, never 不符合, for what its unread pages may hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ground.profiles.schema import PROFILE_DIR
from tests.conftest import crawl_json, run_zwgk

SITE = "shandong_guanxian"


@pytest.fixture(scope="module")
def crawled(fixture_servers, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """冠县 crawled with its 政策解读 column (three list pages) cut to one page, then checked."""
    folder = tmp_path_factory.mktemp("profile")
    text = (PROFILE_DIR / f"{SITE}.toml").read_text(encoding="utf-8")
    cut = text.replace(
        'url = "xxgk/zcjd/index.html"\n', 'url = "xxgk/zcjd/index.html"\nmax_pages = 1\n'
    )
    assert cut != text
    profile = folder / f"{SITE}.toml"
    profile.write_text(cut, encoding="utf-8")
    db = f"sqlite:///{folder / 'z.sqlite3'}"
    summary = crawl_json(str(profile), fixture_servers(SITE), db)
    checked = run_zwgk("check", str(profile), "--db", db, "--json", check=True)
    return {"summary": summary, "check": json.loads(checked.stdout)}


def test_the_run_says_the_list_was_read_in_part(crawled: dict[str, Any]) -> None:
    summary = crawled["summary"]
    assert summary["outcome"] == "partial"
    assert "栏目 zcjd：列表共 3 页，按 max_pages 只读取前 1 页" in summary["errors"]


def test_no_document_lacks_a_解读_the_unread_pages_may_hold(crawled: dict[str, Any]) -> None:
    published = [
        f for f in crawled["check"]["findings"] if f["check"] == "interpretation_published"
    ]
    assert published
    assert not [f for f in published if f["verdict"] == "不符合"]
    assert any(
        f["verdict"] == "未能核验" and "政策解读未读完（列表共 3 页" in f["message"]
        for f in published
    )


def test_the_whole_list_gives_the_planted_不符合(
    crawled: dict[str, Any], fixture_servers, tmp_path: Path
) -> None:
    # The control: the same portal with its own profile finds the planted missing 解读.
    db = f"sqlite:///{tmp_path / 'z.sqlite3'}"
    crawl_json(SITE, fixture_servers(SITE), db)
    checked = json.loads(run_zwgk("check", SITE, "--db", db, "--json", check=True).stdout)
    assert any(
        f["check"] == "interpretation_published" and f["verdict"] == "不符合"
        for f in checked["findings"]
    )
