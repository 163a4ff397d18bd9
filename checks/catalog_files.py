"""The bundled catalog files (``checks/catalogs/<profile>_<year>.toml``): find, read, validate.

This module joins the catalog models to the registered checks, so that ``checks.catalog`` need
not import the rules (the rules import the context, which imports the catalog).
"""

from __future__ import annotations

import re
from pathlib import Path

from checks.catalog import Catalog, ParamsModels, parse_catalog
from checks.rules import all_checks
from ground.errors import CatalogError
from ground.profiles.schema import PROFILE_ID
from ground.validation import read_toml_file

CATALOG_DIR = Path(__file__).parent / "catalogs"
# "<profile id>_<year>", the profile id as profiles spell it.
CATALOG_ID = re.compile(rf"^(?P<profile>{PROFILE_ID.pattern.strip('^$')})_(?P<year>\d{{4}})$")


def registered_params() -> ParamsModels:
    """The checks catalogs may name, with the parameters each accepts."""
    return {name: registered.params for name, registered in all_checks().items()}


def available_catalogs() -> list[str]:
    """Ids of the bundled catalogs (``checks/catalogs/<profile>_<year>.toml``), sorted."""
    return sorted(p.stem for p in CATALOG_DIR.glob("*.toml") if CATALOG_ID.match(p.stem))


def catalog_for(
    profile_id: str, year: int | None = None, *, params_models: ParamsModels | None = None
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
    return load_catalog(f"{profile_id}_{chosen}", params_models=params_models)


def load_catalog(
    catalog_id_or_path: str | Path, *, params_models: ParamsModels | None = None
) -> Catalog:
    """Load and validate a catalog by id (``shandong_guanxian_2023``) or by path to a TOML file.

    ``params_models`` are the checks rows may name, with their parameter models; by default
    every registered check (``registered_params()``).
    """
    path, data = read_toml_file(
        catalog_id_or_path,
        directory=CATALOG_DIR,
        what="catalog",
        known=available_catalogs,
        error=CatalogError,
    )
    models = params_models if params_models is not None else registered_params()
    return parse_catalog(data, path, models)
