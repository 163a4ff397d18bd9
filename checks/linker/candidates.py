"""Which documents an interpretation is scored against: no all-pairs comparison.

Candidates come from blocks: URL → document (explicit links either way), 文号 (代字, year,
number) → documents, and token → documents for tokens rarer than ``DF_CAP`` (also qualified by
place: ``冠|医疗保险``), collected rarest first until ``CANDIDATE_POOL`` documents are seen; only
the ``TOP_K`` best of those by shared token weight are scored in full. Work per interpretation
is bounded, so the time grows linearly with the corpus.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from checks.linker.body_links import BodyReader
from checks.linker.citations import MAX_PREFIX, NumberMention
from checks.linker.evidence import box_weights
from checks.linker.features import Features
from checks.linker.places import Places, issuer_of
from checks.linker.prepared import Interp, prepare_doc, prepare_interp
from checks.linker.tokens import base_weight, ensure_jieba
from checks.records import DocRecord, LinkRecord
from ground.text.titles import compact
from ground.text.urls import normalise_url

DF_CAP = 300  # tokens in more documents than this are too common to block on
CANDIDATE_POOL = 48  # collect block members, rarest key first, until this many are seen
TOP_K = 12  # documents scored in full per interpretation, besides linked and 文号 matches


class Corpus:
    """The prepared records, their token weights and the block indexes over the documents."""

    def __init__(self, documents: Sequence[DocRecord], interpretations: Sequence[DocRecord]):
        ensure_jieba()
        places = Places()
        for record in (*documents, *interpretations):
            places.learn(record.issuing_agency)
            places.learn(issuer_of(record.title))
        features = Features(places)
        self.docs = [prepare_doc(record, features) for record in documents]
        self.interps = [prepare_interp(record, features) for record in interpretations]
        self._weigh_tokens()
        self._index_documents()
        self.linked_from = self._links_from_documents()

    def _weigh_tokens(self) -> None:
        """Document frequencies, then each title's total token weight."""
        self.df: dict[str, int] = defaultdict(int)
        for doc in self.docs:
            for token in doc.ref.tokens:
                self.df[token] += 1
        self.log_n = math.log(len(self.docs) + 1) or 1.0
        self._weights: dict[str, float] = {}
        for doc in self.docs:
            doc.ref.weight = sum(self.weight(token) for token in doc.ref.tokens)
        for interp in self.interps:
            for ref in interp.refs:
                ref.weight = sum(self.weight(token) for token in ref.tokens)
            for ref, _ in interp.body_refs:
                ref.weight = sum(self.weight(token) for token in ref.tokens)

    def _index_documents(self) -> None:
        """The blocks: documents by URL, by 文号 and by rare token (bare and with a place)."""
        self.by_url: dict[str, list[int]] = defaultdict(list)
        self.by_number: dict[tuple[str, int, int], list[int]] = defaultdict(list)
        self.key_df: dict[str, int] = defaultdict(int)
        for position, doc in enumerate(self.docs):
            self.by_url[doc.url].append(position)
            if doc.number is not None and 2 <= len(doc.number[0]) <= MAX_PREFIX:
                self.by_number[doc.number].append(position)
            doc.keys = self.block_keys(doc.ref.specific, doc.places)
            for key in doc.keys:
                self.key_df[key] += 1
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for position, doc in enumerate(self.docs):
            for key in doc.keys:
                if self.key_df[key] <= DF_CAP:
                    self.by_key[key].append(position)

    def _links_from_documents(self) -> dict[int, dict[int, float]]:
        """Document → interpretation links, turned around: interpretation → {doc: weight}."""
        interp_by_url: dict[str, list[int]] = defaultdict(list)
        for position, interp in enumerate(self.interps):
            interp_by_url[interp.url].append(position)
        linked_from: dict[int, dict[int, float]] = defaultdict(dict)
        for position, doc in enumerate(self.docs):
            boxes = _boxes(doc.record.links, interp_by_url, doc.record.body_text)
            for target, weight in box_weights(boxes, "from_document").items():
                linked_from[target][position] = weight
        return linked_from

    def weight(self, token: str) -> float:
        """Base weight times a document-frequency factor in [0.3, 1]."""
        cached = self._weights.get(token)
        if cached is None:
            frequency = self.df.get(token, 0)
            rarity = math.log((len(self.docs) + 1) / (frequency + 1)) / self.log_n
            cached = base_weight(token) * (0.3 + 0.7 * min(1.0, max(0.0, rarity)))
            self._weights[token] = cached
        return cached

    @staticmethod
    def block_keys(tokens: Iterable[str], places: frozenset[str]) -> tuple[str, ...]:
        """Each token, bare and qualified by each place (``冠|医疗保险``)."""
        keys = []
        for token in tokens:
            keys.append(token)
            keys.extend(f"{place}|{token}" for place in places)
        return tuple(keys)

    # ---- candidates

    def linked_to(self, interp: Interp) -> dict[int, float]:
        """Documents the interpretation links to, each with the weight of its box."""
        boxes = _boxes(interp.record.links, self.by_url, interp.record.body_text)
        return box_weights(boxes, "to_document")

    def numbered(self, mentions: Iterable[NumberMention]) -> dict[int, NumberMention]:
        """Documents whose 文号 is mentioned: the text before the number ends with its 代字.

        Looked up by every ending of that text (2 to ``MAX_PREFIX`` characters), since where
        the 代字 begins is unknown (印发了冠政办发〔2022〕30号).
        """
        found: dict[int, NumberMention] = {}
        for mention in mentions:
            before = mention.before
            for size in range(2, min(len(before), MAX_PREFIX) + 1):
                key = (before[-size:], mention.year, mention.number)
                for position in self.by_number.get(key, ()):
                    current = found.get(position)
                    if current is None or (current.upstream and not mention.upstream):
                        found[position] = mention
        return found

    def blocked(self, interp: Interp) -> list[int]:
        """Documents sharing rare tokens with the titles the interpretation names."""
        weighted: dict[str, float] = {}
        refs = [*interp.refs, *(ref for ref, upstream in interp.body_refs if not upstream)]
        for ref in refs:
            places = ref.places or interp.places
            for key in self.block_keys(ref.specific, places):
                token = key.rpartition("|")[2]
                weighted[key] = max(weighted.get(key, 0.0), self.weight(token))
        keys = sorted(
            (key for key in weighted if key in self.by_key), key=lambda key: len(self.by_key[key])
        )
        shared: dict[int, float] = defaultdict(float)
        for done, key in enumerate(keys, start=1):
            for position in self.by_key[key]:
                shared[position] += weighted[key]
            if len(shared) >= CANDIDATE_POOL and done >= 2:
                break
        return sorted(shared, key=lambda position: (-shared[position], position))[:TOP_K]


def _boxes(
    links: Iterable[LinkRecord], targets: dict[str, list[int]], body_text: str
) -> dict[str, set[int]]:
    """The linked targets (positions, found by normalised URL) grouped by the box they sit in;
    a link in no box by what its line in the body says (a 相关文件： line at the foot)."""
    boxes: dict[str, set[int]] = defaultdict(set)
    reader: BodyReader | None = None
    for link_record in links:
        hits = targets.get(normalise_url(link_record.href), ())
        if not hits:
            continue
        context = link_record.context
        if not context:
            reader = reader or BodyReader(body_text)
            context = reader.context(link_record.text)
        for target in hits:
            boxes[compact(context)].add(target)
    return boxes
