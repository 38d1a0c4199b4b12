"""XLIFF entries read from lxml's tree, for files where that equals the text scan.

The text scan (``_xliff_scan``) keeps offsets for edits but costs Python steps per unit;
most files need none of it to be read. When a file has nothing that lxml reads
differently from the scan (no carriage returns, comments or CDATA, character references
that ``html.unescape`` decodes like XML, ids without whitespace), the entries come from
the tree, and the scan runs on the first edit. Otherwise ``read_tree`` returns None.

>>> from lxml import etree
>>> text = ('<xliff><file><body>\\n<trans-unit id="k"><source>A &amp; B</source>'
...     '<note>n</note></trans-unit></body></file></xliff>')
>>> read = read_tree(etree.fromstring(text), text, text.encode(), 10)
>>> read.is_translation, read.entries["k"]
(False, Entry(key='k', value='A & B', comment='n', context=None, max_length=None, \
translatable=True, line=2, kind='string'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import attrgetter, itemgetter

from lxml import etree

from catalog._xml import char_references_read_alike
from catalog.base import Entry, EntryRow, entries_from_rows
from catalog.formats._xliff_scan import has_tag_opening

__all__ = ["TreeRead", "read_tree"]

_UNIT_OPEN = b"<trans-unit"
#: what may follow ``<trans-unit`` in a unit's start tag (XML whitespace, ``>``, ``/``)
_UNIT_NAME_END = frozenset(b" \t\n\r>/")
_TARGET_LANGUAGE = re.compile(r"""\btarget-language\s*=\s*(["'])[^"']*\1""")
#: unit attributes read besides the id; a file that never spells them has none
_OPTIONAL_ATTRIBUTES = ("resname", "maxwidth", "translate")

# Properties and methods applied with ``map``: the per-element work stays in C.
_text = attrgetter("text")
_tag = attrgetter("tag")
_get = etree._Element.get
_parent = etree._Element.getparent
_first = itemgetter(0)  # the first byte of a bytes object
_key = itemgetter(0)  # an Entry's key


@dataclass(frozen=True)
class TreeRead:
    """Entries in file order (None: read that unit with the text scan)."""

    is_translation: bool
    entries: dict[str, Entry | None]


def _same_as_scan(text: str) -> bool:
    """Whether the tree's text equals what the scan decodes, for the whole file.

    What lxml and the scan read differently (besides CR, which lxml normalises):
    comments and CDATA (the scan searches raw text) and processing instructions after
    the XML declaration; DOCTYPEs are refused before this.
    """
    declaration_end = text.find("?>") + 2 if text.startswith("<?xml") else 0
    if (
        "\r" in text
        or has_tag_opening(text, "!", declaration_end)
        or has_tag_opening(text, "?", declaration_end)
    ):
        return False
    return char_references_read_alike(text)


class _Markup(Exception):
    """Inline markup where a value is read: the scan reads it as markup text."""


def _first_children(
    root: etree._Element, tag: str, elements: list[etree._Element]
) -> list[etree._Element | None]:
    """Each unit's first child element with this tag, or None (_Markup if it holds elements)."""
    children = list(root.iter(tag))
    if list(map(_parent, children)) == elements:  # the usual layout: one child per unit
        if any(map(len, children)):
            raise _Markup
        return children  # type: ignore[return-value]
    units = {element: index for index, element in enumerate(elements)}
    found: list[etree._Element | None] = [None] * len(elements)
    for element in children:
        index = units.get(element.getparent())  # type: ignore[arg-type]
        if index is not None and found[index] is None:
            if len(element):
                raise _Markup
            found[index] = element
    return found


def _comments(root: etree._Element, tag: str, elements: list[etree._Element]) -> list[str | None]:
    """Each unit's notes joined by newlines, or None; _Markup if a unit's note holds elements."""
    notes = list(root.iter(tag))
    texts = list(map(_text, notes))
    markup = any(map(len, notes))
    if not markup and list(map(_parent, notes)) == elements:  # one note per unit
        if "" not in texts and all(map(str.strip, filter(None, texts))):
            return texts  # every note empty (None) or with text: checked in C
        return [note_text if note_text and note_text.strip() else None for note_text in texts]
    units = {element: index for index, element in enumerate(elements)}
    by_unit: dict[int, list[str]] = {}
    for note, note_text in zip(notes, texts, strict=True):
        if not markup and not (note_text and note_text.strip()):
            continue  # nothing to read (and no element inside to refuse)
        if note_text is None and not len(note):
            continue  # <note/>: nothing to read
        index = units.get(note.getparent())  # type: ignore[arg-type]
        if index is not None and len(note):
            raise _Markup
        if index is not None and note_text and note_text.strip():
            by_unit.setdefault(index, []).append(note_text)
    comments: list[str | None] = [None] * len(elements)
    for index, unit_notes in by_unit.items():
        comments[index] = "\n".join(unit_notes)
    return comments


def _unit_lines(utf8: bytes, count: int) -> list[int] | None:
    """Line of each of the ``count`` units' start tags, from the file's UTF-8 bytes.

    None unless every ``<trans-unit`` in the bytes starts a unit's tag (``<x:trans-unit``
    or ``<trans-unit-x`` would break the match between tags and units). Each is a tag:
    comments, CDATA and processing instructions were ruled out, and ``<`` cannot occur in
    attribute values. One bytes ``split`` and a ``count`` per piece run in C; a regular
    expression would step through the text character by character.
    """
    pieces = utf8.split(_UNIT_OPEN)
    if len(pieces) != count + 1 or not _UNIT_NAME_END.issuperset(map(_first, pieces[1:])):
        return None
    newlines = map(bytes.count, pieces, repeat(b"\n"))
    return list(accumulate(newlines, initial=1))[1:-1]


def read_tree(root: etree._Element, text: str, utf8: bytes, max_entries: int) -> TreeRead | None:
    """Entries from the tree, or None when the text scan must read them.

    ``utf8``: the text encoded as UTF-8 (the file's own bytes, when it is UTF-8).
    """
    if not _same_as_scan(text):
        return None
    elements = list(root.iter("{*}trans-unit"))
    if len(elements) > max_entries or not elements:
        return None
    namespace = elements[0].tag[: -len("trans-unit")]
    if next(root.iter(namespace + "alt-trans"), None) is not None:
        return None  # the scan reads a unit's own parts before any proposals
    lines = _unit_lines(utf8, len(elements))
    if lines is None:
        return None
    try:
        sources = _first_children(root, namespace + "source", elements)
        targets = _first_children(root, namespace + "target", elements)
        comments = _comments(root, namespace + "note", elements)
    except _Markup:
        return None
    if None in sources:
        return None  # a unit without a source (or in another namespace)
    translation = _target_language(text) or any(target is not None for target in targets)
    values = targets if translation else sources
    keys: list[str | None] = list(map(_get, elements, repeat("id")))
    if _has_optional_attributes(elements, text):
        rows = _rows_with_attributes(elements, keys, values, comments, lines)
    else:
        rows = _rows(elements, keys, values, comments, lines)
    if rows is None:
        return None
    entries = entries_from_rows(rows)
    return TreeRead(translation, dict(zip(map(_key, entries), entries, strict=True)))


def _has_optional_attributes(elements: list[etree._Element], text: str) -> bool:
    """Whether a unit has a resname, maxwidth or translate attribute.

    Asks the tree only for the names the text spells (often in a note, as "translate").
    """
    return any(
        name in text and list(map(_get, elements, repeat(name))).count(None) != len(elements)
        for name in _OPTIONAL_ATTRIBUTES
    )


def _target_language(text: str) -> bool:
    """Whether a ``target-language`` attribute is spelled (searched from the literal)."""
    first = text.find("target-language")
    return first >= 0 and _TARGET_LANGUAGE.search(text, first) is not None


def _rows(
    elements: list[etree._Element],
    keys: list[str | None],
    values: list[etree._Element | None],
    comments: list[str | None],
    lines: list[int],
) -> list[EntryRow] | None:
    """Rows for units without resname, maxwidth or translate (None: scan instead)."""
    if None in keys or len(set(keys)) != len(keys) or len(set(map(_tag, elements))) != 1:
        return None
    if " " in "".join(keys):  # type: ignore[arg-type]
        return None
    if None not in values:  # every unit has a value (the usual file): columns zipped in C
        texts = [value_text or "" for value_text in map(_text, values)]
        rows = zip(
            keys, texts, comments, repeat(None), repeat(None), repeat(True), lines, repeat("string")
        )
        return list(rows)
    return [
        (key, value.text or "", comment, None, None, True, line, "string")  # type: ignore[misc]
        for key, value, comment, line in zip(keys, values, comments, lines, strict=True)
        if value is not None
    ]


def _rows_with_attributes(
    elements: list[etree._Element],
    keys: list[str | None],
    values: list[etree._Element | None],
    comments: list[str | None],
    lines: list[int],
) -> list[EntryRow] | None:
    """Rows for units that may carry resname, maxwidth or translate (None: scan instead).

    Checks unit by unit in file order, as a ``maxwidth`` like ``"²"`` (a digit that
    ``int`` refuses) raises only if no earlier unit sent the file to the scan.
    """
    rows: list[EntryRow] = []
    seen: set[str] = set()
    tag = elements[0].tag
    for element, key, value, comment, line in zip(
        elements, keys, values, comments, lines, strict=True
    ):
        if key is None or " " in key or key in seen or element.tag != tag:
            return None
        seen.add(key)
        if value is None:
            continue
        context = element.get("resname")
        if context is not None and " " in context:
            return None
        max_width = element.get("maxwidth", "")
        rows.append(
            (
                key,
                value.text or "",
                comment,
                context,
                int(max_width) if max_width.isdigit() else None,
                element.get("translate", "yes") != "no",
                line,
                "string",
            )
        )
    return rows
