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
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from ground.profiles.schema import ROLES

INTERPRETATION_FORMS = ("图解", "视频", "音频", "动漫", "问答")


class _Missing:
    """The value of a field that is not there at all."""

    def __repr__(self) -> str:
        return "(missing)"


MISSING: Any = _Missing()
_UNSET: Any = object()


def problem(why: str, *at: str | int, value: Any = _UNSET) -> PydanticCustomError:
    """A validation error with our own message. ``at`` is where it is, relative to the field
    being validated (``("manual",)``, ``(0, "max_workdays")``); ``value`` is the bad value when
    it is not the field's input (``MISSING`` for an absent one).

    The message travels in the context, not the template, so braces in it (a regex) are safe.
    """
    context: dict[str, Any] = {"why": why, "at": at}
    if value is not _UNSET:
        context["value"] = value
    return PydanticCustomError("catalog", "{why}", context)


class CheckParams(BaseModel):
    """The parameters of one check. Unknown parameters are errors; a field without a default is
    a required parameter (thresholds have no defaults: they live in the catalog)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: True for checks that judge "documents needing a 解读": a catalog that uses one must say
    #: which documents those are (an ``[interpretation_scope]`` with an include_* pattern).
    needs_interpretation_scope: ClassVar[bool] = False


class NoParams(CheckParams):
    """A check that takes no parameters."""


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise problem("has duplicate entries")
    return values


def _known(known: tuple[str, ...] | frozenset[str], what: str) -> AfterValidator:
    def check(values: tuple[str, ...]) -> tuple[str, ...]:
        strangers = [v for v in values if v not in known]
        if strangers:
            listed = "、".join(sorted(known) if isinstance(known, frozenset) else known)
            raise problem(f"unknown {what} {'、'.join(strangers)} (known: {listed})")
        return values

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


_Name = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
_NAMES = "a non-empty list of strings"

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
    tuple[_Name, ...],
    Field(min_length=1, description=f"{_NAMES} (column roles)"),
    AfterValidator(_unique),
    _known(ROLES, "role"),
]
Forms = Annotated[
    tuple[_Name, ...],
    Field(min_length=1, description=f"{_NAMES} (解读 forms)"),
    AfterValidator(_unique),
    _known(INTERPRETATION_FORMS, "form"),
]
RowUnits = Annotated[
    tuple[_Name, ...],
    Field(min_length=1, description=f"{_NAMES} (some of the row's units)"),
    AfterValidator(_unique),
    AfterValidator(_among_row_units),
]
