"""Reading a ``.stringsdict`` plist in one pass: every entry, its parts' offsets, its span.

The top ``<dict>``'s children are read in file order, one match of
``catalog._xml.CHILD`` each: ``<key>`` and ``<string>`` elements holding text only are
read whole, any other element (a plural rule's ``<dict>``, content with CDATA or
comments) is scanned from its start tag by ``catalog._xml.scan``. Children pair up by
position (key, value); each entry's span goes to the editing engine as it is read.
lxml has checked the text is well-formed before.

>>> text = '<plist><dict>\\n<key>a</key><string>A &amp; B</string>\\n</dict></plist>'
>>> read = read_plist("Localizable.stringsdict", text)
>>> read.entries
{'a': Entry(key='a', value='A & B', comment=None, context=None, max_length=None, \
translatable=True, line=2, kind='string')}
>>> read.splicer.span("a")
(14, 53)
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
    read_root,
    scan,
    unescape_entities,
)
from catalog.base import (
    MAX_ENTRIES,
    PLURAL_CATEGORIES,
    Entry,
    FormatError,
    build_entry,
    sort_plural,
)

__all__ = ["FORMAT_KEY", "VARIABLE", "Plural", "StringsdictRead", "element_text", "read_plist"]

FORMAT_KEY = "NSStringLocalizedFormatKey"
#: A variable reference in a format key: ``%#@name@``.
VARIABLE = re.compile(r"%#@([^@]+)@")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


@dataclass(slots=True)
class Plural:
    """Where a one-variable plural entry's parts are in the text."""

    format_string: XmlElement
    variable: XmlElement  #: the variable's <dict>
    forms: dict[str, tuple[XmlElement, XmlElement]]  #: category -> (<key>, <string>)
    prefix: str
    suffix: str


@dataclass(slots=True)
class StringsdictRead:
    """What reading a file gives the document."""

    text: str  #: the text read (``<dict/>`` opened as ``<dict></dict>``)
    top: XmlElement  #: offsets of the top ``<dict>`` (children not kept)
    #: the top dict's (key, value) elements whose value has child elements (rules)
    nested_pairs: list[tuple[XmlElement, XmlElement]]
    entries: dict[str, Entry]
    plurals: dict[str, Plural]  #: one-variable plural entries' parts
    strings: dict[str, XmlElement]  #: top-level string entries' ``<string>``
    splicer: Splicer  #: the editing engine, every entry's span recorded


def element_text(text: str, element: XmlElement) -> str:
    """The text of a ``<key>`` or ``<string>``: references decoded, CDATA unwrapped."""
    inner = text[element.inner_start : element.inner_end]
    if "<![CDATA[" in inner:
        parts = _CDATA.split(inner)
        return "".join(
            part if index % 2 else unescape_entities(part) for index, part in enumerate(parts)
        )
    return unescape_entities(inner)


def read_plist(path: str, text: str, max_entries: int = MAX_ENTRIES) -> StringsdictRead:
    """Entries, their parts and the editing engine of a well-formed ``.stringsdict`` text
    (FormatError beyond ``max_entries``)."""
    reader = _Reader(path, text, max_entries)
    top = reader.read(read_root(path, text))
    if top.end == top.inner_start:  # <dict/>: edit as <dict></dict>
        text = expand_empty(text, top)
        reader = _Reader(path, text, max_entries)
        top = reader.read(read_root(path, text))
    anchor, prefix = insertion_point(text, top)
    splicer = Splicer(text, end_anchor=anchor, end_prefix=prefix)
    add_span = splicer.add_span
    for key, start, end in reader.spans:
        add_span(key, start, end)
    return StringsdictRead(
        text, top, reader.nested_pairs, reader.entries, reader.plurals, reader.strings, splicer
    )


#: Dicts nested deeper than this (the top dict is 1, a rule 2, a rule's variable 3) are
#: read by the general scan: no deep recursion on hostile nesting.
_READ_DEPTH = 3


class _Reader:
    """One pass over the plist: elements, then entries from the top dict's pairs."""

    def __init__(self, path: str, text: str, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        self.text = text
        self.nested_pairs: list[tuple[XmlElement, XmlElement]] = []
        self.entries: dict[str, Entry] = {}
        self.plurals: dict[str, Plural] = {}
        self.strings: dict[str, XmlElement] = {}
        self.spans: list[tuple[str, int, int]] = []

    def read(self, root: XmlElement) -> XmlElement:
        """The one ``<dict>`` in ``<plist>``, its entries read."""
        if root.name == "plist" and root.end < 0:
            self._read_children(root, 0)
        tops = root.elements("dict")
        if root.name != "plist" or len(tops) != 1:
            raise FormatError(
                "expected <plist> holding one <dict>",
                path=self.path,
                line=line_number(self.text, root.start),
            )
        top = tops[0]
        count = self.text.count
        carriage_returns = "\r" in self.text
        line, counted = 1, 0  # the line number at offset ``counted``
        for key_element, value in pairs(top):
            start = key_element.start
            line += count("\n", counted, start)
            if carriage_returns:
                line += count("\r", counted, start) - count("\r\n", counted, start)
            counted = start
            if value.children:
                self.nested_pairs.append((key_element, value))
            self._pair(key_element, value, line)
        return top

    def _element(self, found: re.Match[str], depth: int) -> XmlElement:
        """The element a match of CHILD starts: read whole, its children read the same way
        (a dict up to ``_READ_DEPTH``), or scanned. Attributes are not kept (a plist's
        elements have none that matter)."""
        start, end = found.start("open") - 1, found.end()
        name = found["open"]
        if found["empty"] is not None:
            return XmlElement(name, {}, start, end, end, end, LEAF)
        if found["inner"] is not None:
            inner_start, inner_end = found.span("inner")
            return XmlElement(name, {}, start, end, inner_start, inner_end, LEAF)
        if name != "dict" or depth > _READ_DEPTH:
            return scan(self.path, self.text, start)
        element = XmlElement(name, {}, start, -1, end)
        self._read_children(element, depth)
        return element

    def _read_children(self, element: XmlElement, depth: int) -> None:
        """Read the children of ``element`` (its start tag read) up to its closing tag."""
        path, text = self.path, self.text
        append, match_child = element.children.append, CHILD.match
        position = element.inner_start
        while True:
            child = match_child(text, position)
            if child is None:  # lxml accepted the text: not reached
                raise FormatError("malformed XML", path=path, line=line_number(text, position))
            kind = child.lastgroup
            if kind == "inner":  # the usual <key>..</key> or <string>..</string>
                position = child.end()
                inner_start, inner_end = child.span("inner")
                opening = child.start("open") - 1
                append(
                    XmlElement(child["open"], {}, opening, position, inner_start, inner_end, LEAF)
                )
            elif kind == "close":  # the element's closing tag
                element.inner_end = child.start("close") - 2
                element.end = child.end()
                return
            elif kind == "comment":
                position = child.end()
                append(XmlComment(child.start("comment") - 4, position, child["comment"]))
            elif kind is None:  # CDATA or a processing instruction
                position = child.end()
            else:
                nested = self._element(child, depth + 1)
                append(nested)
                position = nested.end

    def _pair(self, key_element: XmlElement, value: XmlElement, line: int) -> None:
        text, entries = self.text, self.entries
        key = element_text(text, key_element)
        if key in entries:
            raise FormatError(f"duplicate key {key!r}", path=self.path, line=line)
        if len(entries) >= self.max_entries:
            limit = self.max_entries
            raise FormatError(f"more than {limit:,} entries", path=self.path, line=line)
        if value.name == "string":
            entry = build_entry(
                key, element_text(text, value), None, None, None, True, line, "string"
            )
            self.strings[key] = value
        elif value.name == "dict":
            entry = self._rule(key, value, line)
        else:
            return
        start, end = whole_lines(text, key_element.start, value.end)
        self.spans.append((key, start, end))
        entries[key] = entry

    def _rule(self, key: str, rule: XmlElement, line: int) -> Entry:
        text = self.text
        fields = {element_text(text, k): v for k, v in pairs(rule)}
        format_element = fields.get(FORMAT_KEY)
        format_string = element_text(text, format_element) if format_element is not None else ""
        variables = VARIABLE.findall(format_string)
        if format_element is None or len(variables) != 1 or variables[0] not in fields:
            return Entry(
                key=key,
                value=format_string,
                comment=f"stringsdict rule with variables {variables} (kept verbatim)",
                translatable=False,
                line=line,
            )
        variable = fields[variables[0]]
        forms = {}
        for k, v in pairs(variable):
            category = element_text(text, k)
            if category in PLURAL_CATEGORIES and v.name == "string":
                forms[category] = (k, v)
        prefix, _, suffix = format_string.partition(f"%#@{variables[0]}@")
        self.plurals[key] = Plural(format_element, variable, forms, prefix, suffix)
        value = {c: prefix + element_text(text, v) + suffix for c, (_, v) in forms.items()}
        return build_entry(key, sort_plural(value), None, None, None, True, line, "plural")


def pairs(element: XmlElement) -> list[tuple[XmlElement, XmlElement]]:
    """(``<key>``, value) child elements of a scanned ``<dict>``, paired by position."""
    children = element.elements()
    return [
        (children[index], children[index + 1])
        for index in range(0, len(children) - 1, 2)
        if children[index].name == "key"
    ]
