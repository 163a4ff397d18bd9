"""Full-width digits, separators and spaces folded to the ASCII that portals mean by them.

Chinese input methods type ``２０２３－０３－１５`` or ``冠政发〔２０２３〕５号`` as readily as
ASCII, and editors paste in ideographic spaces (U+3000) and no-break spaces. The patterns that
read dates and 文号 are written for ASCII digits and separators, so text is folded first. Every
character maps to exactly one character: a match's position in the folded text is its position
in the original.

Dates need the separators (``／``, ``．``, ``－`` and the dashes ‐ ‑ – — some editors turn a
hyphen into) and the spaces; 文号 need only the digits, and the rest is neutral for them (no
文号 pattern reads a dash, dot or slash, and a folded space is still a space).

>>> fold_fullwidth("发布时间：２０２３－０３／１５\\u3000１０．２０")
'发布时间：2023-03/15 10.20'
>>> fold_fullwidth("冠政发〔２０２３〕５号\\xa0—")
'冠政发〔2023〕5号 -'
"""

from __future__ import annotations

_TABLE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０ … ９
        "／": "/",
        "．": ".",
        "－": "-",
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
        "\u3000": " ",
        "\xa0": " ",
    }
)


def fold_fullwidth(text: str) -> str:
    """``text`` with full-width digits, date separators, dashes and spaces made ASCII; every
    other character (Chinese, brackets such as 〔〕［］, ASCII) unchanged.

    >>> fold_fullwidth("Ｏ〇［２０２３］ａ")
    'Ｏ〇［2023］ａ'
    """
    return text.translate(_TABLE)
