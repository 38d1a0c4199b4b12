"""XLIFF 1.2 reading: one pass over the text that finds every trans-unit's span and parts
(for edits) and reads its entry.

Comments, CDATA sections and processing instructions are blanked first (:func:`mask`),
so a ``<trans-unit>`` or ``<target>`` written inside one is text, not an element. Inline
elements stay in values as markup text; entities are decoded by XML's rules.

>>> read = read_units("a.xlf", '<xliff><file><body>\\n<trans-unit id="k"><source>A &amp; B'
...     '</source><note>n</note></trans-unit></body></file></xliff>')
>>> read.is_translation, read.entries["k"]
(False, Entry(key='k', value='A & B', comment='n', context=None, max_length=None, \
translatable=True, line=2, kind='string'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, chain, islice, repeat
from operator import itemgetter
from typing import NamedTuple

from catalog._xml import read_attributes, unescape_entities
from catalog.base import MAX_ENTRIES, Entry, FormatError, build_entry

__all__ = [
    "TARGET_LANGUAGE",
    "Element",
    "Unit",
    "UnitsRead",
    "element",
    "inner_text",
    "mask",
    "read_units",
    "unit_entry",
]

# Applied with ``map`` over the matches and rows: the per-unit work stays in C.
_new = tuple.__new__
_start = re.Match.start
_end = re.Match.end
_span = re.Match.span

TARGET_LANGUAGE = re.compile(r"""\btarget-language\s*=\s*(["'])[^"']*\1""")
#: a start tag's attributes, up to its ``>`` or ``/>`` (quoted values may hold either)
_ATTRIBUTES = r"""(?:[^>"'/]++|"[^"]*+"|'[^']*+')*+"""
_MARKUP = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->|<[^>]*>)", re.DOTALL)
_HIDDEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)


def _content(name: str) -> str:
    """An element's content up to its end tag (a unit's start tag ends it early)."""
    return rf"(?:[^<]++|<(?!/{name}[\s>]|trans-unit[\s/>]))*+"


def _element(name: str) -> str:
    """``<name .../>`` or ``<name ...>content</name>``: groups ``name``,
    ``name_attributes``, ``name_inner``."""
    return (
        rf"(?P<{name}><{name}(?=[\s/>])(?P<{name}_attributes>{_ATTRIBUTES})"
        rf"(?:/>|>(?P<{name}_inner>{_content(name)})</{name}\s*+>))"
    )


_NOTE = rf"<note(?=[\s/>]){_ATTRIBUTES}(?:/>|>(?P<note>{_content('note')})</note\s*+>)"

#: A trans-unit, laid out any way: its start tag, then its own children (the source,
#: target and notes before any ``<alt-trans>`` proposals; other elements are stepped
#: over), the proposals, its end tag. Groups: ``id`` (when it is the first attribute and
#: plain), ``attributes``, ``empty`` (``/>``), ``own`` (its own children), ``source`` and
#: ``target`` (each with ``_attributes`` and ``_inner``), ``note`` (the last note's
#: content), ``close``. A unit holding another unit matches its start tag only. Each part
#: stops at the next ``<``: linear. The children are repeated in an atomic group, not a
#: possessive repeat, which loses captures made in earlier rounds (Python 3.11).
_UNIT = re.compile(
    rf"""<trans-unit(?=[\s/>])(?:(?=\s+id="(?P<id>[^"&<]*+)"))?(?P<attributes>{_ATTRIBUTES})"""
    rf"(?:(?P<empty>/>)|>(?:(?P<own>(?>(?:[^<]++|{_element('source')}|{_element('target')}"
    rf"""|{_NOTE}|<(?!/?trans-unit[\s/>]|alt-trans[\s/>])(?:[^>"']++|"[^"]*+"|'[^']*+')*+>)*))"""
    rf"(?:<alt-trans(?=[\s/>]){_content('trans-unit')})?(?P<close></trans-unit\s*+>))?)"
)
_NOTES = re.compile(_NOTE)
#: the last ``</body>`` (found from the end: ``.*`` runs to the end, then steps back)
_LAST_BODY_END = re.compile(r".*(</body)\s*+>", re.DOTALL)


def _blank(match: re.Match[str]) -> str:
    hidden = match.group()
    head = 4 if hidden.startswith("<!--") else 9 if hidden.startswith("<![") else 2
    tail = 2 if hidden.endswith("?>") else 3
    return hidden[:head] + " " * (len(hidden) - head - tail) + hidden[-tail:]


def mask(text: str) -> str:
    """``text`` with the insides of comments, CDATA sections and processing instructions
    blanked (offsets kept), so tags written inside one are not read as elements (the text
    is well-formed: each of them is closed). The XML declaration is kept as it is.

    >>> mask("<a><!-- <target> --></a>")
    '<a><!--          --></a>'
    """
    start = text.find("?>") + 2 if text.startswith("<?xml") else 0
    if text.find("<!", start) < 0 and text.find("<?", start) < 0:
        return text
    return text[:start] + _HIDDEN.sub(_blank, text[start:])


class Element(NamedTuple):
    """A source or target: its span in the text, attributes text and inner markup."""

    start: int
    end: int
    attributes: str
    inner: str | None  # None for a self-closing element


class Unit(NamedTuple):
    """A trans-unit: its id, line and notes, and its match in the masked text (the offsets
    of its parts: :func:`element`)."""

    key: str
    line: int
    comment: str | None  # the notes with text, joined by newlines
    match: re.Match[str]

    @property
    def tag(self) -> str:
        """The attributes text of the start tag."""
        return self.match["attributes"]


@dataclass(slots=True)
class UnitsRead:
    """Every unit and entry of a file, in file order, and where new units go."""

    units: dict[str, Unit]
    entries: dict[str, Entry]
    is_translation: bool
    #: where new units go when the file has none: the start of the last ``</body>``'s line
    end_anchor: int


def element(text: str, unit: Unit, name: str) -> Element | None:
    """The unit's ``source`` or ``target`` as written in ``text``, or None."""
    match = unit.match
    start, end = match.span(name)
    if start < 0:
        return None
    inner_start, inner_end = match.span(name + "_inner")
    inner = text[inner_start:inner_end] if inner_start > start else None
    return Element(start, end, match[name + "_attributes"], inner)


def _parts(text: str, masked: str, matches: list[re.Match[str]], group: str) -> list[str | None]:
    """A group of every match, as written in ``text`` (not as masked)."""
    if masked is text:
        return list(map(itemgetter(group), matches))
    spans = map(_span, matches, repeat(group))
    return [text[start:end] if start >= 0 else None for start, end in spans]


def read_units(path: str, text: str) -> UnitsRead:
    """Every trans-unit with its parts and entry (the text is well-formed XML).

    A file that declares a ``target-language`` or holds a ``<target>`` is a translation:
    its entries are the units with a target, valued by it; else every unit, valued by
    its source. One pattern matches each unit with its parts, taken column by column
    (``map`` over the matches, in C).
    """
    masked = mask(text)
    matches = list(islice(_UNIT.finditer(masked), MAX_ENTRIES + 1))
    if len(matches) > MAX_ENTRIES:
        raise FormatError(f"more than {MAX_ENTRIES:,} trans-units; split the file", path=path)
    starts = list(map(_start, matches))
    newlines = map(text.count, repeat("\n"), chain((0,), starts), starts)
    lines = list(accumulate(newlines, initial=1))[1:]
    keys = list(map(itemgetter("id"), matches))
    if None in keys or -1 in map(_start, matches, repeat("source")):
        _check_units(path, matches, keys, lines)
    comments = _comments(text, masked, matches)
    units = list(map(_new, repeat(Unit), zip(keys, lines, comments, matches, strict=True)))
    by_key = dict(zip(keys, units, strict=True))
    if len(by_key) != len(units):
        _refuse_repeated_id(path, units)
    translation = _declares_target_language(masked) or any(map(itemgetter("target"), matches))
    return UnitsRead(
        by_key, _entries(text, masked, units, translation), translation, _end_anchor(text, masked)
    )


def _check_units(
    path: str, matches: list[re.Match[str]], keys: list[str | None], lines: list[int]
) -> None:
    """Read, in place, the ids the pattern did not (not first, or with references);
    refuse, in file order, units inside another and units without an id or a source."""
    for index, match in enumerate(matches):
        if match["close"] is None and match["empty"] is None:
            # its body ended at the next unit's start tag, inside it
            line = lines[index + 1]
            raise FormatError("trans-unit inside another trans-unit", path=path, line=line)
        if keys[index] is None:
            keys[index] = read_attributes(match["attributes"]).get("id")
            if keys[index] is None:
                raise FormatError(
                    "trans-unit without an id attribute", path=path, line=lines[index]
                )
        if match["source"] is None:
            message = f"trans-unit {keys[index]!r} has no <source>"
            raise FormatError(message, path=path, line=lines[index])


def _refuse_repeated_id(path: str, units: list[Unit]) -> None:
    """Raise for the first unit whose id an earlier unit has."""
    first: dict[str, int] = {}
    for unit in units:
        if unit.key in first:
            raise FormatError(
                f"trans-unit id {unit.key!r} is used twice (first on line {first[unit.key]})",
                path=path,
                line=unit.line,
            )
        first[unit.key] = unit.line


def _comments(text: str, masked: str, matches: list[re.Match[str]]) -> list[str | None]:
    """Each unit's notes with text, joined by newlines (None when it has none): the last
    note the pattern read, or all of them when the unit has more than one."""
    if "</note" not in masked:
        return [None] * len(matches)
    notes = _parts(text, masked, matches, "note")
    own = map(_start, matches, repeat("own")), map(_end, matches, repeat("own"))
    counts = map(masked.count, repeat("<note"), *own)
    return [
        _note_text(note) if count < 2 else _all_notes(text, masked, *match.span("own"))
        for note, count, match in zip(notes, counts, matches, strict=True)
    ]


def _all_notes(text: str, masked: str, start: int, end: int) -> str | None:
    """The notes with text in ``text[start:end]``, joined by newlines, or None."""
    notes = (text[match.start(1) : match.end(1)] for match in _NOTES.finditer(masked, start, end))
    found = [note for note in map(_note_text, notes) if note is not None]
    return "\n".join(found) if found else None


def _note_text(inner: str | None) -> str | None:
    """A note's text, or None when it has none (blanks only)."""
    if not inner or not inner.strip():
        return None
    note_text = inner_text(inner)
    return note_text if note_text.strip() else None


def _entries(text: str, masked: str, units: list[Unit], translation: bool) -> dict[str, Entry]:
    """The entries: units with a target in a translation, else every unit."""
    valued = [unit for unit in units if unit.match["target"]] if translation else units
    group = "target_inner" if translation else "source_inner"
    inners = _parts(text, masked, [unit.match for unit in valued], group)
    values = [inner_text(inner or "") for inner in inners]
    entries = list(map(unit_entry, valued, values))
    return dict(zip((unit.key for unit in valued), entries, strict=True))


def _declares_target_language(text: str) -> bool:
    """Whether a ``target-language`` attribute is spelled (searched from the literal: a
    pattern starting with ``\\b`` would be tried at every character)."""
    first = text.find("target-language")
    return first >= 0 and TARGET_LANGUAGE.search(text, first) is not None


def unit_entry(unit: Unit, value: str) -> Entry:
    """The entry of ``unit`` with this value."""
    tag = unit.tag
    if "resname" not in tag and "maxwidth" not in tag and "translate" not in tag:
        return build_entry(unit.key, value, unit.comment, None, None, True, unit.line, "string")
    found = read_attributes(tag)
    max_width = found.get("maxwidth", "")
    return build_entry(
        unit.key,
        value,
        unit.comment,
        found.get("resname"),
        int(max_width) if max_width.isdecimal() else None,
        found.get("translate", "yes") != "no",
        unit.line,
        "string",
    )


def _end_anchor(text: str, masked: str) -> int:
    """The start of the last ``</body>``'s line, or the end of the text."""
    found = _LAST_BODY_END.match(masked)
    return text.rfind("\n", 0, found.start(1)) + 1 if found is not None else len(text)


def inner_text(markup: str) -> str:
    """Inner markup as text: entities and CDATA decoded, inline elements kept as markup.

    >>> inner_text('a &lt; <g id="1">b</g><![CDATA[<c>]]>')
    'a < <g id="1">b</g><c>'
    """
    if "<" not in markup and "&" not in markup:
        return markup
    parts = _MARKUP.split(markup)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(unescape_entities(part))
        elif part.startswith("<![CDATA["):
            out.append(part[9:-3])
        elif not part.startswith("<!--"):
            out.append(part)
    return "".join(out)
