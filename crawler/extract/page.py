"""The parsed page and its content container, shared by every reader of one document page.

The page is parsed once; every reader walks that lxml tree. The body container is found by the
class or id a CMS gives it (gov.cn/开普 ``#UCAP-CONTENT``, TRS ``TRS_Editor``, Hanweb ``#zoom``,
gkmlpt ``.article-content`` …), else as the largest block of paragraphs. Site chrome (header,
navigation, footer, breadcrumbs, sidebars) is told by tags and class/id tokens, never on an
ancestor of the container: a two-column layout may put the article in ``div.left``.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from lxml import etree  # lxml ships no stubs
from parsel.selector import create_root_node

from crawler.extract.elements import ancestors, clean, has_text, text
from crawler.extract.markup import close_open_tables, may_have_open_tables
from crawler.extract.script_marks import may_hold_templates

_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
_CHROME_TOKEN_RE = re.compile(
    # compound names that only chrome uses: g-header, site_footer, breadcrumb, leftnav …
    r"header|footer|breadcrumb|copyright|sidebar|navbar|topbar|topnav|mainnav|subnav|leftnav"
    # short words only as a whole token: "left" alone is a sidebar, "pull-left" is CSS
    r"|^(?:head|top|left|side|nav|menu|foot|ft|bottom|crumbs?|position|location|dqwz|weizhi)$"
    r"|(?:^|[-_])(?:nav|menu|foot|crumbs?)(?:$|[-_\d])",
    re.IGNORECASE,
)

# The usual body containers, best first: gov.cn/开普 (#UCAP-CONTENT), TRS (TRS_Editor,
# TRS_UEDITOR), Hanweb (#zoom), gkmlpt (.article-content) and other CMSs.
_CONTAINERS = (
    ("id", "UCAP-CONTENT"),
    ("class", "TRS_Editor"),
    ("class", "TRS_UEDITOR"),
    ("class", "trs_editor_view"),
    ("id", "zoom"),
    ("id", "Zoom"),
    ("id", "ZOOM"),
    ("id", "fontzoom"),
    ("class", "article-content"),
    ("class", "article_content"),
    ("class", "bt-content"),
    ("class", "bt_content"),
    ("class", "pages_content"),
    ("id", "js_content"),
    ("class", "zoom"),
    ("class", "news_content"),
    ("class", "news-content"),
    ("class", "detail-content"),
    ("class", "content-detail"),
    ("class", "art_con"),
    ("class", "wzcon"),
)
_CONTAINER_RANK = {key: rank for rank, key in enumerate(_CONTAINERS)}
# Tag-filtered iteration is much cheaper than a //*[…] XPath over every element.
_CONTAINER_TAGS = ("div", "td", "article", "section", "main")
_CONTAINER_ID_RANK = {name: rank for (kind, name), rank in _CONTAINER_RANK.items() if kind == "id"}
_CONTAINER_CLASS_RANK = {
    name: rank for (kind, name), rank in _CONTAINER_RANK.items() if kind == "class"
}
# Link texts are read in the links pass: the scan loop skips them (a [not(parent::a)] predicate
# here would cost more than the owner lookups the loop does anyway, on the few it keeps).
_TEXT_XPATH = etree.XPath("//text()")
# Inside a known body container only tables and lists can hold a metadata block (a template
# that puts the 信息公开 table in the article): its paragraphs are most of a page's text, and
# the scan's cost grows with text volume.
_CONTAINER_TEXT_XPATH = etree.XPath(".//table//text() | .//dl//text() | .//li//text()")


def parse_html(html: str, url: str) -> etree._Element:
    """The page's tree, as parsel's ``create_root_node`` builds it (same clean-up, same parser
    options), from the text itself: lxml reads a str about 40% faster than the UTF-8 bytes
    parsel encodes it to, and never lets a ``<meta charset>`` override it. lxml's plain
    HTMLParser, not lxml.html's: that one runs a Python class lookup for every element proxy,
    which cost more than the parse itself here.

    >>> parse_html("<meta charset=gbk><p>冠县\\x00</p>", "http://x/").findtext(".//p")
    '冠县'
    """
    text = html.strip().replace("\x00", "")
    # A fresh parser per page (about a microsecond): lxml parsers must not be shared across
    # threads.
    parser = etree.HTMLParser(recover=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser=parser, base_url=url) if text else None
    except ValueError:
        # An XHTML page that opens with <?xml … encoding=…?>: lxml takes those only as bytes.
        return create_root_node(html, etree.HTMLParser, base_url=url)
    if root is None:  # nothing but a comment or whitespace: parsel's answer, an empty page
        root = etree.fromstring("<html/>", parser=parser, base_url=url)
    return root


class Page:
    """The parsed tree plus what several readers share (container, scripts, chrome test)."""

    def __init__(self, html: str, url: str) -> None:
        self.url = url
        if may_have_open_tables(html):
            html = close_open_tables(html)
        self.root: etree._Element = parse_html(html or "<html></html>", url)
        # Cheap substring tests on the source spare full-tree searches on most pages.
        self.may_open_windows = "onclick" in html and ("open" in html or "location" in html)
        self.may_template = may_hold_templates(html)
        self.base: etree._Element | None = None  # the first <base>
        self.meta, self.scripts = self._head()
        self.container_known = False  # True when found by its class or id, not by text size
        self.container = self._find_container()
        self.container_path = set(ancestors(self.container))

    def _head(self) -> tuple[dict[str, str], str]:
        """The <meta> name → content, and the inline scripts' text; <base> on the way (one
        walk over the tree instead of three)."""
        found: dict[str, str] = {}
        scripts: list[str] = []
        for el in self.root.iter("meta", "script", "base"):
            tag = el.tag
            if tag == "meta":
                content = el.get("content")  # first: <meta charset> needs no more reads
                if not content or content.isspace():
                    continue
                name = el.get("name") or el.get("property") or el.get("itemprop")
                if name:
                    found.setdefault(name.strip().lower(), clean(content))
            elif tag == "script":
                if el.text and not el.get("src"):
                    scripts.append(el.text)
            elif self.base is None:
                self.base = el
        return found, "\n".join(scripts)

    def scan_texts(self) -> tuple[list[Any], list[Any]]:
        """The text nodes worth scanning for labels, box titles and window titles: those
        outside the body container (link texts among them), and those of its tables and lists.
        """
        container = self.container
        parent = container.getparent()
        if not self.container_known or parent is None:
            return _TEXT_XPATH(self.root), []
        # Detaching the container for one XPath call is far cheaper than excluding its
        # descendants in the expression; the tail text travels with it and comes back.
        index = parent.index(container)
        parent.remove(container)
        try:
            outside = _TEXT_XPATH(self.root)
        finally:
            parent.insert(index, container)
        if next(container.iter("table", "dl", "li"), None) is None:
            return outside, []
        return outside, _CONTAINER_TEXT_XPATH(container)

    def _find_container(self) -> etree._Element:
        """The best-ranked known container with text (the longest of equals: the outermost
        when they nest), else the largest block of paragraphs."""
        unranked = len(_CONTAINERS)
        id_rank, class_rank = _CONTAINER_ID_RANK, _CONTAINER_CLASS_RANK
        found: dict[int, list[etree._Element]] = {}
        for el in self.root.iter(*_CONTAINER_TAGS):
            el_id, el_class = el.get("id"), el.get("class")
            rank = id_rank.get(el_id, unranked) if el_id else unranked
            if el_class:
                for name in el_class.split():
                    if name in class_rank and class_rank[name] < rank:
                        rank = class_rank[name]
            if rank < unranked:
                found.setdefault(rank, []).append(el)
        for rank in sorted(found):
            # An empty container (filled by script) does not count; of several, the longest.
            filled = [el for el in found[rank] if has_text(el)]
            if filled:
                self.container_known = True
                return filled[0] if len(filled) == 1 else max(filled, key=lambda e: len(text(e)))
        return self._largest_text_block()

    def _largest_text_block(self) -> etree._Element:
        """The element whose paragraphs (``<p>``, ``<br>``-separated lines) hold the most text."""
        scores: dict[etree._Element, int] = {}
        for el in self.root.iter("p", "br"):
            parent = el.getparent()
            if parent is None:
                continue
            size = len(text(el)) if el.tag == "p" else len((el.tail or "").strip())
            scores[parent] = scores.get(parent, 0) + size
        if scores:
            parent, score = max(scores.items(), key=lambda item: item[1])
            if score >= 20:
                return parent
        body = next(self.root.iterchildren("body"), None)
        return body if body is not None else self.root

    def is_chrome(self, el: etree._Element) -> bool:
        """True when ``el`` sits in the site's header, navigation, footer or sidebar."""
        container_path, search = self.container_path, _CHROME_TOKEN_RE.search
        for node in itertools.chain((el,), el.iterancestors()):
            if node in container_path:
                return False
            if node.tag in _CHROME_TAGS:
                return True
            for attr in ("id", "class"):
                value = node.get(attr)
                if value and any(search(token) for token in value.split()):
                    return True
        return False
