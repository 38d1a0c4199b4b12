"""JSON shapes of namespaces, strings, translations and audit entries, as the API answers them."""

from __future__ import annotations

from typing import Any

from dss_service.models import (
    AuditEntry,
    DynamicString,
    Namespace,
    Translation,
    iso_time,
)
from dss_service.strings import current_translations


def namespace_json(namespace: Namespace) -> dict[str, Any]:
    return {
        "name": namespace.name,
        "source_locale": namespace.source_locale,
        "target_locales": list(namespace.target_locales),
        "source_edit_policy": namespace.source_edit_policy,
        "version": namespace.version,
        "created_at": iso_time(namespace.created_at),
        "updated_at": iso_time(namespace.updated_at),
    }


def translation_json(row: Translation) -> dict[str, Any]:
    body: dict[str, Any] = {
        "locale": row.locale,
        "state": row.state,
        "stale": row.stale,
        "source_version": row.source_version,
        "problems": list(row.problems),
        "updated_by": row.updated_by,
        "updated_at": iso_time(row.updated_at),
    }
    if row.plural is not None:
        body["plural"] = dict(row.plural)
    else:
        body["text"] = row.text
    return body


def string_json(string: DynamicString, *, with_translations: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {"key": string.key}
    if string.plural is not None:
        body["plural"] = dict(string.plural)
    else:
        body["text"] = string.text
    body.update(
        {
            "description": string.description,
            "max_length": string.max_length,
            "tags": list(string.tags),
            "version": string.version,
            "created_by": string.created_by,
            "created_at": iso_time(string.created_at),
            "updated_by": string.updated_by,
            "updated_at": iso_time(string.updated_at),
            "deleted_at": iso_time(string.deleted_at),
        }
    )
    if with_translations:
        body["translations"] = {
            locale: translation_json(row)
            for locale, row in sorted(current_translations(string).items())
        }
    return body


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "action": entry.action,
        "actor": entry.actor,
        "key": entry.key,
        "locale": entry.locale,
        "old": entry.old,
        "new": entry.new,
        "at": iso_time(entry.at),
    }
