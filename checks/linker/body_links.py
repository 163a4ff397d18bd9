"""What a page's body says about a link that sits in no box.

Many portals put the pairing in a plain paragraph at the foot of the body rather than in a
titled box: "相关文件：<a>冠县…的通知</a>" under a 解读, "相关解读：<a>…</a>" or
"政策解读：<a>…</a>" under a document, "原文链接：<a>…</a>". The extractor reports such a
link with no box (an empty ``context``); its line in the body text says what it is. A link
inside a sentence that names a basis (根据<a>《山东省…条例》</a>) is a reference, not the
page's subject.
"""

from __future__ import annotations

import re

from checks.linker.citations import is_upstream
from ground.text.titles import compact

# Context given to a body link named as a basis: weighs like a diluted box (see ``evidence``).
BASIS_CONTEXT = "body:basis"
# How far into the body a basis is looked for: the subject and its basis come first.
BASIS_CHARS_SCANNED = 5000

# The label of a foot line, as compacted (NFKC turns ： into :): 相关文件: or 【相关文件】.
_FOOT_LABEL_RE = re.compile(
    r"^【?((?:相关|关联|政策|解读)?(?:文件|原文)(?:链接|原文)?|原文链接"
    r"|(?:相关|关联|政策|文字|图文|视频)?解读(?:文件|材料|稿件|链接)?|图解)(?:】:?|:)"
)
# A link whose own text says it leads to the original: 原文, 查看原文, 政策原文链接.
_ORIGINAL_TEXT_RE = re.compile(r"(?:点击)?(?:查看|阅读)?(?:政策|文件)?原文(?:链接|文件)?")
_LONGEST_FOOT_LINE = 400  # characters: a longer paragraph is body text, not a foot line


class BodyReader:
    """Reads one page's body for the links the extractor found in no box; the body is split
    and compacted only when such a link reaches a document or an interpretation."""

    def __init__(self, body_text: str) -> None:
        self._body_text = body_text
        self._foot: list[tuple[str, str]] | None = None
        self._compact: str | None = None

    def context(self, link_text: str) -> str:
        """The label of the foot line the link sits in, ``BASIS_CONTEXT`` when the sentence
        that quotes it names a basis, else "" (a link in the body).

        >>> reader = BodyReader("根据《山东省物业管理条例》，制定本办法。\\n相关文件：冠县办法")
        >>> reader.context("冠县办法"), reader.context("《山东省物业管理条例》")
        ('相关文件', 'body:basis')
        >>> reader.context("查看原文"), reader.context("冠县停车管理办法")
        ('原文链接', '')
        >>> BodyReader("【相关文件】冠县物业管理办法").context("冠县物业管理办法")
        '相关文件'

        """
        text = compact(link_text)
        if not text:
            return ""
        if _ORIGINAL_TEXT_RE.fullmatch(text):
            return "原文链接"
        for label, rest in self._foot_lines():
            if text in rest:
                return label
        body = self._compact_body()
        position = body.find(text)
        if position >= 0 and is_upstream(body, position):
            return BASIS_CONTEXT
        return ""

    def _foot_lines(self) -> list[tuple[str, str]]:
        if self._foot is None:
            self._foot = []
            for line in self._body_text.splitlines():
                if len(line) > _LONGEST_FOOT_LINE:
                    continue
                cleaned = compact(line)
                match = _FOOT_LABEL_RE.match(cleaned)
                if match:
                    self._foot.append((match.group(1), cleaned[match.end() :]))
        return self._foot

    def _compact_body(self) -> str:
        if self._compact is None:
            self._compact = compact(self._body_text[:BASIS_CHARS_SCANNED])
        return self._compact
