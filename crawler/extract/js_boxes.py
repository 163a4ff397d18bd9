"""Boxes that are present in the HTML but empty, filled by a script in the browser.

A crawler that reads the HTML sees no 相关解读 in ``<h3>相关解读</h3><ul id="xgjd"></ul>`` when
a script writes the list: such a box is reported by its name (``js_boxes``) so a check can say
未能核验 rather than 不符合. A box counts as script-filled when it has no real link and:

- its content is a template (``script_marks``: avalon ``ms-for``, Vue ``v-for``, ``{{ }}``
  placeholders, ``<script type="text/html">``), or holds a script (``document.write``), or it
  or its content is an element an inline script names (by id or class);
- or it is an empty element named like a box (pinyin initials: xgjd 相关解读, glgj 关联稿件,
  zczx 政策咨询 …; or English: feedback, consult) that a script names;
- or it is a template, or an empty element whose id a data-fetching script names, anywhere
  outside the body and the site chrome, under a box or window title: the nearest title before
  it within its box (TRS's avalon 解读 box puts the tabs 文字解读 / 图片解读 / H5解读 between
  the title and the list).

Boxes are named in one vocabulary (``box_name``: 相关解读, 原文链接, 关联稿件, 相关链接, 相关文件,
政策咨询、建议与评价), whatever the page calls them (政策解读, 图片解读, 政策原文 …).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree  # lxml ships no stubs

from crawler.extract.boxes import Box, Heading
from crawler.extract.caches import CACHE_SIZE
from crawler.extract.elements import is_empty, is_inside, tokens
from crawler.extract.feedback import FEEDBACK_RE, FEEDBACK_TITLE
from crawler.extract.page import Page
from crawler.extract.script_marks import fetched_ids, holds_template, is_template, loop_elements

# Empty containers that a script fills: id/class names (pinyin initials) → the box title.
_JS_BOX_NAMES = (
    (re.compile(r"xgjd|gljd|jdwj|zcjd", re.IGNORECASE), "相关解读"),
    (re.compile(r"glgj|xggj", re.IGNORECASE), "关联稿件"),
    (re.compile(r"xglj|gllj", re.IGNORECASE), "相关链接"),
    (re.compile(r"xgwj|glwj", re.IGNORECASE), "相关文件"),
    (re.compile(r"ywlj|zcyw", re.IGNORECASE), "原文链接"),
)
# 政策咨询 zczx, 政策意见 zcyj, 咨询建议 zxjy, 建议评价 jypj … (pinyin initials), or English.
_JS_FEEDBACK_NAME = re.compile(
    r"zczx|zcyj|zxjy|jypj|zcpj|yjpj|zcjy|yjjy|zxpj"
    r"|feedback|consult|pingjia|zixun|jianyi|advice|suggest|evaluat",
    re.IGNORECASE,
)
_SCRIPT_REF_RE = re.compile(
    r"""getElementById\(\s*['"]([\w\-:.]+)['"]"""
    r"""|getElementsByClassName\(\s*['"]([\w\-]+)['"]"""
    r"""|['"][#.]([\w\-]+)['"\s\[>]"""
)
_NAME_RE = re.compile(r"[\w\-]+")
# How far above a template its title may sit: the element, its list, the box, the box's frame.
_TITLE_LEVELS = 4
_AFTER_CHILDREN = 1 << 30  # a tail text comes after every child of its element


def box_name(title: str) -> str:
    """A box title in the vocabulary checks and reports use.

    >>> [box_name(t) for t in ("图片解读", "政策原文", "关联稿件", "相关政策", "相关新闻")]
    ['相关解读', '原文链接', '关联稿件', '相关文件', '相关新闻']
    """
    if FEEDBACK_RE.search(title):
        return FEEDBACK_TITLE
    for word, name in (
        ("原文", "原文链接"),
        ("解读", "相关解读"),
        ("稿件", "关联稿件"),
        ("链接", "相关链接"),
        ("文件", "相关文件"),
        ("政策", "相关文件"),
    ):
        if word in title:
            return name
    return title


# A site's pages share their inline scripts. The keys are whole script texts: fewer of them.
@lru_cache(maxsize=1_024)
def script_refs(scripts: str) -> frozenset[str]:
    """The ids and classes the inline scripts' text refers to.

    >>> sorted(script_refs("document.getElementById('xgjd').innerHTML = h; $('.zczx').show()"))
    ['xgjd', 'zczx']
    """
    found: set[str] = set()
    for match in _SCRIPT_REF_RE.finditer(scripts):
        found.update(g for g in match.groups() if g)
    return frozenset(found)


def js_boxes(
    page: Page,
    boxes: list[Box],
    refs: frozenset[str],
    titles: list[Heading],
) -> list[str]:
    """Names of boxes that are empty in the HTML and that a script fills (``refs``:
    script_refs of the page's scripts; ``titles``: the box and window titles of the page)."""
    found: list[str] = []
    for title, box, content in boxes:
        if _script_filled(box, content, refs):
            _add(found, box_name(title))
    # Only names that say what the box is are searched for: a //*[…] search costs a full walk.
    named = _box_names(refs)
    for el in _named_elements(page, named) if named else ():
        if not is_empty(el):
            continue
        names = " ".join(tokens(el))
        name: str | None = next((t for p, t in _JS_BOX_NAMES if p.search(names)), None)
        if name is None and _JS_FEEDBACK_NAME.search(names):
            name = FEEDBACK_TITLE
        if name:
            _add(found, name)
    if titles:
        for el in _scripted_elements(page):
            if is_inside(el, page.container) or page.is_chrome(el) or _beside_links(el):
                continue
            above = _title_before(page, el, titles)
            if above:
                _add(found, box_name(above))
    return found


def _add(found: list[str], name: str) -> None:
    if name not in found:
        found.append(name)


def _script_filled(
    box: etree._Element, content: list[etree._Element], refs: frozenset[str]
) -> bool:
    """Whether a box's content has no real link yet and is a template, holds a script, or is
    named by a script (the content, or the box when its content is empty)."""
    if any(_real_link(a) for c in content for a in c.iter("a")):
        return False
    for element in content:
        if holds_template(element):
            return True
        for node in element.iter():
            # Referenced by a script, or holding one (document.write inside the list).
            if isinstance(node.tag, str) and (
                node.tag == "script" or refs.intersection(tokens(node))
            ):
                return True
    # gkmlpt: <div id="relation"><div>相关解读</div><ul></ul></div>, filled by its id.
    return bool(refs.intersection(tokens(box))) and all(is_empty(c) for c in content)


def _beside_links(el: etree._Element) -> bool:
    """Whether the list a template or container sits in already shows a real link."""
    holder = el.getparent()
    return any(_real_link(a) for a in (el if holder is None else holder).iter("a"))


def _real_link(a: etree._Element) -> bool:
    """Whether an ``<a>`` is a link a reader can follow now, not a template's."""
    href = a.get("href")
    return bool(href) and "{{" not in href and not is_template(a)


def _scripted_elements(page: Page) -> list[etree._Element]:
    """Templates, and empty elements whose id a data-fetching script names."""
    found = loop_elements(page.root) if page.may_template else []
    ids = fetched_ids(page.scripts) if page.scripts else frozenset()
    usable = tuple(sorted(n for n in ids if _NAME_RE.fullmatch(n)))
    if usable:
        found.extend(el for el in _id_xpath(usable)(page.root) if is_empty(el))
    return found


def _title_before(page: Page, el: etree._Element, titles: list[Heading]) -> str | None:
    """The nearest box or window title before ``el`` within its box (at most _TITLE_LEVELS
    up, never in an element that holds the body)."""
    for frame in itertools.islice(itertools.chain((el,), el.iterancestors()), _TITLE_LEVELS):
        if frame in page.container_path:
            return None
        target = _position(el, frame)
        best: tuple[tuple[int, ...], str] | None = None
        for title, owner, after in titles:
            if not is_inside(owner, frame):
                continue
            if after is not None:  # the title is the tail of ``after``
                place = (*_position(after, frame), _AFTER_CHILDREN)
            else:  # the owner's own text comes before its children
                place = (*_position(owner, frame), -1)
            if place < target and (best is None or place > best[0]):
                best = (place, title)
        if best is not None:
            # A real link between the title and ``el`` means the title heads a box the HTML
            # fills, and ``el`` (a share button, a counter) is something after it.
            start = best[0]
            shown = (_position(a, frame) for a in frame.iter("a") if _real_link(a))
            return None if any(start < place < target for place in shown) else best[1]
    return None


def _position(el: etree._Element, frame: etree._Element) -> tuple[int, ...]:
    """The child indexes from ``frame`` down to ``el`` (document order within the frame)."""
    path: list[int] = []
    node = el
    while node is not frame:
        parent = node.getparent()
        path.append(parent.index(node))
        node = parent
    return tuple(reversed(path))


@lru_cache(maxsize=CACHE_SIZE)
def _box_names(refs: frozenset[str]) -> tuple[str, ...]:
    """The script-referred names that say what a box is (xgjd, zczx, feedback …)."""
    return tuple(
        r for r in refs if _JS_FEEDBACK_NAME.search(r) or any(p.search(r) for p, _ in _JS_BOX_NAMES)
    )


def _named_elements(page: Page, names: Iterable[str]) -> list[etree._Element]:
    """The elements whose id or one of whose classes is one of the names."""
    usable = tuple(n for n in names if _NAME_RE.fullmatch(n))
    if not usable:
        return []
    result: list[etree._Element] = _named_xpath(usable)(page.root)
    return result


@lru_cache(maxsize=CACHE_SIZE)
def _named_xpath(names: tuple[str, ...]) -> etree.XPath:
    """One compiled search for all the names (names are checked to be plain words)."""
    conditions = " or ".join(
        f"@id='{n}' or contains(concat(' ', normalize-space(@class), ' '), ' {n} ')" for n in names
    )
    return etree.XPath(f"//*[{conditions}]")


@lru_cache(maxsize=CACHE_SIZE)
def _id_xpath(names: tuple[str, ...]) -> etree.XPath:
    """One compiled search for elements with any of the ids (plain words)."""
    return etree.XPath(f"//*[{' or '.join(f'@id={n!r}' for n in names)}]")
