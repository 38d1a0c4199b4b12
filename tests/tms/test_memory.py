"""Translation memory files: PO (with plurals) and JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from tms.stub.memory import MemoryItem, read_json, read_memory_file, read_po

PO = r"""
msgid ""
msgstr ""
"Language: ar\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
"n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\n"

msgid "Save"
msgstr "حفظ"

msgid "%d file"
msgid_plural "%d files"
msgstr[0] "لا ملفات"
msgstr[1] "ملف واحد"
msgstr[2] "ملفان"
msgstr[3] "%d ملفات"
msgstr[4] "%d ملفًا"
msgstr[5] "%d ملف"

msgid "Untranslated"
msgstr ""
"""


def test_po_entries_and_plurals_map_to_cldr_categories() -> None:
    items = read_po(PO)
    assert items[0] == MemoryItem("ar", "Save", "حفظ")
    plural = items[1]
    assert plural.source == "%d file"
    assert isinstance(plural.target, dict)
    assert list(plural.target) == ["zero", "one", "two", "few", "many", "other"]
    assert plural.target["two"] == "ملفان"
    assert len(items) == 2  # untranslated entries are not memory


def test_po_without_language_needs_a_locale() -> None:
    content = 'msgid "Save"\nmsgstr "Enregistrer"\n'
    with pytest.raises(ValueError, match="Language"):
        read_po(content)
    assert read_po(content, "fr") == [MemoryItem("fr", "Save", "Enregistrer")]


def test_json_in_both_shapes(tmp_path: Path) -> None:
    full = {
        "locale": "fr",
        "entries": [
            {"source": "Save", "target": "Enregistrer"},
            {"source": "%d file", "target": {"one": "%d fichier", "other": "%d fichiers"}},
        ],
    }
    assert read_json(full)[1].target == {"one": "%d fichier", "other": "%d fichiers"}
    short = tmp_path / "memory.json"
    short.write_text('{"de": {"Save": "Speichern"}}', encoding="utf-8")
    assert read_memory_file(short) == [MemoryItem("de", "Save", "Speichern")]
    with pytest.raises(ValueError, match=r"^memory target for 'x' must be a text or an object$"):
        read_json({"entries": [{"source": "x", "target": 3}]}, "fr")
