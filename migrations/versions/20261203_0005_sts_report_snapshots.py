"""sts: org-wide report snapshots

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-03 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sts_report_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("repo", sa.String(length=255), nullable=False),
        sa.Column("strings", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("stale", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sts_report_snapshots")),
    )
    op.create_index(
        op.f("ix_sts_report_snapshots_taken_at"),
        "sts_report_snapshots",
        ["taken_at"],
        unique=False,
    )
    op.create_index(
        "ix_sts_report_snapshots_repo_taken_at",
        "sts_report_snapshots",
        ["repo", "taken_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_sts_report_snapshots_repo_taken_at", table_name="sts_report_snapshots")
    op.drop_index(op.f("ix_sts_report_snapshots_taken_at"), table_name="sts_report_snapshots")
    op.drop_table("sts_report_snapshots")
