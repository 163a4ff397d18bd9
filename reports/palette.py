"""Verdict colours, shared by the HTML report, its chart and the workbook.

Each verdict has a strong colour (badge, bar, text) and a light tint (cell fill, card background).
Red and green follow the reader's habit; 未能核验 is amber, not grey, because it needs action
(re-crawl or check by hand) and must not fade into the page.

Every strong colour is used three ways: as text on white, as text on its own tint (a card's
label) and as the background of white text (a badge). WCAG 2.1 success criterion 1.4.3 (level AA)
asks 4.5:1 for normal text in each case; :func:`contrast_ratio` is its formula, and
tests/reports/test_reports_accessibility.py holds every pair to it. The amber was ``#b26a00``
(4.24:1 on white, 3.89:1 on its tint; axe-core reported 4.23 and 3.88) and is now ``#975a00``
(5.56:1 and 5.10:1): still amber, read as a warning, but dark enough to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from checks.findings import Verdict

#: WCAG 2.1 SC 1.4.3 (AA): the least contrast for text under 18pt (14pt bold).
AA_NORMAL_TEXT = 4.5

WHITE = "#ffffff"


@dataclass(frozen=True, slots=True)
class Colours:
    strong: str  # "#rrggbb"
    light: str  # "#rrggbb"

    @property
    def strong_argb(self) -> str:
        """The strong colour as openpyxl wants it (``FFRRGGBB``)."""
        return "FF" + self.strong.lstrip("#").upper()

    @property
    def light_argb(self) -> str:
        return "FF" + self.light.lstrip("#").upper()


VERDICT_COLOURS: MappingProxyType[Verdict, Colours] = MappingProxyType(
    {
        Verdict.PASS: Colours(strong="#2e7d32", light="#e8f5e9"),
        Verdict.FAIL: Colours(strong="#c62828", light="#fdecea"),
        Verdict.UNVERIFIED: Colours(strong="#975a00", light="#fff4e0"),
        Verdict.MANUAL: Colours(strong="#1f5fa8", light="#e8f0fb"),
    }
)


def css_class(verdict: Verdict) -> str:
    """An ASCII class name for a verdict (``fail``, ``pass`` …), for CSS selectors.

    >>> css_class(Verdict.UNVERIFIED)
    'unverified'
    """
    return verdict.name.lower()


def relative_luminance(colour: str) -> float:
    """A ``#rrggbb`` colour's relative luminance, 0 (black) to 1 (white), as WCAG 2.1 defines it.

    >>> relative_luminance("#ffffff"), relative_luminance("#000000")
    (1.0, 0.0)
    """
    digits = colour.lstrip("#")
    if len(digits) != 6:
        msg = f"not a #rrggbb colour: {colour!r}"
        raise ValueError(msg)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (the same) to 21 (black on white).

    The order does not matter: the lighter colour is always the numerator.

    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    >>> round(contrast_ratio("#b26a00", "#ffffff"), 2)  # the old amber, on white
    4.24
    """
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
