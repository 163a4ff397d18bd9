"""What a short text of the page may be: a metadata label, a related-links box title, or the
title of the 政策咨询、建议与评价 window.

Most text nodes of a page are none of these, so one cheap pass decides first: a plain
alternation of words (no optional prefixes), which re scans fast; the exact patterns run only
on the few texts it selects.

>>> text_role("发布机构："), text_role("相关 解读"), text_role("今天天气很好")
((True, '发布机构', False, False), (False, '相关解读', True, False), None)
>>> link_role("【我要咨询】"), link_role("首页")
(('我要咨询', False, True), None)
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.extract.boxes import BOX_TITLE_RE
from crawler.extract.caches import CACHE_SIZE
from crawler.extract.feedback import FEEDBACK_RE
from crawler.extract.labels import LABEL_INFO, label_matches
from crawler.extract.word_trie import trie_pattern

# Every label, and a word of every box title and window title.
SCAN_WORDS = (
    *LABEL_INFO,
    *("解读", "稿件", "链接", "原文", "相关", "关联", "阅读"),
    *("咨询", "建议", "评价"),
)
# Only whether a text has a match counts, so a word holding another (发布日期, 日期) is left out.
SCAN_RE = re.compile(
    trie_pattern(w for w in SCAN_WORDS if not any(o != w and o in w for o in SCAN_WORDS))
)
SCAN_MAX = 200  # longer text nodes are paragraphs, not labels, box titles or window titles
# Every box title and window phrase has one of these characters: a cheap first test for links.
_LINK_HINT_RE = re.compile("[读稿链原件相关询议价]")

# (holds a label, the text without spaces, a box title, a window title)
TextRole = tuple[bool, str, bool, bool]
# (the text without spaces, a box title, a window title)
LinkRole = tuple[str, bool, bool]


@lru_cache(maxsize=CACHE_SIZE)
def text_role(text: str) -> TextRole | None:
    """What a short text node may be (see TextRole), or None when it is none of these."""
    if not SCAN_RE.search(text):
        return None
    has_label = bool(label_matches(text))
    compact = "".join(text.split()).strip("：:【】[]") if len(text) <= 60 else ""
    box_title = bool(compact and len(compact) <= 12 and BOX_TITLE_RE.fullmatch(compact))
    window = bool(compact and len(compact) <= 30 and FEEDBACK_RE.search(compact))
    if not (has_label or box_title or window):
        return None
    return has_label, compact, box_title, window


def link_role(text: str) -> LinkRole | None:
    """For a link text of at most 30 characters: what it may be (see LinkRole), or None when
    it can be neither a box title nor a window title."""
    if not _LINK_HINT_RE.search(text):
        return None
    compact = "".join(text.split()).strip("：:【】[]")
    box_title = bool(len(compact) <= 12 and BOX_TITLE_RE.fullmatch(compact))
    window = bool(FEEDBACK_RE.search(compact))
    return (compact, box_title, window) if box_title or window else None
