"""Loading, editing and dumping usual files costs time linear in their entries (.strings, PO).

The hostile-time tests grow files written on one line or made of one construct; these
grow the usual layout the bot meets (synthetic.py's sources: comments, blank lines,
plurals), where a per-entry cost that scanned the whole text once went unnoticed.
"""

from __future__ import annotations

import pytest

import catalog
from tests.catalog.synthetic import source_file, translated
from tests.catalog.test_hostile_time import _cpu


def _file(format_name: str, size: int) -> tuple[str, bytes]:
    """A synthetic source, or for PO (whose source is a template) a filled target of it."""
    if format_name != "po":
        return source_file(format_name, size)
    source = catalog.load(*source_file(format_name, size))
    target = catalog.new_target(source, "de-DE")
    for entry in source.entries():
        target.set(entry.key, translated(entry.value), comment=entry.comment)
    return target.path, target.dump()


def _load_update_dump(path: str, data: bytes) -> None:
    document = catalog.load(path, data)
    entries = document.entries()
    for entry in entries[::10]:
        document.set(entry.key, translated(entry.value))
    for entry in entries[5::10]:
        document.set(f"{entry.key}_new", "Neu", after=entry.key)
    document.dump()


@pytest.mark.slow
@pytest.mark.parametrize("format_name", ["ios-strings", "po"])
def test_four_times_the_entries_cost_about_four_times_the_time(format_name: str) -> None:
    small_file, large_file = _file(format_name, 5_000), _file(format_name, 20_000)
    small = _cpu(lambda: _load_update_dump(*small_file))
    large = _cpu(lambda: _load_update_dump(*large_file))
    # linear: ~4x; a scan of the whole text per entry made this 10x and more
    assert large < 7 * small, (small, large)
