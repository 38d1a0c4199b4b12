"""Review: approve or reject translations, enter one by hand (QA-checked), progress per locale."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog import Entry, qa
from dss_service import audit, bundle_store, validation
from dss_service.auth import Actor, require
from dss_service.errors import Conflict, InvalidInput, NotFound
from dss_service.models import DynamicString, Namespace, Translation
from dss_service.strings import get_string
from dss_service.translation_requests import TRANSLATION_STATES

REVIEWABLE = ("translated",)


def source_entry(string: DynamicString) -> Entry:
    """The string as ``catalog.qa`` reads a source entry."""
    if string.plural is not None:
        return Entry(string.key, dict(string.plural), max_length=string.max_length, kind="plural")
    return Entry(string.key, string.text or "", max_length=string.max_length)


def qa_problems(
    string: DynamicString, value: str | Mapping[str, str], locale: str
) -> list[dict[str, Any]]:
    """Blocking QA problems of a translation (placeholders, plurals, markup, length, empty)."""
    translation: str | dict[str, str] = value if isinstance(value, str) else dict(value)
    return [
        {"code": problem.code, "message": problem.message}
        for problem in qa.check_translation(source_entry(string), translation, locale)
        if problem.severity == "error"
    ]


def _check_locale(namespace: Namespace, locale: str) -> str:
    code = validation.locale_code(locale)
    if code not in namespace.target_locales:
        raise NotFound(f"{code} is not a target locale of namespace {namespace.name}")
    return code


def _newest(string: DynamicString, locale: str, states: tuple[str, ...]) -> Translation | None:
    rows = [row for row in string.translations if row.locale == locale and row.state in states]
    return max(rows, key=lambda row: row.id) if rows else None


def approve(
    session: Session, actor: Actor, namespace: Namespace, key: str, locale: str
) -> Translation:
    """Approve the newest translated translation of (key, locale); it is then served."""
    require(actor, "editor")
    locale = _check_locale(namespace, locale)
    string = get_string(session, namespace, key)
    row = _newest(string, locale, REVIEWABLE)
    if row is None:
        raise Conflict(f"string {key!r} has no translation into {locale} waiting for review")
    old = audit.translation_snapshot(row)
    row.state = "approved"
    row.updated_by = actor.name
    audit.record(
        session,
        actor,
        "translation.approve",
        namespace_id=namespace.id,
        key=key,
        locale=locale,
        old=old,
        new=audit.translation_snapshot(row),
    )
    bundle_store.touch(session, namespace, [(key, locale)])
    return row


def reject(
    session: Session, actor: Actor, namespace: Namespace, key: str, locale: str, reason: str
) -> Translation:
    """Reject the newest translated or approved translation of (key, locale); never served."""
    require(actor, "editor")
    locale = _check_locale(namespace, locale)
    if not reason.strip():
        raise InvalidInput("a rejection needs a reason")
    string = get_string(session, namespace, key)
    row = _newest(string, locale, ("translated", "approved"))
    if row is None:
        raise Conflict(f"string {key!r} has no translation into {locale} to reject")
    old = audit.translation_snapshot(row)
    row.state = "rejected"
    row.problems = [*row.problems, {"code": "reviewer", "message": reason[:2000]}]
    row.updated_by = actor.name
    audit.record(
        session,
        actor,
        "translation.reject",
        namespace_id=namespace.id,
        key=key,
        locale=locale,
        old=old,
        new={**audit.translation_snapshot(row), "reason": reason[:2000]},
    )
    bundle_store.touch(session, namespace, [(key, locale)])
    return row


def store_translation(
    session: Session,
    actor: Actor,
    string: DynamicString,
    locale: str,
    value: str | Mapping[str, str],
    *,
    row: Translation | None = None,
    origin: str = "vendor",
) -> Translation:
    """Store a translation after QA: ``translated``, or ``rejected`` with the problems.

    ``row`` is the pending (requested/in_translation) row it answers, when there is one.
    A translation made from an older source text than the string's is stored stale.
    """
    problems = qa_problems(string, value, locale)
    if row is None:
        row = Translation(
            string_id=string.id,
            locale=locale,
            source_version=string.source_version,
            problems=[],
            origin=origin,
            created_by=actor.name,
        )
        string.translations.append(row)
    old = audit.translation_snapshot(row) if row.id is not None else None
    row.text = value if isinstance(value, str) else None
    row.plural = None if isinstance(value, str) else dict(value)
    row.state = "rejected" if problems else "translated"
    row.problems = problems
    row.stale = row.source_version != string.source_version
    row.updated_by = actor.name
    session.flush()
    audit.record(
        session,
        actor,
        "translation.reject" if problems else "translation.store",
        namespace_id=string.namespace_id,
        key=string.key,
        locale=locale,
        old=old,
        new={**audit.translation_snapshot(row), "problems": problems, "origin": origin},
    )
    return row


def set_translation(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    key: str,
    locale: str,
    value: str | Mapping[str, str],
) -> Translation:
    """A translation entered by hand (admin UI or API): QA-checked like the vendor's."""
    require(actor, "editor")
    locale = _check_locale(namespace, locale)
    string = get_string(session, namespace, key)
    if isinstance(value, str):
        value = validation.text_value(value)
    else:
        value = validation.plural_forms(dict(value))
    row = store_translation(session, actor, string, locale, value, origin="manual")
    bundle_store.touch(session, namespace, [(key, locale)])
    return row


def review_queue(
    session: Session, namespace: Namespace, locale: str, *, limit: int = 100
) -> list[tuple[DynamicString, Translation]]:
    """Translations waiting for review in ``locale`` (and rejected ones, to see QA problems)."""
    locale = _check_locale(namespace, locale)
    query = (
        select(DynamicString, Translation)
        .join(Translation, Translation.string_id == DynamicString.id)
        .where(
            DynamicString.namespace_id == namespace.id,
            DynamicString.deleted_at.is_(None),
            Translation.locale == locale,
            Translation.state.in_(("translated", "rejected")),
        )
        .order_by(DynamicString.key, Translation.id)
        .limit(limit)
    )
    return [(string, row) for string, row in session.execute(query)]


def translation_history(
    session: Session, namespace: Namespace, key: str, locale: str
) -> list[Translation]:
    string = get_string(session, namespace, key)
    return sorted((row for row in string.translations if row.locale == locale), key=lambda r: r.id)


def progress(session: Session, namespace: Namespace) -> dict[str, dict[str, int]]:
    """Per target locale: live strings, and how many have their newest translation in each
    state (``missing`` for none), for progress bars."""
    total = session.scalar(
        select(func.count())
        .select_from(DynamicString)
        .where(DynamicString.namespace_id == namespace.id, DynamicString.deleted_at.is_(None))
    )
    newest = (
        select(func.max(Translation.id).label("id"))
        .join(DynamicString, Translation.string_id == DynamicString.id)
        .where(DynamicString.namespace_id == namespace.id, DynamicString.deleted_at.is_(None))
        .group_by(Translation.string_id, Translation.locale)
        .subquery()
    )
    query = (
        select(Translation.locale, Translation.state, func.count())
        .join(newest, Translation.id == newest.c.id)
        .group_by(Translation.locale, Translation.state)
    )
    result: dict[str, dict[str, int]] = {}
    for locale in namespace.target_locales:
        result[locale] = {"total": total or 0, **dict.fromkeys(TRANSLATION_STATES, 0)}
    for locale, state, count in session.execute(query):
        if locale in result:
            result[locale][state] = count
    for counts in result.values():
        counts["missing"] = counts["total"] - sum(counts[s] for s in TRANSLATION_STATES)
    return result
