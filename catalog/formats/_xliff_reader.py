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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, islice, repeat
from operator import is_not, itemgetter

from catalog._splice import whole_lines
from catalog._xml import read_attributes, unescape_entities
from catalog.base import MAX_ENTRIES, Entry, FormatError, entries_from_rows

__all__ = [
    "TARGET_LANGUAGE",
    "UnitsRead",
    "element_span",
    "inner_text",
    "mask",
    "read_units",
    "unit_start",
]

# Applied with ``map`` over the matches and rows: the per-unit work stays in C.
_start = re.Match.start
_end = re.Match.end
_span = re.Match.span

TARGET_LANGUAGE = re.compile(r"""\btarget-language\s*=\s*(["'])[^"']*\1""")
#: a start tag's attributes, up to its ``>`` or ``/>`` (quoted values may hold either);
#: written unrolled (runs of plain text between quoted values): fewer steps than a choice
_ATTRIBUTES = r"""[^>"'/]*+(?:(?:"[^"]*+"|'[^']*+')[^>"'/]*+)*+"""
_MARKUP = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->|<[^>]*>)", re.DOTALL)
_HIDDEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)


def _content(name: str) -> str:
    """An element's content up to its end tag (a unit's start tag ends it early)."""
    return rf"[^<]*+(?:<(?!/{name}[\s>])(?!trans-unit[\s/>])[^<]*+)*+"


def _child(name: str) -> str:
    """A child element after its ``<``: ``name .../>`` or ``name ...>content</name>``;
    groups ``name_attributes`` and ``name_inner`` (see :func:`element_span`)."""
    return (
        rf"{name}(?=[\s/>])(?P<{name}_attributes>{_ATTRIBUTES})"
        rf"(?:/>|>(?P<{name}_inner>{_content(name)})</{name}\s*+>)"
    )


#: a note after its name: attributes, then ``/>`` or its content (``{}``) and end tag
_NOTE = rf"(?=[\s/>]){_ATTRIBUTES}(?:/>|>({{}}{_content('note')})</note\s*+>)"
_OTHER_TAG = rf"(?!/?trans-unit[\s/>])(?!alt-trans[\s/>])/?{_ATTRIBUTES}/?>"
_UNIT_HEAD = (
    rf"(?:\n(?P<indent>[ \t]*+)<|<)trans-unit(?=[\s/>])"
    rf"""(?P<attributes>(?:\s++id="(?P<id>[^"&<]*+)")?{_ATTRIBUTES})"""
    rf"(?:/>|>(?:(?P<own>(?>[^<]*+(?:<(?:{_child('source')}|{_child('target')}|"
)

#: A trans-unit, laid out any way: its start tag, its own children (source, target and
#: notes before any ``<alt-trans>``; others stepped over, each tried by the character
#: after its ``<``), the proposals, its end tag; a unit holding another matches its start
#: tag only. Groups: ``indent`` (blanks alone before it on its line: the match begins at
#: the newline), ``attributes`` (``id`` when first and plain), ``own`` (its children),
#: ``source_attributes``/``_inner``, ``target_...``, ``note`` (the last note's content),
#: ``notes`` (a note came after one with content: tested by the next group's number),
#: ``eol`` (blanks and newline alone after it; looked at, not consumed). Each part stops
#: at the next ``<``: linear. The children repeat in an atomic group: a possessive
#: repeat loses captures of earlier rounds (Python 3.11).
_UNIT = re.compile(
    _UNIT_HEAD
    + rf"(?({_UNIT_HEAD.count('(?P<') + 2})(?P<notes>note)|note){_NOTE.format('?P<note>')}"
    + rf"|{_OTHER_TAG})[^<]*+)*))"
    rf"(?:<alt-trans(?=[\s/>]){_content('trans-unit')})?</trans-unit\s*+>)?)"
    r"(?:(?=(?P<eol>[^\S\n]*+\n))|)"
)
_NOTES = re.compile("<note" + _NOTE.format(""))
#: group numbers by name, for ``map`` over matches (a name is looked up on every call)
_G = _UNIT.groupindex
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
    for mark in "!?":  # <! or <?, found from the mark: a one-character find is a memchr
        index = text.find(mark, start + 1)
        while index >= 0 and text[index - 1] != "<":
            index = text.find(mark, index + 1)
        if index >= 0:
            return text[:start] + _HIDDEN.sub(_blank, text[start:])
    return text


@dataclass(slots=True)
class UnitsRead:
    """Every unit and entry of a file, in file order, where each unit's lines begin and
    end (for edits), and where new units go."""

    units: dict[str, re.Match[str]]  # in the masked text: its parts are groups of ``_UNIT``
    fields: dict[str, Entry]  # every unit's, valued by its target (translation) or source
    entries: dict[str, Entry]
    is_translation: bool
    starts: list[int]
    ends: list[int]
    #: where new units go when the file has none: the start of the last ``</body>``'s line
    end_anchor: int


def _parts(text: str, masked: str, matches: list[re.Match[str]], group: int) -> list[str | None]:
    """A group of every match, as written in ``text`` (not as masked)."""
    if masked is text:
        return list(map(itemgetter(group), matches))
    spans = map(_span, matches, repeat(group))
    return [text[start:end] if start >= 0 else None for start, end in spans]


def unit_start(match: re.Match[str]) -> int:
    """Where a unit's start tag begins (its match may begin at the newline before it)."""
    return match.start("attributes") - len("<trans-unit")


def element_span(match: re.Match[str], name: str) -> tuple[int, int]:
    """Where a unit's own ``<source>`` or ``<target>`` (``name``) begins and ends, or
    (-1, -1) when the unit has none."""
    start, end = match.span(name + "_attributes")
    inner_end = match.end(name + "_inner")  # -1 for <name .../>
    end = end + 2 if inner_end < 0 else match.string.index(">", inner_end) + 1
    return (start - len(name) - 1, end) if start >= 0 else (-1, -1)


def read_units(path: str, text: str) -> UnitsRead:
    """Every trans-unit with its parts, entry and lines (the text is well-formed XML),
    taken column by column from one match per unit (``map`` over the matches, in C).

    A file that declares a ``target-language`` or holds a ``<target>`` is a translation:
    its entries are the units with a target, valued by it; else every unit, by its source.
    """
    masked = mask(text)
    matches = list(islice(_UNIT.finditer(masked), MAX_ENTRIES + 1))
    if len(matches) > MAX_ENTRIES:
        raise FormatError(f"more than {MAX_ENTRIES:,} trans-units; split the file", path=path)
    # a start tag's line is that of its attributes (a newline may begin the match)
    starts = list(map(_start, matches, repeat(_G["attributes"])))
    newlines = map(text.count, repeat("\n"), chain((0,), starts), starts)
    lines = list(accumulate(newlines, initial=1))[1:]
    keys = list(map(itemgetter(_G["id"]), matches))
    units = dict(zip(keys, matches, strict=True))
    sourceless = -1 in map(_start, matches, repeat(_G["source_attributes"]))
    if len(units) < len(keys) or None in units or sourceless:
        _check_units(path, matches, keys, lines)  # raises, or reads ids the pattern did not
        units = dict(zip(keys, matches, strict=True))
    translation = _declares_target_language(masked) or any(
        map(is_not, map(itemgetter(_G["target_attributes"]), matches), repeat(None))
    )
    parts = _parts(text, masked, matches, _G["target_inner" if translation else "source_inner"])
    values = _texts(parts)
    extras: Iterable[Iterable[object]] = (repeat(None), repeat(None), repeat(True))
    if _has_extras("".join(map(itemgetter(_G["attributes"]), matches))):
        extras = zip(*map(_extras, map(itemgetter(_G["attributes"]), matches)), strict=True)
    comments = _comments(text, masked, matches)
    rows = zip(keys, values, comments, *extras, lines, repeat("string"))
    fields = dict(zip(keys, entries_from_rows(list(rows)), strict=True))
    entries = fields.copy() if translation else fields
    if translation and None in parts:  # the units with a target (<target/> has no content)
        targets = map(itemgetter(_G["target_attributes"]), matches)
        entries = dict(compress(fields.items(), map(is_not, targets, repeat(None))))
    line_starts, line_ends = _whole_lines(text, matches)
    return UnitsRead(
        units, fields, entries, translation, line_starts, line_ends, _end_anchor(text, masked)
    )


def _whole_lines(text: str, matches: list[re.Match[str]]) -> tuple[list[int], list[int]]:
    """Each unit's span widened to whole lines, as :func:`whole_lines` widens it: read from
    the match (``indent`` and ``eol``) when only blanks share its lines, else widened
    there (the line holds other text, or a comment after the unit)."""
    starts = list(map(_start, matches, repeat(_G["indent"])))
    ends = list(map(_end, matches, repeat(_G["eol"])))
    if -1 in starts or -1 in ends:
        for index, match in enumerate(matches):
            if starts[index] < 0 or ends[index] < 0:
                starts[index], ends[index] = whole_lines(text, unit_start(match), match.end(), "\n")
    return starts, ends


def _check_units(
    path: str, matches: list[re.Match[str]], keys: list[str | None], lines: list[int]
) -> None:
    """Read, in place, the ids the pattern did not (not first, or with references);
    refuse, in file order, units inside another, without an id or a source, or whose id
    an earlier unit has."""
    first: dict[str, int] = {}
    for index, (match, key, line) in enumerate(zip(matches, keys, lines, strict=True)):
        if match["own"] is None and not match.group().endswith("/>"):
            # its body ended at the next unit's start tag, inside it
            raise FormatError(
                "trans-unit inside another trans-unit", path=path, line=lines[index + 1]
            )
        if key is None:
            key = keys[index] = read_attributes(match["attributes"]).get("id")
            if key is None:
                raise FormatError("trans-unit without an id attribute", path=path, line=line)
        if match["source_attributes"] is None:
            raise FormatError(f"trans-unit {key!r} has no <source>", path=path, line=line)
        if key in first:
            message = f"trans-unit id {key!r} is used twice (first on line {first[key]})"
            raise FormatError(message, path=path, line=line)
        first[key] = line


def _comments(text: str, masked: str, matches: list[re.Match[str]]) -> list[str | None]:
    """Each unit's notes with text, joined by newlines (None when it has none): the last
    note the pattern read, or all of them where a note followed one with content."""
    notes = _texts(_parts(text, masked, matches, _G["note"]))
    comments = [note if note.strip() else None for note in notes]
    for index in compress(range(len(matches)), map(itemgetter(_G["notes"]), matches)):
        comments[index] = _all_notes(text, masked, matches[index])
    return comments


def _all_notes(text: str, masked: str, unit: re.Match[str]) -> str | None:
    """The unit's own notes with text, joined by newlines, or None."""
    notes = [text[slice(*note.span(1))] for note in _NOTES.finditer(masked, *unit.span("own"))]
    found = [note for note in _texts(notes) if note.strip()]
    return "\n".join(found) if found else None


def _texts(markups: Sequence[str | None]) -> list[str]:
    """:func:`inner_text` of each markup (None read as empty), called only for those
    holding a tag or a reference."""
    return [
        "" if markup is None else inner_text(markup) if "<" in markup or "&" in markup else markup
        for markup in markups
    ]


def _declares_target_language(text: str) -> bool:
    """Whether a ``target-language`` attribute is spelled (searched from the literal: a
    pattern starting with ``\\b`` would be tried at every character)."""
    first = text.find("target-language")
    return first >= 0 and TARGET_LANGUAGE.search(text, first) is not None


def _has_extras(tags: str) -> bool:
    """Whether start tags' attributes may hold ``resname``, ``maxwidth`` or ``translate``."""
    return "resname" in tags or "maxwidth" in tags or "translate" in tags


def _extras(tag: str) -> tuple[str | None, int | None, bool]:
    """Context, max length and translatable of a unit, from its start tag's attributes
    ``resname``, ``maxwidth`` and ``translate``."""
    if not _has_extras(tag):
        return None, None, True
    found = read_attributes(tag)
    max_width = found.get("maxwidth", "")
    return (
        found.get("resname"),
        int(max_width) if max_width.isdecimal() else None,
        found.get("translate", "yes") != "no",
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
    if "<" not in markup:
        return unescape_entities(markup)
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
