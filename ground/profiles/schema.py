"""Load and validate site profiles (``ground/profiles/<id>.toml``).

A profile is declared as frozen pydantic models (``Profile``, ``Column``, ``Selectors``) and
checked whole, CSS selectors included, before the spider sends any request. Every problem is
reported as one ``ProfileError`` naming the file, the field and the bad value, one line a problem:
``<file>: field 'column[2].role' = '新闻': unknown role (known: …)``.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urljoin, urlsplit

from cssselect import GenericTranslator, SelectorError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from ground.errors import ProfileError, ZwgkError
from ground.validation import (
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
    read_toml_file,
)

PROFILE_DIR = Path(__file__).parent

# The column roles of the 政府信息公开 专栏 that checks are written against
# (国办公开办函〔2019〕61号). Checks never name a site's URLs, only these roles.
ROLES = frozenset(
    {
        "信息公开指南",
        "信息公开制度",
        "法定主动公开内容",
        "年度报告",
        "政策文件",
        "规范性文件",
        "政策解读",
        "意见征集",
        "部门信息公开",
        "乡镇信息公开",
        "依申请公开",
        "重点领域",
        "工作动态",
    }
)
# One name a module of crawler/cms/: a family no module implements would fail only mid-crawl.
CMS_FAMILIES = frozenset({"trs", "hanweb", "generic", "spa", "gkmlpt"})
FETCH_MODES = frozenset({"static", "api", "browser"})
DETAIL_FETCH_MODES = frozenset({"static", "browser", "auto"})
PROFILE_ID = re.compile(r"^[a-z]+_[a-z]+$")

# cssselect is what parsel compiles the [selectors] overrides with. The generic translator refuses
# pseudo-elements (::text, ::attr), which select strings, not the elements the crawler needs, and
# it refuses Playwright's own syntax (>>, :has-text()) in wait_for, which goes to Chromium.
_CSS = GenericTranslator()


def _css(value: str) -> str:
    if value:
        try:
            _CSS.css_to_xpath(value)
        except SelectorError as exc:
            raise problem(f"not a valid CSS selector ({exc})") from exc
    return value


# TOML has real types: a number or a list where text is expected is an error, never coerced.
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True)]
RequiredText = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
Css = Annotated[Text, AfterValidator(_css)]
RequiredCss = Annotated[RequiredText, AfterValidator(_css)]

#: A column role, one of ``ROLES``: as a profile's column, a catalog's interpretation_scope and
#: a check's ``roles`` parameter write it.
Role = Annotated[RequiredText, one_of("role", ROLES)]
#: A profile id (the file's name): lowercase pinyin, ``sichuan_yanting``. A catalog names its
#: profile by one.
ProfileId = Annotated[
    RequiredText,
    StringConstraints(pattern=PROFILE_ID.pattern),
    Field(description="lowercase pinyin <province>_<place>"),
]
CmsFamily = Annotated[RequiredText, one_of("CMS family", CMS_FAMILIES, sep=", ")]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Selectors(BaseModel):
    """CSS selector overrides; empty strings mean "use the CMS family's default".

    A selector written in the profile must not be empty and must parse.
    """

    model_config = _FROZEN

    list_item: RequiredCss = ""
    list_link: RequiredCss = ""
    list_date: RequiredCss = ""
    feedback_window: RequiredCss = ""


class Column(BaseModel):
    """One column (栏目) of the portal, with the role checks know it by."""

    model_config = _FROZEN

    id: RequiredText
    name: RequiredText
    role: Role
    # Relative to the profile's base_url in the file; absolute once the profile is loaded.
    url: RequiredText
    unit: Text = ""  # the responsible unit whose own column this is ("" = the government's)
    fetch: Text = "static"
    # browser mode: CSS selector that shows the list has rendered. Validated even by default,
    # because fetch = "browser" requires it.
    wait_for: Css = Field(default="", validate_default=True)
    # api mode: CMS-family parameters (required then, hence validated by default too).
    api: dict[str, Any] = Field(default_factory=dict, validate_default=True)
    max_pages: Annotated[StrictInt, Field(ge=1, description="a positive integer")] = 200
    # Detail pages whose evidence (a feedback window, a 相关解读 box) only a script inserts:
    # "browser" renders every detail page of the profile in Chromium (unless --fetch static);
    # "auto" fetches each statically and renders again only a page whose extraction found a
    # script-filled box it could not read through the API, within [crawl] render_budget.
    detail_fetch: Text = "static"
    detail_wait_for: Css = ""
    # "auto": the tabs of a script-filled box that each load their own rows (TRS's 文字解读 /
    # 图片解读 / H5解读); Chromium clicks each in turn so the box is read whole.
    detail_tabs: Css = ""

    # Validators run in field order, so info.data already holds fetch for wait_for and api.
    @field_validator("url")
    @classmethod
    def _relative_url(cls, url: str) -> str:
        if urlsplit(url).scheme:
            raise problem("must be relative to base_url")
        return url

    # The two modes stay validators rather than Literal types: an empty string means the default,
    # and a number must still read "must be a string".
    @field_validator("fetch")
    @classmethod
    def _fetch_mode(cls, fetch: str) -> str:
        fetch = fetch or "static"
        if fetch not in FETCH_MODES:
            raise problem(f"must be one of {sorted(FETCH_MODES)}")
        return fetch

    @field_validator("wait_for")
    @classmethod
    def _wait_for_when_browser(cls, wait_for: str, info: ValidationInfo) -> str:
        if info.data.get("fetch") == "browser" and not wait_for:
            raise problem("is required when fetch = 'browser'")
        return wait_for

    @field_validator("api")
    @classmethod
    def _api_when_api(cls, api: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        if info.data.get("fetch") == "api" and not api:
            raise problem("is required when fetch = 'api'")
        return api

    @field_validator("detail_fetch")
    @classmethod
    def _detail_fetch_mode(cls, detail_fetch: str) -> str:
        detail_fetch = detail_fetch or "static"
        if detail_fetch not in DETAIL_FETCH_MODES:
            raise problem("must be 'static', 'browser' or 'auto'")
        return detail_fetch

    def with_changes(self, **changes: Any) -> Column:
        """A copy with some fields changed (a forced fetch mode, a test's smaller max_pages).

        Not validated again: the column came from a validated profile and its url is already
        absolute.
        """
        return self.model_copy(update=changes)


PositiveInt = Annotated[StrictInt, Field(ge=1, description="a positive integer")]


class Crawl(BaseModel):
    """How the crawler behaves towards one portal (``[crawl]`` in the profile). The defaults are
    polite enough for a small county server; an owner who asked for the audit may allow more."""

    model_config = _FROZEN

    # Requests a second and requests in flight against the portal, held at the server side.
    rate: Annotated[StrictFloat, Field(gt=0, le=50, description="requests a second, > 0")] = 2.0
    concurrency: Annotated[StrictInt, Field(ge=1, le=16, description="1 to 16")] = 2
    # robots.txt is obeyed unless the portal's owner asked for the audit (say so in caveats).
    obey_robots: StrictBool = True
    # Who to contact about the crawler: put into the User-Agent (an URL or an e-mail address).
    contact: Text = ""
    # Budgets: the crawl stops at either and the run says it was cut short.
    page_budget: PositiveInt = 50000
    time_budget_minutes: PositiveInt = 720
    # Detail pages rendered on demand (detail_fetch = "auto") per crawl: Chromium reads about 7
    # pages/s here, against 200 static ones. Pages past it keep their boxes unread (未能核验) and
    # the run says how many; 0 renders none.
    render_budget: Annotated[StrictInt, Field(ge=0, description="0 or a positive integer")] = 200
    # Incremental crawls re-read every detail page at least this often.
    full_recrawl_days: PositiveInt = 7
    # Other hosts that belong to the portal (a redirect may go there; anything else is refused).
    hosts: tuple[RequiredText, ...] = ()


class Profile(BaseModel):
    """A portal: everything that differs between portals, as data."""

    model_config = _FROZEN

    # The file it was loaded from; given by the loader, never written in the file.
    path: Path
    id: ProfileId
    name: RequiredText
    base_url: RequiredText
    cms: CmsFamily
    encoding: Text = ""  # override when headers and <meta charset> lie
    selectors: Selectors = Field(default_factory=Selectors)
    units: tuple[RequiredText, ...] = ()  # every responsible unit with a presence on the portal
    # Other spellings of a unit that no rule in ground.units derives (a unit renamed in a
    # reform, an abbreviation of the county's own): unit name -> spellings. Keys are units.
    unit_aliases: dict[RequiredText, tuple[RequiredText, ...]] = Field(default_factory=dict)
    columns: tuple[Column, ...] = Field(alias="column")  # after units and base_url: see below
    crawl: Crawl = Field(default_factory=Crawl)
    # The catalog check/report/audit use when --catalog is not given ("" = the profile's only
    # task table; several years then stop with a list, a nightly run never guesses).
    catalog: Text = ""
    caveats: Text = ""

    @model_validator(mode="before")
    @classmethod
    def _path_from_loader(cls, data: Any, info: ValidationInfo) -> Any:
        path = (info.context or {}).get("path")
        if path is None or not isinstance(data, dict):
            return data
        if "path" in data:
            raise problem(_unknown_field(Profile), "path", value=data["path"])
        return {"path": path, **data}

    @field_validator("id")
    @classmethod
    def _file_name(cls, profile_id: str, info: ValidationInfo) -> str:
        path = info.data.get("path")
        if path is not None and path.suffix == ".toml" and path.stem != profile_id:
            raise problem(f"must equal the file name {path.stem!r}")
        return profile_id

    @field_validator("base_url")
    @classmethod
    def _absolute_directory(cls, base_url: str) -> str:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise problem("must be an absolute http(s) URL")
        if not base_url.endswith("/"):
            raise problem("must end with '/'")
        return base_url

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, encoding: str) -> str:
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError as exc:
                raise problem("unknown encoding") from exc
        return encoding

    @field_validator("unit_aliases")
    @classmethod
    def _aliases_of_units(
        cls, aliases: dict[str, tuple[str, ...]], info: ValidationInfo
    ) -> dict[str, tuple[str, ...]]:
        units = info.data.get("units") or ()
        for unit in aliases:
            if unit not in units:
                raise problem("is not listed in the profile's units", unit, value=unit)
        return aliases

    @field_validator("columns")
    @classmethod
    def _resolve_columns(
        cls, columns: tuple[Column, ...], info: ValidationInfo
    ) -> tuple[Column, ...]:
        if not columns:
            raise problem("at least one [[column]] is required")
        seen: set[str] = set()
        units = info.data.get("units")  # absent when units itself is invalid
        for i, column in enumerate(columns):
            if column.id in seen:
                raise problem("duplicate column id", i, "id", value=column.id)
            seen.add(column.id)
            if column.unit and units and column.unit not in units:
                why = "is not listed in the profile's units"
                raise problem(why, i, "unit", value=column.unit)
        base_url = info.data.get("base_url")
        if base_url is None:  # invalid, and reported as such
            return columns
        return tuple(column.with_changes(url=urljoin(base_url, column.url)) for column in columns)

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    def rebased(self, base_url: str) -> Profile:
        """The same profile pointed at another host (a fixture server), paths kept."""
        old = self.base_url
        columns = tuple(c.with_changes(url=base_url + c.url[len(old) :]) for c in self.columns)
        return self.model_copy(update={"base_url": base_url, "columns": columns})


#: A deployment keeps its own profiles and catalogs outside the package, in ``$ZWGK_CONFIG/
#: profiles/`` and ``$ZWGK_CONFIG/catalogs/``, beside the shipped ones: an upgrade never touches
#: them, and a copy of a shipped file there is the one used (the deployment's word is the last).
CONFIG_ENV = "ZWGK_CONFIG"


def config_folder(kind: str, error: type[ZwgkError] = ProfileError) -> Path | None:
    """``$ZWGK_CONFIG/<kind>`` ("profiles", "catalogs"), or None when ``ZWGK_CONFIG`` is unset.

    A ``ZWGK_CONFIG`` that is not a folder raises ``error`` naming it: a typo must not silently
    leave a deployment's portals out of a nightly run. A missing ``<kind>`` folder inside is
    simply empty (a deployment may keep only profiles, or only catalogs).
    """
    root = os.environ.get(CONFIG_ENV, "").strip()
    if not root:
        return None
    folder = Path(root).expanduser()
    if not folder.is_dir():
        raise error(f"{CONFIG_ENV}={root}: no such folder (it should hold profiles/ and catalogs/)")
    return folder / kind


def toml_folders(shipped: Path, kind: str, error: type[ZwgkError]) -> list[Path]:
    """Where files of ``kind`` are looked up, first match wins: the deployment's, then shipped."""
    own = config_folder(kind, error)
    return [own, shipped] if own is not None else [shipped]


def find_toml(id_or_path: str | Path, folders: list[Path]) -> str | Path:
    """The file of an id (``<folder>/<id>.toml`` in the first folder holding it); a path, or an
    id found nowhere, comes back as given for ``read_toml_file`` to read or refuse."""
    text = str(id_or_path)
    if isinstance(id_or_path, Path) or text.endswith(".toml"):
        return id_or_path
    for folder in folders:
        if (folder / f"{text}.toml").is_file():
            return folder / f"{text}.toml"
    return id_or_path


def available_profiles() -> list[str]:
    """Ids of every profile: the shipped ones and those in ``$ZWGK_CONFIG/profiles``."""
    folders = toml_folders(PROFILE_DIR, "profiles", ProfileError)
    return sorted({p.stem for folder in folders for p in folder.glob("*.toml")})


def profile_path(profile_id: str) -> Path | None:
    """The file a profile id loads from (the deployment's copy first), or None."""
    found = find_toml(profile_id, toml_folders(PROFILE_DIR, "profiles", ProfileError))
    return found if isinstance(found, Path) else None


def load_profile(profile: str | Path) -> Profile:
    """Load a profile by id (``shandong_guanxian``: ``$ZWGK_CONFIG/profiles`` first, then the
    shipped ``ground/profiles``) or by path to a TOML file."""
    folders = toml_folders(PROFILE_DIR, "profiles", ProfileError)
    path, data = read_toml_file(
        find_toml(profile, folders),
        directory=folders[0],
        what="profile",
        known=available_profiles,
        error=ProfileError,
    )
    return parse_profile(data, path)


def parse_profile(data: dict[str, Any], path: Path) -> Profile:
    """Validate a profile's TOML data; ``path`` is the file it came from (it must be named <id>)."""
    try:
        return Profile.model_validate(data, context={"path": path})
    except ValidationError as exc:
        lines = [_describe(error, path) for error in exc.errors()]
        raise ProfileError("\n".join(lines)) from None


# Messages for pydantic's own error types; our validators word theirs themselves, and a field
# with a description is described ("must be lowercase pinyin <province>_<place>").
_WHY = {
    "string_type": "must be a string",
    "string_too_short": "is required",  # after stripping: a required text written empty
    "int_type": "must be a positive integer",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "tuple_type": "must be a list",
}


def _describe(error: ErrorDetails, path: Path) -> str:
    """One line in the house form: ``<file>: field 'column[2].role' = '新闻': <why>``."""
    loc, value, kind = location(error), bad_value(error), error["type"]
    if kind == "missing" and loc == ("column",):
        value, why = [], "at least one [[column]] is required"
    elif kind == "missing":
        value, why = "", "is required"  # as if written empty, not the whole enclosing table
    elif kind == "extra_forbidden":
        why = _unknown_field(model_at(Profile, loc[:-1]))
    else:
        described = description(field_at(Profile, loc))
        why = (
            own_why(error)
            or _WHY.get(kind)
            or (f"must be {described}" if described else str(error["msg"]))
        )
    return f"{path}: field {dotted(loc)!r} = {value!r}: {why}"


def _unknown_field(model: type[BaseModel]) -> str:
    known = sorted(file_keys(model, hidden={"path"}))
    return f"unknown field (known: {', '.join(known)})"
