"""Ranked retrieval over a run's documents: which pages speak of a catalog row's topics.

``DocumentIndex.build(docs)`` once per run (``CheckContext.index``), then
``index.search(terms, among=ids, top=3)`` for one row and one unit. Why phrases, BM25F and no
threshold: ``checks.retrieval.index``; the synonym list: ``checks.retrieval.synonyms``.
"""

from checks.retrieval.index import DocumentIndex, Hit
from checks.retrieval.synonyms import variants
from checks.retrieval.text import normalise

__all__ = ["DocumentIndex", "Hit", "normalise", "variants"]
