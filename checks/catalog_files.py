"""The catalog files: find, read, validate, and choose the one a run is judged against.

Catalogs are looked up in ``$ZWGK_CONFIG/catalogs`` (a deployment's own, first) and in the
shipped ``checks/catalogs``. Two kinds (``docs/catalogs.md``):

- a customer's task table, ``<profile>_<year>.toml``, tied to one profile and one year;
- the national baseline, ``baseline.toml`` (《政府信息公开条例》 and the 2019 national
  requirements), which names no profile and no year: it is bound to both when chosen, as
  ``baseline`` (the year the crawl ran) or ``baseline_<year>``, and then carries the id
  ``baseline_<year>`` so that a run's stored findings are found again by the same name.

This module joins the catalog models to the registered checks, so that ``checks.catalog`` need
not import the rules (the rules import the context, which imports the catalog).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from checks.catalog import BASELINE, Catalog, ParamsModels, parse_catalog
from checks.rules import all_checks
from ground.errors import CatalogError
from ground.profiles.schema import PROFILE_ID, Profile, find_toml, toml_folders
from ground.validation import read_toml_file

CATALOG_DIR = Path(__file__).parent / "catalogs"
# "<profile id>_<year>", the profile id as profiles spell it.
CATALOG_ID = re.compile(rf"^(?P<profile>{PROFILE_ID.pattern.strip('^$')})_(?P<year>\d{{4}})$")
# The baseline as a user names it: "baseline" (the run's year) or "baseline_2023".
BASELINE_ID = re.compile(rf"^{BASELINE}(?:_(?P<year>\d{{4}}))?$")


def registered_params() -> ParamsModels:
    """The checks catalogs may name, with the parameters each accepts."""
    return {name: registered.params for name, registered in all_checks().items()}


def catalog_folders() -> list[Path]:
    """Where catalogs are looked up, first match wins: ``$ZWGK_CONFIG/catalogs``, then shipped."""
    return toml_folders(CATALOG_DIR, "catalogs", CatalogError)


def available_catalogs() -> list[str]:
    """Ids of the task-table catalogs (``<profile>_<year>``) in every catalog folder, sorted.
    The baseline is not listed: it belongs to no profile."""
    stems = {p.stem for folder in catalog_folders() for p in folder.glob("*.toml")}
    return sorted(stem for stem in stems if CATALOG_ID.match(stem))


def catalogs_of(profile_id: str) -> list[str]:
    """The ids of ``profile_id``'s own task tables, oldest year first."""
    return [
        c for c in available_catalogs() if (m := CATALOG_ID.match(c)) and m["profile"] == profile_id
    ]


def catalog_for(
    profile_id: str, year: int | None = None, *, params_models: ParamsModels | None = None
) -> Catalog:
    """The task table of ``profile_id`` for ``year``; without a year, its only one.

    Several years and no year asked for stops with a message listing them: a nightly run must
    never judge a portal against a table it guessed. No table at all points to the baseline.
    """
    own = catalogs_of(profile_id)
    if year is not None:
        wanted = f"{profile_id}_{year}"
        if wanted not in own:
            known = ", ".join(own) or "none"
            raise CatalogError(
                f"no catalog {wanted!r} in {_folders()} (catalogs of {profile_id}: {known})"
            )
        return load_catalog(wanted, params_models=params_models)
    if not own:
        raise CatalogError(
            f"no task catalog for profile {profile_id!r} in {_folders()}: audit against the "
            f"national baseline with --catalog {BASELINE}, or add the county's task table as "
            f"{profile_id}_<year>.toml (docs/catalogs.md)"
        )
    if len(own) > 1:
        raise CatalogError(
            f"profile {profile_id!r} has several task catalogs ({', '.join(own)}): choose one "
            "with --catalog (or name it in the profile); a run never guesses the year"
        )
    return load_catalog(own[0], params_models=params_models)


def choose_catalog(
    profile_id: str,
    requested: str | Path | None = None,
    *,
    named: str | None = None,
    run_started: str | None = None,
    params_models: ParamsModels | None = None,
) -> Catalog:
    """The catalog a run of ``profile_id`` is judged against: ``requested`` (``--catalog``: an
    id, a path, ``baseline`` or ``baseline_<year>``), else the one the profile ``named``, else
    the profile's only task table (``catalog_for``).

    ``run_started`` (the run's ISO start time) gives the year of a plain ``baseline``; without
    it, today's year is used (a provisional choice, made before the run is read).
    """
    wanted = requested if requested is not None else named
    if wanted is None:
        return catalog_for(profile_id, params_models=params_models)
    if isinstance(wanted, str) and (match := BASELINE_ID.match(wanted)):
        year = int(match["year"]) if match["year"] else _year_of(run_started)
        return load_baseline(profile_id, year, params_models=params_models)
    return load_catalog(wanted, params_models=params_models)


def named_catalog(profile: Profile) -> str | None:
    """The catalog a profile names for itself (its ``catalog`` field), or None: its only task
    table, or an explicit ``--catalog``, is used then."""
    return profile.catalog or None


def _year_of(started_at: str | None) -> int:
    """The calendar year of an ISO timestamp (a run's start), or today's."""
    if started_at:
        try:
            return dt.datetime.fromisoformat(started_at).year
        except ValueError:
            pass  # an unreadable stamp is the run's problem, not the catalog's: take today
    return dt.datetime.now(dt.UTC).year


def load_baseline(
    profile_id: str,
    year: int,
    *,
    path: str | Path = BASELINE,
    params_models: ParamsModels | None = None,
) -> Catalog:
    """The national baseline bound to ``profile_id`` and ``year``, with the id
    ``baseline_<year>`` (the id its findings are stored under)."""
    file, data = _read(path)
    if data.get("kind") != BASELINE:
        raise CatalogError(
            f"{file}: field 'kind' = {data.get('kind', '')!r}: must be \"{BASELINE}\""
        )
    for key in ("profile", "year"):
        if key in data:
            why = f"a {BASELINE} catalog applies to every profile and year; remove it"
            raise CatalogError(f"{file}: field {key!r} = {data[key]!r}: {why}")
    bound = {**data, "profile": profile_id, "year": year}
    catalog = parse_catalog(bound, file, _models(params_models))
    title = f"{catalog.title}（{year}年度）"
    return catalog.model_copy(update={"id": f"{catalog.id}_{year}", "title": title})


def load_catalog(
    catalog_id_or_path: str | Path, *, params_models: ParamsModels | None = None
) -> Catalog:
    """Load and validate a task-table catalog by id (``shandong_guanxian_2023``) or by path.

    ``params_models`` are the checks rows may name, with their parameter models; by default
    every registered check (``registered_params()``). The baseline is loaded bound, through
    ``choose_catalog`` or ``load_baseline``.
    """
    if isinstance(catalog_id_or_path, str) and BASELINE_ID.match(catalog_id_or_path):
        raise CatalogError(
            f"{catalog_id_or_path!r} is the national baseline: it is bound to a profile and a "
            "year when chosen (zwgk check/report/audit PROFILE --catalog baseline)"
        )
    path, data = _read(catalog_id_or_path)
    if data.get("kind") == BASELINE:
        raise CatalogError(f"{path}: a {BASELINE} catalog is chosen with --catalog {BASELINE}")
    return parse_catalog(data, path, _models(params_models))


def _read(catalog_id_or_path: str | Path) -> tuple[Path, dict[str, Any]]:
    folders = catalog_folders()
    return read_toml_file(
        find_toml(catalog_id_or_path, folders),
        directory=folders[0],
        what="catalog",
        known=available_catalogs,
        error=CatalogError,
    )


def _models(params_models: ParamsModels | None) -> ParamsModels:
    return params_models if params_models is not None else registered_params()


def _folders() -> str:
    return " or ".join(str(f) for f in catalog_folders())
