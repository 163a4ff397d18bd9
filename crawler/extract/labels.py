"""The labels of the 信息公开 metadata block, and where they stand in a line of text.

Every CMS names the same fields its own way (发文字号, 文号, 文件编号 …; 发布机构, 发文单位,
信息来源 …), so each field has a list of labels, best first. Labels are padded with spaces
(``发 布 机 构``) or split across elements, bracketed (``【索引号】``), and followed by a half- or
full-width colon, a gap, or nothing at all when the value sits in the next cell.

>>> [(m["label"], LABEL_INFO["".join(m["label"].split())]) for m in label_matches(
...     "发 布 机 构：县政府\\u3000浏览次数：12")]
[('发 布 机 构', ('issuing_agency', 1)), ('浏览次数', (None, 0))]
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.extract.caches import CACHE_SIZE
from crawler.extract.word_trie import GAP, trie_pattern

# Field → its labels, best first: when one block carries two of them (Hanweb shows 发文日期 and
# 成文日期), the earlier one wins. The last ones (日期, 时间, 分类 …) are weak: used only when
# nothing better is labelled.
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号", "信息索引号", "索引编号", "索取号"),
    "title": ("标题", "名称", "文件名称", "信息名称", "公文标题", "文件标题", "题名", "文章标题"),
    "doc_number": ("发文字号", "文号", "文件编号", "发文文号", "文件文号", "发文号", "文件字号"),
    "issuing_agency": (
        "发文机关",
        "发布机构",
        "发文单位",
        "发文机构",
        "发布单位",
        "制发机关",
        "制发单位",
        "成文单位",
        "责任部门",
        "责任单位",
        "公开责任部门",
        "生成机构",
    ),
    "written_date": (
        "成文日期",
        "成文时间",
        "印发日期",
        "发文日期",
        "发文时间",
        "生成日期",
        "制发日期",
        "签发日期",
    ),
    "publish_date": (
        "发布日期",
        "发布时间",
        "公开日期",
        "公开时间",
        "发稿时间",
        "信息时间",
        "更新时间",
        "日期",
        "时间",
    ),
    "topic": ("主题分类", "主题词分类", "组配分类", "信息分类", "主题信息分类", "分类", "主题"),
    "validity": ("有效性", "效力状态", "时效", "时效性", "是否有效", "效力", "有效状态"),
}
# 来源 names who posted or first printed the article (县应急办信息员, 农业农村部网站), never the
# issuer: a 解读's 来源 is its author, a 通知's its uploader. It is kept apart, as ``source``.
_FIELD_LABELS["source"] = ("来源", "信息来源", "文章来源", "稿件来源", "内容来源")
# Labels that fill no field but end the value before them ("来源：县政府办 浏览次数：12").
_STOP_LABELS = (
    "主题词",
    "关键词",
    "关键字",
    "公开方式",
    "公开范围",
    "公开形式",
    "公开时限",
    "体裁分类",
    "服务对象分类",
    "机构分类",
    "登记号",
    "统一登记号",
    "登记编号",
    "备案号",
    "实施日期",
    "施行日期",
    "废止日期",
    "失效日期",
    "有效期",
    "浏览次数",
    "访问次数",
    "点击次数",
    "阅读次数",
    "点击数",
    "浏览量",
    "访问量",
    "阅读量",
    "作者",
    "解读人",
    "解读机关",
    "解读单位",
    "撰稿",
    "摄影",
    "责任编辑",
    "编辑",
    "审核",
    "字号",
    "字体",
    "打印",
    "关闭",
    "分享到",
    "分享",
)
# The name a field goes by in ``js_boxes`` when a script writes its value (checks look for these
# names: 有效性 for validity_marked, 成文日期 and 发布日期 for publication_timely). 来源 is not
# one: no check judges it, and a render for it would be spent on nothing.
SCRIPTED_FIELD_NAMES = {
    "title": "标题",
    "doc_number": "文号",
    "index_number": "索引号",
    "issuing_agency": "发布机构",
    "written_date": "成文日期",
    "publish_date": "发布日期",
    "topic": "主题分类",
    "validity": "有效性",
}
# Label (without spaces) → (the field it fills or None for a stop label, its rank in the field).
LABEL_INFO: dict[str, tuple[str | None, int]] = {
    label: (field_name, rank)
    for field_name, labels in _FIELD_LABELS.items()
    for rank, label in enumerate(labels)
}
LABEL_INFO.update((label, (None, 0)) for label in _STOP_LABELS if label not in LABEL_INFO)

# Longer text is not a label's value (the next element may be the whole body).
VALUE_MAX = 300

# A label starts a line or follows a non-letter; it is followed by a colon, a gap, or the end.
# The alternation comes first so that re can skip ahead on its first characters; whether a
# match starts a word (not 项目名称) is checked in label_matches.
LABEL_RE = re.compile(
    rf"(?P<label>{trie_pattern(LABEL_INFO)})(?P<after>{GAP}[】\]］]?{GAP}(?:[:：]{GAP})?)"
)
_WORD_CHAR_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@lru_cache(maxsize=CACHE_SIZE)
def label_matches(line: str) -> tuple[re.Match[str], ...]:
    """Labels in a line: each starts the line or follows a non-letter (not 项目名称), and has
    a colon or a gap after it, or ends the line (not 主题教育, 标题党).

    >>> [m["label"] for m in label_matches("项目名称：x 主题教育 标题")]
    ['标题']
    """
    found = []
    for match in LABEL_RE.finditer(line):
        start = match.start()
        if start and _WORD_CHAR_RE.match(line, start - 1):
            continue
        if match["after"] or match.end() == len(line):
            found.append(match)
    return tuple(found)


@lru_cache(maxsize=CACHE_SIZE)
def starts_with_label(text: str) -> bool:
    """Whether the text opens with a label (so it is another field, not a value).

    >>> starts_with_label(" 【索引号】 113715"), starts_with_label("冠县人民政府")
    (True, False)
    """
    text = text.strip().lstrip("【[［\x1f").strip()
    match = LABEL_RE.match(text)
    return bool(match and (match["after"] or match.end() == len(text)))
