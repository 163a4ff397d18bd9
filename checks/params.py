"""What a check accepts from a catalog row: each rule declares a ``CheckParams`` model next to its
function (``@check(name, title, params=...)``), and the catalog validates a row's parameters
against it. The parameter types the rules share live here, each with the description its
error messages quote ("must be a positive integer (working days)").

This module imports only pydantic and the ground, so the catalog, the registry and the rules can
all use it without importing one another.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictInt,
    StrictStr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
)

from ground.profiles.schema import Role
from ground.validation import problem, unique


class CheckParams(BaseModel):
    """The parameters of one check. Unknown parameters are errors; a field without a default is
    a required parameter (thresholds have no defaults: they live in the catalog)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: True for checks that judge "documents needing a 解读": a catalog that uses one must say
    #: which documents those are (an ``[interpretation_scope]`` with an include_* pattern).
    needs_interpretation_scope: ClassVar[bool] = False


class NoParams(CheckParams):
    """A check that takes no parameters."""


def each(kind: Any) -> AfterValidator:
    """Every entry of a list validated as ``kind`` (``Role``), after the list's own rules; one
    error names every entry refused: "unknown role 新闻、红头 (known: …)"."""
    adapter: TypeAdapter[Any] = TypeAdapter(kind)

    def check(values: tuple[str, ...]) -> tuple[str, ...]:
        refused = []
        for value in values:
            try:
                adapter.validate_python(value)
            except ValidationError as exc:
                refused.append((value, exc.errors()[0]))
        if not refused:
            return values
        error = refused[0][1]
        if error["type"] != "unknown":
            raise problem(str(error["msg"]))
        names = "、".join(value for value, _ in refused)
        ctx = error.get("ctx") or {}
        raise problem(f"unknown {ctx['what']} {names} (known: {ctx['listed']})")

    return AfterValidator(check)


def _among_row_units(values: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    """The row's units arrive in the validation context; without it (a model built in code)
    there is no row to compare with."""
    units = (info.context or {}).get("row_units")
    if units is None:
        return values
    strangers = [v for v in values if v not in units]
    if strangers:
        raise problem(f"{'、'.join(strangers)} not among the row's units ({'、'.join(units)})")
    return values


def _day_of_year(value: str) -> str:
    try:
        dt.date.fromisoformat(f"2024-{value}")  # a leap year: 02-29 is a possible deadline
    except ValueError:
        raise problem("is not a day of the year (MM-DD)") from None
    return value


Name = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
NAMES = "a non-empty list of strings"  # the description of a parameter listing names

Workdays = Annotated[StrictInt, Field(ge=1, description="a positive integer (working days)")]
Share = Annotated[
    float,
    Strict(),
    Field(gt=0, le=1, description="a number greater than 0 and at most 1 (0.5 = 50%)"),
]
MonthDay = Annotated[
    StrictStr,
    StringConstraints(pattern=re.compile(r"^\d{2}-\d{2}$")),
    AfterValidator(_day_of_year),
    Field(description='a date in the year as "MM-DD"'),
]
Roles = Annotated[
    tuple[Name, ...],
    Field(min_length=1, description=f"{NAMES} (column roles)"),
    AfterValidator(unique),
    each(Role),
]
RowUnits = Annotated[
    tuple[Name, ...],
    Field(min_length=1, description=f"{NAMES} (some of the row's units)"),
    AfterValidator(unique),
    AfterValidator(_among_row_units),
]
