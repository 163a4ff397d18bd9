"""Each piece of evidence that an interpretation explains a document, valued on its own: the
box a link sits in, the title vetoes, quoted-title equality, title similarity and dates.
``scoring`` adds them up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from checks.linker.body_links import BASIS_CONTEXT
from checks.linker.features import Ref
from checks.linker.prepared import Doc, Interp
from checks.linker.weights import (
    DILUTED_LINK,
    MIN_SIMILARITY,
    NEAR_FACTOR,
    UPSTREAM_FACTOR,
    WEIGHTS,
)
from ground.text.titles import compact

# --------------------------------------------------------------------------------------------
# Links and their boxes

_DOCUMENT_BOX_RE = re.compile(r"原文|相关文件|政策文件|文件链接|解读对象|政策依据")
_INTERPRETATION_BOX_RE = re.compile(r"解读|图解|问答")
_GENERIC_BOX_RE = re.compile(r"相关|关联|链接|阅读|推荐|延伸|附件")
_BOX_WEIGHT = {"specific": 1.0, "body": 0.9, "generic": 0.85, "other": 0.5, "basis": DILUTED_LINK}
# An interpretation explains one document, rarely two; a document rarely has more than three
# interpretations (text, 图解, 视频). A box listing more than that is a list, not a pairing.
_BOX_CAP = {"to_document": 2, "from_document": 3}


def box_class(context: str, direction: str) -> str:
    """How specific the box a link sits in is, read from its heading.

    >>> box_class("原文链接", "to_document"), box_class("相关解读", "from_document")
    ('specific', 'specific')
    >>> box_class("", "to_document"), box_class("相关链接", "to_document")
    ('body', 'generic')
    """
    if context == BASIS_CONTEXT:
        return "basis"
    context = compact(context)
    if not context or context in ("正文", "body"):
        return "body"
    specific = _DOCUMENT_BOX_RE if direction == "to_document" else _INTERPRETATION_BOX_RE
    if specific.search(context):
        return "specific"
    if _GENERIC_BOX_RE.search(context):
        return "generic"
    return "other"


def box_weights(boxes: dict[str, set[int]], direction: str) -> dict[int, float]:
    """Weight of each linked target: by the box it sits in, diluted when the box is a list.

    >>> box_weights({"正文": {1}, "相关链接": {2, 3, 4, 5}}, "to_document")
    {1: 0.9, 2: 0.3, 3: 0.3, 4: 0.3, 5: 0.3}
    >>> box_weights({"相关文件": {1}, "": {2}, "相关阅读": {3}}, "to_document")  # one named
    {1: 1.0, 2: 0.5, 3: 0.5}
    """
    weights: dict[int, float] = {}
    cap = _BOX_CAP[direction]
    classes = {context: box_class(context, direction) for context in boxes}
    # A page that names its pairing (a 原文链接 box, a 相关文件 line) cites other policies in its
    # body, and lists them in 相关阅读 boxes, as references.
    named = "specific" in classes.values()
    for context, targets in boxes.items():
        kind = classes[context]
        weight = _BOX_WEIGHT["other" if named and kind in ("body", "generic") else kind]
        if len(targets) > cap:
            weight = min(weight * cap / len(targets), DILUTED_LINK)
        for target in targets:
            weights[target] = max(weights.get(target, 0.0), weight)
    return weights


# --------------------------------------------------------------------------------------------
# Titles

# A 解读 is published with its document, or within weeks (see ``date_signal``).
_REVISION_COMPANION_DAYS = 31


def veto(
    ref: Ref, doc: Doc, home: frozenset[str] = frozenset(), published: dt.date | None = None
) -> str | None:
    """Why the title ``ref`` cannot be the document's, or None.

    ``home`` is the place of the interpretation's issuing unit, which stands for the title's place
    when the title names none (a 冠县 unit's 《关于…的实施意见》解读 is about a 冠县 document).
    ``published`` stands for the title's year when it names none: a 解读 of "2018年…工作要点"
    is published in 2018, give or take a year, not in 2021.
    """
    target = doc.ref
    if (
        not ref.years
        and target.years
        and published is not None
        and all(abs(published.year - year) > 1 for year in target.years)
    ):
        return "year_mismatch"
    if ref.years:
        if target.years:
            if not ref.years & target.years:
                return "year_mismatch"
        elif doc.year is not None and all(abs(year - doc.year) > 1 for year in ref.years):
            return "year_mismatch"
    if ref.periods and target.periods and not ref.periods & target.periods:
        return "year_mismatch"
    if ref.kind and target.kind and ref.kind != target.kind:
        return "kind_mismatch"
    places = ref.places or home
    if places and doc.places and not places & doc.places:
        return "place_mismatch"
    if ref.provincial and not doc.provincial:
        return "place_mismatch"
    # 毕节市 and 毕节市七星关区 share a place, but a title about the city is not the district's.
    if ref.primary and target.primary and ref.primary != target.primary:
        return "place_mismatch"
    if ref.draft and not target.draft:
        return "draft_mismatch"
    if ref.revised and not target.revised and _older_than_revision(ref, doc, published):
        return "revision_mismatch"
    if ref.version and ref.version != target.version:
        return "revision_mismatch"
    return None


def _older_than_revision(ref: Ref, doc: Doc, published: dt.date | None) -> bool:
    """Whether a document whose title does not say it is a revision is older than the revision
    ``ref`` names: dated before the revision's year, or, without one, not issued in the month
    before the interpretation (a revision and its 解读 are published together; a revised
    document's 通知 usually says so: 修订印发, 修订后的, (2022年修订))."""
    if doc.date is None:
        return True
    if ref.revision_year is not None:
        return doc.date.year < ref.revision_year
    return published is None or not 0 <= (published - doc.date).days <= _REVISION_COMPANION_DAYS


def equality(ref: Ref, target: Ref) -> float:
    """1 when a quoted title is the document's, ``NEAR_FACTOR`` when it differs only in
    boilerplate (its non-boilerplate tokens are the same), else 0."""
    if ref.key == target.key and len(ref.key) >= 4:
        return 1.0
    if ref.specific and ref.specific == target.specific:
        return NEAR_FACTOR
    return 0.0


def similarity(ref: Ref, target: Ref, weight: Callable[[str], float]) -> float:
    """Weighted Jaccard index of the tokens; 0 when only boilerplate is shared or it is noise."""
    common = ref.tokens & target.tokens
    if not common & target.specific:
        return 0.0  # boilerplate-only overlap is no evidence
    shared = sum(weight(token) for token in common)
    union = ref.weight + target.weight - shared
    index = shared / union if union > 0 else 0.0
    return index if index >= MIN_SIMILARITY else 0.0


def title_signal(
    interp: Interp, doc: Doc, weight: Callable[[str], float], vetoes: list[str | None]
) -> dict[str, float]:
    """The strongest title evidence: the interpretation's title (《》 spans, else its headline)
    or a 《》 title early in its body. A veto cancels what the title would have given; both are
    reported so the reader sees why a close title did not count."""
    published = interp.record.publish_date or interp.record.written_date
    found: list[tuple[str, float, str | None]] = []  # (signal, value, veto)
    for ref, ref_veto in zip(interp.refs, vetoes, strict=True):
        equal = equality(ref, doc.ref) if ref.quoted else 0.0
        if equal:
            found.append(("quoted_title", WEIGHTS["quoted_title"] * equal, ref_veto))
        elif close := similarity(ref, doc.ref, weight):
            found.append(("title_similarity", WEIGHTS["title_similarity"] * close, ref_veto))
    for ref, upstream in interp.body_refs:
        if equal := equality(ref, doc.ref):
            factor = UPSTREAM_FACTOR if upstream else 1.0
            ref_veto = veto(ref, doc, interp.home, published)
            value = WEIGHTS["body_quoted_title"] * equal * factor
            found.append(("body_quoted_title", value, ref_veto))
    allowed = [item for item in found if item[2] is None]
    if allowed:
        name, value, _ = max(allowed, key=lambda item: item[1])
        return {name: value}
    if found:
        name, value, vetoed = max(found, key=lambda item: item[1])
        assert vetoed is not None  # every candidate was vetoed, or one would be allowed
        return {name: value, vetoed: -value}
    return {}


# --------------------------------------------------------------------------------------------
# Dates


def date_signal(interp: Interp, doc: Doc) -> tuple[str, float] | None:
    """Support only: published 0-10 days after the document is usual; before it was written
    or more than a year after it is suspicious."""
    published = interp.record.publish_date or interp.record.written_date
    if published is None or doc.date is None:
        return None
    delta = (published - doc.date).days
    if 0 <= delta <= 10:
        return "date_close", WEIGHTS["date_close"]
    written = doc.record.written_date or doc.date
    if delta < 0 and (published - written).days < -3:
        return "date_before", WEIGHTS["date_before"]
    if delta > 365:
        return "date_far", WEIGHTS["date_far"]
    return None
