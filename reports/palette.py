"""Verdict colours, shared by the HTML report, its chart and the workbook.

Each verdict has a strong colour (badge, bar, text) and a light tint (cell fill, card background).
Red and green follow the reader's habit; 未能核验 is amber, not grey, because it needs action
(re-crawl or check by hand) and must not fade into the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from checks.findings import Verdict


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
        Verdict.UNVERIFIED: Colours(strong="#b26a00", light="#fff4e0"),
        Verdict.MANUAL: Colours(strong="#1f5fa8", light="#e8f0fb"),
    }
)


def css_class(verdict: Verdict) -> str:
    """An ASCII class name for a verdict (``fail``, ``pass`` …), for CSS selectors.

    >>> css_class(Verdict.UNVERIFIED)
    'unverified'
    """
    return verdict.name.lower()
