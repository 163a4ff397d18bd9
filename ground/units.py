"""Responsible units (责任单位): split a table's cell, match short forms, expand group phrases.

Task tables name units the way their authors speak: 县人社局 in one county,
县人力资源和社会保障局 in the next, 商务和投资促进局 without its 县, and sometimes a typo
(县商务局和投资促进局). They also name whole groups: 县直各部门（单位）, 各乡镇（街道）,
市政府各部门、各直属机构. A profile lists the units that actually have a presence on the portal
(``Profile.units``); this module maps the table's words onto that list so findings can be
forwarded to the right unit.

A township is a unit whose name ends in 镇, 乡 or 街道 (optionally followed by 人民政府 or 办事处);
every other unit is a department (development zones and companies included). Names that match
nothing known are kept as written: a person must route them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SEPARATORS = "、，,；;"
_OPENING = "（(【[［"
_CLOSING = "）)】]］"

# Pairs that a table writes with a separator inside one group phrase: splitting there would turn
# 市政府各部门、各直属机构 into two "units" and 各乡镇、街道 into 各乡镇 plus a unit called 街道.
_JOINED = (("各部门", "各直属机构"), ("各乡镇", "街道"), ("乡镇人民政府", "街道办事处"))

_DEPARTMENTS = re.compile(
    r"^(?:(?:县|市|区|旗)(?:直|级|政府)?)?各(?:有关|相关)?部门(?:（单位）)?(?:、各直属机构)?$"
    r"|^各直属机构$"
    r"|^(?:县|市|区)直(?:各)?(?:有关|相关)?部门(?:（单位）)?$"
)
_TOWNSHIPS = re.compile(r"^各(?:乡镇|镇|乡)(?:人民政府)?(?:[（、]?街道(?:办事处)?）?)?$")
_STREETS = re.compile(r"^各街道(?:办事处)?$")
_TOWNSHIP_NAME = re.compile(r"(?:镇|乡|街道)(?:人民政府|办事处)?$")

# "X等相关部门", "X等": the table names X and leaves the rest unspecified.
_ETC = re.compile(r"等(?:相关|有关)?(?:部门|单位)?$")

# Short forms seen in the customers' task tables (and their siblings), applied to both sides
# before comparing.
_ABBREVIATIONS = (
    ("人社", "人力资源和社会保障"),
    ("发改", "发展和改革"),
    ("工信", "工业和信息化"),
    ("经信", "经济和信息化"),
    ("住建", "住房和城乡建设"),
    ("教体", "教育和体育"),
    ("卫健", "卫生健康"),
    ("医保", "医疗保障"),
    ("交运", "交通运输"),
    ("文旅", "文化和旅游"),
    ("市场监管", "市场监督管理"),
    ("自然资源规划", "自然资源和规划"),
    ("数据资源局", "数据资源管理局"),
    ("经合局", "经济合作局"),
    ("应急局", "应急管理局"),
    ("退役军人局", "退役军人事务局"),
    ("城管局", "城市管理局"),
    ("经济技术开发区", "经济开发区"),
    ("经开区", "经济开发区"),
    ("人民政府", "政府"),
)
_SUFFIX = re.compile(r"(?:管理委员会|管委会|委员会|委|局)$")
_LEVEL = re.compile(r"^[县市区]")
_PLACE_STEM = re.compile(r"^(.{1,3}?)[县市区]")


def _normalise(name: str) -> str:
    """Whitespace out, brackets full-width (the task tables mix 各乡镇(街道) and 各乡镇（街道）)."""
    text = re.sub(r"\s+", "", name)
    return text.replace("(", "（").replace(")", "）")


def split_units(cell: str) -> tuple[str, ...]:
    """Split a 责任单位 cell on 、，, and ; keeping brackets and group phrases whole.

    >>> split_units("县直各部门（单位），各乡镇（街道）、县经济开发区")
    ('县直各部门（单位）', '各乡镇（街道）', '县经济开发区')
    >>> split_units("市政府各部门、各直属机构,各乡镇、街道,市司法局")
    ('市政府各部门、各直属机构', '各乡镇、街道', '市司法局')
    >>> split_units("县政府办、县融媒体中心等相关部门，各乡镇（街道），经开区")
    ('县政府办', '县融媒体中心等相关部门', '各乡镇（街道）', '经开区')
    """
    pieces: list[tuple[str, str]] = []  # (text, separator that followed it)
    depth = 0
    current = ""
    for char in cell:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        if char in SEPARATORS and depth == 0:
            pieces.append((current.strip(), char))
            current = ""
        else:
            current += char
    pieces.append((current.strip(), ""))
    units: list[str] = []
    index = 0
    while index < len(pieces):
        text, separator = pieces[index]
        while index + 1 < len(pieces) and any(
            text.endswith(left) and pieces[index + 1][0] == right for left, right in _JOINED
        ):
            text = text + separator + pieces[index + 1][0]
            separator = pieces[index + 1][1]
            index += 1
        if text:
            units.append(text)
        index += 1
    return tuple(units)


def is_township(name: str) -> bool:
    """A township (乡镇/街道) rather than a department.

    >>> [is_township(n) for n in ("清泉街道", "东古城镇", "某某乡人民政府", "县经济开发区")]
    [True, True, True, False]
    """
    return bool(_TOWNSHIP_NAME.search(_normalise(name)))


def group_kind(name: str) -> str:
    """``"departments"``, ``"townships"``, ``"streets"`` for a group phrase, else ``""``.

    >>> [group_kind(n) for n in ("县直各部门（单位）", "县级各部门", "市政府各部门、各直属机构")]
    ['departments', 'departments', 'departments']
    >>> [group_kind(n) for n in ("各乡镇（街道）", "各乡镇(街道)", "各乡镇、街道", "各街道")]
    ['townships', 'townships', 'townships', 'streets']
    >>> [group_kind(n) for n in ("县经济开发区", "各政务新媒体开设单位")]
    ['', '']
    """
    text = _normalise(name)
    if _DEPARTMENTS.match(text):
        return "departments"
    if _STREETS.match(text):
        return "streets"
    if _TOWNSHIPS.match(text):
        return "townships"
    return ""


def _skeleton(name: str) -> str:
    """What is left of a name once spelling variants are taken out (both sides get the same)."""
    text = _ETC.sub("", _normalise(name))
    for short, full in _ABBREVIATIONS:
        text = text.replace(short, full)
    text = text.replace("局和", "和")  # 县商务局和投资促进局: the typo form of 县商务和投资促进局
    if text.endswith("政府办"):
        text += "公室"
    text = re.sub(r"(镇|乡|街道)(?:政府|办事处)$", r"\1", text)  # 富驿镇人民政府 = 富驿镇
    text = re.sub("[和与及]", "", text)
    return _SUFFIX.sub("", text)


def _place_stems(known: Iterable[str]) -> set[str]:
    """Place names the profile's own units start with (冠县… gives 冠, 广德市… gives 广德)."""
    stems = set()
    for name in known:
        match = _PLACE_STEM.match(_normalise(name))
        if match:
            stems.add(match.group(1))
    return stems


def canonical_unit(name: str, known_units: Sequence[str]) -> str | None:
    """The known unit ``name`` refers to, or None when none (or more than one) matches.

    Matching ignores the level prefix (县/市), abbreviations (人社 = 人力资源和社会保障), 和/与,
    the suffix 局/委/委员会/管委会 and a trailing 等相关部门. What remains of one name must equal
    what remains of the other, or be its end after a place prefix (冠县…, 国家税务总局冠县…).
    Exact matches win over prefix matches; two candidates of the same kind mean None (ambiguous),
    because a finding forwarded to the wrong unit is worse than one a person routes.

    >>> known = ["冠县人力资源和社会保障局", "冠县商务和投资促进局", "广德市数据资源管理局",
    ...          "冠县人民政府办公室", "国家税务总局冠县税务局", "冠县经济开发区管理委员会",
    ...          "县教育和体育局", "清泉街道"]
    >>> canonical_unit("县人社局", known)
    '冠县人力资源和社会保障局'
    >>> canonical_unit("市数据资源局", known)
    '广德市数据资源管理局'
    >>> canonical_unit("商务和投资促进局", known)
    '冠县商务和投资促进局'
    >>> canonical_unit("县商务局和投资促进局", known)
    '冠县商务和投资促进局'
    >>> canonical_unit("县政府办", known)
    '冠县人民政府办公室'
    >>> canonical_unit("县经济开发区", known)
    '冠县经济开发区管理委员会'
    >>> canonical_unit("县税务局", known)
    '国家税务总局冠县税务局'
    >>> canonical_unit("县教体局等相关部门", known)
    '县教育和体育局'
    >>> canonical_unit("县体育局", known) is None  # 县教育 is no place prefix of 体育
    True
    >>> canonical_unit("县商务局", known) is None  # not silently taken for 商务和投资促进局
    True

    Either side may be the short form: a page's 发布机构 against a profile that lists short names.

    >>> canonical_unit("广德市数据资源管理局", ["市数据资源局", "市发改委", "桃州镇"])
    '市数据资源局'
    """
    if name in known_units:
        return name
    query = _cores(_skeleton(name))
    stems = _place_stems([*known_units, name])
    exact: list[str] = []
    suffix: list[str] = []
    for unit in known_units:
        match = _match(query, _cores(_skeleton(unit)), stems)
        if match == "exact":
            exact.append(unit)
        elif match == "suffix":
            suffix.append(unit)
    for found in (exact, suffix):
        unique = list(dict.fromkeys(found))
        if len(unique) == 1:
            return unique[0]
        if len(unique) > 1:
            return None
    return None


def _cores(skeleton: str) -> list[str]:
    """The skeleton, and without its level prefix (县/市/区) when it has one."""
    cores = [skeleton]
    if _LEVEL.match(skeleton) and len(skeleton) > 2:
        cores.append(skeleton[1:])
    return [c for c in cores if len(c) >= 2]


def _match(left: list[str], right: list[str], stems: set[str]) -> str:
    """ "exact" when two cores are equal; "suffix" when one ends with the other after a place
    prefix (either side may be the longer: tables and profiles both use short and full forms)."""
    if any(a == b for a in left for b in right):
        return "exact"
    for a in left:
        for b in right:
            longer, shorter = (a, b) if len(a) > len(b) else (b, a)
            if longer.endswith(shorter):
                prefix = longer[: -len(shorter)]
                if prefix[-1] in "省市县区" or prefix in stems:
                    return "suffix"
    return ""


def expand_units(written_units: Sequence[str] | str, known_units: Sequence[str]) -> tuple[str, ...]:
    """The units a row's 责任单位 stand for: group phrases expanded, short forms canonical.

    A department group (县直各部门（单位）, 县级各部门, 市政府各部门、各直属机构) becomes every
    known unit that is not a township; a township group (各乡镇（街道）, 各乡镇、街道) every known
    township, 各街道 only the 街道. A name that matches no known unit is kept as written. Order
    follows the table; duplicates are dropped. A string is split with ``split_units`` first.

    >>> known = ["冠县人力资源和社会保障局", "冠县经济开发区管理委员会", "清泉街道", "东古城镇"]
    >>> expand_units(["各乡镇（街道）"], known)
    ('清泉街道', '东古城镇')
    >>> expand_units("县直各部门（单位），各乡镇（街道）、县经济开发区", known)
    ('冠县人力资源和社会保障局', '冠县经济开发区管理委员会', '清泉街道', '东古城镇')
    >>> expand_units(["县人社局", "各政务新媒体开设单位"], known)
    ('冠县人力资源和社会保障局', '各政务新媒体开设单位')
    """
    written = split_units(written_units) if isinstance(written_units, str) else written_units
    expanded: list[str] = []
    for name in written:
        kind = group_kind(name)
        if kind == "departments":
            expanded.extend(u for u in known_units if not is_township(u))
        elif kind == "townships":
            expanded.extend(u for u in known_units if is_township(u))
        elif kind == "streets":
            expanded.extend(u for u in known_units if re.search(r"街道(?:办事处)?$", u))
        else:
            expanded.append(canonical_unit(name, known_units) or name)
    return tuple(dict.fromkeys(expanded))


@dataclass(frozen=True, slots=True)
class Expansion:
    """What a 责任单位 cell stands for in one portal's registry."""

    units: tuple[str, ...]  # the units' one names: groups expanded, table order, no duplicates
    unresolved: tuple[str, ...]  # names as written that match no unit: a person routes them
    groups: tuple[str, ...] = ()  # the group phrases that were expanded, as written


@dataclass(frozen=True, slots=True)
class Unit:
    name: str  # the one name the report and the workbook show
    aliases: tuple[str, ...] = ()  # other spellings: the profile's, the portal's 发布机构
    township: bool = False
    government: bool = False  # the place's 人民政府 itself: in no department group


class UnitRegistry:
    """The units of one portal and every spelling that names them.

    The units are the profile's (``Profile.units``, with ``unit_aliases``) and the issuers
    (发布机构) of the portal's documents that carry the place's name (冠县人民政府办公室 on
    冠县's portal; not 国务院办公厅, whose documents a county reposts). An issuer that names a
    profile unit is that unit's alias, so the unit keeps the profile's name. A table's spelling
    (县政府办, 商务和投资促进局, 市政府各部门) is resolved on demand: ``resolve`` for one name,
    ``expand`` for a cell.
    """

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units: tuple[Unit, ...] = tuple(units)
        self._by_spelling: dict[str, str] = {}
        for unit in self.units:
            for spelling in (unit.name, *unit.aliases):
                self._by_spelling.setdefault(_normalise(spelling), unit.name)
        self._spellings = tuple(self._by_spelling)
        self._unit = {u.name: u for u in self.units}
        self._cache: dict[str, str | None] = {}

    @classmethod
    def build(
        cls,
        declared: Sequence[str],
        *,
        aliases: Mapping[str, Sequence[str]] | None = None,
        issuers: Iterable[str] = (),
        place: str = "",
    ) -> UnitRegistry:
        """The registry of a portal whose government is ``place`` (冠县人民政府).

        >>> r = UnitRegistry.build(["县人力资源和社会保障局", "清泉街道"],
        ...     issuers=["冠县人力资源和社会保障局", "冠县人民政府办公室", "国务院办公厅",
        ...              "冠县人民政府"], place="冠县人民政府")
        >>> r.names
        ('县人力资源和社会保障局', '清泉街道', '冠县人民政府办公室', '冠县人民政府')
        >>> r.resolve("冠县人力资源和社会保障局"), r.resolve("县政府办"), r.resolve("国务院办公厅")
        ('县人力资源和社会保障局', '冠县人民政府办公室', None)
        >>> r.expand("县直各部门（单位）、各乡镇（街道）、县融媒体中心")
        Expansion(units=('县人力资源和社会保障局', '冠县人民政府办公室', '清泉街道'), \
unresolved=('县融媒体中心',), groups=('县直各部门（单位）', '各乡镇（街道）'))
        """
        stem = _place_of(place)
        own_aliases = {name: list((aliases or {}).get(name, ())) for name in declared}
        found: list[str] = []
        government = _normalise(place)
        # An issuer the profile gives as a unit's alias is that unit (广德's 经信局 for the table's
        # 工信局: no spelling rule joins them), not a unit of its own.
        alias_of = {_normalise(a): unit for unit, names in own_aliases.items() for a in names}
        for issuer in dict.fromkeys(_normalise(i) for i in issuers if i):
            known = alias_of.get(issuer) or (canonical_unit(issuer, declared) if declared else None)
            if known is not None:
                if issuer != known:
                    own_aliases[known].append(issuer)
            elif stem and issuer.startswith(stem) and len(issuer) > len(stem) + 1:
                found.append(issuer)
        # Issuers that are spellings of one another (冠县商务局 and 冠县商务和投资促进局 are not;
        # 冠县人民政府办公室 and 冠县政府办公室 are) become one unit under the first seen.
        merged: dict[str, list[str]] = {}
        for issuer in found:
            same = canonical_unit(issuer, list(merged))
            if same is None:
                merged[issuer] = []
            else:
                merged[same].append(issuer)
        units = [
            Unit(name, tuple(dict.fromkeys(own_aliases[name])), is_township(name))
            for name in declared
        ]
        units += [
            Unit(name, tuple(others), is_township(name), government=name == government)
            for name, others in merged.items()
        ]
        return cls(units)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units)

    def is_township(self, name: str) -> bool:
        unit = self._unit.get(name)
        return unit.township if unit else is_township(name)

    def resolve(self, written: str) -> str | None:
        """The one name of the unit ``written`` names, or None (no unit, or more than one)."""
        text = _normalise(written)
        if text in self._cache:
            return self._cache[text]
        name = self._by_spelling.get(text)
        if name is None:
            spelling = canonical_unit(text, self._spellings) if self._spellings else None
            name = self._by_spelling[spelling] if spelling else None
        self._cache[text] = name
        return name

    def name_of(self, written: str) -> str:
        """The unit's one name, or the text as written when it names none."""
        return self.resolve(written) or written

    def expand(self, written: Sequence[str] | str) -> Expansion:
        """A 责任单位 cell (or its split names) as units; see ``expand_units`` for the groups."""
        names = split_units(written) if isinstance(written, str) else written
        units: list[str] = []
        unresolved: list[str] = []
        groups: list[str] = []
        for name in names:
            kind = group_kind(name)
            if kind:
                groups.append(name)
                units.extend(u.name for u in self.units if _in_group(u, kind))
                continue
            known = self.resolve(name)
            if known is None:
                unresolved.append(name)
            else:
                units.append(known)
        return Expansion(
            tuple(dict.fromkeys(units)), tuple(dict.fromkeys(unresolved)), tuple(groups)
        )


def _in_group(unit: Unit, kind: str) -> bool:
    if kind == "departments":
        return not unit.township and not unit.government
    if kind == "townships":
        return unit.township
    return bool(re.search(r"街道(?:办事处)?$", unit.name))  # streets


def _place_of(government: str) -> str:
    """冠县人民政府 -> 冠县, 广德市人民政府 -> 广德市: what the portal's own units start with."""
    text = _normalise(government)
    match = re.match(r"^(.+?[县市区旗])(?:人民政府)?$", text)
    return match.group(1) if match else ""
