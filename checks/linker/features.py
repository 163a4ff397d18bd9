"""The features of a title that a veto or a similarity reads: years, plan period, 文种, places,
draft status and weighted tokens, gathered in a ``Ref``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.linker.cores import QUOTE_CHARS_RE
from checks.linker.places import Places, place_stem
from checks.linker.tokens import YEAR_RE, base_weight, tokenise
from checks.linker.vocabulary import ABBREVIATIONS, KIND_CLASSES
from ground.text.titles import compact

_PUNCT_RE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_MARKER_RE = re.compile(
    r"\((?:试行|暂行|修订|修订版|修订稿|修正|修编|草案|征求意见稿|送审稿|讨论稿"
    r"|(?:19|20)\d{2}年?(?:修订|修正|修编|版)?)\)"
)
# A revision (修订, 修编, 修正) is another document than the original, though its title is the
# same: the marker is read from the whole title (关于修订印发…, 修订后的…, …(2022年修订)).
REVISION_RE = re.compile(r"修订|修编|修正")
_REVISION_YEAR_RE = re.compile(r"((?:19|20)\d{2})年?(?:修订|修编|修正)")
# A title that says the province issued it without naming the province (解读：省政府《…》).
PROVINCE_SPEAKS_RE = re.compile(r"省(?:委|政府|人民政府|办公厅)|我省")
# A provincial issuer: 山东省人民政府办公厅, 浙江省医疗保障局, 省委.
PROVINCIAL_ISSUER_RE = re.compile(
    r"省(?:委|政府|人民政府|人大|[\u4e00-\u9fff]{0,12}?(?:厅|局|委员会))"
)
# A numbered edition (2.0版, 第二版) names another document than the first edition. Year
# editions (2025版) are years, compared as such.
_VERSION_RE = re.compile(r"[Vv](\d{1,2}\.\d)|(\d{1,2}\.\d)版|第([一二三四五六七八九十])版")
# A Latin abbreviation glossing the words before it: 按疾病诊断相关分组(DRG)付费. A 解读 adds or
# drops it at will, so it is no part of the title's key.
_GLOSS_RE = re.compile(r"\([A-Za-z/]{2,12}\)")
_DRAFT_RE = re.compile(r"征求意见稿|草案|送审稿|讨论稿")
_YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})年?[-—–~至到]+((?:19|20)\d{2})")
_YEAR_IN_TITLE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}年(?:度)?")
_PERIOD_RE = re.compile(r"十[一二三四五]五")


_ABBREVIATION_RE = re.compile("|".join(sorted(ABBREVIATIONS, key=len, reverse=True)))


def _expand(match: re.Match[str]) -> str:
    return ABBREVIATIONS[match.group(0)]


@dataclass(slots=True)
class Ref:
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
    revised: bool = False  # a revision (修订, 修编, 修正) of a document of the same name
    revision_year: int | None = None  # the year the title gives the revision, if any
    version: str | None = None  # a numbered edition: "2.0"
    primary: str | None = None  # the place the title is about: the most local of its first run
    provincial: bool = False  # said to be the province's (省政府《…》), its name left out
    weight: float = 0.0  # sum of token weights, set once document frequencies are known


def years(text: str) -> frozenset[int]:
    """The years a title names, ranges expanded (a plan for 2021-2023 covers 2022).

    >>> sorted(years("冠县2021-2023年农村公路建设三年行动方案(2020年修订)"))
    [2020, 2021, 2022, 2023]
    """
    found: set[int] = set()
    for first, last in _YEAR_RANGE_RE.findall(text):
        low, high = int(first), int(last)
        if 0 <= high - low <= 30:
            found.update(range(low, high + 1))
    found.update(int(year) for year in YEAR_RE.findall(text))
    return frozenset(found)


def kind(text: str) -> str | None:
    """The 文种 a title ends with, as a class (实施方案 and 工作方案 are both 方案).

    >>> kind("冠县物业管理工作方案(试行)"), kind("关于加强殡葬管理的通知"), kind("问答二")
    ('方案', '通知', None)
    >>> kind("按病组(DRG)付费分组方案(2.0版)"), kind("若干政策举措(2025年版)")
    ('方案', '措施')
    """
    text = _VERSION_RE.sub("", _GLOSS_RE.sub("", text))
    bare = _PUNCT_RE.sub("", _MARKER_RE.sub("", QUOTE_CHARS_RE.sub("", text)))
    bare = re.sub(r"\d+$", "", bare)
    for word, kind_class in KIND_CLASSES.items():
        if bare.endswith(word):
            return kind_class
    return None


class Features:
    """Builds ``Ref`` objects with a shared place finder."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self._stems: dict[str, frozenset[str]] = {}  # issuing units repeat: cache their places

    def ref(
        self, core: str, *, quoted: bool = False, revised: bool = False, provincial: bool = False
    ) -> Ref:
        """The features of the title ``core``; ``revised`` when the whole title it was cut
        from says it is a revision (关于修订印发…的通知, 关于修订《…》的说明)."""
        spans = self.places.find(core)
        places = frozenset(place_stem(core[start:end]) for start, end in spans)
        without_places = core
        for start, end in reversed(spans):
            without_places = without_places[:start] + without_places[end:]
        version = _VERSION_RE.search(without_places)
        if version:
            without_places = without_places[: version.start()] + without_places[version.end() :]
        bare = _MARKER_RE.sub("", QUOTE_CHARS_RE.sub("", _GLOSS_RE.sub("", without_places)))
        # Years are compared on their own; left in, they derail jieba (2018年林长制 → 年林, 长制).
        bare = _YEAR_IN_TITLE_RE.sub("", _YEAR_RANGE_RE.sub("", bare))
        key = _ABBREVIATION_RE.sub(_expand, _PUNCT_RE.sub("", bare).replace("的", ""))
        tokens = tokenise(key) if key else frozenset()
        revision_year = _REVISION_YEAR_RE.search(core)
        return Ref(
            core=core,
            key=key,
            tokens=tokens,
            specific=frozenset(token for token in tokens if base_weight(token) >= 1.0),
            years=years(core),
            periods=frozenset(_PERIOD_RE.findall(core)),
            kind=kind(core),
            places=places,
            draft=bool(_DRAFT_RE.search(core)),
            quoted=quoted,
            revised=revised or bool(REVISION_RE.search(core)),
            revision_year=int(revision_year.group(1)) if revision_year else None,
            version=_version(version),
            primary=primary_place(core, spans),
            provincial=provincial,
        )

    def place_stems(self, text: str | None, *, cache: bool = True) -> frozenset[str]:
        """Stems of the places ``text`` names; cached unless it is a one-off such as a title."""
        text = text or ""
        stems = self._stems.get(text)
        if stems is None:
            cleaned = compact(text)
            spans = self.places.find(cleaned)
            stems = frozenset(place_stem(cleaned[start:end]) for start, end in spans)
            if cache:
                self._stems[text] = stems
        return stems


def _version(match: re.Match[str] | None) -> str | None:
    """The edition a ``_VERSION_RE`` match names, 第二版 spelled as 2.0."""
    if match is None:
        return None
    number = match.group(1) or match.group(2)
    if number:
        return number
    return f"{'一二三四五六七八九十'.index(match.group(3)) + 1}.0"


def primary_place(core: str, spans: list[tuple[int, int]]) -> str | None:
    """The place a title is about: the last of the first run of adjacent places.

    Names run from the larger place to the smaller (毕节市七星关区: the district), and a title's
    first run names its issuer's place; a later one names a basis (冠县贯彻落实山东省…).

    >>> primary_place("毕节市七星关区城乡居民医保方案", [(0, 3), (3, 7)])
    '七星关'
    >>> primary_place("冠县贯彻落实山东省条例办法", [(0, 2), (6, 9)])
    '冠'
    >>> primary_place("城乡居民医保方案", []) is None
    True
    """
    if not spans:
        return None
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_start != end:
            break
        start, end = next_start, next_end
    return place_stem(core[start:end])
