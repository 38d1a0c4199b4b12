"""What changed between two revisions of a catalog: added, changed and removed keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.base import Document, Entry

__all__ = ["CatalogDiff", "diff"]


@dataclass(frozen=True)
class CatalogDiff:
    """Keys added, changed (source text differs) and removed, each in file order."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _text_of(entry: Entry) -> object:
    if isinstance(entry.value, str):
        return entry.value
    return dict(entry.value)


def diff(old: Document | None, new: Document) -> CatalogDiff:
    """Compare two revisions of the same catalog by key and source text (not comments).

    ``old`` may be None for a file that did not exist: every key is then added.
    """
    old_entries = {entry.key: entry for entry in old.entries()} if old is not None else {}
    new_entries = {entry.key: entry for entry in new.entries()}
    added = [key for key in new_entries if key not in old_entries]
    changed = [
        key
        for key, entry in new_entries.items()
        if key in old_entries
        and (_text_of(entry) != _text_of(old_entries[key]) or entry.kind != old_entries[key].kind)
    ]
    removed = [key for key in old_entries if key not in new_entries]
    return CatalogDiff(added, changed, removed)
