"""Namespaces: create or update one (target locales, source-edit policy), get, list, lock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dss_service import audit, bundle_store, validation
from dss_service.auth import Actor, require
from dss_service.errors import InvalidInput, NotFound
from dss_service.models import Namespace

NAMESPACE_FIELDS = {"target_locales", "source_edit_policy", "source_locale"}


@dataclass(frozen=True)
class NamespaceInput:
    target_locales: list[str]
    source_edit_policy: str
    source_locale: str | None = None


def parse_namespace_body(body: Mapping[str, Any]) -> NamespaceInput:
    validation.only_fields(body, NAMESPACE_FIELDS, "namespace")
    if "target_locales" not in body:
        raise InvalidInput("target_locales is required")
    source = body.get("source_locale")
    return NamespaceInput(
        target_locales=validation.locale_list(body["target_locales"], "target_locales"),
        source_edit_policy=validation.source_edit_policy(body.get("source_edit_policy", "stale")),
        source_locale=None if source is None else validation.locale_code(source, "source_locale"),
    )


def lock_namespace(session: Session, name: str) -> Namespace:
    """The namespace, after taking its write lock: concurrent writers to it go one at a time.

    The no-op UPDATE comes first so that on SQLite the transaction holds the write lock before
    it reads anything (no stale snapshot), and on PostgreSQL the row is locked.
    """
    session.execute(
        update(Namespace)
        .where(Namespace.name == name)
        .values(version=Namespace.version)
        .execution_options(synchronize_session=False)
    )
    return get_namespace(session, name)


def get_namespace(session: Session, name: str) -> Namespace:
    namespace = session.scalar(select(Namespace).where(Namespace.name == name))
    if namespace is None:
        raise NotFound(f"no namespace named {name!r}")
    return namespace


def list_namespaces(session: Session) -> list[Namespace]:
    return list(session.scalars(select(Namespace).order_by(Namespace.name)))


def put_namespace(
    session: Session, actor: Actor, name: str, data: NamespaceInput, default_source_locale: str
) -> tuple[Namespace, bool]:
    """Create the namespace or update it; answers (namespace, created)."""
    require(actor, "admin")
    validation.namespace_name(name)
    try:
        namespace = lock_namespace(session, name)
    except NotFound:
        namespace = None
    source = data.source_locale or (namespace.source_locale if namespace else default_source_locale)
    if source in data.target_locales:
        raise InvalidInput(f"target_locales must not include the source locale {source}")
    if namespace is None:
        namespace = Namespace(
            name=name,
            source_locale=source,
            target_locales=data.target_locales,
            source_edit_policy=data.source_edit_policy,
            version=1,
            history_floor=1,
            bundles_pending=True,
        )
        session.add(namespace)
        session.flush()
        audit.record(
            session, actor, "namespace.create", namespace_id=namespace.id, new=_snapshot(namespace)
        )
        bundle_store.queue_rebuild(session, namespace)
        return namespace, True
    if source != namespace.source_locale:
        raise InvalidInput(
            f"namespace {name} is written in {namespace.source_locale}; its source locale"
            " cannot change"
        )
    old = _snapshot(namespace)
    locales_changed = namespace.target_locales != data.target_locales
    namespace.target_locales = data.target_locales
    namespace.source_edit_policy = data.source_edit_policy
    if old != _snapshot(namespace):
        audit.record(
            session,
            actor,
            "namespace.update",
            namespace_id=namespace.id,
            old=old,
            new=_snapshot(namespace),
        )
    if locales_changed:
        namespace.version += 1
        namespace.history_floor = namespace.version  # no delta across a change of locales
        bundle_store.queue_rebuild(session, namespace)
    return namespace, False


def _snapshot(namespace: Namespace) -> dict[str, Any]:
    return {
        "source_locale": namespace.source_locale,
        "target_locales": list(namespace.target_locales),
        "source_edit_policy": namespace.source_edit_policy,
    }
