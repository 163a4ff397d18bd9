"""The 发文机关 read from a 文号 when neither a metadata block nor a 落款 names it.

A 文号's 机关代字 abbreviates its issuer by a convention every county follows (GB/T 9704 leaves
the 代字 to the issuer, and governments settled on one): the place's first character, then 政
(or 府) for the 人民政府, 政办 (府办) for its 办公室, then the kind of document (发, 字, 函, 规 …).
So 莘政办字〔2025〕8号 on 莘县人民政府's portal is its 办公室's. Only the portal's own government
and office are read this way: a department's 代字 (莘发改, 谷财) cannot be expanded without a
table of the county's departments, and guessing is worse than saying nothing (未识别).
"""

from __future__ import annotations

import re

_GOVERNMENT = "人民政府"
# 代字 = place abbreviation + 政/府 (+ 办) + the kind of document (发, 字, 函, 秘, 明电 …).
_CODE_RE = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{1,3}?)(?:政|府)(?P<office>办)?[发字函规任复文通告电秘明传]{1,2}"
)
# A district or county under a city is abbreviated by its own name: 广州市番禺区 → 番禺区 → 番.
_LEVEL_END_RE = re.compile(r"(?<=[省市州盟])")


def agency_from_doc_number(doc_number: str, site_name: str) -> str | None:
    """The government or its office that a 文号 names, on that government's own portal.

    >>> agency_from_doc_number("莘政办字〔2025〕8号", "莘县人民政府")
    '莘县人民政府办公室'
    >>> agency_from_doc_number("乐府发〔2014〕9号", "乐安县人民政府")
    '乐安县人民政府'
    >>> agency_from_doc_number("番府办函〔2024〕31号", "广州市番禺区人民政府")
    '广州市番禺区人民政府办公室'
    >>> agency_from_doc_number("广府办函〔2024〕3号", "广州市番禺区人民政府") is None  # the city's
    True
    >>> agency_from_doc_number("聊政发〔2023〕1号", "莘县人民政府") is None  # another place's
    True
    >>> agency_from_doc_number("莘发改发〔2023〕1号", "莘县人民政府") is None  # a department's
    True
    """
    if not site_name.endswith(_GOVERNMENT) or "〔" not in doc_number:
        return None
    place = site_name.removesuffix(_GOVERNMENT)
    match = _CODE_RE.fullmatch(doc_number.split("〔", 1)[0])
    if match is None:
        return None
    # The portal's own level only: 广府办 on 番禺区's portal would be 广州市's office.
    own = [part for part in _LEVEL_END_RE.split(place) if part][-1:]
    if not own or not own[0].startswith(match["place"]):
        return None
    return site_name + ("办公室" if match["office"] else "")
