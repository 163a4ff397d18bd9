"""A ranked full-text index over a run's documents: which documents speak of a row's topics, best
first, and which of its terms each one contains.

How it searches, and why:

- **A document matches only if it contains a query term, or one of the term's variants
  (``synonyms.variants``), as written**, in its title or its body. Words that merely overlap a
  topic do not match: a row about 就业帮扶 does not find 就业见习基地名单 (it shares 就业, not
  就业帮扶). A search that finds nothing reports nothing, never a near miss. The one freedom
  is a gap written … in a term (征求…意见: 征求《冠县停车管理办法》意见), at most 40 characters.
- **The index terms are the query's phrases themselves**, not tokens. Each phrase's postings
  (which documents hold it, how often in the title and in the body) are built on its first use, by
  one scan of the normalised texts, and kept for the run: a check run asks a few hundred phrases
  (its catalog's terms and their variants), each for many units, so a phrase is scanned once and
  then read from its postings. Measured on 50,000 synthetic documents of 1–3 KB (52 M characters,
  ``bench/retrieval_speed.py``): building the index (normalising every text) takes about 1 s,
  a plain phrase's first scan about 50 ms (a gap phrase's regex scan a few times that), a row x
  unit query over cached phrases about 3 ms (median; a row's first query, which scans its
  phrases, about 0.2 s).
- **Not jieba words**: jieba segments about 0.36 M characters a second here, 143 s for that
  corpus, over the 60 s budget; and a segmentation that cuts a document's 就业帮扶 differently
  from the term would lose a match the text plainly has. **Not character bigrams**: an inverted
  index of every bigram took 1.7 s per 10,000 documents and holds tens of millions of postings,
  and its partial matches (就业 of 就业见习) are exactly what the rule above must throw away.
- **Not bm25s or tantivy**: both score tokens, so the phrase rule would still need this scan;
  bm25s brings numpy and scipy into an environment that has neither, tantivy a Rust index on
  disk; neither makes a unit-restricted phrase query faster than a dictionary lookup.
- **Scoring is BM25F** over phrase groups (a term and its variants form one group, so a synonym
  does not count twice): term frequency = ``TITLE_WEIGHT`` x title hits + body hits, saturated with
  k1 = 1.2 and normalised by length with b = 0.75 (the usual BM25 constants); the IDF is the
  whole run's, so scores of one query compare across units. The title weighs 3: a title names
  what a page is about, a body also names what it merely mentions.
- **Documents about the 政务公开 work itself** (a unit's 工作要点, 任务分工, 台账, the 信息公开
  指南) name every topic of the table by design; they rank after every other hit unless a term
  is in their title (``checks.retrieval.omnibus`` says why).
- **No score threshold**: every document with a term is a hit. BM25 scores do not compare
  across queries (they grow with the number and rarity of terms), so a fixed cutoff would drop
  real evidence for one row and keep noise for another; the rank orders the evidence, and a
  person reads the top documents (the checks give 需人工核验, never 符合, on evidence found).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from checks.records import DocRecord
from checks.retrieval.omnibus import ABOUT_DISCLOSURE, is_omnibus
from checks.retrieval.synonyms import variants
from checks.retrieval.text import normalise

TITLE_WEIGHT = 3.0
# A term may leave a gap, written …: 征求…意见 finds 征求《冠县停车管理办法》意见, the way
# consultation titles name the draft between the two words. A gap spans at most a 《》 title.
GAP = "…"
GAP_MAX = 40
K1 = 1.2
B = 0.75

# A phrase's postings: document position -> (hits in the title, hits in the body).
Postings = dict[int, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching document: its id, its BM25F score, and the words found in it (the query's
    terms, or the variant a page wrote instead, as spelled in the query or the synonym list),
    in query order."""

    doc_id: int
    score: float
    matched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str  # normalised, as searched
    shown: str  # as the query or the synonym list spells it


class DocumentIndex:
    """The normalised titles and texts of a run's documents, and the postings of every phrase
    asked so far. Build it once per run (``CheckContext.index``)."""

    def __init__(self, ids: Sequence[int], titles: Sequence[str], bodies: Sequence[str]) -> None:
        self._ids = tuple(ids)
        self._position = {doc_id: pos for pos, doc_id in enumerate(self._ids)}
        self._titles = [normalise(t) for t in titles]
        self._omnibus = [is_omnibus(t) for t in self._titles]
        # Title and body in one text, parted by a newline: a phrase holds no whitespace, so it
        # never spans the two, and one ``in`` test covers both.
        self._texts = [f"{t}\n{normalise(b)}" for t, b in zip(self._titles, bodies, strict=True)]
        self._lengths = [len(text) - 1 for text in self._texts]
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 1.0
        self._postings: dict[str, Postings] = {}

    @classmethod
    def build(cls, docs: Sequence[DocRecord]) -> DocumentIndex:
        return cls([d.id for d in docs], [d.title for d in docs], [d.body_text for d in docs])

    def __len__(self) -> int:
        return len(self._ids)

    def search(
        self, terms: Sequence[str], among: Collection[int] | None = None, top: int | None = 10
    ) -> list[Hit]:
        """The documents (of ``among``, ids; all without it) holding a term or a variant in the
        title or body, best first (ties: lower id first); ``top=None`` returns every hit."""
        return self._ranked(terms, among, top, titles_only=False)

    def title_search(
        self, terms: Sequence[str], among: Collection[int] | None = None, top: int | None = None
    ) -> list[Hit]:
        """Like ``search``, over titles only: an item counts as what its title says it is."""
        return self._ranked(terms, among, top, titles_only=True)

    def _ranked(
        self,
        terms: Sequence[str],
        among: Collection[int] | None,
        top: int | None,
        *,
        titles_only: bool,
    ) -> list[Hit]:
        wanted = (
            None if among is None else {self._position[i] for i in among if i in self._position}
        )
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, list[str]] = defaultdict(list)
        in_title: set[int] = set()
        groups = _groups(terms)
        for group in groups:
            frequency: dict[int, float] = defaultdict(float)
            holders: set[int] = set()
            for phrase in group:
                postings = self.postings(phrase.text)
                holders.update(postings)
                # A variant inside a longer one of its group (技能培训 in 职业技能培训) counts
                # only where it stands on its own: one phrase on the page is one hit.
                longer = [
                    (self.postings(o.text), o.text.count(phrase.text))
                    for o in group
                    if len(o.text) > len(phrase.text) and phrase.text in o.text
                ]
                for pos, (title, body) in _restricted(postings, wanted):
                    for other, inside in longer:
                        other_title, other_body = other.get(pos, (0, 0))
                        title -= inside * other_title
                        body -= inside * other_body
                    weighted = TITLE_WEIGHT * max(title, 0) + (0 if titles_only else max(body, 0))
                    if title > 0:
                        in_title.add(pos)
                    if weighted:
                        frequency[pos] += weighted
                        matched[pos].append(phrase.shown)
            idf = _idf(len(self._ids), len(holders))
            for pos, tf in frequency.items():
                norm = K1 * (1 - B + B * self._lengths[pos] / self._average)
                scores[pos] += idf * tf * (K1 + 1) / (tf + norm)
        # A 政务公开 plan or guide names every topic: it ranks after every other hit, unless a
        # term is in its title or the query is on the disclosure work itself (公开事项目录).
        plans: set[int] = set()
        if not any(ABOUT_DISCLOSURE in p.text for group in groups for p in group):
            plans = {pos for pos in scores if self._omnibus[pos] and pos not in in_title}
        ranked = sorted(scores, key=lambda pos: (pos in plans, -scores[pos], self._ids[pos]))
        if top is not None:
            ranked = ranked[:top]
        return [
            Hit(self._ids[pos], round(scores[pos], 4), tuple(dict.fromkeys(matched[pos])))
            for pos in ranked
        ]

    def postings(self, phrase: str) -> Postings:
        """Where a normalised phrase occurs: scanned once, then kept."""
        found = self._postings.get(phrase)
        if found is None:
            found = {}
            if GAP in phrase:
                pattern = _gap_pattern(phrase)
                for pos, text in enumerate(self._texts):
                    total = len(pattern.findall(text))
                    if total:
                        title = len(pattern.findall(self._titles[pos]))
                        found[pos] = (title, total - title)
            else:
                for pos in [p for p, text in enumerate(self._texts) if phrase in text]:
                    title = self._titles[pos].count(phrase)
                    found[pos] = (title, self._texts[pos].count(phrase) - title)
            self._postings[phrase] = found
        return found


def _gap_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase with gaps (征求…意见) as a regex: each gap one to ``GAP_MAX`` characters, never
    across the title/body newline.

    >>> bool(_gap_pattern("征求…意见").search("关于公开征求《冠县停车管理办法》意见的公告"))
    True
    >>> bool(_gap_pattern("征求…意见").search("征求意见"))  # the phrase without gap is its own
    False
    """
    parts = [re.escape(part) for part in phrase.split(GAP)]
    return re.compile(f"[^\\n]{{1,{GAP_MAX}}}?".join(parts))


def _groups(terms: Iterable[str]) -> list[list[_Phrase]]:
    """One group per term: the term and its variants, normalised; a phrase already asked by an
    earlier term is not asked again (it would count twice).

    >>> [[p.text for p in g] for g in _groups(["社会保险待遇", "社保待遇", "就业帮扶"])]
    [['社会保险待遇', '社保待遇'], ['就业帮扶', '就业援助']]
    """
    seen: set[str] = set()
    groups = []
    for term in terms:
        group = []
        for shown in variants(term.strip()):
            text = normalise(shown)
            if text and text not in seen:
                seen.add(text)
                group.append(_Phrase(text, shown))
        if group:
            groups.append(group)
    return groups


def _restricted(
    postings: Postings, wanted: set[int] | None
) -> Iterable[tuple[int, tuple[int, int]]]:
    """The postings of the wanted positions, walking the smaller side."""
    if wanted is None:
        return postings.items()
    if len(postings) <= len(wanted):
        return ((pos, hits) for pos, hits in postings.items() if pos in wanted)
    return ((pos, postings[pos]) for pos in wanted if pos in postings)


def _idf(documents: int, holders: int) -> float:
    """BM25's IDF, kept positive (Lucene's form): a term most documents hold still counts a little.

    >>> round(_idf(1000, 10), 3), round(_idf(1000, 900), 3)
    (4.557, 0.106)
    """
    return math.log(1 + (documents - holders + 0.5) / (holders + 0.5))
