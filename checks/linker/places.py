"""Place names in titles and issuing units: 山东省, 冠县, 广德市.

A title that names another place explains another document (the province's 实施方案 is not the
county's), so places are compared as a veto. Names come from jieba's dictionary (tag ``ns``)
and from the corpus's own issuing units, which name the small places a dictionary misses.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from checks.linker.vocabulary import NOT_PLACE_ENDINGS, NOT_PLACES
from ground.text.titles import compact

PLACE_SUFFIXES = "省市县区州"

_PLACE_FROM_AGENCY_RE = re.compile(
    r"^(?:中共)?([\u4e00-\u9fff]{1,7}?[省市县区州])"
    r"(?:人民政府|政府|委员会|人大|政协|委|办公室|[\u4e00-\u9fff]{0,16}?(?:局|厅|办|中心|委员会|院|部))"
)
_UNIT_CHARS_RE = re.compile(r"[局委办厅部处所院站队司会]")
# The smaller place after the first when the unit is its government (毕节市七星关区人民政府): a
# district or county of a city. A bureau's name may hold words ending in 区 that are no place.
_NEXT_PLACE_RE = re.compile(
    r"([\u4e00-\u9fff]{2,6}?[市县区州])(?=人民政府|政府|委员会|人大|政协|办公室|党委|委员会)"
)


@lru_cache(maxsize=1)
def dictionary_places() -> frozenset[str]:
    """Place names from jieba's dictionary (tag ``ns``) that end with 省/市/县/区/州."""
    places: set[str] = set()
    with jieba.dt.get_dict_file() as dictionary:
        for raw in dictionary:
            word, _, rest = raw.decode("utf-8").strip().partition(" ")
            if not rest.endswith(" ns") or word[-1] not in PLACE_SUFFIXES:
                continue
            short_county = len(word) == 2 and word[-1] == "县"  # 冠县, 莘县 style
            # 婺城区, 东城区: districts, though 中心城区 or 农村城区 in a title is none.
            district = len(word) == 3 and word.endswith("城区") and word not in NOT_PLACES
            if (len(word) >= 3 or short_county) and (is_place_name(word) or district):
                places.add(word)
    return frozenset(places)


def is_place_name(word: str) -> bool:
    """Whether a word ending in 省/市/县/区/州 names a place (城区 and 开发区 do not).

    >>> is_place_name("冠县"), is_place_name("全县"), is_place_name("经济开发区")
    (True, False, False)
    """
    return word not in NOT_PLACES and not word.endswith(NOT_PLACE_ENDINGS)


def place_stem(place: str) -> str:
    """广德县 and 广德市 are the same place (the county became a city): compare stems.

    >>> place_stem("广德县"), place_stem("广德市"), place_stem("延边朝鲜族自治州")
    ('广德', '广德', '延边朝鲜族')
    """
    for suffix in ("自治州", "自治县", "自治区"):
        if place.endswith(suffix) and len(place) > len(suffix):
            return place[: -len(suffix)]
    return place[:-1] if len(place) > 1 else place


def issuer_of(title: str | None) -> str:
    """The issuer a title starts with, the words before its 关于; "" when it names none. Only
    that part is read for places: a headline's words (重点区域…办法解读) are no issuer.

    >>> issuer_of("毕节市七星关区人民政府办公室关于印发…的通知"), issuer_of("重点区域…办法解读")
    ('毕节市七星关区人民政府办公室', '')
    """
    about = (title or "").find("关于")
    return title[:about] if title and about > 0 else ""


def _names_a_place(word: str) -> bool:
    """Whether words read as a place from an issuing unit name one, not a unit and a place
    (国家税务总局冠县税务局, 聊城市生态环境局冠县分局).

    >>> [_names_a_place(w) for w in ("七星关区", "生态环境局冠县", "国家税务总局冠县")]
    [True, False, False]
    """
    return is_place_name(word) and not _UNIT_CHARS_RE.search(word)


class Places:
    """Finds place names in a title: jieba's dictionary plus those read from issuing units."""

    def __init__(self) -> None:
        self.names: set[str] = set(dictionary_places())
        self._learnt: set[str] = set()

    def learn(self, text: str | None) -> None:
        """Learn the place an issuing unit or a title belongs to (冠县人民政府 → 冠县), and
        the smaller place after it (毕节市七星关区人民政府 → 毕节市, 七星关区).

        >>> places = Places()
        >>> places.learn("毕节市七星关区人民政府办公室")
        >>> places.find("毕节市七星关区城乡居民医保方案")
        [(0, 3), (3, 7)]
        >>> places.learn("金华市婺城区人民政府")
        >>> places.find("金华市婺城区人民政府")
        [(0, 3), (3, 6)]
        >>> places.learn("冠县城市管理局")  # 城市 is no place
        >>> "城市" in places.names
        False
        """
        if not text or text in self._learnt:
            return
        self._learnt.add(text)
        cleaned = compact(text)
        for part in re.split(r"[、,]", cleaned):
            match = _PLACE_FROM_AGENCY_RE.match(part)
            if match and _names_a_place(match.group(1)):
                self._add(match.group(1))
                smaller = _NEXT_PLACE_RE.match(part, match.end(1))
                if smaller and _names_a_place(smaller.group(1)):
                    self.names.add(smaller.group(1))

    def _add(self, name: str) -> None:
        """Add a place name, split when it starts with a known place (金华市婺城区 is 金华市
        and 婺城区: a title names the district alone)."""
        for size in range(2, len(name) - 1):
            head, tail = name[:size], name[size:]
            if head in self.names and (tail in self.names or _names_a_place(tail)):
                self.names.add(tail)
                return
        self.names.add(name)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of place names, longest match ending at each 省/市/县/区/州 character."""
        spans: list[tuple[int, int]] = []
        for end, char in enumerate(text, start=1):
            if char not in PLACE_SUFFIXES:
                continue
            for size in range(min(9, end), 1, -1):
                if text[end - size : end] in self.names:
                    if not spans or spans[-1][1] <= end - size:
                        spans.append((end - size, end))
                    break
        return spans
