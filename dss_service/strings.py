"""Strings: create or update (source-edit policy), get, list, trash and restore (bulk: ``bulk``)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, and_, cast, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from dss_service import audit, bundle_store, validation
from dss_service.audit import StringContent
from dss_service.auth import Actor, require
from dss_service.errors import BadRequest, Conflict, InvalidInput, NotFound, PreconditionFailed
from dss_service.models import DynamicString, Namespace, Translation
from dss_service.translation_requests import create_request

STRING_FIELDS = {"text", "plural", "description", "max_length", "tags"}
LIST_STATES = (
    "missing",
    "stale",
    "requested",
    "in_translation",
    "translated",
    "approved",
    "rejected",
)
MAX_PAGE = 500
ANY = "*"


@dataclass(frozen=True)
class StringInput:
    """A string's content as the API and the admin UI send it, validated."""

    text: str | None = None
    plural: dict[str, str] | None = None
    description: str = ""
    max_length: int | None = None
    tags: list[str] = field(default_factory=list)

    def differs_from(self, string: StringContent) -> bool:
        return (
            self.text != string.text
            or self.plural != string.plural
            or self.description != string.description
            or self.max_length != string.max_length
            or self.tags != list(string.tags)
        )


def parse_string_body(body: Mapping[str, Any], where: str = "string") -> StringInput:
    validation.only_fields(body, STRING_FIELDS, where)
    has_text = body.get("text") is not None
    has_plural = body.get("plural") is not None
    if has_text == has_plural:
        raise InvalidInput(f"{where} needs exactly one of text or plural")
    text = validation.text_value(body["text"], f"{where}.text") if has_text else None
    plural = validation.plural_forms(body["plural"], f"{where}.plural") if has_plural else None
    limit = validation.max_length(body.get("max_length"))
    longest = validation.longest_text(text, plural)
    if limit is not None and longest > limit:
        raise InvalidInput(
            f"{where} text is {longest} characters long, over its max_length of {limit}"
        )
    return StringInput(
        text=text,
        plural=plural,
        description=validation.description(body.get("description")),
        max_length=limit,
        tags=validation.tags(body.get("tags", [])),
    )


def string_etag(string: DynamicString) -> str:
    return f'"{string.version}"'


def parse_if_match(header: str | None) -> int | str | None:
    """``If-Match`` as a version (``"3"``), ``*``, or None when absent."""
    if header is None:
        return None
    value = header.strip()
    if value == ANY:
        return ANY
    if value.startswith("W/"):
        raise PreconditionFailed('If-Match needs a strong ETag such as "3"')
    if len(value) >= 2 and value[0] == value[-1] == '"' and value[1:-1].isdigit():
        return int(value[1:-1])
    raise PreconditionFailed(f"If-Match {value[:40]!r} is not an ETag of this service")


def _check_precondition(string: DynamicString | None, if_match: int | str | None, key: str) -> None:
    if if_match is None:
        return
    live = string is not None and string.deleted_at is None
    if if_match == ANY:
        if not live:
            raise PreconditionFailed(f"If-Match: * but string {key!r} does not exist")
        return
    if not live:
        raise PreconditionFailed(f"string {key!r} does not exist, so If-Match cannot match")
    assert string is not None
    if string.version != if_match:
        raise PreconditionFailed(
            f"string {key!r} is at version {string.version}, not {if_match}: someone changed it"
            " since you read it; read it again and retry"
        )


def find_string(session: Session, namespace: Namespace, key: str) -> DynamicString | None:
    return session.scalar(
        select(DynamicString).where(
            DynamicString.namespace_id == namespace.id, DynamicString.key == key
        )
    )


def get_string(session: Session, namespace: Namespace, key: str) -> DynamicString:
    """A live string (with its translations loaded); ``NotFound`` otherwise."""
    string = session.scalar(
        select(DynamicString)
        .options(selectinload(DynamicString.translations))
        .where(DynamicString.namespace_id == namespace.id, DynamicString.key == key)
    )
    if string is None or string.deleted_at is not None:
        where = " (it is in the trash)" if string is not None else ""
        raise NotFound(f"no string {key!r} in namespace {namespace.name}{where}")
    return string


def put_string(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    key: str,
    data: StringInput,
    *,
    if_match: int | str | None = None,
    vendor_project: str = "dss",
) -> tuple[DynamicString, bool]:
    """Create or update one string; answers (string, created). The caller holds the lock."""
    require(actor, "editor")
    validation.string_key(key)
    string = find_string(session, namespace, key)
    _check_precondition(string, if_match, key)
    created = string is None or string.deleted_at is not None
    changed, relocales = _apply(session, actor, namespace, string, key, data)
    if relocales:
        create_request(session, actor, namespace, [key], relocales, vendor_project)
    if changed is not None:
        bundle_store.touch(session, namespace, [(key, None)])
        return changed, created
    assert string is not None
    return string, False


def _apply(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    string: DynamicString | None,
    key: str,
    data: StringInput,
) -> tuple[DynamicString | None, list[str]]:
    """Write ``data`` into the string: (the string or None when unchanged, locales to
    re-request under the ``stale`` policy). Does not touch bundles."""
    if string is None:
        string = DynamicString(
            namespace_id=namespace.id,
            key=key,
            text=data.text,
            plural=data.plural,
            description=data.description,
            max_length=data.max_length,
            tags=data.tags,
            version=1,
            source_version=1,
            created_by=actor.name,
            updated_by=actor.name,
        )
        session.add(string)
        session.flush()
        audit.record(
            session,
            actor,
            "string.create",
            namespace_id=namespace.id,
            key=key,
            new=audit.string_snapshot(string),
        )
        return string, []
    revived = string.deleted_at is not None
    if not revived and not data.differs_from(string):
        return None, []
    old = audit.string_snapshot(string)
    source_changed = data.text != string.text or data.plural != string.plural
    string.text = data.text
    string.plural = data.plural
    string.description = data.description
    string.max_length = data.max_length
    string.tags = data.tags
    string.version += 1
    string.updated_by = actor.name
    string.updated_at = datetime.now(UTC)
    string.deleted_at = None
    string.deleted_by = None
    action = "string.restore_update" if revived else "string.update"
    audit.record(
        session,
        actor,
        action,
        namespace_id=namespace.id,
        key=key,
        old=old,
        new=audit.string_snapshot(string),
    )
    if not source_changed:
        return string, []
    string.source_version += 1
    return string, _apply_source_edit_policy(session, actor, namespace, string)


def _apply_source_edit_policy(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    string: DynamicString,
) -> list[str]:
    """keep: translations stay; stale: mark them stale (answers the locales to re-request);
    clear: remove them."""
    policy = namespace.source_edit_policy
    if policy == "keep":
        return []
    rows = list(session.scalars(select(Translation).where(Translation.string_id == string.id)))
    if policy == "clear":
        for row in rows:
            audit.record(
                session,
                actor,
                "translation.clear",
                namespace_id=namespace.id,
                key=string.key,
                locale=row.locale,
                old=audit.translation_snapshot(row),
            )
            session.delete(row)
        return []
    locales: list[str] = []
    for row in rows:
        if row.state in ("translated", "approved") and not row.stale:
            row.stale = True
            if row.locale not in locales and row.locale in namespace.target_locales:
                locales.append(row.locale)
    return sorted(locales)


def delete_string(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    key: str,
    *,
    if_match: int | str | None = None,
) -> DynamicString:
    """Move a string to the trash (it leaves every bundle; ``restore_string`` brings it back)."""
    require(actor, "editor")
    string = find_string(session, namespace, key)
    _check_precondition(string, if_match, key)
    if string is None or string.deleted_at is not None:
        raise NotFound(f"no string {key!r} in namespace {namespace.name}")
    _trash(session, actor, namespace, string)
    bundle_store.touch(session, namespace, [(key, None)])
    return string


def _trash(session: Session, actor: Actor, namespace: Namespace, string: DynamicString) -> None:
    string.deleted_at = datetime.now(UTC)
    string.deleted_by = actor.name
    string.version += 1
    audit.record(
        session,
        actor,
        "string.delete",
        namespace_id=namespace.id,
        key=string.key,
        old=audit.string_snapshot(string),
    )


def restore_string(session: Session, actor: Actor, namespace: Namespace, key: str) -> DynamicString:
    """Bring a string back from the trash, with its translations."""
    require(actor, "editor")
    string = find_string(session, namespace, key)
    if string is None:
        raise NotFound(f"no string {key!r} in namespace {namespace.name}")
    if string.deleted_at is None:
        raise Conflict(f"string {key!r} is not in the trash")
    string.deleted_at = None
    string.deleted_by = None
    string.version += 1
    string.updated_by = actor.name
    audit.record(
        session,
        actor,
        "string.restore",
        namespace_id=namespace.id,
        key=key,
        new=audit.string_snapshot(string),
    )
    bundle_store.touch(session, namespace, [(key, None)])
    return string


@dataclass(frozen=True)
class StringFilter:
    tag: str | None = None
    locale: str | None = None
    state: str | None = None
    q: str | None = None
    deleted: bool = False


def parse_filter(args: Mapping[str, str], namespace: Namespace) -> StringFilter:
    unknown = sorted(set(args) - {"tag", "locale", "state", "q", "cursor", "limit", "deleted"})
    if unknown:
        raise BadRequest(f"unknown query parameter(s): {', '.join(unknown)}")
    state = args.get("state") or None
    locale = args.get("locale") or None
    if state is not None and state not in LIST_STATES:
        raise BadRequest(f"state must be one of {', '.join(LIST_STATES)}")
    if state is not None and locale is None:
        raise BadRequest("filtering by state needs a locale")
    if locale is not None:
        try:
            locale = validation.locale_code(locale)
        except InvalidInput as error:
            raise BadRequest(error.detail) from None
        if locale not in namespace.target_locales:
            raise BadRequest(f"{locale} is not a target locale of namespace {namespace.name}")
    deleted = args.get("deleted", "false")
    if deleted not in ("true", "false"):
        raise BadRequest("deleted must be true or false")
    return StringFilter(
        tag=args.get("tag") or None,
        locale=locale,
        state=state,
        q=args.get("q") or None,
        deleted=deleted == "true",
    )


def parse_limit(raw: str | None, default: int = 100) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise BadRequest(f"limit must be an integer from 1 to {MAX_PAGE}")
    return int(raw)


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        key = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
        return validation.string_key(key)
    except (binascii.Error, UnicodeDecodeError, ValueError, InvalidInput):
        raise BadRequest("cursor is not one this service gave out") from None


def list_strings(
    session: Session,
    namespace: Namespace,
    filters: StringFilter,
    *,
    cursor: str | None = None,
    limit: int = 100,
) -> tuple[list[DynamicString], str | None]:
    """One page of strings in key order, and the cursor of the next page (None at the end)."""
    query = (
        select(DynamicString)
        .options(selectinload(DynamicString.translations))
        .where(DynamicString.namespace_id == namespace.id)
    )
    if filters.deleted:
        query = query.where(DynamicString.deleted_at.is_not(None))
    else:
        query = query.where(DynamicString.deleted_at.is_(None))
    if filters.tag:
        query = query.where(cast(DynamicString.tags, Text).contains(f'"{filters.tag}"'))
    if filters.q:
        needle = filters.q.lower()
        query = query.where(
            or_(
                func.lower(DynamicString.key).contains(needle, autoescape=True),
                func.lower(DynamicString.text).contains(needle, autoescape=True),
                func.lower(cast(DynamicString.plural, Text)).contains(needle, autoescape=True),
                func.lower(DynamicString.description).contains(needle, autoescape=True),
            )
        )
    if filters.locale and filters.state:
        query = query.where(_state_clause(filters.locale, filters.state))
    if cursor:
        query = query.where(DynamicString.key > decode_cursor(cursor))
    rows = list(session.scalars(query.order_by(DynamicString.key).limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].key) if len(rows) > limit else None
    return rows[:limit], next_cursor


def _state_clause(locale: str, state: str) -> Any:
    """Strings whose current translation into ``locale`` (the newest row) is in ``state``."""
    row = aliased(Translation)
    newest = (
        select(func.max(row.id))
        .where(row.string_id == DynamicString.id, row.locale == locale)
        .correlate(DynamicString)
        .scalar_subquery()
    )
    if state == "missing":
        return newest.is_(None)
    current = select(Translation.id).where(Translation.id == newest)
    if state == "stale":
        return current.where(Translation.stale.is_(True)).exists()
    return current.where(Translation.state == state).exists()


def current_translations(string: DynamicString) -> dict[str, Translation]:
    """Locale → the newest translation row of the string."""
    newest: dict[str, Translation] = {}
    for row in sorted(string.translations, key=lambda r: r.id):
        newest[row.locale] = row
    return newest


def tags_in_use(session: Session, namespace: Namespace) -> list[str]:
    found: set[str] = set()
    query = select(DynamicString.tags).where(
        and_(DynamicString.namespace_id == namespace.id, DynamicString.deleted_at.is_(None))
    )
    for (tags,) in session.execute(query):
        found.update(tags)
    return sorted(found)


__all__ = [
    "ANY",
    "StringFilter",
    "StringInput",
    "current_translations",
    "delete_string",
    "find_string",
    "get_string",
    "list_strings",
    "parse_filter",
    "parse_if_match",
    "parse_limit",
    "parse_string_body",
    "put_string",
    "restore_string",
    "string_etag",
    "tags_in_use",
]
