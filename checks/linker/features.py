"""The features of a title that a veto or a similarity reads: years, plan period, 文种, places,
draft status and weighted tokens, gathered in a ``Ref``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.linker.cores import QUOTE_CHARS_RE
from checks.linker.places import Places, place_stem
from checks.linker.tokens import YEAR_RE, base_weight, tokenise
from checks.linker.vocabulary import KIND_CLASSES
from ground.text.titles import compact

_PUNCT_RE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_MARKER_RE = re.compile(
    r"\((?:试行|暂行|修订|修订版|修正|草案|征求意见稿|送审稿|讨论稿|(?:19|20)\d{2}年(?:修订|修正|版)?)\)"
)
_DRAFT_RE = re.compile(r"征求意见稿|草案|送审稿|讨论稿")
_YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})年?[-—–~至到]+((?:19|20)\d{2})")
_YEAR_IN_TITLE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}年(?:度)?")
_PERIOD_RE = re.compile(r"十[一二三四五]五")


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
    """
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

    def ref(self, core: str, *, quoted: bool = False) -> Ref:
        spans = self.places.find(core)
        places = frozenset(place_stem(core[start:end]) for start, end in spans)
        without_places = core
        for start, end in reversed(spans):
            without_places = without_places[:start] + without_places[end:]
        bare = _MARKER_RE.sub("", QUOTE_CHARS_RE.sub("", without_places))
        # Years are compared on their own; left in, they derail jieba (2018年林长制 → 年林, 长制).
        bare = _YEAR_IN_TITLE_RE.sub("", _YEAR_RANGE_RE.sub("", bare))
        key = _PUNCT_RE.sub("", bare).replace("的", "")
        tokens = tokenise(key) if key else frozenset()
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
