"""Reading Android strings.xml in one pass: every entry, its element's offsets, its span.

The children of ``<resources>`` are read in file order. Strings laid out the usual way
(``<string name="key">text</string>`` alone on its line, maybe under a comment alone
on its line) are found by one ``finditer`` of ``_USUAL`` before the walk, and each run
of them that follows the previous child without a gap is taken whole, column by
column (``map`` over the matches). Any other child is one match of
``catalog._xml.CHILD``: a comment, or an element whose content is text only, is read
whole; any other element (plurals, arrays, values holding markup or CDATA) is scanned
from its start tag by ``catalog._xml.scan``. Each entry's span, with the comment right
before it, goes to the editing engine. The text has been checked well-formed before.

>>> text = '<resources>\\n  <!-- Hi -->\\n  <string name="hi">Hi \\\\"you\\\\"</string>\\n'
>>> text += '</resources>'
>>> read = read_resources("strings.xml", text)
>>> read.entries["hi"].value, read.entries["hi"].comment, read.entries["hi"].line
('Hi "you"', 'Hi', 3)
>>> read.splicer.span("hi"), read.splicer.render() == text
((26, 66), True)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from contextlib import suppress
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, eq, sub

from catalog._splice import Splicer, line_number, whole_lines
from catalog._xml import (
    CHILD,
    LEAF,
    Element,
    TextElement,
    XmlComment,
    XmlElement,
    expand_empty,
    insertion_point,
    read_attributes,
    read_root,
    scan,
)
from catalog.base import MAX_ENTRIES, Entry, FormatError, Value, build_entry, sort_plural
from catalog.formats._android_text import max_length, unescape

__all__ = ["AndroidRead", "read_resources"]

#: Resource element name -> entry kind.
KINDS = {"string": "string", "plurals": "plural", "string-array": "array"}

# Applied with ``map`` over the matches: the per-entry work of the usual strings stays in C.
_new = tuple.__new__
_start = re.Match.start
_end = re.Match.end
_group = re.Match.group


@dataclass(slots=True)
class AndroidRead:
    """What reading a file gives the document."""

    text: str  #: the text read (``<resources/>`` opened as ``<resources></resources>``)
    root: XmlElement  #: offsets and attributes of ``<resources>`` (children not kept)
    child_starts: list[int]  #: where each child of the root (element or comment) starts
    entries: dict[str, Entry]
    elements: dict[str, Element]  #: each entry's element, with offsets
    splicer: Splicer  #: the editing engine, every entry's span recorded


def read_resources(path: str, text: str, max_entries: int = MAX_ENTRIES) -> AndroidRead:
    """Entries, elements and the editing engine of a well-formed strings.xml text
    (FormatError beyond ``max_entries``)."""
    root = _root(path, text)
    if root.end == root.inner_start:  # <resources/>: edit as <resources></resources>
        text = expand_empty(text, root)
        root = _root(path, text)
    return _Reader(path, text, root, max_entries).read()


def _root(path: str, text: str) -> XmlElement:
    root = read_root(path, text)
    if root.name != "resources":
        raise FormatError(
            f"root element is <{root.name}>, expected <resources>",
            path=path,
            line=line_number(text, root.start),
        )
    return root


_BLANK = r"[^\S\r\n]"  # whitespace that does not end a line (as in catalog._splice)
#: Text aapt shows as it is written (group 7): no escape, quote, reference or markup, no
#: tab or line break, single spaces between other characters.
_PLAIN = r'((?:[^\\"<&\t\n\r ]++(?: [^\\"<&\t\n\r ]++)*+)?)'
#: A usual string entry, from the end of the previous child (its line's blanks): the line
#: break, blank lines; maybe a comment alone on its line (group 1 its indentation, 2 its
#: text, 3 the blank lines after it); then alone on its line (4 the indentation)
#: ``<string name="key">text</string>`` (5 the key, 6 the text, 7 the text again when it
#: is ``_PLAIN``) and the blanks after it, before the line break. Line breaks are ``\n``
#: or ``\r\n``, as catalog._splice reads them. Any other layout (markup, other
#: attributes, a comment after the element, a lone ``\r``) does not match. A match starts
#: with a line break: ``finditer`` tries the pattern only where there is one.
_USUAL = re.compile(
    rf"(?:\n|\r\n)(?:{_BLANK}*+\r?\n)*+"
    rf"(?:({_BLANK}*+)<!--((?:[^-]++|-(?!->))*+)-->{_BLANK}*+\r?\n((?:{_BLANK}*+\r?\n)*+))?"
    rf'({_BLANK}*+)<string name="([^"&<]*+)">({_PLAIN}(?=</)|[^<]*+)</string>'
    rf"{_BLANK}*+(?=\r?\n)"
)
#: From the start of ``<string name="`` to its key.
_NAME_OFFSET = len('<string name="')
#: `` name="..."``: the attributes of most elements, read without the general reader
_NAME_ONLY = re.compile(r'\s+name="([^"&]*)"')


class _Reader:
    """One pass over the root's children."""

    def __init__(self, path: str, text: str, root: XmlElement, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        self.text = text
        self.root = root
        self.child_starts: list[int] = []
        self.entries: dict[str, Entry] = {}
        self.elements: dict[str, Element] = {}
        self.spans: list[tuple[str, int, int, int]] = []
        self.carriage_returns = "\r" in text
        self.line, self.counted = 1, 0  # the line number at offset ``counted``

    def read(self) -> AndroidRead:
        text, root = self.text, self.root
        if root.end < 0:
            self._children()
        anchor, prefix = insertion_point(text, root)
        splicer = Splicer(text, end_anchor=anchor, end_prefix=prefix)
        if self.spans:
            keys, starts, ends, leads = map(list, zip(*self.spans, strict=True))
            splicer.add_spans(keys, starts, ends, leads)
        return AndroidRead(text, root, self.child_starts, self.entries, self.elements, splicer)

    def _line_at(self, offset: int) -> int:
        """The line number of ``offset`` (offsets asked for in file order)."""
        text, counted = self.text, self.counted
        line = self.line + text.count("\n", counted, offset)
        if self.carriage_returns:
            line += text.count("\r", counted, offset) - text.count("\r\n", counted, offset)
        self.line, self.counted = line, offset
        return line

    def _children(self) -> None:
        """Read the root's children: runs of usual strings whole, other children one by one."""
        usual = list(_USUAL.finditer(self.text, self.root.inner_start))
        starts = list(map(_start, usual))
        ends = list(map(_end, usual))
        #: whether the next match starts where this one ends (False for the last)
        joined = [*map(eq, ends, starts[1:]), False]
        index, found = 0, len(usual)
        position, pending = self.root.inner_start, None
        while True:
            if index < found and starts[index] < position:  # matches inside a child read
                index = bisect_left(starts, position, index)
            if pending is None and index < found and starts[index] == position:
                stop = joined.index(False, index) + 1
                self._usual_strings(usual[index:stop])
                position, index = ends[stop - 1], stop
                continue
            child = self._child(position, pending)
            if child is None:  # the root's closing tag
                return
            position, pending = child

    def _usual_strings(self, matches: list[re.Match[str]]) -> None:
        """The entries of a run of ``_USUAL`` matches, read column by column."""
        text, entries, size = self.text, self.entries, len(matches)
        keys = list(map(_group, matches, repeat(5)))
        starts = list(map(sub, map(_start, matches, repeat(5)), repeat(_NAME_OFFSET)))
        previous = [self.counted, *starts[:-1]]
        breaks = map(text.count, repeat("\n"), previous, starts)
        if self.carriage_returns:  # a lone \r ends a line too (none can be in a match)
            lone = map(
                sub,
                map(text.count, repeat("\r"), previous, starts),
                map(text.count, repeat("\r\n"), previous, starts),
            )
            breaks = map(add, breaks, lone)
        lines = list(accumulate(breaks, initial=self.line))[1:]
        self.line, self.counted = lines[-1], starts[-1]
        if (
            len(entries) + size > self.max_entries
            or not entries.keys().isdisjoint(keys)
            or len(set(keys)) < size
        ):
            self._refuse(keys, lines)
        values = list(map(_group, matches, repeat(7)))  # plain text is its own value
        index = 0
        with suppress(ValueError):  # the others, each found by a search in C
            while True:
                index = values.index(None, index)
                values[index] = unescape(matches[index][6])
        span_starts = list(map(_start, matches, repeat(4)))
        comments = list(map(_group, matches, repeat(2)))
        if comments.count(None) == size:  # no comment: the usual run
            self.child_starts += starts
            notes: list[str | None] = comments
            limits: list[int | None] = [None] * size
            leads = span_starts
        else:
            notes, limits, leads = [], [], []
            for match, comment, start, span_start in zip(
                matches, comments, starts, span_starts, strict=True
            ):
                note, lead = None, span_start
                if comment is not None:
                    self.child_starts.append(match.start(2) - len("<!--"))
                    if match.start(3) == match.end(3):  # on the line above: attached
                        note = comment.strip() or None
                        if match.start(1) < match.end(1):  # indented: its line leads
                            lead = match.start(1)
                self.child_starts.append(start)
                notes.append(note)
                limits.append(max_length((), note) if note else None)
                leads.append(lead)
        rows = zip(keys, values, notes, repeat(None), limits, repeat(True), lines, repeat("string"))
        entries.update(zip(keys, map(_new, repeat(Entry), rows), strict=True))
        inner_ends = list(map(_end, matches, repeat(6)))
        elements = map(
            _new,
            repeat(TextElement),
            zip(
                repeat("string"),
                [{"name": key} for key in keys],
                starts,
                map(add, inner_ends, repeat(len("</string>"))),
                map(_start, matches, repeat(6)),
                inner_ends,
            ),
        )
        self.elements.update(zip(keys, elements, strict=True))
        ends = map(add, map(_end, matches), repeat(1))  # past the line break
        if self.carriage_returns:
            ends = map(add, ends, map(text.startswith, repeat("\r"), map(_end, matches)))
        self.spans += zip(keys, span_starts, ends, leads, strict=True)

    def _refuse(self, keys: list[str], lines: list[int]) -> None:
        """Raise the error the first repeated key or the entry over the cap gives."""
        entries, seen = self.entries, set()
        for index, (key, line) in enumerate(zip(keys, lines, strict=True)):
            if key in entries or key in seen:
                raise FormatError(f"duplicate resource name {key!r}", path=self.path, line=line)
            if len(entries) + index >= self.max_entries:
                raise FormatError(f"more than {self.max_entries:,} entries", path=self.path)
            seen.add(key)

    def _child(
        self, position: int, pending: XmlComment | None
    ) -> tuple[int, XmlComment | None] | None:
        """Read the child at ``position``: where the next one starts and the comment
        right before it; None at the root's closing tag."""
        text, path = self.text, self.path
        found = CHILD.match(text, position)
        if found is None:  # the text is well-formed: not reached
            raise FormatError("malformed XML", path=path, line=line_number(text, position))
        position = found.end()
        name = found["open"]
        if name is None:
            comment = found["comment"]
            if comment is not None:
                start = found.start("comment") - 4
                self.child_starts.append(start)
                return position, XmlComment(start, position, comment)
            if found["close"] is not None:  # the root's closing tag
                self.root.inner_end = found.start("close") - 2
                self.root.end = position
                return None
            return position, pending
        start = found.start("open") - 1
        self.child_starts.append(start)
        kind_of_match = found.lastgroup
        if kind_of_match == "inner":  # content is text only: most strings
            only_name = _NAME_ONLY.fullmatch(found["attrs"])
            attributes = (
                {"name": only_name.group(1)}
                if only_name is not None
                else read_attributes(found["attrs"])
            )
            inner_start, inner_end = found.span("inner")
            element = XmlElement(name, attributes, start, position, inner_start, inner_end, LEAF)
        elif kind_of_match == "empty":
            element = XmlElement(name, read_attributes(found["attrs"]), start, position)
            element.inner_start = element.inner_end = position
        else:  # content with markup, CDATA, comments or child elements
            element = scan(path, text, start)
            position = element.end
        kind = KINDS.get(name)
        attributes = element.attributes
        key = attributes.get("name")
        if kind is None or key is None:
            return position, None
        line = self._line_at(start)
        entries = self.entries
        if key in entries:
            raise FormatError(f"duplicate resource name {key!r}", path=path, line=line)
        if len(entries) >= self.max_entries:
            raise FormatError(f"more than {self.max_entries:,} entries", path=path)
        span_start, span_end = whole_lines(text, start, position)
        lead, note = span_start, None
        if pending is not None and text.count("\n", pending.end, start) <= 1:
            note = pending.text.strip() or None
            comment_start = whole_lines(text, pending.start, pending.end)[0]
            if comment_start < pending.start or comment_start == span_start:
                lead = comment_start
        value = (
            unescape(text[element.inner_start : element.inner_end])
            if name == "string"
            else _value(text, element)
        )
        entries[key] = build_entry(
            key,
            value,
            note,
            None,
            _max_length(attributes, note) if note or len(attributes) > 1 else None,
            attributes.get("translatable", "true") != "false",
            line,
            kind,
        )
        self.elements[key] = element
        self.spans.append((key, span_start, span_end, lead))
        return position, None


def _max_length(attributes: dict[str, str], comment: str | None) -> int | None:
    local = ((name.rpartition(":")[2], value) for name, value in attributes.items())
    return max_length(local, comment)


def _inner_value(text: str, element: XmlElement) -> str:
    """What Android shows for the element's content."""
    return unescape(text[element.inner_start : element.inner_end])


def _value(text: str, element: XmlElement) -> Value:
    if element.name == "string":
        return _inner_value(text, element)
    items = element.elements("item")
    if element.name == "plurals":
        return sort_plural(
            {item.attributes.get("quantity", ""): _inner_value(text, item) for item in items}
        )
    return {str(index): _inner_value(text, item) for index, item in enumerate(items)}
