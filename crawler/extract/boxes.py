"""Related-link boxes: a short title (相关解读, 关联稿件, 相关链接, 政策原文 …) over links.

Real portals often hide a policy's 解读 under 关联稿件 or 相关链接 rather than 相关解读, so
every such title counts. A box is the title's element and the content after it (the box may
be empty when a script fills it). A column heading above the article (政策解读) is no box: its
"content" would hold the body. Boxes in the site chrome (menus, footers) are no boxes either.
"""

from __future__ import annotations

import re

from lxml import etree  # lxml ships no stubs

from crawler.extract.elements import SKIP_TAGS, text, tokens
from crawler.extract.page import Page

# Related-link box titles.
BOX_TITLE_RE = re.compile(
    r"(?:相关|关联|延伸)(?:政策)?(?:解读|稿件|链接|文件|政策|阅读|新闻|信息|资料|内容|文章)"
    r"|(?:政策|文件|图文|图片|视频|图解|动漫|音频|专家|媒体|部门|新闻|权威)?解读"
    r"(?:文件|材料|稿件|链接|文章|信息)?"
    r"|(?:政策)?原文(?:链接|文件)?|(?:政策)?文件原文"
)
_MORE_RE = re.compile(r"(?:查看)?(?:更多|more|MORE|More)?[>》»＞+\s]*")
_CONTAINER_CONTENT_TAGS = frozenset(
    {"ul", "ol", "dl", "table", "tbody", "tr", "div", "p", "li", "section", "iframe", "form"}
)
_TITLEISH_RE = re.compile(r"tit|hd|head|bt|name", re.IGNORECASE)

# A box: its title (without spaces), its element, and its content elements.
Box = tuple[str, etree._Element, list[etree._Element]]
# A box title found in the text: (title, the element holding it, the child whose tail it is).
Heading = tuple[str, etree._Element, etree._Element | None]


def find_boxes(page: Page, headings: list[Heading]) -> tuple[list[Box], dict[etree._Element, str]]:
    """The boxes the headings title, and each link (or onclick element) in them → its title."""
    context: dict[etree._Element, str] = {}
    boxes: list[Box] = []
    for title, owner, after in headings:
        box, content = _box_of(owner, after)
        # A column heading above the article (政策解读) is not a box: its "content" holds the body.
        if box is page.container or any(c in page.container_path for c in content):
            continue
        if page.is_chrome(box):
            continue
        boxes.append((title, box, content))
        for element in content:
            for node in element.iter():
                if node.tag == "a" or node.get("onclick"):
                    context[node] = title
    return boxes, context


def titleish(el: etree._Element | None) -> bool:
    """Whether the element looks like a heading (h1…h6, legend, caption, a *title* class)."""
    if el is None:
        return False
    if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "legend", "caption"):
        return True
    return any(_TITLEISH_RE.search(t) for t in tokens(el))


def _meaningful(el: etree._Element) -> bool:
    """Whether a sibling after a box title is box content (not decoration or a 更多 link)."""
    tag = el.tag
    if tag == "script":  # a box whose list a script writes in place
        return not el.get("src")
    if not isinstance(tag, str) or tag in SKIP_TAGS or tag in ("br", "hr"):
        return False
    content = text(el)
    if content:
        return not (_MORE_RE.fullmatch(content) and len(list(el.iter("a"))) <= 1)
    return tag in _CONTAINER_CONTENT_TAGS or next(el.iterdescendants("a"), None) is not None


def _box_of(
    owner: etree._Element, after: etree._Element | None
) -> tuple[etree._Element, list[etree._Element]]:
    """The box a title heads and the content after the title (the box may be empty).

    The title is text in ``owner``: its own text (``after`` None) or the tail of its child
    ``after``."""
    if after is not None:
        content = [c for c in after.itersiblings() if _meaningful(c)]
    else:
        content = [c for c in owner if _meaningful(c)]
    if content:
        return owner, content
    node = owner
    for _ in range(3):
        parent = node.getparent()
        if parent is None:
            break
        content = [c for c in node.itersiblings() if _meaningful(c)]
        if content:
            return parent, content
        node = parent
    return owner, []
