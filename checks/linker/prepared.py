"""Records read once into what the linker compares: a document's title features, 文号, places
and dates; an interpretation's named titles, 文号 mentions and home place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from checks.linker.citations import NumberMention, is_upstream, number_mentions, parse_doc_number
from checks.linker.cores import document_core, interpretation_core
from checks.linker.features import (
    PROVINCE_SPEAKS_RE,
    PROVINCIAL_ISSUER_RE,
    REVISION_RE,
    Features,
    Ref,
)
from checks.records import DocRecord
from ground.text.titles import compact, top_level_quotes
from ground.text.urls import normalise_url

# An unquoted headline that starts with the province, after any 解读：/图解丨 prefix.
_HEADLINE_PROVINCE_RE = re.compile(rf"^(?:[^:|丨《]{{0,8}}[:|丨])?(?:{PROVINCE_SPEAKS_RE.pattern})")
# The first 《》 titles of a body name its subject, later ones its basis or related policies.
BODY_QUOTES_SCANNED = 3
BODY_CHARS_SCANNED = 5000


@dataclass(slots=True)
class Doc:
    record: DocRecord
    url: str
    number: tuple[str, int, int] | None
    ref: Ref
    places: frozenset[str]
    agency: str
    title: str
    date: dt.date | None
    year: int | None
    keys: tuple[str, ...] = ()
    provincial: bool = False  # issued by a province (its unit, or its title's issuer)


@dataclass(slots=True)
class Interp:
    record: DocRecord
    url: str
    refs: list[Ref]  # the titles its own title names (《》 spans, else its cleaned headline)
    body_refs: list[tuple[Ref, bool]]  # 《》 titles in the body, and whether named as a basis
    title_numbers: list[NumberMention]
    body_numbers: list[NumberMention]
    agency: str
    home: frozenset[str]  # places of the issuing unit
    places: frozenset[str]  # places of the named titles and the issuing unit: for blocking


def prepare_doc(record: DocRecord, features: Features) -> Doc:
    title = compact(record.title)
    ref = features.ref(document_core(record.title), revised=bool(REVISION_RE.search(title)))
    places = (
        ref.places
        | features.place_stems(record.title, cache=False)
        | features.place_stems(record.issuing_agency)
    )
    date = record.publish_date or record.written_date
    dated = record.written_date or record.publish_date
    about = title.find("关于")
    issuer = (record.issuing_agency or "") + (title[:about] if about > 0 else "")
    return Doc(
        provincial=bool(PROVINCIAL_ISSUER_RE.search(issuer)),
        record=record,
        url=normalise_url(record.url),
        number=parse_doc_number(record.doc_number),
        ref=ref,
        places=places,
        agency=compact(record.issuing_agency or ""),
        title=title,
        date=date,
        year=dated.year if dated else None,
    )


def prepare_interp(record: DocRecord, features: Features) -> Interp:
    title = compact(record.title)
    body = compact(record.body_text[:BODY_CHARS_SCANNED])
    refs = _title_refs(record.title, title, features)
    body_refs = _body_refs(body, features)
    home = features.place_stems(record.issuing_agency)
    places = frozenset().union(*(ref.places for ref in refs)) | home
    return Interp(
        record=record,
        url=normalise_url(record.url),
        refs=refs,
        body_refs=body_refs,
        title_numbers=number_mentions(title, body=False),
        body_numbers=number_mentions(body, body=True),
        agency=compact(record.issuing_agency or ""),
        home=home,
        places=places,
    )


def _title_refs(raw: str, title: str, features: Features) -> list[Ref]:
    """The titles an interpretation's title names: its 《》 spans, else its own headline."""
    quoted = top_level_quotes(title)
    # 关于修订《…》的说明, 《…》修订解读: the revision is named outside the quoted title.
    revised = bool(REVISION_RE.search(title))
    provincial = _province_speaks(title, quoted)
    if quoted:
        refs = [
            features.ref(document_core(span), quoted=True, revised=revised, provincial=provincial)
            for span in quoted
        ]
    else:
        core = interpretation_core(raw)
        refs = [features.ref(core, revised=revised, provincial=provincial)] if core else []
    return [ref for ref in refs if ref.key]


def _body_refs(body: str, features: Features) -> list[tuple[Ref, bool]]:
    """The first 《》 titles of the body, each with whether it is named as a basis."""
    body_refs = []
    position = 0
    for span in top_level_quotes(body)[:BODY_QUOTES_SCANNED]:
        start = body.find("《" + span, position)
        position = max(position, start + 1)
        ref = features.ref(document_core(span), quoted=True)
        if ref.key:
            body_refs.append((ref, is_upstream(body, start)))
    return body_refs


def _province_speaks(title: str, quoted: list[str]) -> bool:
    """Whether the headline says the province issued what it explains (解读：省政府《…》,
    省政府出台…): outside the quoted title, or at the headline's start. 《冠县贯彻落实省政府…》
    is the county's.

    >>> _province_speaks("解读:省政府《关于…的意见》", ["关于…的意见"])
    True
    >>> _province_speaks("《冠县落实省政府决定的方案》解读", ["冠县落实省政府决定的方案"])
    False
    >>> [_province_speaks(t, []) for t in ("图解:省政府出台稳经济措施", "我县落实省政府新政")]
    [True, False]
    """
    if quoted:
        outside = title
        for span in quoted:
            outside = outside.replace(span, "")
        return bool(PROVINCE_SPEAKS_RE.search(outside))
    return _HEADLINE_PROVINCE_RE.match(title) is not None
