"""Fidelity on every real file: no-op round trips per format, and minimal-diff edits.

Two corpus sets, each tested on its own so that one missing changes nothing about the
other: the shared corpora (Android, iOS, ARB, XLIFF), read in place from
``<repo>/../shared/corpora`` when that folder is beside the repository (it is not in a
fresh clone: those tests then skip, saying so); the registry corpora (Django and Wagtail
PO, matrix-react-sdk JSON) from ``var/corpora`` after ``scripts/fetch_corpora.sh``
(``make test`` fetches them).

The edit sample is chosen file by file (every source file, and a file when the CRC-32
of its name inside its corpus set is a multiple of 40), so it depends only on which files
are present, never on their neighbours.
"""

from __future__ import annotations

import difflib
import re
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import catalog
from catalog import Document, Entry, FormatError

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "corpora"
REGISTRY = REPO / "var" / "corpora"
SUFFIXES = {".xml", ".strings", ".stringsdict", ".arb", ".xliff", ".xlf", ".json", ".po", ".pot"}
#: Files that may not round-trip, each with the reason (none today).
KNOWN_MISSES: dict[str, str] = {}
#: Why a corpus set is not tested, when it is absent.
MISSING = {
    "shared": f"../shared/corpora not found beside the repository ({SHARED.resolve()}): "
    "the shared Android, iOS, ARB and XLIFF corpora are not checked",
    "registry": "var/corpora is empty: run scripts/fetch_corpora.sh (make test does)",
}


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


CORPORA = {"shared": (SHARED, _files(SHARED)), "registry": (REGISTRY, _files(REGISTRY))}
SHARED_FILES = CORPORA["shared"][1]
REGISTRY_FILES = CORPORA["registry"][1]
needs_shared = pytest.mark.skipif(not SHARED_FILES, reason=MISSING["shared"])
needs_registry = pytest.mark.skipif(not REGISTRY_FILES, reason=MISSING["registry"])

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


def _in_sample(name: str, every: int) -> bool:
    """Whether a file is in the edit sample: a source file, or one picked by its name's
    CRC-32 (the same answer whatever other files are present).

    >>> _in_sample("django/contrib/admin/locale/en/LC_MESSAGES/django.po", 40)
    True
    >>> [_in_sample(f"x/{i}.po", 4) for i in range(6)]
    [False, False, False, True, False, True]
    """
    source = any(mark in name for mark in ("/en/", "en_EN", "intl_en.", "en-US"))
    return source or zlib.crc32(name.encode("utf-8")) % every == 0


def _sample(paths: list[Path], formats: set[str], every: int) -> list[Path]:
    """Every source file plus the files ``_in_sample`` picks, for the formats given."""
    return [
        path
        for path in paths
        if _in_sample(_name(path), every)
        and catalog.detect_format(_name(path), path.read_bytes()) in formats
    ]


def _params(paths_by_corpus: dict[str, list[Path]]) -> list[Any]:
    """One test parameter per file, named ``<corpus>/<file>``; a corpus set that is
    absent gives one skipped parameter saying why."""
    params: list[Any] = []
    for corpus, paths in paths_by_corpus.items():
        if not CORPORA[corpus][1]:
            params.append(
                pytest.param(None, id=corpus, marks=pytest.mark.skip(reason=MISSING[corpus]))
            )
        params += [pytest.param(path, id=f"{corpus}/{_name(path)}") for path in paths]
    return params


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


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_noop_round_trip_per_format(corpus: str, capsys: pytest.CaptureFixture[str]) -> None:
    files = CORPORA[corpus][1]
    if not files:
        pytest.skip(MISSING[corpus])
    results = {path: _round_trips(path) for path in files}
    with capsys.disabled():
        print(f"\n{corpus} corpora, " + "\n".join(_report(results)))
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


EDIT_SAMPLE = _params(
    {corpus: _sample(files, MY_FORMATS, every=40) for corpus, (_, files) in CORPORA.items()}
)


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


@pytest.mark.parametrize("path", EDIT_SAMPLE)
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


@pytest.mark.parametrize("path", EDIT_SAMPLE)
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


_NPLURALS = re.compile(rb"nplurals\s*=\s*(\d+)")
_MSGSTR_INDEX = re.compile(rb"^msgstr\[(\d+)\]", re.MULTILINE)


def _more_forms_than_nplurals(data: bytes) -> bool:
    declared = _NPLURALS.search(data)
    indices = [int(index) for index in _MSGSTR_INDEX.findall(data)]
    return declared is not None and bool(indices) and max(indices) >= int(declared.group(1))


EXTRA_FORM_FILES = [
    p for p in REGISTRY_FILES if p.suffix == ".po" and _more_forms_than_nplurals(p.read_bytes())
]


@needs_registry
def test_po_edits_keep_forms_beyond_nplurals_in_real_files() -> None:
    """Files with more ``msgstr[N]`` than their header's nplurals (Django's es_AR
    postgres catalog): setting the header's forms keeps the others as they were."""
    assert EXTRA_FORM_FILES, "the registry corpora should hold such a file (Django es_AR)"
    for path in EXTRA_FORM_FILES:
        _, document = _load(path)
        extra = [e for e in document.entries() if e.kind == "plural" and _index_forms(e)]
        assert extra, _name(path)
        for entry in extra:
            assert isinstance(entry.value, dict)
            counted = {k: v + " (edited)" for k, v in entry.value.items() if not k.isdigit()}
            document.set(entry.key, counted)
        reread = catalog.load(document.path, document.dump())
        for entry in extra:
            after = reread.get(entry.key)
            assert after is not None and isinstance(entry.value, dict)
            assert _index_forms(after) == _index_forms(entry), (_name(path), entry.key)


def _index_forms(entry: Entry) -> dict[str, str]:
    """The forms of a plural entry named by index: those the header does not count."""
    assert not isinstance(entry.value, str)
    return {k: v for k, v in entry.value.items() if k.isdigit()}
