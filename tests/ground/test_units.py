"""责任单位: short forms match the profile's full names, group phrases expand, strangers stay."""

from __future__ import annotations

import doctest

import pytest

import ground.units
from ground.units import canonical_unit, expand_units, group_kind, split_units

GUANXIAN = (
    "冠县人民政府办公室",
    "冠县发展和改革委员会",
    "冠县人力资源和社会保障局",
    "冠县商务和投资促进局",
    "冠县教育和体育局",
    "冠县市场监督管理局",
    "国家税务总局冠县税务局",
    "冠县经济开发区管理委员会",
    "清泉街道",
    "东古城镇",
    "崇文街道",
)
GUANGDE = (
    "广德市人民政府办公室",
    "广德市数据资源管理局",
    "广德市发展和改革委员会",
    "广德市卫生健康委员会",
    "广德市自然资源和规划局",
    "广德经济开发区管委会",
    "桃州镇",
    "新杭镇",
)
YANTING = ("盐亭县发展和改革局", "盐亭县商务局", "绵阳市盐亭生态环境局", "云溪镇")
# The bundled profiles list short forms; pages' 发布机构 give full names.
GUANGDE_PROFILE = (
    "市数据资源局",
    "市发改委",
    "市工信局",
    "市人社局",
    "市教体局",
    "市卫健委",
    "市民政局",
)
YANTING_PROFILE = (
    "县发改局",
    "县人社局",
    "县教体局",
    "县卫健局",
    "县财政局",
    "县住建局",
    "富驿镇",
    "金孔镇",
)


def test_doctests_of_units_pass() -> None:
    assert doctest.testmod(ground.units).failed == 0


@pytest.mark.parametrize(
    ("written", "known", "expected"),
    [
        ("县人社局", GUANXIAN, "冠县人力资源和社会保障局"),
        ("县人力资源和社会保障局", GUANXIAN, "冠县人力资源和社会保障局"),
        ("商务和投资促进局", GUANXIAN, "冠县商务和投资促进局"),
        ("县商务和投资促进局", GUANXIAN, "冠县商务和投资促进局"),
        ("县商务局和投资促进局", GUANXIAN, "冠县商务和投资促进局"),  # the seed's typo form
        ("县发展和改革委员会", GUANXIAN, "冠县发展和改革委员会"),
        ("县发改局", GUANXIAN, "冠县发展和改革委员会"),  # 局 and 委 are the same office
        ("县市场监督管理局", GUANXIAN, "冠县市场监督管理局"),  # 市 here is not a level prefix
        ("县市场监管局", GUANXIAN, "冠县市场监督管理局"),
        ("县政府办公室", GUANXIAN, "冠县人民政府办公室"),
        ("县政府办", GUANXIAN, "冠县人民政府办公室"),
        ("国家税务总局冠县税务局", GUANXIAN, "国家税务总局冠县税务局"),
        ("县经济开发区", GUANXIAN, "冠县经济开发区管理委员会"),
        ("清泉街道", GUANXIAN, "清泉街道"),
        ("市数据资源局", GUANGDE, "广德市数据资源管理局"),
        ("市卫健委", GUANGDE, "广德市卫生健康委员会"),
        ("市卫健委等", GUANGDE, "广德市卫生健康委员会"),
        ("市自然资源规划局", GUANGDE, "广德市自然资源和规划局"),
        ("市政府办公室", GUANGDE, "广德市人民政府办公室"),
        ("广德经开区管委会", GUANGDE, "广德经济开发区管委会"),
        ("县发改局", YANTING, "盐亭县发展和改革局"),
        ("县商务局等相关部门", YANTING, "盐亭县商务局"),
        ("盐亭生态环境局", YANTING, "绵阳市盐亭生态环境局"),
        ("广德市数据资源管理局", GUANGDE_PROFILE, "市数据资源局"),
        ("广德市卫生健康委员会", GUANGDE_PROFILE, "市卫健委"),
        ("广德市教育体育局", GUANGDE_PROFILE, "市教体局"),
        ("广德市人力资源和社会保障局", GUANGDE_PROFILE, "市人社局"),
        ("盐亭县发展和改革局", YANTING_PROFILE, "县发改局"),
        ("盐亭县住房和城乡建设局", YANTING_PROFILE, "县住建局"),
        ("盐亭县财政局", YANTING_PROFILE, "县财政局"),
        ("富驿镇人民政府", YANTING_PROFILE, "富驿镇"),
        ("盐亭县人民政府", YANTING_PROFILE, None),  # the government itself is not a unit
        ("经开区", YANTING, None),  # no development zone on 盐亭's list: nothing to match
        ("县商务局", GUANXIAN, None),  # not silently taken for 商务和投资促进局
        ("县财政局", GUANXIAN, None),
        ("县直各部门（单位）", GUANXIAN, None),  # a group, not a unit
        ("街道", GUANXIAN, None),  # matches three townships' ends: ambiguous
    ],
)
def test_canonical_unit(written: str, known: tuple[str, ...], expected: str | None) -> None:
    assert canonical_unit(written, known) == expected


DEPARTMENTS_GX = tuple(u for u in GUANXIAN if u not in {"清泉街道", "东古城镇", "崇文街道"})
TOWNSHIPS_GX = ("清泉街道", "东古城镇", "崇文街道")


@pytest.mark.parametrize(
    ("written", "known", "expected"),
    [
        (["县直各部门（单位）"], GUANXIAN, DEPARTMENTS_GX),
        (["县直各有关部门（单位）"], GUANXIAN, DEPARTMENTS_GX),
        (["县级各部门"], GUANXIAN, DEPARTMENTS_GX),
        (["各乡镇（街道）"], GUANXIAN, TOWNSHIPS_GX),
        (["各乡镇(街道)"], GUANXIAN, TOWNSHIPS_GX),
        (["各街道"], GUANXIAN, ("清泉街道", "崇文街道")),
        (["各乡镇、街道"], GUANGDE, ("桃州镇", "新杭镇")),
        (
            ["市政府各部门、各直属机构"],
            GUANGDE,
            tuple(u for u in GUANGDE if not u.endswith("镇")),
        ),
        (["县经济开发区"], GUANXIAN, ("冠县经济开发区管理委员会",)),
        (
            ["县直各部门（单位）", "各乡镇（街道）", "县经济开发区"],
            GUANXIAN,
            DEPARTMENTS_GX + TOWNSHIPS_GX,  # the zone is already among the departments
        ),
        (["县人社局", "清泉街道"], GUANXIAN, ("冠县人力资源和社会保障局", "清泉街道")),
        (["县水务集团", "县供电公司"], GUANXIAN, ("县水务集团", "县供电公司")),  # kept as written
        (["各政务新媒体开设单位"], GUANXIAN, ("各政务新媒体开设单位",)),
        (["县直各部门（单位）"], (), ()),  # nothing known: a group expands to nothing
        ("市政府各部门、各直属机构,各乡镇、街道", GUANGDE, GUANGDE),  # a cell is split first
    ],
)
def test_expand_units(
    written: list[str] | str, known: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert expand_units(written, known) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "县直各部门（单位），各乡镇（街道）、县经济开发区",
            ("县直各部门（单位）", "各乡镇（街道）", "县经济开发区"),
        ),
        ("市农业农村局,市发改委,各乡镇、街道", ("市农业农村局", "市发改委", "各乡镇、街道")),
        (
            "市政府各部门、各直属机构,各乡镇、街道,市司法局",
            ("市政府各部门、各直属机构", "各乡镇、街道", "市司法局"),
        ),
        (
            "各乡镇人民政府、街道办事处，县经济开发区管委会",
            ("各乡镇人民政府、街道办事处", "县经济开发区管委会"),
        ),
        ("县级各部门，各乡镇(街道)，经开区", ("县级各部门", "各乡镇(街道)", "经开区")),
        ("县水利局、县交通运输局，县水务集团", ("县水利局", "县交通运输局", "县水务集团")),
        ("市卫健委等", ("市卫健委等",)),
        ("各乡镇、", ("各乡镇",)),
    ],
)
def test_split_units(cell: str, expected: tuple[str, ...]) -> None:
    assert split_units(cell) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("县直各部门（单位）", "departments"),
        ("市政府各部门、各直属机构", "departments"),
        ("各直属机构", "departments"),
        ("各乡镇（街道）", "townships"),
        ("各乡镇、街道", "townships"),
        ("各乡镇人民政府、街道办事处", "townships"),
        ("各街道", "streets"),
        ("县经济开发区", ""),
        ("各政务新媒体开设单位", ""),
        ("县财政局", ""),
    ],
)
def test_group_kind(name: str, kind: str) -> None:
    assert group_kind(name) == kind
