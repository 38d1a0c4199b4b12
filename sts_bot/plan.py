"""What to send to the vendor: the pull request's new and changed strings, or a locale's gaps.

Pure: catalogs in, a :class:`Plan` out. ``plan_changes`` is `translate apply` (three-dot,
against the merge base); ``plan_missing`` is `translate apply <locale>…` (everything the
repository still lacks for those locales).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog import Document, Entry, diff

__all__ = [
    "FileRevisions",
    "Plan",
    "PlannedString",
    "array_item_key",
    "plan_changes",
    "plan_missing",
]


@dataclass(frozen=True)
class FileRevisions:
    """One source file and its targets, at the merge base and at the pull request's head."""

    source_path: str
    head: Document
    base: Document | None
    target_paths: Mapping[str, str]  # locale -> target file path
    targets_head: Mapping[str, Document | None]
    targets_base: Mapping[str, Document | None] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedString:
    """One source string to translate into some locales."""

    file: str
    key: str
    value: str | dict[str, str]
    kind: str
    locales: tuple[str, ...]
    comment: str | None = None
    context: str | None = None
    max_length: int | None = None
    line: int | None = None

    @property
    def entry(self) -> Entry:
        return Entry(
            self.key,
            self.value,
            comment=self.comment,
            context=self.context,
            max_length=self.max_length,
            kind=self.kind,
        )

    def to_json(self) -> dict[str, Any]:
        """The string as JSON; optional fields that are None are left out (``from_json``
        reads them back as None), which keeps a plan of 50,000 strings megabytes smaller."""
        data: dict[str, Any] = {
            "file": self.file,
            "key": self.key,
            "value": self.value,
            "kind": self.kind,
            "locales": list(self.locales),
        }
        if self.comment is not None:
            data["comment"] = self.comment
        if self.context is not None:
            data["context"] = self.context
        if self.max_length is not None:
            data["max_length"] = self.max_length
        if self.line is not None:
            data["line"] = self.line
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlannedString:
        return cls(
            data["file"],
            data["key"],
            data["value"],
            data["kind"],
            tuple(data["locales"]),
            data.get("comment"),
            data.get("context"),
            data.get("max_length"),
            data.get("line"),
        )


@dataclass(frozen=True)
class Plan:
    """The strings to send, each under a vendor key unique within the job."""

    strings: tuple[PlannedString, ...]
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.strings)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(loc for string in self.strings for loc in string.locales))

    def vendor_keys(self) -> dict[str, PlannedString]:
        """Vendor key -> string: the key itself, or ``file::key`` where files share a key.

        A string array goes to the vendor as one string per item, ``<vendor key>[<index>]``
        (see :func:`array_item_key`).
        """
        counts = Counter(string.key for string in self.strings)
        return {
            (string.key if counts[string.key] == 1 else f"{string.file}::{string.key}"): string
            for string in self.strings
        }

    def counts(self) -> dict[str, int]:
        """Strings per locale."""
        per_locale: Counter[str] = Counter()
        for string in self.strings:
            per_locale.update(string.locales)
        return dict(per_locale)

    def to_json(self) -> dict[str, Any]:
        return {"strings": [s.to_json() for s in self.strings], "notes": list(self.notes)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        return cls(
            tuple(PlannedString.from_json(item) for item in data.get("strings", [])),
            tuple(data.get("notes", [])),
        )


def array_item_key(vendor_key: str, index: str) -> str:
    """The vendor key of one item of a string array."""
    return f"{vendor_key}[{index}]"


def plan_changes(files: Sequence[FileRevisions], locales: Sequence[str]) -> Plan:
    """Strings added or changed in the pull request that the target files still need.

    An added key is sent to each locale whose target lacks it. A changed source text is
    re-sent to each locale whose target entry was not updated in the same pull request
    (its old translation stays until the new one arrives).
    """
    strings: list[PlannedString] = []
    notes: list[str] = []
    for revision in files:
        changes = diff(revision.base, revision.head)
        added, changed = set(changes.added), set(changes.changed)
        if not added and not changed:
            continue
        present = {loc: _keys(revision.targets_head.get(loc)) for loc in locales}
        for entry in revision.head.entries():
            if entry.key not in added and entry.key not in changed:
                continue
            if not _sendable(entry, revision.source_path, notes):
                continue
            needed = tuple(
                loc
                for loc in locales
                if entry.key not in present[loc]
                or (entry.key in changed and not _updated_in_pr(revision, loc, entry.key))
            )
            if needed:
                strings.append(_planned(revision.source_path, entry, needed))
    return Plan(tuple(strings), tuple(notes))


def plan_missing(files: Sequence[FileRevisions], locales: Sequence[str]) -> Plan:
    """Every translatable source string that a target file of one of ``locales`` lacks."""
    strings: list[PlannedString] = []
    notes: list[str] = []
    for revision in files:
        present = {loc: _keys(revision.targets_head.get(loc)) for loc in locales}
        for entry in revision.head.entries():
            if not _sendable(entry, revision.source_path, notes):
                continue
            needed = tuple(loc for loc in locales if entry.key not in present[loc])
            if needed:
                strings.append(_planned(revision.source_path, entry, needed))
    return Plan(tuple(strings), tuple(notes))


def _keys(document: Document | None) -> set[str]:
    return set(document.keys()) if document is not None else set()


def _updated_in_pr(revision: FileRevisions, locale: str, key: str) -> bool:
    head = revision.targets_head.get(locale)
    base = revision.targets_base.get(locale)
    head_entry = head.get(key) if head is not None else None
    base_entry = base.get(key) if base is not None else None
    return head_entry is not None and (base_entry is None or head_entry.value != base_entry.value)


def _sendable(entry: Entry, path: str, notes: list[str]) -> bool:
    if not entry.translatable:
        return False
    return any(text.strip() for text in entry.texts())


def _planned(path: str, entry: Entry, locales: tuple[str, ...]) -> PlannedString:
    value: str | dict[str, str] = entry.value if isinstance(entry.value, str) else dict(entry.value)
    return PlannedString(
        path,
        entry.key,
        value,
        entry.kind,
        locales,
        entry.comment,
        entry.context,
        entry.max_length,
        entry.line,
    )
