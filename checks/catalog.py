"""Task catalogs: a county's annual 政务公开 task table as data (``checks/catalogs/*.toml``).

The models below are the file format (``docs/catalogs.md``) declared once. ``parse_catalog``
validates a catalog file whole, before any check runs, and turns the first problem into one
``CatalogError`` naming the file, the row (its position, id and 序号) and the field with its bad
value. Finding and reading the files is ``checks.catalog_files``.

Two ways in, on purpose:

- **A file** (``parse_catalog``) is checked against every rule: non-empty texts, units, the
  deadline column, checks or manual, unique row ids, the check parameters against each check's
  declared model (the registry's, passed in: this module imports no rule), the scope.
- **Code** (``Catalog(...)``, as tests build small catalogs) is checked for types only, like the
  dataclasses these models replace: the rules need the file's context, which code does not pass.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from checks.params import CheckParams
from ground.errors import CatalogError
from ground.profiles.schema import ProfileId, Role
from ground.validation import (
    MISSING,
    bad_value,
    description,
    dotted,
    field_at,
    file_keys,
    location,
    model_at,
    one_of,
    own_why,
    problem,
    unique,
)

#: Check name -> the model of its parameters (``checks.registry``: ``RegisteredCheck.params``).
ParamsModels = Mapping[str, type[CheckParams]]


def _in_file(info: ValidationInfo) -> bool:
    """True while ``parse_catalog`` validates a file (it passes a context; code does not)."""
    return info.context is not None


def _text(value: str, info: ValidationInfo) -> str:
    stripped = value.strip()
    if not stripped and _in_file(info):
        raise problem("is required (a non-empty string)")
    return stripped


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise problem(f"invalid regex: {exc}") from None
    return value


Text = Annotated[StrictStr, AfterValidator(_text), Field(description="a non-empty string")]
Pattern = Annotated[Text, AfterValidator(_regex)]
Year = Annotated[
    StrictInt, Field(ge=2000, le=2100, description="the table's year as an integer (2023)")
]
_LIST = "a list of non-empty strings"


class _Model(BaseModel):
    # validate_by_name: code writes ``checks=``/``rows=``; files write ``check``/``row``.
    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True
    )
    #: Fields code sets and files may not (the catalog sets them).
    code_only: ClassVar[frozenset[str]] = frozenset()


def _reject_names(data: Any, info: ValidationInfo, model: type[_Model]) -> Any:
    """In a file only the file's keys are accepted: not the attribute names code may use
    (``checks`` for ``check``), nor what only code sets (``code_only``)."""
    if _in_file(info) and isinstance(data, dict):
        for key, field in model.model_fields.items():
            by_name = field.validation_alias not in (None, key)
            if (by_name or key in model.code_only) and key in data:
                known = ", ".join(_known_keys(model))
                raise problem(f"unknown field (known: {known})", key, value=data[key])
    return data


def _known_keys(model: type) -> list[str]:
    """The keys a file may write in ``model``'s table: not what only code sets."""
    return file_keys(model, getattr(model, "code_only", ()))


@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class CheckSpec:
    """One automated check attached to a row, with its parameters (thresholds live here).

    A file writes one table per check: ``name`` and the parameters side by side. Read with the
    registry's models (``checks.catalog_files`` always passes them), the parameters come back
    validated by the check's model and dumped, lists as tuples:
    ``params["roles"] == ("意见征集",)``.
    The check itself gets them as its model (``checks.registry.RegisteredCheck.run``).
    (A pydantic dataclass rather than a model, so code can write ``CheckSpec("validity_marked")``.)
    """

    name: Text = Field(description="a registered check name")
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def from_file(cls, data: Any, info: ValidationInfo) -> Any:
        if not _in_file(info) or not isinstance(data, dict):
            return data
        flat = {"params": {k: v for k, v in data.items() if k != "name"}}
        return {"name": data["name"], **flat} if "name" in data else flat


class CatalogRow(_Model):
    """One requirement row of the task table, in the table's own order and numbering."""

    id: Text  # stable id, the table's own numbering where it has one ("3", "3.2", "二.(一).4")
    seq: Text  # 序号 as the report shows it
    section: Text  # 一级 heading / 工作任务
    task: Text  # 任务名称 / 二级 task
    requirement: Text  # 具体要求, verbatim
    units: Annotated[tuple[Text, ...], AfterValidator(unique)] = Field(
        description="a list of 责任单位 as written in the table, not empty, without duplicates"
    )
    # 完成时限 as written; whether it must be there depends on the catalog's deadline_column.
    deadline: Annotated[StrictStr, StringConstraints(strip_whitespace=True)] = ""
    checks: tuple[CheckSpec, ...] = Field(
        default=(), validation_alias="check", description="[[row.check]] tables"
    )
    manual: Text = ""  # why only a person can judge it; exclusive with checks
    # On a row with checks: the part of the requirement the checks do not test, which a person
    # must still judge (reports show it as 需人工核验 next to the checks' verdicts).
    note: Text = ""
    # A 法定基线 row: a statutory rule checked for every customer though its table does not
    # list it (条例 articles, national requirements); shown after the table's own rows. Set by
    # the catalog for its [[baseline]] tables, never written in a file.
    baseline: StrictBool = False
    code_only: ClassVar[frozenset[str]] = frozenset({"baseline"})

    @model_validator(mode="before")
    @classmethod
    def file_keys_only(cls, data: Any, info: ValidationInfo) -> Any:
        return _reject_names(data, info, cls)

    @field_validator("units")
    @classmethod
    def some_units(cls, units: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if not units and _in_file(info):
            raise problem("must be a list of 责任单位 as written in the table, not empty")
        return units

    @field_validator("checks")
    @classmethod
    def known_checks(
        cls, checks: tuple[CheckSpec, ...], info: ValidationInfo
    ) -> tuple[CheckSpec, ...]:
        """Each check's parameters, validated by its own model (the row's units in context).
        Without the models (code, or a file parsed without them) the engine validates them when
        it runs the check (``RegisteredCheck.run``)."""
        models = (info.context or {}).get("params_models")
        if models is None:
            return checks
        units = info.data.get("units", ())
        return tuple(_validated(i, c, models, units) for i, c in enumerate(checks))

    @model_validator(mode="after")
    def checks_or_manual(self, info: ValidationInfo) -> CatalogRow:
        if not _in_file(info):
            return self
        used = [c.name for c in self.checks]
        duplicates = sorted({n for n in used if used.count(n) > 1})
        if duplicates:
            raise problem("the same check is attached twice", "check", value=duplicates[0])
        if not self.checks and not self.manual:
            why = 'a row needs [[row.check]] tables or manual = "<why only a person can judge it>"'
            raise problem(why, "check", value=[])
        if self.checks and self.manual:
            why = (
                "a row with checks cannot also be manual: "
                "put what a person must still judge in note"
            )
            raise problem(why, "manual", value=self.manual)
        if self.note and not self.checks:
            why = "note is for the unchecked part of an automated row; use manual"
            raise problem(why, "note", value=self.note)
        return self


def _validated(
    index: int, spec: CheckSpec, models: ParamsModels, units: tuple[str, ...]
) -> CheckSpec:
    model = models.get(spec.name)
    if model is None:
        known = ", ".join(sorted(models))
        raise problem(f"unknown check (known: {known})", index, "name", value=spec.name)
    try:
        params = model.model_validate(spec.params, context={"row_units": units})
    except ValidationError as exc:
        raise _param_problem(index, spec, model, exc.errors()[0]) from None
    return dataclasses.replace(spec, params=params.model_dump(exclude_unset=True))


def _param_problem(
    index: int, spec: CheckSpec, model: type[CheckParams], error: ErrorDetails
) -> Exception:
    """One parameter error, named ``check[i].<parameter>`` with the value the file gives."""
    loc = error["loc"][:1]
    if not loc:  # a rule over several parameters
        return problem(str(own_why(error)), index, value={"name": spec.name, **spec.params})
    key = str(loc[0])
    value = spec.params.get(key, MISSING)
    if error["type"] == "missing":
        return problem(f"{spec.name} requires parameter {key!r}", index, key, value=MISSING)
    if error["type"] == "extra_forbidden":
        accepted = ", ".join(model.model_fields) or "none"
        why = f"unknown parameter of {spec.name} (accepted: {accepted})"
        return problem(why, index, key, value=value)
    return problem(_why(error, model.model_fields[key]), index, key, value=value)


class InterpretationScope(_Model):
    """Which published documents need a 解读 (task-table rule: 政策文件不解读不运转).

    A document is in scope when its column role is in ``include_roles`` or its 文号 matches one of
    ``include_doc_number`` (or, failing both, its title matches one of ``include_title``); it is
    then taken out again when its title or 文号 matches an exclusion (任免, 批复, 函, 会议通知 …).
    Each decision is recorded with the pattern that made it.
    """

    include_roles: tuple[Role, ...] = Field(default=(), description=_LIST)
    # regexes over the normalised 文号
    include_doc_number: tuple[Pattern, ...] = Field(default=(), description=_LIST)
    exclude_title: tuple[Pattern, ...] = Field(default=(), description=_LIST)  # over the title
    exclude_doc_number: tuple[Pattern, ...] = Field(default=(), description=_LIST)
    # regexes over the title: policy forms (实施方案, 办法 …)
    include_title: tuple[Pattern, ...] = Field(default=(), description=_LIST)

    @property
    def includes_any(self) -> bool:
        return bool(self.include_roles or self.include_doc_number or self.include_title)


class CatalogSource(_Model):
    """The document the table was transcribed from, as a reader can find it. Where the document
    does not state something (a 文号, the issuing office), the field is "" and ``note`` says so."""

    document: StrictStr = Field(default="", description="the document's title as it reads")
    number: StrictStr = Field(description='the document\'s 文号, or "" when it carries none')
    office: StrictStr = Field(description='the issuing office as the document signs it, or ""')
    date: StrictStr = Field(default="", description="the date as the document signs it")
    year: Year
    published: Text = Field(description="where it was published, as far as it says")
    note: StrictStr = Field(default="", description="what the document does not state")

    @model_validator(mode="after")
    def gaps_explained(self, info: ValidationInfo) -> CatalogSource:
        empty = [name for name in ("number", "office") if not getattr(self, name)]
        if empty and not self.note.strip() and _in_file(info):
            why = f"say in note why {', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty"
            raise problem(why, "note", value=self.note)
        return self

    @property
    def citation(self) -> str:
        """One line for a report: 冠政办发〔2023〕15号，冠县人民政府办公室，2023年8月29日."""
        return "，".join(p for p in (self.number, self.office, self.date) if p) or self.note

    def __str__(self) -> str:
        return self.citation


class NoticeSettings(_Model):
    """How the office forwards gaps to units (整改通知): who issues the notice, whom a unit asks,
    and how long it has to fix a gap. Every field has a default, so a catalog may leave it out."""

    # The issuing office as the notice signs it; "" means the [source] office (the table's issuer).
    office: StrictStr = Field(
        default="", description='the issuing office, or "" for [source] office'
    )
    contact: StrictStr = Field(default="", description="联系人, as the notice prints it")
    phone: StrictStr = Field(default="", description="联系电话")
    email: StrictStr = Field(default="", description="电子邮箱")
    # 整改期限: working days from the report's date (the office's usual 10 个工作日).
    rectify_workdays: Annotated[StrictInt, Field(ge=1, le=120)] = 10


#: ``kind`` of a customer's own task table, tied to one profile and one year by its file.
TASK_TABLE = "task_table"
#: ``kind`` of the national baseline (``checks/catalogs/baseline.toml``): a catalog of statutory
#: rules any portal can be audited against without a task table of its own. Its file names no
#: profile and no year; ``checks.catalog_files`` binds it to both when it is chosen.
BASELINE = "baseline"


class Catalog(_Model):
    id: Text  # "<profile>_<year>", equal to the file name
    profile: ProfileId = Field(description="a profile id, lowercase pinyin <province>_<place>")
    year: Year
    title: Text
    source: CatalogSource = Field(description="a [source] table")
    # False when the table has no 完成时限 column at all (广德): rows then carry deadline "".
    deadline_column: StrictBool = Field(default=True, description="true or false")
    # task_table (the default) or baseline: see TASK_TABLE and BASELINE above.
    kind: Annotated[StrictStr, one_of("catalog kind", (TASK_TABLE, BASELINE), sep=", ")] = (
        TASK_TABLE
    )
    settings: dict[str, Any] = Field(default_factory=dict)  # catalog-wide parameters
    interpretation_scope: InterpretationScope = InterpretationScope()
    notice: NoticeSettings = Field(default=NoticeSettings(), description="a [notice] table")
    rows: tuple[CatalogRow, ...] = Field(
        default=(), validation_alias="row", description="[[row]] tables"
    )
    baseline: tuple[CatalogRow, ...] = Field(default=(), description="[[baseline]] tables")
    path: Path  # the file it was read from (given by parse_catalog, never written in it)
    code_only: ClassVar[frozenset[str]] = frozenset({"path"})

    @property
    def all_rows(self) -> tuple[CatalogRow, ...]:
        """The table's rows in its own order, then the 法定基线 rows."""
        return (*self.rows, *self.baseline)

    def row(self, row_id: str) -> CatalogRow:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    @model_validator(mode="before")
    @classmethod
    def file_keys_only(cls, data: Any, info: ValidationInfo) -> Any:
        data = _reject_names(data, info, cls)
        if info.context is not None and isinstance(data, dict):
            return {**data, "path": info.context["path"]}
        return data

    @field_validator("baseline")
    @classmethod
    def mark_baseline(cls, rows: tuple[CatalogRow, ...]) -> tuple[CatalogRow, ...]:
        return tuple(r.model_copy(update={"baseline": True}) for r in rows)

    @model_validator(mode="after")
    def whole_catalog(self, info: ValidationInfo) -> Catalog:
        if not _in_file(info):
            return self
        if self.kind == BASELINE and self.id != self.path.stem:
            raise problem(f"must equal the file name {self.path.stem!r}", "id", value=self.id)
        if self.kind != BASELINE and self.id != f"{self.profile}_{self.year}":
            why = f"must be '<profile>_<year>' = {self.profile}_{self.year!r}"
            raise problem(why, "id", value=self.id)
        if self.path.suffix == ".toml" and self.path.stem != self.id:
            raise problem(f"must equal the file name {self.path.stem!r}", "id", value=self.id)
        if not self.rows:
            value = [] if "rows" in self.model_fields_set else MISSING
            raise problem("at least one [[row]] is required", "row", value=value)
        self._check_rows((info.context or {}).get("params_models"))
        return self

    def _check_rows(self, models: ParamsModels | None) -> None:
        seen: dict[str, int] = {}
        for index, row in enumerate(self.all_rows):
            at = ("row", index) if index < len(self.rows) else ("baseline", index - len(self.rows))
            needs_deadline = self.deadline_column or row.baseline
            if needs_deadline and not row.deadline:
                value = row.deadline if "deadline" in row.model_fields_set else MISSING
                raise problem("is required (a non-empty string)", *at, "deadline", value=value)
            if row.deadline and not needs_deadline:
                why = "the catalog says deadline_column = false (the table has no 完成时限)"
                raise problem(why, *at, "deadline", value=row.deadline)
            if row.id in seen:
                why = f"duplicate row id (also row {seen[row.id]})"
                raise problem(why, *at, "id", value=row.id)
            seen[row.id] = index + 1
            if row.baseline and not row.checks:
                raise problem("a baseline row needs checks", *at, "check", value=[])
            scoped = [c.name for c in row.checks if _needs_scope(c.name, models)]
            if scoped and not self.interpretation_scope.includes_any:
                why = (
                    "needs an [interpretation_scope] with at least one include_* pattern "
                    "(which documents need a 解读)"
                )
                raise problem(why, *at, "check", value=scoped[0])


def _needs_scope(name: str, models: ParamsModels | None) -> bool:
    model = (models or {}).get(name)
    return model is not None and model.needs_interpretation_scope


# --- a file's data in, one CatalogError out ---------------------------------------------------


def parse_catalog(
    data: Mapping[str, Any], path: Path, params_models: ParamsModels | None = None
) -> Catalog:
    """Validate a catalog file's data (``tomllib`` output) read from ``path``.

    ``params_models`` are the checks rows may name, with their parameter models (the registry's:
    ``checks.catalog_files`` passes them). Without it, names and parameters are not checked.
    """
    context = {"path": path, "params_models": params_models}
    try:
        return Catalog.model_validate(data, context=context)
    except ValidationError as exc:
        raise _catalog_error(exc, data, path) from None


def _catalog_error(exc: ValidationError, data: Mapping[str, Any], path: Path) -> CatalogError:
    errors = exc.errors()
    error = errors[0]
    loc, value = location(error), bad_value(error)
    why = _why(error, field_at(Catalog, loc))
    if error["type"] == "extra_forbidden":
        why = f"unknown field (known: {', '.join(_known_keys(model_at(Catalog, loc[:-1])))})"
    elif error["type"] == "string_too_short":  # a role or a profile id written empty
        why = "is required (a non-empty string)"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    where, field = _where(loc, data)
    return CatalogError(f"{path}: {where}field {field!r} = {_show(value)}: {why}{more}")


def _where(loc: tuple[Any, ...], data: Mapping[str, Any]) -> tuple[str, str]:
    """("row 2 (id '49', 序号 '49'): ", "units") for a row's field, ("", "year") at the top."""
    if len(loc) > 2 and loc[0] in ("row", "baseline") and isinstance(loc[1], int):
        rows, table_rows = data.get(loc[0]), data.get("row")
        raw = rows[loc[1]] if isinstance(rows, list) and loc[1] < len(rows) else None
        if isinstance(raw, dict):
            offset = len(table_rows) if loc[0] == "baseline" and isinstance(table_rows, list) else 0
            row_id, seq = raw.get("id", "?"), raw.get("seq", "?")
            where = f"row {loc[1] + offset + 1} (id {row_id!r}, 序号 {seq!r}): "
            return where, dotted(loc[2:])
    return "", dotted(loc)


def _show(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _why(error: ErrorDetails, field: FieldInfo | None) -> str:
    kind = error["type"]
    own = own_why(error)
    if own is not None:
        return own
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "must be a table"
    described = description(field)
    if kind == "missing":
        return f"is required ({described})" if described else "is required"
    return f"must be {described}" if described else str(error["msg"])
