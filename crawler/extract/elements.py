"""Small reads of an lxml element that every reader of a page shares: its text, its tokens,
its place in the tree.

They run for most elements of every page, so they prefer lxml's C serialiser and iterators
over Python walks; tests/extract check each fast path against the plain ``itertext`` version.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree  # lxml ships no stubs

# Elements that start a line of text (a browser draws them as blocks), plus form fields and
# frames whose content is not the page's own text.
BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr"),
        *("html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section"),
        *("summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option"),
        *("select", "textarea", "iframe"),
    }
)
# Elements whose text no reader sees as page text.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "title", "textarea", "option"})

_DESCENDANT_TEXT_XPATH = etree.XPath(".//text()")


def clean(text: str) -> str:
    """Whitespace (and element-boundary marks) collapsed to single spaces, ends trimmed.

    ``str.split`` splits on Unicode whitespace: full-width spaces, nbsp and the ``\\x1f`` mark.

    >>> clean("\\u3000发布机构\\x1f：\\xa0 县政府 ")
    '发布机构 ： 县政府'
    """
    return " ".join(text.split())


def text(el: etree._Element) -> str:
    """The element's text, whitespace collapsed (script text included: callers that show the
    text to people use visible_text)."""
    if len(el) == 0:  # the common case (a link, a cell): no serialiser needed
        return " ".join((el.text or "").split())
    # The C serialiser gives what "".join(el.itertext()) does (text and tails, no comments),
    # several times faster even on small elements.
    return " ".join(etree.tostring(el, method="text", encoding=str, with_tail=False).split())


def visible_text(el: etree._Element) -> str:
    """The element's text without that of scripts, styles and the other SKIP_TAGS."""
    skip = SKIP_TAGS
    if el.tag not in skip and next(el.iterdescendants(*skip), None) is None:
        return text(el)  # nothing to leave out: the serialiser's text is the same
    parts = (t for t in _DESCENDANT_TEXT_XPATH(el) if t.getparent().tag not in skip or t.is_tail)
    return " ".join("".join(parts).split())


def has_text(el: etree._Element) -> bool:
    """Whether any of the element's text (``el.itertext()``) is more than whitespace. A walk
    that stops at the first such text: itertext's set-up alone costs more on most pages."""
    for node in el.iter():
        if node is not el:
            tail = node.tail
            if tail and not tail.isspace():
                return True
        if isinstance(node.tag, str):  # a comment's or processing instruction's text is not
            content = node.text
            if content and not content.isspace():
                return True
    return False


def is_empty(el: etree._Element) -> bool:
    """Nothing a reader would see: no text, link, frame or image."""
    if len(el) == 0:
        return not (el.text or "").strip()
    return not visible_text(el) and next(el.iterdescendants("a", "iframe", "img"), None) is None


def tokens(el: etree._Element) -> Iterator[str]:
    """The words of the element's id and class attributes."""
    for attr in ("id", "class"):
        value = el.get(attr)
        if value:
            yield from value.split()


def ancestors(el: etree._Element) -> Iterator[etree._Element]:
    """``el`` and every ancestor up to the root."""
    node: etree._Element | None = el
    while node is not None:
        yield node
        node = node.getparent()


def is_inside(el: etree._Element, container: etree._Element) -> bool:
    """Whether ``el`` is ``container`` or one of its descendants."""
    # ``in`` over lxml's C iterator compares by identity (elements have no __eq__).
    return el is container or container in el.iterancestors()


def owner(t: Any) -> etree._Element:
    """The element whose content a text node (an lxml smart string) is."""
    parent = t.getparent()
    return parent.getparent() if t.is_tail else parent


def block_of(el: etree._Element) -> tuple[etree._Element, bool]:
    """The nearest block ancestor of ``el`` (or ``el``), and whether a link lies on the way."""
    in_link = False
    while el.tag not in BLOCK_TAGS:
        if el.tag == "a":
            in_link = True
        parent = el.getparent()
        if parent is None:
            break
        el = parent
    return el, in_link
