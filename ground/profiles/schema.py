"""Load and validate site profiles (``ground/profiles/<id>.toml``).

A profile is checked whole before the spider sends any request; every problem is reported as a
``ProfileError`` naming the file, the field and the bad value.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ground.errors import ProfileError

PROFILE_DIR = Path(__file__).parent

# The column roles of the 政府信息公开 专栏 that checks are written against (PORTALS.md,
# 国办公开办函〔2019〕61号). Checks never name a site's URLs, only these roles.
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
CMS_FAMILIES = frozenset({"trs", "hanweb", "kaipu", "generic", "spa"})
FETCH_MODES = frozenset({"static", "api", "browser"})
PROFILE_ID = re.compile(r"^[a-z]+_[a-z]+$")


@dataclass(frozen=True, slots=True)
class Selectors:
    """CSS selector overrides; empty strings mean "use the CMS family's default"."""

    list_item: str = ""
    list_link: str = ""
    list_date: str = ""
    feedback_window: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    """One column (栏目) of the portal, with the role checks know it by."""

    id: str
    name: str
    role: str
    url: str  # absolute, resolved against the profile's base_url
    unit: str = ""  # the responsible unit whose own column this is ("" = the government's)
    fetch: str = "static"
    wait_for: str = ""  # browser mode: CSS selector that shows the list has rendered
    api: dict[str, Any] = field(default_factory=dict)  # api mode: CMS-family parameters
    max_pages: int = 200
    # Detail pages whose evidence (a feedback window, a 相关解读 box) only a script inserts:
    # "browser" renders every detail page of the profile in Chromium (unless --fetch static).
    detail_fetch: str = "static"
    detail_wait_for: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    name: str
    base_url: str
    cms: str
    columns: tuple[Column, ...]
    path: Path
    encoding: str = ""  # override when headers and <meta charset> lie
    selectors: Selectors = field(default_factory=Selectors)
    units: tuple[str, ...] = ()  # every responsible unit with a presence on the portal
    caveats: str = ""

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    def rebased(self, base_url: str) -> Profile:
        """The same profile pointed at another host (a fixture server), paths kept."""
        old = self.base_url
        columns = tuple(_replace_column(c, url=base_url + c.url[len(old) :]) for c in self.columns)
        return Profile(
            id=self.id,
            name=self.name,
            base_url=base_url,
            cms=self.cms,
            columns=columns,
            path=self.path,
            encoding=self.encoding,
            selectors=self.selectors,
            units=self.units,
            caveats=self.caveats,
        )


def _replace_column(column: Column, **changes: Any) -> Column:
    values = {name: getattr(column, name) for name in Column.__slots__}
    values.update(changes)
    return Column(**values)


def profile_path(profile_id: str) -> Path:
    return PROFILE_DIR / f"{profile_id}.toml"


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


def load_profile(profile: str | Path) -> Profile:
    """Load a profile by id (``shandong_guanxian``) or by path to a TOML file."""
    path = Path(profile) if str(profile).endswith(".toml") else profile_path(str(profile))
    if not path.is_file():
        known = ", ".join(available_profiles()) or "none"
        raise ProfileError(f"{path}: no such profile file (known profiles: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    return parse_profile(data, path)


def parse_profile(data: dict[str, Any], path: Path) -> Profile:
    where = str(path)

    def fail(field_name: str, value: Any, why: str) -> ProfileError:
        return ProfileError(f"{where}: field {field_name!r} = {value!r}: {why}")

    def text(table: dict[str, Any], key: str, prefix: str, *, required: bool = True) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            raise fail(prefix + key, value, "must be a string")
        if required and not value.strip():
            raise fail(prefix + key, value, "is required")
        return value.strip()

    known_top = {
        "id",
        "name",
        "base_url",
        "cms",
        "encoding",
        "caveats",
        "selectors",
        "column",
        "units",
    }
    for key in data:
        if key not in known_top:
            raise fail(key, data[key], f"unknown field (known: {', '.join(sorted(known_top))})")

    profile_id = text(data, "id", "")
    if not PROFILE_ID.match(profile_id):
        raise fail("id", profile_id, "must be lowercase pinyin <province>_<place>")
    if path.suffix == ".toml" and path.stem != profile_id:
        raise fail("id", profile_id, f"must equal the file name {path.stem!r}")
    base_url = text(data, "base_url", "")
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise fail("base_url", base_url, "must be an absolute http(s) URL")
    if not base_url.endswith("/"):
        raise fail("base_url", base_url, "must end with '/'")
    cms = text(data, "cms", "")
    if cms not in CMS_FAMILIES:
        raise fail("cms", cms, f"must be one of {sorted(CMS_FAMILIES)}")
    encoding = text(data, "encoding", "", required=False)
    if encoding:
        try:
            "".encode(encoding)
        except LookupError as exc:
            raise fail("encoding", encoding, "unknown encoding") from exc

    raw_selectors = data.get("selectors", {})
    if not isinstance(raw_selectors, dict):
        raise fail("selectors", raw_selectors, "must be a table")
    for key in raw_selectors:
        if key not in Selectors.__slots__:
            raise fail(f"selectors.{key}", raw_selectors[key], "unknown selector")
    selectors = Selectors(**{k: text(raw_selectors, k, "selectors.") for k in raw_selectors})

    units = data.get("units", [])
    if not isinstance(units, list) or not all(isinstance(u, str) and u for u in units):
        raise fail("units", units, "must be a list of unit names")

    raw_columns = data.get("column", [])
    if not isinstance(raw_columns, list) or not raw_columns:
        raise fail("column", raw_columns, "at least one [[column]] is required")
    columns: list[Column] = []
    seen: set[str] = set()
    known_col = set(Column.__slots__)
    for i, raw in enumerate(raw_columns):
        prefix = f"column[{i}]."
        if not isinstance(raw, dict):
            raise fail(f"column[{i}]", raw, "must be a table")
        for key in raw:
            if key not in known_col:
                raise fail(prefix + key, raw[key], f"unknown field (known: {sorted(known_col)})")
        column_id = text(raw, "id", prefix)
        if column_id in seen:
            raise fail(prefix + "id", column_id, "duplicate column id")
        seen.add(column_id)
        role = text(raw, "role", prefix)
        if role not in ROLES:
            raise fail(prefix + "role", role, f"unknown role (known: {'、'.join(sorted(ROLES))})")
        fetch = text(raw, "fetch", prefix, required=False) or "static"
        if fetch not in FETCH_MODES:
            raise fail(prefix + "fetch", fetch, f"must be one of {sorted(FETCH_MODES)}")
        wait_for = text(raw, "wait_for", prefix, required=False)
        if fetch == "browser" and not wait_for:
            raise fail(prefix + "wait_for", wait_for, "is required when fetch = 'browser'")
        api = raw.get("api", {})
        if not isinstance(api, dict):
            raise fail(prefix + "api", api, "must be a table")
        if fetch == "api" and not api:
            raise fail(prefix + "api", api, "is required when fetch = 'api'")
        unit = text(raw, "unit", prefix, required=False)
        if unit and units and unit not in units:
            raise fail(prefix + "unit", unit, "is not listed in the profile's units")
        detail_fetch = text(raw, "detail_fetch", prefix, required=False) or "static"
        if detail_fetch not in {"static", "browser"}:
            raise fail(prefix + "detail_fetch", detail_fetch, "must be 'static' or 'browser'")
        max_pages = raw.get("max_pages", 200)
        if not isinstance(max_pages, int) or max_pages < 1:
            raise fail(prefix + "max_pages", max_pages, "must be a positive integer")
        url = text(raw, "url", prefix)
        if urlsplit(url).scheme:
            raise fail(prefix + "url", url, "must be relative to base_url")
        columns.append(
            Column(
                id=column_id,
                name=text(raw, "name", prefix),
                role=role,
                url=urljoin(base_url, url),
                unit=unit,
                fetch=fetch,
                wait_for=wait_for,
                api=api,
                max_pages=max_pages,
                detail_fetch=detail_fetch,
                detail_wait_for=text(raw, "detail_wait_for", prefix, required=False),
            )
        )
    return Profile(
        id=profile_id,
        name=text(data, "name", ""),
        base_url=base_url,
        cms=cms,
        columns=tuple(columns),
        path=path,
        encoding=encoding,
        selectors=selectors,
        units=tuple(units),
        caveats=text(data, "caveats", "", required=False),
    )
