"""One document page (policy, 解读, report …) turned into the fields checks read.

The page is parsed once (``page.Page``); every reader walks that lxml tree.

Each metadata field is taken from the first source that has it, so that the cross-CMS
contract wins where a portal follows it and every portal still yields what it shows:

1. ``meta``: the 政府网站发展指引 tags ``ArticleTitle`` and ``PubDate``, a cross-CMS contract
   where present (``meta_tags``); but a 发布日期 the page shows wins over ``PubDate``, which some
   templates fill with the time the page was generated;
2. ``table``: the labelled 信息公开 metadata block, in whatever layout the CMS draws it: th/td or
   td/td pairs (several per row), dl/dt/dd, li or div rows with ``<span>label：</span>value``,
   several ``label：value`` pairs on one line, labels padded with spaces (``发 布 机 构``). A block
   is a "table" when at least three different fields are labelled close together
   (``metadata``, with the label vocabulary in ``labels``);
3. ``body``: an isolated ``label：value`` line (``发布时间：2023-03-15 10:20``), a 文号 line at the
   top of the body or in a heading above it, the 落款 at its foot: the issuer over a standalone
   date (``body_text``); ``doc_number``: the issuer the 文号's 代字 names (``issuer``);
4. ``title``: the ``<title>`` minus the site name (``title``); ``url``: a date in the URL (last
   resort).

The 发文机关 is never the page's 来源 (label or ``ContentSource``): that names who posted or
first printed the article, not who issued the document. Without a block, a 落款 or a 代字 to
read it from, the issuer stays unknown (None, 未识别) rather than guessed.

A markup error that would hide the rest of the page is repaired before the parse (``markup``:
an unclosed ``<table>`` in the article would swallow the boxes after it).

Labels inside the body container are ignored unless they form a metadata block: a 解读 quotes
the policy it explains ("文号：冠政办发〔2023〕7号") and those are not its own fields.

Besides the fields: every link (``links``), with the title of the related-links box it sits in
(``boxes``: a 解读 often hides under 关联稿件 or 相关链接), the attachments, the
政策咨询、建议与评价 window (``feedback``), and the boxes a script fills that the HTML leaves
empty (``js_boxes``). A metadata field whose labelled cell a script fills is one of those boxes,
by its name (有效性, 发布日期, 文号 …), when no other source gave its value: the HTML shows no
value, and that is not the absence of one.
"""

from __future__ import annotations

from lxml import etree  # lxml ships no stubs

from crawler.extract.body_text import body_fallbacks, body_text
from crawler.extract.boxes import Box, Heading, find_boxes
from crawler.extract.feedback import (
    FEEDBACK_TITLE,
    excerpt,
    feedback_override,
    feedback_window,
    has_controls,
)
from crawler.extract.js_boxes import js_boxes, script_refs
from crawler.extract.labels import SCRIPTED_FIELD_NAMES
from crawler.extract.links import link_pass, links_in_boxes
from crawler.extract.meta_tags import apply_meta
from crawler.extract.metadata import labelled_fields
from crawler.extract.page import Page
from crawler.extract.record import FIELDS, Attachment, ExtractedDocument, Link
from crawler.extract.scan import find_landmarks
from crawler.extract.title import title_fallback
from ground.profiles.schema import Selectors

# What other code imports from here; the readers above are this package's own business.
__all__ = [
    "FIELDS",
    "FIELD_NAMES",
    "Attachment",
    "ExtractedDocument",
    "Link",
    "extract_document",
]
#: Each field's Chinese name, as a page labels it (and as ``js_boxes`` names a script-filled one).
FIELD_NAMES = SCRIPTED_FIELD_NAMES


def extract_document(
    html: str, url: str, *, selectors: Selectors | None = None
) -> ExtractedDocument:
    """Everything a check needs from one document page.

    ``html`` is the decoded page (see ``decode_page``); ``url`` resolves links and is the last
    resort for the publish date. ``selectors.feedback_window``, when set, replaces the window
    heuristic.
    """
    page = Page(html, url)
    doc = ExtractedDocument()
    # One pass over the links, one over the other text nodes: they find the label cells, the
    # box titles and the window titles every reader below starts from.
    links = link_pass(page)
    landmarks = find_landmarks(page, links)
    scripted = _read_fields(page, doc, landmarks.label_cells)

    boxes, context = find_boxes(page, landmarks.headings)
    doc.links = links_in_boxes(links.targets, context) if context else list(links.links.values())
    doc.attachments = links.attachments
    _read_windows(page, doc, (boxes, landmarks.headings), landmarks.feedback_nodes, selectors)

    # Body text last: its fallback rewrites the container in place.
    doc.body_text = body_text(page)
    body_fallbacks(page, doc)
    doc.sources = {name: doc.sources[name] for name in FIELDS if name in doc.sources}
    # Only now: a field the meta tags or the body gave was read, whatever its cell shows.
    doc.js_boxes += [
        SCRIPTED_FIELD_NAMES[name]
        for name in scripted
        if name in SCRIPTED_FIELD_NAMES and getattr(doc, name) is None
    ]
    return doc


def _read_fields(
    page: Page, doc: ExtractedDocument, label_cells: list[etree._Element]
) -> tuple[str, ...]:
    """Metadata: meta tags, then labelled pairs, then the title fallback. Returns the fields
    labelled only over a place a script fills."""
    labelled = labelled_fields(page, label_cells)
    apply_meta(page, doc)
    for name, (value, source) in labelled.values.items():
        # The date and 来源 a reader sees win over PubDate (which some templates fill with the
        # time the page was generated) and ContentSource; a labelled title is no better than
        # ArticleTitle.
        if getattr(doc, name) is None or name in ("publish_date", "source"):
            setattr(doc, name, value)
            doc.sources[name] = source
    if doc.title is None:
        title_fallback(page, doc)
    return labelled.scripted


def _read_windows(
    page: Page,
    doc: ExtractedDocument,
    found: tuple[list[Box], list[Heading]],
    feedback_nodes: list[etree._Element],
    selectors: Selectors | None,
) -> None:
    """The feedback window and the script-filled boxes (the window may be one of them);
    ``found`` holds the boxes and the box titles of the page."""
    boxes, headings = found
    refs = script_refs(page.scripts) if page.scripts else frozenset()
    titles = [*headings, *((FEEDBACK_TITLE, node, None) for node in feedback_nodes)]
    doc.js_boxes = js_boxes(page, boxes, refs, titles)
    if selectors is not None and selectors.feedback_window:
        # The profile's selector replaces the heuristic, for the script-filled case too.
        doc.feedback_window, scripted = feedback_override(page, selectors.feedback_window, refs)
        doc.js_boxes = [t for t in doc.js_boxes if t != FEEDBACK_TITLE]
        if scripted:
            doc.js_boxes.append(FEEDBACK_TITLE)
    else:
        window = feedback_window(page, feedback_nodes)
        if window is not None and FEEDBACK_TITLE in doc.js_boxes and not has_controls(window):
            window = None  # a title over a box a script fills: unread, not seen to be there
        if window is not None:  # the window is in the HTML: not script-only
            doc.feedback_window = excerpt(window)
            doc.js_boxes = [t for t in doc.js_boxes if t != FEEDBACK_TITLE]
