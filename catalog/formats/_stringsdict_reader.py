"""Reading a ``.stringsdict`` plist in one pass: every entry, its parts' offsets, its span.

The top ``<dict>``'s children are read in file order. A key with a one-variable plural
rule laid out the usual way (format key, then the variable's dict of key/string pairs,
blanks between) is read by ONE match of ``_RULE``; other children one match of
``catalog._xml.CHILD`` each: ``<key>`` and ``<string>`` elements holding text only are
read whole, any other element (a rule laid out otherwise, content with CDATA or
comments) is read child by child or scanned by ``catalog._xml.scan``. Children pair up
by position (key, value); each entry's span goes to the editing engine. The text has
been checked well-formed before.

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
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

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

__all__ = [
    "FORMAT_KEY",
    "VARIABLE",
    "Form",
    "Plural",
    "StringsdictRead",
    "element_text",
    "form_string",
    "plural_forms",
    "read_plist",
]

FORMAT_KEY = "NSStringLocalizedFormatKey"
#: A variable reference in a format key: ``%#@name@``.
VARIABLE = re.compile(r"%#@([^@]+)@")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)

_S = r"[ \t\r\n]*+"
#: A top-level key and its plural rule laid out the usual way, read whole (text only
#: inside the keys and strings, blanks between the elements): groups ``key``, ``first``
#: (the rule's first child), ``format`` (its ``<string>``), ``variable`` and ``forms``
#: (the variable's key/string pairs). Text before the key as in CHILD. Possessive, each
#: part stopped by the next ``<``: a rule laid out otherwise fails in linear time.
_RULE = re.compile(
    rf"[^<]*+<key>(?P<key>[^<]*+)</key>{_S}<dict>{_S}(?P<first><key>{FORMAT_KEY}</key>)"
    rf"{_S}(?P<format><string>(?P<format_text>[^<]*+)</string>){_S}"
    rf"<key>(?P<variable>[^<]*+)</key>{_S}<dict>"
    rf"(?P<forms>(?:{_S}<key>[^<]*+</key>{_S}<string>[^<]*+</string>)*+){_S}</dict>{_S}</dict>"
)
#: One key/string pair in a ``_RULE`` match's ``forms``: the key's text and the string.
_FORM = re.compile(rf"<key>([^<]*+)</key>{_S}(<string>([^<]*+)</string>)")

#: A plural form's offsets, as the ``regs`` of a ``_FORM`` match: (start of its ``<key>``,
#: end of its ``<string>``), the key's text, the ``<string>`` element, the string's content.
Form = tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]


def form_string(form: Form) -> XmlElement:
    """The ``<string>`` element of a plural form."""
    return XmlElement("string", {}, *form[2], *form[3], LEAF)


@dataclass(slots=True)
class Plural:
    """Where a one-variable plural entry's parts are in the text."""

    format_string: XmlElement
    variable_start: int  #: where the variable's ``<dict>`` starts
    forms: dict[str, Form]  #: category -> offsets of its key and string
    prefix: str
    suffix: str


@dataclass(slots=True)
class StringsdictRead:
    """What reading a file gives the document."""

    text: str  #: the text read (``<dict/>`` opened as ``<dict></dict>``)
    top: XmlElement  #: offsets of the top ``<dict>`` (children not kept)
    #: (start of the key, start of the value's first child element) of the top dict's
    #: pairs whose value has child elements (rules), in file order
    nested_starts: list[tuple[int, int]]
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
    if reader.spans:
        keys, starts, ends = map(list, zip(*reader.spans, strict=True))
        splicer.add_spans(keys, starts, ends, starts)
    return StringsdictRead(
        text, top, reader.nested_starts, reader.entries, reader.plurals, reader.strings, splicer
    )


#: Dicts nested deeper than this (the top dict is 1, a rule 2, a rule's variable 3) are
#: read by the general scan: no deep recursion on hostile nesting.
_READ_DEPTH = 3

#: A pair of the top dict: its ``<key>`` and value elements, or one ``_RULE`` match.
_Pair = tuple[XmlElement, XmlElement] | re.Match[str]


class _Reader:
    """One pass over the plist: elements (usual rules whole), then entries from the top
    dict's pairs."""

    def __init__(self, path: str, text: str, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        self.text = text
        self.top_pairs: list[_Pair] = []
        self.top: XmlElement | None = None
        self.nested_starts: list[tuple[int, int]] = []
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
        if top is not self.top:  # self-closing: no pairs
            return top
        count = self.text.count
        carriage_returns = "\r" in self.text
        line, counted = 1, 0  # the line number at offset ``counted``
        for pair in self.top_pairs:
            if isinstance(pair, tuple):
                key_element, value = pair
                if key_element.name != "key":
                    continue
                start = key_element.start
            else:
                start = pair.start("key") - 5
            line += count("\n", counted, start)
            if carriage_returns:
                line += count("\r", counted, start) - count("\r\n", counted, start)
            counted = start
            if isinstance(pair, tuple):
                self._pair(key_element, value, line)
            else:
                self._usual_rule(pair, line)
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
        if depth == 1 and self.top is None:  # the plist's first dict: the top one
            self.top = element
        self._read_children(element, depth)
        return element

    def _read_children(self, element: XmlElement, depth: int) -> None:
        """Read the children of ``element`` (its start tag read) up to its closing tag; the
        top dict's children are paired as they are read, its usual rules matched whole."""
        path, text = self.path, self.text
        append, match_child = element.children.append, CHILD.match
        top = element is self.top
        match_rule = _RULE.match if top else None
        pairs, key_element = self.top_pairs, None  # the top dict's pairs, a pending key
        position = element.inner_start
        while True:
            if match_rule is not None and key_element is None:
                rule = match_rule(text, position)
                if rule is not None and _usual(rule):
                    pairs.append(rule)
                    position = rule.end()
                    continue
            child = match_child(text, position)
            if child is None:  # the text is well-formed: not reached
                raise FormatError("malformed XML", path=path, line=line_number(text, position))
            kind = child.lastgroup
            if kind == "inner":  # the usual <key>..</key> or <string>..</string>
                position = child.end()
                inner_start, inner_end = child.span("inner")
                opening = child.start("open") - 1
                nested = XmlElement(
                    child["open"], {}, opening, position, inner_start, inner_end, LEAF
                )
            elif kind == "close":  # the element's closing tag
                element.inner_end = child.start("close") - 2
                element.end = child.end()
                return
            elif kind == "comment":
                position = child.end()
                append(XmlComment(child.start("comment") - 4, position, child["comment"]))
                continue
            elif kind is None:  # CDATA or a processing instruction
                position = child.end()
                continue
            else:
                nested = self._element(child, depth + 1)
                position = nested.end
            append(nested)
            if top:
                if key_element is None:
                    key_element = nested
                else:
                    pairs.append((key_element, nested))
                    key_element = None

    def _check_new_key(self, key: str, line: int) -> None:
        if key in self.entries:
            raise FormatError(f"duplicate key {key!r}", path=self.path, line=line)
        if len(self.entries) >= self.max_entries:
            limit = self.max_entries
            raise FormatError(f"more than {limit:,} entries", path=self.path, line=line)

    def _pair(self, key_element: XmlElement, value: XmlElement, line: int) -> None:
        text, entries = self.text, self.entries
        key = element_text(text, key_element)
        self._check_new_key(key, line)
        if value.name == "string":
            entry = build_entry(
                key, element_text(text, value), None, None, None, True, line, "string"
            )
            self.strings[key] = value
        elif value.name == "dict":
            entry = self._rule(key, value, line)
        else:
            entry = None
        children = value.elements() if value.children else None
        if children:
            self.nested_starts.append((key_element.start, children[0].start))
        if entry is None:
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
        forms: dict[str, Form] = {}
        texts: dict[str, str] = {}
        for k, v in pairs(variable):
            category = element_text(text, k)
            if category in PLURAL_CATEGORIES and v.name == "string":
                forms[category] = (
                    (k.start, v.end),
                    (k.inner_start, k.inner_end),
                    (v.start, v.end),
                    (v.inner_start, v.inner_end),
                )
                texts[category] = element_text(text, v)
        prefix, _, suffix = format_string.partition(f"%#@{variables[0]}@")
        self.plurals[key] = Plural(format_element, variable.start, forms, prefix, suffix)
        value = {c: prefix + form + suffix for c, form in texts.items()}
        return build_entry(key, sort_plural(value), None, None, None, True, line, "plural")

    def _usual_rule(self, rule: re.Match[str], line: int) -> None:
        """The entry of a ``_RULE`` match: what :meth:`_pair` reads from the same pair."""
        text = self.text
        # groups: 1 key, 2 the rule's first child, 3 format string (4 its text),
        # 5 variable, 6 forms
        _, (key_start, _), (first, _), format_span, format_text, _, forms_span = rule.regs[:7]
        key = unescape_entities(rule[1])
        key_start -= len("<key>")
        self._check_new_key(key, line)
        self.nested_starts.append((key_start, first))
        format_element = XmlElement("string", {}, *format_span, *format_text, LEAF)
        matches = list(_FORM.finditer(text, *forms_span))
        # category -> (its form's offsets, its text); a repeated key keeps its first place
        # and its last value, as in a dict filled pair by pair
        found = dict(
            zip(
                map(_group, matches, repeat(1)),
                zip(map(_regs, matches), map(_group, matches, repeat(3)), strict=True),
                strict=True,
            )
        )
        others = found.keys() - _CATEGORIES  # the spec and value type keys
        if others:
            if any("&" in other for other in others):  # a category may be spelt with one
                found = {}
                for match in matches:
                    category = unescape_entities(match[1])
                    found[category] = (match.regs, match[3])
            for other in found.keys() - _CATEGORIES:
                del found[other]
        forms = {category: regs for category, (regs, _) in found.items()}
        format_string = unescape_entities(rule[4])
        prefix, _, suffix = format_string.partition(f"%#@{unescape_entities(rule[5])}@")
        variable_start = forms_span[0] - len("<dict>")
        self.plurals[key] = Plural(format_element, variable_start, forms, prefix, suffix)
        value = {c: prefix + unescape_entities(t) + suffix for c, (_, t) in found.items()}
        if tuple(value) not in _IN_ORDER:
            value = sort_plural(value)  # (a new dict: no copy needed when in order)
        entry = build_entry(key, value, None, None, None, True, line, "plural")
        start, end = whole_lines(text, key_start, rule.end())
        self.spans.append((key, start, end))
        self.entries[key] = entry


def plural_forms(forms: Mapping[str, str]) -> dict[str, str]:
    """``sort_plural(forms)``, a copy without sorting when the forms are in CLDR order.

    >>> plural_forms({"other": "x", "one": "y"}), plural_forms({"one": "y", "other": "x"})
    ({'one': 'y', 'other': 'x'}, {'one': 'y', 'other': 'x'})
    """
    return dict(forms) if tuple(forms) in _IN_ORDER else sort_plural(forms)


_CATEGORIES = frozenset(PLURAL_CATEGORIES)
_group = re.Match.group
_regs = attrgetter("regs")
#: Every sequence of distinct categories in CLDR order (what sort_plural leaves as it is).
_IN_ORDER = frozenset(
    tuple(c for index, c in enumerate(PLURAL_CATEGORIES) if mask >> index & 1)
    for mask in range(1 << len(PLURAL_CATEGORIES))
)


def _usual(rule: re.Match[str]) -> bool:
    """Whether a ``_RULE`` match is a one-variable plural rule :meth:`_Reader._rule` reads
    as one (its format key references its one variable, named otherwise than the format
    key), so that reading it whole gives the same entry."""
    variable = unescape_entities(rule["variable"])
    found = VARIABLE.findall(unescape_entities(rule["format_text"]))
    return found == [variable] and variable != FORMAT_KEY


def pairs(element: XmlElement) -> list[tuple[XmlElement, XmlElement]]:
    """(``<key>``, value) child elements of a scanned ``<dict>``, paired by position."""
    children = element.elements()
    return [
        (children[index], children[index + 1])
        for index in range(0, len(children) - 1, 2)
        if children[index].name == "key"
    ]
