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
#: what lxml and the scan read differently (besides CR, which lxml normalises): comments
#: and CDATA (the scan searches raw text) and processing instructions; DOCTYPEs are refused
_READ_APART = re.compile(r"<[!?]")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


@dataclass(frozen=True)
class TreeRead:
    """Entries in file order (None: read that unit with the text scan)."""

    is_translation: bool
    entries: dict[str, Entry | None]


def _same_as_scan(text: str) -> bool:
    """Whether the tree's text equals what the scan decodes, for the whole file."""
    declaration_end = text.find("?>") + 2 if text.startswith("<?xml") else 0
    if "\r" in text or _READ_APART.search(text, declaration_end) is not None:
        return False
    for reference in set(_CHAR_REF.findall(text)):
        code = int(reference[0], 16) if reference[0] else int(reference[1])
        spelled = f"&#x{reference[0]};" if reference[0] else f"&#{reference[1]};"
        if code > 0x10FFFF or html.unescape(spelled) != chr(code):
            return False
    return True


class _Markup(Exception):
    """Inline markup where a value is read: the scan reads it as markup text."""


def _first_children(
    root: etree._Element, tag: str, units: dict[etree._Element, int]
) -> dict[int, etree._Element]:
    """Unit index -> its first child element with this tag (_Markup if it holds elements)."""
    found: dict[int, etree._Element] = {}
    for element in root.iter(tag):
        index = units.get(element.getparent())  # type: ignore[arg-type]
        if index is not None and index not in found:
            if len(element):
                raise _Markup
            found[index] = element
    return found


def read_tree(root: etree._Element, text: str, max_entries: int) -> TreeRead | None:
    """Entries from the tree, or None when the text scan must read them."""
    if not _same_as_scan(text):
        return None
    elements = list(root.iter("{*}trans-unit"))
    if len(elements) > max_entries or not elements:
        return None
    namespace = elements[0].tag[: -len("trans-unit")]
    starts = [match.start() for match in _UNIT_OPEN.finditer(text)]
    if len(starts) != len(elements) or next(root.iter(namespace + "alt-trans"), None) is not None:
        return None  # the scan reads a unit's own parts before any proposals
    units = {element: index for index, element in enumerate(elements)}
    try:
        sources = _first_children(root, namespace + "source", units)
        targets = _first_children(root, namespace + "target", units)
    except _Markup:
        return None
    if len(sources) != len(elements):
        return None  # a unit without a source (or in another namespace)
    notes: dict[int, list[str]] = {}
    for note in root.iter(namespace + "note"):
        if note.text is None and not len(note):
            continue  # <note/>: nothing to read
        index = units.get(note.getparent())  # type: ignore[arg-type]
        if index is not None and len(note):
            return None
        if index is not None and note.text and note.text.strip():
            notes.setdefault(index, []).append(note.text)
    translation = _TARGET_LANGUAGE.search(text) is not None or bool(targets)
    values = targets if translation else sources
    entries: dict[str, Entry | None] = {}
    keys: set[str] = set()
    line, previous = 1, 0
    for index, (element, start) in enumerate(zip(elements, starts, strict=True)):
        line += text.count("\n", previous, start)
        previous = start
        key = element.get("id")
        if key is None or " " in key or key in keys or element.tag != elements[0].tag:
            return None
        keys.add(key)
        value = values.get(index)
        if value is None:
            continue
        context = element.get("resname")
        if context is not None and " " in context:
            return None
        max_width = element.get("maxwidth", "")
        comment = notes.get(index)
        entries[key] = Entry(
            key,
            value.text or "",
            "\n".join(comment) if comment else None,
            context,
            int(max_width) if max_width.isdigit() else None,
            element.get("translate", "yes") != "no",
            line,
        )
    return TreeRead(translation, entries)
