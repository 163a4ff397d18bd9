"""Home-made CMSs: dated list rows, and further pages linked as 下一页 / numbered page links."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

from crawler.cms.base import ListPage, RequestSpec
from crawler.cms.listing import SCRIPTED_LIST, entries_from_rows, href_of
from crawler.extract.script_marks import scripted_list
from ground.profiles.schema import Column, Profile

NEXT_TEXT = re.compile(r"^\s*(下一页|下页|next|>|›|»)\s*$", re.IGNORECASE)


class GenericFamily:
    name = "generic"

    def start_requests(self, profile: Profile, column: Column) -> list[RequestSpec]:
        return [RequestSpec(url=column.url, page=1)]

    def parse_list(
        self, text: str, url: str, profile: Profile, column: Column, request: RequestSpec
    ) -> ListPage:
        sel = Selector(text=text)
        s = profile.selectors
        entries = entries_from_rows(
            sel, url, item_css=s.list_item, link_css=s.list_link, date_css=s.list_date
        )
        if not entries and scripted_list(sel.root):
            return ListPage(entries=[], next_requests=[], needs_js=SCRIPTED_LIST)
        next_requests = []
        for anchor in sel.xpath("//a"):
            if NEXT_TEXT.match(" ".join(anchor.xpath(".//text()").getall())):
                href = href_of(anchor)
                if href:
                    next_requests.append(RequestSpec(url=urljoin(url, href), page=request.page + 1))
                    break
        if next_requests and request.page >= column.max_pages:
            # A next page exists but max_pages stops here: at least one page more than read.
            return ListPage(entries=entries, next_requests=[], total_pages=request.page + 1)
        return ListPage(entries=entries, next_requests=next_requests)


GENERIC = GenericFamily()
