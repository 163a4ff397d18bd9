"""Title tokens and their base weights: jieba words, with boilerplate weighing little or nothing.

jieba's dictionary is loaded once per process and its cache kept in the user's cache directory
(``platformdirs``): never in /tmp, where another user could plant it, nor in the source tree or
site-packages, which may be read-only and must stay clean.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import jieba
import platformdirs

from checks.linker.vocabulary import GENERIC, STOP

JIEBA_CACHE_DIR = Path(platformdirs.user_cache_dir("zwgk-audit")) / "jieba"
GENERIC_WEIGHT = 0.3
SINGLE_CHAR_WEIGHT = 0.5

YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def base_weight(token: str) -> float:
    """0 for stop words, low for policy boilerplate and single characters, else 1.

    >>> base_weight("解读"), base_weight("实施方案"), base_weight("粮"), base_weight("医疗保险")
    (0.0, 0.3, 0.5, 1.0)
    """
    if token in STOP:
        return 0.0
    if token in GENERIC:
        return GENERIC_WEIGHT
    if len(token) == 1:
        return SINGLE_CHAR_WEIGHT
    return 1.0


@lru_cache(maxsize=1)
def ensure_jieba() -> None:
    """Load jieba's dictionary once, quietly, caching it in the user's cache directory."""
    JIEBA_CACHE_DIR.mkdir(parents=True, exist_ok=True)
    jieba.setLogLevel(logging.WARNING)
    if jieba.dt.tmp_dir is None:  # another module may have chosen already
        jieba.dt.tmp_dir = str(JIEBA_CACHE_DIR)
    jieba.dt.initialize()


@lru_cache(maxsize=200_000)
def tokenise(text: str) -> frozenset[str]:
    """jieba words plus, like its search mode, the dictionary words inside long ones
    (城乡居民 → 城乡, 居民), years and stop words removed.

    Unlike ``cut_for_search``, boilerplate is not split: 进一步 must not yield 一步, nor
    人民政府 yield 民政 (a real topic word).

    >>> sorted(tokenise("进一步加强城乡居民医疗保险工作"))
    ['乡居', '保险', '加强', '医疗', '医疗保险', '城乡', '城乡居民', '居民', '工作', '进一步']
    """
    ensure_jieba()
    tokens: set[str] = set()
    frequencies = jieba.dt.FREQ
    for word in jieba.lcut(text):
        if base_weight(word) == 0 or YEAR_RE.fullmatch(word):
            continue
        tokens.add(word)
        if word in GENERIC:
            continue
        for size in (2, 3):
            if len(word) > size:
                for start in range(len(word) - size + 1):
                    part = word[start : start + size]
                    if frequencies.get(part) and base_weight(part) > 0:
                        tokens.add(part)
    return frozenset(tokens)
