"""Which scored candidates become pairs: the threshold, then one best document per
interpretation, plus any other tied to it by a decisive explicit link.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from checks.linker.candidates import Corpus
from checks.linker.prepared import Interp
from checks.linker.scoring import link_strength, score
from checks.linker.weights import DECISIVE_LINK, THRESHOLD, WEIGHTS
from checks.records import DocRecord

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Pair:
    """A document and the interpretation that explains it, with the evidence that decided it.

    ``signals`` maps each signal name (keys of ``WEIGHTS``, plus ``*_mismatch`` vetoes and
    ``contradicted`` with negative values) to its contribution; ``score`` is their sum.
    """

    document_id: int
    interpretation_id: int
    score: float
    signals: dict[str, float] = field(hash=False)


def link(
    documents: Sequence[DocRecord],
    interpretations: Sequence[DocRecord],
    *,
    threshold: float = THRESHOLD,
) -> list[Pair]:
    """Pair interpretations with the documents they explain (see the package docstring).

    Returns pairs in the order of ``interpretations``, each one's best document first. An
    interpretation appears with at most one document, plus any other whose link alone is
    decisive (``DECISIVE_LINK``).
    """
    with _cyclic_gc_paused():
        return _link(documents, interpretations, threshold)


def _link(
    documents: Sequence[DocRecord], interpretations: Sequence[DocRecord], threshold: float
) -> list[Pair]:
    corpus = Corpus(documents, interpretations)
    pairs = [
        pair
        for position, interp in enumerate(corpus.interps)
        for pair in _pairs_of(position, interp, corpus, threshold)
    ]
    _log.debug("linked %d pairs", len(pairs))
    return pairs


def _pairs_of(position: int, interp: Interp, corpus: Corpus, threshold: float) -> list[Pair]:
    """The pairs of one interpretation: its best document, then any decisively linked one.

    A document the page names as its own (a link in a 原文链接 box or a 相关文件 line, which
    its title does not contradict) comes first whatever the scores: the page has said which
    document it explains, and the others it quotes in its body are references.
    """
    scored = _scored(position, interp, corpus, threshold)
    scored.sort(key=lambda item: (not _named(item[2]), -item[0], item[1]))
    return [
        Pair(
            document_id=document_id,
            interpretation_id=interp.record.id,
            score=round(total, 4),
            signals={name: round(value, 4) for name, value in signals.items()},
        )
        for rank, (total, document_id, signals) in enumerate(scored)
        if rank == 0 or link_strength(signals) >= DECISIVE_LINK
    ]


def _scored(
    position: int, interp: Interp, corpus: Corpus, threshold: float
) -> list[tuple[float, int, dict[str, float]]]:
    """(score, document id, signals) of every candidate that reaches ``threshold``."""
    links_to = corpus.linked_to(interp)
    links_from = corpus.linked_from.get(position, {})
    title_numbers = corpus.numbered(interp.title_numbers)
    body_numbers = corpus.numbered(interp.body_numbers)
    candidates = {*links_to, *links_from, *title_numbers, *body_numbers}
    candidates.update(corpus.blocked(interp))
    scored = []
    for candidate in candidates:
        doc = corpus.docs[candidate]
        if doc.url == interp.url:
            continue  # the same page listed in both columns
        signals = score(
            interp,
            doc,
            corpus,
            links_to.get(candidate, 0.0),
            links_from.get(candidate, 0.0),
            title_numbers.get(candidate),
            body_numbers.get(candidate),
        )
        total = sum(signals.values())
        if total >= threshold:
            scored.append((total, doc.record.id, signals))
    return scored


def _named(signals: dict[str, float]) -> bool:
    """Whether the interpretation names the document as its own: a specific-box link, whole."""
    return (
        signals.get("link_to_document", 0.0) >= WEIGHTS["link_to_document"]
        and "contradicted" not in signals
    )


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring the caller's setting afterwards.

    The linker builds hundreds of thousands of small containers, none in a reference cycle
    (reference counting frees them). Every full collection would rescan them all: measured at
    8% of the time for 20,000 documents and 10% for 40,000, the one cost that grew faster than
    the corpus (``bench/linker_scale.py``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
