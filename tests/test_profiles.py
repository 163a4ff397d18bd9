"""Every bundled profile validates; a malformed one fails before any request, naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cms import family_for
from ground.errors import ProfileError
from ground.profiles.schema import available_profiles, load_profile
from tests.conftest import run_zwgk

VALID = """
id = "shandong_guanxian"
name = "冠县人民政府"
base_url = "http://www.guanxian.gov.cn/"
cms = "trs"
[[column]]
id = "zcwj"
name = "政策文件"
role = "政策文件"
url = "xxgk/zcwj/index.html"
"""


@pytest.mark.parametrize("profile_id", available_profiles())
def test_every_bundled_profile_validates_and_yields_start_requests(profile_id: str) -> None:
    profile = load_profile(profile_id)
    family = family_for(profile.cms)
    requests = [r for c in profile.columns for r in family.start_requests(profile, c)]
    assert len(requests) >= len(profile.columns)
    assert all(r.url.startswith(profile.base_url) for r in requests)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shandong_guanxian.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("broken", "field", "value"),
    [
        (VALID.replace('cms = "trs"', 'cms = "wordpress"'), "'cms'", "wordpress"),
        (VALID.replace('role = "政策文件"', 'role = "新闻"'), "'column[0].role'", "新闻"),
        (
            VALID.replace("http://www.guanxian.gov.cn/", "www.guanxian.gov.cn"),
            "'base_url'",
            "www.guanxian.gov.cn",
        ),
        (
            VALID.replace('url = "xxgk/zcwj/index.html"', 'url = "http://evil/x"'),
            "'column[0].url'",
            "http://evil/x",
        ),
        (VALID.replace("[[column]]", 'colour = "red"\n[[column]]'), "'colour'", "red"),
        (
            VALID.replace('role = "政策文件"', 'role = "政策文件"\nfetch = "browser"'),
            "'column[0].wait_for'",
            "",
        ),
    ],
)
def test_malformed_profile_error_names_file_field_and_value(
    tmp_path: Path, broken: str, field: str, value: str
) -> None:
    path = write(tmp_path, broken)
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    message = str(error.value)
    assert str(path) in message
    assert field in message
    assert repr(value) in message


def test_valid_profile_resolves_column_urls_against_base(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    assert profile.columns[0].url == "http://www.guanxian.gov.cn/xxgk/zcwj/index.html"
    rebased = profile.rebased("http://127.0.0.1:8123/")
    assert rebased.columns[0].url == "http://127.0.0.1:8123/xxgk/zcwj/index.html"


def test_crawl_with_malformed_profile_fails_before_any_request(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('cms = "trs"', 'cms = "wordpress"'))
    db = tmp_path / "db.sqlite3"
    result = run_zwgk("crawl", str(path), "--db", f"sqlite:///{db}", "--json")
    assert result.returncode == 2
    assert str(path) in result.stderr and "'cms'" in result.stderr
    assert not db.exists()  # nothing was opened, let alone requested


def refusal(path: Path, field: str, value: str) -> str:
    """The ProfileError message for ``path``, checked to name the file, the field and the value."""
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    message = str(error.value)
    assert str(path) in message
    assert f"field {field!r}" in message
    assert repr(value) in message
    return message


def test_bad_css_selector_in_selectors_list_item_is_refused_at_load(tmp_path: Path) -> None:
    path = write(
        tmp_path, VALID.replace("[[column]]", '[selectors]\nlist_item = "li[["\n[[column]]')
    )
    message = refusal(path, "selectors.list_item", "li[[")
    assert "not a valid CSS selector" in message


def test_bad_css_selector_in_a_column_wait_for_is_refused_at_load(tmp_path: Path) -> None:
    browser = 'role = "政策文件"\nfetch = "browser"\nwait_for = "#list >> li"'
    path = write(tmp_path, VALID.replace('role = "政策文件"', browser))
    message = refusal(path, "column[0].wait_for", "#list >> li")
    assert "not a valid CSS selector" in message


def test_kaipu_cms_is_refused_naming_the_known_families(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('cms = "trs"', 'cms = "kaipu"'))
    message = refusal(path, "cms", "kaipu")
    assert "(known: generic, gkmlpt, hanweb, spa, trs)" in message
