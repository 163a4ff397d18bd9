"""A title without its boilerplate: the words that say which policy it is.

A document's title wraps its subject in the issuer, 关于, 印发…的通知 and 《》; an
interpretation's wraps the document's in 解读 headline forms (一图读懂, 视频解读丨, …答记者问).
What is left of each is compared.
"""

from __future__ import annotations

import re

from checks.linker.citations import NUMBER_WITH_PREFIX_RE
from ground.text.titles import compact

_AGENCY_END_RE = re.compile(
    r"(?:政府|办公室|办公厅|局|委员会|委|厅|部|中心|院|会|办|组|处|所|站|公司|分局)$"
)
_WRAPPER_RE = re.compile(
    r"^(?:印发|转发|公布|下发|修订印发|重新印发)(.+?)的(?:通知|通告|公告|决定)((?:\([^()]*\))?)$"
)
_INTERP_PREFIX_RE = re.compile(
    r"^(?:【[^】]{0,12}】"
    r"|[^:|丨]{0,10}?(?:解读|图解|图说|问答|视频|H5|h5|漫画|动漫|一图|读懂|看懂|图文|专家|新闻|政策)"
    r"[^:|丨]{0,6}?[:|丨]"
    r"|一张图(?:看懂|读懂)|一图(?:读懂|看懂|了解)|(?:漫画|视频|动漫|图文|专家)?解读|图解|图说|读懂)"
)
# …政策解读, …答记者问, …新闻发布会实录, …解读（文字版）, …问答（二）, …（政策解读）
_INTERP_SUFFIX_RE = re.compile(
    r"(?:的)?(?:政策)?(?:解读|问答|答记者问|起草说明|说明|新闻发布会|发布会|图解)?(?:文字)?(?:实录)?"
    r"(?:\((?:[^()]{0,6}?(?:解读|图解|文字版|图文|视频|问答|读懂|实录)|[一二三四五六七八九十]+|\d+)\))?$"
)
QUOTE_CHARS_RE = re.compile(r"[“”‘’\"'「」『』〈〉<>]")


def document_core(title: str) -> str:
    """The title without issuer, 关于, 印发…的通知 wrapper, 《》 and 文号.

    >>> document_core("冠县人民政府办公室关于印发《冠县物业管理办法》的通知")
    '冠县物业管理办法'
    >>> document_core("中共广德市委 广德市人民政府关于加快推进养老服务体系建设的实施意见")
    '加快推进养老服务体系建设的实施意见'
    >>> document_core("冠县人民政府关于印发冠县城乡居民基本养老保险实施办法(2023年修订)的通知")
    '冠县城乡居民基本养老保险实施办法(2023年修订)'
    """
    text = NUMBER_WITH_PREFIX_RE.sub("", compact(title))
    for _ in range(2):  # 关于印发《关于…的意见》的通知: one level of nesting
        about = text.find("关于")
        if about == 0 or (0 < about <= 40 and _AGENCY_END_RE.search(text[:about])):
            text = text[about + 2 :]
        wrapper = _WRAPPER_RE.match(text)
        if wrapper:
            text = wrapper.group(1) + wrapper.group(2)
        for opening, closing_mark in (("《", "》"), ("〈", "〉")):  # 〈〉 nest inside 《》
            if text.startswith(opening) and closing_mark in text:
                closing = text.rfind(closing_mark)
                text = text[1:closing] + text[closing + 1 :]
        if "关于" not in text[:40]:
            break
    return text


def interpretation_core(title: str) -> str:
    """An unquoted interpretation title without its 解读 boilerplate.

    >>> interpretation_core("视频解读丨盐亭县2023年义务教育阶段学校招生入学工作实施方案")
    '盐亭县2023年义务教育阶段学校招生入学工作实施方案'
    >>> interpretation_core("市投资促进中心负责人就招商引资新政答记者问")
    '招商引资新政'
    >>> interpretation_core("【解读】广德市促进建筑业高质量发展若干措施")
    '广德市促进建筑业高质量发展若干措施'
    """
    text = QUOTE_CHARS_RE.sub("", NUMBER_WITH_PREFIX_RE.sub("", compact(title)))
    for _ in range(2):
        text = _INTERP_PREFIX_RE.sub("", text, count=1)
        text = _INTERP_SUFFIX_RE.sub("", text)
    head, _, tail = text.rpartition("负责人就")
    if head:
        text = tail
    return document_core(text)
