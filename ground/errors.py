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

    Raised by ``checks.catalog_files.load_catalog`` and ``checks.catalog.parse_catalog``; the
    message names the file, the row and the field.
    """


class FixtureError(ZwgkError):
    """A fixture site folder is missing or its ``_headers.toml`` is malformed.

    Raised by ``zwgk.fixture_server`` when a fixture site is served.
    """


class StorageError(ZwgkError):
    """The database cannot be opened or migrated.

    Raised by ``ground.store.db`` when an engine is created for a ``--db`` URL.
    """


class PageInputError(ZwgkError):
    """A page given to ``zwgk extract`` cannot be read as an HTML page: a missing or unreadable
    file, an HTTP error, an unreachable host, or bytes that are not HTML.

    Raised by ``zwgk.extract_page``; the message names the input.
    """


class NotCheckedError(ZwgkError):
    """A crawl run has no findings stored for the catalog a report was asked for.

    Raised by ``zwgk.audit.stored_run``: ``zwgk report`` renders what ``zwgk check`` stored and
    never checks on its own; the message names the run and the command to run.
    """
