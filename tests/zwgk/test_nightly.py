"""``zwgk nightly``: each portal crawled, checked and reported in turn, one line each, a lock.

The portals are the bundled 冠县 and 盐亭 fixtures, served on 127.0.0.1 (``--fixtures``), with
their profiles cut to the first three columns (a deployment's copies in ``ZWGK_CONFIG``, which
win over the shipped ones): every step of a night runs, on a tenth of the pages.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ground.profiles.schema import PROFILE_DIR, load_profile
from tests.conftest import run_zwgk
from zwgk.nightly import EXIT_LOCKED, LOCK_NAME, nightly_catalog

PORTALS = ("shandong_guanxian", "sichuan_yanting")
COLUMNS_KEPT = 3


def trimmed_profile(profile_id: str, *, new_id: str = "") -> str:
    """A profile's TOML with only its first columns (and another id, if given)."""
    text = (PROFILE_DIR / f"{profile_id}.toml").read_text(encoding="utf-8")
    parts = text.split("[[column]]")
    kept = "[[column]]".join(parts[: COLUMNS_KEPT + 1])
    return kept.replace(f'id = "{profile_id}"', f'id = "{new_id}"', 1) if new_id else kept


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    """A ZWGK_CONFIG folder: the two portals trimmed, and henan_nowhere (a portal with no
    fixture copy, so a --fixtures night fails for it)."""
    root = tmp_path_factory.mktemp("config")
    (root / "profiles").mkdir()
    for profile_id in PORTALS:
        (root / "profiles" / f"{profile_id}.toml").write_text(
            trimmed_profile(profile_id), encoding="utf-8"
        )
    (root / "profiles" / "henan_nowhere.toml").write_text(
        trimmed_profile(PORTALS[0], new_id="henan_nowhere"), encoding="utf-8"
    )
    return root


@dataclass
class Night:
    code: int
    lines: list[str]
    stderr: str
    out: Path
    db_file: Path


def nightly(config: Path, folder: Path, *profiles: str) -> Night:
    db_file, out = folder / "zwgk.sqlite3", folder / "reports"
    result = run_zwgk(
        "nightly",
        *profiles,
        "--fixtures",
        "--db",
        f"sqlite:///{db_file}",
        "--out",
        str(out),
        env={"ZWGK_CONFIG": str(config)},
    )
    print(result.stdout, result.stderr)
    return Night(result.returncode, result.stdout.splitlines(), result.stderr, out, db_file)


@pytest.fixture(scope="module")
def night(config: Path, tmp_path_factory) -> Night:
    return nightly(config, tmp_path_factory.mktemp("night"), *PORTALS)


def test_nightly_over_two_portals_prints_a_line_each_and_exits_0(night: Night) -> None:
    assert night.code == 0
    assert [line.split("\t")[:3] for line in night.lines[:2]] == [
        [PORTALS[0], "运行 #1", "抓取成功"],
        [PORTALS[1], "运行 #2", "抓取成功"],
    ]
    assert night.lines[2:] == ["nightly: 2/2 个门户已处理"]


def test_nightly_line_gives_pages_documents_verdicts_and_the_report(night: Night) -> None:
    fields = night.lines[0].split("\t")
    assert fields[3].startswith("页面 ") and int(fields[3].split()[1]) > 0
    assert fields[4].startswith("文档 ") and int(fields[4].split()[1]) > 0
    assert fields[5].split()[::2] == ["符合", "不符合", "未能核验", "需人工核验"]
    assert fields[6] == f"报告 {night.out.resolve() / PORTALS[0] / 'index.html'}"


def test_nightly_writes_each_portals_report_into_its_own_folder(night: Night) -> None:
    for run_id, profile_id in enumerate(PORTALS, start=1):
        folder = night.out / profile_id
        findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
        assert findings["run"]["id"] == run_id
        assert (folder / "index.html").is_file()
        assert not [p for p in folder.iterdir() if p.name.startswith(".zwgk-")]


def runs_recorded(db_file: Path) -> int:
    if not db_file.exists():
        return 0
    with sqlite3.connect(db_file) as conn:
        return conn.execute("select count(*) from crawl_run").fetchone()[0]


def test_second_nightly_while_the_lock_is_held_exits_at_once_with_one_line(
    config: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    with (out / LOCK_NAME).open("w", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("pid 4242, started 2026-12-01T02:00:00+08:00\n")
        held.flush()
        second = nightly(config, tmp_path, PORTALS[0])
    assert second.code == EXIT_LOCKED
    assert second.stderr.strip().splitlines() == [
        "错误: another zwgk nightly is running (pid 4242, started 2026-12-01T02:00:00+08:00; "
        f"lock {out / LOCK_NAME}): not started"
    ]
    assert second.lines == []
    assert runs_recorded(second.db_file) == 0


def test_portal_the_tool_fails_for_is_named_and_the_others_still_run(
    config: Path, tmp_path: Path
) -> None:
    result = nightly(config, tmp_path, "henan_nowhere", PORTALS[1])
    assert result.code == 1
    failed = result.lines[0].split("\t")
    assert failed[0] == "henan_nowhere"
    assert failed[1].startswith("工具失败：") and "no such fixture site" in failed[1]
    assert result.lines[1].split("\t")[:3] == [PORTALS[1], "运行 #1", "抓取成功"]
    assert (result.out / PORTALS[1] / "index.html").is_file()
    assert result.stderr.strip().splitlines()[-1] == (
        "错误: nightly: the tool failed for henan_nowhere"
    )


@pytest.fixture
def no_config(monkeypatch) -> Iterator[None]:
    monkeypatch.delenv("ZWGK_CONFIG", raising=False)
    yield


@pytest.mark.parametrize(
    ("profile_id", "catalog"),
    [
        (PORTALS[0], None),  # its own task table, as `zwgk check` would choose it
        ("henan_nowhere", "baseline"),  # no table of its own: the national baseline
    ],
)
def test_nightly_checks_with_the_portals_own_catalog_else_the_baseline(
    no_config, profile_id: str, catalog: str | None
) -> None:
    profile = load_profile(PORTALS[0]).model_copy(update={"id": profile_id})
    assert nightly_catalog(profile) == catalog
