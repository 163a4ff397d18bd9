"""A deployment's own profiles and catalogs in ``$ZWGK_CONFIG`` (``profiles/``, ``catalogs/``),
beside the shipped ones; and report links that open the portal, not the mirror crawled.

The deployment's portal here is 冠县 under another id (``shandong_liaocheng``), crawled from the
fixture server with ``--base-url`` as a mirror would be.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.catalog_files import CATALOG_DIR
from ground.errors import ProfileError
from ground.profiles.schema import PROFILE_DIR, available_profiles, load_profile
from tests.conftest import run_zwgk

PORTAL = "http://www.guanxian.gov.cn/"
SITE = "shandong_liaocheng"


def config_folder(root: Path, *, years: tuple[int, ...] = (2023,)) -> Path:
    """A ZWGK_CONFIG folder holding the 冠县 profile and task tables under the id ``SITE``."""
    (root / "profiles").mkdir(parents=True)
    (root / "catalogs").mkdir()
    profile = (PROFILE_DIR / "shandong_guanxian.toml").read_text(encoding="utf-8")
    (root / "profiles" / f"{SITE}.toml").write_text(
        profile.replace('id = "shandong_guanxian"', f'id = "{SITE}"'), encoding="utf-8"
    )
    table = (CATALOG_DIR / "shandong_guanxian_2023.toml").read_text(encoding="utf-8")
    for year in years:
        text = table.replace("shandong_guanxian", SITE).replace("2023", str(year))
        (root / "catalogs" / f"{SITE}_{year}.toml").write_text(text, encoding="utf-8")
    return root


def test_profiles_in_the_config_folder_are_listed_beside_the_shipped_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZWGK_CONFIG", str(config_folder(tmp_path)))
    assert SITE in available_profiles()
    assert "sichuan_yanting" in available_profiles()
    assert load_profile(SITE).path == tmp_path / "profiles" / f"{SITE}.toml"


def test_a_config_copy_of_a_shipped_profile_is_the_one_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "profiles").mkdir()
    text = (PROFILE_DIR / "sichuan_yanting.toml").read_text(encoding="utf-8")
    changed = text.replace('name = "盐亭县人民政府"', 'name = "盐亭县人民政府（部署副本）"')
    (tmp_path / "profiles" / "sichuan_yanting.toml").write_text(changed, encoding="utf-8")
    monkeypatch.setenv("ZWGK_CONFIG", str(tmp_path))
    assert load_profile("sichuan_yanting").name == "盐亭县人民政府（部署副本）"


def test_a_config_folder_that_does_not_exist_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZWGK_CONFIG", str(tmp_path / "nowhere"))
    with pytest.raises(ProfileError, match=r"ZWGK_CONFIG=.*nowhere: no such folder"):
        load_profile(SITE)


@pytest.fixture(scope="module")
def audited(fixture_servers, tmp_path_factory) -> tuple[dict[str, str], str, Path]:
    """``zwgk audit`` of the config folder's profile, with its own catalog, over a mirror."""
    root = tmp_path_factory.mktemp("config")
    env = {"ZWGK_CONFIG": str(config_folder(root / "config"))}
    db, out = f"sqlite:///{root / 'db.sqlite3'}", root / "report"
    base = fixture_servers("shandong_guanxian")
    run_zwgk("audit", SITE, "--base-url", base, "--db", db, "--out", str(out), env=env, check=True)
    return env, db, out


def test_audit_of_a_config_profile_uses_its_config_catalog(audited) -> None:
    _, _, out = audited
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert document["catalog"]["id"] == f"{SITE}_2023"


def test_report_links_open_the_portal_not_the_mirror_crawled(audited) -> None:
    _, _, out = audited
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    urls = [e["url"] for f in findings for e in f["evidence"] if e["url"]]
    assert urls
    assert not [u for u in urls if "127.0.0.1" in u]
    assert any(u.startswith(PORTAL) for u in urls)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "127.0.0.1" not in html
    # The archived copies stay local, beside the report.
    archives = [e["archive"] for f in findings for e in f["evidence"] if e.get("archive")]
    assert archives
    assert all(a.startswith("pages/") and (out / a).is_file() for a in archives)


def test_audit_of_a_config_profile_against_the_baseline(audited, tmp_path: Path) -> None:
    env, db, _ = audited
    out = tmp_path / "report"
    result = run_zwgk("check", SITE, "--catalog", "baseline_2023", "--db", db, env=env, check=True)
    assert "baseline_2023" in result.stdout
    run_zwgk(
        "report", SITE, "--catalog", "baseline_2023", "--db", db, "--out", str(out),
        env=env, check=True,
    )  # fmt: skip
    assert json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]


def test_report_with_several_years_and_no_choice_stops_listing_them(
    audited, tmp_path: Path
) -> None:
    _, db, _ = audited
    env = {"ZWGK_CONFIG": str(config_folder(tmp_path / "config", years=(2023, 2024)))}
    out = tmp_path / "report"
    result = run_zwgk("report", SITE, "--db", db, "--out", str(out), env=env)
    assert result.returncode == 2
    assert f"{SITE}_2023, {SITE}_2024" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
