"""What changed since the previous checked run, as the report shows it: per finding, per task,
per unit and in total (新增 / 持续 / 已整改 / 未能核验), computed by ``checks.history``.

A report without a history (``history=None``: rendered from findings alone) and the first run of a
profile and catalog (首次核查) show no comparison; a finding still gets its first-seen date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checks.findings import Change, History, Status
from ground.timestamps import beijing_time

#: The order statuses are shown in.
STATUS_ORDER: tuple[Status, ...] = (Status.NEW, Status.PERSISTING, Status.FIXED, Status.UNKNOWN)


@dataclass(frozen=True, slots=True)
class ChangeCounts:
    """How many gaps of a task, a unit or the report have each status, in display order."""

    items: tuple[tuple[Status, int], ...]

    @classmethod
    def of(cls, changes: Iterable[Change | None]) -> ChangeCounts:
        tally = dict.fromkeys(STATUS_ORDER, 0)
        for change in changes:
            if change is not None:
                tally[change.status] += 1
        return cls(tuple(tally.items()))

    def __getitem__(self, status: Status) -> int:
        return dict(self.items)[status]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.items)


def status_class(status: Status) -> str:
    """The CSS class suffix of a status (``status-new`` …).

    >>> status_class(Status.PERSISTING)
    'persisting'
    """
    return _CLASSES[status]


_CLASSES = {
    Status.NEW: "new",
    Status.PERSISTING: "persisting",
    Status.FIXED: "fixed",
    Status.UNKNOWN: "unknown",
}

#: A task, unit or report without a comparison.
NO_CHANGES = ChangeCounts.of(())


@dataclass(frozen=True, slots=True)
class HistoryView:
    """The comparison the whole report rests on."""

    compared: bool  # False: 首次核查, or no history given
    previous_run: int | None
    previous_started_at: str  # Beijing time
    counts: ChangeCounts


def history_view(history: History | None, changes: Iterable[Change | None]) -> HistoryView:
    if history is None or history.first:
        return HistoryView(False, None, "", NO_CHANGES)
    return HistoryView(
        True,
        history.previous_run,
        beijing_time(history.previous_started_at),
        ChangeCounts.of(changes),
    )


def shown_change(history: History | None, key: str) -> Change | None:
    """The change a finding shows: none without a comparison (首次核查 compares nothing)."""
    if history is None or history.first:
        return None
    return history.changes.get(key)


def first_seen(history: History | None, key: str) -> tuple[str, int | None]:
    """(first-seen Beijing date, days since) of a 不符合 finding, or ("", None)."""
    change = history.changes.get(key) if history is not None else None
    if change is None or change.status is Status.FIXED:
        return "", None
    return change.first_seen, change.days
