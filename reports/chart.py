"""Geometry of the summary chart: verdicts per task section as stacked horizontal bars.

The chart is inline SVG so the report works offline and prints sharply. Coordinates are
computed here so the template only places shapes; horizontal bars leave room for Chinese
section names, which do not fit under vertical bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checks.findings import Verdict
from reports.palette import VERDICT_COLOURS
from reports.vocabulary import LABELS, VERDICT_DISPLAY_ORDER

WIDTH = 760
LABEL_X = 226  # right edge of the section names (text-anchor end)
BAR_X = 236
BAR_SPAN = 440  # width of the longest bar; leaves room for its total on the right
BAR_HEIGHT = 22
ROW_PITCH = 34
LEGEND_HEIGHT = 30
LEGEND_ITEM_WIDTH = 120
SHORT_NAME_CHARS = 15  # a CJK glyph at 13px is about 13px wide: 15 fit left of the bars
MIN_WIDTH_FOR_TEXT = 20  # a count is printed inside a segment only when it fits


@dataclass(frozen=True, slots=True)
class SectionCount:
    name: str
    counts: tuple[tuple[Verdict, int], ...]  # display order

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True, slots=True)
class Segment:
    verdict: Verdict
    count: int
    x: float
    width: float
    colour: str
    tooltip: str
    text_x: float
    show_text: bool


@dataclass(frozen=True, slots=True)
class Bar:
    name: str
    short_name: str
    y: float
    text_y: float  # baseline for the name, the counts and the total
    total: int
    total_x: float
    tooltip: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class LegendItem:
    verdict: Verdict
    x: float
    colour: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    label_x: int
    bar_height: int
    bars: tuple[Bar, ...]
    legend: tuple[LegendItem, ...]


def shorten(name: str, limit: int = SHORT_NAME_CHARS) -> str:
    """``name`` cut to ``limit`` characters with an ellipsis (the full name is in the tooltip).

    >>> shorten("一、深化政策解读")
    '一、深化政策解读'
    >>> shorten("一二三四五六七八九十", 5)
    '一二三四…'
    """
    return name if len(name) <= limit else name[: limit - 1] + "…"


def build_chart(sections: Sequence[SectionCount]) -> Chart:
    scale = BAR_SPAN / max((s.total for s in sections), default=1) if sections else 0.0
    return Chart(
        width=WIDTH,
        height=LEGEND_HEIGHT + 10 + len(sections) * ROW_PITCH + 6,
        label_x=LABEL_X,
        bar_height=BAR_HEIGHT,
        bars=tuple(
            _bar(section, LEGEND_HEIGHT + 10 + i * ROW_PITCH, scale)
            for i, section in enumerate(sections)
        ),
        legend=tuple(
            LegendItem(verdict=v, x=BAR_X + i * LEGEND_ITEM_WIDTH, colour=VERDICT_COLOURS[v].strong)
            for i, v in enumerate(VERDICT_DISPLAY_ORDER)
        ),
    )


def _bar(section: SectionCount, y: int, scale: float) -> Bar:
    """One section's bar at height ``y``: its segments left to right, then its total."""
    segments, end_x = _segments(section, scale)
    return Bar(
        name=section.name,
        short_name=shorten(section.name),
        y=y,
        text_y=y + BAR_HEIGHT / 2 + 4.5,
        total=section.total,
        total_x=round(end_x + 6, 2),
        tooltip=(
            f"{section.name}{LABELS['colon']}{LABELS['total']} {section.total} "
            f"{LABELS['tasks_unit']}"
        ),
        segments=segments,
    )


def _segments(section: SectionCount, scale: float) -> tuple[tuple[Segment, ...], float]:
    """The section's non-empty verdicts left to right, and the unrounded x where the last ends.

    Positions accumulate unrounded, so rounding for display never drifts a bar's end.
    """
    x = float(BAR_X)
    segments = []
    for verdict, count in section.counts:
        if not count:
            continue
        width = count * scale
        segments.append(
            Segment(
                verdict=verdict,
                count=count,
                x=round(x, 2),
                width=round(width, 2),
                colour=VERDICT_COLOURS[verdict].strong,
                tooltip=(
                    f"{section.name}{LABELS['dot']}{verdict.value}"
                    f"{LABELS['colon']}{count} {LABELS['tasks_unit']}"
                ),
                text_x=round(x + width / 2, 2),
                show_text=width >= MIN_WIDTH_FOR_TEXT,
            )
        )
        x += width
    return tuple(segments), x
