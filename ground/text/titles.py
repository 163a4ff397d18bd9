"""Titles in the one form checks compare, and the 《》 titles quoted inside a text.

Portals type the same title with full-width or half-width brackets, colons and digits, and
with stray spaces (a line break in a 标题 cell, a full-width space after 关于). Comparing the
compact NFKC form lets a 解读 that quotes a document's title meet the document.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["compact", "top_level_quotes"]

_SPACE_RE = re.compile(r"\s+")


def compact(text: str | None) -> str:
    """NFKC (full-width brackets, colons and digits to ASCII) without any whitespace.

    >>> compact("关于印发《冠县物业管理办法（试行）》的通知\u3000（冠政发〔２０２３〕５号）")
    '关于印发《冠县物业管理办法(试行)》的通知(冠政发〔2023〕5号)'
    >>> compact(None)
    ''
    """
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text or ""))


def top_level_quotes(text: str) -> list[str]:
    """The outermost 《…》 spans: nested 《》 inside a quoted title stay part of it.

    >>> top_level_quotes("关于《关于印发《冠县物业管理办法》的通知》的解读和《另一个》")
    ['关于印发《冠县物业管理办法》的通知', '另一个']
    """
    spans: list[str] = []
    depth, start = 0, 0
    for position, char in enumerate(text):
        if char == "《":
            if depth == 0:
                start = position + 1
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            if depth == 0 and position > start:
                spans.append(text[start:position])
    return spans
