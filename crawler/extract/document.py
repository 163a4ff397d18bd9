"""One document page (policy, 解读, report …) turned into the fields checks read.

The page is parsed once (one parsel ``Selector``); everything else walks that lxml tree.

Each metadata field is taken from the first source that has it (PORTALS.md, "Meta-driven
extraction"):

1. ``meta``: the 政府网站发展指引 tags (``ArticleTitle``, ``PubDate``, ``ContentSource``), a
   cross-CMS contract where present;
2. ``table``: the labelled 信息公开 metadata block, in whatever layout the CMS draws it: th/td or
   td/td pairs (several per row), dl/dt/dd, li or div rows with ``<span>label：</span>value``,
   several ``label：value`` pairs on one line, labels padded with spaces (``发 布 机 构``). A block
   is a "table" when at least three different fields are labelled close together;
3. ``body``: an isolated ``label：value`` line (``发布时间：2023-03-15 10:20``), a 文号 line at the
   top of the body, a standalone date line at its foot;
4. ``title``: the ``<title>`` minus the site name; ``url``: a date in the URL (last resort).

Labels inside the body container are ignored unless they form a metadata block: a 解读 quotes
the policy it explains ("文号：冠政办发〔2023〕7号") and those are not its own fields.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from lxml import etree
from parsel import Selector
from parsel.selector import create_root_node

from crawler.extract.dates import find_date_in_url, iso_date, normalise_date
from ground.profiles.schema import Selectors
from ground.text.doc_numbers import normalise_doc_number

FIELDS = (
    "title",
    "doc_number",
    "index_number",
    "issuing_agency",
    "written_date",
    "publish_date",
    "topic",
    "validity",
)
FEEDBACK_TITLE = "政策咨询、建议与评价"
EXCERPT_MAX = 120


# Not frozen: a frozen dataclass's __init__ is several times slower, and a page has hundreds.
@dataclass(slots=True)
class Link:
    href: str  # absolute
    text: str
    context: str = ""  # title of the related-links box it sits in (相关解读, 关联稿件 …) or ""


@dataclass(slots=True)
class Attachment:
    name: str
    href: str  # absolute
    type: str  # lowercased extension: pdf, docx, wps, ofd, jpg …


@dataclass(slots=True)
class ExtractedDocument:
    title: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    issuing_agency: str | None = None
    written_date: str | None = None  # YYYY-MM-DD
    publish_date: str | None = None  # YYYY-MM-DD
    topic: str | None = None
    validity: str | None = None
    body_text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    feedback_window: str | None = None  # excerpt of the 政策咨询、建议与评价 window
    js_boxes: list[str] = field(default_factory=list)  # boxes present but filled by script only
    sources: dict[str, str] = field(default_factory=dict)  # field → meta|table|body|url|title

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form: the stored fields first, in a fixed order, then the diagnostics."""
        out: dict[str, Any] = {name: getattr(self, name) for name in FIELDS}
        out["body_text"] = self.body_text
        out["attachments"] = [
            {"href": a.href, "text": a.name, "type": a.type} for a in self.attachments
        ]
        out["links"] = [{"href": k.href, "text": k.text, "context": k.context} for k in self.links]
        out["feedback_window"] = self.feedback_window
        out["js_boxes"] = list(self.js_boxes)
        out["sources"] = dict(self.sources)
        return out


# --- vocabulary -------------------------------------------------------------------------------

# Field → its labels, best first: when one block carries two of them (Hanweb shows 发文日期 and
# 成文日期), the earlier one wins. The last ones (来源, 日期 …) are weak: used only when nothing
# better is labelled.
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号", "信息索引号", "索引编号", "索取号"),
    "title": ("标题", "名称", "文件名称", "信息名称", "公文标题", "文件标题", "题名", "文章标题"),
    "doc_number": ("发文字号", "文号", "文件编号", "发文文号", "文件文号", "发文号", "文件字号"),
    "issuing_agency": (
        "发文机关",
        "发布机构",
        "发文单位",
        "发文机构",
        "发布单位",
        "制发机关",
        "制发单位",
        "成文单位",
        "责任部门",
        "责任单位",
        "公开责任部门",
        "生成机构",
        "信息来源",
        "来源",
    ),
    "written_date": (
        "成文日期",
        "成文时间",
        "印发日期",
        "发文日期",
        "发文时间",
        "生成日期",
        "制发日期",
        "签发日期",
    ),
    "publish_date": (
        "发布日期",
        "发布时间",
        "公开日期",
        "公开时间",
        "发稿时间",
        "信息时间",
        "更新时间",
        "日期",
        "时间",
    ),
    "topic": ("主题分类", "主题词分类", "组配分类", "信息分类", "主题信息分类", "分类", "主题"),
    "validity": ("有效性", "效力状态", "时效", "时效性", "是否有效", "效力", "有效状态"),
}
# Labels that fill no field but end the value before them ("来源：县政府办 浏览次数：12").
_STOP_LABELS = (
    "主题词",
    "关键词",
    "关键字",
    "公开方式",
    "公开范围",
    "公开形式",
    "公开时限",
    "体裁分类",
    "服务对象分类",
    "机构分类",
    "实施日期",
    "施行日期",
    "废止日期",
    "失效日期",
    "有效期",
    "浏览次数",
    "访问次数",
    "点击次数",
    "阅读次数",
    "点击数",
    "浏览量",
    "访问量",
    "阅读量",
    "作者",
    "撰稿",
    "摄影",
    "责任编辑",
    "编辑",
    "审核",
    "字号",
    "字体",
    "打印",
    "关闭",
    "分享到",
    "分享",
)
_LABEL_INFO: dict[str, tuple[str | None, int]] = {}
for _field, _labels in _FIELD_LABELS.items():
    for _rank, _label in enumerate(_labels):
        _LABEL_INFO[_label] = (_field, _rank)
for _label in _STOP_LABELS:
    _LABEL_INFO.setdefault(_label, (None, 0))

_GAP = r"[\s\x1f]*"  # labels are padded with spaces or split across elements: 发 布 机 构


def _spaced(word: str) -> str:
    return _GAP.join(re.escape(ch) for ch in word)


def _trie(words: Iterable[str]) -> str:
    """A pattern matching any of the words (gaps allowed between characters), as a trie.

    Where one word extends another (发布, 发布机构) the longer is tried first, so a match is
    the longest word at its position, as with an alternation sorted longest first; but re
    tries one branch per character instead of every word, several times faster on Chinese
    text where most characters start some word."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, dict]) -> str:
        alternatives = []
        for ch in sorted(k for k in node if k):
            child = node[ch]
            rest = branch(child)
            if not rest:
                alternatives.append(re.escape(ch))
            elif "" in child:  # a word ends here: the gap goes with the longer word only
                alternatives.append(f"{re.escape(ch)}(?:{_GAP}{rest})?")
            else:
                alternatives.append(f"{re.escape(ch)}{_GAP}{rest}")
        if len(alternatives) == 1:
            return alternatives[0]
        return f"(?:{'|'.join(alternatives)})" if alternatives else ""

    return branch(root)


_LABEL_ALT = _trie(_LABEL_INFO)
# A label starts a line or follows a non-letter; it is followed by a colon, a gap, or the end.
# The alternation comes first so that re can skip ahead on its first characters; whether a
# match starts a word (not 项目名称) is checked in _label_matches.
_LABEL_RE = re.compile(rf"(?P<label>{_LABEL_ALT})(?P<after>{_GAP}[】\]］]?{_GAP}(?:[:：]{_GAP})?)")
_WORD_CHAR_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")

# Related-link box titles (PORTALS.md, "Traps": a 解读 often hides under 关联稿件 or 相关链接).
_BOX_TITLE_RE = re.compile(
    r"(?:相关|关联|延伸)(?:政策)?(?:解读|稿件|链接|文件|政策|阅读|新闻|信息|资料|内容|文章)"
    r"|(?:政策|文件|图文|图片|视频|图解|动漫|音频|专家|媒体|部门|新闻|权威)?解读"
    r"(?:文件|材料|稿件|链接|文章|信息)?"
    r"|(?:政策)?原文(?:链接|文件)?|(?:政策)?文件原文"
)
_FEEDBACK_RE = re.compile(
    r"政策咨询|建议[与和及、]评价|咨询[、，,]?建议|我要(?:咨询|建议|评价)|政策评价|评价政策"
)
# One pass over the page's text nodes finds every candidate for the three scans above. It is
# a plain alternation of words (no optional prefixes), which re scans fast; the exact patterns
# run only on the few nodes it selects.
_SCAN_WORDS = (
    *_LABEL_INFO,
    *("解读", "稿件", "链接", "原文", "相关", "关联", "阅读"),
    *("咨询", "建议", "评价"),
)
# Only whether a node has a match counts, so a word holding another (发布日期, 日期) is left out.
_SCAN_RE = re.compile(
    _trie(w for w in _SCAN_WORDS if not any(o != w and o in w for o in _SCAN_WORDS))
)
_SCAN_MAX = 200  # longer text nodes are paragraphs, not labels, box titles or window titles
# Every box title and window phrase has one of these characters: a cheap first test for links.
_LINK_HINT_RE = re.compile("[读稿链原件相关询议价]")
_FEEDBACK_FORM_RE = re.compile(r"咨询|建议|评价|意见|留言|提问")
_MORE_RE = re.compile(r"(?:查看)?(?:更多|more|MORE|More)?[>》»＞+\s]*")

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
# Elements with an onclick, as the attribute values (getparent() is the element): much
# cheaper than //*[@onclick], which tests every element.
_ONCLICK_XPATH = etree.XPath("//@onclick")
_WINDOW_OPEN_RE = re.compile(
    r"""(?:window\.open|(?:window\.|document\.)?location(?:\.href)?\s*=|location\.assign)"""
    r"""\s*\(?\s*['"]([^'"]+)['"]"""
)

# Site chrome (header, navigation, footer, breadcrumbs, sidebars): matched on tags and on
# class/id tokens, but never on an ancestor of the body container (a two-column layout may put
# the article in div.left).
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
_HEADING_XPATH = etree.XPath(
    "//h1 | //h2 | //*[contains(@class,'title') or contains(@id,'title')"
    " or contains(@class,'tit') or contains(@class,'biaoti')]"
)
_TITLE_MIN = 6

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr"),
        *("html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section"),
        *("summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option"),
        *("select", "textarea", "iframe"),
    }
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "title", "textarea", "option"})
_STRUCTURE_OF = {
    "td": ("table",),
    "th": ("table",),
    "dt": ("dl",),
    "dd": ("dl",),
    "li": ("ul", "ol"),
}
_STRUCTURE_CELLS = frozenset({"td", "th", "dt", "dd", "li", "div"})
_CONTAINER_CONTENT_TAGS = frozenset(
    {"ul", "ol", "dl", "table", "tbody", "tr", "div", "p", "li", "section", "iframe", "form"}
)

_ATTACHMENT_RE = re.compile(
    r"\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar|txt|jpe?g|png)(?=$|[?#&])", re.IGNORECASE
)
# Every extension _ATTACHMENT_RE matches (tests check the two agree).
_ATTACHMENT_TYPES = frozenset(
    {"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "zip", "rar", "txt", "jpg", "jpeg"}
    | {"png"}
)
_SKIP_HREF_PREFIXES = ("javascript:", "mailto:", "tel:", "#", "data:", "about:", "vbscript:")
# Their first characters, either case: an href starting otherwise needs no lower().
_SKIP_HREF_FIRST = "".join(
    {p[0] for p in _SKIP_HREF_PREFIXES} | {p[0].upper() for p in _SKIP_HREF_PREFIXES}
)
_PLACEHOLDERS = frozenset(
    {"", "无", "暂无", "-", "--", "—", "/", "－", "空", "null", "none", "无文号"}
)
_SITE_SUFFIX_RE = re.compile(r"(?:人民政府|政府网|门户网站|网站|门户|网|信息公开|政务公开|官网)$")
_TITLE_SEP_RE = re.compile(r"(?<!\d)\s*(?:——|--|[-_|｜—–])\s*(?!\d)")
_DATE_LINE_RE = re.compile(r"[\d０-９〇零○Ｏ一二三四五六七八九十年月日号\-/.－／．]+")
_VALUE_MAX = 300
_TABLE_MIN_FIELDS = 3
_CLUSTER_LEVELS = 2


def _clean(text: str) -> str:
    """Whitespace (and element-boundary marks) collapsed to single spaces, ends trimmed.

    ``str.split`` splits on Unicode whitespace: full-width spaces, nbsp and the ``\x1f`` mark.
    """
    return " ".join(text.split())


def _text(el: etree._Element) -> str:
    """The element's text, whitespace collapsed (script text included: callers that show the
    text to people use _visible_text)."""
    if len(el) == 0:  # the common case (a link, a cell): no serialiser needed
        return " ".join((el.text or "").split())
    # The C serialiser gives what "".join(el.itertext()) does (text and tails, no comments),
    # several times faster even on small elements.
    return " ".join(etree.tostring(el, method="text", encoding=str, with_tail=False).split())


_DESCENDANT_TEXT_XPATH = etree.XPath(".//text()")


def _visible_text(el: etree._Element) -> str:
    skip = _SKIP_TAGS
    if el.tag not in skip and next(el.iterdescendants(*skip), None) is None:
        return _text(el)  # nothing to leave out: the serialiser's text is the same
    parts = (t for t in _DESCENDANT_TEXT_XPATH(el) if t.getparent().tag not in skip or t.is_tail)
    return " ".join("".join(parts).split())


def _has_text(el: etree._Element) -> bool:
    """Whether any of the element's text (``el.itertext()``) is more than whitespace. A walk
    that stops at the first such text: itertext's set-up alone costs more on most pages."""
    for node in el.iter():
        if node is not el:
            tail = node.tail
            if tail and not tail.isspace():
                return True
        if isinstance(node.tag, str):  # a comment's or processing instruction's text is not
            text = node.text
            if text and not text.isspace():
                return True
    return False


def _tokens(el: etree._Element) -> Iterator[str]:
    for attr in ("id", "class"):
        value = el.get(attr)
        if value:
            yield from value.split()


def _ancestors(el: etree._Element) -> Iterator[etree._Element]:
    """``el`` and every ancestor up to the root."""
    while el is not None:
        yield el
        el = el.getparent()


def _is_inside(el: etree._Element, container: etree._Element) -> bool:
    # ``in`` over lxml's C iterator compares by identity (elements have no __eq__).
    return el is container or container in el.iterancestors()


# --- the page -------------------------------------------------------------------------------


class _Page:
    """The parsed tree plus what several extractors share (container, scripts, chrome test)."""

    def __init__(self, html: str, url: str) -> None:
        self.url = url
        # parsel's own parse, but with lxml's plain HTMLParser: lxml.html's parser runs a Python
        # class lookup for every element proxy, which cost more than the parse itself here.
        self.root: etree._Element = create_root_node(
            html or "<html></html>", etree.HTMLParser, base_url=url
        )
        # Cheap substring tests on the source spare full-tree searches on most pages.
        self.may_open_windows = "onclick" in html and ("open" in html or "location" in html)
        self.base: etree._Element | None = None  # the first <base>
        self.meta, self.scripts = self._head()
        self.container_known = False  # True when found by its class or id, not by text size
        self.container = self._find_container()
        self.container_path = set(_ancestors(self.container))

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
                    found.setdefault(name.strip().lower(), _clean(content))
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
            filled = [el for el in found[rank] if _has_text(el)]
            if filled:
                self.container_known = True
                return filled[0] if len(filled) == 1 else max(filled, key=lambda e: len(_text(e)))
        return self._largest_text_block()

    def _largest_text_block(self) -> etree._Element:
        """The element whose paragraphs (``<p>``, ``<br>``-separated lines) hold the most text."""
        scores: dict[etree._Element, int] = {}
        for el in self.root.iter("p", "br"):
            parent = el.getparent()
            if parent is None:
                continue
            size = len(_text(el)) if el.tag == "p" else len((el.tail or "").strip())
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

    def script_refs(self) -> frozenset[str]:
        refs = _SCRIPT_REFS.get(self.scripts)  # a site's pages share their inline scripts
        if refs is None:
            found: set[str] = set()
            for match in _SCRIPT_REF_RE.finditer(self.scripts):
                found.update(g for g in match.groups() if g)
            refs = _remember(_SCRIPT_REFS, self.scripts, frozenset(found))
        return refs


# --- labelled metadata ----------------------------------------------------------------------


@dataclass(slots=True)
class _Pair:
    field: str | None
    rank: int
    value: str
    cell: etree._Element
    order: int


def _owner(t: Any) -> etree._Element:
    """The element whose content a text node (an lxml smart string) is."""
    parent = t.getparent()
    return parent.getparent() if t.is_tail else parent


def _block_of(el: etree._Element) -> tuple[etree._Element, bool]:
    """The nearest block ancestor of ``el`` (or ``el``), and whether a link lies on the way."""
    in_link = False
    while el.tag not in _BLOCK_TAGS:
        if el.tag == "a":
            in_link = True
        parent = el.getparent()
        if parent is None:
            break
        el = parent
    return el, in_link


def _cell_lines(cell: etree._Element) -> list[str | etree._Element]:
    """The cell's inline content as lines (``\\x1f`` marks element boundaries); block children
    stand as themselves, to be read only if a label needs them as its value."""
    if len(cell) == 0:  # most label cells: <th>索引号</th>
        return [cell.text] if cell.text else []
    items: list[str | etree._Element] = []
    buf: list[str] = [cell.text] if cell.text else []
    _walk_lines(cell, items, buf)
    if buf:
        items.append("".join(buf))
    return items


def _walk_lines(el: etree._Element, items: list[str | etree._Element], buf: list[str]) -> None:
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIP_TAGS:
            if tag == "br" or tag in _BLOCK_TAGS:
                if buf:
                    items.append("".join(buf))
                    buf.clear()
                if tag != "br":
                    items.append(child)
            else:
                buf.append("\x1f")
                if child.text:
                    buf.append(child.text)
                if len(child):
                    _walk_lines(child, items, buf)
                buf.append("\x1f")
        if child.tail:
            buf.append(child.tail)


def _label_matches(line: str) -> list[re.Match[str]]:
    """Labels in a line: each starts the line or follows a non-letter (not 项目名称), and has
    a colon or a gap after it, or ends the line (not 主题教育, 标题党)."""
    found = []
    for match in _LABEL_RE.finditer(line):
        start = match.start()
        if start and _WORD_CHAR_RE.match(line, start - 1):
            continue
        if match["after"] or match.end() == len(line):
            found.append(match)
    return found


def _starts_with_label(text: str) -> bool:
    text = text.strip().lstrip("【[［\x1f").strip()
    match = _LABEL_RE.match(text)
    return bool(match and (match["after"] or match.end() == len(text)))


def _value_text(item: str | etree._Element) -> str | None:
    """A neighbouring line or element as a label's value (None if it is another label, or too
    long to be one: the next element may be the whole body)."""
    if isinstance(item, str):
        text = item
    else:
        if len(item) == 0:
            text = item.text or ""
        else:
            text = etree.tostring(item, method="text", encoding=str, with_tail=False)
        if len(text) > 4 * _VALUE_MAX:
            return None
    starts = _LABEL_STARTS.get(text)
    if starts is None:
        starts = _remember(_LABEL_STARTS, text, _starts_with_label(text))
    if starts:
        return None
    value = _clean(text)
    return value if len(value) <= _VALUE_MAX else None


def _next_cell(cell: etree._Element) -> etree._Element | None:
    """The element after the cell; for a label wrapped alone in a cell (``<td><p>文号：</p></td>``)
    the element after that cell."""
    node: etree._Element | None = cell
    for _ in range(3):
        if node is None:
            return None
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str) and sibling.tag not in _SKIP_TAGS:
                return sibling
        node = node.getparent()
        if node is None or node.tag not in _STRUCTURE_CELLS or _text(node) != _text(cell):
            return None
    return None


def _pairs_in_cell(cell: etree._Element, order: int) -> list[_Pair]:
    pairs: list[_Pair] = []
    items = _cell_lines(cell)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            continue
        matches = _LINE_LABELS.get(item)
        if matches is None:
            matches = _remember(_LINE_LABELS, item, _label_matches(item))
        for i, match in enumerate(matches):
            label = "".join(match["label"].split())
            field_name, rank = _LABEL_INFO[label]
            end = matches[i + 1].start() if i + 1 < len(matches) else len(item)
            value: str | None = _clean(item[match.end() : end])
            if not value and i + 1 == len(matches) and field_name is not None:
                # The value is the next line of the cell, else the next cell (td, dd, div).
                following = [x for x in items[index + 1 :] if not isinstance(x, str) or _clean(x)]
                nxt = following[0] if following else _next_cell(cell)
                value = _value_text(nxt) if nxt is not None else None
            if value and len(value) <= _VALUE_MAX:
                pairs.append(_Pair(field_name, rank, value, cell, order + len(pairs)))
    return pairs


def _cluster_keys(cell: etree._Element) -> list[etree._Element]:
    """The elements whose labelled fields are counted together with this cell's: its table,
    list or dl for cells of those, else its parent and grandparent (div rows in a div)."""
    holder: etree._Element | None = cell
    for _ in range(3):  # the cell, its parent, its grandparent: <td><p>文号：</p></td> too
        if holder is None:
            break
        structure = _STRUCTURE_OF.get(holder.tag)
        if structure:
            for node in itertools.islice(holder.iterancestors(), 5):
                if node.tag in structure:
                    return [cell, node]
            return [cell]
        holder = holder.getparent()
    keys = [cell]
    node = cell.getparent()
    while node is not None and len(keys) <= _CLUSTER_LEVELS:
        keys.append(node)
        node = node.getparent()
    return keys


def _field_value(field_name: str, raw: str) -> str | None:
    value = raw.strip(" ：:|｜丨")
    if value.lower() in _PLACEHOLDERS:
        return None
    if field_name in ("written_date", "publish_date"):
        return iso_date(value)
    if field_name == "doc_number":
        return normalise_doc_number(value) or value.replace(" ", "")
    if field_name == "index_number":
        return value.replace(" ", "")
    return value


def _choose_pairs(page: _Page, pairs: list[_Pair]) -> dict[str, tuple[str, str]]:
    """field → (value, source) from the labelled pairs: blocks before lone lines, then the
    label's rank, then page order."""
    fields_near: dict[etree._Element, set[str]] = {}
    keys_of: list[list[etree._Element]] = []
    for pair in pairs:
        keys = _cluster_keys(pair.cell)
        keys_of.append(keys)
        if pair.field:
            for key in keys:
                fields_near.setdefault(key, set()).add(pair.field)
    best: dict[str, tuple[tuple[int, int, int], str]] = {}
    for pair, keys in zip(pairs, keys_of, strict=True):
        if pair.field is None:
            continue
        in_block = False
        for k in keys:
            if k in fields_near and len(fields_near[k]) >= _TABLE_MIN_FIELDS:
                in_block = True
                break
        if not in_block and _is_inside(pair.cell, page.container):
            continue  # a quotation inside the document's own text
        memo_key = (pair.field, pair.value)
        value = _FIELD_VALUES.get(memo_key, _UNKNOWN)
        if value is _UNKNOWN:
            value = _remember(_FIELD_VALUES, memo_key, _field_value(pair.field, pair.value))
        if value is None:
            continue
        key = (0 if in_block else 1, pair.rank, pair.order)
        current = best.get(pair.field)
        if current is None or key < current[0]:
            best[pair.field] = (key, value)
    return {
        name: (value, "table" if key[0] == 0 else "body") for name, (key, value) in best.items()
    }


# --- related-link boxes ---------------------------------------------------------------------


def _meaningful(el: etree._Element) -> bool:
    """Whether a sibling after a box title is box content (not decoration or a 更多 link)."""
    tag = el.tag
    if tag == "script":  # a box whose list a script writes in place
        return not el.get("src")
    if not isinstance(tag, str) or tag in _SKIP_TAGS or tag in ("br", "hr"):
        return False
    text = _text(el)
    if text:
        return not (_MORE_RE.fullmatch(text) and len(list(el.iter("a"))) <= 1)
    return tag in _CONTAINER_CONTENT_TAGS or next(el.iterdescendants("a"), None) is not None


def _box_of(
    owner: etree._Element, after: etree._Element | None
) -> tuple[etree._Element, list[etree._Element]]:
    """The box a title heads and the content after the title (the box may be empty).

    The title is text in ``owner``: its own text (``after`` None) or the tail of its child
    ``after``."""
    if after is not None:
        content = [c for c in after.itersiblings() if _meaningful(c)]
    else:
        content = [c for c in owner if _meaningful(c)]
    if content:
        return owner, content
    node = owner
    for _ in range(3):
        parent = node.getparent()
        if parent is None:
            break
        content = [c for c in node.itersiblings() if _meaningful(c)]
        if content:
            return parent, content
        node = parent
    return owner, []


_TITLEISH_RE = re.compile(r"tit|hd|head|bt|name", re.IGNORECASE)


def _titleish(el: etree._Element | None) -> bool:
    if el is None:
        return False
    if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "legend", "caption"):
        return True
    return any(_TITLEISH_RE.search(t) for t in _tokens(el))


# --- memos ----------------------------------------------------------------------------------

# The pages of one site repeat their template: menus, footers, the labels of the metadata
# table, many of its values. What depends only on such a string (is it a label, a box title,
# a date?) is remembered across pages. Keys are plain strings (an lxml "smart" string would
# keep its whole tree alive); each memo is emptied when it reaches _MEMO_SIZE.
_MEMO_SIZE = 20_000
_UNKNOWN: Any = object()
_TEXT_ROLES: dict[str, tuple[bool, str, bool, bool]] = {}
_PLAIN_TEXTS: set[str] = set()  # short texts that are none of the _text_role roles
# (href as written, text) → (_href_kind, _link_role)
_LINKS_SEEN: dict[tuple[str, str], tuple[str, str, tuple[str, bool, bool] | None]] = {}
_SCRIPT_REFS: dict[str, frozenset[str]] = {}
_BOX_NAMES: dict[frozenset[str], list[str]] = {}
_NAMED_XPATHS: dict[tuple[str, ...], etree.XPath] = {}
_LINE_LABELS: dict[str, list[re.Match[str]]] = {}
_LABEL_STARTS: dict[str, bool] = {}
_FIELD_VALUES: dict[tuple[str, str], str | None] = {}


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


def _text_role(text: str) -> tuple[bool, str, bool, bool] | None:
    """What a short text node may be: (holds a label, the text without spaces, a box title,
    a feedback window title), or None when it is none of these."""
    if not _SCAN_RE.search(text):
        return None
    has_label = bool(_label_matches(text))
    compact = "".join(text.split()).strip("：:【】[]") if len(text) <= 60 else ""
    box_title = bool(compact and len(compact) <= 12 and _BOX_TITLE_RE.fullmatch(compact))
    window = bool(compact and len(compact) <= 30 and _FEEDBACK_RE.search(compact))
    if not (has_label or box_title or window):
        return None
    return has_label, compact, box_title, window


def _link_role(text: str) -> tuple[str, bool, bool] | None:
    """For a link text of at most 30 characters: (the text without spaces, a box title, a
    feedback window title), or None when it can be neither."""
    if not _LINK_HINT_RE.search(text):
        return None
    compact = "".join(text.split()).strip("：:【】[]")
    box_title = bool(len(compact) <= 12 and _BOX_TITLE_RE.fullmatch(compact))
    window = bool(_FEEDBACK_RE.search(compact))
    return (compact, box_title, window) if box_title or window else None


# --- the extractor --------------------------------------------------------------------------


def extract_document(
    html: str, url: str, *, selectors: Selectors | None = None
) -> ExtractedDocument:
    """Everything a check needs from one document page.

    ``html`` is the decoded page (see ``decode_page``); ``url`` resolves links and is the last
    resort for the publish date. ``selectors.feedback_window``, when set, replaces the window
    heuristic.
    """
    page = _Page(html, url)
    doc = ExtractedDocument()

    # One pass over the text nodes (link texts excepted) finds label cells, box titles and
    # window titles; one pass over the links does the same for link texts.
    label_cells: list[etree._Element] = []
    seen_cells: set[etree._Element] = set()
    headings: list[tuple[str, etree._Element, etree._Element | None]] = []
    feedback_nodes: list[etree._Element] = []
    roles, plain = _TEXT_ROLES, _PLAIN_TEXTS
    outside, inside = page.scan_texts()
    for texts, skip_links in ((outside, True), (inside, False)):
        # Most text nodes are none of these, and the same on every page of a site (menus,
        # footers, spaces between tags): a C-level filter skips those already seen.
        for t in itertools.filterfalse(plain.__contains__, texts):
            if len(t) > _SCAN_MAX:
                continue
            role = roles.get(t)
            if role is None:
                role = _text_role(t)
                if role is None:
                    if len(plain) >= _MEMO_SIZE:
                        plain.clear()
                    plain.add(str(t))  # str(): a plain copy, not the tree's "smart" string
                    continue
                _remember(roles, str(t), role)
            has_label, compact, box_title, window = role
            owner = _owner(t)
            if skip_links and owner is not None and owner.tag == "a":
                continue  # a link text outside the body: the links pass reads those
            if owner is None or not isinstance(owner.tag, str) or owner.tag in _SKIP_TAGS:
                continue
            cell, in_link = _block_of(owner)
            if has_label and not in_link and cell not in seen_cells:
                seen_cells.add(cell)
                label_cells.append(cell)
            if box_title and not in_link:
                headings.append((compact, owner, t.getparent() if t.is_tail else None))
            if window:
                feedback_nodes.append(owner)
    link_pass = _link_pass(page)
    for index, (compact, box_title, window) in link_pass.hinted:
        el = link_pass.targets[index][0]
        # A title that is a link counts only inside a heading (<h3><a>相关解读</a></h3>):
        # navigation menus are lists of links named 政策解读.
        if box_title and (_titleish(el) or _titleish(el.getparent())):
            headings.append((compact, el, None))
        if window:
            feedback_nodes.append(el)

    # Metadata: meta tags, then labelled pairs, then the title and body fallbacks.
    pairs: list[_Pair] = []
    for cell in label_cells:
        pairs.extend(_pairs_in_cell(cell, len(pairs)))
    chosen = _choose_pairs(page, pairs)
    _apply_meta(page, doc)
    for name, (value, source) in chosen.items():
        # ContentSource is the article's 来源 (often the office that posted it), while a
        # table's 发文机关 names the issuer: 冠政发 comes from 冠县人民政府, posted by its 办公室.
        if getattr(doc, name) is None or (name == "issuing_agency" and source == "table"):
            setattr(doc, name, value)
            doc.sources[name] = source
    if doc.title is None:
        _title_fallback(page, doc)

    # Related-link boxes and the links in them.
    context: dict[etree._Element, str] = {}
    boxes: list[tuple[str, etree._Element, list[etree._Element]]] = []
    for title, owner, after in headings:
        box, content = _box_of(owner, after)
        # A column heading above the article (政策解读) is not a box: its "content" holds the body.
        if box is page.container or any(c in page.container_path for c in content):
            continue
        if page.is_chrome(box):
            continue
        boxes.append((title, box, content))
        for element in content:
            for node in element.iter():
                if node.tag == "a" or node.get("onclick"):
                    context[node] = title
    if context:
        doc.links = _links_in_boxes(link_pass.targets, context)
    else:
        doc.links = list(link_pass.links.values())
    doc.attachments = link_pass.attachments

    refs = page.script_refs() if page.scripts else frozenset()
    doc.js_boxes = _js_boxes(page, boxes, refs)
    if selectors is not None and selectors.feedback_window:
        # The profile's selector replaces the heuristic, for the script-filled case too.
        doc.feedback_window, scripted = _feedback_override(page, selectors.feedback_window, refs)
        doc.js_boxes = [t for t in doc.js_boxes if t != FEEDBACK_TITLE]
        if scripted:
            doc.js_boxes.append(FEEDBACK_TITLE)
    else:
        doc.feedback_window = _feedback(page, feedback_nodes)
        if doc.feedback_window is not None:  # the window is in the HTML: not script-only
            doc.js_boxes = [t for t in doc.js_boxes if t != FEEDBACK_TITLE]

    # Body text last: its fallback rewrites the container in place.
    doc.body_text = _body_text(page)
    _body_fallbacks(page, doc)
    doc.sources = {name: doc.sources[name] for name in FIELDS if name in doc.sources}
    return doc


_SITE_NAME_RE = re.compile(r"网站?$|门户")


def _apply_meta(page: _Page, doc: ExtractedDocument) -> None:
    meta = page.meta
    title = meta.get("articletitle")
    if title:
        doc.title, doc.sources["title"] = title, "meta"
    for name in ("pubdate", "publishdate", "firstpublishedtime", "publishtime"):
        published = iso_date(meta.get(name))
        if published:
            doc.publish_date, doc.sources["publish_date"] = published, "meta"
            break
    source = meta.get("contentsource", "")
    site = meta.get("sitename", "")
    # ContentSource names the publisher; a site name there ("本网", "冠县人民政府门户网站") is
    # not an issuing agency.
    if source and source not in ("本网", "本站", "原创", site) and not _SITE_NAME_RE.search(source):
        doc.issuing_agency, doc.sources["issuing_agency"] = source, "meta"


def _title_fallback(page: _Page, doc: ExtractedDocument) -> None:
    title_el = next(page.root.iterdescendants("title"), None)
    site = page.meta.get("sitename", "")
    if title_el is not None:
        parts = [p.strip() for p in _TITLE_SEP_RE.split(_text(title_el)) if p and p.strip()]
        kept = [p for p in parts if p != site and not _SITE_SUFFIX_RE.search(p)]
        if kept:
            doc.title, doc.sources["title"] = max(kept, key=len), "title"
            return
    # No usable <title> (a fragment, or the site name only): the page's own heading.
    for heading in _HEADING_XPATH(page.root):
        text = _text(heading)
        if (
            _TITLE_MIN <= len(text) <= _VALUE_MAX
            and not _BOX_TITLE_RE.fullmatch(text)
            and not _FEEDBACK_RE.search(text)
            and not _is_inside(heading, page.container)
            and not page.is_chrome(heading)
        ):
            doc.title, doc.sources["title"] = text, "body"
            return


@dataclass(slots=True)
class _LinkPass:
    """Every link of the page, read in one pass: ``targets`` holds (element, absolute href or
    None when it leads nowhere, text) in page order, ``window.open`` targets included;
    ``links`` is the link list as long as no link sits in a related-links box (then
    _links_in_boxes rebuilds it); ``hinted`` indexes the targets whose text may title a box or
    a feedback window."""

    targets: list[tuple[etree._Element, str | None, str]]
    links: dict[str, Link]
    attachments: list[Attachment]
    hinted: list[tuple[int, tuple[str, bool, bool]]]  # index, _link_role


def _link_pass(page: _Page) -> _LinkPass:
    """The links of the page (see _LinkPass). These loops run for every link of every page,
    so they avoid helpers and regexes where a string method or a memo will do."""
    root = page.root
    raw_targets: list[tuple[etree._Element, str, str]] = []
    append = raw_targets.append
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
            text = a.text
            text = " ".join(text.split()) if text else ""
            if not text:
                text = _clean(a.get("title") or "")
        else:
            text = _link_text(a)
        append((a, href, text))
    # Other elements with a window.open onclick (<li onclick="window.open('…')">).
    onclicks = _ONCLICK_XPATH(root) if page.may_open_windows else ()
    for onclick in onclicks:
        el = onclick.getparent()
        if el.tag == "a" or el.tag == "area":
            continue
        target = (
            _WINDOW_OPEN_RE.search(onclick) if "open" in onclick or "location" in onclick else None
        )
        if target:
            append((el, target.group(1), _link_text(el)))

    base = page.url
    base_el = page.base
    if base_el is not None and (base_el.get("href") or "").strip():
        base = _join(page.url, base_el.get("href").strip()) or page.url
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    relative = _relative_resolver(parts)
    cache: dict[str, str] = {}
    targets: list[tuple[etree._Element, str | None, str]] = []
    links: dict[str, Link] = {}
    attachments: dict[str, tuple[Attachment, bool]] = {}  # href → (attachment, named by text)
    hinted: list[tuple[int, tuple[str, bool, bool]]] = []
    seen, memo = _LINKS_SEEN, _ATTACHMENT_MEMO
    for index, (el, raw, text) in enumerate(raw_targets):
        known = seen.get((raw, text))
        if known is None:
            known = _remember(
                seen, (raw, text), (*_href_kind(raw), _link_role(text) if len(text) <= 30 else None)
            )
        kind, href, role = known
        if role is not None:
            hinted.append((index, role))
        # urljoin, with fast paths for the usual absolute and root-relative hrefs.
        if kind == "absolute":
            absolute = href
        elif kind == "root":
            absolute = origin + href
        elif kind == "relative":
            absolute = cache.get(href)
            if absolute is None:
                absolute = cache[href] = (relative and relative(href)) or _join(base, href)
            absolute = absolute or None
        else:
            absolute = None
        targets.append((el, absolute, text))
        if absolute is None:
            continue
        existing = links.get(absolute)
        if existing is None or (not existing.text and text):
            links[absolute] = Link(absolute, text, "")
        file_type = memo.get(absolute)
        if file_type is None:
            file_type = _remember(memo, absolute, _attachment_type(absolute) or "")
        if file_type:
            old = attachments.get(absolute)
            if old is None or (text and not old[1]):
                name = text or unquote(absolute.split("?", 1)[0].rsplit("/", 1)[-1])
                attachments[absolute] = (Attachment(name, absolute, file_type), bool(text))
    return _LinkPass(targets, links, [a for a, _ in attachments.values()], hinted)


def _link_text(el: etree._Element) -> str:
    text = _text(el)
    if not text:
        text = _clean(el.get("title") or "")
        if not text:
            img = next(el.iterdescendants("img"), None)
            text = _clean(img.get("alt") or "") if img is not None else ""
    return text


def _join(base: str, href: str) -> str:
    """``urljoin``, or "" for an href no browser could follow (``http://[bad``)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return ""


def _relative_resolver(parts: SplitResult) -> Callable[[str], str | None] | None:
    """A faster ``urljoin(base, href)`` for the usual relative path (``../a/b.html?x#y``): the
    same steps as urljoin, with the base (``parts``, its urlsplit) parsed once. The resolver
    answers None for any other href (a scheme, ``;`` params, a leading ``/``, ``?`` or ``#``),
    and is None for a base that is not a plain http(s) URL: urljoin handles those. Hrefs come
    stripped, without line breaks or tabs. tests/extract check that it agrees with urljoin."""
    scheme, netloc, path = parts.scheme, parts.netloc, parts.path
    if scheme not in ("http", "https") or not netloc or ";" in path:  # ;params: see urlparse
        return None
    base_parts = path.split("/")
    if base_parts[-1] != "":
        del base_parts[-1]  # the last segment is a file, not a directory
    prefix = f"{scheme}://{netloc}"

    def resolve(href: str) -> str | None:
        if ":" in href or ";" in href or href[0] in "/?#" or href[0] <= " ":
            return None
        path, _, fragment = href.partition("#")
        path, _, query = path.partition("?")
        segments = base_parts + path.split("/")
        segments[1:-1] = filter(None, segments[1:-1])
        resolved: list[str] = []
        for segment in segments:
            if segment == "..":
                if resolved:
                    resolved.pop()
            elif segment != ".":
                resolved.append(segment)
        if segments[-1] in (".", ".."):
            resolved.append("")
        url = "/".join(resolved) or "/"
        url = prefix + (url if url[0] == "/" else "/" + url)
        if query:
            url += "?" + query
        if fragment:
            url += "#" + fragment
        return url

    return resolve


def _href_kind(raw: str) -> tuple[str, str]:
    """(kind, href) for an href as written: "skip" (none, javascript:, mailto:, #…),
    "absolute" (http, https), "root" (/path, joined to the origin as is) or "relative" (for
    urljoin); href is stripped of spaces, line breaks and tabs."""
    href = raw.strip()
    if "\n" in href or "\t" in href or "\r" in href:
        href = href.replace("\n", "").replace("\t", "").replace("\r", "")
    if not href or (href[0] in _SKIP_HREF_FIRST and href.lower().startswith(_SKIP_HREF_PREFIXES)):
        return "skip", href
    if href.startswith(("http://", "https://")):
        return "absolute", href
    if href[0] == "/" and href[1:2] != "/" and "/." not in href and "\\" not in href:
        return "root", href
    return "relative", href


def _links_in_boxes(
    targets: list[tuple[etree._Element, str | None, str]], context: dict[etree._Element, str]
) -> list[Link]:
    """Every link of the page, once per href and box, when some sit in related-links boxes."""
    links: dict[tuple[str, str], Link] = {}
    for el, absolute, text in targets:
        if absolute is None:
            continue
        key = (absolute, context.get(el, ""))
        existing = links.get(key)
        if existing is None or (not existing.text and text):
            links[key] = Link(absolute, text, key[1])
    return list(links.values())


# URL → its attachment type or "": pages of one site repeat their menu and footer links.
_ATTACHMENT_MEMO: dict[str, str] = {}


def _attachment_type(url: str) -> str | None:
    """The lowercased extension if the URL names an attachment (_ATTACHMENT_RE), else None.

    Without ``?``, ``#``, ``&`` or a line break the pattern can only match at the end, on the
    text after the last dot: a set lookup replaces the regex for nearly every URL."""
    if "?" in url or "#" in url or "&" in url or "\n" in url:
        match = _ATTACHMENT_RE.search(url)
        return match.group(1).lower() if match else None
    tail = url[-5:]  # a dot and the longest extension (docx, xlsx, jpeg)
    dot = tail.rfind(".")
    if dot < 0:
        return None
    ext = tail[dot + 1 :]
    if not ext.isascii():  # IGNORECASE matches ſ to s, K (Kelvin) to k …
        match = _ATTACHMENT_RE.search(url)
        return match.group(1).lower() if match else None
    ext = ext.lower()
    return ext if ext in _ATTACHMENT_TYPES else None


def _is_empty(el: etree._Element) -> bool:
    """Nothing a reader would see: no text, link, frame or image."""
    if len(el) == 0:
        return not (el.text or "").strip()
    return not _visible_text(el) and next(el.iterdescendants("a", "iframe", "img"), None) is None


_NAME_RE = re.compile(r"[\w\-]+")


def _named_elements(page: _Page, names: Iterable[str]) -> list[etree._Element]:
    names = tuple(n for n in names if _NAME_RE.fullmatch(n))
    if not names:
        return []
    xpath = _NAMED_XPATHS.get(names)
    if xpath is None:
        conditions = " or ".join(
            f"@id='{n}' or contains(concat(' ', normalize-space(@class), ' '), ' {n} ')"
            for n in names
        )
        xpath = _remember(_NAMED_XPATHS, names, etree.XPath(f"//*[{conditions}]"))
    return xpath(page.root)


def _js_boxes(
    page: _Page,
    boxes: list[tuple[str, etree._Element, list[etree._Element]]],
    refs: frozenset[str],
) -> list[str]:
    """Titles of boxes that are empty in the HTML and that an inline script fills.

    Looked for in two places: the empty content of a titled box (``<h3>相关解读</h3><ul
    id="xgjd"></ul>``), and elements whose id or class names the box (``xgjd``, ``zczx`` …)."""
    titles: list[str] = []

    def add(title: str | None) -> None:
        if title and title not in titles:
            titles.append(title)

    for title, _box, content in boxes:
        if any(c.tag == "a" or next(c.iterdescendants("a"), None) is not None for c in content):
            continue
        for element in content:
            for node in element.iter():
                # Referenced by a script, or holding one (document.write inside the list).
                if isinstance(node.tag, str) and (
                    node.tag == "script" or refs.intersection(_tokens(node))
                ):
                    add(title)
    # Only names that say what the box is are searched for: a //*[…] search costs a full walk.
    named = _BOX_NAMES.get(refs)
    if named is None:
        named = _remember(
            _BOX_NAMES,
            refs,
            [
                r
                for r in refs
                if _JS_FEEDBACK_NAME.search(r) or any(p.search(r) for p, _ in _JS_BOX_NAMES)
            ],
        )
    for el in _named_elements(page, named) if named else ():
        if not _is_empty(el):
            continue
        names = " ".join(_tokens(el))
        title = next((t for pattern, t in _JS_BOX_NAMES if pattern.search(names)), None)
        if title is None and _JS_FEEDBACK_NAME.search(names):
            title = FEEDBACK_TITLE
        add(title)
    return titles


def _excerpt(el: etree._Element) -> str:
    return _visible_text(el)[:EXCERPT_MAX]


def _window_region(page: _Page, el: etree._Element) -> etree._Element:
    """The largest element around ``el`` still short enough to be the window itself."""
    while True:
        parent = el.getparent()
        if parent is None or parent in page.container_path:
            return el
        if len(_text(parent)) > EXCERPT_MAX:
            return el
        el = parent


def _feedback_override(page: _Page, css: str, refs: frozenset[str]) -> tuple[str | None, bool]:
    """The profile's window selector: (excerpt, whether it matched only a script-filled box)."""
    try:
        found = Selector(root=page.root, type="html").css(css)
    except Exception as exc:  # cssselect raises several error types for a bad selector
        raise ValueError(
            f"selectors.feedback_window = {css!r}: not a valid CSS selector ({exc})"
        ) from exc
    elements = [m.root for m in found if isinstance(m.root, etree._Element)]
    for el in elements:
        if not _is_empty(el):
            return _excerpt(el), False
    return None, any(refs.intersection(_tokens(el)) for el in elements)


def _feedback(page: _Page, nodes: list[etree._Element]) -> str | None:
    """The 政策咨询、建议与评价 window: a short title or link (我要咨询 …) outside the body and
    the site chrome, or a form with a textarea that asks for 咨询/建议/评价."""
    for owner in nodes:
        if _is_inside(owner, page.container):
            continue
        region = _window_region(page, owner)
        if not page.is_chrome(region):
            return _excerpt(region)
    for textarea in page.root.iter("textarea"):
        if _is_inside(textarea, page.container):
            continue
        region = next((a for a in _ancestors(textarea) if a.tag == "form"), None)
        if region is None:
            region = textarea
            for _ in range(3):
                if region.getparent() is None:
                    break
                region = region.getparent()
        if not page.is_chrome(region) and _FEEDBACK_FORM_RE.search(_visible_text(region)):
            return _excerpt(region)
    return None


# The body text in one C pass: the container's text with a line break around every block
# element (cells of one row stay on one line), scripts, styles and comments left out. This is
# what _body_text_in_tree builds by rewriting the tree, several times faster. The text comes
# back as the only content of a <t> element: reading it skips serialising the result.
_BODY_XSLT = etree.XSLT(
    etree.XML(
        f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:template match="/"><t><xsl:apply-templates/></t></xsl:template>
<xsl:template match="{"|".join(sorted(_SKIP_TAGS))}|comment()|processing-instruction()"/>
<xsl:template match="{"|".join(sorted(_BLOCK_TAGS - _SKIP_TAGS - {"td", "th"}))}">
<xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="td|th"><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>
<xsl:template match="br"><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>"""
    )
)


def _body_text(page: _Page) -> str:
    try:
        text = _BODY_XSLT(page.container).getroot().text or ""
    except etree.XSLTApplyError:  # nesting deeper than libxslt's template depth limit
        text = _body_text_in_tree(page.container)
    return _lines(text)


def _lines(text: str) -> str:
    """The text's lines with whitespace collapsed, empty lines dropped.

    The same as joining ``" ".join(line.split())`` of every line, in a few C calls: a line
    break becomes a NUL (no page text has one: the parse drops them), which is not whitespace,
    so one ``split`` collapses every run of spaces; then the lines lose the space at either
    end, and the empty ones go."""
    flat = " ".join(text.replace("\n", "\x00").split())
    return "\n".join(filter(None, map(str.strip, flat.split("\x00"))))


def _body_text_in_tree(container: etree._Element) -> str:
    """The container's text with its block elements on lines of their own (rewrites it)."""
    etree.strip_elements(container, *_SKIP_TAGS, etree.Comment, with_tail=False)
    for el in container.iter(*_BLOCK_TAGS, "br"):
        if el.tag in ("td", "th"):  # cells of one row stay on one line
            el.tail = " " + (el.tail or "")
            continue
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    return etree.tostring(container, method="text", encoding=str, with_tail=False)


def _body_fallbacks(page: _Page, doc: ExtractedDocument) -> None:
    """A 文号 standing alone at the top of the body; a date standing alone at its foot."""
    text = doc.body_text
    if doc.doc_number is None:
        for line in text.split("\n", 6)[:6] if text else ():
            compact = line.replace(" ", "")
            if len(compact) <= 25 and "《" not in compact:
                number = normalise_doc_number(compact)
                # The line is the 文号 itself (give or take 第 and a leading zero), not a
                # labelled quotation ("文号：…") of another document.
                if number and compact[0] == number[0] and len(compact) - len(number) <= 3:
                    doc.doc_number, doc.sources["doc_number"] = number, "body"
                    break
    if doc.written_date is None:
        for line in reversed(text.rsplit("\n", 8)[-8:] if text else ()):
            compact = line.replace(" ", "")
            # Only a line that is nothing but a date: 2023年3月10日 under the signature, not
            # "发布时间：…" nor the 版记's "2023年3月10日印发".
            if len(compact) <= 16 and _DATE_LINE_RE.fullmatch(compact):
                found = normalise_date(compact)
                if found:
                    doc.written_date, doc.sources["written_date"] = found.isoformat(), "body"
                    break
    if doc.publish_date is None:
        found = find_date_in_url(page.url)
        if found:
            doc.publish_date, doc.sources["publish_date"] = found.isoformat(), "url"
