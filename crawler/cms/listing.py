"""List-row extraction shared by the HTML families: find the detail links of a list page.

A list row is an ``<li>`` (or table row) holding a link and usually a date. The title attribute
wins over the link text because portals truncate long titles with "…" in the text.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from crawler.cms.base import ListEntry
from crawler.extract.dates import normalise_date

# Why a list page with no static row is not an empty column (ListPage.needs_js).
SCRIPTED_LIST = "列表由脚本填充（模板或接口），静态页面没有条目，需浏览器或接口抓取"
WINDOW_OPEN = re.compile(r"""window\.open\(\s*['"]([^'"]+)['"]""")
SKIP_HREF = re.compile(r"^\s*(?:javascript:|mailto:|#|$)", re.IGNORECASE)
DATE_TEXT = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}")
ROW_XPATH = "//li[.//a] | //tr[.//a] | //dd[.//a]"
# Navigation, header and footer rows are lists too; their links are not documents.
CHROME = re.compile(r"nav|menu|header|footer|foot|crumb|position|location|page|fenye|tab", re.I)
# Rows are walked as lxml elements with compiled XPaths: through parsel, a Selector for every
# row, anchor and text list made a TRS list page of 20 rows and a 60-link menu cost ~10 ms,
# ~3 ms this way (bench/crawl_throughput.py's pages). The expressions are the ones parsel ran,
# so the nodes and strings are the same.
_ROWS = etree.XPath(ROW_XPATH)
_TEXT = etree.XPath(".//text()", smart_strings=False)
_MARKED = etree.XPath("ancestor-or-self::*[@class or @id]")


def href_of(anchor: Selector) -> str:
    return _href(anchor.root)


def _href(anchor: etree._Element) -> str:
    href = anchor.get("href", "")
    if "{{" in href:  # a template's bound href ({{item.url}}): no row until a script fills it
        return ""
    if SKIP_HREF.match(href):
        match = WINDOW_OPEN.search(anchor.get("onclick", "") + href)
        return match.group(1) if match else ""
    return href.strip()


def _inside_chrome(row: etree._Element) -> bool:
    for ancestor in _MARKED(row):
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if CHROME.search(marker):
            return True
    return False


def _elements(selection: list[Selector]) -> list[etree._Element]:
    return [s.root for s in selection if isinstance(s.root, etree._Element)]


def entries_from_rows(
    sel: Selector,
    base_url: str,
    *,
    item_css: str = "",
    link_css: str = "",
    date_css: str = "",
    href_pattern: re.Pattern[str] | None = None,
) -> list[ListEntry]:
    """Entries of a list page, in page order, without duplicates.

    With ``item_css`` (a profile override) every matching element is a row; without it, rows
    are ``li``/``tr``/``dd`` outside navigation and footers whose link matches ``href_pattern``
    (when given) or which carry a date.
    """
    rows = _elements(sel.css(item_css)) if item_css else _ROWS(sel.root)
    seen: set[str] = set()
    entries: list[ListEntry] = []
    for row in rows:
        # Profile overrides are CSS: only they need a Selector around the row.
        row_sel = Selector(root=row, type="html") if link_css or date_css else None
        if row_sel and link_css:
            anchors = _elements(row_sel.css(link_css))
            anchor = anchors[0] if anchors else None
        else:
            # The row's first <a> (what .//a lists first), without an XPath call per row: a
            # list page's menu rows are most of its rows and are dropped on their href.
            anchor = next(row.iterdescendants("a"), None)
        if anchor is None:
            continue
        href = _href(anchor)
        if not href:
            continue
        if href_pattern is not None and not href_pattern.search(href):
            continue
        row_text = " ".join(_TEXT(row))
        date_text = ""
        if row_sel and date_css:
            date_text = " ".join(t for e in _elements(row_sel.css(date_css)) for t in _TEXT(e))
        date_match = DATE_TEXT.search(date_text or row_text)
        if not item_css and href_pattern is None and (date_match is None or _inside_chrome(row)):
            continue
        url = urljoin(base_url, href)
        if url in seen:
            continue
        seen.add(url)
        title = anchor.get("title") or " ".join(_TEXT(anchor))
        day = normalise_date(date_match.group(0)) if date_match else None
        entries.append(
            ListEntry(url=url, title=" ".join(title.split()), date=day.isoformat() if day else None)
        )
    return entries
