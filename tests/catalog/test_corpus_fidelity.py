"""Fidelity on every real file: no-op round trips per format, and minimal-diff edits.

Shared corpora are read in place from ``<repo>/../shared/corpora``; the registry corpora
(Django and Wagtail PO, matrix-react-sdk JSON) from ``var/corpora`` after
``scripts/fetch_corpora.sh``.
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

import pytest

import catalog
from catalog import Document, Entry, FormatError

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "corpora"
REGISTRY = REPO / "var" / "corpora"
SUFFIXES = {".xml", ".strings", ".stringsdict", ".arb", ".xliff", ".xlf", ".json", ".po", ".pot"}
#: Files that may not round-trip, each with the reason (none today).
KNOWN_MISSES: dict[str, str] = {}


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


SHARED_FILES = _files(SHARED)
REGISTRY_FILES = _files(REGISTRY)
ALL_FILES = SHARED_FILES + REGISTRY_FILES
needs_shared = pytest.mark.skipif(not SHARED_FILES, reason=f"shared corpora not found at {SHARED}")
needs_registry = pytest.mark.skipif(not REGISTRY_FILES, reason="run scripts/fetch_corpora.sh")

MY_FORMATS = {"json", "arb", "po", "xliff"}


def _name(path: Path) -> str:
    for root in (SHARED, REGISTRY):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


def _load(path: Path) -> tuple[bytes, Document]:
    data = path.read_bytes()
    return data, catalog.load(_name(path), data)


def _round_trips(path: Path) -> tuple[str, bool, str]:
    """(format, identical, reason) for one file."""
    data = path.read_bytes()
    try:
        format_name = catalog.detect_format(_name(path), data)
        document = catalog.load(_name(path), data)
    except FormatError as error:
        return "unreadable", False, str(error)
    document.entries()
    return format_name, document.dump() == data, "output differs"


def _sample(paths: list[Path], formats: set[str], every: int) -> list[Path]:
    """Every source file plus every ``every``-th file, for the formats given."""
    chosen = []
    for index, path in enumerate(paths):
        text = str(path)
        if catalog.detect_format(_name(path), path.read_bytes()) not in formats:
            continue
        source = "/en/" in text or "en_EN" in text or "intl_en." in text or "en-US" in text
        if source or index % every == 0:
            chosen.append(path)
    return chosen


def _report(results: dict[Path, tuple[str, bool, str]]) -> list[str]:
    totals: Counter[str] = Counter()
    identical: Counter[str] = Counter()
    for format_name, same, _ in results.values():
        totals[format_name] += 1
        identical[format_name] += same
    lines = ["no-op round trip, byte-identical files per format:"]
    for format_name in sorted(totals):
        share = 100 * identical[format_name] / totals[format_name]
        lines.append(
            f"  {format_name:16} {identical[format_name]:5}/{totals[format_name]:<5} {share:6.2f}%"
        )
    all_same = sum(identical.values())
    all_files = sum(totals.values())
    lines.append(f"  {'all':16} {all_same:5}/{all_files:<5} {100 * all_same / all_files:6.2f}%")
    return lines


@pytest.mark.skipif(
    not ALL_FILES, reason="no corpora: shared/ missing; run scripts/fetch_corpora.sh"
)
def test_noop_round_trip_per_format(capsys: pytest.CaptureFixture[str]) -> None:
    results = {path: _round_trips(path) for path in ALL_FILES}
    with capsys.disabled():
        print("\n" + "\n".join(_report(results)))
    misses = {_name(path): reason for path, (_, same, reason) in results.items() if not same}
    unexplained = {name: reason for name, reason in misses.items() if name not in KNOWN_MISSES}
    assert not unexplained
    by_format: Counter[str] = Counter(format_name for format_name, _, _ in results.values())
    for format_name, count in by_format.items():
        same = sum(1 for f, ok, _ in results.values() if f == format_name and ok)
        assert same / count >= 0.99, format_name


@needs_registry
def test_registry_corpora_cover_po_and_json() -> None:
    formats = Counter(catalog.detect_format(_name(p), p.read_bytes()) for p in REGISTRY_FILES)
    assert formats["po"] >= 2000
    assert formats["json"] >= 25


@needs_shared
def test_shared_corpora_cover_arb_and_xliff() -> None:
    formats = Counter(catalog.detect_format(_name(p), p.read_bytes()) for p in SHARED_FILES)
    assert formats["arb"] >= 100
    assert formats["xliff"] >= 90


EDIT_SAMPLE = _sample(ALL_FILES, MY_FORMATS, every=40) if ALL_FILES else []


def _edited(entry: Entry) -> str | dict[str, str]:
    if isinstance(entry.value, str):
        return entry.value + " (edited)"
    return {form: text + " (edited)" for form, text in entry.value.items()}


def _pick(document: Document) -> list[Entry]:
    """The first entry of each kind, a middle one and the last one."""
    entries = [entry for entry in document.entries() if entry.translatable]
    chosen: dict[str, Entry] = {}
    for entry in entries:
        chosen.setdefault(entry.kind, entry)
    if entries:
        chosen["middle"] = entries[len(entries) // 2]
        chosen["last"] = entries[-1]
    return list(chosen.values())


def _summary(document: Document) -> dict[str, tuple[object, ...]]:
    return {e.key: (e.value, e.comment, e.context, e.kind) for e in document.entries()}


def _diff_ops(
    old: bytes, new: bytes
) -> tuple[list[str], list[str], list[tuple[str, int, int, int, int]]]:
    old_lines = old.decode("utf-8").splitlines(keepends=True)
    new_lines = new.decode("utf-8").splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return old_lines, new_lines, [op for op in matcher.get_opcodes() if op[0] != "equal"]


@pytest.mark.parametrize("path", EDIT_SAMPLE, ids=_name)
def test_setting_one_entry_changes_only_its_lines(path: Path) -> None:
    data, original = _load(path)
    before = _summary(original)
    entries = original.entries()
    keys = [entry.key for entry in entries]
    for entry in _pick(original):
        _, document = _load(path)
        new_value = _edited(entry)
        document.set(entry.key, new_value)
        output = document.dump()
        after = _summary(catalog.load(document.path, output))
        assert after.pop(entry.key)[0] == new_value
        assert after == {key: value for key, value in before.items() if key != entry.key}
        _, _, ops = _diff_ops(data, output)
        assert len(ops) >= 1
        index = keys.index(entry.key)
        lower = entries[index - 1].line or 0 if index else 0
        upper = entries[index + 1].line if index + 1 < len(entries) else None
        for _, i1, i2, _, _ in ops:
            assert i1 + 1 > lower, "a line of the previous entry changed"
            if upper is not None:
                assert i2 < upper, "a line of the next entry changed"


@pytest.mark.parametrize("path", EDIT_SAMPLE, ids=_name)
def test_adding_one_entry_only_adds_lines(path: Path) -> None:
    data, document = _load(path)
    before = _summary(document)
    document.set("zz_added_key", "A new string")
    output = document.dump()
    reread = catalog.load(document.path, output)
    after = _summary(reread)
    assert after.pop("zz_added_key")[0] == "A new string"
    assert after == before
    assert reread.keys()[-1] == "zz_added_key"
    old_lines, new_lines, ops = _diff_ops(data, output)
    for tag, i1, i2, j1, _ in ops:
        if tag == "insert":
            continue
        # JSON syntax: the member before the new one gains its separating comma
        assert document.format in ("json", "arb")
        assert tag == "replace" and i2 - i1 == 1
        assert new_lines[j1].rstrip("\r\n") == old_lines[i1].rstrip("\r\n") + ","


JSON_FILES = [p for p in ALL_FILES if p.suffix in (".json", ".arb")]


@pytest.mark.skipif(not JSON_FILES, reason="no JSON corpora: run scripts/fetch_corpora.sh")
def test_json_fast_read_matches_the_span_tree() -> None:
    """Entries read through ``json`` (no edit yet) equal those walked on the span tree."""
    mismatched = []
    for path in JSON_FILES:
        _, document = _load(path)
        walked = [binding.entry for binding in document.bindings().values()]  # type: ignore[attr-defined]
        if document.entries() != walked:
            mismatched.append(_name(path))
    assert not mismatched
