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

import re
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from catalog._xml import parser_bytes, unescape_entities
from catalog.base import FormatError

__all__ = [
    "Element",
    "Unit",
    "check_xml",
    "escape_inner",
    "has_tag_opening",
    "inner_text",
    "mask",
    "scan_units",
]

_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_UNIT_OPEN = re.compile(r"<trans-unit\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MARKUP = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->|<[^>]*>)", re.DOTALL)
_INLINE_TAG = re.compile(r"(</?(?:g|x|bx|ex|ph|bpt|ept|it|sub|mrk)\b[^<>]*>)")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def has_tag_opening(text: str, mark: str, start: int = 0) -> bool:
    """Whether ``"<" + mark`` (e.g. ``<!``) occurs in ``text[start:]``.

    Finds the one-character ``mark`` and looks back for ``<``: a one-character ``find``
    runs at memchr speed, while ``<`` starts every tag (a two-character search, or a
    regular expression, steps through them all).
    """
    index = text.find(mark, start + 1)
    while index >= 0:
        if text[index - 1] == "<":
            return True
        index = text.find(mark, index + 1)
    return False


def check_xml(path: str, text: str, utf8: bytes | None = None) -> etree._Element:
    """Refuse DOCTYPEs and entity declarations outright, then malformed XML; the root.

    lxml parses ``text`` itself (as UTF-8, the declaration blanked), so the check above
    and the parser read the same characters whatever encoding the file declares.
    ``utf8``: the file's own bytes when they are that UTF-8 already.
    """
    forbidden = _FORBIDDEN.search(text) if has_tag_opening(text, "!") else None
    if forbidden:
        line = text.count("\n", 0, forbidden.start()) + 1
        raise FormatError(
            f"<!{forbidden.group(1)}> is not allowed in XLIFF (no DTDs or entity declarations)",
            path=path,
            line=line,
        )
    try:
        return etree.fromstring(parser_bytes(text, utf8), _parser())
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


class Unit:
    """A trans-unit: its span and id; attributes, source, target and notes read on use."""

    def __init__(
        self,
        text: str,
        key: str,
        start: int,
        end: int,
        line: int,
        tag: str,
        body: tuple[int, int],
        masked: str | None = None,
    ) -> None:
        self._text = text
        #: the text with comment, CDATA and PI contents blanked: where tags are looked for
        self._masked = text if masked is None else masked
        self.key = key
        self.start = start
        self.end = end
        self.line = line
        self._tag = tag  # the attributes text of the start tag
        self._body = body  # span of the content, up to any <alt-trans> proposals

    @cached_property
    def attributes(self) -> dict[str, str]:
        return attributes(self._tag)

    @cached_property
    def source_element(self) -> Element | None:
        return _element(self._text, "source", 0, *self._body, self._masked)

    @cached_property
    def target(self) -> Element | None:
        return _element(self._text, "target", 0, *self._body, self._masked)

    @cached_property
    def notes(self) -> list[str]:
        return _notes(self._text, *self._body, self._masked)

    @property
    def has_target(self) -> bool:
        start, limit = self._body
        return _find_tag(self._masked, "<target", start, limit) >= 0

    @property
    def has_source(self) -> bool:
        start, limit = self._body
        return _find_tag(self._masked, "<source", start, limit) >= 0

    @property
    def source(self) -> str | None:
        element = self.source_element
        return None if element is None else element.inner or ""


def attributes(text: str) -> dict[str, str]:
    """Attributes of a start tag's text, XML entities decoded."""
    return {
        match.group(1): unescape_entities(
            match.group(2) if match.group(2) is not None else match.group(3)
        )
        for match in _ATTRIBUTE.finditer(text)
    }


_NAME_END = frozenset(" \t\r\n>/")
_ID = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _find_tag(text: str, opening: str, start: int, limit: int) -> int:
    """Offset of ``opening`` (e.g. ``<note``) as a whole tag name in text[start:limit], or -1."""
    index = text.find(opening, start, limit)
    while index >= 0 and text[index + len(opening) : index + len(opening) + 1] not in _NAME_END:
        index = text.find(opening, index + 1, limit)
    return index


def _element(
    text: str, name: str, offset: int, start: int, limit: int, masked: str | None = None
) -> Element | None:
    """The first ``<name>`` element in ``text[start:limit]`` (string search, no regex),
    looked for in ``masked`` (``text`` with comment, CDATA and PI contents blanked)."""
    masked = text if masked is None else masked
    opening = "<" + name
    index = _find_tag(masked, opening, start, limit)
    if index < 0:
        return None
    tag_end = masked.find(">", index)
    attrs = text[index + len(opening) : tag_end]
    if attrs.endswith("/"):
        return Element(offset + index, offset + tag_end + 1, attrs[:-1], None)
    close = masked.find("</" + name, tag_end)
    close_end = masked.find(">", close) + 1
    return Element(offset + index, offset + close_end, attrs, text[tag_end + 1 : close])


def _notes(text: str, start: int, limit: int, masked: str | None = None) -> list[str]:
    notes = []
    note = _element(text, "note", 0, start, limit, masked)
    while note is not None:
        if note.inner and note.inner.strip():
            note_text = inner_text(note.inner)
            if note_text.strip():
                notes.append(note_text)
        note = _element(text, "note", 0, note.end, limit, masked)
    return notes


_HIDDEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)


def _blank(match: re.Match[str]) -> str:
    hidden = match.group()
    head = 4 if hidden.startswith("<!--") else 9 if hidden.startswith("<![") else 2
    tail = 2 if hidden.endswith("?>") else 3
    return hidden[:head] + " " * (len(hidden) - head - tail) + hidden[-tail:]


def mask(text: str) -> str:
    """``text`` with the insides of comments, CDATA sections and processing instructions
    blanked (offsets kept), so a ``<trans-unit>`` or ``<target>`` written inside one is not
    read as an element (the text is well-formed: each of them is closed).

    >>> mask("<a><!-- <target> --></a>")
    '<a><!--          --></a>'
    """
    if "<!" not in text and "<?" not in text:
        return text
    return _HIDDEN.sub(_blank, text)


def scan_units(path: str, text: str, masked: str | None = None) -> list[Unit]:
    """Every trans-unit in file order (the text is well-formed XML: check_xml ran)."""
    units: list[Unit] = []
    line = 1
    previous = 0
    masked = mask(text) if masked is None else masked
    for match in _UNIT_OPEN.finditer(masked):
        start = match.start()
        line += text.count("\n", previous, start)
        previous = start
        tag = match.group(1)
        found = _ID.search(tag)
        if found is None:
            raise FormatError("trans-unit without an id attribute", path=path, line=line)
        if tag.endswith("/"):
            raise FormatError("trans-unit without a <source>", path=path, line=line)
        raw_id = found.group(1) if found.group(1) is not None else found.group(2)
        key = unescape_entities(raw_id) if "&" in raw_id else raw_id
        body_start = match.end()
        close = masked.find("</trans-unit", body_start)
        # a unit's own target and notes come before any <alt-trans> proposals
        limit = _find_tag(masked, "<alt-trans", body_start, close)
        body = (body_start, close if limit < 0 else limit)
        end = masked.find(">", close) + 1
        units.append(Unit(text, key, start, end, line, tag, body, masked))
    return units


def inner_text(markup: str) -> str:
    """Inner markup as text: entities and CDATA decoded, inline elements kept as markup."""
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
