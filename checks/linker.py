"""Pair each 政策解读 with the policy document it explains.

Rule: every interpretation is paired with the one document it explains best, when the evidence for
that document reaches ``THRESHOLD``; it is paired with a second document only when that one is
also tied to it by an explicit link. A document may have several interpretations (a text 解读, a
图解 and a 视频解读). The pairs feed the interpretation checks: "解读稿未与政策原文双向关联" (a pair
without links both ways) and "抽查的政策文件未被解读" (an in-scope document without any pair).

Source: the interpretation rows of the task catalogs (``InterpretationScope`` in
``checks/catalog.py``). Standard: 国办发〔2016〕80号 (解读材料与政策文件同步起草、
同步审签、同步发布) and the 发布解读 indicators of the 政府网站与政务新媒体检查指标
(国办秘函〔2019〕19号).

Evidence, strongest first (``WEIGHTS`` holds the contributions; a pair's ``score`` is their sum):

- explicit links either way: the interpretation links to the document's URL (原文链接 / 相关文件
  box or the body), or the document links to the interpretation (相关解读 / 关联稿件 box). URLs are
  compared normalised (``normalise_url``). A box that lists more candidates than a 解读 page ever
  explains (a 相关链接 box of five documents) only counts as weak evidence, and a link whose
  target contradicts the interpretation's own title (another year, another 文种, another place,
  a 征求意见稿) counts half;
- the document's 文号 quoted in the interpretation: in its title (decisive) or its body (strong,
  weak when the sentence names an upstream basis: 根据 / 按照 / 贯彻 …);
- the 《》-quoted title equal or nearly equal to the document's, after boilerplate removal
  (关于印发…的通知, 政策解读, 一图读懂, place names, （试行）);
- jieba-tokenised title similarity: a weighted Jaccard index over tokens, each token weighted by a
  document-frequency factor times a base weight (0 for interpretation boilerplate, low for
  policy boilerplate such as 实施方案 or 进一步加强);
- support only: the same issuing unit, and the publication date (0-10 days after the document is
  usual; before the document or more than a year after it is suspicious).

Title evidence is vetoed, whatever its similarity, when the titles disagree on the year (2022年 vs
2023年, or a revision year against the document's date), the plan period (十三五 vs 十四五), the
文种 (实施方案 vs 实施细则, 办法 vs 条例), the place (山东省 vs 冠县) or draft status (征求意见稿).
A title that names no place takes its issuing unit's (a 冠县 bureau explains a 冠县 document); a
title that names no year takes its publication year, give or take one (a 解读 published in 2021
does not explain "2018年…工作要点").

Scale: no all-pairs comparison. Candidates come from blocks: URL → document, 文号 (代字, year,
number) → documents, and token → documents for tokens rarer than ``DF_CAP`` (also qualified by
place: ``冠|医疗保险``), collected rarest first until ``CANDIDATE_POOL`` documents are seen; only
the ``TOP_K`` best of those by shared token weight are scored in full. Work per interpretation is
bounded, so the time grows linearly with the corpus (``bench/linker_scale.py``).

Why ``THRESHOLD`` is 0.55: a decisive signal alone (a link in a specific box 1.0, a 文号 in the
title 1.0, a quoted title 0.9) passes; a body 文号 passes alone (0.8); title similarity alone must
reach a Jaccard of about 0.73 (0.75 x J), or about 0.53 with a close date and the same unit; weak
evidence (a diluted box 0.3, a close date 0.1, the same unit 0.05) never passes on its own (0.45).
On the synthetic province of ``bench/linker_scale.py`` precision and recall hardly move between
0.45 and 0.6; 0.55 sits in the middle of that plateau.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import jieba

from checks.records import DocRecord
from ground.text.doc_numbers import normalise_doc_number

__all__ = [
    "CANDIDATE_POOL",
    "DECISIVE_LINK",
    "DF_CAP",
    "THRESHOLD",
    "TOP_K",
    "WEIGHTS",
    "Pair",
    "link",
    "normalise_url",
]

THRESHOLD = 0.55  # see the module docstring for why
DECISIVE_LINK = 0.8  # a link at least this strong pairs on its own, also as a second document
DF_CAP = 300  # tokens in more documents than this are too common to block on
CANDIDATE_POOL = 48  # collect block members, rarest key first, until this many are seen
TOP_K = 12  # documents scored in full per interpretation, besides linked and 文号 matches

WEIGHTS: dict[str, float] = {
    "link_to_document": 1.0,  # the interpretation page links to the document
    "link_from_document": 1.0,  # the document page links to the interpretation
    "doc_number_title": 1.0,  # the document's 文号 in the interpretation's title
    "doc_number_body": 0.8,  # … in its body
    "quoted_title": 0.9,  # 《》 title equal to the document's (times NEAR_FACTOR if nearly)
    "body_quoted_title": 0.7,  # a 《》 title in the body equal to the document's
    "title_similarity": 0.75,  # times the weighted Jaccard index of the titles' tokens
    "same_agency": 0.05,
    "date_close": 0.1,  # published 0-10 days after the document
    "date_before": -0.2,  # published before the document was even written
    "date_far": -0.2,  # published more than a year after the document
}
NEAR_FACTOR = 0.9  # a quoted title equal but for boilerplate tokens (0.81 instead of 0.9)
UPSTREAM_FACTOR = 0.3  # 文号 or title named as the basis (根据《…》) rather than the subject
CONTRADICTED_FACTOR = 0.5  # a link or body 文号 whose target the interpretation's title rules out
DILUTED_LINK = 0.3  # most a link can weigh when its box lists more candidates than the cap
MIN_SIMILARITY = 0.3  # below this a Jaccard index is noise and contributes nothing

_log = logging.getLogger(__name__)
JIEBA_CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache" / "jieba"


@dataclass(frozen=True, slots=True)
class Pair:
    """A document and the interpretation that explains it, with the evidence that decided it.

    ``signals`` maps each signal name (keys of ``WEIGHTS``, plus ``*_mismatch`` vetoes and
    ``contradicted`` with negative values) to its contribution; ``score`` is their sum.
    """

    document_id: int
    interpretation_id: int
    score: float
    signals: dict[str, float] = field(hash=False)


# --------------------------------------------------------------------------------------------
# Text normalisation


_SPACE_RE = re.compile(r"\s+")


def _clean(text: str) -> str:
    """NFKC (full-width brackets, colons and digits to ASCII) without any whitespace."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text or ""))


# A 文号 as quoted in a title or body (after NFKC): the number part, 〔2023〕12号 with any bracket
# pair portals type, or the 第1号 of a 规章 (冠县人民政府令第1号). The 代字 before it is matched
# against the documents' own (see ``_Corpus.numbered``), so no guess is made where it begins.
_NUMBER_RE = re.compile(
    r"[〔\[(【〈﹝{〖<]((?:19|20)\d{2})年?[〕\])】〉﹞}〗>]第?0*(\d{1,6})号|(令)第0*(\d{1,6})号"
)
_NUMBER_WITH_PREFIX_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]{0,10}(?:" + _NUMBER_RE.pattern + ")")
_PREFIX_CHARS_RE = re.compile(r"[^\u4e00-\u9fffA-Za-z]")
_NORMALISED_RE = re.compile(r"^(.+)〔(\d{4})〕(\d+)号$|^(.+令)第(\d+)号$")


def _parse_doc_number(text: str | None) -> tuple[str, int, int] | None:
    """A document's 文号 as (机关代字, year, serial number); year 0 for a 规章's 令第N号.

    The spelling is settled by the shared ``normalise_doc_number`` (brackets, digits, 第).

    >>> _parse_doc_number("冠政办发[2022] 030号")
    ('冠政办发', 2022, 30)
    >>> _parse_doc_number("冠县人民政府令第 1 号")
    ('冠县人民政府令', 0, 1)
    >>> _parse_doc_number("无") is None
    True
    """
    normalised = normalise_doc_number(text)
    match = _NORMALISED_RE.match(normalised or "")
    if match is None:
        return None
    if match.group(1):
        return match.group(1), int(match.group(2)), int(match.group(3))
    return match.group(4), 0, int(match.group(5))


_INDEX_PAGE_RE = re.compile(r"/(?:index|default)\.(?:html?|shtml|jsp|php|aspx?)$", re.IGNORECASE)


def normalise_url(url: str) -> str:
    """One spelling per page: scheme dropped (http and https serve the same portal page), host
    lower-cased, default port dropped, dot segments resolved, a trailing index.html and the
    trailing slash dropped, fragment dropped; path and query kept as written.

    >>> normalise_url("HTTPS://WWW.Yanting.gov.cn:443/zwgk/./a/../c100245/index.html#top")
    'www.yanting.gov.cn/zwgk/c100245'
    >>> normalise_url("http://www.yanting.gov.cn/zwgk/c100245/")
    'www.yanting.gov.cn/zwgk/c100245'
    >>> normalise_url("http://x.gov.cn/module/show.jsp?id=7#p2")
    'x.gov.cn/module/show.jsp?id=7'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    segments: list[str] = []
    for segment in parts.path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    path = _INDEX_PAGE_RE.sub("", "/" + "/".join(segments)).rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


# --------------------------------------------------------------------------------------------
# Places


_PLACE_SUFFIXES = "省市县区州"


def _words(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


_NOT_PLACES = _words(
    "城市 全市 本市 我市 市区 县区 全县 本县 我县 县级 市级 省级 全省 本省",
    "全区 我区 城区 社区 园区 景区 辖区 片区 新区 山区 都市 上市 入市",
    "自治州 自治县 自治区",
)
_NOT_PLACE_ENDINGS = (
    "地区",
    "军区",
    "城区",
    "特区",
    "中心区",
    "风景区",
    "示范区",
    "开发区",
    "试验区",
    "保护区",
    "功能区",
    "经济区",
    "平原区",
    "高原区",
    "无人区",
)
_PLACE_FROM_AGENCY_RE = re.compile(
    r"^(?:中共)?([\u4e00-\u9fff]{1,7}?[省市县区州])"
    r"(?:人民政府|政府|委员会|人大|政协|委|办公室|[\u4e00-\u9fff]{0,16}?(?:局|厅|办|中心|委员会|院|部))"
)


@lru_cache(maxsize=1)
def _dictionary_places() -> frozenset[str]:
    """Place names from jieba's dictionary (tag ``ns``) that end with 省/市/县/区/州."""
    places: set[str] = set()
    with jieba.dt.get_dict_file() as dictionary:
        for raw in dictionary:
            word, _, rest = raw.decode("utf-8").strip().partition(" ")
            if not rest.endswith(" ns") or word[-1] not in _PLACE_SUFFIXES:
                continue
            short_county = len(word) == 2 and word[-1] == "县"  # 冠县, 莘县 style
            if (len(word) >= 3 or short_county) and _is_place_name(word):
                places.add(word)
    return frozenset(places)


def _is_place_name(word: str) -> bool:
    return word not in _NOT_PLACES and not word.endswith(_NOT_PLACE_ENDINGS)


def _place_stem(place: str) -> str:
    """广德县 and 广德市 are the same place (the county became a city): compare stems."""
    for suffix in ("自治州", "自治县", "自治区"):
        if place.endswith(suffix) and len(place) > len(suffix):
            return place[: -len(suffix)]
    return place[:-1] if len(place) > 1 else place


class _Places:
    """Finds place names in a title: jieba's dictionary plus those read from issuing units."""

    def __init__(self) -> None:
        self.names: set[str] = set(_dictionary_places())
        self._learnt: set[str] = set()

    def learn(self, text: str | None) -> None:
        """Learn the place an issuing unit or a title belongs to (冠县人民政府 → 冠县)."""
        if not text or text in self._learnt:
            return
        self._learnt.add(text)
        cleaned = _clean(text)
        for part in re.split(r"[、,]", cleaned):
            match = _PLACE_FROM_AGENCY_RE.match(part)
            if match and _is_place_name(match.group(1)):
                self.names.add(match.group(1))

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of place names, longest match ending at each 省/市/县/区/州 character."""
        spans: list[tuple[int, int]] = []
        for end, char in enumerate(text, start=1):
            if char not in _PLACE_SUFFIXES:
                continue
            for size in range(min(9, end), 1, -1):
                if text[end - size : end] in self.names:
                    if not spans or spans[-1][1] <= end - size:
                        spans.append((end - size, end))
                    break
        return spans


# --------------------------------------------------------------------------------------------
# Titles: boilerplate removal and the features compared


_AGENCY_END_RE = re.compile(
    r"(?:政府|办公室|办公厅|局|委员会|委|厅|部|中心|院|会|办|组|处|所|站|公司|分局)$"
)
_WRAPPER_RE = re.compile(
    r"^(?:印发|转发|公布|下发|修订印发|重新印发)(.+?)的(?:通知|通告|公告|决定)((?:\([^()]*\))?)$"
)
_INTERP_PREFIX_RE = re.compile(
    r"^(?:【[^】]{0,12}】"
    r"|[^:|丨]{0,10}?(?:解读|图解|图说|问答|视频|H5|h5|漫画|动漫|一图|读懂|看懂|图文|专家|新闻|政策)"
    r"[^:|丨]{0,6}?[:|丨]"
    r"|一张图(?:看懂|读懂)|一图(?:读懂|看懂|了解)|(?:漫画|视频|动漫|图文|专家)?解读|图解|图说|读懂)"
)
# …政策解读, …答记者问, …新闻发布会实录, …解读（文字版）, …问答（二）, …（政策解读）
_INTERP_SUFFIX_RE = re.compile(
    r"(?:的)?(?:政策)?(?:解读|问答|答记者问|起草说明|说明|新闻发布会|发布会|图解)?(?:文字)?(?:实录)?"
    r"(?:\((?:[^()]{0,6}?(?:解读|图解|文字版|图文|视频|问答|读懂|实录)|[一二三四五六七八九十]+|\d+)\))?$"
)
_QUOTE_CHARS_RE = re.compile(r"[“”‘’\"'「」『』〈〉<>]")
_PUNCT_RE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_MARKER_RE = re.compile(
    r"\((?:试行|暂行|修订|修订版|修正|草案|征求意见稿|送审稿|讨论稿|(?:19|20)\d{2}年(?:修订|修正|版)?)\)"
)
_DRAFT_RE = re.compile(r"征求意见稿|草案|送审稿|讨论稿")
_YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})年?[-—–~至到]+((?:19|20)\d{2})")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_IN_TITLE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}年(?:度)?")
_PERIOD_RE = re.compile(r"十[一二三四五]五")
_KIND_CLASSES = {
    "细则": "细则",
    "方案": "方案",
    "办法": "办法",
    "意见": "意见",
    "规定": "规定",
    "措施": "措施",
    "举措": "措施",
    "政策": "措施",
    "规划": "规划",
    "纲要": "规划",
    "计划": "计划",
    "要点": "要点",
    "预案": "预案",
    "条例": "条例",
    "决定": "决定",
    "通知": "通知",
    "通告": "通告",
    "公告": "通告",
    "指南": "指南",
    "指引": "指南",
    "标准": "标准",
    "清单": "清单",
    "目录": "清单",
    "制度": "制度",
    "规则": "规则",
    "章程": "规则",
}
_UPSTREAM_RE = re.compile(r"根据|按照|依据|依照|贯彻|落实|参照|遵照|对照|转发|结合")
_CLAUSE_END_RE = re.compile(r"[,.;:!?。]")


def _top_level_quotes(text: str) -> list[str]:
    """The outermost 《…》 spans: nested 《》 inside a quoted title stay part of it.

    >>> _top_level_quotes("关于《关于印发《冠县物业管理办法》的通知》的解读和《另一个》")
    ['关于印发《冠县物业管理办法》的通知', '另一个']
    """
    spans: list[str] = []
    depth, start = 0, 0
    for position, char in enumerate(text):
        if char == "《":
            if depth == 0:
                start = position + 1
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            if depth == 0 and position > start:
                spans.append(text[start:position])
    return spans


def _document_core(title: str) -> str:
    """The title without issuer, 关于, 印发…的通知 wrapper, 《》 and 文号.

    >>> _document_core("冠县人民政府办公室关于印发《冠县物业管理办法》的通知")
    '冠县物业管理办法'
    >>> _document_core("中共广德市委 广德市人民政府关于加快推进养老服务体系建设的实施意见")
    '加快推进养老服务体系建设的实施意见'
    >>> _document_core("冠县人民政府关于印发冠县城乡居民基本养老保险实施办法(2023年修订)的通知")
    '冠县城乡居民基本养老保险实施办法(2023年修订)'
    """
    text = _NUMBER_WITH_PREFIX_RE.sub("", _clean(title))
    for _ in range(2):  # 关于印发《关于…的意见》的通知: one level of nesting
        about = text.find("关于")
        if about == 0 or (0 < about <= 40 and _AGENCY_END_RE.search(text[:about])):
            text = text[about + 2 :]
        wrapper = _WRAPPER_RE.match(text)
        if wrapper:
            text = wrapper.group(1) + wrapper.group(2)
        for opening, closing_mark in (("《", "》"), ("〈", "〉")):  # 〈〉 nest inside 《》
            if text.startswith(opening) and closing_mark in text:
                closing = text.rfind(closing_mark)
                text = text[1:closing] + text[closing + 1 :]
        if "关于" not in text[:40]:
            break
    return text


def _interpretation_core(title: str) -> str:
    """An unquoted interpretation title without its 解读 boilerplate.

    >>> _interpretation_core("视频解读丨盐亭县2023年义务教育阶段学校招生入学工作实施方案")
    '盐亭县2023年义务教育阶段学校招生入学工作实施方案'
    >>> _interpretation_core("市投资促进中心负责人就招商引资新政答记者问")
    '招商引资新政'
    >>> _interpretation_core("【解读】广德市促进建筑业高质量发展若干措施")
    '广德市促进建筑业高质量发展若干措施'
    """
    text = _QUOTE_CHARS_RE.sub("", _NUMBER_WITH_PREFIX_RE.sub("", _clean(title)))
    for _ in range(2):
        text = _INTERP_PREFIX_RE.sub("", text, count=1)
        text = _INTERP_SUFFIX_RE.sub("", text)
    head, _, tail = text.rpartition("负责人就")
    if head:
        text = tail
    return _document_core(text)


@dataclass(slots=True)
class _Ref:
    """One title as compared: the features a veto or a similarity reads."""

    core: str
    key: str  # equality key: no places, markers, punctuation, 的
    tokens: frozenset[str]
    specific: frozenset[str]  # tokens that are not boilerplate
    years: frozenset[int]
    periods: frozenset[str]
    kind: str | None
    places: frozenset[str]  # stems
    draft: bool
    quoted: bool = False
    weight: float = 0.0  # sum of token weights, set once document frequencies are known


def _years(text: str) -> frozenset[int]:
    years: set[int] = set()
    for first, last in _YEAR_RANGE_RE.findall(text):
        low, high = int(first), int(last)
        if 0 <= high - low <= 30:
            years.update(range(low, high + 1))
    years.update(int(year) for year in _YEAR_RE.findall(text))
    return frozenset(years)


def _kind(text: str) -> str | None:
    """The 文种 a title ends with, as a class (实施方案 and 工作方案 are both 方案)."""
    bare = _PUNCT_RE.sub("", _MARKER_RE.sub("", _QUOTE_CHARS_RE.sub("", text)))
    bare = re.sub(r"\d+$", "", bare)
    for word, kind in _KIND_CLASSES.items():
        if bare.endswith(word):
            return kind
    return None


# --------------------------------------------------------------------------------------------
# Tokens and their weights

# Never evidence: words of interpretation headlines and function words.
_STOP = _words(
    "解读 政策解读 图解 图说 读懂 一图 一图读懂 看懂 一张 一文 问答 政策问答 答记者问",
    "记者 负责人 就 新闻 发布会 新闻发布会 视频 漫画 动漫 图文 H5 h5 专家 起草 说明",
    "起草说明 了解 带你 我县 我市 全县 全市 本县 本市 全省 近日 日前 出台 推出 印发",
    "发布 新政 新规 重磅 权威 来了 来啦 文件 一起 速看 划重点 解读稿 号文",
    "的 和 与 及 等 了 在 对 为 是 有 之 中 将 把 从 以 于 其 并 或 各 个 项 条 年 号",
    "县 市 省 区 局 第 版 新 关于 试行 暂行 修订 征求意见稿 意见稿 草案 送审稿",
)
# Policy boilerplate: shared by unrelated documents, so it weighs little.
_GENERIC = _words(
    "进一步 加强 加快 推进 推动 促进 全面 深化 建设 发展 高质量 高质 质量 体系 机制",
    "行动 计划 规定 通知 开展 做好 切实 有关 事项 相关 年度 提升 改革 专项 三年 支持",
    "若干 措施 若干措施 政策 若干政策 实施 方案 实施方案 工作方案 行动方案 办法",
    "管理办法 实施办法 细则 实施细则 意见 实施意见 指导意见 管理 工作 决定 规划 要点",
    "工作要点 预案 应急预案 应急 完善 优化 创新 健全 构建 县级 市级 人民 政府",
    "人民政府 办公室 办公 公室 规范 加大 力度 全力 大力 积极 扎实 持续 着力 强化",
    "保障 服务 提高 水平 能力",
)
_GENERIC_WEIGHT = 0.3
_SINGLE_CHAR_WEIGHT = 0.5


def _base_weight(token: str) -> float:
    if token in _STOP:
        return 0.0
    if token in _GENERIC:
        return _GENERIC_WEIGHT
    if len(token) == 1:
        return _SINGLE_CHAR_WEIGHT
    return 1.0


@lru_cache(maxsize=1)
def _ensure_jieba() -> None:
    """Load jieba's dictionary once, quietly, caching it in a project folder (not /tmp)."""
    JIEBA_CACHE_DIR.mkdir(parents=True, exist_ok=True)
    jieba.setLogLevel(logging.WARNING)
    if jieba.dt.tmp_dir is None:  # another module may have chosen already
        jieba.dt.tmp_dir = str(JIEBA_CACHE_DIR)
    jieba.dt.initialize()


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> frozenset[str]:
    """jieba words plus, like its search mode, the dictionary words inside long ones
    (城乡居民 → 城乡, 居民), years and stop words removed.

    Unlike ``cut_for_search``, boilerplate is not split: 进一步 must not yield 一步, nor
    人民政府 yield 民政 (a real topic word).

    >>> sorted(_tokens("进一步加强城乡居民医疗保险工作"))
    ['乡居', '保险', '加强', '医疗', '医疗保险', '城乡', '城乡居民', '居民', '工作', '进一步']
    """
    _ensure_jieba()
    tokens: set[str] = set()
    frequencies = jieba.dt.FREQ
    for word in jieba.lcut(text):
        if _base_weight(word) == 0 or _YEAR_RE.fullmatch(word):
            continue
        tokens.add(word)
        if word in _GENERIC:
            continue
        for size in (2, 3):
            if len(word) > size:
                for start in range(len(word) - size + 1):
                    part = word[start : start + size]
                    if frequencies.get(part) and _base_weight(part) > 0:
                        tokens.add(part)
    return frozenset(tokens)


class _Features:
    """Builds ``_Ref`` objects with a shared place finder."""

    def __init__(self, places: _Places) -> None:
        self.places = places
        self._stems: dict[str, frozenset[str]] = {}  # issuing units repeat: cache their places

    def ref(self, core: str, *, quoted: bool = False) -> _Ref:
        spans = self.places.find(core)
        places = frozenset(_place_stem(core[start:end]) for start, end in spans)
        without_places = core
        for start, end in reversed(spans):
            without_places = without_places[:start] + without_places[end:]
        bare = _MARKER_RE.sub("", _QUOTE_CHARS_RE.sub("", without_places))
        # Years are compared on their own; left in, they derail jieba (2018年林长制 → 年林, 长制).
        bare = _YEAR_IN_TITLE_RE.sub("", _YEAR_RANGE_RE.sub("", bare))
        key = _PUNCT_RE.sub("", bare).replace("的", "")
        tokens = _tokens(key) if key else frozenset()
        return _Ref(
            core=core,
            key=key,
            tokens=tokens,
            specific=frozenset(token for token in tokens if _base_weight(token) >= 1.0),
            years=_years(core),
            periods=frozenset(_PERIOD_RE.findall(core)),
            kind=_kind(core),
            places=places,
            draft=bool(_DRAFT_RE.search(core)),
            quoted=quoted,
        )

    def place_stems(self, text: str | None, *, cache: bool = True) -> frozenset[str]:
        text = text or ""
        stems = self._stems.get(text)
        if stems is None:
            cleaned = _clean(text)
            spans = self.places.find(cleaned)
            stems = frozenset(_place_stem(cleaned[start:end]) for start, end in spans)
            if cache:
                self._stems[text] = stems
        return stems


# --------------------------------------------------------------------------------------------
# Prepared records


@dataclass(slots=True)
class _Doc:
    record: DocRecord
    url: str
    number: tuple[str, int, int] | None
    ref: _Ref
    places: frozenset[str]
    agency: str
    title: str
    date: dt.date | None
    year: int | None
    keys: tuple[str, ...] = ()


@dataclass(slots=True)
class _NumberMention:
    before: str  # the characters before the number: the 代字 must end them
    year: int
    number: int
    upstream: bool


@dataclass(slots=True)
class _Interp:
    record: DocRecord
    url: str
    refs: list[_Ref]  # the titles its own title names (《》 spans, else its cleaned headline)
    body_refs: list[tuple[_Ref, bool]]  # 《》 titles in the body, and whether named as a basis
    title_numbers: list[_NumberMention]
    body_numbers: list[_NumberMention]
    agency: str
    home: frozenset[str]  # places of the issuing unit
    places: frozenset[str]  # places of the named titles and the issuing unit: for blocking


_MAX_PREFIX = 16  # longest 机关代字 matched (joint documents: 冠财农发)
_BODY_QUOTES_SCANNED = 3  # the first 《》 titles of a body name its subject, later ones its basis
_BODY_CHARS_SCANNED = 5000


def _is_upstream(text: str, start: int) -> bool:
    """Whether the clause before ``start`` names a basis (根据《…》, 按照…〔2023〕3号)."""
    clause_start = 0
    for match in _CLAUSE_END_RE.finditer(text, max(0, start - 80), start):
        clause_start = match.end()
    return bool(_UPSTREAM_RE.search(text, max(clause_start, start - 80), start))


def _number_mentions(text: str, *, body: bool) -> list[_NumberMention]:
    """Every 文号 number part in ``text``, with the characters before it.

    >>> [(m.before[-4:], m.year, m.number) for m in _number_mentions("印发了冠政办发(2022)30号",
    ...     body=True)]
    [('冠政办发', 2022, 30)]
    """
    mentions = []
    for match in _NUMBER_RE.finditer(text):
        before = _PREFIX_CHARS_RE.sub("", text[max(0, match.start() - _MAX_PREFIX) : match.start()])
        if match.group(3):  # 令第N号: the 令 ends the 代字
            year, number = 0, int(match.group(4))
            before += "令"
        else:
            year, number = int(match.group(1)), int(match.group(2))
        upstream = body and _is_upstream(text, match.start())
        mentions.append(_NumberMention(before, year, number, upstream))
    return mentions


def _prepare_doc(record: DocRecord, features: _Features) -> _Doc:
    title = _clean(record.title)
    ref = features.ref(_document_core(record.title))
    places = (
        ref.places
        | features.place_stems(record.title, cache=False)
        | features.place_stems(record.issuing_agency)
    )
    date = record.publish_date or record.written_date
    dated = record.written_date or record.publish_date
    return _Doc(
        record=record,
        url=normalise_url(record.url),
        number=_parse_doc_number(record.doc_number),
        ref=ref,
        places=places,
        agency=_clean(record.issuing_agency or ""),
        title=title,
        date=date,
        year=dated.year if dated else None,
    )


def _prepare_interp(record: DocRecord, features: _Features) -> _Interp:
    title = _clean(record.title)
    quoted = _top_level_quotes(title)
    if quoted:
        refs = [features.ref(_document_core(span), quoted=True) for span in quoted]
    else:
        core = _interpretation_core(record.title)
        refs = [features.ref(core)] if core else []
    refs = [ref for ref in refs if ref.key]
    body = _clean(record.body_text[:_BODY_CHARS_SCANNED])
    body_refs = []
    position = 0
    for span in _top_level_quotes(body)[:_BODY_QUOTES_SCANNED]:
        start = body.find("《" + span, position)
        position = max(position, start + 1)
        ref = features.ref(_document_core(span), quoted=True)
        if ref.key:
            body_refs.append((ref, _is_upstream(body, start)))
    home = features.place_stems(record.issuing_agency)
    places = frozenset().union(*(ref.places for ref in refs)) | home
    return _Interp(
        record=record,
        url=normalise_url(record.url),
        refs=refs,
        body_refs=body_refs,
        title_numbers=_number_mentions(title, body=False),
        body_numbers=_number_mentions(body, body=True),
        agency=_clean(record.issuing_agency or ""),
        home=home,
        places=places,
    )


# --------------------------------------------------------------------------------------------
# Links and their boxes

_DOCUMENT_BOX_RE = re.compile(r"原文|相关文件|政策文件|文件链接|解读对象|政策依据")
_INTERPRETATION_BOX_RE = re.compile(r"解读|图解|问答")
_GENERIC_BOX_RE = re.compile(r"相关|关联|链接|阅读|推荐|延伸|附件")
_BOX_WEIGHT = {"specific": 1.0, "body": 0.9, "generic": 0.85, "other": 0.5}
# An interpretation explains one document, rarely two; a document rarely has more than three
# interpretations (text, 图解, 视频). A box listing more than that is a list, not a pairing.
_BOX_CAP = {"to_document": 2, "from_document": 3}


def _box_class(context: str, direction: str) -> str:
    context = _clean(context)
    if not context or context in ("正文", "body"):
        return "body"
    specific = _DOCUMENT_BOX_RE if direction == "to_document" else _INTERPRETATION_BOX_RE
    if specific.search(context):
        return "specific"
    if _GENERIC_BOX_RE.search(context):
        return "generic"
    return "other"


def _box_weights(boxes: dict[str, set[int]], direction: str) -> dict[int, float]:
    """Weight of each linked target: by the box it sits in, diluted when the box is a list."""
    weights: dict[int, float] = {}
    cap = _BOX_CAP[direction]
    for context, targets in boxes.items():
        weight = _BOX_WEIGHT[_box_class(context, direction)]
        if len(targets) > cap:
            weight = min(weight * cap / len(targets), DILUTED_LINK)
        for target in targets:
            weights[target] = max(weights.get(target, 0.0), weight)
    return weights


# --------------------------------------------------------------------------------------------
# The index and scoring


class _Corpus:
    def __init__(self, documents: Sequence[DocRecord], interpretations: Sequence[DocRecord]):
        _ensure_jieba()
        places = _Places()
        for record in (*documents, *interpretations):
            places.learn(record.issuing_agency)
            places.learn(record.title)
        features = _Features(places)
        self.docs = [_prepare_doc(record, features) for record in documents]
        self.interps = [_prepare_interp(record, features) for record in interpretations]

        self.df: dict[str, int] = defaultdict(int)
        for doc in self.docs:
            for token in doc.ref.tokens:
                self.df[token] += 1
        self.log_n = math.log(len(self.docs) + 1) or 1.0
        self._weights: dict[str, float] = {}
        for doc in self.docs:
            doc.ref.weight = sum(self.weight(token) for token in doc.ref.tokens)
        for interp in self.interps:
            for ref in interp.refs:
                ref.weight = sum(self.weight(token) for token in ref.tokens)
            for ref, _ in interp.body_refs:
                ref.weight = sum(self.weight(token) for token in ref.tokens)

        self.by_url: dict[str, list[int]] = defaultdict(list)
        self.by_number: dict[tuple[str, int, int], list[int]] = defaultdict(list)
        self.key_df: dict[str, int] = defaultdict(int)
        for position, doc in enumerate(self.docs):
            self.by_url[doc.url].append(position)
            if doc.number is not None and 2 <= len(doc.number[0]) <= _MAX_PREFIX:
                self.by_number[doc.number].append(position)
            doc.keys = self._block_keys(doc.ref.specific, doc.places)
            for key in doc.keys:
                self.key_df[key] += 1
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for position, doc in enumerate(self.docs):
            for key in doc.keys:
                if self.key_df[key] <= DF_CAP:
                    self.by_key[key].append(position)

        interp_by_url: dict[str, list[int]] = defaultdict(list)
        for position, interp in enumerate(self.interps):
            interp_by_url[interp.url].append(position)
        # doc → interpretation links, turned around: interpretation → {doc: weight}
        self.linked_from: dict[int, dict[int, float]] = defaultdict(dict)
        for position, doc in enumerate(self.docs):
            boxes: dict[str, set[int]] = defaultdict(set)
            for link_record in doc.record.links:
                for target in interp_by_url.get(normalise_url(link_record.href), ()):
                    boxes[_clean(link_record.context)].add(target)
            for target, weight in _box_weights(boxes, "from_document").items():
                self.linked_from[target][position] = weight

    def weight(self, token: str) -> float:
        """Base weight times a document-frequency factor in [0.3, 1]."""
        cached = self._weights.get(token)
        if cached is None:
            frequency = self.df.get(token, 0)
            rarity = math.log((len(self.docs) + 1) / (frequency + 1)) / self.log_n
            cached = _base_weight(token) * (0.3 + 0.7 * min(1.0, max(0.0, rarity)))
            self._weights[token] = cached
        return cached

    @staticmethod
    def _block_keys(tokens: Iterable[str], places: frozenset[str]) -> tuple[str, ...]:
        keys = []
        for token in tokens:
            keys.append(token)
            keys.extend(f"{place}|{token}" for place in places)
        return tuple(keys)

    # ---- candidates

    def linked_to(self, interp: _Interp) -> dict[int, float]:
        boxes: dict[str, set[int]] = defaultdict(set)
        for link_record in interp.record.links:
            for target in self.by_url.get(normalise_url(link_record.href), ()):
                boxes[_clean(link_record.context)].add(target)
        return _box_weights(boxes, "to_document")

    def numbered(self, mentions: Iterable[_NumberMention]) -> dict[int, _NumberMention]:
        """Documents whose 文号 is mentioned: the text before the number ends with its 代字.

        Looked up by every ending of that text (2 to ``_MAX_PREFIX`` characters), since where
        the 代字 begins is unknown (印发了冠政办发〔2022〕30号).
        """
        found: dict[int, _NumberMention] = {}
        for mention in mentions:
            before = mention.before
            for size in range(2, min(len(before), _MAX_PREFIX) + 1):
                key = (before[-size:], mention.year, mention.number)
                for position in self.by_number.get(key, ()):
                    current = found.get(position)
                    if current is None or (current.upstream and not mention.upstream):
                        found[position] = mention
        return found

    def blocked(self, interp: _Interp) -> list[int]:
        """Documents sharing rare tokens with the titles the interpretation names."""
        weighted: dict[str, float] = {}
        refs = [*interp.refs, *(ref for ref, upstream in interp.body_refs if not upstream)]
        for ref in refs:
            places = ref.places or interp.places
            for key in self._block_keys(ref.specific, places):
                token = key.rpartition("|")[2]
                weighted[key] = max(weighted.get(key, 0.0), self.weight(token))
        keys = sorted(
            (key for key in weighted if key in self.by_key), key=lambda key: len(self.by_key[key])
        )
        shared: dict[int, float] = defaultdict(float)
        for done, key in enumerate(keys, start=1):
            for position in self.by_key[key]:
                shared[position] += weighted[key]
            if len(shared) >= CANDIDATE_POOL and done >= 2:
                break
        return sorted(shared, key=lambda position: (-shared[position], position))[:TOP_K]


def _veto(
    ref: _Ref, doc: _Doc, home: frozenset[str] = frozenset(), published: dt.date | None = None
) -> str | None:
    """Why the title ``ref`` cannot be the document's, or None.

    ``home`` is the place of the interpretation's issuing unit, which stands for the title's place
    when the title names none (a 冠县 unit's 《关于…的实施意见》解读 is about a 冠县 document).
    ``published`` stands for the title's year when it names none: a 解读 of "2018年…工作要点"
    is published in 2018, give or take a year, not in 2021.
    """
    target = doc.ref
    if (
        not ref.years
        and target.years
        and published is not None
        and all(abs(published.year - year) > 1 for year in target.years)
    ):
        return "year_mismatch"
    if ref.years:
        if target.years:
            if not ref.years & target.years:
                return "year_mismatch"
        elif doc.year is not None and all(abs(year - doc.year) > 1 for year in ref.years):
            return "year_mismatch"
    if ref.periods and target.periods and not ref.periods & target.periods:
        return "year_mismatch"
    if ref.kind and target.kind and ref.kind != target.kind:
        return "kind_mismatch"
    places = ref.places or home
    if places and doc.places and not places & doc.places:
        return "place_mismatch"
    if ref.draft and not target.draft:
        return "draft_mismatch"
    return None


def _equality(ref: _Ref, target: _Ref) -> float:
    """1 when a quoted title is the document's, ``NEAR_FACTOR`` when it differs only in
    boilerplate (its non-boilerplate tokens are the same), else 0."""
    if ref.key == target.key and len(ref.key) >= 4:
        return 1.0
    if ref.specific and ref.specific == target.specific:
        return NEAR_FACTOR
    return 0.0


def _similarity(ref: _Ref, target: _Ref, corpus: _Corpus) -> float:
    """Weighted Jaccard index of the tokens; 0 when only boilerplate is shared or it is noise."""
    common = ref.tokens & target.tokens
    if not common & target.specific:
        return 0.0  # boilerplate-only overlap is no evidence
    shared = sum(corpus.weight(token) for token in common)
    union = ref.weight + target.weight - shared
    similarity = shared / union if union > 0 else 0.0
    return similarity if similarity >= MIN_SIMILARITY else 0.0


def _title_signal(
    interp: _Interp, doc: _Doc, corpus: _Corpus, vetoes: list[str | None]
) -> dict[str, float]:
    """The strongest title evidence: the interpretation's title (《》 spans, else its headline)
    or a 《》 title early in its body. A veto cancels what the title would have given; both are
    reported so the reader sees why a close title did not count."""
    published = interp.record.publish_date or interp.record.written_date
    found: list[tuple[str, float, str | None]] = []  # (signal, value, veto)
    for ref, veto in zip(interp.refs, vetoes, strict=True):
        equal = _equality(ref, doc.ref) if ref.quoted else 0.0
        if equal:
            found.append(("quoted_title", WEIGHTS["quoted_title"] * equal, veto))
        elif similarity := _similarity(ref, doc.ref, corpus):
            found.append(("title_similarity", WEIGHTS["title_similarity"] * similarity, veto))
    for ref, upstream in interp.body_refs:
        if equal := _equality(ref, doc.ref):
            factor = UPSTREAM_FACTOR if upstream else 1.0
            veto = _veto(ref, doc, interp.home, published)
            found.append(("body_quoted_title", WEIGHTS["body_quoted_title"] * equal * factor, veto))
    allowed = [item for item in found if item[2] is None]
    if allowed:
        name, value, _ = max(allowed, key=lambda item: item[1])
        return {name: value}
    if found:
        name, value, veto = max(found, key=lambda item: item[1])
        assert veto is not None  # every candidate was vetoed, or one would be allowed
        return {name: value, veto: -value}
    return {}


def _date_signal(interp: _Interp, doc: _Doc) -> tuple[str, float] | None:
    published = interp.record.publish_date or interp.record.written_date
    if published is None or doc.date is None:
        return None
    delta = (published - doc.date).days
    if 0 <= delta <= 10:
        return "date_close", WEIGHTS["date_close"]
    written = doc.record.written_date or doc.date
    if delta < 0 and (published - written).days < -3:
        return "date_before", WEIGHTS["date_before"]
    if delta > 365:
        return "date_far", WEIGHTS["date_far"]
    return None


def _score(
    interp: _Interp,
    doc: _Doc,
    corpus: _Corpus,
    link_to: float,
    link_from: float,
    title_number: _NumberMention | None,
    body_number: _NumberMention | None,
) -> dict[str, float]:
    published = interp.record.publish_date or interp.record.written_date
    vetoes = [_veto(ref, doc, interp.home, published) for ref in interp.refs]
    contradicted = bool(vetoes) and all(vetoes)
    signals = _title_signal(interp, doc, corpus, vetoes)

    lost = 0.0
    if link_to:
        signals["link_to_document"] = WEIGHTS["link_to_document"] * link_to
    if link_from:
        signals["link_from_document"] = WEIGHTS["link_from_document"] * link_from
    if title_number is not None:
        signals["doc_number_title"] = WEIGHTS["doc_number_title"]
    elif body_number is not None:
        factor = UPSTREAM_FACTOR if body_number.upstream else 1.0
        signals["doc_number_body"] = WEIGHTS["doc_number_body"] * factor
    if contradicted:
        for name in ("link_to_document", "link_from_document", "doc_number_body"):
            lost += signals.get(name, 0.0) * (1.0 - CONTRADICTED_FACTOR)
        if lost:
            signals["contradicted"] = -lost

    if interp.agency and doc.agency and (interp.agency == doc.agency or interp.agency in doc.title):
        signals["same_agency"] = WEIGHTS["same_agency"]
    date = _date_signal(interp, doc)
    if date is not None:
        signals[date[0]] = date[1]
    return signals


def _link_strength(signals: dict[str, float]) -> float:
    strength = max(signals.get("link_to_document", 0.0), signals.get("link_from_document", 0.0))
    if "contradicted" in signals:
        strength *= CONTRADICTED_FACTOR
    return strength


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring the caller's setting afterwards.

    The linker builds hundreds of thousands of small containers, none in a reference cycle
    (reference counting frees them). Every full collection would rescan them all: measured at
    8% of the time for 20,000 documents and 10% for 40,000, the one cost that grew faster than
    the corpus (``bench/linker_scale.py``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def link(
    documents: Sequence[DocRecord],
    interpretations: Sequence[DocRecord],
    *,
    threshold: float = THRESHOLD,
) -> list[Pair]:
    """Pair interpretations with the documents they explain (see the module docstring).

    Returns pairs in the order of ``interpretations``, each one's best document first. An
    interpretation appears with at most one document, plus any other whose link alone is
    decisive (``DECISIVE_LINK``).
    """
    with _cyclic_gc_paused():
        return _link(documents, interpretations, threshold)


def _link(
    documents: Sequence[DocRecord], interpretations: Sequence[DocRecord], threshold: float
) -> list[Pair]:
    corpus = _Corpus(documents, interpretations)
    pairs: list[Pair] = []
    for position, interp in enumerate(corpus.interps):
        links_to = corpus.linked_to(interp)
        links_from = corpus.linked_from.get(position, {})
        title_numbers = corpus.numbered(interp.title_numbers)
        body_numbers = corpus.numbered(interp.body_numbers)
        candidates = {*links_to, *links_from, *title_numbers, *body_numbers}
        candidates.update(corpus.blocked(interp))
        scored = []
        for candidate in candidates:
            doc = corpus.docs[candidate]
            if doc.url == interp.url:
                continue  # the same page listed in both columns
            signals = _score(
                interp,
                doc,
                corpus,
                links_to.get(candidate, 0.0),
                links_from.get(candidate, 0.0),
                title_numbers.get(candidate),
                body_numbers.get(candidate),
            )
            score = sum(signals.values())
            if score >= threshold:
                scored.append((score, doc.record.id, signals))
        scored.sort(key=lambda item: (-item[0], item[1]))
        for rank, (score, document_id, signals) in enumerate(scored):
            if rank == 0 or _link_strength(signals) >= DECISIVE_LINK:
                pairs.append(
                    Pair(
                        document_id=document_id,
                        interpretation_id=interp.record.id,
                        score=round(score, 4),
                        signals={name: round(value, 4) for name, value in signals.items()},
                    )
                )
    _log.debug("linked %d pairs", len(pairs))
    return pairs
