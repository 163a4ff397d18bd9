"""Words the reader sees: no prefix cut at its bracket, no check ids in Chinese sentences, no
editorial notes in the masthead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html

from checks.catalog import Catalog, CatalogRow, CatalogSource, CheckSpec, InterpretationScope
from checks.catalog_files import catalog_for
from checks.context import decide_scope
from checks.findings import Finding, Verdict
from checks.records import RunRecord
from reports.render import render_report


def test_a_doc_number_prefix_is_named_without_its_opening_bracket() -> None:
    scope = catalog_for("anhui_guangde").interpretation_scope
    decision = decide_scope("广德市优化营商环境实施方案", "广政办〔2024〕3号", (), scope)
    assert decision.reason == "文号“广政办〔2024〕3号”为广政办文件"


def test_a_check_id_in_a_catalog_note_is_shown_by_its_chinese_name(
    build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord], tmp_path: Path
) -> None:
    row = CatalogRow(
        id="1",
        seq="1",
        section="一、测试",
        task="测试任务",
        requirement="要求",
        units=("县司法局",),
        checks=(CheckSpec("validity_marked"),),
        note="解读是否及时由第 18 行的 interpretation_timely 统一核验。",
    )
    found = [
        Finding("validity_marked", "1", Verdict.PASS, "https://x.gov.cn/1.html", "文件", ""),
        Finding(
            "manual", "1", Verdict.MANUAL, "row:1", "测试任务", "其余部分需人工核验：" + row.note
        ),
    ]
    paths = render_report(build_catalog((row,)), build_run(), found, tmp_path, profile_name="示例")
    text = lxml.html.document_fromstring(paths.html.read_text(encoding="utf-8")).text_content()
    assert "interpretation_timely" not in text
    assert "由第 18 行的“解读与文件同步发布”统一核验" in text


def test_the_masthead_names_the_table_without_its_id_or_editorial_notes(
    build_run: Callable[..., RunRecord], tmp_path: Path
) -> None:
    catalog = Catalog(
        id="example_county_2026",
        profile="example_county",
        year=2026,
        title="示例县2026年政务公开工作要点任务分解表",
        source=CatalogSource(
            number="",
            office="",
            year=2026,
            published="示例县人民政府门户网站",
            note="原文未写文号与发文机关，按网站发布页转录。",
        ),
        rows=(),
        interpretation_scope=InterpretationScope(),
        path=Path("checks/catalogs/example_county_2026.toml"),
    )
    paths = render_report(catalog, build_run(), [], tmp_path, profile_name="示例")
    doc = lxml.html.document_fromstring(paths.html.read_text(encoding="utf-8"))
    masthead = doc.find_class("masthead")[0].text_content()
    assert "示例县2026年政务公开工作要点任务分解表" in masthead
    assert "example_county_2026" not in masthead
    assert "原文未写文号" not in masthead
