"""Bundles, pure: resolve strings through the fallback chain; ETags; full and delta bodies.

>>> chain_for("es-MX", "en-US")
['es-MX', 'es-419', 'es', 'en-US']
>>> etag("home", "es-MX", 42, approved_only=True)
'"home.es-MX.42.approved"'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from i18n_lib.locales import fallback_chain

Value = str | dict[str, str]

SERVED_STATES = ("translated", "approved")


@dataclass(frozen=True)
class SourceRow:
    """A live string as bundles need it: its key and source text or plural forms."""

    key: str
    text: str | None
    plural: Mapping[str, str] | None

    @property
    def value(self) -> Value:
        return self.text if self.text is not None else dict(self.plural or {})


@dataclass(frozen=True)
class TranslationRow:
    """A translation as bundles need it (rows of other states are never served)."""

    id: int
    key: str
    locale: str
    state: str
    stale: bool
    text: str | None
    plural: Mapping[str, str] | None

    @property
    def value(self) -> Value:
        return self.text if self.text is not None else dict(self.plural or {})


def chain_for(locale: str, source_locale: str) -> list[str]:
    """The locales a bundle reads, most specific first, ending at the source locale."""
    chain = [code for code in fallback_chain(locale) if code != source_locale]
    return [*chain, source_locale]


def served(rows: Sequence[TranslationRow], *, approved_only: bool) -> TranslationRow | None:
    """The translation a bundle serves among one (key, locale)'s rows (oldest first).

    A fresh approved translation wins; else a stale one keeps being served (approved before
    translated) until its replacement is approved; else, unless ``approved_only``, the
    newest fresh translated one.
    """
    fresh_approved = stale_approved = stale_translated = fresh_translated = None
    for row in rows:
        if row.state == "approved":
            if row.stale:
                stale_approved = row
            else:
                fresh_approved = row
        elif row.state == "translated":
            if row.stale:
                stale_translated = row
            else:
                fresh_translated = row
    if fresh_approved is not None:
        return fresh_approved
    if approved_only:
        return stale_approved
    return stale_approved or stale_translated or fresh_translated


def index_translations(
    rows: Iterable[TranslationRow],
) -> dict[tuple[str, str], list[TranslationRow]]:
    """Rows grouped by (key, locale), each group oldest first."""
    grouped: dict[tuple[str, str], list[TranslationRow]] = {}
    for row in sorted(rows, key=lambda r: r.id):
        if row.state in SERVED_STATES:
            grouped.setdefault((row.key, row.locale), []).append(row)
    return grouped


def resolve_value(
    source: SourceRow,
    translations: Mapping[tuple[str, str], Sequence[TranslationRow]],
    chain: Sequence[str],
    *,
    approved_only: bool,
) -> Value:
    """The first served translation along ``chain`` (its last item is the source locale)."""
    for locale in chain[:-1]:
        rows = translations.get((source.key, locale))
        if rows:
            row = served(rows, approved_only=approved_only)
            if row is not None:
                return row.value
    return source.value


def resolve_bundle(
    sources: Iterable[SourceRow],
    translations: Mapping[tuple[str, str], Sequence[TranslationRow]],
    chain: Sequence[str],
    *,
    approved_only: bool,
) -> dict[str, Value]:
    """Every live key of the namespace → its value for the bundle's locale, sorted by key."""
    return {
        source.key: resolve_value(source, translations, chain, approved_only=approved_only)
        for source in sorted(sources, key=lambda s: s.key)
    }


def etag(namespace: str, locale: str, version: int, *, approved_only: bool) -> str:
    suffix = ".approved" if approved_only else ""
    return f'"{namespace}.{locale}.{version}{suffix}"'


def encode_strings(strings: Mapping[str, Value]) -> bytes:
    return json.dumps(strings, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def decode_strings(data: bytes) -> dict[str, Value]:
    decoded: dict[str, Value] = json.loads(data)
    return decoded


def full_body(namespace: str, locale: str, version: int, strings_json: bytes) -> bytes:
    """The full bundle body, splicing the stored strings JSON in without re-encoding it."""
    head = json.dumps(
        {"namespace": namespace, "locale": locale, "version": version, "delta": False},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return head[:-1].encode() + b',"strings":' + strings_json + b',"deleted":[]}'


def relevant_keys(changes: Iterable[tuple[str, str | None]], chain: Sequence[str]) -> set[str]:
    """Keys whose change can affect a bundle reading ``chain`` (None: every locale)."""
    wanted = set(chain)
    return {key for key, locale in changes if locale is None or locale in wanted}


def delta_body(
    namespace: str,
    locale: str,
    since: int,
    version: int,
    strings: Mapping[str, Value],
    changed: Iterable[str],
) -> bytes:
    """Changed or added keys with their values now, and keys deleted since ``since``."""
    present = {key: strings[key] for key in sorted(changed) if key in strings}
    deleted = sorted(key for key in changed if key not in strings)
    body = {
        "namespace": namespace,
        "locale": locale,
        "version": version,
        "delta": True,
        "since": since,
        "strings": present,
        "deleted": deleted,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
