import pytest

from ground.text.doc_numbers import find_doc_numbers, normalise_doc_number

CANONICAL = "冠政发〔2023〕5号"


@pytest.mark.parametrize(
    "text",
    [
        "冠政发〔2023〕5号",
        "冠政发[2023]5号",
        "冠政发［2023］5号",
        "冠政发（2023）5号",
        "冠政发(2023)5号",
        "冠政发【2023】5号",
        "冠政发〈2023〉5号",
        "冠政发﹝2023﹞5号",
        "冠政发〔2023]5号",  # mismatched brackets
        "冠政发 〔 2023 〕 5 号",
        "冠政发\u3000〔2023〕\xa05号",
        "冠政发［２０２３］５号",
        "冠政发〔2023〕05号",  # GB/T 9704: no leading zeros
        "冠政发〔2023〕第5号",  # nor 第
        "冠政发〔2023年〕5号",
        "冠政发2023 5号",  # brackets missing
        "冠政发20235号",
        "文号：冠政发〔2023〕5号",
        "发文字号: 冠政发[2023]5号",
    ],
)
def test_every_bracket_style_normalises_to_hexagonal_brackets(text):
    assert normalise_doc_number(text) == CANONICAL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国办公开办函〔2019〕61号", "国办公开办函〔2019〕61号"),
        ("冠经信发[2023]1号", "冠经信发〔2023〕1号"),
        ("鲁政办字(2023)12号", "鲁政办字〔2023〕12号"),
        ("冠县人民政府令第 1 号", "冠县人民政府令第1号"),
        ("国务院令第722号", "国务院令第722号"),
    ],
)
def test_other_agencies_and_decrees_keep_their_own_form(text, expected):
    assert normalise_doc_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "无",
        "2023年",
        "冠政发〔2023〕",  # no number
        "冠政发〔2023〕0号",
        "《冠县2023年政务公开工作要点》",  # a year inside a title
        "冠县人民政府2023年第5号公告",  # 年 between year and number is not a 文号
        "冠县2023 5号楼",  # no brackets and 冠县 is not a 机关代字
        "〔2023〕5号",  # no agency
    ],
)
def test_text_without_a_doc_number_gives_none(text):
    assert normalise_doc_number(text) is None


def test_body_text_yields_every_quoted_doc_number_in_order():
    body = (
        "根据《冠县人民政府办公室关于印发冠县2023年政务公开工作要点的通知》（冠政办发〔2023〕7号）"
        "和聊政发[2022]12号文件精神，结合《中华人民共和国政府信息公开条例》（国务院令第711号），"
        "现将有关事项通知如下。"
    )
    assert find_doc_numbers(body) == [
        "冠政办发〔2023〕7号",
        "聊政发〔2022〕12号",
        "国务院令第711号",
    ]


def test_a_doc_number_quoted_twice_is_listed_once():
    assert find_doc_numbers("冠政发〔2023〕5号……按照冠政发[2023]5号要求") == [CANONICAL]


def test_sentence_words_before_the_agency_code_are_not_part_of_it():
    text = "现将县人民政府办公室冠政办发〔2023〕7号文件转发给你们"
    assert find_doc_numbers(text) == ["冠政办发〔2023〕7号"]


def test_years_in_titles_and_dates_are_not_doc_numbers():
    body = "《冠县2023年政务公开工作要点》自2023年3月15日起施行，2023年第5号公告同时废止。"
    assert find_doc_numbers(body) == []
