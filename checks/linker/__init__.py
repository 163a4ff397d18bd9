"""Pair each 政策解读 with the policy document it explains.

Rule: every interpretation is paired with the one document it explains best, when the evidence for
that document reaches ``THRESHOLD``; it is paired with a second document only when that one is
also tied to it by an explicit link. A document may have several interpretations (a text 解读, a
图解 and a 视频解读). The pairs feed the interpretation checks: "解读稿未与政策原文双向关联" (a pair
without links both ways) and "抽查的政策文件未被解读" (an in-scope document without any pair).

Source: the interpretation rows of the task catalogs (``InterpretationScope`` in
``checks/catalog.py``). Standard: 国办发〔2016〕80号 (解读材料与政策文件同步起草、
同步审签、同步发布) and the 发布解读 indicators of the 政府网站与政务新媒体检查指标
(国办秘函〔2019〕19号).

Evidence, strongest first (``WEIGHTS`` holds the contributions; a pair's ``score`` is their sum):

- explicit links either way: the interpretation links to the document's URL (原文链接 / 相关文件
  box or the body), or the document links to the interpretation (相关解读 / 关联稿件 box). URLs are
  compared normalised (``normalise_url``). A link in no box counts by its line in the body
  (``body_links``): a "相关文件：" / "原文链接：" / "相关解读：" line at the foot names the pairing
  like a box, a link quoted as a basis (根据《…》) is a reference. A box that lists more candidates
  than a 解读 page ever explains (a 相关链接 box of five documents) only counts as weak evidence;
  so do the body links and 相关阅读 boxes of a page that names its pairing. A link whose target
  contradicts the interpretation's own title (another year, another 文种, another place, a
  征求意见稿, a revision) counts half;
- the document's 文号 quoted in the interpretation: in its title (decisive) or its body (strong,
  weak when the sentence names an upstream basis: 根据 / 按照 / 贯彻 …);
- the 《》-quoted title equal or nearly equal to the document's, after boilerplate removal
  (关于印发…的通知, 政策解读, 一图读懂, place names, （试行）);
- jieba-tokenised title similarity: a weighted Jaccard index over tokens, each token weighted by a
  document-frequency factor times a base weight (0 for interpretation boilerplate, low for
  policy boilerplate such as 实施方案 or 进一步加强);
- support only: the same issuing unit, and the publication date (0-10 days after the document is
  usual; before the document or more than a year after it is suspicious).

Title evidence is vetoed, whatever its similarity, when the titles disagree on the year (2022年 vs
2023年, or a revision year against the document's date), the plan period (十三五 vs 十四五), the
文种 (实施方案 vs 实施细则, 办法 vs 条例), the place (山东省 vs 冠县; 毕节市 vs 毕节市七星关区, the
most local place of each; 省政府《…》 vs a county's document), draft status (征求意见稿), revision
(a 解读 of a 修订 / 修编 / 修正 is not the original's: a document older than the revision, or
without a revision year, not issued in the month before the 解读) or edition (2.0版 vs 3.0版).
A title that names no place takes its issuing unit's (a 冠县 bureau explains a 冠县 document;
国家税务总局冠县税务局 is a 冠县 unit); a title that names no year takes its publication year,
give or take one (a 解读 published in 2021 does not explain "2018年…工作要点"). Quoted titles
are compared without what a 解读 adds or drops at will: （暂行）/（试行）, a Latin gloss (（DRG）),
the issuer and place, and short forms (医保 for 医疗保障).

Scale: no all-pairs comparison. Candidates come from blocks: URL → document, 文号 (代字, year,
number) → documents, and token → documents for tokens rarer than ``DF_CAP`` (also qualified by
place: ``冠|医疗保险``), collected rarest first until ``CANDIDATE_POOL`` documents are seen; only
the ``TOP_K`` best of those by shared token weight are scored in full. Work per interpretation is
bounded, so the time grows linearly with the corpus (``bench/linker_scale.py``).

Why ``THRESHOLD`` is 0.55: a decisive signal alone (a link in a specific box 1.0, a 文号 in the
title 1.0, a quoted title 0.9) passes; a body 文号 passes alone (0.8); title similarity alone must
reach a Jaccard of about 0.73 (0.75 x J), or about 0.53 with a close date and the same unit; weak
evidence (a diluted box 0.3, a close date 0.1, the same unit 0.05) never passes on its own (0.45).
On the synthetic province of ``bench/linker_scale.py`` precision and recall hardly move between
0.45 and 0.6; 0.55 sits in the middle of that plateau.

>>> round(THRESHOLD / WEIGHTS["title_similarity"], 2)  # the Jaccard a title alone must reach
0.73
>>> round((THRESHOLD - WEIGHTS["date_close"] - WEIGHTS["same_agency"])
...       / WEIGHTS["title_similarity"], 2)  # … with a close date and the same unit
0.53
>>> from checks.linker.weights import DILUTED_LINK
>>> round(DILUTED_LINK + WEIGHTS["date_close"] + WEIGHTS["same_agency"], 2)  # all weak evidence
0.45

An interpretation that names a document as its own (a link in a specific box or foot line that
its title does not contradict) is paired with it first, whatever the scores of documents its
body merely quotes.

The modules, in the order a pair is decided: ``prepared`` reads each record once (title cores
from ``cores``, title features from ``features``, ``places`` and ``tokens``, 文号 mentions from
``citations``; word lists in ``vocabulary``); ``candidates`` builds the blocks and picks what
to score, reading links in no box with ``body_links``; ``evidence`` values each signal,
``scoring`` adds them up with the ``weights``; and ``decisions`` applies the threshold and the
pairing rule.
"""

from __future__ import annotations

from checks.linker.candidates import CANDIDATE_POOL
from checks.linker.decisions import Pair, link
from checks.linker.weights import DECISIVE_LINK, THRESHOLD, WEIGHTS

__all__ = [
    "CANDIDATE_POOL",
    "DECISIVE_LINK",
    "THRESHOLD",
    "WEIGHTS",
    "Pair",
    "link",
]
