"""Built bundles in the database: full rebuilds, patches in the write transaction, history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, defer

from dss_service import bundles
from dss_service.db import enqueue_after_commit
from dss_service.models import Bundle, BundleChange, DynamicString, Namespace, Translation

REBUILD_TASK = "dss.rebuild_bundles"
# A write touching more keys than this queues a full rebuild instead of patching in place.
PATCH_LIMIT = 200
# Deltas are answered for this many namespace versions back; older ``since`` get a full bundle.
HISTORY_VERSIONS = 5000


def bundle_locales(namespace: Namespace) -> list[str]:
    return [namespace.source_locale, *namespace.target_locales]


def touch(session: Session, namespace: Namespace, changes: Iterable[tuple[str, str | None]]) -> int:
    """Bump the namespace version for changed (key, locale) pairs and bring bundles up to it."""
    changes = sorted(set(changes), key=lambda c: (c[0], c[1] or ""))
    if not changes:
        return namespace.version
    namespace.version += 1
    session.execute(
        insert(BundleChange),
        [
            {"namespace_id": namespace.id, "version": namespace.version, "key": k, "locale": loc}
            for k, loc in changes
        ],
    )
    keys = sorted({key for key, _ in changes})
    if namespace.bundles_pending:
        return namespace.version
    if len(keys) > PATCH_LIMIT:
        queue_rebuild(session, namespace)
    else:
        session.flush()
        patch(session, namespace, keys)
    return namespace.version


def queue_rebuild(session: Session, namespace: Namespace) -> None:
    """Rebuild every bundle of the namespace after commit; until then writes do not patch."""
    namespace.bundles_pending = True
    enqueue_after_commit(session, REBUILD_TASK, namespace.id)


def sources(
    session: Session, namespace: Namespace, keys: Sequence[str] | None = None
) -> list[bundles.SourceRow]:
    query = select(DynamicString.key, DynamicString.text, DynamicString.plural).where(
        DynamicString.namespace_id == namespace.id, DynamicString.deleted_at.is_(None)
    )
    if keys is not None:
        query = query.where(DynamicString.key.in_(keys))
    return [bundles.SourceRow(key, text, plural) for key, text, plural in session.execute(query)]


def served_translations(
    session: Session, namespace: Namespace, keys: Sequence[str] | None = None
) -> list[bundles.TranslationRow]:
    query = (
        select(
            Translation.id,
            DynamicString.key,
            Translation.locale,
            Translation.state,
            Translation.stale,
            Translation.text,
            Translation.plural,
        )
        .join(DynamicString, Translation.string_id == DynamicString.id)
        .where(
            DynamicString.namespace_id == namespace.id,
            Translation.state.in_(bundles.SERVED_STATES),
        )
    )
    if keys is not None:
        query = query.where(DynamicString.key.in_(keys))
    return [bundles.TranslationRow(*row) for row in session.execute(query)]


def rebuild(session: Session, namespace: Namespace) -> None:
    """Build every bundle of the namespace at its current version (the caller holds its lock)."""
    source_rows = sources(session, namespace)
    index = bundles.index_translations(served_translations(session, namespace))
    existing = {
        (bundle.locale, bundle.approved_only): bundle
        for bundle in session.scalars(select(Bundle).where(Bundle.namespace_id == namespace.id))
    }
    wanted = set()
    now = datetime.now(UTC)
    for locale in bundle_locales(namespace):
        chain = bundles.chain_for(locale, namespace.source_locale)
        for approved_only in (False, True):
            wanted.add((locale, approved_only))
            strings = bundles.resolve_bundle(source_rows, index, chain, approved_only=approved_only)
            data = bundles.encode_strings(strings)
            bundle = existing.get((locale, approved_only))
            if bundle is None:
                bundle = Bundle(
                    namespace_id=namespace.id, locale=locale, approved_only=approved_only
                )
                session.add(bundle)
            bundle.version = namespace.version
            bundle.strings = data
            bundle.built_at = now
    for place, bundle in existing.items():
        if place not in wanted:
            session.delete(bundle)
    namespace.bundles_pending = False
    prune_history(session, namespace)


def patch(session: Session, namespace: Namespace, keys: Sequence[str]) -> None:
    """Re-resolve ``keys`` in every built bundle of the namespace and stamp its version."""
    source_rows = {row.key: row for row in sources(session, namespace, keys)}
    index = bundles.index_translations(served_translations(session, namespace, keys))
    now = datetime.now(UTC)
    for bundle in session.scalars(select(Bundle).where(Bundle.namespace_id == namespace.id)):
        chain = bundles.chain_for(bundle.locale, namespace.source_locale)
        strings = bundles.decode_strings(bundle.strings)
        for key in keys:
            source = source_rows.get(key)
            if source is None:
                strings.pop(key, None)
            else:
                strings[key] = bundles.resolve_value(
                    source, index, chain, approved_only=bundle.approved_only
                )
        bundle.strings = bundles.encode_strings(strings)
        bundle.version = namespace.version
        bundle.built_at = now


def prune_history(session: Session, namespace: Namespace) -> None:
    floor = namespace.version - HISTORY_VERSIONS
    if floor > namespace.history_floor:
        session.execute(
            delete(BundleChange).where(
                BundleChange.namespace_id == namespace.id, BundleChange.version <= floor
            )
        )
        namespace.history_floor = floor


def load(session: Session, namespace: Namespace, locale: str, approved_only: bool) -> Bundle | None:
    """The built bundle; its strings are read only when used (a 304 never reads them)."""
    return session.scalar(
        select(Bundle)
        .options(defer(Bundle.strings))
        .where(
            Bundle.namespace_id == namespace.id,
            Bundle.locale == locale,
            Bundle.approved_only == approved_only,
        )
    )


@dataclass(frozen=True)
class NamespaceRow:
    """A namespace's facts as serving a bundle needs them (read by id, after the head query)."""

    id: int
    version: int
    source_locale: str
    target_locales: list[str]
    history_floor: int

    @property
    def locales(self) -> list[str]:
        return [self.source_locale, *self.target_locales]


def namespace_row(session: Session, namespace_id: int) -> NamespaceRow | None:
    query = select(
        Namespace.id,
        Namespace.version,
        Namespace.source_locale,
        Namespace.target_locales,
        Namespace.history_floor,
    ).where(Namespace.id == namespace_id)
    row = session.execute(query).first()
    return None if row is None else NamespaceRow(*row)


def built(session: Session, bundle_id: int) -> tuple[int, bytes] | None:
    """A built bundle's version and strings JSON, read together (None once it is gone)."""
    row = session.execute(
        select(Bundle.version, Bundle.strings).where(Bundle.id == bundle_id)
    ).first()
    return None if row is None else (row[0], row[1])


def changes_between(
    session: Session, namespace_id: int, since: int, upto: int
) -> list[tuple[str, str | None]]:
    """(key, locale) pairs changed at versions in (since, upto] of a namespace, by its id."""
    query = select(BundleChange.key, BundleChange.locale).where(
        BundleChange.namespace_id == namespace_id,
        BundleChange.version > since,
        BundleChange.version <= upto,
    )
    return [(key, locale) for key, locale in session.execute(query)]
