"""sts: apply jobs and vendor callback deliveries

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_sts_webhook_deliveries_received_at"),
        "sts_webhook_deliveries",
        ["received_at"],
        unique=False,
    )
    op.create_table(
        "sts_vendor_callbacks",
        sa.Column("delivery_id", sa.String(length=128), nullable=False),
        sa.Column("job_id", sa.String(length=128), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("delivery_id", name=op.f("pk_sts_vendor_callbacks")),
    )
    op.create_index(
        op.f("ix_sts_vendor_callbacks_received_at"),
        "sts_vendor_callbacks",
        ["received_at"],
        unique=False,
    )
    op.create_table(
        "sts_apply_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repo", sa.String(length=255), nullable=False),
        sa.Column("installation_id", sa.BigInteger(), nullable=False),
        sa.Column("pr_number", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=512), nullable=False),
        sa.Column("trigger", sa.String(length=128), nullable=False),
        sa.Column("requested_by", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("active_key", sa.String(length=300), nullable=True),
        sa.Column("clone_url", sa.String(length=1024), nullable=False),
        sa.Column("head_ref", sa.String(length=255), nullable=True),
        sa.Column("head_sha", sa.String(length=64), nullable=True),
        sa.Column("base_sha", sa.String(length=64), nullable=True),
        sa.Column("vendor_project", sa.String(length=255), nullable=True),
        sa.Column("vendor_job_id", sa.String(length=128), nullable=True),
        sa.Column("status_comment_id", sa.BigInteger(), nullable=True),
        sa.Column("commit_sha", sa.String(length=64), nullable=True),
        sa.Column("plan", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("posted_questions", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sts_apply_jobs")),
        sa.UniqueConstraint("active_key", name=op.f("uq_sts_apply_jobs_active_key")),
        sa.UniqueConstraint("trigger", name=op.f("uq_sts_apply_jobs_trigger")),
    )
    op.create_index(op.f("ix_sts_apply_jobs_repo"), "sts_apply_jobs", ["repo"], unique=False)
    op.create_index(op.f("ix_sts_apply_jobs_state"), "sts_apply_jobs", ["state"], unique=False)
    op.create_index(
        op.f("ix_sts_apply_jobs_vendor_job_id"), "sts_apply_jobs", ["vendor_job_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sts_apply_jobs_vendor_job_id"), table_name="sts_apply_jobs")
    op.drop_index(op.f("ix_sts_apply_jobs_state"), table_name="sts_apply_jobs")
    op.drop_index(op.f("ix_sts_apply_jobs_repo"), table_name="sts_apply_jobs")
    op.drop_table("sts_apply_jobs")
    op.drop_index(op.f("ix_sts_vendor_callbacks_received_at"), table_name="sts_vendor_callbacks")
    op.drop_table("sts_vendor_callbacks")
    op.drop_index(
        op.f("ix_sts_webhook_deliveries_received_at"), table_name="sts_webhook_deliveries"
    )
