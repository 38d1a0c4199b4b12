"""Translation requests: keys × locales to send to the vendor, and their state per locale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dss_service import audit
from dss_service.auth import Actor, require
from dss_service.db import enqueue_after_commit
from dss_service.errors import InvalidInput, NotFound
from dss_service.models import (
    DynamicString,
    Namespace,
    Translation,
    TranslationRequest,
    iso_time,
)

SUBMIT_TASK = "dss.submit_request"
PENDING_STATES = ("requested", "in_translation")
TRANSLATION_STATES = ("requested", "in_translation", "translated", "approved", "rejected")


def create_request(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    keys: Sequence[str] | None,
    locales: Sequence[str] | None,
    vendor_project: str,
) -> TranslationRequest:
    """Ask for translations of ``keys`` (all live strings when None) into ``locales``.

    Each (string, locale) gets a ``requested`` translation row (one already pending joins
    this request); the vendor job is submitted by a task after commit.
    """
    require(actor, "editor")
    chosen_locales = list(locales) if locales else list(namespace.target_locales)
    outside = [code for code in chosen_locales if code not in namespace.target_locales]
    if outside:
        raise InvalidInput(
            f"locales not among namespace {namespace.name}'s target locales"
            f" ({', '.join(namespace.target_locales) or 'none'}): {', '.join(outside)}"
        )
    if not chosen_locales:
        raise InvalidInput(f"namespace {namespace.name} has no target locales")
    strings = _strings(session, namespace, keys)
    if not strings:
        raise InvalidInput(f"namespace {namespace.name} has no strings to translate")
    request = TranslationRequest(
        namespace_id=namespace.id,
        keys=None if keys is None else sorted({s.key for s in strings}),
        locales=chosen_locales,
        state="pending",
        vendor_project=vendor_project,
        created_by=actor.name,
    )
    session.add(request)
    session.flush()
    pending = _pending_rows(session, [s.id for s in strings], chosen_locales)
    for string in strings:
        for locale in chosen_locales:
            row = pending.get((string.id, locale))
            if row is None:
                row = Translation(
                    string_id=string.id,
                    locale=locale,
                    state="requested",
                    source_version=string.source_version,
                    stale=False,
                    problems=[],
                    origin="vendor",
                    created_by=actor.name,
                    updated_by=actor.name,
                )
                string.translations.append(row)
            row.state = "requested"
            row.request_id = request.id
            row.source_version = string.source_version
    audit.record(
        session,
        actor,
        "translation.request",
        namespace_id=namespace.id,
        new={"request_id": request.id, "keys": request.keys, "locales": chosen_locales},
    )
    enqueue_after_commit(session, SUBMIT_TASK, request.id)
    return request


def _strings(
    session: Session, namespace: Namespace, keys: Sequence[str] | None
) -> list[DynamicString]:
    query = select(DynamicString).where(
        DynamicString.namespace_id == namespace.id, DynamicString.deleted_at.is_(None)
    )
    if keys is None:
        return list(session.scalars(query.order_by(DynamicString.key)))
    wanted = sorted(set(keys))
    found = list(session.scalars(query.where(DynamicString.key.in_(wanted))))
    missing = sorted(set(wanted) - {s.key for s in found})
    if missing:
        shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        raise InvalidInput(f"no live strings with these keys in {namespace.name}: {shown}")
    return sorted(found, key=lambda s: s.key)


def _pending_rows(
    session: Session, string_ids: Sequence[int], locales: Sequence[str]
) -> dict[tuple[int, str], Translation]:
    rows: dict[tuple[int, str], Translation] = {}
    for start in range(0, len(string_ids), 500):
        chunk = string_ids[start : start + 500]
        for row in session.scalars(
            select(Translation).where(
                Translation.string_id.in_(chunk),
                Translation.locale.in_(locales),
                Translation.state.in_(PENDING_STATES),
            )
        ):
            rows[(row.string_id, row.locale)] = row
    return rows


def get_request(session: Session, namespace: Namespace, request_id: int) -> TranslationRequest:
    request = session.get(TranslationRequest, request_id)
    if request is None or request.namespace_id != namespace.id:
        raise NotFound(f"no translation request {request_id} in namespace {namespace.name}")
    return request


def list_requests(
    session: Session, namespace: Namespace, *, limit: int = 50
) -> list[TranslationRequest]:
    return list(
        session.scalars(
            select(TranslationRequest)
            .where(TranslationRequest.namespace_id == namespace.id)
            .order_by(TranslationRequest.id.desc())
            .limit(limit)
        )
    )


def state_per_locale(session: Session, request: TranslationRequest) -> dict[str, dict[str, int]]:
    """For each locale of the request: how many of its translations are in each state."""
    counts = {locale: dict.fromkeys(TRANSLATION_STATES, 0) for locale in request.locales}
    query = (
        select(Translation.locale, Translation.state, func.count())
        .where(Translation.request_id == request.id)
        .group_by(Translation.locale, Translation.state)
    )
    for locale, state, count in session.execute(query):
        counts.setdefault(locale, dict.fromkeys(TRANSLATION_STATES, 0))[state] = count
    return counts


def describe(session: Session, request: TranslationRequest) -> dict[str, Any]:
    return {
        "id": request.id,
        "state": request.state,
        "keys": request.keys,
        "locales": {
            locale: {"counts": counts, "done": counts["requested"] + counts["in_translation"] == 0}
            for locale, counts in state_per_locale(session, request).items()
        },
        "vendor_job_id": request.vendor_job_id,
        "error": request.error,
        "created_by": request.created_by,
        "created_at": iso_time(request.created_at),
        "updated_at": iso_time(request.updated_at),
    }
