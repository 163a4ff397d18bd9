"""The 政府网站发展指引 meta tags: ``ArticleTitle``, ``PubDate``, ``ContentSource``.

The guideline asks every government site to describe an article page in ``<meta>`` tags, a
contract across CMSs where present, so these are the first source of the title, publish date
and issuing agency. ContentSource names the publisher: a site name there ("本网",
"冠县人民政府门户网站") is not an issuing agency.
"""

from __future__ import annotations

import re

from crawler.extract.dates import iso_date
from crawler.extract.page import Page
from crawler.extract.record import ExtractedDocument

_SITE_NAME_RE = re.compile(r"网站?$|门户")
# The publish date under the names CMSs give it.
_DATE_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "publishtime")


def apply_meta(page: Page, doc: ExtractedDocument) -> None:
    """Fill the title, publish date and issuing agency from the page's meta tags."""
    meta = page.meta
    title = meta.get("articletitle")
    if title:
        doc.title, doc.sources["title"] = title, "meta"
    for name in _DATE_NAMES:
        published = iso_date(meta.get(name))
        if published:
            doc.publish_date, doc.sources["publish_date"] = published, "meta"
            break
    source = meta.get("contentsource", "")
    site = meta.get("sitename", "")
    if source and source not in ("本网", "本站", "原创", site) and not _SITE_NAME_RE.search(source):
        doc.issuing_agency, doc.sources["issuing_agency"] = source, "meta"
