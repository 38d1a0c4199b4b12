"""Translation memory: entries loaded from PO or JSON files, looked up by exact source text.

JSON files hold ``{"locale": "fr", "entries": [{"source": "Save", "target": "Enregistrer"}]}``
(a plural target is an object by CLDR category), or the short form ``{"fr": {"Save": "…"}}``.
PO plural entries map ``msgstr[i]`` to the locale's CLDR categories in CLDR order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
from sqlalchemy import select
from sqlalchemy.orm import Session

from tms.stub.models import MemoryEntry
from tms.stub.plurals import plural_categories
from tms.stub.translator import MemoryLookup


@dataclass(frozen=True)
class MemoryItem:
    locale: str
    source: str
    target: str | dict[str, str]


def read_memory_file(path: Path, locale: str | None = None) -> list[MemoryItem]:
    """Entries of a ``.po`` file (its ``Language`` header or ``locale``) or a ``.json`` file."""
    if path.suffix == ".po":
        return read_po(path.read_text(encoding="utf-8"), locale)
    return read_json(json.loads(path.read_text(encoding="utf-8")), locale)


def read_po(content: str, locale: str | None = None) -> list[MemoryItem]:
    catalog = polib.pofile(content)
    language = locale or catalog.metadata.get("Language", "").replace("_", "-")
    if not language:
        raise ValueError("the PO file has no Language header: give the locale")
    items = []
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            categories = plural_categories(language)
            forms = {
                categories[int(i)]: text
                for i, text in entry.msgstr_plural.items()
                if int(i) < len(categories) and text
            }
            items.append(MemoryItem(language, entry.msgid, forms))
        else:
            items.append(MemoryItem(language, entry.msgid, entry.msgstr))
    return items


def read_json(data: Mapping[str, Any], locale: str | None = None) -> list[MemoryItem]:
    if "entries" in data:
        language = str(data.get("locale") or locale or "")
        if not language:
            raise ValueError("the JSON memory has no locale: give one")
        return [_json_item(str(e.get("locale") or language), e) for e in data["entries"]]
    return [
        MemoryItem(lang, source, target)
        for lang, pairs in data.items()
        for source, target in pairs.items()
    ]


def _json_item(locale: str, entry: Mapping[str, Any]) -> MemoryItem:
    target = entry["target"]
    if not isinstance(target, str | dict):
        raise ValueError(f"memory target for {entry['source']!r} must be a text or an object")
    return MemoryItem(locale, str(entry["source"]), target)


def import_memory(session: Session, project_id: str, items: Iterable[MemoryItem]) -> int:
    """Add or replace entries; return how many were written."""
    count = 0
    for item in items:
        existing = session.scalar(
            select(MemoryEntry).where(
                MemoryEntry.project_id == project_id,
                MemoryEntry.locale == item.locale,
                MemoryEntry.source == item.source,
            )
        )
        if existing is None:
            session.add(
                MemoryEntry(
                    project_id=project_id,
                    locale=item.locale,
                    source=item.source,
                    target=item.target,
                )
            )
        else:
            existing.target = item.target
        count += 1
    return count


def memory_lookup(session: Session, project_id: str, locales: Iterable[str]) -> MemoryLookup:
    """A lookup over the project's memory for ``locales`` (read once), for the translator."""
    rows = session.execute(
        select(MemoryEntry.locale, MemoryEntry.source, MemoryEntry.target).where(
            MemoryEntry.project_id == project_id, MemoryEntry.locale.in_(list(locales))
        )
    )
    table: dict[tuple[str, str], str | Mapping[str, str]] = {
        (source, locale): target
        for locale, source, target in rows
        if isinstance(target, str | dict)
    }

    def lookup(source: str, locale: str) -> str | Mapping[str, str] | None:
        return table.get((source, locale))

    return lookup
