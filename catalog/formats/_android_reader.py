"""Reading Android strings.xml in one pass: every entry, its element's offsets, its span.

The children of ``<resources>`` are read in file order, one match of
``catalog._xml.CHILD`` each: a comment, or an element whose content is text only (most
strings), is read whole; any other element (plurals, arrays, values holding markup or
CDATA) is scanned from its start tag by ``catalog._xml.scan``. Each entry's span, with the comment
right before it, goes to the editing engine as it is read. lxml has checked the text is
well-formed before.

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
from dataclasses import dataclass

from catalog._splice import Splicer, line_number, whole_lines
from catalog._xml import (
    CHILD,
    LEAF,
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


@dataclass(slots=True)
class AndroidRead:
    """What reading a file gives the document."""

    text: str  #: the text read (``<resources/>`` opened as ``<resources></resources>``)
    root: XmlElement  #: offsets and attributes of ``<resources>`` (children not kept)
    child_starts: list[int]  #: where each child of the root (element or comment) starts
    entries: dict[str, Entry]
    elements: dict[str, XmlElement]  #: each entry's element, with offsets
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


class _Reader:
    """One pass over the root's children."""

    def __init__(self, path: str, text: str, root: XmlElement, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        self.text = text
        self.root = root
        self.child_starts: list[int] = []
        self.entries: dict[str, Entry] = {}
        self.elements: dict[str, XmlElement] = {}
        self.spans: list[tuple[str, int, int, int]] = []

    def read(self) -> AndroidRead:
        text, root = self.text, self.root
        if root.end < 0:
            self._children()
        anchor, prefix = insertion_point(text, root)
        splicer = Splicer(text, end_anchor=anchor, end_prefix=prefix)
        add_span = splicer.add_span
        for key, start, end, lead in self.spans:
            add_span(key, start, end, lead=lead)
        return AndroidRead(text, root, self.child_starts, self.entries, self.elements, splicer)

    def _children(self) -> None:
        text, path, child_starts = self.text, self.path, self.child_starts
        entries, elements, spans = self.entries, self.elements, self.spans
        max_entries = self.max_entries
        match_child, count, name_only = CHILD.match, text.count, _NAME_ONLY.fullmatch
        carriage_returns = "\r" in text
        line, counted = 1, 0  # the line number at offset ``counted``
        pending: XmlComment | None = None  # the comment right before the next element
        position = self.root.inner_start
        while True:
            found = match_child(text, position)
            if found is None:  # lxml accepted the text: not reached
                raise FormatError("malformed XML", path=path, line=line_number(text, position))
            position = found.end()
            name = found["open"]
            if name is None:
                comment = found["comment"]
                if comment is not None:
                    start = found.start("comment") - 4
                    child_starts.append(start)
                    pending = XmlComment(start, position, comment)
                elif found["close"] is not None:  # the root's closing tag
                    self.root.inner_end = found.start("close") - 2
                    self.root.end = position
                    return
                continue
            start = found.start("open") - 1
            child_starts.append(start)
            kind_of_match = found.lastgroup
            if kind_of_match == "inner":  # content is text only: most strings
                only_name = name_only(found["attrs"])
                attributes = (
                    {"name": only_name.group(1)}
                    if only_name is not None
                    else read_attributes(found["attrs"])
                )
                inner_start, inner_end = found.span("inner")
                element = XmlElement(
                    name, attributes, start, position, inner_start, inner_end, LEAF
                )
            elif kind_of_match == "empty":
                element = XmlElement(name, read_attributes(found["attrs"]), start, position)
                element.inner_start = element.inner_end = position
            else:  # content with markup, CDATA, comments or child elements
                element = scan(path, text, start)
                position = element.end
            comment_element, pending = pending, None
            kind = KINDS.get(name)
            attributes = element.attributes
            key = attributes.get("name")
            if kind is None or key is None:
                continue
            line += count("\n", counted, start)
            if carriage_returns:
                line += count("\r", counted, start) - count("\r\n", counted, start)
            counted = start
            if key in entries:
                raise FormatError(f"duplicate resource name {key!r}", path=path, line=line)
            if len(entries) >= max_entries:
                raise FormatError(f"more than {max_entries:,} entries", path=path)
            span_start, span_end = whole_lines(text, start, position)
            lead, note = span_start, None
            if comment_element is not None and count("\n", comment_element.end, start) <= 1:
                note = comment_element.text.strip() or None
                comment_start = whole_lines(text, comment_element.start, comment_element.end)[0]
                if comment_start < comment_element.start or comment_start == span_start:
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
            elements[key] = element
            spans.append((key, span_start, span_end, lead))


#: `` name="..."``: the attributes of most elements, read without the general reader
_NAME_ONLY = re.compile(r'\s+name="([^"&]*)"')


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
