"""How an interpretation cites a document by its 文号, and whether a citation names a basis.

A 解读 that quotes its document's 文号 (冠政办发〔2022〕30号) is strong evidence; one that
names a 文号 as the basis of the policy (根据…〔2021〕3号) is citing the upstream document, not
the one it explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ground.text.doc_numbers import normalise_doc_number

MAX_PREFIX = 16  # longest 机关代字 matched (joint documents: 冠财农发)

# A 文号 as quoted in a title or body (after NFKC): the number part, 〔2023〕12号 with any bracket
# pair portals type, or the 第1号 of a 规章 (冠县人民政府令第1号). The 代字 before it is matched
# against the documents' own (see ``Corpus.numbered``), so no guess is made where it begins.
NUMBER_RE = re.compile(
    r"[〔\[(【〈﹝{〖<]((?:19|20)\d{2})年?[〕\])】〉﹞}〗>]第?0*(\d{1,6})号|(令)第0*(\d{1,6})号"
)
NUMBER_WITH_PREFIX_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]{0,10}(?:" + NUMBER_RE.pattern + ")")
_PREFIX_CHARS_RE = re.compile(r"[^\u4e00-\u9fffA-Za-z]")
_NORMALISED_RE = re.compile(r"^(.+)〔(\d{4})〕(\d+)号$|^(.+令)第(\d+)号$")
_UPSTREAM_RE = re.compile(r"根据|按照|依据|依照|贯彻|落实|参照|遵照|对照|转发|结合")
_CLAUSE_END_RE = re.compile(r"[,.;:!?。]")


@dataclass(slots=True)
class NumberMention:
    before: str  # the characters before the number: the 代字 must end them
    year: int
    number: int
    upstream: bool


def parse_doc_number(text: str | None) -> tuple[str, int, int] | None:
    """A document's 文号 as (机关代字, year, serial number); year 0 for a 规章's 令第N号.

    The spelling is settled by the shared ``normalise_doc_number`` (brackets, digits, 第).

    >>> parse_doc_number("冠政办发[2022] 030号")
    ('冠政办发', 2022, 30)
    >>> parse_doc_number("冠县人民政府令第 1 号")
    ('冠县人民政府令', 0, 1)
    >>> parse_doc_number("无") is None
    True
    """
    normalised = normalise_doc_number(text)
    match = _NORMALISED_RE.match(normalised or "")
    if match is None:
        return None
    if match.group(1):
        return match.group(1), int(match.group(2)), int(match.group(3))
    return match.group(4), 0, int(match.group(5))


def is_upstream(text: str, start: int) -> bool:
    """Whether the clause before ``start`` names a basis (根据《…》, 按照…〔2023〕3号).

    >>> text = "根据《省政府意见》精神,制定《冠县实施方案》"  # as compacted: NFKC commas
    >>> is_upstream(text, text.find("《省")), is_upstream(text, text.find("《冠"))
    (True, False)
    """
    clause_start = 0
    for match in _CLAUSE_END_RE.finditer(text, max(0, start - 80), start):
        clause_start = match.end()
    return bool(_UPSTREAM_RE.search(text, max(clause_start, start - 80), start))


def number_mentions(text: str, *, body: bool) -> list[NumberMention]:
    """Every 文号 number part in ``text``, with the characters before it.

    >>> [(m.before[-4:], m.year, m.number) for m in number_mentions("印发了冠政办发(2022)30号",
    ...     body=True)]
    [('冠政办发', 2022, 30)]
    """
    mentions = []
    for match in NUMBER_RE.finditer(text):
        before = _PREFIX_CHARS_RE.sub("", text[max(0, match.start() - MAX_PREFIX) : match.start()])
        if match.group(3):  # 令第N号: the 令 ends the 代字
            year, number = 0, int(match.group(4))
            before += "令"
        else:
            year, number = int(match.group(1)), int(match.group(2))
        upstream = body and is_upstream(text, match.start())
        mentions.append(NumberMention(before, year, number, upstream))
    return mentions
