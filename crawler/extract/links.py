"""Every link of a document page, read in one pass: its absolute href and text, the
attachments among them, and the link texts that may title a box or the feedback window.

Real portals link by ``<a href>`` and ``<area>``, but also by script: ``window.open('…')`` or
``location.href = '…'`` in an onclick (on an ``<a>`` or any element: ``<li onclick=…>``) or
in a ``javascript:`` href; those targets count as links. A link with no text is named by its
title attribute or its image's alt text. This pass runs for every link of every page, so its
loops avoid helpers and regexes where a string method or a cache will do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from lxml import etree  # lxml ships no stubs

from crawler.extract.caches import CACHE_SIZE
from crawler.extract.elements import clean, text
from crawler.extract.page import Page
from crawler.extract.record import Attachment, Link
from crawler.extract.roles import LinkRole, link_role
from crawler.extract.urls import attachment_type, href_kind, joined_url, relative_url

# Elements with an onclick, as the attribute values (getparent() is the element): much
# cheaper than //*[@onclick], which tests every element.
_ONCLICK_XPATH = etree.XPath("//@onclick")
_WINDOW_OPEN_RE = re.compile(
    r"""(?:window\.open|(?:window\.|document\.)?location(?:\.href)?\s*=|location\.assign)"""
    r"""\s*\(?\s*['"]([^'"]+)['"]"""
)

# (element, absolute href or None when it leads nowhere, text)
Target = tuple[etree._Element, str | None, str]


@dataclass(slots=True)
class LinkPass:
    """Every link of the page: ``targets`` holds them in page order, ``window.open`` targets
    included; ``links`` is the link list as long as no link sits in a related-links box (then
    links_in_boxes rebuilds it); ``hinted`` indexes the targets whose text may title a box or
    a feedback window."""

    targets: list[Target]
    links: dict[str, Link]
    attachments: list[Attachment]
    hinted: list[tuple[int, LinkRole]]  # index in targets, link_role


def link_pass(page: Page) -> LinkPass:
    """The links of the page (see LinkPass)."""
    raw_targets = _anchor_targets(page.root)
    if page.may_open_windows:
        raw_targets.extend(_onclick_targets(page.root))
    base = _base_url(page)
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    targets: list[Target] = []
    links: dict[str, Link] = {}
    attachments: dict[str, tuple[Attachment, bool]] = {}  # href → (attachment, named by text)
    hinted: list[tuple[int, LinkRole]] = []
    for index, (el, raw, link_text) in enumerate(raw_targets):
        kind, href, role = _link_facts(raw, link_text)
        if role is not None:
            hinted.append((index, role))
        # urljoin, with fast paths for the usual absolute and root-relative hrefs.
        if kind == "absolute":
            absolute: str | None = href
        elif kind == "root":
            absolute = origin + href
        elif kind == "relative":
            absolute = relative_url(base, href)
        else:
            absolute = None
        targets.append((el, absolute, link_text))
        if absolute is None:
            continue
        existing = links.get(absolute)
        if existing is None or (not existing.text and link_text):
            links[absolute] = Link(absolute, link_text, "")
        file_type = attachment_type(absolute)
        if file_type:
            old = attachments.get(absolute)
            if old is None or (link_text and not old[1]):
                name = link_text or unquote(absolute.split("?", 1)[0].rsplit("/", 1)[-1])
                attachments[absolute] = (Attachment(name, absolute, file_type), bool(link_text))
    return LinkPass(targets, links, [a for a, _ in attachments.values()], hinted)


def links_in_boxes(targets: list[Target], context: dict[etree._Element, str]) -> list[Link]:
    """Every link of the page, once per href and box, when some sit in related-links boxes
    (``context`` maps their elements to the box title)."""
    links: dict[tuple[str, str], Link] = {}
    for el, absolute, link_text in targets:
        if absolute is None:
            continue
        key = (absolute, context.get(el, ""))
        existing = links.get(key)
        if existing is None or (not existing.text and link_text):
            links[key] = Link(absolute, link_text, key[1])
    return list(links.values())


@lru_cache(maxsize=CACHE_SIZE)  # the pages of one site repeat their menus and footers
def _link_facts(raw: str, link_text: str) -> tuple[str, str, LinkRole | None]:
    """href_kind of the href as written, and link_role of a text of at most 30 characters."""
    return (*href_kind(raw), link_role(link_text) if len(link_text) <= 30 else None)


def _anchor_targets(root: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """(element, href as written, text) for every ``<a>`` and ``<area>``, the window.open
    target standing for a script href."""
    found: list[tuple[etree._Element, str, str]] = []
    append = found.append
    for a in root.iter("a", "area"):
        href = a.get("href") or ""
        onclick = a.get("onclick")
        # Only an href starting with j can be a javascript: one (no other letter lowercases to j).
        scripted = href[:1] in "jJ" and href[:11].lower() == "javascript:"
        if onclick or scripted or not href:
            # window.open('…') in onclick or in a javascript: href stands for the link (every
            # match holds "open" or "location": most scripts, javascript:void(0), have neither).
            script = f"{href if scripted else ''} {onclick or ''}"
            if "open" in script or "location" in script:
                target = _WINDOW_OPEN_RE.search(script)
                if target and (scripted or not href or href[0] == "#"):
                    href = target.group(1)
        # _link_text, inlined for the common case: a link with text and no child element.
        if len(a) == 0:
            content = a.text
            content = " ".join(content.split()) if content else ""
            if not content:
                content = clean(a.get("title") or "")
        else:
            content = _link_text(a)
        append((a, href, content))
    return found


def _onclick_targets(root: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """Other elements with a window.open onclick (``<li onclick="window.open('…')">``)."""
    found: list[tuple[etree._Element, str, str]] = []
    for onclick in _ONCLICK_XPATH(root):
        el = onclick.getparent()
        if el.tag == "a" or el.tag == "area":
            continue
        target = (
            _WINDOW_OPEN_RE.search(onclick) if "open" in onclick or "location" in onclick else None
        )
        if target:
            found.append((el, target.group(1), _link_text(el)))
    return found


def _base_url(page: Page) -> str:
    """What relative hrefs resolve against: the page's first ``<base href>``, else its URL."""
    base_el = page.base
    href = (base_el.get("href") or "").strip() if base_el is not None else ""
    if href:
        return joined_url(page.url, href) or page.url
    return page.url


def _link_text(el: etree._Element) -> str:
    """What a reader sees as the link: its text, else its title, else its image's alt text."""
    link_text = text(el)
    if not link_text:
        link_text = clean(el.get("title") or "")
        if not link_text:
            img = next(el.iterdescendants("img"), None)
            link_text = clean(img.get("alt") or "") if img is not None else ""
    return link_text
