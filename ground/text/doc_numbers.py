"""文号 (document numbers) in the one form checks compare: ``冠政发〔2023〕5号``.

GB/T 9704 writes a 发文字号 as 机关代字 + 〔年份〕 + 序号 + 号, with 六角括号 and no leading zeros
("不编虚位") and no 第. Portals type it with whatever brackets the keyboard gave ([], ［］, （）,
【】, 〈〉, ﹝﹞), full-width digits, stray spaces, or no brackets at all. Normalising lets a policy
document and the 解读 that quotes it be matched on their 文号.

>>> normalise_doc_number("冠政发［２０２３］０５号")
'冠政发〔2023〕5号'
>>> find_doc_numbers("《关于印发…的通知》（冠政办发〔2023〕7号）和聊政发[2022]12号")
['冠政办发〔2023〕7号', '聊政发〔2022〕12号']
"""

from __future__ import annotations

import re

from ground.text.fullwidth import fold_fullwidth

_OPEN = "〔［[（(【〈﹝｛{〖<"
_CLOSE = "〕］]）)】〉﹞｝}〗>"
_SPACE_RE = re.compile(r"[\s\u3000\xa0\u200b]+")

# The org part is the run of Chinese characters before the year, at most 20 long: leftmost
# matching makes it the longest such run, and _ORG_LEAD_RE then cuts off the words of the
# sentence around it (根据…, 印发…, …的).
_DOC_NUMBER_RE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,20}?)\s*"
    rf"(?P<open>[{re.escape(_OPEN)}])?\s*"
    r"(?P<year>(?:19|20)\d\d)\s*(?P<nian>年)?\s*"
    rf"(?P<close>[{re.escape(_CLOSE)}])?\s*"
    r"(?P<di>第)?\s*(?P<num>\d{1,6})\s*号"
)
# 规章 are numbered without a year: 冠县人民政府令第1号.
_DECREE_RE = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,20}?令)\s*第\s*(?P<num>\d{1,6})\s*号")

# Words of the surrounding sentence that end where the 机关代字 begins.
_LEAD = (
    "根据|依据|按照|依照|参照|对照|贯彻|落实|执行|印发|转发|废止|修订|关于|详见|参见"
    "|文号|发文字号|文件编号|字号|编号|见|即|的|和|及|与|或|是|将|由"
)
_LEAD_RE = re.compile(rf"^.*(?:{_LEAD})")
# A 机关代字 abbreviates its agency: the agency's full name before it belongs to the sentence
# ("县人民政府办公室冠政办发〔2023〕7号" quotes 冠政办发).
_ORG_LEAD_RE = re.compile(
    rf"^.*(?:{_LEAD}|人民政府|政府|办公室|办公厅|委员会|文件|通知|意见|决定|规定|办法|方案)"
)
# Without brackets a 文号 is only trusted when the 代字 ends like one (冠政发, 鲁政字, 国办函 …);
# otherwise "冠县2023 5号楼" would pass.
_BARE_ORG_END = frozenset("发字函办文通规电任复批告审备令密纪")
_MAX_ORG = 12


def _decree(match: re.Match[str]) -> str:
    return f"{_LEAD_RE.sub('', match['org'])}第{int(match['num'])}号"


def _from_match(match: re.Match[str]) -> str | None:
    org = _ORG_LEAD_RE.sub("", match["org"])
    if not org or len(org) > _MAX_ORG:
        return None
    bracketed = match["open"] or match["close"]
    if not bracketed and (match["nian"] or org[-1] not in _BARE_ORG_END):
        return None
    number = int(match["num"])
    if number == 0:
        return None
    return f"{org}〔{match['year']}〕{number}号"


def normalise_doc_number(text: str | None) -> str | None:
    """The 文号 in ``text`` in 〔〕 form, or None when there is none.

    >>> [normalise_doc_number(s) for s in (
    ...     "冠政发[2023]5号", "冠政发（2023）5号", "冠政发 【 2023 】 第5号", "冠政发2023 5号")]
    ['冠政发〔2023〕5号', '冠政发〔2023〕5号', '冠政发〔2023〕5号', '冠政发〔2023〕5号']
    >>> normalise_doc_number("冠县人民政府令第 1 号")
    '冠县人民政府令第1号'
    >>> normalise_doc_number("无") is None, normalise_doc_number("2023年") is None
    (True, True)
    """
    if not text or "号" not in text:  # both patterns end in 号: most texts need no search
        return None
    compact = _SPACE_RE.sub("", fold_fullwidth(text))
    for match in _DOC_NUMBER_RE.finditer(compact):
        found = _from_match(match)
        if found:
            return found
    decree = _DECREE_RE.search(compact)
    if decree:
        return _decree(decree)
    return None


def find_doc_numbers(text: str) -> list[str]:
    """Every 文号 quoted in a body text, normalised, in order of first mention, once each.

    A year inside a title is not a 文号: it has no 号 after it.

    >>> find_doc_numbers("《冠县2023年政务公开工作要点》的通知")
    []
    >>> find_doc_numbers("根据冠政发〔2023〕5号和冠政发〔2023〕5号文件")
    ['冠政发〔2023〕5号']
    """
    folded = fold_fullwidth(text)
    hits: list[tuple[int, str]] = []
    for match in _DOC_NUMBER_RE.finditer(folded):
        number = _from_match(match)
        if number:
            hits.append((match.start(), number))
    hits.extend((m.start(), _decree(m)) for m in _DECREE_RE.finditer(folded))
    hits.sort()
    return list(dict.fromkeys(number for _, number in hits))
