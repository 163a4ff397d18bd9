"""Extraction rules per CMS family; the spider asks ``family_for(profile.cms)`` what to do."""

from __future__ import annotations

from crawler.cms.base import CmsFamily, ListEntry, ListPage, RequestSpec


def family_for(name: str) -> CmsFamily:
    # Imported lazily so that a family's module is only loaded by profiles that use it.
    if name == "trs":
        from crawler.cms.trs import TRS

        return TRS
    if name == "hanweb":
        from crawler.cms.hanweb import HANWEB

        return HANWEB
    if name == "spa":
        from crawler.cms.spa import SPA

        return SPA
    from crawler.cms.generic import GENERIC

    return GENERIC


__all__ = ["CmsFamily", "ListEntry", "ListPage", "RequestSpec", "family_for"]
