"""The national baseline catalog, and how a run's catalog is chosen.

The baseline names no profile and no year: choosing it binds both. A profile with several task
tables and no choice made stops with a message listing them; one without any points to the
baseline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.catalog import BASELINE
from checks.catalog_files import (
    CATALOG_DIR,
    catalog_for,
    choose_catalog,
    load_baseline,
    load_catalog,
)
from checks.rules import all_checks
from ground.errors import CatalogError

GUANXIAN_TABLE = CATALOG_DIR / "shandong_guanxian_2023.toml"


def test_baseline_is_bound_to_the_profile_and_the_year_the_run_was_crawled() -> None:
    catalog = choose_catalog("beijing_haidian", "baseline", run_started="2025-06-30T22:00:00+00:00")
    assert (catalog.id, catalog.profile, catalog.year, catalog.kind) == (
        "baseline_2025",
        "beijing_haidian",
        2025,
        BASELINE,
    )


def test_baseline_with_a_year_judges_that_year() -> None:
    catalog = choose_catalog(
        "shandong_guanxian", "baseline_2023", run_started="2026-01-02T00:00:00"
    )
    assert (catalog.id, catalog.year) == ("baseline_2023", 2023)


def test_every_baseline_row_maps_to_registered_checks_or_says_why_it_is_manual() -> None:
    catalog = load_baseline("shandong_guanxian", 2023)
    names = {spec.name for row in catalog.rows for spec in row.checks}
    assert names <= set(all_checks())
    assert all(bool(r.checks) != bool(r.manual) for r in catalog.rows)
    assert all(len(r.manual) >= 10 for r in catalog.rows if r.manual)


def test_baseline_covers_the_national_requirements() -> None:
    # 指南, 制度, 法定主动公开, 20 working days, 有效性, 解读, 咨询建议评价 window, 意见征集, 年报.
    catalog = load_baseline("shandong_guanxian", 2023)
    names = {spec.name for row in catalog.rows for spec in row.checks}
    assert names == {
        "column_has_content",
        "publication_timely",
        "validity_marked",
        "interpretation_published",
        "interpretation_linked_both_ways",
        "feedback_window_present",
        "consultation_feedback_published",
        "annual_report_published",
    }
    roles = {r for row in catalog.rows for s in row.checks for r in s.params.get("roles", ())}
    assert {"信息公开指南", "信息公开制度", "法定主动公开内容"} <= roles


def test_baseline_thresholds_are_the_statutory_ones() -> None:
    catalog = load_baseline("shandong_guanxian", 2023)
    params = {spec.name: spec.params for row in catalog.rows for spec in row.checks}
    assert params["publication_timely"] == {"max_workdays": 20}  # 条例第二十六条
    assert params["annual_report_published"] == {"deadline": "03-31", "unit_deadline": "01-31"}


def test_baseline_cites_the_regulation_by_number_and_issuer() -> None:
    source = load_baseline("shandong_guanxian", 2023).source
    assert (source.number, source.office) == ("国务院令第711号", "国务院")


def test_a_baseline_file_naming_a_profile_is_refused(tmp_path: Path) -> None:
    text = (CATALOG_DIR / "baseline.toml").read_text(encoding="utf-8")
    path = tmp_path / "baseline.toml"
    path.write_text(text.replace('\nkind = "baseline"\n', '\nkind = "baseline"\nprofile = "x_y"\n'))
    with pytest.raises(CatalogError, match=r"field 'profile' = 'x_y': a baseline catalog applies"):
        load_baseline("shandong_guanxian", 2023, path=path)


def test_the_baseline_is_not_loaded_unbound() -> None:
    with pytest.raises(CatalogError, match="bound to a profile and a year"):
        load_catalog("baseline")


def test_a_profile_without_a_task_table_is_pointed_to_the_baseline() -> None:
    with pytest.raises(CatalogError, match="--catalog baseline"):
        catalog_for("beijing_haidian")


def test_several_task_tables_and_no_choice_stops_listing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    text = GUANXIAN_TABLE.read_text(encoding="utf-8").replace("2023", "2024")
    (catalogs / "shandong_guanxian_2024.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("ZWGK_CONFIG", str(tmp_path))
    with pytest.raises(CatalogError) as error:
        choose_catalog("shandong_guanxian")
    assert "shandong_guanxian_2023, shandong_guanxian_2024" in str(error.value)
    assert choose_catalog("shandong_guanxian", "shandong_guanxian_2024").year == 2024


def test_the_profiles_only_task_table_is_chosen_without_asking() -> None:
    assert choose_catalog("sichuan_yanting").id == "sichuan_yanting_2023"
