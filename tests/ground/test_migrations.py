"""The migrations build exactly the schema the models declare."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ground.store.db import open_database
from ground.store.models import Base


def test_migrated_sqlite_schema_matches_the_models(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'z.sqlite3'}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []
