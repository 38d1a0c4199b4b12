"""Reading Android strings.xml in one pass: every entry, its element's offsets, its span.

The children of ``<resources>`` are read in file order, each by one match of ``_CHILD``,
which also gives the layout of its line (the blanks before it, whether only blanks follow
it). A comment, or an element whose content is text only (most strings), is read whole;
any other element (plurals, arrays, values holding markup or CDATA) is scanned from its
start tag by ``catalog._xml.scan``. Each entry's span, with the comment right before it,
goes to the editing engine. The text has been checked well-formed before.

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

from catalog._splice import Splicer, blank_prefix, line_number, whole_lines
from catalog._xml import (
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
from catalog.base import MAX_ENTRIES, Entry, FormatError, Value, sort_plural
from catalog.formats._android_text import PLAIN, max_length, unescape

__all__ = ["AndroidRead", "read_resources"]

#: Resource element name -> entry kind.
KINDS = {"string": "string", "plurals": "plural", "string-array": "array"}

#: Entries and text elements made in one C call (as ``catalog.base.build_entry`` does).
_tuple_new = tuple.__new__


@dataclass(slots=True)
class AndroidRead:
    """What reading a file gives the document."""

    text: str  #: the text read (``<resources/>`` opened as ``<resources></resources>``)
    root: XmlElement  #: offsets and attributes of ``<resources>`` (children not kept)
    indents: list[str]  #: the blanks before each child of the root that begins its line
    #: key -> the blanks before the first ``<item>`` of its element that begins its line
    item_indents: dict[str, str]
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
#: One child of the root with the text before it, as ``catalog._xml.CHILD`` reads it (a
#: comment, CDATA or a processing instruction, the root's closing tag, or an element:
#: ``inner`` when its content is text only, else it must be scanned), and its line:
#: ``indent`` the blanks before it when only blanks precede it on its line (after a line
#: break: the match starts right after a tag), ``rest`` what follows the match to the end
#: of its line when that is blanks only. ``key``: the name of an element with no other
#: attribute; ``plain``: content that is its own value (``PLAIN``). Line breaks are
#: ``\n``, ``\r\n`` or ``\r``, as catalog._splice reads them. Each part stops at the next
#: ``<`` or line break, and repeats are possessive: a match costs the length it reads.
_CHILD = re.compile(
    rf"(?:(?:[^<\r\n]*+(?:\r\n|\n|\r))++(?P<indent>{_BLANK}*+)(?=<)|[^<]*+)"
    r"(?:<!--(?P<comment>.*?)-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|</(?P<close>[^\s>]++)\s*+>"
    r"""|<(?P<open>[^\s/>!?]++)(?P<attrs>\s++name="(?P<key>[^"&]*+)"(?=\s*+/?>)"""
    r"""|(?:\s++[^\s=/>]++\s*+=\s*+(?:"[^"]*+"|'[^']*+'))*+)\s*+"""
    rf"(?:(?P<empty>/>)|>(?:(?P<inner>(?P<plain>{PLAIN.pattern})(?=<)|[^<]*+)"
    r"</(?P=open)\s*+>)?))"
    rf"(?=(?P<rest>{_BLANK}*+(?:\r\n|\n|\r|\Z))|)",
    re.DOTALL,
)


class _Reader:
    """One pass over the root's children."""

    def __init__(self, path: str, text: str, root: XmlElement, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        self.text = text
        self.root = root
        self.indents: list[str] = []
        self.item_indents: dict[str, str] = {}
        self.entries: dict[str, Entry] = {}
        self.elements: dict[str, Element] = {}
        self.spans: list[tuple[str, int, int, int]] = []

    def read(self) -> AndroidRead:
        text, root = self.text, self.root
        if root.end < 0:
            self._children()
        anchor, prefix = insertion_point(text, root)
        splicer = Splicer(text, end_anchor=anchor, end_prefix=prefix)
        if self.spans:
            keys, starts, ends, leads = map(list, zip(*self.spans, strict=True))
            splicer.add_spans(keys, starts, ends, leads)
        return AndroidRead(
            text, root, self.indents, self.item_indents, self.entries, self.elements, splicer
        )

    def _children(self) -> None:
        """Read the root's children up to its closing tag: the entries, with the comment
        right before each."""
        text, path, root, match_child = self.text, self.path, self.root, _CHILD.match
        entries, elements, indents, spans = self.entries, self.elements, self.indents, self.spans
        carriage_returns, max_entries = "\r" in text, self.max_entries
        line, counted = 1, 0  # the line number at offset ``counted``
        position, pending = root.inner_start, None
        while True:
            found = match_child(text, position)
            if found is None:  # the text is well-formed: not reached
                raise FormatError("malformed XML", path=path, line=line_number(text, position))
            position = found.end()
            # one call for every group (by name, each is a lookup of its own)
            indent, comment, close, name, attributes_text, key, empty, inner, plain, rest = (
                found.groups()
            )
            if indent is not None and (name is not None or comment is not None):
                indents.append(indent)
            if name is None:
                if comment is not None:
                    pending = XmlComment(found.start("comment") - 4, position, comment)
                elif close is not None:  # the root's closing tag
                    root.inner_end, root.end = found.start("close") - 2, position
                    return
                continue  # CDATA or a processing instruction
            start = found.start("open") - 1
            attributes = {"name": key} if key is not None else read_attributes(attributes_text)
            if inner is not None:  # content is text only: most strings
                fields = (name, attributes, start, position, *found.span("inner"))
                element: Element = _tuple_new(TextElement, fields)
            elif empty is not None:
                fields = (name, attributes, start, position, position, position)
                element = _tuple_new(TextElement, fields)
            else:  # content with markup, CDATA, comments or child elements
                element = scan(path, text, start)
                position = element.end
            kind, key = KINDS.get(name), attributes.get("name")
            if kind is None or key is None:
                pending = None
                continue
            line += text.count("\n", counted, start)
            if carriage_returns:
                line += text.count("\r", counted, start) - text.count("\r\n", counted, start)
            counted = start
            if key in entries:
                raise FormatError(f"duplicate resource name {key!r}", path=path, line=line)
            if len(entries) >= max_entries:
                raise FormatError(f"more than {max_entries:,} entries", path=path)
            if indent is not None and rest is not None and position == found.end():
                span_start, span_end = start - len(indent), position + len(rest)  # alone
            else:
                span_start, span_end = whole_lines(text, start, position)
            lead, note = span_start, None
            if pending is not None:
                if text.count("\n", pending.end, start) <= 1:
                    note = pending.text.strip() or None
                    comment_start = whole_lines(text, pending.start, pending.end)[0]
                    if comment_start < pending.start or comment_start == span_start:
                        lead = comment_start
                pending = None
            if plain is not None:
                value: Value = plain
            elif kind == "string":
                value = unescape(text[element.inner_start : element.inner_end])
            else:
                value = self._forms(key, element)
            translatable = attributes.get("translatable", "true") != "false"
            limit = _max_length(attributes, note) if note or len(attributes) > 1 else None
            row = (key, value, note, None, limit, translatable, line, kind)
            entries[key] = _tuple_new(Entry, row)
            elements[key] = element
            spans.append((key, span_start, span_end, lead))

    def _forms(self, key: str, element: Element) -> Value:
        """The value of a plurals or string-array element; the blanks before its first
        ``<item>`` that begins its line are kept for new items."""
        text, items = self.text, element.elements("item")
        for item in items:
            prefix = blank_prefix(text, item.start)
            if prefix is not None:
                self.item_indents[key] = prefix
                break
        values = [unescape(text[item.inner_start : item.inner_end]) for item in items]
        if element.name == "plurals":
            quantities = [item.attributes.get("quantity", "") for item in items]
            return sort_plural(dict(zip(quantities, values, strict=True)))
        return {str(index): value for index, value in enumerate(values)}


def _max_length(attributes: dict[str, str], comment: str | None) -> int | None:
    local = ((name.rpartition(":")[2], value) for name, value in attributes.items())
    return max_length(local, comment)
