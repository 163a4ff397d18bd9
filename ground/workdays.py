"""Working days (工作日) as the State Council's holiday notices define them, 调休 included.

Deadlines in the task tables and in the 条例 count working days (条例第二十六条: 20 个工作日;
冠县 table: 决策文件出台后的10个工作日内). A working day is a Monday–Friday that is not a public
holiday, or a weekend day declared a make-up working day (调休上班). The calendar comes from the
``chinese_calendar`` package, which only knows the years whose holiday notice it ships: a date
outside them raises ``OutsideCalendarError`` instead of silently counting weekdays, because a
guessed calendar would turn into wrong 不符合 verdicts around 春节 and 国庆.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from ground.errors import ZwgkError


class OutsideCalendarError(ZwgkError, ValueError):
    """A date lies outside the years ``chinese_calendar`` has holiday data for.

    Raised by ``workdays_between`` and ``add_workdays``; the message names the date and the
    supported years. Upgrade ``chinese-calendar`` once the State Council publishes a new notice.
    """


def calendar_years() -> tuple[int, int]:
    """First and last year the installed ``chinese_calendar`` has holiday data for.

    >>> first, last = calendar_years()
    >>> first <= 2023 <= last
    True
    """
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


def _require_known(day: dt.date) -> None:
    first, last = calendar_years()
    if not first <= day.year <= last:
        raise OutsideCalendarError(
            f"{day.isoformat()}: no holiday calendar for {day.year} "
            f"(chinese_calendar {chinese_calendar.__version__} covers {first}–{last})"
        )


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day, 调休 make-up days included.

    >>> is_workday(dt.date(2023, 10, 7))  # a Saturday worked in exchange for 国庆
    True
    >>> is_workday(dt.date(2023, 10, 2))  # a Monday inside the 国庆 holiday
    False
    """
    _require_known(day)
    return bool(chinese_calendar.is_workday(day))


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``; 0 when ``end <= start``.

    "Within N working days of X" means ``workdays_between(X, Y) <= N``: a result published on the
    same day as the document has taken 0 working days.

    >>> workdays_between(dt.date(2023, 9, 28), dt.date(2023, 10, 9))  # 10-07, 10-08, 10-09
    3
    >>> workdays_between(dt.date(2023, 9, 28), dt.date(2023, 10, 6))  # 中秋 and 国庆 only
    0
    >>> workdays_between(dt.date(2023, 3, 6), dt.date(2023, 3, 6))
    0
    >>> workdays_between(dt.date(2023, 3, 10), dt.date(2023, 3, 6))
    0
    >>> workdays_between(dt.date(2023, 3, 3), dt.date(2023, 3, 6))  # Friday to Monday
    1
    """
    if end <= start:
        return 0
    _require_known(start)
    _require_known(end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            count += 1
    return count


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself when ``n == 0``).

    The inverse of ``workdays_between``: ``workdays_between(start, add_workdays(start, n)) == n``
    for every ``n >= 1``. It is the last day a ``max_workdays = n`` deadline allows.

    >>> add_workdays(dt.date(2023, 9, 28), 3)  # 2023 国庆: 10-07 and 10-08 were make-up days
    datetime.date(2023, 10, 9)
    >>> add_workdays(dt.date(2023, 9, 28), 1)
    datetime.date(2023, 10, 7)
    >>> add_workdays(dt.date(2023, 3, 3), 0)
    datetime.date(2023, 3, 3)
    >>> add_workdays(dt.date(2023, 3, 3), -1)
    Traceback (most recent call last):
    ...
    ValueError: add_workdays: n must be >= 0, got -1
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"add_workdays: n must be >= 0, got {n!r}")
    _require_known(start)
    day = start
    remaining = n
    while remaining:
        day += dt.timedelta(days=1)
        _require_known(day)
        if chinese_calendar.is_workday(day):
            remaining -= 1
    return day
