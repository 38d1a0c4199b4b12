"""Catalogs at scale: filling a new target with 20,000 entries, in every format; inserting
5,000 entries after= their source predecessor, and setting 5,000 existing ones again.

Each insert must cost O(1) amortised with no recursion tied to the number of entries
(``catalog._splice`` used to recurse once per inserted entry and re-walk the whole order
on every insert). Speed is measured by ``bench/new_target.py``; these tests check that
the big edits work and read back exactly.
"""

from __future__ import annotations

import pytest

import catalog
from catalog import Document, Entry
from tests.catalog.synthetic import FORMATS, source_file, translated

SIZE = 20_000
#: for the edits of an existing target (deep enough for any recursion tied to N to fail;
#: that the cost is linear is shown by bench/new_target.py)
EDIT_SIZE = 5_000
LOCALE = "de-DE"
#: formats that write the comment given to ``set`` for a new entry (or, for PO and
#: XLIFF, whose new target copies every source message or unit with its comment)
KEEPS_COMMENTS = {"android", "ios-strings", "po", "arb", "xliff"}

pytestmark = pytest.mark.slow


def _source(format_name: str, size: int = SIZE) -> tuple[Document, list[Entry]]:
    source = catalog.load(*source_file(format_name, size))
    entries = source.entries()
    assert len(entries) == size
    return source, entries


def _expected(format_name: str, entries: list[Entry]) -> dict[str, tuple[object, str | None]]:
    keeps = format_name in KEEPS_COMMENTS
    return {
        entry.key: (translated(entry.value), entry.comment if keeps else None) for entry in entries
    }


def _read_back(document: Document) -> tuple[list[str], dict[str, tuple[object, str | None]]]:
    reread = catalog.load(document.path, document.dump())
    entries = reread.entries()
    return [e.key for e in entries], {e.key: (_plain(e.value), e.comment) for e in entries}


def _plain(value: object) -> object:
    return value if isinstance(value, str) else dict(value)  # type: ignore[call-overload]


@pytest.mark.parametrize("format_name", FORMATS)
def test_a_new_target_filled_with_every_source_entry_reads_back_as_set(format_name: str) -> None:
    source, entries = _source(format_name)
    target = catalog.new_target(source, LOCALE)
    for entry in entries:
        target.set(entry.key, translated(entry.value), comment=entry.comment)
    assert target.keys() == [entry.key for entry in entries]
    keys, read = _read_back(target)
    assert keys == [entry.key for entry in entries]
    assert read == _expected(format_name, entries)


@pytest.mark.parametrize("format_name", FORMATS)
def test_missing_entries_inserted_after_their_source_predecessor_land_in_source_order(
    format_name: str,
) -> None:
    source, entries = _source(format_name, EDIT_SIZE)
    half = catalog.new_target(source, LOCALE)
    for entry in entries[::2]:
        half.set(entry.key, translated(entry.value), comment=entry.comment)
    target = catalog.load(half.path, half.dump())
    for index in range(1, len(entries), 2):
        entry = entries[index]
        anchor = entries[index - 1].key
        target.set(entry.key, translated(entry.value), comment=entry.comment, after=anchor)
    keys, read = _read_back(target)
    assert keys == [entry.key for entry in entries]
    assert read == _expected(format_name, entries)


@pytest.mark.parametrize("format_name", FORMATS)
def test_setting_every_entry_of_a_full_target_again_changes_only_values(format_name: str) -> None:
    source, entries = _source(format_name, EDIT_SIZE)
    target = catalog.new_target(source, LOCALE)
    for entry in entries:
        target.set(entry.key, translated(entry.value), comment=entry.comment)
    full = catalog.load(target.path, target.dump())
    for entry in entries:
        full.set(entry.key, translated(translated(entry.value)))
    keys, read = _read_back(full)
    assert keys == [entry.key for entry in entries]
    assert {key: value for key, (value, _) in read.items()} == {
        entry.key: translated(translated(entry.value)) for entry in entries
    }
