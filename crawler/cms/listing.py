"""List-row extraction shared by the HTML families: find the detail links of a list page.

A list row is an ``<li>`` (or table row) holding a link and usually a date. The title attribute
wins over the link text because portals truncate long titles with "…" in the text.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

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


def href_of(anchor: Selector) -> str:
    href = anchor.attrib.get("href", "")
    if "{{" in href:  # a template's bound href ({{item.url}}): no row until a script fills it
        return ""
    if SKIP_HREF.match(href):
        match = WINDOW_OPEN.search(anchor.attrib.get("onclick", "") + href)
        return match.group(1) if match else ""
    return href.strip()


def _inside_chrome(row: Selector) -> bool:
    for ancestor in row.xpath("ancestor-or-self::*[@class or @id]"):
        marker = f"{ancestor.attrib.get('class', '')} {ancestor.attrib.get('id', '')}"
        if CHROME.search(marker):
            return True
    return False


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
    rows = sel.css(item_css) if item_css else sel.xpath(ROW_XPATH)
    seen: set[str] = set()
    entries: list[ListEntry] = []
    for row in rows:
        anchors = row.css(link_css) if link_css else row.xpath(".//a")
        if not anchors:
            continue
        anchor = anchors[0]
        href = href_of(anchor)
        if not href:
            continue
        if href_pattern is not None and not href_pattern.search(href):
            continue
        row_text = " ".join(row.xpath(".//text()").getall())
        date_text = " ".join(row.css(date_css).xpath(".//text()").getall()) if date_css else ""
        date_match = DATE_TEXT.search(date_text or row_text)
        if not item_css and href_pattern is None and (date_match is None or _inside_chrome(row)):
            continue
        url = urljoin(base_url, href)
        if url in seen:
            continue
        seen.add(url)
        title = anchor.attrib.get("title") or " ".join(anchor.xpath(".//text()").getall())
        day = normalise_date(date_match.group(0)) if date_match else None
        entries.append(
            ListEntry(url=url, title=" ".join(title.split()), date=day.isoformat() if day else None)
        )
    return entries
