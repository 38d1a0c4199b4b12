"""The audit trail: every change with who, what, and old → new."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from dss_service.auth import Actor
from dss_service.models import AuditEntry


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    namespace_id: int | None,
    key: str | None = None,
    locale: str | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        namespace_id=namespace_id,
        key=key,
        locale=locale,
        action=action,
        actor=actor.name,
        old=old,
        new=new,
    )
    session.add(entry)
    return entry


class StringContent(Protocol):
    """What a stored string's content is compared by (an ORM row or a plain snapshot)."""

    @property
    def text(self) -> str | None: ...
    @property
    def plural(self) -> dict[str, str] | None: ...
    @property
    def description(self) -> str: ...
    @property
    def max_length(self) -> int | None: ...
    @property
    def tags(self) -> list[str]: ...


class StringFields(StringContent, Protocol):
    """A string's audited fields: its content and version."""

    @property
    def version(self) -> int: ...


class TranslationFields(Protocol):
    """A translation's audited fields (an ORM row or a result row)."""

    @property
    def text(self) -> str | None: ...
    @property
    def plural(self) -> dict[str, str] | None: ...
    @property
    def state(self) -> str: ...
    @property
    def stale(self) -> bool: ...
    @property
    def source_version(self) -> int: ...


def string_snapshot(string: StringFields) -> dict[str, Any]:
    return {
        "text": string.text,
        "plural": string.plural,
        "description": string.description,
        "max_length": string.max_length,
        "tags": list(string.tags),
        "version": string.version,
    }


def translation_snapshot(translation: TranslationFields) -> dict[str, Any]:
    return {
        "text": translation.text,
        "plural": translation.plural,
        "state": translation.state,
        "stale": translation.stale,
        "source_version": translation.source_version,
    }


def history(
    session: Session, namespace_id: int, key: str | None = None, *, limit: int = 200
) -> list[AuditEntry]:
    """Newest first: a string's changes, or the namespace's when ``key`` is None."""
    query = select(AuditEntry).where(AuditEntry.namespace_id == namespace_id)
    if key is not None:
        query = query.where(AuditEntry.key == key)
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
