"""``.stringsdict`` entries read from lxml's tree, for files where that equals the scan.

The offset-keeping scan (``catalog._xml.scan``) takes one Python step per tag, and
plists are tag-heavy; reading needs no offsets. When nothing in the file reads
differently through lxml (no carriage returns, namespaces, markup inside strings,
``<key`` tags spanning lines, character references that ``html.unescape`` decodes
unlike XML) the entries come from the tree, and the scan waits for the first edit.
Otherwise, and for anything the scan reports as an error, ``read_tree`` returns None.

>>> from lxml import etree
>>> text = '<plist><dict>\\n<key>a</key><string>A &amp; B</string></dict></plist>'
>>> read_tree(etree.fromstring(text), text, 10)
{'a': Entry(key='a', value='A & B', comment=None, context=None, max_length=None, \
translatable=True, line=2, kind='string')}
"""

from __future__ import annotations

import re

from lxml import etree

from catalog._xml import char_references_read_alike
from catalog.base import PLURAL_CATEGORIES, Entry, build_entry

__all__ = ["read_tree"]

FORMAT_KEY = "NSStringLocalizedFormatKey"
_VARIABLE = re.compile(r"%#@([^@]+)@")
_KEY_TAG_ACROSS_LINES = re.compile(r"<key\s")
_CATEGORIES = frozenset(PLURAL_CATEGORIES)


def _same_as_scan(text: str) -> bool:
    if "\r" in text or "xmlns" in text or _key_tag_across_lines(text):
        return False
    # lxml's line numbers are exact below 65,535 (a shorter text has fewer lines)
    if len(text) > 60_000 and text.count("\n") > 60_000:
        return False
    return char_references_read_alike(text)


def _key_tag_across_lines(text: str) -> bool:
    """Whether a ``<key`` tag has whitespace after its name (and so may span lines).

    When every ``<key`` is ``<key>`` (two substring counts, no step per character in
    Python or the regular expression engine), there is none.
    """
    if text.count("<key") == text.count("<key>"):
        return False
    return _KEY_TAG_ACROSS_LINES.search(text) is not None


class _Odd(Exception):
    """Markup or a comment inside a key or string read: the scan reads it as text."""


def _string(element: etree._Element) -> str:
    if len(element):
        raise _Odd
    return element.text or ""


def _pairs(element: etree._Element) -> list[tuple[str, etree._Element]]:
    """(key text, value element) for each ``<key>`` at an even position among the children."""
    children = list(element.iterchildren(tag=etree.Element))
    pairs = []
    for key, value in zip(children[::2], children[1::2], strict=False):
        if key.tag == "key":
            if len(key):
                raise _Odd
            pairs.append((key.text or "", value))
    return pairs


def _rule(key: str, rule: etree._Element, line: int) -> Entry:
    fields = dict(_pairs(rule))
    format_element = fields.get(FORMAT_KEY)
    format_string = _string(format_element) if format_element is not None else ""
    variables = _VARIABLE.findall(format_string)
    if format_element is None or len(variables) != 1 or variables[0] not in fields:
        return Entry(
            key,
            format_string,
            f"stringsdict rule with variables {variables} (kept verbatim)",
            translatable=False,
            line=line,
        )
    prefix, _, suffix = format_string.partition(f"%#@{variables[0]}@")
    forms = {
        category: prefix + _string(form) + suffix
        for category, form in _pairs(fields[variables[0]])
        if category in _CATEGORIES and form.tag == "string"
    }
    value = {category: forms[category] for category in PLURAL_CATEGORIES if category in forms}
    return build_entry(key, value, None, None, None, True, line, "plural")


def _top_pairs(element: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    children = list(element.iterchildren(tag=etree.Element))
    return [
        (key, value)
        for key, value in zip(children[::2], children[1::2], strict=False)
        if key.tag == "key"
    ]


def read_tree(root: etree._Element, text: str, max_entries: int) -> dict[str, Entry] | None:
    """Entries by key in file order, or None when the scan must read the file."""
    if not _same_as_scan(text) or root.tag != "plist":
        return None
    top = [child for child in root if child.tag == "dict"]
    if len(top) != 1 or not len(top[0]):
        return None
    entries: dict[str, Entry] = {}
    try:
        for key_element, value in _top_pairs(top[0]):
            key = _string(key_element)
            if key in entries or len(entries) >= max_entries:
                return None
            line = key_element.sourceline
            if not isinstance(line, int):  # lxml gives None when it lost count
                return None
            if value.tag == "string":
                entries[key] = Entry(key, _string(value), line=line)
            elif value.tag == "dict":
                entries[key] = _rule(key, value, line)
    except _Odd:
        return None
    return entries
