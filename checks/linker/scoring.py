"""A candidate pair's signals, added up: links, 文号, titles, then unit and dates.

A link or a body 文号 whose target the interpretation's own title rules out (every title it
names is vetoed) counts ``CONTRADICTED_FACTOR`` of its weight: a 解读 of the 2023 plan that
links to the 2022 one has a stale link, not a second subject.
"""

from __future__ import annotations

from checks.linker.candidates import Corpus
from checks.linker.citations import NumberMention
from checks.linker.evidence import date_signal, title_signal, veto
from checks.linker.prepared import Doc, Interp
from checks.linker.weights import CONTRADICTED_FACTOR, UPSTREAM_FACTOR, WEIGHTS


def score(
    interp: Interp,
    doc: Doc,
    corpus: Corpus,
    link_to: float,
    link_from: float,
    title_number: NumberMention | None,
    body_number: NumberMention | None,
) -> dict[str, float]:
    """Every signal for the pair, by name (keys of ``WEIGHTS`` and the vetoes); the score is
    their sum."""
    published = interp.record.publish_date or interp.record.written_date
    vetoes = [veto(ref, doc, interp.home, published) for ref in interp.refs]
    contradicted = bool(vetoes) and all(vetoes)
    signals = title_signal(interp, doc, corpus.weight, vetoes)

    if link_to:
        signals["link_to_document"] = WEIGHTS["link_to_document"] * link_to
    if link_from:
        signals["link_from_document"] = WEIGHTS["link_from_document"] * link_from
    if title_number is not None:
        signals["doc_number_title"] = WEIGHTS["doc_number_title"]
    elif body_number is not None:
        factor = UPSTREAM_FACTOR if body_number.upstream else 1.0
        signals["doc_number_body"] = WEIGHTS["doc_number_body"] * factor
    if contradicted:
        lost = 0.0
        for name in ("link_to_document", "link_from_document", "doc_number_body"):
            lost += signals.get(name, 0.0) * (1.0 - CONTRADICTED_FACTOR)
        if lost:
            signals["contradicted"] = -lost

    if interp.agency and doc.agency and (interp.agency == doc.agency or interp.agency in doc.title):
        signals["same_agency"] = WEIGHTS["same_agency"]
    date = date_signal(interp, doc)
    if date is not None:
        signals[date[0]] = date[1]
    return signals


def link_strength(signals: dict[str, float]) -> float:
    """The stronger explicit link of a pair, halved when the title contradicts it."""
    strength = max(signals.get("link_to_document", 0.0), signals.get("link_from_document", 0.0))
    if "contradicted" in signals:
        strength *= CONTRADICTED_FACTOR
    return strength
