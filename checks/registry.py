"""Checks register here by name, so catalogs can refer to them and reports can list them.

Each check declares once, next to its function, the parameters it accepts from a catalog row (a
``checks.params.CheckParams`` model); ``checks.catalog_files`` validates every catalog against
these models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checks.params import CheckParams, NoParams

if TYPE_CHECKING:
    from checks.context import CheckContext
    from checks.findings import Finding

# The function gets the row's parameters as validated by its model: a plain dict, lists as
# tuples, optional parameters absent when the catalog does not set them.
CheckFn = Callable[["CheckContext", dict[str, Any]], list["Finding"]]


@dataclass(frozen=True, slots=True)
class RegisteredCheck:
    name: str
    title: str  # Chinese description, for reports
    params: type[CheckParams]  # what a catalog row may set for it
    fn: CheckFn


CHECKS: dict[str, RegisteredCheck] = {}


def check(
    name: str, title: str, *, params: type[CheckParams] = NoParams
) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under ``name`` (spidermon's ``@monitors.name``)."""

    def register(fn: CheckFn) -> CheckFn:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = RegisteredCheck(name, title, params, fn)
        return fn

    return register
