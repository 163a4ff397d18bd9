"""Working days follow the State Council's calendar, 调休 make-up days included."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

import ground.workdays
from ground.workdays import OutsideCalendarError, add_workdays, calendar_years, workdays_between

D = dt.date


def test_doctests_of_workdays_pass() -> None:
    assert doctest.testmod(ground.workdays).failed == 0


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2023, 9, 28), D(2023, 10, 9), 3),  # 国庆 2023: 10-07 and 10-08 were worked
        (D(2023, 9, 28), D(2023, 10, 8), 2),
        (D(2023, 9, 28), D(2023, 10, 6), 0),  # 中秋 + 国庆: no working day
        (D(2023, 9, 28), D(2023, 9, 28), 0),  # same day
        (D(2023, 10, 9), D(2023, 9, 28), 0),  # end before start
        (D(2023, 3, 3), D(2023, 3, 6), 1),  # an ordinary weekend
        (D(2023, 3, 6), D(2023, 3, 10), 4),  # Monday to Friday
        (D(2023, 1, 20), D(2023, 1, 30), 3),  # 春节 2023: 01-28, 01-29 (worked weekend), 01-30
        (D(2023, 12, 29), D(2024, 1, 2), 1),  # 元旦 across the year: only 01-02
        # 2023: 260 weekdays - 18 holiday weekdays + 7 worked weekend days
        (D(2023, 1, 1), D(2023, 12, 31), 249),
    ],
)
def test_workdays_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert workdays_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2023, 9, 28), 3, D(2023, 10, 9)),
        (D(2023, 9, 28), 1, D(2023, 10, 7)),
        (D(2023, 9, 28), 0, D(2023, 9, 28)),
        (D(2023, 8, 29), 10, D(2023, 9, 12)),  # 冠政办发〔2023〕15号's date + the table's 10 days
        (D(2023, 12, 29), 1, D(2024, 1, 2)),
    ],
)
def test_add_workdays(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_workdays(start, n) == expected


@pytest.mark.parametrize("n", [1, 3, 10, 20])
def test_add_workdays_inverts_workdays_between(n: int) -> None:
    start = D(2023, 9, 20)
    assert workdays_between(start, add_workdays(start, n)) == n
    assert workdays_between(start, add_workdays(start, n) - dt.timedelta(days=1)) == n - 1


def test_dates_outside_the_calendar_raise_naming_the_date() -> None:
    first, last = calendar_years()
    outside = D(last + 1, 3, 2)
    with pytest.raises(OutsideCalendarError, match=outside.isoformat()):
        workdays_between(D(last, 12, 1), outside)
    with pytest.raises(OutsideCalendarError, match=str(first - 1)):
        workdays_between(D(first - 1, 6, 1), D(first, 6, 1))
    with pytest.raises(OutsideCalendarError):
        add_workdays(D(last, 12, 30), 30)


def test_negative_workday_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        add_workdays(D(2023, 3, 3), -2)
