"""run liveness, column completeness, blocked and conditional fetches, withdrawn documents and
their 来源, stable finding keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 15:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("host", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.String(length=32), nullable=True))
    with op.batch_alter_table("column_status", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("failed_pages", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("page_fetch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("blocked", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("etag", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("last_modified", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("not_modified", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_run_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_document_withdrawn_run_id_crawl_run"),
            "crawl_run",
            ["withdrawn_run_id"],
            ["id"],
        )
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_run_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_listing_first_run_id_crawl_run"), "crawl_run", ["first_run_id"], ["id"]
        )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("key", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_finding_key"), ["key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_key"))
        batch_op.drop_column("key")
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_listing_first_run_id_crawl_run"), type_="foreignkey"
        )
        batch_op.drop_column("first_run_id")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_document_withdrawn_run_id_crawl_run"), type_="foreignkey"
        )
        batch_op.drop_column("source")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("withdrawn_run_id")
    with op.batch_alter_table("page_fetch", schema=None) as batch_op:
        batch_op.drop_column("not_modified")
        batch_op.drop_column("last_modified")
        batch_op.drop_column("etag")
        batch_op.drop_column("blocked")
    with op.batch_alter_table("column_status", schema=None) as batch_op:
        batch_op.drop_column("failed_pages")
        batch_op.drop_column("complete")
    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("pid")
        batch_op.drop_column("host")
