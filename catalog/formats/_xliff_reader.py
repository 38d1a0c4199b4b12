"""XLIFF 1.2 reading: the hardened well-formedness check, then one pass over the text that
finds every trans-unit's span and parts (for edits) and reads its entry.

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
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, chain, islice, repeat
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple
from xml.parsers import expat

from lxml import etree

from catalog._xml import parser_bytes, unescape_entities
from catalog.base import MAX_ENTRIES, Entry, FormatError, build_entry

__all__ = [
    "Element",
    "Unit",
    "UnitsRead",
    "attributes",
    "check_xml",
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

_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
#: a start tag's attributes, up to its ``>`` or ``/>`` (quoted values may hold either)
_ATTRIBUTES = r"""(?:[^>"'/]++|"[^"]*+"|'[^']*+')*+"""
_TAG_REST = re.compile(f"({_ATTRIBUTES})(/?)>")
_S = r"[ \t\r\n]*+"
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TARGET_LANGUAGE = re.compile(r"""\btarget-language\s*=\s*(["'])[^"']*\1""")
_MARKUP = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->|<[^>]*>)", re.DOTALL)
_HIDDEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_NAME_END = frozenset(" \t\r\n>/")


def _element_pattern(name: str, content: str) -> str:
    """``<name .../>`` or ``<name ...>content</name>``: groups element, attributes, content."""
    return rf"(<{name}(?=[\s/>])({_ATTRIBUTES})(?:/>|>({content})</{name}{_S}>))"


def _content(name: str) -> str:
    """An element's content up to its end tag (a unit's start tag ends it early)."""
    return rf"(?:[^<]++|<(?!/{name}[\s>]|trans-unit[\s/>]))*+"


#: A unit's start tag, then, when the unit is laid out the usual way (source, optional
#: target, notes, nothing else), its parts: one match reads all of them. Groups: 1 the id
#: when it is the first attribute and plain, 2 start tag attributes, 3 "/", 4-6 source,
#: 7-9 target, 10 notes, 11 the last note's content, 12 end tag. Possessive repeats: a
#: unit laid out otherwise fails in linear time.
_UNIT = re.compile(
    rf"""<trans-unit(?=[\s/>])(?:(?=\s+id="([^"&<]*+)"))?({_ATTRIBUTES})(/?)>"""
    rf"(?:{_S}{_element_pattern('source', _content('source'))}"
    rf"(?:{_S}{_element_pattern('target', _content('target'))})?"
    rf"((?:{_S}<note(?=[\s/>]){_ATTRIBUTES}(?:/>|>({_content('note')})</note{_S}>))*+)"
    rf"{_S}(</trans-unit{_S}>))?"
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _has_tag_opening(text: str, mark: str, start: int = 0) -> bool:
    """Whether ``"<" + mark`` occurs in ``text[start:]``, found from the rarer ``mark``
    (a one-character ``find`` runs at memchr speed; ``<`` starts every tag)."""
    index = text.find(mark, start + 1)
    while index >= 0:
        if text[index - 1] == "<":
            return True
        index = text.find(mark, index + 1)
    return False


def check_xml(path: str, text: str, utf8: bytes | None = None) -> None:
    """Refuse DOCTYPEs and entity declarations outright, then malformed XML.

    Well-formedness is checked by expat (namespaces included), which builds no tree; what
    it refuses is parsed again by lxml for the message, and refused if lxml refuses it too.

    lxml parses ``text`` itself (as UTF-8, the declaration blanked), so the check above
    and the parser read the same characters whatever encoding the file declares.
    ``utf8``: the file's own bytes when they are that UTF-8 already.
    """
    forbidden = _FORBIDDEN.search(text) if _has_tag_opening(text, "!") else None
    if forbidden:
        line = text.count("\n", 0, forbidden.start()) + 1
        raise FormatError(
            f"<!{forbidden.group(1)}> is not allowed in XLIFF (no DTDs or entity declarations)",
            path=path,
            line=line,
        )
    data = parser_bytes(text, utf8)
    try:  # expat checks without building a tree; lxml names what is wrong, as it always has
        expat.ParserCreate("utf-8", " ").Parse(data, True)
        return
    except expat.ExpatError:
        pass
    try:
        etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        message = error.msg or "malformed XML"
        raise FormatError(
            f"malformed XML: {message}", path=path, line=line, column=column
        ) from None


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
    if not _has_tag_opening(text, "!", start) and not _has_tag_opening(text, "?", start):
        return text
    return text[:start] + _HIDDEN.sub(_blank, text[start:])


class Element(NamedTuple):
    """A source, target or note: its span in the text, attributes text and inner markup."""

    start: int
    end: int
    attributes: str
    inner: str | None  # None for a self-closing element


class Unit(NamedTuple):
    """A trans-unit: its span (start tag to end tag), line, attributes, source and target.

    Named tuples of text and numbers: the garbage collector stops tracking them, which
    matters at 50,000 units.
    """

    key: str
    start: int
    end: int
    line: int
    tag: str  # the attributes text of the start tag
    source: Element
    target: Element | None
    comment: str | None  # the notes with text, joined by newlines


@dataclass(slots=True)
class UnitsRead:
    """Every unit and entry of a file, in file order, and where new units go."""

    units: dict[str, Unit]
    entries: dict[str, Entry]
    is_translation: bool
    #: where new units go when the file has none: the start of the last ``</body>``'s line
    end_anchor: int


def _find_tag(text: str, opening: str, start: int, limit: int) -> int:
    """Offset of ``opening`` (e.g. ``<note``) as a whole tag name in text[start:limit], or -1."""
    index = text.find(opening, start, limit)
    size = len(opening)
    while index >= 0 and text[index + size : index + size + 1] not in _NAME_END:
        index = text.find(opening, index + 1, limit)
    return index


def _element(text: str, masked: str, name: str, start: int, limit: int) -> Element | None:
    """The first ``<name>`` element in ``text[start:limit]``, its tags looked for in
    ``masked``."""
    opening = "<" + name
    index = _find_tag(masked, opening, start, limit)
    if index < 0:
        return None
    rest = _TAG_REST.match(masked, index + len(opening))
    assert rest is not None  # well-formed: every start tag ends
    attributes, tag_end = text[rest.start(1) : rest.end(1)], rest.end()
    if rest.group(2):
        return Element(index, tag_end, attributes, None)
    close = masked.find("</" + name, tag_end)
    close_end = masked.find(">", close) + 1
    return Element(index, close_end, attributes, text[tag_end:close])


def _notes(text: str, masked: str, start: int, limit: int) -> str | None:
    """The unit's notes with text, joined by newlines, or None."""
    notes = []
    note = _element(text, masked, "note", start, limit)
    while note is not None:
        note_text = _note_text(note.inner)
        if note_text is not None:
            notes.append(note_text)
        note = _element(text, masked, "note", note.end, limit)
    return "\n".join(notes) if notes else None


def _note_text(inner: str | None) -> str | None:
    """A note's text, or None when it has none (blanks only)."""
    if not inner or not inner.strip():
        return None
    note_text = inner_text(inner)
    return note_text if note_text.strip() else None


def attributes(unit: Unit) -> dict[str, str]:
    """A unit's attributes, XML entities decoded."""
    return _attributes(unit.tag)


def _attributes(tag: str) -> dict[str, str]:
    """Attributes of a start tag's text, XML entities decoded."""
    return {
        name: unescape_entities(double or single)
        for name, double, single in _ATTRIBUTE.findall(tag)
    }


def read_units(path: str, text: str) -> UnitsRead:
    """Every trans-unit with its parts and entry (the text is well-formed: check_xml ran).

    A file that declares a ``target-language`` or holds a ``<target>`` is a translation:
    its entries are the units with a target, valued by it; else every unit, valued by
    its source. One pattern matches each unit; its parts are taken column by column
    (``map`` over the matches, in C), and only units laid out otherwise are read one by one.
    """
    masked = mask(text)
    matches = list(islice(_UNIT.finditer(masked), MAX_ENTRIES + 1))
    if len(matches) > MAX_ENTRIES:
        raise FormatError(f"more than {MAX_ENTRIES:,} trans-units; split the file", path=path)
    starts = list(map(_start, matches))
    newlines = map(text.count, repeat("\n"), chain((0,), starts), starts)
    lines = list(accumulate(newlines, initial=1))[1:]

    def column(group: int) -> list[Any]:
        if masked is text:
            return list(map(itemgetter(group), matches))
        spans = map(_span, matches, repeat(group))  # the parts as written, not masked
        return [text[start:end] if start >= 0 else None for start, end in spans]

    keys, tags, notes = column(1), column(2), column(10)
    sources = list(
        map(_new, repeat(Element), zip(*_element_columns(matches, column, 4), strict=True))
    )
    targets = [
        _new(Element, element) if element[0] >= 0 else None
        for element in zip(*_element_columns(matches, column, 7), strict=True)
    ]
    comments: list[str | None] = [None] * len(matches)
    if "</note" in masked:
        last_notes = column(11)
        for index, unit_notes in enumerate(notes):
            if unit_notes and "</note" in unit_notes:
                if unit_notes.count("<note") == 1:
                    comments[index] = _note_text(last_notes[index])
                else:
                    comments[index] = _notes(text, masked, *matches[index].span(10))
    fields = zip(
        keys, starts, map(_end, matches), lines, tags, sources, targets, comments, strict=True
    )
    units = list(map(_new, repeat(Unit), fields))
    closes = list(map(_start, matches, repeat(12)))
    if None in keys or -1 in closes or any(column(3)):
        _read_unusual(path, text, masked, matches, units, closes)
    by_key = dict(zip((unit.key for unit in units), units, strict=True))
    if len(by_key) != len(units):
        _refuse_repeated_id(path, units)
    translation = _declares_target_language(masked) or any(unit.target for unit in units)
    return UnitsRead(by_key, _entries(units, translation), translation, _end_anchor(text, masked))


def _element_columns(
    matches: list[re.Match[str]], column: Callable[[int], list[Any]], group: int
) -> tuple[list[int], list[int], list[str | None], list[str | None]]:
    """Start, end, attributes and content of the element whose groups begin at ``group``."""
    return (
        list(map(_start, matches, repeat(group))),
        list(map(_end, matches, repeat(group))),
        column(group + 1),
        column(group + 2),
    )


def _read_unusual(
    path: str,
    text: str,
    masked: str,
    matches: list[re.Match[str]],
    units: list[Unit],
    closes: list[int],
) -> None:
    """Read, in place and in file order, the units ``_UNIT`` matched only the start tag of
    or whose id it did not read; refuse units without an id or a source, and nested ones."""
    previous_end = 0
    for index, (match, unit, close) in enumerate(zip(matches, units, closes, strict=True)):
        if unit.start < previous_end:
            raise FormatError("trans-unit inside another trans-unit", path=path, line=unit.line)
        key = unit.key if unit.key is not None else _unit_id(unit.tag, path, unit.line)
        if match.group(3):
            raise FormatError(f"trans-unit {key!r} has no <source>", path=path, line=unit.line)
        if close < 0:
            unit = _any_unit(text, masked, match.span(), key, unit.line, unit.tag, path)
        units[index] = unit._replace(key=key)
        previous_end = unit.end


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


def _entries(units: list[Unit], translation: bool) -> dict[str, Entry]:
    """The entries: units with a target in a translation, else every unit."""
    valued = [unit for unit in units if unit.target] if translation else units
    elements = map(attrgetter("target" if translation else "source"), valued)
    values = map(inner_text, map(_inner, elements))
    tags = "".join(map(attrgetter("tag"), valued))
    if "resname" in tags or "maxwidth" in tags or "translate" in tags:
        entries = list(map(unit_entry, valued, values))
    else:  # no unit has a resname, maxwidth or translate attribute: columns zipped in C
        keys = [unit.key for unit in valued]
        comments = map(attrgetter("comment"), valued)
        lines = map(attrgetter("line"), valued)
        rows = zip(
            keys,
            values,
            comments,
            repeat(None),
            repeat(None),
            repeat(True),
            lines,
            repeat("string"),
        )
        entries = list(map(_new, repeat(Entry), rows))
    return dict(zip((entry.key for entry in entries), entries, strict=True))


def _inner(element: Element) -> str:
    return element.inner or ""


def _declares_target_language(text: str) -> bool:
    """Whether a ``target-language`` attribute is spelled (searched from the literal: a
    pattern starting with ``\\b`` would be tried at every character)."""
    first = text.find("target-language")
    return first >= 0 and _TARGET_LANGUAGE.search(text, first) is not None


def _unit_id(tag: str, path: str, line: int) -> str:
    """The id attribute of a unit's start tag, entities decoded."""
    found = _ID.search(tag)
    if found is None:
        raise FormatError("trans-unit without an id attribute", path=path, line=line)
    raw_id = found.group(1) if found.group(1) is not None else found.group(2)
    return unescape_entities(raw_id) if "&" in raw_id else raw_id


def _any_unit(
    text: str, masked: str, start_tag: tuple[int, int], key: str, line: int, tag: str, path: str
) -> Unit:
    """A unit laid out any other way: its parts looked for one by one in its body."""
    start, body = start_tag
    close = masked.find("</trans-unit", body)
    end = masked.find(">", close) + 1
    # a unit's own source, target and notes come before any <alt-trans> proposals
    limit = _find_tag(masked, "<alt-trans", body, close)
    limit = close if limit < 0 else limit
    source = _element(text, masked, "source", body, limit)
    if source is None:
        raise FormatError(f"trans-unit {key!r} has no <source>", path=path, line=line)
    target = _element(text, masked, "target", body, limit)
    return Unit(key, start, end, line, tag, source, target, _notes(text, masked, body, limit))


def unit_entry(unit: Unit, value: str) -> Entry:
    """The entry of ``unit`` with this value."""
    tag = unit.tag
    if "resname" not in tag and "maxwidth" not in tag and "translate" not in tag:
        return build_entry(unit.key, value, unit.comment, None, None, True, unit.line, "string")
    found = _attributes(tag)
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
    index = masked.rfind("</body")
    while index >= 0 and masked[index + 6 : index + 7] not in _NAME_END:
        index = masked.rfind("</body", 0, index)
    return text.rfind("\n", 0, index) + 1 if index >= 0 else len(text)


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
