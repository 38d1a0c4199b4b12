"""Bulk upsert of a namespace's strings, set-based: a few statements whatever the count.

``plan_bulk`` (pure) compares the stored strings with the input and decides, per key, what
happens; ``bulk_upsert`` writes the plan with one multi-row statement per kind of change
(insert strings, update strings, insert audit entries, change translations, log bundle
changes) in the caller's transaction, so an error anywhere leaves nothing written. Audit
entries, the source-edit policy and bundle patching are those of ``strings.put_string``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from dss_service import audit, bundle_store, validation
from dss_service.auth import Actor, require
from dss_service.models import AuditEntry, DynamicString, Namespace, Translation
from dss_service.strings import StringInput
from dss_service.translation_requests import create_request

# Rows per ``IN (...)`` list: far below SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 1000
SERVED = ("translated", "approved")


@dataclass(frozen=True)
class StoredString:
    """A stored string as the bulk upsert compares and snapshots it (no ORM object)."""

    id: int
    key: str
    text: str | None
    plural: dict[str, str] | None
    description: str
    max_length: int | None
    tags: list[str]
    version: int
    source_version: int
    deleted: bool


@dataclass
class BulkReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list[str]]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
        }


@dataclass
class BulkPlan:
    """What to write: new keys, changed stored strings (live or in the trash), keys to trash."""

    report: BulkReport = field(default_factory=BulkReport)
    new: list[str] = field(default_factory=list)
    changed: list[StoredString] = field(default_factory=list)
    trashed: list[StoredString] = field(default_factory=list)


def plan_bulk(
    stored: Mapping[str, StoredString], items: Mapping[str, StringInput], *, purge: bool
) -> BulkPlan:
    """Per key, in key order: created (new, or back from the trash), updated, unchanged;
    with ``purge``, live stored keys missing from ``items`` are deleted."""
    plan = BulkPlan()
    for key in sorted(items):
        string = stored.get(key)
        if string is None:
            plan.report.created.append(key)
            plan.new.append(key)
        elif string.deleted:
            plan.report.created.append(key)
            plan.changed.append(string)
        elif items[key].differs_from(string):
            plan.report.updated.append(key)
            plan.changed.append(string)
        else:
            plan.report.unchanged.append(key)
    if purge:
        for key in sorted(stored):
            if key not in items and not stored[key].deleted:
                plan.report.deleted.append(key)
                plan.trashed.append(stored[key])
    return plan


def bulk_upsert(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    items: Mapping[str, StringInput],
    *,
    dry_run: bool = False,
    purge: bool = False,
    vendor_project: str = "dss",
) -> BulkReport:
    """Create or update many strings at once; ``purge`` trashes live strings not in ``items``.

    With ``dry_run`` nothing is written (this function only reports). The caller holds the
    namespace's lock and owns the transaction.
    """
    require(actor, "editor")
    for key in items:
        validation.string_key(key)
    plan = plan_bulk(_stored(session, namespace), items, purge=purge)
    if dry_run:
        return plan.report
    now = datetime.now(UTC)
    entries: list[dict[str, Any]] = []
    _insert_new(session, actor, namespace, [(key, items[key]) for key in plan.new], now, entries)
    edited = _update_changed(session, actor, namespace, plan.changed, items, now, entries)
    _trash(session, actor, namespace, plan.trashed, now, entries)
    rerequest = _apply_source_edit_policy(session, actor, namespace, edited, entries)
    if entries:
        session.execute(insert(AuditEntry), entries)
    _expire_loaded_strings(session)
    for locales, keys in sorted(rerequest.items()):
        create_request(session, actor, namespace, keys, list(locales), vendor_project)
    touched = [*plan.new, *(s.key for s in plan.changed), *(s.key for s in plan.trashed)]
    if touched:
        bundle_store.touch(session, namespace, [(key, None) for key in touched])
    return plan.report


def _stored(session: Session, namespace: Namespace) -> dict[str, StoredString]:
    query = select(
        DynamicString.id,
        DynamicString.key,
        DynamicString.text,
        DynamicString.plural,
        DynamicString.description,
        DynamicString.max_length,
        DynamicString.tags,
        DynamicString.version,
        DynamicString.source_version,
        DynamicString.deleted_at.is_not(None),
    ).where(DynamicString.namespace_id == namespace.id)
    stored = {}
    for (
        id_,
        key,
        text,
        plural,
        description,
        max_length,
        tags,
        version,
        source,
        deleted,
    ) in session.execute(query):
        stored[key] = StoredString(
            id_, key, text, plural, description, max_length, tags, version, source, bool(deleted)
        )
    return stored


def _snapshot(data: StringInput, version: int) -> dict[str, Any]:
    return {
        "text": data.text,
        "plural": data.plural,
        "description": data.description,
        "max_length": data.max_length,
        "tags": list(data.tags),
        "version": version,
    }


def _entry(
    actor: Actor, namespace: Namespace, action: str, key: str, **values: Any
) -> dict[str, Any]:
    return {
        "namespace_id": namespace.id,
        "key": key,
        "locale": None,
        "action": action,
        "actor": actor.name,
        "old": None,
        "new": None,
        **values,
    }


def _insert_new(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    new: Sequence[tuple[str, StringInput]],
    now: datetime,
    entries: list[dict[str, Any]],
) -> None:
    if not new:
        return
    rows = [
        {
            "namespace_id": namespace.id,
            "key": key,
            "text": data.text,
            "plural": data.plural,
            "description": data.description,
            "max_length": data.max_length,
            "tags": data.tags,
            "version": 1,
            "source_version": 1,
            "created_by": actor.name,
            "updated_by": actor.name,
            "created_at": now,
            "updated_at": now,
        }
        for key, data in new
    ]
    session.execute(insert(DynamicString), rows)
    for key, data in new:
        entries.append(_entry(actor, namespace, "string.create", key, new=_snapshot(data, 1)))


def _update_changed(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    changed: Sequence[StoredString],
    items: Mapping[str, StringInput],
    now: datetime,
    entries: list[dict[str, Any]],
) -> list[StoredString]:
    """Write the new content of changed strings; answers those whose source text changed."""
    if not changed:
        return []
    rows, source_edited = [], []
    for string in changed:
        data = items[string.key]
        source_changed = data.text != string.text or data.plural != string.plural
        rows.append(
            {
                "id": string.id,
                "text": data.text,
                "plural": data.plural,
                "description": data.description,
                "max_length": data.max_length,
                "tags": data.tags,
                "version": string.version + 1,
                "source_version": string.source_version + (1 if source_changed else 0),
                "updated_by": actor.name,
                "updated_at": now,
                "deleted_at": None,
                "deleted_by": None,
            }
        )
        action = "string.restore_update" if string.deleted else "string.update"
        old = audit.string_snapshot(string)
        new = _snapshot(data, string.version + 1)
        entries.append(_entry(actor, namespace, action, string.key, old=old, new=new))
        if source_changed:
            source_edited.append(string)
    session.execute(update(DynamicString), rows)
    return source_edited


def _trash(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    trashed: Sequence[StoredString],
    now: datetime,
    entries: list[dict[str, Any]],
) -> None:
    if not trashed:
        return
    rows = [
        {"id": s.id, "deleted_at": now, "deleted_by": actor.name, "version": s.version + 1}
        for s in trashed
    ]
    session.execute(update(DynamicString), rows)
    for string in trashed:
        old = {**audit.string_snapshot(string), "version": string.version + 1}
        entries.append(_entry(actor, namespace, "string.delete", string.key, old=old))


def _apply_source_edit_policy(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    edited: Sequence[StoredString],
    entries: list[dict[str, Any]],
) -> dict[tuple[str, ...], list[str]]:
    """keep: translations stay; stale: mark the served ones stale and answer which keys to
    re-request for which locales; clear: delete them all (the audit keeps them)."""
    policy = namespace.source_edit_policy
    if policy == "keep" or not edited:
        return {}
    key_of = {string.id: string.key for string in edited}
    if policy == "clear":
        _clear_translations(session, actor, namespace, key_of, entries)
        return {}
    locales: dict[str, set[str]] = {}
    for ids in _chunks(sorted(key_of)):
        fresh = (
            Translation.string_id.in_(ids),
            Translation.state.in_(SERVED),
            Translation.stale.is_(False),
        )
        query = select(Translation.string_id, Translation.locale).where(*fresh)
        for string_id, locale in session.execute(query):
            if locale in namespace.target_locales:
                locales.setdefault(key_of[string_id], set()).add(locale)
        session.execute(
            update(Translation)
            .where(*fresh)
            .values(stale=True)
            .execution_options(synchronize_session=False)
        )
    rerequest: dict[tuple[str, ...], list[str]] = {}
    for key in sorted(locales):
        rerequest.setdefault(tuple(sorted(locales[key])), []).append(key)
    return rerequest


def _clear_translations(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    key_of: Mapping[int, str],
    entries: list[dict[str, Any]],
) -> None:
    for ids in _chunks(sorted(key_of)):
        query = (
            select(
                Translation.string_id,
                Translation.locale,
                Translation.text,
                Translation.plural,
                Translation.state,
                Translation.stale,
                Translation.source_version,
            )
            .where(Translation.string_id.in_(ids))
            .order_by(Translation.string_id, Translation.id)
        )
        for row in session.execute(query):
            old = audit.translation_snapshot(row)
            key = key_of[row.string_id]
            entries.append(
                _entry(actor, namespace, "translation.clear", key, locale=row.locale, old=old)
            )
        session.execute(
            delete(Translation)
            .where(Translation.string_id.in_(ids))
            .execution_options(synchronize_session=False)
        )


def _expire_loaded_strings(session: Session) -> None:
    """String objects this session loaded earlier no longer match the rows written here."""
    for instance in list(session.identity_map.values()):
        if isinstance(instance, DynamicString):
            session.expire(instance)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


__all__ = ["BulkPlan", "BulkReport", "StoredString", "bulk_upsert", "plan_bulk"]
