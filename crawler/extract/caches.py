"""How much the extractor remembers from one page to the next.

The pages of one site repeat their template: menus, footers, the labels of the metadata table,
many of its values, the inline scripts. What depends only on such a string (is it a label, a
box title, a date? where does this href lead?) is cached across pages with
``functools.lru_cache``, on pure functions only, so a cached answer is always the answer.

Keys must be plain strings: an lxml "smart" string (what an XPath ``text()`` returns) would keep
its whole tree alive in the cache, so callers pass ``str(t)`` for those.
"""

from __future__ import annotations

# Entries per cache: enough for the templates of the sites one crawl visits; most entries are
# a short text and its answer.
CACHE_SIZE = 20_000
