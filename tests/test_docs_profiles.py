"""docs/profiles.md stays true to the code.

Every TOML block the page marks ``# complete profile`` validates as a crawl validates it (the
schema, then its family's ``api`` checks); the worked examples cover every CMS family and fetch
mode; and the reference tables name exactly the fields of ``ground/profiles/schema.py`` with
their real defaults, and exactly the ``api`` keys each family accepts. A table is found by the
HTML comment above it (``<!-- fields: Column -->``), which the rendered page does not show.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from crawler.cms import family_for, gkmlpt, hanweb_jpaas, spa, trs_api
from ground.errors import ProfileError
from ground.profiles.schema import (
    CMS_FAMILIES,
    Column,
    Crawl,
    Profile,
    Selectors,
    parse_profile,
)
from tests.conftest import ROOT

DOC = ROOT / "docs" / "profiles.md"
MARKER = "# complete profile"
FENCE = re.compile(r"^```(\w*)\s*$")
FIRST_CODE = re.compile(r"`([^`]+)`")

# One worked example per family (docs/profiles.md, Part 3): the (cms, fetch) pairs a new user
# must find shown whole. TRS 海云 and Hanweb JPaaS are the api mode of trs and hanweb.
WORKED_EXAMPLES = {
    ("trs", "static"),
    ("trs", "api"),
    ("hanweb", "static"),
    ("hanweb", "api"),
    ("spa", "api"),
    ("spa", "browser"),
    ("gkmlpt", "api"),
    ("generic", "static"),
}


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, 1-based, for messages that point into the page
    text: str

    @property
    def complete(self) -> bool:
        return self.text.startswith(MARKER)


def toml_blocks() -> list[Block]:
    blocks: list[Block] = []
    start, body = 0, []  # start: the open fence's line, 0 outside a toml block
    for number, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), start=1):
        fence = FENCE.match(line)
        if fence and not start and fence.group(1) == "toml":
            start, body = number, []
        elif fence and start:
            blocks.append(Block(start, "\n".join(body) + "\n"))
            start = 0
        elif start:
            body.append(line)
    return blocks


def complete_profiles() -> list[Block]:
    return [block for block in toml_blocks() if block.complete]


def validated(block: Block) -> Profile:
    """The block's profile, checked as ``zwgk crawl`` checks it before its first request: the
    schema, then each column's start requests (where the families check their ``api`` keys)."""
    data = tomllib.loads(block.text)
    profile = parse_profile(data, Path(f"{data.get('id')}.toml"))
    family = family_for(profile.cms)
    for column in profile.columns:
        family.start_requests(profile, column)
    return profile


def table_after(marker: str) -> dict[str, list[str]]:
    """The rows of the Markdown table below ``<!-- marker -->``: first code span of the first
    cell (``[[column]]`` read as ``column``) → the row's cells."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    rest = lines[lines.index(f"<!-- {marker} -->") + 1 :]
    table = []
    for line in rest:
        if not line.startswith("|"):
            break  # the blank line after the table
        table.append(line)
    rows: dict[str, list[str]] = {}
    for line in table[2:]:  # after the header and the separator
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        found = FIRST_CODE.search(cells[0])
        assert found, f"{DOC}: a row under <!-- {marker} --> names no key: {line}"
        rows[found.group(1).strip("[]")] = cells
    return rows


def as_written(value: Any) -> str:
    """A default as the reference writes it: TOML for scalars, ``[]`` and ``{}`` when empty.

    >>> as_written(""), as_written(2.0), as_written(True), as_written(())
    ('""', '2.0', 'true', '[]')
    """
    if isinstance(value, BaseModel):
        return "(its defaults)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple | list):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def schema_defaults(model: type[BaseModel]) -> dict[str, str]:
    """Each key a profile file may write in ``model``'s table → its default as written."""
    defaults = {}
    for name, field in model.model_fields.items():
        if name == "path":  # given by the loader, never written in a file
            continue
        key = str(field.validation_alias or name)
        if field.is_required():
            defaults[key] = "required"
        else:
            defaults[key] = as_written(field.get_default(call_default_factory=True))
    return defaults


def block_id(block: Block) -> str:
    return f"profiles.md:{block.line}"


@pytest.mark.parametrize("block", toml_blocks(), ids=block_id)
def test_every_toml_block_on_the_page_is_valid_toml(block: Block) -> None:
    tomllib.loads(block.text)


@pytest.mark.parametrize("block", complete_profiles(), ids=block_id)
def test_every_complete_profile_validates_as_a_crawl_would(block: Block) -> None:
    try:
        validated(block)
    except ProfileError as exc:
        pytest.fail(f"{DOC}:{block.line}: the profile does not validate:\n{exc}")


def test_a_worked_example_is_shown_whole_for_every_family_and_fetch_mode() -> None:
    profiles = [validated(block) for block in complete_profiles()]
    shown = {(p.cms, c.fetch) for p in profiles for c in p.columns}
    assert WORKED_EXAMPLES - shown == set()
    assert {p.cms for p in profiles} == CMS_FAMILIES


@pytest.mark.parametrize("mode", ["browser", "auto"])
def test_a_worked_example_renders_detail_pages(mode: str) -> None:
    profiles = [validated(block) for block in complete_profiles()]
    assert any(c.detail_fetch == mode for p in profiles for c in p.columns)


def test_an_unknown_api_key_in_a_shown_profile_would_be_caught() -> None:
    # Negative control: the families' api checks are part of the validation above.
    block = next(b for b in complete_profiles() if 'cms = "gkmlpt"' in b.text)
    broken = Block(block.line, block.text.replace('sid = "4402330"', 'site = "4402330"', 1))
    with pytest.raises(ProfileError, match=r"api\.site.*unknown key"):
        validated(broken)


@pytest.mark.parametrize("model", [Profile, Column, Selectors, Crawl], ids=lambda m: m.__name__)
def test_the_reference_names_every_field_of_the_schema_and_no_other(
    model: type[BaseModel],
) -> None:
    written = table_after(f"fields: {model.__name__}")
    assert sorted(written) == sorted(schema_defaults(model))


@pytest.mark.parametrize("model", [Profile, Column, Selectors, Crawl], ids=lambda m: m.__name__)
def test_the_reference_gives_each_field_its_real_default(model: type[BaseModel]) -> None:
    written = table_after(f"fields: {model.__name__}")
    expected = schema_defaults(model)
    documented = {key: written[key][2].replace("`", "") for key in expected if key in written}
    assert documented == {key: expected[key] for key in documented}


# Each family's own list of the api keys it accepts (an unknown one is a ProfileError).
API_KEYS = {
    "trs": trs_api.KNOWN | {f"box.{key}" for key in trs_api.BOX_KEYS},
    "hanweb_jpaas": hanweb_jpaas.KNOWN,
    "gkmlpt": gkmlpt.KNOWN,
    "spa": {*spa.API_DEFAULTS, "endpoint"},
}


@pytest.mark.parametrize("family", sorted(API_KEYS))
def test_the_reference_names_every_api_key_a_family_accepts_and_no_other(family: str) -> None:
    assert sorted(table_after(f"api-keys: {family}")) == sorted(API_KEYS[family])


@pytest.mark.parametrize(
    ("family", "defaults"), [("trs", trs_api.DEFAULTS), ("spa", spa.API_DEFAULTS)]
)
def test_the_reference_gives_each_api_key_its_real_default(
    family: str, defaults: dict[str, Any]
) -> None:
    written = table_after(f"api-keys: {family}")
    documented = {key: written[key][1].replace("`", "") for key in defaults}
    expected = {
        key: value if isinstance(value, str) else as_written(value)
        for key, value in defaults.items()
    }
    assert documented == expected


def anchors(doc: Path) -> set[str]:
    """The anchors of a Markdown file's headings, slugged as GitHub slugs them."""
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.DOTALL)
    headings = re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_link_to_a_section_leads_to_a_heading() -> None:
    links = re.findall(r"\]\(([\w./-]*)#([^)]+)\)", DOC.read_text(encoding="utf-8"))
    assert links, "the page links to its own sections"
    broken = [
        f"{target}#{anchor}"
        for target, anchor in links
        if anchor not in anchors(DOC.parent / target if target else DOC)
    ]
    assert broken == []
