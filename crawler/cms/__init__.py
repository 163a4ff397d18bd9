"""Extraction rules per CMS family; the spider asks ``family_for(profile.cms)`` what to do."""

from __future__ import annotations

from importlib import import_module

from crawler.cms.base import CmsFamily, ListEntry, ListPage, RequestSpec

# Family name (a profile's ``cms``) -> (module, object). Modules are imported when a profile
# names them, so a crawl loads only its own family. tests/cms checks these names are exactly
# the profile schema's CMS_FAMILIES.
FAMILIES: dict[str, tuple[str, str]] = {
    "trs": ("crawler.cms.trs", "TRS"),
    "hanweb": ("crawler.cms.hanweb", "HANWEB"),
    "spa": ("crawler.cms.spa", "SPA"),
    "generic": ("crawler.cms.generic", "GENERIC"),
    "gkmlpt": ("crawler.cms.gkmlpt", "GKMLPT"),
}


def family_for(name: str) -> CmsFamily:
    """The family a profile names; a name with no module is a KeyError (profiles are validated
    against the same list, so a crawl never meets one)."""
    module, attribute = FAMILIES[name]
    family: CmsFamily = getattr(import_module(module), attribute)
    return family


__all__ = ["FAMILIES", "CmsFamily", "ListEntry", "ListPage", "RequestSpec", "family_for"]
