"""The title when neither the meta tags nor the metadata block give one.

First the ``<title>`` minus the site name (portals write ``文件标题 - 冠县人民政府``, or the other
way round, with any of several separators): the longest part that is not the site. A page
whose ``<title>`` is only the site name (or a fragment without one) falls back to its own
heading: an h1/h2 or a *title* element outside the body and the site chrome, long enough to
be a document title and not a box or window title.
"""

from __future__ import annotations

import re

from lxml import etree  # lxml ships no stubs

from crawler.extract.boxes import BOX_TITLE_RE
from crawler.extract.elements import is_inside, text
from crawler.extract.feedback import FEEDBACK_RE
from crawler.extract.labels import VALUE_MAX
from crawler.extract.page import Page
from crawler.extract.record import ExtractedDocument

_SITE_SUFFIX_RE = re.compile(r"(?:人民政府|政府网|门户网站|网站|门户|网|信息公开|政务公开|官网)$")
# A separator between title parts; not a dash between digits (2023-2025年).
_TITLE_SEP_RE = re.compile(r"(?<!\d)\s*(?:——|--|[-_|｜—–])\s*(?!\d)")
_HEADING_XPATH = etree.XPath(
    "//h1 | //h2 | //*[contains(@class,'title') or contains(@id,'title')"
    " or contains(@class,'tit') or contains(@class,'biaoti')]"
)
_TITLE_MIN = 6


def site_name(page: Page) -> str:
    """The portal's name: the SiteName meta tag, else the part of ``<title>`` naming a
    government (``…_莘县人民政府``), else ""."""
    name = page.meta.get("sitename", "")
    if name:
        return name
    title_el = next(page.root.iterdescendants("title"), None)
    if title_el is not None:
        for part in _TITLE_SEP_RE.split(text(title_el)):
            if part.strip().endswith("人民政府"):
                return part.strip()
    return ""


def title_fallback(page: Page, doc: ExtractedDocument) -> None:
    """Fill the title from ``<title>`` (source "title"), else from a heading (source "body")."""
    title_el = next(page.root.iterdescendants("title"), None)
    site = page.meta.get("sitename", "")
    if title_el is not None:
        parts = [p.strip() for p in _TITLE_SEP_RE.split(text(title_el)) if p and p.strip()]
        kept = [p for p in parts if p != site and not _SITE_SUFFIX_RE.search(p)]
        if kept:
            doc.title, doc.sources["title"] = max(kept, key=len), "title"
            return
    # No usable <title> (a fragment, or the site name only): the page's own heading.
    for heading in _HEADING_XPATH(page.root):
        heading_text = text(heading)
        if (
            _TITLE_MIN <= len(heading_text) <= VALUE_MAX
            and not BOX_TITLE_RE.fullmatch(heading_text)
            and not FEEDBACK_RE.search(heading_text)
            and not is_inside(heading, page.container)
            and not page.is_chrome(heading)
        ):
            doc.title, doc.sources["title"] = heading_text, "body"
            return
