"""The vendor stub and the QA gate agree: the stub's pseudo-translation of every string of
every corpus file passes ``catalog.qa.check_translation``, so the stub's placeholder
grammar and plural categories cannot drift from catalog's silently.

Strings are sent as the bot sends them (``sts_bot/vendor.py``: arrays one item per
string, the placeholders ``catalog.qa`` finds declared), into a locale with one plural
category and one with all six.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import catalog
from catalog import Entry, FormatError
from catalog.qa import check_translation, extract_placeholders
from tms.stub.translator import PseudoCache, SourceText, translate

REPO = Path(__file__).resolve().parents[2]
CORPORA = [REPO / ".." / "shared" / "corpora", REPO / "var" / "corpora"]
SUFFIXES = {".xml", ".strings", ".stringsdict", ".arb", ".xliff", ".xlf", ".json", ".po", ".pot"}
LOCALES = ("ja", "ar")  # one plural category, and all six


def _files() -> list[Path]:
    return sorted(
        path
        for root in CORPORA
        if root.is_dir()
        for path in root.rglob("*")
        if path.suffix in SUFFIXES and path.is_file()
    )


def _name(path: Path) -> str:
    for root in CORPORA:
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


def _sent(entry: Entry) -> Iterator[Entry]:
    """The entries as the bot sends them: an array one item at a time, as strings."""
    if entry.kind == "array" and not isinstance(entry.value, str):
        for index, text in entry.value.items():
            yield entry._replace(key=f"{entry.key}[{index}]", value=text, kind="string")
    else:
        yield entry


def _source(entry: Entry) -> SourceText:
    value = entry.value
    texts = [value] if isinstance(value, str) else list(value.values())
    placeholders = tuple(
        dict.fromkeys(p.text for text in texts for p in extract_placeholders(text))
    )
    if isinstance(value, str):
        return SourceText(value, None, entry.max_length, placeholders)
    return SourceText(None, dict(value), entry.max_length, placeholders)


def disagreements(path: Path) -> list[str]:
    """Every QA problem found in the stub's translations of one file's strings."""
    try:
        document = catalog.load(_name(path), path.read_bytes())
    except FormatError:
        return []  # unreadable files are the fidelity tests' business
    found: list[str] = []
    cache: PseudoCache = {}
    for original in document.entries():
        for entry in _sent(original):
            if not any(text.strip() for text in entry.texts()):
                continue  # nothing to translate (an untranslated PO msgstr)
            for locale in LOCALES:
                result = translate(_source(entry), locale, cache=cache)
                value = result.plural if result.plural is not None else result.text
                assert value is not None
                for problem in check_translation(entry, value, locale):
                    found.append(f"{entry.key} [{locale}] {problem.code}: {problem.message}")
    return found


FILES = _files()


def test_the_corpora_are_there() -> None:
    assert len(FILES) > 1000, (
        "../shared/corpora and var/corpora (scripts/fetch_corpora.sh) hold the corpus files"
    )


@pytest.mark.slow
def test_every_corpus_string_translated_by_the_stub_passes_the_qa_gate() -> None:
    problems = {_name(path): found for path in FILES if (found := disagreements(path))}
    summary = [f"{name}: {found[:3]}" for name, found in sorted(problems.items())]
    assert not problems, f"{len(problems)} files disagree:\n" + "\n".join(summary[:30])
