"""The dynamic strings service's tables in the platform database (all prefixed ``dss_``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from appkit.database import platform_metadata

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Base",
    "Bundle",
    "BundleChange",
    "DynamicString",
    "Namespace",
    "TmsDelivery",
    "Translation",
    "TranslationRequest",
    "User",
    "iso_time",
]


class Base(DeclarativeBase):
    metadata = platform_metadata()


def _now() -> datetime:
    return datetime.now(UTC)


def iso_time(value: datetime | None) -> str | None:
    """ISO 8601 in UTC (SQLite hands back naive datetimes; they were written in UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


class Namespace(Base):
    """One product surface: its strings, target locales, source-edit policy and bundle version."""

    __tablename__ = "dss_namespaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    source_locale: Mapped[str] = mapped_column(String(35))
    target_locales: Mapped[list[str]] = mapped_column(JSON)
    source_edit_policy: Mapped[str] = mapped_column(String(8))  # keep | stale | clear
    # Bumped on every change that affects any bundle of the namespace.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Deltas can be answered for ``since`` >= this version (older change rows are pruned).
    history_floor: Mapped[int] = mapped_column(Integer, default=1)
    # A full rebuild of the bundles is queued (first build, bulk import, new locales):
    # until it runs, writes do not patch the built bundles and missing bundles answer 202.
    bundles_pending: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )


class DynamicString(Base):
    """A source string (text or plural forms) of a namespace; ``deleted_at`` set = in the trash."""

    __tablename__ = "dss_strings"
    __table_args__ = (UniqueConstraint("namespace_id", "key", name="uq_dss_strings_namespace_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    namespace_id: Mapped[int] = mapped_column(
        ForeignKey("dss_namespaces.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text)
    plural: Mapped[dict[str, str] | None] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text, default="")
    max_length: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Bumped on every change of the string (the ETag / If-Match version).
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Bumped only when the source text or plural forms change (what translations are made from).
    source_version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )

    translations: Mapped[list[Translation]] = relationship(
        back_populates="string", cascade="all, delete-orphan", order_by="Translation.id"
    )


class Translation(Base):
    """One translation of a string into a locale; older rows of the same locale are its history.

    ``state``: requested → in_translation → translated → approved, or rejected (with
    ``problems``). ``stale`` marks a translation made from an older source text.
    """

    __tablename__ = "dss_translations"

    id: Mapped[int] = mapped_column(primary_key=True)
    string_id: Mapped[int] = mapped_column(
        ForeignKey("dss_strings.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(35))
    state: Mapped[str] = mapped_column(String(16), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    plural: Mapped[dict[str, str] | None] = mapped_column(JSON)
    source_version: Mapped[int] = mapped_column(Integer)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("dss_translation_requests.id", ondelete="SET NULL"), index=True
    )
    origin: Mapped[str] = mapped_column(String(32), default="")  # vendor | api | admin
    created_by: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )

    string: Mapped[DynamicString] = relationship(back_populates="translations")


class TranslationRequest(Base):
    """Keys of a namespace (or all of them) × locales sent to the vendor as one job."""

    __tablename__ = "dss_translation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    namespace_id: Mapped[int] = mapped_column(
        ForeignKey("dss_namespaces.id", ondelete="CASCADE"), index=True
    )
    keys: Mapped[list[str] | None] = mapped_column(JSON)  # None: the whole namespace
    locales: Mapped[list[str]] = mapped_column(JSON)
    # pending (not yet at the vendor) → submitted → completed | failed
    state: Mapped[str] = mapped_column(String(16), index=True)
    vendor_project: Mapped[str] = mapped_column(String(128))
    vendor_job_id: Mapped[str | None] = mapped_column(String(128), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )


class TmsDelivery(Base):
    """One vendor callback, keyed by ``X-TMS-Delivery`` (delivery is at least once)."""

    __tablename__ = "dss_tms_deliveries"

    delivery_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    event: Mapped[str] = mapped_column(String(64))
    job_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditEntry(Base):
    """One change: who did what to which string or namespace, old → new."""

    __tablename__ = "dss_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    namespace_id: Mapped[int | None] = mapped_column(
        ForeignKey("dss_namespaces.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str | None] = mapped_column(String(255), index=True)
    locale: Mapped[str | None] = mapped_column(String(35))
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Bundle(Base):
    """A built bundle: the resolved strings of one locale (all, or approved only) at a version."""

    __tablename__ = "dss_bundles"
    __table_args__ = (
        UniqueConstraint(
            "namespace_id", "locale", "approved_only", name="uq_dss_bundles_namespace_locale"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    namespace_id: Mapped[int] = mapped_column(
        ForeignKey("dss_namespaces.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(35))
    approved_only: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    strings: Mapped[bytes] = mapped_column(LargeBinary)  # the JSON object key -> value
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class BundleChange(Base):
    """A key changed at a namespace version (for one locale, or all when ``locale`` is None)."""

    __tablename__ = "dss_bundle_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    namespace_id: Mapped[int] = mapped_column(
        ForeignKey("dss_namespaces.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(35))


class User(Base):
    """A person who logs in to the admin UI, with a role (admin, editor, viewer)."""

    __tablename__ = "dss_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ApiToken(Base):
    """An API token with a role; only the SHA-256 of the token is stored."""

    __tablename__ = "dss_api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
