"""Task catalogs: a county's annual 政务公开 task table as data (``checks/catalogs/*.toml``).

Interface fixed here; loading and validation are implemented below the dataclasses.

A catalog is read whole and checked before any check runs: every problem raises ``CatalogError``
naming the file, the row (its id and 序号) and the field with its bad value. The format is
described field by field in ``docs/catalogs.md``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ground.errors import CatalogError
from ground.profiles.schema import PROFILE_ID, ROLES

CATALOG_DIR = Path(__file__).parent / "catalogs"


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One automated check attached to a row, with its parameters (thresholds live here)."""

    name: str  # a name registered in checks.registry
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One requirement row of the task table, in the table's own order and numbering."""

    id: str  # stable id, the table's own numbering where it has one ("3", "3.2", "二.(一).4")
    seq: str  # 序号 as the report shows it
    section: str  # 一级 heading / 工作任务
    task: str  # 任务名称 / 二级 task
    requirement: str  # 具体要求, verbatim
    units: tuple[str, ...]  # 责任单位 as written in the table
    deadline: str  # 完成时限 as written
    checks: tuple[CheckSpec, ...] = ()
    manual: str = ""  # why only a person can judge it; exclusive with checks
    # On a row with checks: the part of the requirement the checks do not test, which a person
    # must still judge (reports show it as 需人工核验 next to the checks' verdicts).
    note: str = ""
    # A 法定基线 row: a statutory rule checked for every customer though its table does not
    # list it (条例 articles, national requirements); shown after the table's own rows.
    baseline: bool = False


@dataclass(frozen=True, slots=True)
class InterpretationScope:
    """Which published documents need a 解读 (seed rule: 政策文件不解读不运转).

    A document is in scope when its column role is in ``include_roles`` or its 文号 matches one of
    ``include_doc_number`` (or, failing both, its title matches one of ``include_title``); it is
    then taken out again when its title or 文号 matches an exclusion (任免, 批复, 函, 会议通知 …).
    Each decision is recorded with the pattern that made it.
    """

    include_roles: tuple[str, ...] = ()
    include_doc_number: tuple[str, ...] = ()  # regexes over the normalised 文号
    exclude_title: tuple[str, ...] = ()  # regexes over the title
    exclude_doc_number: tuple[str, ...] = ()
    include_title: tuple[str, ...] = ()  # regexes over the title: policy forms (实施方案, 办法 …)


@dataclass(frozen=True, slots=True)
class Catalog:
    id: str  # "<profile>_<year>"
    profile: str
    year: int
    title: str
    source: str  # the issuing document, e.g. 冠政办发〔2023〕15号
    seed: str  # file name under shared/seeds/ it was transcribed from
    rows: tuple[CatalogRow, ...]
    interpretation_scope: InterpretationScope
    path: Path
    settings: dict[str, Any] = field(default_factory=dict)  # catalog-wide parameters
    # False when the table has no 完成时限 column at all (seed 001): rows then carry deadline "".
    deadline_column: bool = True
    baseline: tuple[CatalogRow, ...] = ()

    @property
    def all_rows(self) -> tuple[CatalogRow, ...]:
        """The table's rows in its own order, then the 法定基线 rows."""
        return (*self.rows, *self.baseline)

    def row(self, row_id: str) -> CatalogRow:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)


# --- the checks a catalog may name, and their parameters --------------------------------------

INTERPRETATION_FORMS = ("图解", "视频", "音频", "动漫", "问答")

# A validator returns None when the value is good, else why it is not. ``row_units`` lets a
# parameter refer to the row's own 责任单位.
Validator = Callable[[Any, tuple[str, ...]], str | None]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _workdays(value: Any, _units: tuple[str, ...]) -> str | None:
    if not _is_int(value) or value < 1:
        return "must be a positive integer (working days)"
    return None


def _string_list(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of strings"
    if not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a non-empty list of strings"
    if len(set(value)) != len(value):
        return "has duplicate entries"
    return None


def _row_units(value: Any, units: tuple[str, ...]) -> str | None:
    why = _string_list(value)
    if why:
        return why
    strangers = [v for v in value if v not in units]
    if strangers:
        return f"{'、'.join(strangers)} not among the row's units ({'、'.join(units)})"
    return None


def _roles(value: Any, _units: tuple[str, ...]) -> str | None:
    why = _string_list(value)
    if why:
        return why
    unknown = [v for v in value if v not in ROLES]
    if unknown:
        return f"unknown role {'、'.join(unknown)} (known: {'、'.join(sorted(ROLES))})"
    return None


def _forms(value: Any, _units: tuple[str, ...]) -> str | None:
    why = _string_list(value)
    if why:
        return why
    unknown = [v for v in value if v not in INTERPRETATION_FORMS]
    if unknown:
        return f"unknown form {'、'.join(unknown)} (known: {'、'.join(INTERPRETATION_FORMS)})"
    return None


def _share(value: Any, _units: tuple[str, ...]) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        return "must be a number greater than 0 and at most 1 (0.5 = 50%)"
    return None


def _month_day(value: Any, _units: tuple[str, ...]) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}-\d{2}", value):
        return 'must be a date in the year as "MM-DD"'
    try:
        dt.date.fromisoformat(f"2024-{value}")  # a leap year: 02-29 is a possible deadline
    except ValueError:
        return "is not a day of the year (MM-DD)"
    return None


@dataclass(frozen=True, slots=True)
class ParamSpec:
    validate: Validator
    required: bool = False


@dataclass(frozen=True, slots=True)
class CheckParams:
    """The parameters one check accepts; ``one_of``: at least one of them must be given."""

    params: Mapping[str, ParamSpec] = field(default_factory=dict)
    one_of: bool = False


CHECK_PARAMS: Mapping[str, CheckParams] = {
    "interpretation_published": CheckParams({"units": ParamSpec(_row_units)}),
    "interpretation_linked_both_ways": CheckParams(),
    "interpretation_timely": CheckParams({"max_workdays": ParamSpec(_workdays, required=True)}),
    "interpretation_forms": CheckParams(
        {"required_forms": ParamSpec(_forms), "min_multiform_share": ParamSpec(_share)},
        one_of=True,
    ),
    "feedback_window_present": CheckParams(),
    "validity_marked": CheckParams(),
    "publication_timely": CheckParams({"max_workdays": ParamSpec(_workdays, required=True)}),
    "column_has_content": CheckParams({"roles": ParamSpec(_roles, required=True)}),
    "annual_report_published": CheckParams(
        {"deadline": ParamSpec(_month_day, required=True), "unit_deadline": ParamSpec(_month_day)}
    ),
    # Without max_workdays only the presence of the result notice is judged (a baseline row
    # where the customer's table sets no time limit).
    "consultation_feedback_published": CheckParams({"max_workdays": ParamSpec(_workdays)}),
}
# The names catalogs may use; a test asserts it equals checks.registry's names.
KNOWN_CHECKS = frozenset(CHECK_PARAMS)

# Checks that judge documents "needing a 解读": a catalog using one must say which those are.
_SCOPE_CHECKS = frozenset(
    {"interpretation_published", "interpretation_linked_both_ways", "interpretation_timely"}
)

_TOP_FIELDS = (
    "id",
    "baseline",
    "profile",
    "year",
    "title",
    "source",
    "seed",
    "deadline_column",
    "settings",
    "interpretation_scope",
    "row",
)
_ROW_FIELDS = (
    "id",
    "seq",
    "section",
    "task",
    "requirement",
    "units",
    "deadline",
    "check",
    "manual",
    "note",
)
_SCOPE_FIELDS = (
    "include_roles",
    "include_doc_number",
    "include_title",
    "exclude_title",
    "exclude_doc_number",
)
CATALOG_ID = re.compile(r"^(?P<profile>[a-z]+_[a-z]+)_(?P<year>\d{4})$")

_MISSING = object()


# --- finding and loading -----------------------------------------------------------------------


def catalog_path(catalog_id: str) -> Path:
    return CATALOG_DIR / f"{catalog_id}.toml"


def available_catalogs() -> list[str]:
    """Ids of the bundled catalogs (``checks/catalogs/<profile>_<year>.toml``), sorted."""
    return sorted(p.stem for p in CATALOG_DIR.glob("*.toml") if CATALOG_ID.match(p.stem))


def catalog_for(
    profile_id: str, year: int | None = None, *, known_checks: Collection[str] | None = None
) -> Catalog:
    """The catalog of ``profile_id`` for ``year``, or its newest one when ``year`` is None."""
    years = sorted(
        int(m["year"])
        for m in (CATALOG_ID.match(c) for c in available_catalogs())
        if m and m["profile"] == profile_id
    )
    if year is not None and year not in years:
        years = []
    if not years:
        wanted = f"profile {profile_id!r}" + (f" and year {year}" if year is not None else "")
        known = ", ".join(available_catalogs()) or "none"
        raise CatalogError(f"{CATALOG_DIR}: no catalog for {wanted} (known catalogs: {known})")
    chosen = year if year is not None else years[-1]
    return load_catalog(f"{profile_id}_{chosen}", known_checks=known_checks)


def load_catalog(
    catalog_id_or_path: str | Path, *, known_checks: Collection[str] | None = None
) -> Catalog:
    """Load and validate a catalog by id (``shandong_guanxian_2023``) or by path to a TOML file.

    ``known_checks`` are the check names rows may use (the registry's names); by default
    ``KNOWN_CHECKS``. Parameters are validated for every check named in ``CHECK_PARAMS``.
    """
    text = str(catalog_id_or_path)
    is_path = isinstance(catalog_id_or_path, Path) or text.endswith(".toml")
    path = Path(catalog_id_or_path) if is_path else catalog_path(text)
    if not path.is_file():
        known = ", ".join(available_catalogs()) or "none"
        raise CatalogError(f"{path}: no such catalog file (known catalogs: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: not valid TOML: {exc}") from exc
    return parse_catalog(data, path, known_checks=known_checks)


# --- validation --------------------------------------------------------------------------------


def _show(value: Any) -> str:
    if value is _MISSING:
        return "(missing)"
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


class _Where:
    """Builds error messages that name the file, the row and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def top(self, name: str, value: Any, why: str) -> CatalogError:
        return CatalogError(f"{self.path}: field {name!r} = {_show(value)}: {why}")

    def row(
        self, index: int, raw: Mapping[str, Any], name: str, value: Any, why: str
    ) -> CatalogError:
        row_id = raw.get("id", "?")
        seq = raw.get("seq", "?")
        return CatalogError(
            f"{self.path}: row {index + 1} (id {row_id!r}, 序号 {seq!r}): "
            f"field {name!r} = {_show(value)}: {why}"
        )


def _text(value: Any) -> str | None:
    """The stripped string, or None when ``value`` is not a non-empty string."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_catalog(
    data: Mapping[str, Any], path: Path, *, known_checks: Collection[str] | None = None
) -> Catalog:
    where = _Where(path)
    names = frozenset(known_checks) if known_checks is not None else KNOWN_CHECKS

    for key in data:
        if key not in _TOP_FIELDS:
            raise where.top(key, data[key], f"unknown field (known: {', '.join(_TOP_FIELDS)})")

    def top_text(key: str) -> str:
        value = data.get(key, _MISSING)
        text = _text(value)
        if text is None:
            raise where.top(key, value, "is required (a non-empty string)")
        return text

    catalog_id = top_text("id")
    profile = top_text("profile")
    if not PROFILE_ID.match(profile):
        raise where.top(
            "profile", profile, "must be a profile id, lowercase pinyin <province>_<place>"
        )
    year = data.get("year", _MISSING)
    if not _is_int(year) or not 2000 <= year <= 2100:
        raise where.top("year", year, "must be the table's year as an integer (2023)")
    if catalog_id != f"{profile}_{year}":
        raise where.top("id", catalog_id, f"must be '<profile>_<year>' = {profile}_{year!r}")
    if path.suffix == ".toml" and path.stem != catalog_id:
        raise where.top("id", catalog_id, f"must equal the file name {path.stem!r}")
    title = top_text("title")
    source = top_text("source")
    seed = top_text("seed")
    deadline_column = data.get("deadline_column", True)
    if not isinstance(deadline_column, bool):
        raise where.top("deadline_column", deadline_column, "must be true or false")
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise where.top("settings", settings, "must be a table")

    scope = _parse_scope(data.get("interpretation_scope", _MISSING), where)

    raw_rows = data.get("row", _MISSING)
    if not isinstance(raw_rows, list) or not raw_rows:
        raise where.top("row", raw_rows, "at least one [[row]] is required")
    rows: list[CatalogRow] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_rows):
        if not isinstance(raw, dict):
            raise where.top(f"row[{index}]", raw, "must be a table")
        row = _parse_row(index, raw, where, names, deadline_column=deadline_column)
        if row.id in seen:
            raise where.row(index, raw, "id", row.id, f"duplicate row id (also row {seen[row.id]})")
        seen[row.id] = index + 1
        rows.append(row)

    raw_baseline = data.get("baseline", [])
    if not isinstance(raw_baseline, list):
        raise where.top("baseline", raw_baseline, "must be an array of [[baseline]] tables")
    baseline: list[CatalogRow] = []
    for index, raw in enumerate(raw_baseline):
        if not isinstance(raw, dict):
            raise where.top(f"baseline[{index}]", raw, "must be a table")
        # A baseline row carries its statutory deadline even where the table has no 完成时限.
        row = _parse_row(len(rows) + index, raw, where, names, deadline_column=True)
        if row.id in seen:
            raise where.row(len(rows) + index, raw, "id", row.id, "duplicate row id")
        if not row.checks:
            raise where.row(len(rows) + index, raw, "check", [], "a baseline row needs checks")
        seen[row.id] = len(rows) + index + 1
        baseline.append(replace(row, baseline=True))
    rows_for_scope = [*rows, *baseline]

    if not (scope.include_roles or scope.include_doc_number or scope.include_title):
        for index, row in enumerate(rows_for_scope):
            used = [c.name for c in row.checks if c.name in _SCOPE_CHECKS]
            if used:
                raise where.row(
                    index,
                    {"id": row.id, "seq": row.seq},
                    "check",
                    used[0],
                    "needs an [interpretation_scope] with at least one include_* pattern "
                    "(which documents need a 解读)",
                )

    return Catalog(
        id=catalog_id,
        profile=profile,
        year=year,
        title=title,
        source=source,
        seed=seed,
        rows=tuple(rows),
        interpretation_scope=scope,
        path=path,
        settings=settings,
        deadline_column=deadline_column,
        baseline=tuple(baseline),
    )


def _parse_scope(raw: Any, where: _Where) -> InterpretationScope:
    if raw is _MISSING:
        raw = {}
    if not isinstance(raw, dict):
        raise where.top("interpretation_scope", raw, "must be a table")
    values: dict[str, tuple[str, ...]] = {}
    for key, value in raw.items():
        name = f"interpretation_scope.{key}"
        if key not in _SCOPE_FIELDS:
            raise where.top(name, value, f"unknown field (known: {', '.join(_SCOPE_FIELDS)})")
        if not isinstance(value, list) or not all(_text(v) for v in value):
            raise where.top(name, value, "must be a list of non-empty strings")
        for i, item in enumerate(value):
            if key == "include_roles":
                if item not in ROLES:
                    raise where.top(
                        f"{name}[{i}]", item, f"unknown role (known: {'、'.join(sorted(ROLES))})"
                    )
                continue
            try:
                re.compile(item)
            except re.error as exc:
                raise where.top(f"{name}[{i}]", item, f"invalid regex: {exc}") from exc
        values[key] = tuple(value)
    return InterpretationScope(**values)


def _parse_row(
    index: int,
    raw: dict[str, Any],
    where: _Where,
    names: frozenset[str],
    *,
    deadline_column: bool,
) -> CatalogRow:
    def fail(name: str, value: Any, why: str) -> CatalogError:
        return where.row(index, raw, name, value, why)

    for key in raw:
        if key not in _ROW_FIELDS:
            raise fail(key, raw[key], f"unknown field (known: {', '.join(_ROW_FIELDS)})")

    def text(key: str, *, required: bool = True) -> str:
        value = raw.get(key, _MISSING)
        if value is _MISSING and not required:
            return ""
        result = _text(value)
        if result is None:
            raise fail(key, value, "is required (a non-empty string)")
        return result

    row_id = text("id")
    seq = text("seq")
    section = text("section")
    task = text("task")
    requirement = text("requirement")

    units = raw.get("units", _MISSING)
    if not isinstance(units, list) or not units or not all(_text(u) for u in units):
        raise fail("units", units, "is required: a list of 责任单位 as written in the table")
    if len(set(units)) != len(units):
        raise fail("units", units, "has duplicate entries")

    if deadline_column:
        deadline = text("deadline")
    else:
        deadline = raw.get("deadline", "")
        if deadline != "":
            raise fail(
                "deadline",
                deadline,
                "the catalog says deadline_column = false (the table has no 完成时限)",
            )

    manual = text("manual", required=False)
    note = text("note", required=False)
    raw_checks = raw.get("check", [])
    if not isinstance(raw_checks, list) or not all(isinstance(c, dict) for c in raw_checks):
        raise fail("check", raw_checks, "must be [[row.check]] tables")
    checks = tuple(_parse_check(i, c, tuple(units), names, fail) for i, c in enumerate(raw_checks))
    used = [c.name for c in checks]
    duplicates = sorted({n for n in used if used.count(n) > 1})
    if duplicates:
        raise fail("check", duplicates[0], "the same check is attached twice")
    if not checks and not manual:
        raise fail(
            "check",
            raw_checks,
            'a row needs [[row.check]] tables or manual = "<why only a person can judge it>"',
        )
    if checks and manual:
        raise fail(
            "manual",
            manual,
            "a row with checks cannot also be manual: put what a person must still judge in note",
        )
    if note and not checks:
        raise fail("note", note, "note is for the unchecked part of an automated row; use manual")

    return CatalogRow(
        id=row_id,
        seq=seq,
        section=section,
        task=task,
        requirement=requirement,
        units=tuple(u.strip() for u in units),
        deadline=deadline,
        checks=checks,
        manual=manual,
        note=note,
    )


def _parse_check(
    index: int,
    raw: dict[str, Any],
    units: tuple[str, ...],
    names: frozenset[str],
    fail: Callable[[str, Any, str], CatalogError],
) -> CheckSpec:
    prefix = f"check[{index}]"
    name = raw.get("name", _MISSING)
    if _text(name) is None:
        raise fail(f"{prefix}.name", name, "is required (a registered check name)")
    if name not in names:
        raise fail(f"{prefix}.name", name, f"unknown check (known: {', '.join(sorted(names))})")
    params = {k: v for k, v in raw.items() if k != "name"}
    spec = CHECK_PARAMS.get(name)
    if spec is not None:
        for key, value in params.items():
            if key not in spec.params:
                accepted = ", ".join(spec.params) or "none"
                raise fail(
                    f"{prefix}.{key}", value, f"unknown parameter of {name} (accepted: {accepted})"
                )
            why = spec.params[key].validate(value, units)
            if why:
                raise fail(f"{prefix}.{key}", value, why)
        for key, param in spec.params.items():
            if param.required and key not in params:
                raise fail(f"{prefix}.{key}", _MISSING, f"{name} requires parameter {key!r}")
        if spec.one_of and not params:
            raise fail(
                prefix,
                raw,
                f"{name} needs at least one of: {', '.join(spec.params)}",
            )
    frozen = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
    return CheckSpec(name=name, params=frozen)
