"""完成时限 as dates: the period a task row covers, when it falls due, and 整改期限.

Task tables write a row's deadline in words: 全年, 2023年8月底前, 2023 年底前, 年底前, 长期坚持,
3月31日前, 决策出台后, 收到申请之日起20个工作日内. Reports mark a gap overdue when its row's
deadline has passed, checks search a row's period for evidence, and a notice sets the unit a
整改期限 (rectification deadline) some working days after the report.

What the words do not fix is left unfixed: an event-relative deadline (决策出台后, 与文件同步)
has no date, and a row with no deadline at all (广德's table has no 完成时限 column) covers its
catalog's year and is never overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

from ground.workdays import OutsideCalendarError, add_workdays


class DeadlineKind(enum.StrEnum):
    BY_DATE = "by_date"  # a date the task must be done by (2023年8月底前, 年底前, 3月31日前)
    YEAR_ROUND = "year_round"  # the whole year (全年): due at its end
    ONGOING = "ongoing"  # 长期 / 长期坚持 / 持续: never falls due, judged over the year
    RELATIVE = "relative"  # counted from an event (决策出台后, 20个工作日内, 与文件同步)
    NONE = "none"  # no deadline written (the table has no 完成时限 column)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A row's 完成时限 read against its catalog's year."""

    text: str  # as the table writes it
    kind: DeadlineKind
    start: dt.date  # the period's first day: the catalog year's 1 January
    due: dt.date | None  # the last day the task may be done on; None when no date is fixed
    end: dt.date  # the period's last day for evidence: ``due``, else the year's 31 December

    def overdue(self, today: dt.date) -> bool:
        """The deadline has passed (a task still open on ``today`` is late)."""
        return self.due is not None and today > self.due

    def due_soon(self, today: dt.date, days: int = 30) -> bool:
        """Falls due within ``days`` calendar days and has not passed yet."""
        return self.due is not None and today <= self.due <= today + dt.timedelta(days=days)


_YEAR = r"(?:(?P<year>\d{4})\s*年\s*)?"
_MONTH_END = re.compile(_YEAR + r"(?P<month>\d{1,2})\s*月\s*(?:底|末|份)")
_DAY = re.compile(_YEAR + r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")
_ISO_DAY = re.compile(r"^(?P<month>\d{2})-(?P<day>\d{2})$")  # the baseline catalog's 03-31
# 底前 alone is a year's end only when no month precedes it (8月底前 is August's end).
_YEAR_END = re.compile(_YEAR + r"年?\s*(?:年底|年末|(?<!月)底前)")
_HALF = re.compile(_YEAR + r"(?P<half>上|下)半年")
_QUARTER = re.compile(_YEAR + r"第?\s*(?P<q>[一二三四1-4])\s*季度")
_ONGOING = re.compile(r"长期|持续|常态化|经常性")
_RELATIVE = re.compile(r"之日起|出台后|印发后|发布后|同步|工作日内|个月内|日内|及时")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str, year: int) -> Deadline:
    """Read a 完成时限 against the catalog's ``year``.

    Where a text names several dates (部门1月31日前；本级政府3月31日前) the latest counts: a gap
    is marked overdue only once every part of the row is late.

    >>> parse_deadline("2023年8月底", 2023).due
    datetime.date(2023, 8, 31)
    >>> parse_deadline("2023年8月底前", 2023).due
    datetime.date(2023, 8, 31)
    >>> d = parse_deadline("全年", 2023); (d.kind.value, d.due, d.end)
    ('year_round', datetime.date(2023, 12, 31), datetime.date(2023, 12, 31))
    >>> parse_deadline("2023 年底前", 2023).due
    datetime.date(2023, 12, 31)
    >>> parse_deadline("3月31日前", 2024).due
    datetime.date(2024, 3, 31)
    >>> parse_deadline("03-31", 2023).due
    datetime.date(2023, 3, 31)
    >>> parse_deadline("部门1月31日前；本级政府3月31日前", 2023).due
    datetime.date(2023, 3, 31)
    >>> d = parse_deadline("长期坚持", 2023); (d.kind.value, d.due, d.end)
    ('ongoing', None, datetime.date(2023, 12, 31))
    >>> parse_deadline("收到申请之日起20个工作日内", 2023).kind.value
    'relative'
    >>> parse_deadline("", 2024).kind.value, parse_deadline("", 2024).end
    ('none', datetime.date(2024, 12, 31))
    >>> parse_deadline("上半年", 2023).due, parse_deadline("第三季度", 2023).due
    (datetime.date(2023, 6, 30), datetime.date(2023, 9, 30))
    """
    written = text.strip()
    start = dt.date(year, 1, 1)
    year_end = dt.date(year, 12, 31)
    compact = re.sub(r"\s+", "", written)
    if not compact:
        return Deadline(written, DeadlineKind.NONE, start, None, year_end)
    dates = _dates_in(compact, year)
    if dates:
        due = max(dates)
        return Deadline(written, DeadlineKind.BY_DATE, start, due, max(due, start))
    if compact in ("全年", "年内", "全年度") or compact.startswith("全年"):
        return Deadline(written, DeadlineKind.YEAR_ROUND, start, year_end, year_end)
    if _ONGOING.search(compact):
        return Deadline(written, DeadlineKind.ONGOING, start, None, year_end)
    if _RELATIVE.search(compact):
        return Deadline(written, DeadlineKind.RELATIVE, start, None, year_end)
    return Deadline(written, DeadlineKind.NONE, start, None, year_end)


def _dates_in(text: str, year: int) -> list[dt.date]:
    """Every date the text fixes, read in the catalog's year unless it names its own."""
    found: list[dt.date] = []

    def year_of(match: re.Match[str]) -> int:
        return int(match.group("year")) if match.group("year") else year

    for match in _DAY.finditer(text):
        try:
            found.append(dt.date(year_of(match), int(match["month"]), int(match["day"])))
        except ValueError:
            continue
    for match in _MONTH_END.finditer(text):
        month = int(match["month"])
        if 1 <= month <= 12:
            found.append(_month_end(year_of(match), month))
    iso = _ISO_DAY.match(text)
    if iso:
        found.append(dt.date(year, int(iso["month"]), int(iso["day"])))
    for match in _YEAR_END.finditer(text):
        found.append(dt.date(year_of(match), 12, 31))
    for match in _HALF.finditer(text):
        found.append(_month_end(year_of(match), 6 if match["half"] == "上" else 12))
    for match in _QUARTER.finditer(text):
        found.append(_month_end(year_of(match), 3 * _QUARTERS[match["q"]]))
    return found


@dataclass(frozen=True, slots=True)
class RectifyBy:
    """A 整改期限: the date, and whether the holiday calendar counted it."""

    date: dt.date
    workdays: int
    by_calendar: bool  # False: the year's holiday notice is not out yet; Mon–Fri were counted

    def label(self) -> str:
        """整改期限 as a notice writes it: 2026年12月16日前（10个工作日）."""
        note = "" if self.by_calendar else "，按周一至周五计"
        day = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"{day}前（{self.workdays}个工作日{note}）"


def rectify_by(issued: dt.date, workdays: int) -> RectifyBy:
    """The day ``workdays`` working days after ``issued`` (the report's date).

    The State Council publishes a year's holidays in November of the year before; a deadline that
    reaches into a year not yet published counts Monday to Friday and says so, rather than
    failing the report.

    >>> rectify_by(dt.date(2023, 9, 25), 10).date  # 9-29 to 10-6 off, 10-7 and 10-8 make-up days
    datetime.date(2023, 10, 13)
    >>> r = rectify_by(dt.date(2027, 12, 20), 10); (r.date, r.by_calendar)  # 2028 not published
    (datetime.date(2028, 1, 3), False)
    """
    try:
        return RectifyBy(add_workdays(issued, workdays), workdays, by_calendar=True)
    except OutsideCalendarError:
        day, left = issued, workdays
        while left:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return RectifyBy(day, workdays, by_calendar=False)
