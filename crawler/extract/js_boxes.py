"""Boxes that are present in the HTML but empty, filled by an inline script in the browser.

A crawler that reads the HTML sees no 相关解读 in ``<h3>相关解读</h3><ul id="xgjd"></ul>`` when
a script writes the list: such a box is reported by its title (``js_boxes``) so a check can say
未能核验 rather than 不符合. Portals name these containers by pinyin initials (xgjd 相关解读,
glgj 关联稿件, zczx 政策咨询 …) or English words (feedback, consult); an empty element so named,
or the empty content of a titled box, counts when an inline script refers to it (by id or
class) or sits inside it (``document.write``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree  # lxml ships no stubs

from crawler.extract.boxes import Box
from crawler.extract.caches import CACHE_SIZE
from crawler.extract.elements import is_empty, tokens
from crawler.extract.feedback import FEEDBACK_TITLE
from crawler.extract.page import Page

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


def js_boxes(page: Page, boxes: list[Box], refs: frozenset[str]) -> list[str]:
    """Titles of boxes that are empty in the HTML and that an inline script fills (``refs``:
    script_refs of the page's scripts).

    Looked for in two places: the empty content of a titled box (``<h3>相关解读</h3><ul
    id="xgjd"></ul>``), and elements whose id or class names the box (``xgjd``, ``zczx`` …)."""
    titles: list[str] = []
    for title, _box, content in boxes:
        if title and title not in titles and _script_filled(content, refs):
            titles.append(title)
    # Only names that say what the box is are searched for: a //*[…] search costs a full walk.
    named = _box_names(refs)
    for el in _named_elements(page, named) if named else ():
        if not is_empty(el):
            continue
        names = " ".join(tokens(el))
        found = next((t for pattern, t in _JS_BOX_NAMES if pattern.search(names)), None)
        if found is None and _JS_FEEDBACK_NAME.search(names):
            found = FEEDBACK_TITLE
        if found and found not in titles:
            titles.append(found)
    return titles


def _script_filled(content: list[etree._Element], refs: frozenset[str]) -> bool:
    """Whether a box's content has no link yet and a script refers to it or sits in it."""
    if any(c.tag == "a" or next(c.iterdescendants("a"), None) is not None for c in content):
        return False
    for element in content:
        for node in element.iter():
            # Referenced by a script, or holding one (document.write inside the list).
            if isinstance(node.tag, str) and (
                node.tag == "script" or refs.intersection(tokens(node))
            ):
                return True
    return False


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
