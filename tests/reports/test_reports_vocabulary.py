"""The vocabulary module is the only source of Chinese text in the templates."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

from reports.vocabulary import LABELS, check_label

TEMPLATES = Path(__file__).resolve().parents[2] / "reports" / "templates"
#: CJK ideographs and the full-width punctuation Chinese text uses.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019]")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("interpretation_published", "政策文件已发布解读"),
        ("interpretation_linked_both_ways", "解读与政策原文双向关联"),
        ("interpretation_timely", "解读与文件同步发布"),
        ("interpretation_forms", "多元化解读"),
        ("feedback_window_present", "政策咨询、建议与评价窗口"),
        ("validity_marked", "行政规范性文件标注有效性"),
        ("publication_timely", "二十个工作日内主动公开"),
        ("column_has_content", "栏目有内容"),
        ("annual_report_published", "年度报告按时公开"),
        ("consultation_feedback_published", "意见征集结果反馈"),
    ],
)
def test_each_check_name_has_its_chinese_description(name: str, label: str) -> None:
    assert check_label(name) == label


def test_an_unknown_check_name_falls_back_to_the_name() -> None:
    assert check_label("brand_new_check") == "brand_new_check"


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.iterdir()))
def test_templates_hold_no_chinese_text_of_their_own(template: str) -> None:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    assert CHINESE.findall(text) == []


def test_every_label_a_template_names_exists() -> None:
    used = {
        m
        for p in TEMPLATES.glob("*.html")
        for m in re.findall(r"\bL\.(\w+)", p.read_text(encoding="utf-8"))
    }
    assert used
    assert used - set(LABELS) == set()


@pytest.mark.parametrize(
    "module",
    [
        "reports.vocabulary",
        "reports.palette",
        "ground.timestamps",
        "reports.links",
        "reports.page_files",
        "reports.chart",
        "reports.model",
        "reports.xlsx",
    ],
)
def test_module_doctests_pass(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
