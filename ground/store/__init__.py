"""The database: SQLAlchemy 2 models, Alembic migrations, and the few queries others need."""
