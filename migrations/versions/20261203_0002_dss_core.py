"""dss: namespaces, strings, translations, requests, audit, bundles, users and tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 10:10:55

The skeleton's ``dss_strings`` (one global key space, never used) is replaced by strings
that belong to a namespace.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TZ = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.drop_table("dss_strings")
    op.create_table(
        "dss_namespaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("source_locale", sa.String(length=35), nullable=False),
        sa.Column("target_locales", sa.JSON(), nullable=False),
        sa.Column("source_edit_policy", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("history_floor", sa.Integer(), nullable=False),
        sa.Column("bundles_pending", sa.Boolean(), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_namespaces")),
        sa.UniqueConstraint("name", name=op.f("uq_dss_namespaces_name")),
    )
    op.create_table(
        "dss_strings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("namespace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("plural", sa.JSON(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("max_length", sa.Integer(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", _TZ, nullable=True),
        sa.Column("deleted_by", sa.String(length=200), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        _fk("dss_strings", "namespace_id", "dss_namespaces", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_strings")),
        sa.UniqueConstraint("namespace_id", "key", name="uq_dss_strings_namespace_key"),
    )
    _index("dss_strings", "namespace_id")
    op.create_table(
        "dss_translation_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("namespace_id", sa.Integer(), nullable=False),
        sa.Column("keys", sa.JSON(), nullable=True),
        sa.Column("locales", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("vendor_project", sa.String(length=128), nullable=False),
        sa.Column("vendor_job_id", sa.String(length=128), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        _fk("dss_translation_requests", "namespace_id", "dss_namespaces", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_translation_requests")),
    )
    _index("dss_translation_requests", "namespace_id", "state", "vendor_job_id")
    op.create_table(
        "dss_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("string_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("plural", sa.JSON(), nullable=True),
        sa.Column("source_version", sa.Integer(), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        _fk("dss_translations", "request_id", "dss_translation_requests", "SET NULL"),
        _fk("dss_translations", "string_id", "dss_strings", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_translations")),
    )
    _index("dss_translations", "request_id", "state", "string_id")
    op.create_table(
        "dss_tms_deliveries",
        sa.Column("delivery_id", sa.String(length=128), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("delivery_id", name=op.f("pk_dss_tms_deliveries")),
    )
    op.create_table(
        "dss_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("namespace_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=255), nullable=True),
        sa.Column("locale", sa.String(length=35), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("at", _TZ, nullable=False),
        _fk("dss_audit", "namespace_id", "dss_namespaces", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_audit")),
    )
    _index("dss_audit", "key", "namespace_id")
    op.create_table(
        "dss_bundles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("namespace_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("approved_only", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("strings", sa.LargeBinary(), nullable=False),
        sa.Column("built_at", _TZ, nullable=False),
        _fk("dss_bundles", "namespace_id", "dss_namespaces", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_bundles")),
        sa.UniqueConstraint(
            "namespace_id", "locale", "approved_only", name="uq_dss_bundles_namespace_locale"
        ),
    )
    _index("dss_bundles", "namespace_id")
    op.create_table(
        "dss_bundle_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("namespace_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=True),
        _fk("dss_bundle_changes", "namespace_id", "dss_namespaces", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_bundle_changes")),
    )
    _index("dss_bundle_changes", "namespace_id", "version")
    op.create_table(
        "dss_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_users")),
        sa.UniqueConstraint("name", name=op.f("uq_dss_users_name")),
    )
    op.create_table(
        "dss_api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("last_used_at", _TZ, nullable=True),
        sa.Column("revoked_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_dss_api_tokens_token_hash")),
    )


def downgrade() -> None:
    for table in (
        "dss_api_tokens",
        "dss_users",
        "dss_bundle_changes",
        "dss_bundles",
        "dss_audit",
        "dss_tms_deliveries",
        "dss_translations",
        "dss_translation_requests",
        "dss_strings",
        "dss_namespaces",
    ):
        op.drop_table(table)
    op.create_table(
        "dss_strings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("max_length", sa.Integer(), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dss_strings")),
        sa.UniqueConstraint("key", name=op.f("uq_dss_strings_key")),
    )
