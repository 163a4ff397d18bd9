"""The 政策咨询、建议与评价 window: where a policy page lets readers ask and comment.

Portals draw it as a short title or link (政策咨询, 我要咨询, 建议与评价 …) outside the body and
the site chrome, or as a form with a textarea asking for 咨询/建议/评价. What is kept is an
excerpt of the window, as evidence. A profile may name the window by a CSS selector instead
(``selectors.feedback_window``): that replaces the heuristic.
"""

from __future__ import annotations

import re

from lxml import etree  # lxml ships no stubs
from parsel import Selector

from crawler.extract.elements import ancestors, is_empty, is_inside, text, tokens, visible_text
from crawler.extract.page import Page

FEEDBACK_TITLE = "政策咨询、建议与评价"
EXCERPT_MAX = 120

# A window title (a short text or link text, spaces removed).
FEEDBACK_RE = re.compile(
    r"政策咨询|建议[与和及、]评价|咨询[、，,]?建议|我要(?:咨询|建议|评价)|政策评价|评价政策"
)
_FEEDBACK_FORM_RE = re.compile(r"咨询|建议|评价|意见|留言|提问")


def feedback_window(page: Page, nodes: list[etree._Element]) -> etree._Element | None:
    """The window, from the elements holding a window title (``nodes``), else a form with a
    textarea that asks for 咨询/建议/评价; None when there is none."""
    for owner in nodes:
        if is_inside(owner, page.container):
            continue
        region = _window_region(page, owner)
        if not page.is_chrome(region):
            return region
    for textarea in page.root.iter("textarea"):
        if is_inside(textarea, page.container):
            continue
        region = next((a for a in ancestors(textarea) if a.tag == "form"), None)
        if region is None:
            region = textarea
            for _ in range(3):
                if region.getparent() is None:
                    break
                region = region.getparent()
        if not page.is_chrome(region) and _FEEDBACK_FORM_RE.search(visible_text(region)):
            return region
    return None


def has_controls(region: etree._Element) -> bool:
    """Whether the window offers the reader something to use: a link, a form field, a frame.
    A title alone over an empty box is no window until a script fills the box."""
    for el in region.iter("a", "form", "textarea", "input", "button", "iframe", "select"):
        if el.tag != "a" or el.get("href") or el.get("onclick"):
            return True
    return False


def feedback_override(page: Page, css: str, refs: frozenset[str]) -> tuple[str | None, bool]:
    """The profile's window selector: (excerpt, whether it matched only a script-filled box).

    ``refs`` are the ids and classes the page's inline scripts name. The selector is valid: the
    profile's model checked it when the profile loaded."""
    found = Selector(root=page.root, type="html").css(css)
    elements = [m.root for m in found if isinstance(m.root, etree._Element)]
    for el in elements:
        if not is_empty(el):
            return excerpt(el), False
    return None, any(refs.intersection(tokens(el)) for el in elements)


def excerpt(el: etree._Element) -> str:
    """The start of the window's visible text: enough to show a reader what was found."""
    return visible_text(el)[:EXCERPT_MAX]


def _window_region(page: Page, el: etree._Element) -> etree._Element:
    """The largest element around ``el`` still short enough to be the window itself."""
    while True:
        parent = el.getparent()
        if parent is None or parent in page.container_path:
            return el
        if len(text(parent)) > EXCERPT_MAX:
            return el
        el = parent
