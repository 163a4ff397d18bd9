"""One pass over the page's text nodes for the landmarks the readers start from: the cells
that hold metadata labels, the titles of related-links boxes, the titles of the feedback
window.

Text nodes are scanned outside the body container, and inside it only in its tables and
lists (a template may put the 信息公开 table in the article). Link texts outside the body are
left to the links pass, which reports those that may title a box or the window; a title that
is a link counts only inside a heading (``<h3><a>相关解读</a></h3>``): navigation menus are
lists of links named 政策解读.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # lxml ships no stubs

from crawler.extract.boxes import Heading, titleish
from crawler.extract.elements import SKIP_TAGS, block_of, owner
from crawler.extract.links import LinkPass
from crawler.extract.page import Page
from crawler.extract.roles import SCAN_MAX, text_role


@dataclass(slots=True)
class Landmarks:
    """Where the readers start: label cells, box headings and window titles, in page order."""

    label_cells: list[etree._Element] = field(default_factory=list)  # in page order, once each
    headings: list[Heading] = field(default_factory=list)  # box titles
    feedback_nodes: list[etree._Element] = field(default_factory=list)  # window titles' owners


def find_landmarks(page: Page, link_pass: LinkPass) -> Landmarks:
    """The landmarks of the page: from its text nodes, then from its link texts."""
    found = Landmarks()
    seen_cells: set[etree._Element] = set()
    outside, inside = page.scan_texts()
    _scan(outside, found, seen_cells, skip_links=True)
    _scan(inside, found, seen_cells, skip_links=False)
    for index, (compact, box_title, window) in link_pass.hinted:
        el = link_pass.targets[index][0]
        if box_title and (titleish(el) or titleish(el.getparent())):
            found.headings.append((compact, el, None))
        if window:
            found.feedback_nodes.append(el)
    return found


def _scan(
    texts: Iterable[Any], found: Landmarks, seen_cells: set[etree._Element], *, skip_links: bool
) -> None:
    """Add the landmarks among ``texts`` (lxml text nodes) to ``found``."""
    for t in texts:
        if len(t) > SCAN_MAX:
            continue
        # str(): a plain copy for the cache key, not the tree's "smart" string.
        role = text_role(str(t))
        if role is None:
            continue
        has_label, compact, box_title, window = role
        el = owner(t)
        if skip_links and el is not None and el.tag == "a":
            continue  # a link text outside the body: the links pass reads those
        if el is None or not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
            continue
        cell, in_link = block_of(el)
        if has_label and not in_link and cell not in seen_cells:
            seen_cells.add(cell)
            found.label_cells.append(cell)
        if box_title and not in_link:
            found.headings.append((compact, el, t.getparent() if t.is_tail else None))
        if window:
            found.feedback_nodes.append(el)
