"""A malformed catalog fails on load, naming the file, the row (id, 序号), the field and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.catalog_files import load_catalog, registered_params
from ground.errors import CatalogError

VALID = """
id = "shandong_guanxian_2023"
profile = "shandong_guanxian"
year = 2023
title = "冠县2023年政务公开重点工作任务分工"

[source]
document = "冠县人民政府办公室关于公布2023年政务公开重点工作任务分工的通知"
number = "冠政办发〔2023〕15号"
office = "冠县人民政府办公室"
year = 2023
published = "此件公开发布"

[interpretation_scope]
include_roles = ["规范性文件"]
include_doc_number = ['^冠政发']

[[row]]
id = "18"
seq = "18"
section = "加强政策发布解读信息公开"
task = "推进政策精细化高质量解读"
requirement = "严格解读程序，政策文件不解读不运转、解读材料不达标不运转。"
units = ["县直各部门（单位）", "各乡镇（街道）"]
deadline = "全年"
note = "解读材料是否达标需人工核验。"

[[row.check]]
name = "interpretation_timely"
max_workdays = 3

[[row]]
id = "49"
seq = "49"
section = "深化建立政务公开管理保障体系"
task = "开展全方位政务公开培训"
requirement = "各级、各部门每年至少组织 1 次政务公开专题培训。"
units = ["县直各部门（单位）"]
deadline = "全年"
manual = "培训是否开展需核对培训记录。"
"""

ROW_18 = "(id '18', 序号 '18')"
ROW_49 = "(id '49', 序号 '49')"
CHECK = '[[row.check]]\nname = "interpretation_timely"\nmax_workdays = 3'


def write(tmp_path: Path, text: str, name: str = "shandong_guanxian_2023") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def with_check(check: str) -> str:
    return VALID.replace(CHECK, check)


def test_the_valid_catalog_loads(tmp_path: Path) -> None:
    # Negative control: every error below comes from its one change, not from the base text.
    catalog = load_catalog(write(tmp_path, VALID))
    assert [r.id for r in catalog.rows] == ["18", "49"]
    assert catalog.row("18").checks[0].params == {"max_workdays": 3}
    assert catalog.row("18").note == "解读材料是否达标需人工核验。"


@pytest.mark.parametrize(
    ("broken", "fragments"),
    [
        pytest.param(
            VALID.replace("title = ", 'colour = "red"\ntitle = '),
            ["field 'colour' = 'red'", "unknown field"],
            id="unknown-top",
        ),
        pytest.param(
            VALID.replace('manual = "培训', 'owner = "张三"\nmanual = "培训'),
            [ROW_49, "field 'owner' = '张三'", "unknown field"],
            id="unknown-row-field",
        ),
        pytest.param(
            VALID.replace('requirement = "各级、各部门每年至少组织 1 次政务公开专题培训。"\n', ""),
            [ROW_49, "field 'requirement' = (missing)", "required"],
            id="missing-requirement",
        ),
        pytest.param(
            VALID.replace('units = ["县直各部门（单位）"]\n', ""),
            [ROW_49, "field 'units' = (missing)"],
            id="missing-units",
        ),
        pytest.param(
            VALID.replace('units = ["县直各部门（单位）"]', 'units = "县直各部门（单位）"'),
            [ROW_49, "field 'units' = '县直各部门（单位）'", "a list"],
            id="units-not-a-list",
        ),
        pytest.param(
            VALID.replace('deadline = "全年"\nmanual', "manual"),
            [ROW_49, "field 'deadline' = (missing)"],
            id="missing-deadline",
        ),
        pytest.param(
            VALID.replace('manual = "培训是否开展需核对培训记录。"\n', ""),
            [ROW_49, "field 'check' = []", "manual"],
            id="neither-check-nor-manual",
        ),
        pytest.param(
            VALID.replace('note = "解读材料是否达标需人工核验。"', 'manual = "需人工核验。"'),
            [ROW_18, "field 'manual' = '需人工核验。'", "cannot also be manual"],
            id="check-and-manual",
        ),
        pytest.param(
            VALID.replace('manual = "培训是否开展需核对培训记录。"', 'manual = "x"\nnote = "y"'),
            [ROW_49, "field 'note' = 'y'"],
            id="note-on-manual-row",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "training_held"'),
            [ROW_18, "field 'check[0].name' = 'training_held'", "unknown check"],
            id="unknown-check",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_timely"'),
            [ROW_18, "field 'check[0].max_workdays' = (missing)", "requires parameter"],
            id="missing-required-param",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_timely"\nmax_workdays = "3"'),
            [ROW_18, "field 'check[0].max_workdays' = '3'", "positive integer"],
            id="param-wrong-type",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_timely"\nmax_workdays = 0'),
            [ROW_18, "field 'check[0].max_workdays' = 0", "positive integer"],
            id="param-zero",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_timely"\nmax_workdays = 3\ndays = 2'),
            [ROW_18, "field 'check[0].days' = 2", "unknown parameter"],
            id="unknown-param",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_forms"'),
            [ROW_18, "field 'check[0]'", "at least one of: required_forms, min_multiform_share"],
            id="forms-without-params",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_forms"\nrequired_forms = ["漫画"]'),
            [ROW_18, "field 'check[0].required_forms' = ['漫画']", "unknown form 漫画"],
            id="unknown-form",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_forms"\nmin_multiform_share = 50'),
            [ROW_18, "field 'check[0].min_multiform_share' = 50", "at most 1"],
            id="share-as-percent",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "annual_report_published"\ndeadline = "1-31"'),
            [ROW_18, "field 'check[0].deadline' = '1-31'", "MM-DD"],
            id="deadline-format",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "annual_report_published"\ndeadline = "02-30"'),
            [ROW_18, "field 'check[0].deadline' = '02-30'", "not a day"],
            id="deadline-impossible-day",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "column_has_content"\nroles = ["新闻"]'),
            [ROW_18, "field 'check[0].roles' = ['新闻']", "unknown role 新闻"],
            id="unknown-role",
        ),
        pytest.param(
            with_check('[[row.check]]\nname = "interpretation_published"\nunits = ["县财政局"]'),
            [ROW_18, "field 'check[0].units' = ['县财政局']", "not among the row's units"],
            id="units-param-outside-row",
        ),
        pytest.param(
            with_check(CHECK + "\n\n" + CHECK),
            [ROW_18, "field 'check' = 'interpretation_timely'", "attached twice"],
            id="duplicate-check",
        ),
        pytest.param(
            VALID.replace('id = "49"', 'id = "18"'),
            ["row 2 (id '18', 序号 '49')", "field 'id' = '18'", "duplicate row id (also row 1)"],
            id="duplicate-row-id",
        ),
        pytest.param(
            VALID.replace("include_doc_number = ['^冠政发']", "include_doc_number = ['^冠政发(']"),
            ["field 'interpretation_scope.include_doc_number[0]' = '^冠政发('", "invalid regex"],
            id="invalid-regex",
        ),
        pytest.param(
            VALID.replace('include_roles = ["规范性文件"]', 'include_roles = ["红头文件"]'),
            ["field 'interpretation_scope.include_roles[0]' = '红头文件'", "unknown role"],
            id="scope-unknown-role",
        ),
        pytest.param(
            VALID.replace(
                "include_roles = [\"规范性文件\"]\ninclude_doc_number = ['^冠政发']\n", ""
            ),
            [ROW_18, "field 'check' = 'interpretation_timely'", "[interpretation_scope]"],
            id="interpretation-check-without-scope",
        ),
        pytest.param(
            VALID.replace("\nyear = 2023", '\nyear = "2023"', 1),
            ["field 'year' = '2023'", "integer"],
            id="year-as-string",
        ),
        pytest.param(
            VALID.replace('seq = "49"', "seq = 49"),
            ["row 2 (id '49', 序号 49)", "field 'seq' = 49", "string"],
            id="seq-as-number",
        ),
        pytest.param(
            VALID.replace("year = 2023\n", "year = 2023\ndeadline_column = false\n", 1),
            [ROW_18, "field 'deadline' = '全年'", "deadline_column = false"],
            id="deadline-without-deadline-column",
        ),
        pytest.param(
            VALID.replace('profile = "shandong_guanxian"', 'profile = "shandong_liaocheng"'),
            ["field 'id' = 'shandong_guanxian_2023'", "shandong_liaocheng_2023"],
            id="id-not-profile-year",
        ),
        pytest.param(
            VALID.replace("title = ", 'seed = "x.txt"\ntitle = '),
            ["field 'seed' = 'x.txt'", "unknown field (known: id, profile, year, title, source"],
            id="seed-is-gone",
        ),
        pytest.param(
            VALID.replace('number = "冠政办发〔2023〕15号"', 'number = ""'),
            ["field 'source.note' = ''", "say in note why number is empty"],
            id="source-gap-unexplained",
        ),
        pytest.param(
            VALID.replace('published = "此件公开发布"\n', ""),
            ["field 'source.published' = (missing)", "where it was published"],
            id="source-without-published",
        ),
        pytest.param(
            VALID.replace('manual = "培训', 'baseline = true\nmanual = "培训'),
            [ROW_49, "field 'baseline' = True", "unknown field"],
            id="row-sets-baseline",
        ),
        pytest.param(
            VALID
            + '\n[[baseline]]\nid = "B1"\nseq = "基线1"\nsection = "法定基线"\ntask = "年报"\n'
            'requirement = "按时公开年报。"\nunits = ["县政府办公室"]\ndeadline = "全年"\n'
            'manual = "人工。"\n',
            ["row 3 (id 'B1', 序号 '基线1')", "field 'check' = []", "a baseline row needs checks"],
            id="baseline-without-checks",
        ),
    ],
)
def test_malformed_catalog_error_names_file_row_field_and_value(
    tmp_path: Path, broken: str, fragments: list[str]
) -> None:
    path = write(tmp_path, broken)
    with pytest.raises(CatalogError) as error:
        load_catalog(path)
    message = str(error.value)
    assert message.startswith(f"{path}: "), message
    for fragment in fragments:
        assert fragment in message, message


def test_file_name_must_be_the_catalog_id(tmp_path: Path) -> None:
    path = write(tmp_path, VALID, name="guanxian")
    with pytest.raises(CatalogError, match="must equal the file name 'guanxian'") as error:
        load_catalog(path)
    assert str(path) in str(error.value)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "[[row]\n")
    with pytest.raises(CatalogError, match="not valid TOML") as error:
        load_catalog(path)
    assert str(path) in str(error.value)


def test_missing_catalog_lists_the_known_ones() -> None:
    with pytest.raises(CatalogError, match=r"no such catalog file.*shandong_guanxian_2023"):
        load_catalog("shandong_guanxian_2019")


def test_known_checks_can_be_narrowed_to_a_registry(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    narrowed = {"validity_marked": registered_params()["validity_marked"]}
    with pytest.raises(CatalogError, match=r"unknown check \(known: validity_marked\)") as error:
        load_catalog(path, params_models=narrowed)
    assert ROW_18 in str(error.value)
