"""Every failure zwgk-audit raises on purpose, one class per cause.

Each docstring says where the exception is raised, so a traceback reader knows which input to fix.
"""


class ZwgkError(Exception):
    """Base class: every error this project raises on purpose derives from it."""


class ProfileError(ZwgkError):
    """A site profile is missing, unreadable or invalid.

    Raised by ``ground.profiles.schema.load_profile`` before any request is sent; the message
    names the file, the field and the bad value.
    """


class CatalogError(ZwgkError):
    """A task catalog is missing, unreadable or invalid.

    Raised by ``checks.catalog.load_catalog``; the message names the file, the row and the field.
    """


class FixtureError(ZwgkError):
    """A fixture site folder is missing or its ``_headers.toml`` is malformed.

    Raised by ``zwgk.fixture_server`` when a fixture site is served.
    """


class StorageError(ZwgkError):
    """The database cannot be opened or migrated.

    Raised by ``ground.store.db`` when an engine is created for a ``--db`` URL.
    """


class CrawlFailedError(ZwgkError):
    """A crawl run ended without reaching the portal (or any column of it).

    Raised by ``zwgk.crawling`` after the run record has been marked failed.
    """
