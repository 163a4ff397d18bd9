"""The rules, one family of checks per module. Importing this package registers every check;
the list is explicit so that discovery needs no import back from the registry."""

from __future__ import annotations

from checks.registry import CHECKS, RegisteredCheck
from checks.rules import (
    annual_report,
    columns,
    consultation,
    feedback_window,
    interpretation,
    publication,
    unit_disclosure,
)

RULE_MODULES = (
    annual_report,
    columns,
    consultation,
    feedback_window,
    interpretation,
    publication,
    unit_disclosure,
)


def all_checks() -> dict[str, RegisteredCheck]:
    """Every registered check by name (the rule modules above registered them on import)."""
    return CHECKS
