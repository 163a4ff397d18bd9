"""Validation written once for the files people write: site profiles (``ground/profiles``) and
task catalogs (``checks/catalogs``).

Both are TOML files found by id or by path and validated as declared pydantic models; both
report a problem in the house form ``<file>: field 'column[2].role' = '新闻': <why>``. This
module holds what they share:

- finding and reading the file (``read_toml_file``), with the errors that name it;
- our own validation errors (``problem``, ``one_of``, ``unique``), whose wording travels with
  them;
- taking a pydantic error apart: where it is (``location``, ``dotted``), the value the file gives
  (``bad_value``), our wording (``own_why``), the model and field it concerns (``model_at``,
  ``field_at``, ``description``) and the keys a file may write there (``file_keys``).

How the parts become one message stays with each file format: a profile lists every problem,
a catalog names the first with its row.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import AfterValidator
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails, PydanticCustomError

from ground.errors import ZwgkError


class _Missing:
    """The value of a field that is not there at all."""

    def __repr__(self) -> str:
        return "(missing)"


MISSING: Any = _Missing()
_UNSET: Any = object()

# The error types of ours: their message is the whole "why".
_OWN = frozenset({"invalid", "unknown"})


# --- the file ---------------------------------------------------------------------------------


def read_toml_file(
    id_or_path: str | Path,
    *,
    directory: Path,
    what: str,
    known: Callable[[], Iterable[str]],
    error: type[ZwgkError],
) -> tuple[Path, dict[str, Any]]:
    """The path and the data of a ``what`` ("profile", "catalog") given by id (the file
    ``<directory>/<id>.toml``) or by path (a ``Path``, or a string ending in ``.toml``).

    A missing file lists the ``known`` ids; a file that is not UTF-8 TOML says why. Both raise
    ``error`` naming the file.
    """
    text = str(id_or_path)
    is_path = isinstance(id_or_path, Path) or text.endswith(".toml")
    path = Path(id_or_path) if is_path else directory / f"{text}.toml"
    if not path.is_file():
        listed = ", ".join(known()) or "none"
        raise error(f"{path}: no such {what} file (known {what}s: {listed})")
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: not valid TOML: {exc}") from exc


# --- our own errors ---------------------------------------------------------------------------


def problem(why: str, *at: str | int, value: Any = _UNSET) -> PydanticCustomError:
    """A validation error with our own message. ``at`` is where it is, relative to the field
    being validated (``("manual",)``, ``(0, "max_workdays")``); ``value`` is the bad value when
    it is not the field's input (``MISSING`` for an absent one).

    The message travels in the context, not the template, so braces in it (a regex) are safe.
    """
    context: dict[str, Any] = {"why": why, "at": at}
    if value is not _UNSET:
        context["value"] = value
    return PydanticCustomError("invalid", "{why}", context)


def one_of(what: str, names: Collection[str], *, sep: str = "、") -> AfterValidator:
    """A value among ``names``, else ``unknown <what> (known: …)``: a set's names listed
    sorted, a sequence's in its order. The context keeps ``what`` and ``listed``, so that a list
    of such values can name every stranger at once."""
    listed = sep.join(names if isinstance(names, Sequence) else sorted(names))

    def check(value: str) -> str:
        if value not in names:
            template = "unknown {what} (known: {listed})"
            raise PydanticCustomError("unknown", template, {"what": what, "listed": listed})
        return value

    return AfterValidator(check)


def unique(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise problem("has duplicate entries")
    return values


# --- a pydantic error, taken apart ------------------------------------------------------------


def location(error: ErrorDetails) -> tuple[str | int, ...]:
    """Where the error is: pydantic's location, extended by a ``problem``'s ``at``."""
    return (*error["loc"], *(error.get("ctx") or {}).get("at", ()))


def bad_value(error: ErrorDetails) -> Any:
    """The value the file gives there: a ``problem``'s own, ``MISSING``, or the input."""
    context = error.get("ctx") or {}
    if "value" in context:
        return context["value"]
    return MISSING if error["type"] == "missing" else error["input"]


def own_why(error: ErrorDetails) -> str | None:
    """Our wording of the error (a ``problem``, ``one_of``, a validator's ValueError), or None
    for pydantic's own errors, which each file format words itself."""
    if error["type"] in _OWN:
        return str(error["msg"])
    if error["type"] == "value_error":
        return str((error.get("ctx") or {})["error"])
    return None


def dotted(loc: Sequence[Any]) -> str:
    """A location as the file's field path.

    >>> dotted(("column", 2, "role")), dotted(("selectors", "list_item")), dotted(("check", 0))
    ('column[2].role', 'selectors.list_item', 'check[0]')
    """
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _fields(model: type) -> dict[str, FieldInfo]:
    """A model's fields, or a pydantic dataclass's."""
    fields = getattr(model, "__pydantic_fields__", {})
    return fields if isinstance(fields, dict) else {}


def _named(model: type, name: str) -> FieldInfo | None:
    """The field a file writes as ``name`` (its alias, or its name)."""
    for key, field in _fields(model).items():
        if name in (key, field.validation_alias):
            return field
    return None


def _inner_model(annotation: Any) -> type | None:
    for member in (annotation, *get_args(annotation)):
        if isinstance(member, type) and _fields(member):
            return member
    return None


def model_at(root: type, loc: Sequence[Any]) -> type:
    """The model whose fields the last name of ``loc`` belongs to, walking down from ``root``
    (``("column", 0)`` of a profile: ``Column``)."""
    model = root
    for part in loc:
        field = _named(model, part) if isinstance(part, str) else None
        inner = _inner_model(field.annotation) if field else None
        if inner is not None:
            model = inner
    return model


def field_at(root: type, loc: Sequence[Any]) -> FieldInfo | None:
    """The field the last name of ``loc`` is, or None (a location without names)."""
    names = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not names:
        return None
    last = names[-1]
    return _named(model_at(root, loc[:last]), loc[last])


def description(field: FieldInfo | None) -> str | None:
    """The field's description, or its type's (a ``Field(description=...)`` in an
    ``Annotated`` type, as ``Workdays`` carries one)."""
    if field is None:
        return None
    if field.description:
        return field.description
    for member in (field.annotation, *get_args(field.annotation)):
        if get_origin(member) is Annotated:
            for meta in member.__metadata__:
                if isinstance(meta, FieldInfo) and meta.description:
                    return meta.description
    return None


def file_keys(model: type, hidden: Collection[str] = ()) -> list[str]:
    """The keys a file may write in ``model``'s table, in declaration order: aliases where a
    field has one, without the ``hidden`` fields (set by the loader, never written)."""
    fields = _fields(model)
    return [str(f.validation_alias or k) for k, f in fields.items() if k not in hidden]
