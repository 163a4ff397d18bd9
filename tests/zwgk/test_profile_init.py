"""``zwgk profile init URL``: a draft profile from a portal's pages, over real HTTP.

Each fixture portal is served on 127.0.0.1 and its home page given to ``profile init``; the draft
is compared with the hand-written profile column by column (same URL, same role).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ground.profiles.schema import load_profile
from tests.conftest import run_zwgk
from zwgk.profile_init import init_profile

SITES = ["shandong_guanxian", "sichuan_yanting", "anhui_guangde", "hubei_gucheng"]
HAND_FAMILY = {
    "shandong_guanxian": "trs",
    "sichuan_yanting": "hanweb",
    "anhui_guangde": "spa",
    "hubei_gucheng": "trs",
}
REQUIRED_MATCH = 0.9  # the bar: 90% of the hand-written columns found with their role


def page(url: str) -> str:
    """A column's page: a folder URL and its index.html are one page (the server answers both)."""
    return url.removesuffix("index.html")


def draft_of(site: str, base: str, tmp_path: Path) -> Path:
    return init_profile(base, tmp_path / f"{site}.toml", force=False, delay=0)


@pytest.mark.parametrize("site", SITES)
def test_draft_columns_and_roles_match_the_hand_written_profile(
    site: str, fixture_servers, tmp_path: Path
) -> None:
    base = fixture_servers(site)
    draft = load_profile(draft_of(site, base, tmp_path))
    hand = load_profile(site).rebased(base)
    found = {page(c.url): c.role for c in draft.columns}
    matched = [c.id for c in hand.columns if found.get(page(c.url)) == c.role]
    share = len(matched) / len(hand.columns)
    extra = sorted(set(found) - {page(c.url) for c in hand.columns})
    print(f"{site}: {len(matched)}/{len(hand.columns)} columns ({share:.0%}), extra {extra}")
    assert share >= REQUIRED_MATCH
    assert extra == []


@pytest.mark.parametrize("site", SITES)
def test_draft_names_the_cms_family_from_the_pages_markers(
    site: str, fixture_servers, tmp_path: Path
) -> None:
    draft = load_profile(draft_of(site, fixture_servers(site), tmp_path))
    assert draft.cms == HAND_FAMILY[site]


def test_draft_takes_the_units_from_the_department_and_township_index(
    fixture_servers, tmp_path: Path
) -> None:
    draft = load_profile(
        draft_of("shandong_guanxian", fixture_servers("shandong_guanxian"), tmp_path)
    )
    assert draft.units == load_profile("shandong_guanxian").units
    assert {c.unit: c.role for c in draft.columns if c.unit}["东古城镇"] == "乡镇信息公开"


def test_script_filled_lists_are_flagged_and_crawled_by_their_api(
    fixture_servers, tmp_path: Path
) -> None:
    path = draft_of("anhui_guangde", fixture_servers("anhui_guangde"), tmp_path)
    column = load_profile(path).column("zcwjk")
    assert (column.fetch, column.api["endpoint"], column.wait_for) == (
        "api",
        "api/list/zcwjk",
        "#doc-list li",
    )
    assert "# 列表由脚本填充" in path.read_text(encoding="utf-8")


def test_the_column_page_meta_corrects_a_role_guessed_from_the_navigation(
    fixture_servers, tmp_path: Path
) -> None:
    # 盐亭's units are listed under 部门信息公开, but each unit's page is its 法定主动公开内容.
    draft = load_profile(draft_of("sichuan_yanting", fixture_servers("sichuan_yanting"), tmp_path))
    roles = {c.unit: c.role for c in draft.columns if c.unit}
    assert set(roles.values()) == {"法定主动公开内容"}


def test_cli_writes_the_draft_and_says_where(fixture_servers, tmp_path: Path) -> None:
    out = tmp_path / "shandong_liaocheng.toml"
    base = fixture_servers("shandong_guanxian")
    result = run_zwgk("profile", "init", base, "--out", str(out), "--delay", "0", check=True)
    assert str(out) in result.stdout
    assert load_profile(out).id == "shandong_liaocheng"


def test_an_existing_file_is_never_overwritten_without_force(
    fixture_servers, tmp_path: Path
) -> None:
    out = tmp_path / "shandong_liaocheng.toml"
    out.write_text("# a reviewed profile\n", encoding="utf-8")
    base = fixture_servers("shandong_guanxian")
    result = run_zwgk("profile", "init", base, "--out", str(out), "--delay", "0")
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "# a reviewed profile\n"


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("static/js/list.js", "not an HTML page"),
        ("no/such/page.html", "HTTP 404"),
    ],
)
def test_a_url_that_is_not_an_html_page_ends_in_one_line(
    path: str, said: str, fixture_servers, tmp_path: Path
) -> None:
    out = tmp_path / "anhui_guangde.toml"
    url = fixture_servers("anhui_guangde") + path
    result = run_zwgk("profile", "init", url, "--out", str(out))
    assert result.returncode == 2
    assert said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_an_unreachable_host_ends_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "anhui_guangde.toml"
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    result = run_zwgk("profile", "init", "http://127.0.0.1:9/", "--out", str(out))
    assert result.returncode == 2
    assert "cannot fetch http://127.0.0.1:9/" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
