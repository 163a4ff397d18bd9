"""Checks register here by name, so catalogs can refer to them and reports can list them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checks.context import CheckContext
    from checks.findings import Finding

CheckFn = Callable[["CheckContext", dict[str, Any]], list["Finding"]]


@dataclass(frozen=True, slots=True)
class RegisteredCheck:
    name: str
    title: str  # Chinese description, for reports
    required_params: tuple[str, ...]
    fn: CheckFn


CHECKS: dict[str, RegisteredCheck] = {}


def check(name: str, title: str, *, required: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under ``name`` (spidermon's ``@monitors.name``)."""

    def register(fn: CheckFn) -> CheckFn:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = RegisteredCheck(name, title, required, fn)
        return fn

    return register
