"""Reading a ``.stringsdict`` plist in one pass: every entry, its parts' offsets, its span.

One ``finditer`` of ``_TOKEN`` walks the root element, a stack holding the elements open
at the current place. A token is a ``<key>`` with the ``<string>`` after it or the
``<dict>`` start tag after it (the usual pairs: one match reads two elements), an element
holding text only, a start tag, a closing tag, or a comment, CDATA or processing
instruction (skipped). Each element keeps its child elements; a dict's children pair up
by position (key, value). The top dict's pairs become entries, a rule's from its own pairs
and its variable dict's, and each entry's span goes to the editing engine. The text has
been checked well-formed before, so every closing tag closes the innermost open element.

>>> text = '<plist><dict>\\n<key>a</key><string>A &amp; B</string>\\n</dict></plist>'
>>> read = StringsdictRead("Localizable.stringsdict", text)
>>> read.entries
{'a': Entry(key='a', value='A & B', comment=None, context=None, max_length=None, \
translatable=True, line=2, kind='string')}
>>> read.splicer.span("a")
(14, 53)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from catalog._splice import Splicer, line_number, whole_lines
from catalog._xml import LEAF, XmlElement, expand_empty, insertion_point, read_root
from catalog._xml import unescape_entities as unescape
from catalog.base import (
    MAX_ENTRIES,
    PLURAL_CATEGORIES,
    Entry,
    FormatError,
    build_entry,
    sort_plural,
)

__all__ = [
    "FORMAT_KEY",
    "VARIABLE",
    "Node",
    "Plural",
    "StringsdictRead",
    "content",
    "plural_forms",
    "xml_element",
]

FORMAT_KEY = "NSStringLocalizedFormatKey"
#: A variable reference in a format key: ``%#@name@``.
VARIABLE = re.compile(r"%#@([^@]+)@")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)

_S = r"[ \t\r\n]*+"
#: One token with the text before it. Groups: ``key`` (a ``<key>``'s content) with
#: ``string`` (the ``<string>``'s after it) or ``dict`` (its ``<dict>`` start tag); none
#: for a comment, CDATA or a processing instruction; ``close``; ``open`` and ``attrs``,
#: then ``empty`` when self-closing or ``inner`` when its content is text only (read
#: whole). Possessive, each part stopped by the next ``<``: a token costs the length it
#: reads (a comment's or CDATA's, to its end).
_TOKEN = re.compile(
    rf"[^<]*+(?:<key>(?P<key>[^<]*+)</key>{_S}(?:<string>(?P<string>[^<]*+)</string>"
    r"|(?P<dict><dict>))|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    r"|</(?P<close>[^\s>]++)\s*+>|<(?P<open>[^\s/>!?]++)"
    r"""(?P<attrs>(?:\s++[^\s=/>]++\s*+=\s*+(?:"[^"]*+"|'[^']*+'))*+)\s*+"""
    r"(?:(?P<empty>/>)|>(?:(?P<inner>[^<]*+)</(?P=open)\s*+>)?))",
    re.DOTALL,
)

#: An element read: name, start, end, start and end of its content, child elements
#: (comments, CDATA and text are not kept). A plain tuple, made by the thousand; an element
#: read whole holds ``()``, so the garbage collector stops tracking it.
Node = tuple[str, int, int, int, int, Sequence["Node"]]


@dataclass(slots=True)
class Plural:
    """Where a one-variable plural entry's parts are in the text."""

    format_string: Node
    forms: dict[str, tuple[int, Node]]  #: category -> (its ``<key>``'s start, its string)
    #: the forms a later one of the same category hides (their value is not read)
    hidden: list[tuple[str, int, Node]]
    prefix: str
    suffix: str


def content(text: str, start: int, end: int) -> str:
    """The text of a ``<key>`` or ``<string>`` whose content is ``text[start:end]``:
    references decoded, CDATA unwrapped (comments are kept as written)."""
    inner = text[start:end]
    if "<" not in inner:
        return unescape(inner) if "&" in inner else inner
    parts = _CDATA.split(inner)
    return "".join(part if index % 2 else unescape(part) for index, part in enumerate(parts))


def _top_dict(path: str, text: str) -> Node:
    """The one ``<dict>`` in ``<plist>``, every element in it read."""
    root = read_root(path, text)
    dicts = []
    if root.name == "plist" and root.end < 0:
        dicts = [element for element in _children(path, text, root) if element[0] == "dict"]
    if root.name != "plist" or len(dicts) != 1:
        line = line_number(text, root.start)
        raise FormatError("expected <plist> holding one <dict>", path=path, line=line)
    return dicts[0]


def _children(path: str, text: str, root: XmlElement) -> list[Node]:
    """The child elements of ``root`` (its start tag read), each with its own."""
    children: list[Node] = []
    #: the elements open around the current token: name, start, content start, children
    stack = [(root.name, root.start, root.inner_start, children)]
    add = children.append
    for token in _TOKEN.finditer(text, root.inner_start):
        kind = token.lastgroup
        if kind == "string":  # <key>..</key> <string>..</string>
            key_start, key_end = token.span(1)
            string_start, string_end = token.span(2)
            add(("key", key_start - 5, key_end + 6, key_start, key_end, ()))
            add(("string", string_start - 8, string_end + 9, string_start, string_end, ()))
        elif kind == "dict":  # <key>..</key> <dict>: the key, then the dict opened
            key_start, key_end = token.span(1)
            add(("key", key_start - 5, key_end + 6, key_start, key_end, ()))
            opened: list[Node] = []
            stack.append(("dict", token.start(3), token.end(), opened))
            add = opened.append
        elif kind == "close":
            name, start, inner_start, opened = stack.pop()
            if not stack:
                return children
            add = stack[-1][3].append
            add((name, start, token.end(), inner_start, token.start(4) - 2, opened))
        elif kind == "inner" or kind == "empty":  # an element with no child element
            end = token.end()
            start = token.start("open") - 1
            if kind == "inner":
                add((token["open"], start, end, *token.span("inner"), ()))
            else:
                add((token["open"], start, end, end, end, ()))
        elif kind == "attrs":  # another start tag: open an element
            opened = []
            stack.append((token["open"], token.start("open") - 1, token.end(), opened))
            add = opened.append
        # comments, CDATA, processing instructions: not kept
    raise FormatError("no complete root element", path=path, line=line_number(text, len(text)))


def xml_element(element: Node) -> XmlElement:
    """An element as ``catalog._xml`` takes it (its children not kept)."""
    name, start, end, inner_start, inner_end, _ = element
    return XmlElement(name, {}, start, end, inner_start, inner_end, LEAF)


def _pairs(element: Node) -> Iterable[tuple[Node, Node]]:
    """The child elements of a dict paired by position (a last odd one left out): the
    caller keeps the pairs whose first is a ``<key>`` (one test a pair, no list made)."""
    children = iter(element[5])
    return zip(children, children, strict=False)


class StringsdictRead:
    """Reading a well-formed ``.stringsdict`` text: its entries, their parts and the editing
    engine with every entry's span (FormatError beyond ``max_entries``)."""

    def __init__(self, path: str, text: str, max_entries: int = MAX_ENTRIES) -> None:
        top = _top_dict(path, text)
        if top[2] == top[3]:  # <dict/>: edit as <dict></dict>
            text = expand_empty(text, xml_element(top))
            top = _top_dict(path, text)
        self.path = path
        self.text = text  #: the text read (``<dict/>`` opened as ``<dict></dict>``)
        self.max_entries = max_entries
        self.top = xml_element(top)  #: offsets of the top ``<dict>`` (children not kept)
        #: (start of the key, start of the value's first child element) of the top dict's
        #: pairs whose value has child elements (rules), in file order
        self.nested_starts: list[tuple[int, int]] = []
        self.entries: dict[str, Entry] = {}
        self.plurals: dict[str, Plural] = {}  #: one-variable plural entries' parts
        self.strings: dict[str, Node] = {}  #: top-level string entries' ``<string>``
        self.spans: list[tuple[str, int, int]] = []
        self._read_entries(top)
        anchor, prefix = insertion_point(text, self.top)
        #: the editing engine, every entry's span recorded
        self.splicer = Splicer(text, end_anchor=anchor, end_prefix=prefix)
        if self.spans:
            keys, starts, ends = map(list, zip(*self.spans, strict=True))
            self.splicer.add_spans(keys, starts, ends, starts)

    def _read_entries(self, top: Node) -> None:
        """The entries of the top dict's pairs."""
        text, entries = self.text, self.entries
        count, carriage_returns = text.count, "\r" in text
        line, counted = 1, 0  # the line number at offset ``counted``
        for key_element, value in _pairs(top):
            if key_element[0] != "key":
                continue
            start = key_element[1]
            line += count("\n", counted, start)
            if carriage_returns:
                line += count("\r", counted, start) - count("\r\n", counted, start)
            counted = start
            key = content(text, *key_element[3:5])
            if key in entries:
                raise FormatError(f"duplicate key {key!r}", path=self.path, line=line)
            if len(entries) >= self.max_entries:
                limit = self.max_entries
                raise FormatError(f"more than {limit:,} entries", path=self.path, line=line)
            name, _, end, inner_start, inner_end, grandchildren = value
            if grandchildren:
                self.nested_starts.append((start, grandchildren[0][1]))
            if name == "string":
                string = content(text, inner_start, inner_end)
                entry = build_entry(key, string, None, None, None, True, line, "string")
                self.strings[key] = value
            elif name == "dict":
                entry = self._rule(key, value, line)
            else:
                continue
            self.spans.append((key, *whole_lines(text, start, end)))
            entries[key] = entry

    def _rule(self, key: str, rule: Node, line: int) -> Entry:
        """The entry of a rule: a plural when its format key references one variable."""
        text = self.text
        fields = {content(text, k[3], k[4]): v for k, v in _pairs(rule) if k[0] == "key"}
        format_element = fields.get(FORMAT_KEY)
        format_string = "" if format_element is None else content(text, *format_element[3:5])
        #: [prefix, variable, suffix] when the format key references one variable
        parts = VARIABLE.split(format_string)
        if format_element is None or len(parts) != 3 or parts[1] not in fields:
            return Entry(
                key=key,
                value=format_string,
                comment=f"stringsdict rule with variables {parts[1::2]} (kept verbatim)",
                translatable=False,
                line=line,
            )
        prefix, variable_name, suffix = parts
        forms: dict[str, tuple[int, Node]] = {}
        hidden: list[tuple[str, int, Node]] = []
        value: dict[str, str] = {}
        for k, v in _pairs(fields[variable_name]):
            if k[0] != "key" or v[0] != "string":
                continue
            category = text[k[3] : k[4]]
            if category not in _CATEGORIES:
                if "&" in category or "<" in category:  # spelt with a reference or CDATA
                    category = content(text, k[3], k[4])
                if category not in _CATEGORIES:  # (NSStringFormatSpecTypeKey, ...)
                    continue
            if category in forms:
                hidden.append((category, *forms[category]))
            forms[category] = (k[1], v)
            form = text[v[3] : v[4]]
            if "<" in form or "&" in form:  # (else its content as written: no call a form)
                form = content(text, v[3], v[4])
            value[category] = prefix + form + suffix
        self.plurals[key] = Plural(format_element, forms, hidden, prefix, suffix)
        value = value if tuple(value) in _IN_ORDER else sort_plural(value)  # (no copy)
        return build_entry(key, value, None, None, None, True, line, "plural")


def plural_forms(forms: Mapping[str, str]) -> dict[str, str]:
    """``sort_plural(forms)``, a copy without sorting when the forms are in CLDR order.

    >>> plural_forms({"other": "x", "one": "y"}), plural_forms({"one": "y", "other": "x"})
    ({'one': 'y', 'other': 'x'}, {'one': 'y', 'other': 'x'})
    """
    return dict(forms) if tuple(forms) in _IN_ORDER else sort_plural(forms)


_CATEGORIES = frozenset(PLURAL_CATEGORIES)
#: Every sequence of distinct categories in CLDR order (what sort_plural leaves as it is).
_IN_ORDER = frozenset(
    tuple(c for index, c in enumerate(PLURAL_CATEGORIES) if mask >> index & 1)
    for mask in range(1 << len(PLURAL_CATEGORIES))
)
