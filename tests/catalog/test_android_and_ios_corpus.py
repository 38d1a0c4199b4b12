"""Fidelity on real files: no-op round trips and minimal-diff edits (Android, iOS corpora)."""

from __future__ import annotations

import codecs
import difflib
from pathlib import Path

import pytest

import catalog
from catalog import Document, Entry

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
SUFFIXES = {".xml", ".strings", ".stringsdict"}


def _files(corpus: str) -> list[Path]:
    root = CORPORA / corpus
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


ANDROID = _files("android-newpipe")
IOS = _files("ios-mastodon")
ALL = ANDROID + IOS
# Edits are checked on every source file and a fixed sample of translations, to keep the
# suite fast; the no-op round trip covers every file.
EDIT_SAMPLE = [
    p
    for index, p in enumerate(ALL)
    if index % 4 == 0 or "/values/" in str(p) or "en.lproj" in str(p)
]
needs_corpora = pytest.mark.skipif(not ALL, reason=f"shared corpora not found at {CORPORA}")


def _load(path: Path) -> tuple[bytes, Document]:
    data = path.read_bytes()
    return data, catalog.load(str(path.relative_to(CORPORA)), data)


def _decode(data: bytes) -> str:
    """Text of a corpus file (UTF-8, or UTF-16 with a BOM like Settings.bundle files)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8")


def _changed_old_lines(old: str, new: str) -> tuple[set[int], list[str]]:
    """1-based old line numbers replaced/deleted, and lines inserted, by a line diff."""
    matcher = difflib.SequenceMatcher(
        None, old.splitlines(keepends=True), new.splitlines(keepends=True), autojunk=False
    )
    touched: set[int] = set()
    inserted: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            touched.update(range(i1 + 1, i2 + 1))
            inserted.extend(new.splitlines(keepends=True)[j1:j2])
    return touched, inserted


def _edited_value(entry: Entry) -> str | dict[str, str]:
    if isinstance(entry.value, str):
        return entry.value + " (edited)"
    return {form: text + " (edited)" for form, text in entry.value.items()}


@needs_corpora
def test_corpora_are_the_expected_size() -> None:
    assert len(ANDROID) >= 100
    assert len(IOS) >= 300


@needs_corpora
@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(CORPORA)))
def test_noop_round_trip_is_byte_identical(path: Path) -> None:
    data, document = _load(path)
    document.entries()
    assert document.dump() == data


def _editable(document: Document) -> list[Entry]:
    return [entry for entry in document.entries() if entry.translatable]


def _pick(document: Document) -> list[Entry]:
    """The first entry of each kind and the last entry: a spread of shapes per file."""
    chosen: dict[str, Entry] = {}
    for entry in _editable(document):
        chosen.setdefault(entry.kind, entry)
    entries = _editable(document)
    if entries:
        chosen["last"] = entries[-1]
    return list(chosen.values())


@needs_corpora
@pytest.mark.parametrize("path", EDIT_SAMPLE, ids=lambda p: str(p.relative_to(CORPORA)))
def test_setting_one_entry_changes_only_its_lines(path: Path) -> None:
    data, original = _load(path)
    old_text = _decode(data)
    entries = original.entries()
    for entry in _pick(original):
        _, document = _load(path)
        new_value = _edited_value(entry)
        document.set(entry.key, new_value)
        output = document.dump()
        reread = catalog.load(document.path, output)
        assert reread.get(entry.key) is not None
        assert reread.get(entry.key).value == new_value  # type: ignore[union-attr]
        others = {e.key: e.value for e in reread.entries() if e.key != entry.key}
        assert others == {e.key: e.value for e in entries if e.key != entry.key}
        index = [e.key for e in entries].index(entry.key)
        last_line = entries[index + 1].line - 1 if index + 1 < len(entries) else None
        touched, _ = _changed_old_lines(old_text, _decode(output))
        assert touched, "the edit changed nothing"
        assert min(touched) >= (entry.line or 0)
        if last_line is not None:
            assert max(touched) <= last_line


@needs_corpora
@pytest.mark.parametrize("path", EDIT_SAMPLE, ids=lambda p: str(p.relative_to(CORPORA)))
def test_adding_one_entry_only_adds_lines(path: Path) -> None:
    data, document = _load(path)
    before = {e.key: e.value for e in document.entries()}
    plural = document.format == "ios-stringsdict" or (
        document.format == "android" and any(e.kind == "plural" for e in document.entries())
    )
    value: str | dict[str, str] = (
        {"one": "%d new thing", "other": "%d new things"} if plural else "A new string"
    )
    document.set("zz_added_key", value)
    output = document.dump()
    old_lines = _decode(data).splitlines(keepends=True)
    new_lines = _decode(output).splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not before:
        # an empty container written on one line (<resources></resources>) must open up:
        # only that line changes
        assert all(op[0] in ("insert", "replace") and op[2] - op[1] <= 1 for op in changes)
    elif [op[0] for op in changes] != ["insert"]:
        # a file whose last entry ends without a newline: that line gains one, nothing else
        tag, i1, i2, j1, _ = changes[0]
        assert (
            len(changes) == 1
            and tag == "replace"
            and (i1, i2) == (len(old_lines) - 1, len(old_lines))
        )
        assert not old_lines[-1].endswith(("\n", "\r"))
        assert new_lines[j1].rstrip("\r\n") == old_lines[-1]
    reread = catalog.load(document.path, output)
    assert reread.get("zz_added_key") is not None
    assert {e.key: e.value for e in reread.entries() if e.key != "zz_added_key"} == before
    assert reread.keys()[-1] == "zz_added_key"
