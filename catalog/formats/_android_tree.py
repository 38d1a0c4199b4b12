"""Android entries read from lxml's tree, for files where that equals the offset scan.

The offset-keeping scan (``catalog._xml.scan``) takes one Python step per tag; reading
needs no offsets. When nothing in the file reads differently through lxml (no carriage
returns, CDATA, processing instructions, inline markup or comments inside values, start
tags spanning lines, character references that ``html.unescape`` decodes unlike XML),
the entries come from the tree and the scan waits for the first edit. Otherwise, and
for anything the scan reports as an error, ``read_tree`` returns None.

>>> from lxml import etree
>>> text = '<resources>\\n<!-- Hi -->\\n<string name="hi">Hi \\\\"you\\\\"</string></resources>'
>>> read_tree(etree.fromstring(text), text, 10)["hi"].value
'Hi "you"'
"""

from __future__ import annotations

import re

from lxml import etree

from catalog._xml import char_references_read_alike
from catalog.base import Entry, sort_plural
from catalog.formats._android_text import max_length, unescape_decoded

__all__ = ["read_tree"]

_KINDS = {"string": "string", "plurals": "plural", "string-array": "array"}
#: a start tag whose attributes reach a newline; ``[^<>\n]`` stops each try at the next tag,
#: so a line of a million ``<string`` (in a comment) is read once, not once per ``<string``
_TAG_ACROSS_LINES = re.compile(r"<(?:string|plurals|string-array|item)\b[^<>\n]*+\n")
#: anything but text inside a value (the scan reads such content as markup)
_MARKUP_IN_VALUE = etree.XPath(
    "boolean(/resources/string/node()[not(self::text())]"
    " | /resources/plurals/item/node()[not(self::text())]"
    " | /resources/string-array/item/node()[not(self::text())])"
)


def _same_as_scan(text: str) -> bool:
    if "\r" in text or "<![CDATA[" in text or "<?" in text[5:]:
        return False
    if text.count("\n") > 60_000 or _TAG_ACROSS_LINES.search(text):
        return False  # lxml's line is that of a start tag's end, exact below 65,535
    return char_references_read_alike(text)


def _max_length(element: etree._Element, comment: str | None) -> int | None:
    # keys() then get() of the few that matter: lxml's items() and values() look every
    # value up by name (quadratic in the number of attributes)
    local = (
        (local, str(element.get(name)))
        for name, local in ((name, str(name).rpartition("}")[2]) for name in element.keys())  # noqa: SIM118 (a list)
        if local in ("maxLength", "max_length")
    )
    return max_length(local, comment)


def _value(element: etree._Element, kind: str) -> str | dict[str, str]:
    if kind == "string":
        return unescape_decoded(element.text or "")
    items = element.iterchildren("item")
    if kind == "plural":
        return sort_plural(
            {item.get("quantity", ""): unescape_decoded(item.text or "") for item in items}
        )
    return {str(index): unescape_decoded(item.text or "") for index, item in enumerate(items)}


def read_tree(root: etree._Element, text: str, max_entries: int) -> dict[str, Entry] | None:
    """Entries by key in file order, or None when the scan must read the file."""
    if root.tag != "resources" or not len(root) or not _same_as_scan(text):
        return None
    if _MARKUP_IN_VALUE(root):
        return None
    entries: dict[str, Entry] = {}
    pending: str | None = None  # the comment right before the next element
    for child in root:
        tag: object = child.tag
        if tag is etree.Comment:
            tail = child.tail or ""
            if tail.strip():
                return None
            # a blank line separates a section heading from the entry
            pending = child.text if tail.count("\n") <= 1 else None
            continue
        comment, pending = pending, None
        kind = _KINDS.get(tag) if isinstance(tag, str) else None
        if not isinstance(tag, str) or "{" in tag:
            return None
        key = child.get("name")
        if kind is None or key is None:
            continue
        line = child.sourceline
        if " " in key or key in entries or len(entries) >= max_entries or not isinstance(line, int):
            return None
        note = comment.strip() if comment is not None else None
        entries[key] = Entry(
            key,
            _value(child, kind),
            note or None,
            None,
            _max_length(child, note),
            child.get("translatable", "true") != "false",
            line,
            kind,
        )
    return entries
