"""Timestamps: stored as UTC ISO 8601 (``now_iso``), shown to a reader in China as Beijing time."""

from __future__ import annotations

import datetime as dt

#: China has one time zone and no daylight saving: a fixed offset is exact.
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def now_iso() -> str:
    """The current time as stored everywhere: UTC, ISO 8601, to the second.

    >>> now_iso().endswith("+00:00") and len(now_iso()) == len("2026-12-02T12:00:00+00:00")
    True
    """
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def beijing_time(value: str | None) -> str:
    """An ISO 8601 timestamp as Beijing time, ``YYYY-MM-DD HH:MM:SS``.

    Stored times are UTC (``Evidence.fetched_at`` says so); a timestamp without an offset is taken
    as UTC too. A bare date, an empty value or text that is not a timestamp is shown unchanged, so
    nothing the crawl recorded is hidden.

    >>> beijing_time("2026-11-21T16:05:00+00:00")
    '2026-11-22 00:05:00'
    >>> beijing_time("2026-11-21T16:05:00Z")
    '2026-11-22 00:05:00'
    >>> beijing_time("2026-11-21T16:05:00")
    '2026-11-22 00:05:00'
    >>> beijing_time("2026-11-21")
    '2026-11-21'
    >>> beijing_time("昨天")
    '昨天'
    >>> beijing_time(None)
    ''
    """
    if not value:
        return ""
    text = value.strip()
    if len(text) <= len("YYYY-MM-DD"):
        return text
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
