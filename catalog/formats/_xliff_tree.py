"""XLIFF entries read from lxml's tree, for files where that equals the text scan.

The text scan (``_xliff_scan``) keeps offsets for edits but costs Python steps per unit;
most files need none of it to be read. When a file has nothing that lxml reads
differently from the scan (no carriage returns, comments or CDATA, character references
that ``html.unescape`` decodes like XML, ids without whitespace), the entries come from
the tree, and the scan runs on the first edit. Otherwise ``read_tree`` returns None.

>>> from lxml import etree
>>> text = ('<xliff><file><body>\\n<trans-unit id="k"><source>A &amp; B</source>'
...     '<note>n</note></trans-unit></body></file></xliff>')
>>> read = read_tree(etree.fromstring(text), text, 10)
>>> read.is_translation, read.entries["k"]
(False, Entry(key='k', value='A & B', comment='n', context=None, max_length=None, \
translatable=True, line=2, kind='string'))
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lxml import etree

from catalog.base import Entry

__all__ = ["TreeRead", "read_tree"]

_UNIT_OPEN = re.compile(r"<trans-unit\b")
_TARGET_LANGUAGE = re.compile(r"""\btarget-language\s*=\s*(["'])[^"']*\1""")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


@dataclass(frozen=True)
class TreeRead:
    """Entries in file order (None: read that unit with the text scan)."""

    is_translation: bool
    entries: dict[str, Entry | None]


def _same_as_scan(text: str) -> bool:
    """Whether the tree's text equals what the scan decodes, for the whole file."""
    if "\r" in text or "<!--" in text or "<![CDATA[" in text:
        return False
    for reference in set(_CHAR_REF.findall(text)):
        code = int(reference[0], 16) if reference[0] else int(reference[1])
        spelled = f"&#x{reference[0]};" if reference[0] else f"&#{reference[1]};"
        if code > 0x10FFFF or html.unescape(spelled) != chr(code):
            return False
    return True


class _Unit:
    __slots__ = ("element", "key", "line", "notes", "plain", "source", "target")

    def __init__(self, key: str, line: int, element: etree._Element) -> None:
        self.key = key
        self.line = line
        self.element = element
        self.source: etree._Element | None = None
        self.target: etree._Element | None = None
        self.notes: list[etree._Element] = []
        self.plain = True  # no inline markup anywhere read (else: the text scan)


def _units(root: etree._Element, text: str, max_entries: int) -> list[_Unit] | None:
    """Every unit with its own source, target and notes (before any alt-trans); None if odd."""
    elements = list(root.iter("{*}trans-unit"))
    if len(elements) > max_entries:
        return None
    starts = [match.start() for match in _UNIT_OPEN.finditer(text)]
    if len(starts) != len(elements):
        return None
    units: list[_Unit] = []
    seen: set[str] = set()
    line, previous = 1, 0
    unit_tag = ""
    for element, start in zip(elements, starts, strict=True):
        line += text.count("\n", previous, start)
        previous = start
        key = element.get("id")
        if key is None or " " in key or key in seen:
            return None
        seen.add(key)
        if element.tag != unit_tag:  # a new namespace (lxml reads every one)
            unit_tag = element.tag
            namespace = unit_tag[: -len("trans-unit")]
            source_tag, target_tag = namespace + "source", namespace + "target"
            note_tag, alt_tag = namespace + "note", namespace + "alt-trans"
        unit = _Unit(key, line, element)
        for child in element:
            tag = child.tag
            if tag == source_tag:
                if unit.source is None:
                    unit.source = child
            elif tag == target_tag:
                if unit.target is None:
                    unit.target = child
            elif tag == note_tag:
                unit.notes.append(child)
            elif tag == alt_tag:
                break
            elif not isinstance(tag, str):
                return None
            else:
                continue
            if len(child):
                unit.plain = False
        if unit.source is None:
            return None
        units.append(unit)
    return units


def _entry(unit: _Unit, value: etree._Element) -> Entry | None:
    element = unit.element
    context = element.get("resname")
    if not unit.plain or (context is not None and " " in context):
        return None
    notes = [note.text for note in unit.notes if note.text and note.text.strip()]
    max_width = element.get("maxwidth", "")
    return Entry(
        unit.key,
        value.text or "",
        "\n".join(notes) if notes else None,
        context,
        int(max_width) if max_width.isdigit() else None,
        element.get("translate", "yes") != "no",
        unit.line,
    )


def read_tree(root: etree._Element, text: str, max_entries: int) -> TreeRead | None:
    """Entries and unit lines from the tree, or None when the text scan must read them."""
    if not _same_as_scan(text):
        return None
    units = _units(root, text, max_entries)
    if units is None:
        return None
    translation = _TARGET_LANGUAGE.search(text) is not None or any(
        unit.target is not None for unit in units
    )
    entries: dict[str, Entry | None] = {}
    for unit in units:
        value = unit.target if translation else unit.source
        if value is not None:
            entries[unit.key] = _entry(unit, value)
    return TreeRead(translation, entries)
