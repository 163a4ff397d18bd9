"""The 政府网站发展指引 meta tags: ``ArticleTitle`` and ``PubDate``.

The guideline asks every government site to describe an article page in ``<meta>`` tags, a
contract across CMSs where present, so these are the first source of the title and a fallback
for the publish date: a visible 发布日期 wins over ``PubDate``, which some templates fill with the
time the page was generated (gov.cn writes 页面生成时间 days after the 发布日期).

``ContentSource`` is the article's 来源, who posted or first printed it (the county office's
信息员, a ministry's website), not the 发文机关 that issued the document: it fills ``source`` only.
"""

from __future__ import annotations

from crawler.extract.dates import iso_date
from crawler.extract.page import Page
from crawler.extract.record import ExtractedDocument

# The publish date under the names CMSs give it.
_DATE_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "publishtime")


def apply_meta(page: Page, doc: ExtractedDocument) -> None:
    """Fill the title, publish date and 来源 from the page's meta tags."""
    meta = page.meta
    title = meta.get("articletitle")
    if title:
        doc.title, doc.sources["title"] = title, "meta"
    for name in _DATE_NAMES:
        published = iso_date(meta.get(name))
        if published:
            doc.publish_date, doc.sources["publish_date"] = published, "meta"
            break
    source = meta.get("contentsource", "").removeprefix("来源：").strip()
    if source:
        doc.source = source
