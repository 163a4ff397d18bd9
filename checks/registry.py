"""Checks register here by name, so catalogs can refer to them and reports can list them.

Each check declares once, next to its function, the parameters it accepts from a catalog row (a
``checks.params.CheckParams`` model); ``checks.catalog_files`` validates every catalog against
these models, and ``RegisteredCheck.run`` gives the function its parameters as that model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from checks.params import CheckParams

if TYPE_CHECKING:
    from checks.context import CheckContext
    from checks.findings import Finding

P = TypeVar("P", bound=CheckParams)
# The function gets the row's parameters as an instance of the model it registered with.
CheckFn = Callable[["CheckContext", P], list["Finding"]]


@dataclass(frozen=True, slots=True)
class RegisteredCheck:
    name: str
    title: str  # Chinese description, for reports
    params: type[CheckParams]  # what a catalog row may set for it
    fn: CheckFn[Any]

    def run(self, ctx: CheckContext, params: Mapping[str, Any]) -> list[Finding]:
        """The check's findings over ``ctx``, with ``params`` validated by its model first.

        A catalog read from a file was validated whole (``checks.catalog.parse_catalog``); one
        built in code was not: either way the function gets the model, never a dict.
        """
        return self.fn(ctx, self.params.model_validate(params))


CHECKS: dict[str, RegisteredCheck] = {}


def check(name: str, title: str, *, params: type[P]) -> Callable[[CheckFn[P]], CheckFn[P]]:
    """Register a check function under ``name`` (spidermon's ``@monitors.name``)."""

    def register(fn: CheckFn[P]) -> CheckFn[P]:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = RegisteredCheck(name, title, params, fn)
        return fn

    return register
