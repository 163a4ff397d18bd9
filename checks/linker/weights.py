"""What each piece of evidence weighs, and the score that pairs (the package docstring says why
``THRESHOLD`` is 0.55)."""

from __future__ import annotations

THRESHOLD = 0.55  # see the package docstring for why
DECISIVE_LINK = 0.8  # a link at least this strong pairs on its own, also as a second document

WEIGHTS: dict[str, float] = {
    "link_to_document": 1.0,  # the interpretation page links to the document
    "link_from_document": 1.0,  # the document page links to the interpretation
    "doc_number_title": 1.0,  # the document's 文号 in the interpretation's title
    "doc_number_body": 0.8,  # … in its body
    "quoted_title": 0.9,  # 《》 title equal to the document's (times NEAR_FACTOR if nearly)
    "body_quoted_title": 0.7,  # a 《》 title in the body equal to the document's
    "title_similarity": 0.75,  # times the weighted Jaccard index of the titles' tokens
    "same_agency": 0.05,
    "date_close": 0.1,  # published 0-10 days after the document
    "date_before": -0.2,  # published before the document was even written
    "date_far": -0.2,  # published more than a year after the document
}
NEAR_FACTOR = 0.9  # a quoted title equal but for boilerplate tokens (0.81 instead of 0.9)
UPSTREAM_FACTOR = 0.3  # 文号 or title named as the basis (根据《…》) rather than the subject
CONTRADICTED_FACTOR = 0.5  # a link or body 文号 whose target the interpretation's title rules out
DILUTED_LINK = 0.3  # most a link can weigh when its box lists more candidates than the cap
MIN_SIMILARITY = 0.3  # below this a Jaccard index is noise and contributes nothing
