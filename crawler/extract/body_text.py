"""The body text of a document page, and the fields read from it when nothing labels them.

The text is the body container's, one line per block element (the cells of one table row
stay on one line), scripts, styles and comments left out. Fields missing after the meta tags
and the metadata block are looked for in it: a 文号 standing alone at the top of the body
(many documents print it under the title), the 落款 at its foot (the 成文日期 standing alone
under the issuer's name), else a 文号 in a heading above the body and the issuer its 代字 names
(``issuer``); then a date in the URL, as the last resort for the publish date (real
portals sometimes show one date and put another in the URL).
"""

from __future__ import annotations

import re

from lxml import etree  # lxml ships no stubs

from crawler.extract.dates import find_date_in_url, normalise_date
from crawler.extract.elements import BLOCK_TAGS, SKIP_TAGS, is_inside, text
from crawler.extract.issuer import agency_from_doc_number
from crawler.extract.page import Page
from crawler.extract.record import ExtractedDocument
from crawler.extract.title import site_name
from ground.text.doc_numbers import normalise_doc_number

# The body text in one C pass: the container's text with a line break around every block
# element (cells of one row stay on one line), scripts, styles and comments left out. This is
# what body_text_in_tree builds by rewriting the tree, several times faster. The text comes
# back as the only content of a <t> element: reading it skips serialising the result.
_BODY_XSLT = etree.XSLT(
    etree.XML(
        f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:template match="/"><t><xsl:apply-templates/></t></xsl:template>
<xsl:template match="{"|".join(sorted(SKIP_TAGS))}|comment()|processing-instruction()"/>
<xsl:template match="{"|".join(sorted(BLOCK_TAGS - SKIP_TAGS - {"td", "th"}))}">
<xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="td|th"><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>
<xsl:template match="br"><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>"""
    )
)
# The line above the 落款 date when it is an issuer: a short name ending the way agency names
# end (人民政府, 办公室, 委员会, 局 …), one or several (联合发文) separated by spaces.
_SIGNER_RE = re.compile(
    r"(?:[\u4e00-\u9fff（）()]{2,30}"
    r"(?:政府|办公室|办公厅|委员会|委|局|厅|部|署|院|办|中心|处|所|站|队|街道办事处|管委会|管理会"
    r"|联合会|工作组|指挥部|领导小组|公司|集团|银行|法院|检察院|镇|乡|街道|社区|村)\s?){1,4}"
)
# A line that is nothing but a date, in digits or Chinese numerals.
_DATE_LINE_RE = re.compile(r"[\d０-９〇零○Ｏ一二三四五六七八九十年月日号\-/.－／．]+")


def body_text(page: Page) -> str:
    """The container's text, one line per block (may rewrite the container: read it last)."""
    try:
        text = _BODY_XSLT(page.container).getroot().text or ""
    except etree.XSLTApplyError:  # nesting deeper than libxslt's template depth limit
        text = body_text_in_tree(page.container)
    return lines(text)


def lines(text: str) -> str:
    """The text's lines with whitespace collapsed, empty lines dropped.

    The same as joining ``" ".join(line.split())`` of every line, in a few C calls: a line
    break becomes a NUL (no page text has one: the parse drops them), which is not whitespace,
    so one ``split`` collapses every run of spaces; then the lines lose the space at either
    end, and the empty ones go.

    >>> lines("  第一条\\u3000\\u3000为了 \\n\\n\\t\\n 第二条  ")
    '第一条 为了\\n第二条'
    """
    flat = " ".join(text.replace("\n", "\x00").split())
    return "\n".join(filter(None, map(str.strip, flat.split("\x00"))))


def body_text_in_tree(container: etree._Element) -> str:
    """The container's text with its block elements on lines of their own (rewrites it)."""
    etree.strip_elements(container, *SKIP_TAGS, etree.Comment, with_tail=False)
    for el in container.iter(*BLOCK_TAGS, "br"):
        if el.tag in ("td", "th"):  # cells of one row stay on one line
            el.tail = " " + (el.tail or "")
            continue
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    return etree.tostring(container, method="text", encoding=str, with_tail=False)


def body_fallbacks(page: Page, doc: ExtractedDocument) -> None:
    """Fill a missing 文号 and written date from the body text, a missing publish date from
    the URL."""
    text = doc.body_text
    if doc.doc_number is None:
        number = _lone_doc_number(text) or _heading_doc_number(page)
        if number:
            doc.doc_number, doc.sources["doc_number"] = number, "body"
    if doc.written_date is None or doc.issuing_agency is None:
        written, signer = _signature(text)
        if written and doc.written_date is None:
            doc.written_date, doc.sources["written_date"] = written, "body"
        if signer and doc.issuing_agency is None:
            doc.issuing_agency, doc.sources["issuing_agency"] = signer, "body"
    if doc.issuing_agency is None and doc.doc_number:
        agency = agency_from_doc_number(doc.doc_number, site_name(page))
        if agency:
            doc.issuing_agency, doc.sources["issuing_agency"] = agency, "doc_number"
    if doc.publish_date is None:
        found = find_date_in_url(page.url)
        if found:
            doc.publish_date, doc.sources["publish_date"] = found.isoformat(), "url"


def _lone_doc_number(text: str) -> str | None:
    """A 文号 standing alone on one of the first six lines.

    >>> _lone_doc_number("冠县人民政府文件\\n冠政发〔2023〕5号\\n关于…的通知")
    '冠政发〔2023〕5号'
    >>> _lone_doc_number("根据文号：冠政办发〔2023〕7号") is None
    True
    """
    for line in text.split("\n", 6)[:6] if text else ():
        compact = line.replace(" ", "")
        if len(compact) <= 25 and "《" not in compact:
            number = normalise_doc_number(compact)
            # The line is the 文号 itself (give or take 第 and a leading zero), not a
            # labelled quotation ("文号：…") of another document.
            if number and compact[0] == number[0] and len(compact) - len(number) <= 3:
                return number
    return None


def _heading_doc_number(page: Page) -> str | None:
    """A 文号 that is the whole text of a heading outside the body (TRS templates print it in
    an ``<h2>`` under the title)."""
    for heading in page.root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if is_inside(heading, page.container) or page.is_chrome(heading):
            continue
        number = _lone_doc_number(text(heading))
        if number:
            return number
    return None


def _signature(text: str) -> tuple[str | None, str | None]:
    """The 落款 at the foot of the body: a date standing alone on one of the last eight lines
    (as YYYY-MM-DD), and the issuer on the line just above it when that line names an agency.

    >>> _signature("冠县人民政府\\n2023年3月10日\\n（此件公开发布）")
    ('2023-03-10', '冠县人民政府')
    >>> _signature("联系电话：0635-5123456\\n2023年3月10日")
    ('2023-03-10', None)
    >>> _signature("2023年3月10日印发")
    (None, None)
    """
    found = text.rsplit("\n", 8)[-8:] if text else []
    for index in range(len(found) - 1, -1, -1):
        compact = found[index].replace(" ", "")
        # Only a line that is nothing but a date: 2023年3月10日 under the signature, not
        # "发布时间：…" nor the 版记's "2023年3月10日印发".
        if len(compact) <= 16 and _DATE_LINE_RE.fullmatch(compact):
            day = normalise_date(compact)
            if day:
                above = found[index - 1].strip() if index else ""
                return day.isoformat(), above if _SIGNER_RE.fullmatch(above) else None
    return None, None
