"""The bundled task catalogs load, match their seed tables row for row, and keep their thresholds.

The seed tables, as they arrived, are copied verbatim to ``tests/checks/seeds/<catalog id>.txt``
so that every requirement and unit of a catalog can be found in the table it was transcribed
from.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from checks.catalog import Catalog
from checks.catalog_files import (
    available_catalogs,
    catalog_for,
    load_catalog,
    registered_params,
)
from checks.params import CheckParams
from checks.rules import all_checks
from ground.errors import CatalogError
from ground.units import expand_units, split_units

SEEDS = Path(__file__).parent / "seeds"

# Requirement rows per catalog, counted by reading the seeds (not by running the loader):
# - 冠县: every table line with a 具体要求 cell is one row. Per 二级 task, in order:
#   6, 4, 4 | 3, 3, 2 | 1, 4, 3 | 4, 3 | 3 | 4, 4, 3, 3 = 54 (the repeated page headers are not
#   rows).
# - 盐亭: one row per requirement line (a table line or a <p> paragraph of a merged cell); the
#   halves of a line split by a page break (tasks 3 and 6) count once. Per task 1–16:
#   2, 4, 4, 5, 3, 4, 3, 2, 2, 2, 3, 3, 3, 2, 1, 3 = 46.
# - 广德: 37 numbered tasks, one requirement cell each except task 19, which has two = 38.
ROWS_PER_TASK = {
    "shandong_guanxian_2023": [6, 4, 4, 3, 3, 2, 1, 4, 3, 4, 3, 3, 4, 4, 3, 3],
    "sichuan_yanting_2023": [2, 4, 4, 5, 3, 4, 3, 2, 2, 2, 3, 3, 3, 2, 1, 3],
    "anhui_guangde_2024": [3, 7, 1, 3, 2, 2, 5, 2, 3, 2, 4, 1, 2, 1],
}
ROW_COUNTS = {"shandong_guanxian_2023": 54, "sichuan_yanting_2023": 46, "anhui_guangde_2024": 38}
# Rows mapped to at least one check (the rest are manual), as decided row by row in the TOML.
AUTOMATED = {"shandong_guanxian_2023": 49, "sichuan_yanting_2023": 42, "anhui_guangde_2024": 35}

# Where a page break split a requirement or a unit in the seed: the text before the break.
PAGE_BREAKS = {
    ("sichuan_yanting_2023", "3.1"): "政府工作报告、",
    ("sichuan_yanting_2023", "6.1"): "精准传递政",
}
UNIT_PAGE_BREAKS = {("sichuan_yanting_2023", "各乡镇(街道)"): "各乡镇"}


def seed_text(catalog: Catalog) -> str:
    """The seed as one string without whitespace or <p> tags, for substring comparisons."""
    text = (SEEDS / f"{catalog.id}.txt").read_text(encoding="utf-8")
    return re.sub(r"\s+|</?p>", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def halves(text: str, marker: str | None) -> list[str]:
    if marker is None:
        return [text]
    cut = text.index(marker) + len(marker)
    return [text[:cut], text[cut:]]


@pytest.fixture(scope="module", params=sorted(ROW_COUNTS))
def catalog(request: pytest.FixtureRequest) -> Catalog:
    return load_catalog(request.param)


def test_bundled_catalogs_are_the_three_seeds() -> None:
    assert available_catalogs() == sorted(ROW_COUNTS)


def test_every_seed_requirement_row_is_in_its_catalog(catalog: Catalog) -> None:
    assert len(catalog.rows) == ROW_COUNTS[catalog.id]


def test_rows_are_grouped_by_task_as_in_the_seed(catalog: Catalog) -> None:
    order = list(dict.fromkeys((r.section, r.task) for r in catalog.rows))
    counts = Counter((r.section, r.task) for r in catalog.rows)
    assert [counts[key] for key in order] == ROWS_PER_TASK[catalog.id]


def test_every_requirement_is_verbatim_from_the_seed(catalog: Catalog) -> None:
    seed = seed_text(catalog)
    missing = [
        row.id
        for row in catalog.rows
        for part in halves(squeeze(row.requirement), PAGE_BREAKS.get((catalog.id, row.id)))
        if part not in seed
    ]
    assert missing == []


def test_every_unit_is_written_as_in_the_seed(catalog: Catalog) -> None:
    seed = seed_text(catalog)
    missing = {
        unit
        for row in catalog.rows
        for unit in row.units
        for part in halves(squeeze(unit), UNIT_PAGE_BREAKS.get((catalog.id, unit)))
        if part not in seed
    }
    assert missing == set()


def test_every_row_is_either_automated_or_manual_with_a_reason(catalog: Catalog) -> None:
    assert all(bool(r.checks) != bool(r.manual) for r in catalog.rows)
    assert sum(bool(r.checks) for r in catalog.rows) == AUTOMATED[catalog.id]
    assert all(len(r.manual) >= 10 for r in catalog.rows if r.manual)


def test_group_phrases_stay_whole(catalog: Catalog) -> None:
    units = {u for r in catalog.rows for u in r.units}
    assert not units & {"各直属机构", "街道", "(街道)", "（街道）", "各乡镇"}


def test_every_seed_table_belongs_to_a_catalog() -> None:
    assert sorted(p.stem for p in SEEDS.glob("*.txt")) == available_catalogs()


@pytest.mark.parametrize(
    ("catalog_id", "number", "office", "year"),
    [
        ("shandong_guanxian_2023", "冠政办发〔2023〕15号", "冠县人民政府办公室", 2023),
        ("sichuan_yanting_2023", "", "", 2023),
        ("anhui_guangde_2024", "", "", 2024),
    ],
)
def test_source_is_what_the_seed_states(
    catalog_id: str, number: str, office: str, year: int
) -> None:
    source = load_catalog(catalog_id).source
    assert (source.number, source.office, source.year) == (number, office, year)
    seed = squeeze((SEEDS / f"{catalog_id}.txt").read_text(encoding="utf-8"))
    stated = (source.number, source.office, source.document, source.date)
    assert all(squeeze(part) in seed for part in stated)
    assert source.note or (source.number and source.office)


def test_every_check_declares_its_parameters_once_as_a_model() -> None:
    models = registered_params()
    assert set(models) == set(all_checks())
    assert all(issubclass(model, CheckParams) for model in models.values())


def params_of(catalog: Catalog, check: str) -> list[dict]:
    return [dict(c.params) for r in catalog.rows for c in r.checks if c.name == check]


def test_guanxian_thresholds_come_from_its_table_and_the_regulations() -> None:
    catalog = load_catalog("shandong_guanxian_2023")
    assert params_of(catalog, "consultation_feedback_published") == [{"max_workdays": 10}]
    assert params_of(catalog, "interpretation_timely") == [{"max_workdays": 3}]
    assert params_of(catalog, "publication_timely") == [{"max_workdays": 20}]
    assert params_of(catalog, "annual_report_published") == [
        {"deadline": "03-31", "unit_deadline": "01-31"}  # 条例第四十九条第二款、第一款
    ]
    assert params_of(catalog, "interpretation_forms") == [
        {"required_forms": ("图解", "视频", "问答")}
    ]
    assert catalog.row("25").requirement.startswith("决策文件出台后的 10 个工作日内")
    assert catalog.row("20").requirement.startswith("创新解读形式")


def test_yanting_multiform_share_is_its_fifty_percent() -> None:
    catalog = load_catalog("sichuan_yanting_2023")
    assert params_of(catalog, "interpretation_forms") == [{"min_multiform_share": 0.5}]
    assert "不得低于50%" in catalog.row("6.2").requirement


def test_yanting_task_4_gets_its_two_deadlines() -> None:
    catalog = load_catalog("sichuan_yanting_2023")
    deadlines = [catalog.row(f"4.{k}").deadline for k in range(1, 6)]
    assert deadlines == ["2023年年底"] * 4 + ["2023年8月底"]


def test_yanting_page_breaks_are_joined() -> None:
    catalog = load_catalog("sichuan_yanting_2023")
    assert "精准传递政策意图。政策文件与解读方案" in catalog.row("6.1").requirement
    assert catalog.row("3.1").requirement.endswith("政府工作报告、政府常务会议等决定的重要工作。")
    assert catalog.row("3.1").units == ("县级各部门", "各乡镇(街道)", "经开区")
    assert catalog.row("9.1").task == "强化重大舆情处置能力"


def test_guangde_task_19_spans_two_rows_sharing_units_and_has_no_deadline_column() -> None:
    catalog = load_catalog("anhui_guangde_2024")
    first, second = catalog.row("19.1"), catalog.row("19.2")
    assert (first.seq, second.seq) == ("19", "19")
    assert first.units == second.units == ("市政府各部门、各直属机构",)
    assert catalog.deadline_column is False
    assert {r.deadline for r in catalog.rows} == {""}


def test_guanxian_page_two_tasks_belong_to_the_first_section() -> None:
    catalog = load_catalog("shandong_guanxian_2023")
    assert catalog.row("7").section == "推进绿色低碳高质量发展信息公开"
    assert catalog.row("7").task == "围绕激发市场主体活力强化公开"
    assert catalog.row("7").units == (
        "县政府办公室",
        "县行政审批服务局",
        "县商务局和投资促进局",
        "县财政局",
        "县经济开发区",
    )


def test_interpretation_units_params_expand_to_the_profile_units() -> None:
    catalog = load_catalog("shandong_guanxian_2023")
    (spec,) = catalog.row("2").checks
    known = ["冠县商务和投资促进局", "冠县文化和旅游局", "冠县市场监督管理局", "清泉街道"]
    assert expand_units(spec.params["units"], known) == tuple(known[:3])


def test_units_in_catalogs_are_the_split_of_their_seed_cell() -> None:
    # The units of row 15 of 冠县 as the seed writes the cell.
    catalog = load_catalog("shandong_guanxian_2023")
    assert catalog.row("15").units == split_units(
        "县直各部门（单位），各乡镇（街道）、县经济开发区"
    )


@pytest.mark.parametrize(
    ("profile", "year", "expected"),
    [
        ("shandong_guanxian", None, "shandong_guanxian_2023"),
        ("shandong_guanxian", 2023, "shandong_guanxian_2023"),
        ("anhui_guangde", None, "anhui_guangde_2024"),
    ],
)
def test_catalog_for_picks_the_profile_year_or_the_newest(
    profile: str, year: int | None, expected: str
) -> None:
    assert catalog_for(profile, year).id == expected


@pytest.mark.parametrize(
    ("profile", "year"), [("shandong_guanxian", 2019), ("beijing_haidian", None)]
)
def test_catalog_for_without_a_catalog_names_the_profile(profile: str, year: int | None) -> None:
    with pytest.raises(CatalogError, match=profile):
        catalog_for(profile, year)
