"""XLIFF 1.2 reading: hardened well-formedness check, then a scan of trans-unit spans.

lxml checks the whole document (no DTD, no entities, no network); a regular-expression
scan then records where each trans-unit and its source, target and notes sit in the
text, so edits can rewrite only those lines. Inline elements stay as markup text.

>>> units = scan_units("a.xlf", '<xliff><file><body><trans-unit id="k"><source>A &amp; B'
...     '</source></trans-unit></body></file></xliff>')
>>> units[0].key, inner_text(units[0].source or "")
('k', 'A & B')
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lxml import etree

from catalog.base import FormatError

__all__ = [
    "Element",
    "Unit",
    "check_xml",
    "escape_inner",
    "inner_text",
    "scan_units",
]

_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_UNIT = re.compile(r"<trans-unit\b([^>]*)>(.*?)</trans-unit\s*>", re.DOTALL)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MARKUP = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->|<[^>]*>)", re.DOTALL)
_INLINE_TAG = re.compile(r"(</?(?:g|x|bx|ex|ph|bpt|ept|it|sub|mrk)\b[^<>]*>)")


def _element(name: str) -> re.Pattern[str]:
    return re.compile(rf"<{name}\b([^>]*?)(?:/>|>(.*?)</{name}\s*>)", re.DOTALL)


_SOURCE = _element("source")
_TARGET = _element("target")
_NOTE = _element("note")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_xml(path: str, text: str, data: bytes) -> None:
    """Refuse DOCTYPEs and entity declarations outright, then malformed XML."""
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        line = text.count("\n", 0, forbidden.start()) + 1
        raise FormatError(
            f"<!{forbidden.group(1)}> is not allowed in XLIFF (no DTDs or entity declarations)",
            path=path,
            line=line,
        )
    try:
        etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        message = error.msg or "malformed XML"
        raise FormatError(
            f"malformed XML: {message}", path=path, line=line, column=column
        ) from None


@dataclass(frozen=True)
class Element:
    """An element inside a unit: its span (relative to the text) and its inner markup."""

    start: int
    end: int
    attributes: str
    inner: str | None  # None for a self-closing element


@dataclass(frozen=True)
class Unit:
    """A trans-unit: span, attributes, and its source, target and notes."""

    key: str
    start: int
    end: int
    line: int
    attributes: dict[str, str]
    source_element: Element | None
    target: Element | None
    notes: list[str]

    @property
    def source(self) -> str | None:
        element = self.source_element
        return None if element is None else element.inner or ""


def attributes(text: str) -> dict[str, str]:
    """Attributes of a start tag's text, XML entities decoded."""
    return {
        match.group(1): html.unescape(
            match.group(2) if match.group(2) is not None else match.group(3)
        )
        for match in _ATTRIBUTE.finditer(text)
    }


def _find(pattern: re.Pattern[str], body: str, offset: int) -> Element | None:
    match = pattern.search(body)
    if match is None:
        return None
    return Element(offset + match.start(), offset + match.end(), match.group(1), match.group(2))


def scan_units(path: str, text: str) -> list[Unit]:
    """Every trans-unit in file order."""
    units: list[Unit] = []
    line = 1
    previous = 0
    for match in _UNIT.finditer(text):
        attrs = attributes(match.group(1))
        line += text.count("\n", previous, match.start())
        previous = match.start()
        if "id" not in attrs:
            raise FormatError("trans-unit without an id attribute", path=path, line=line)
        body_offset = match.start(2)
        body = match.group(2)
        notes = [inner_text(note.group(2) or "") for note in _NOTE.finditer(body)]
        units.append(
            Unit(
                key=attrs["id"],
                start=match.start(),
                end=match.end(),
                line=line,
                attributes=attrs,
                source_element=_find(_SOURCE, body, body_offset),
                target=_find(_TARGET, body, body_offset),
                notes=[note for note in notes if note.strip()],
            )
        )
    return units


def inner_text(markup: str) -> str:
    """Inner markup as text: entities and CDATA decoded, inline elements kept as markup."""
    if "<" not in markup and "&" not in markup:
        return markup
    parts = _MARKUP.split(markup)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(html.unescape(part))
        elif part.startswith("<![CDATA["):
            out.append(part[9:-3])
        elif not part.startswith("<!--"):
            out.append(part)
    return "".join(out)


def escape_inner(value: str) -> str:
    """Text as inner markup: XLIFF inline elements kept, everything else escaped.

    >>> escape_inner('Tap <g id="1">here</g> & go <b>')
    'Tap <g id="1">here</g> &amp; go &lt;b&gt;'
    """
    parts = _INLINE_TAG.split(value)
    escaped = "".join(
        part if index % 2 else part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for index, part in enumerate(parts)
    )
    try:
        etree.fromstring(f"<t>{escaped}</t>".encode(), _parser())
    except etree.XMLSyntaxError:  # unbalanced inline tags: keep them as plain text
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped
