"""XLIFF 1.2 catalogs: trans-units with source, target, notes and inline ``<x/>``/``<g>`` markup.

Key = trans-unit id. A file that declares a ``target-language`` or holds a ``<target>`` is
a translation: its entries are the units that have a target, valued by the target text.
A source-only file's entries are all units, valued by the source text. Inline elements
stay in values as markup (``Tap <g id="1">here</g>``); text is unescaped.

>>> data = (b'<xliff version="1.2"><file target-language="fr"><body>\\n'
...     b'<trans-unit id="hi"><source>Hi</source></trans-unit>\\n</body></file></xliff>')
>>> doc = parse("fr.xlf", data)
>>> doc.keys()
[]
>>> doc.set("hi", "Salut & bienvenue")
>>> doc.get("hi").value
'Salut & bienvenue'
>>> b'<target>Salut &amp; bienvenue</target>' in doc.dump()
True
"""

from __future__ import annotations

import html
import re

from catalog._splice import Splicer, blank_prefix, whole_lines
from catalog._text import TextInfo, check_value, encode
from catalog._xml import check_well_formed, decode_xml, read_attributes
from catalog.base import Entry, FormatError, SplicedDocument, Value
from catalog.formats._xliff_reader import (
    TARGET_LANGUAGE,
    element_span,
    inner_text,
    mask,
    read_units,
    unit_start,
)

__all__ = ["FORMAT", "XliffDocument", "escape_inner", "parse"]

FORMAT = "xliff"

_FILE_TAG = re.compile(r"<file\b[^>]*>")
#: a target element and the blanks and newline after it (the indentation before it is
#: found by walking back: a leading ``[ \t]*`` would be retried from every blank)
_TARGET_ELEMENT = re.compile(r"<target\b[^>]*?(?:/>|>.*?</target\s*>)[ \t]*(\r?\n)?", re.DOTALL)
_STATE = re.compile(r"""\bstate\s*=\s*(["'])[^"']*\1""")
_INLINE_TAG = re.compile(r"(</?(?:g|x|bx|ex|ph|bpt|ept|it|sub|mrk)\b[^<>]*>)")


def escape_inner(value: str) -> str:
    """Text as inner markup: XLIFF inline elements kept, everything else escaped.

    >>> escape_inner('Tap <g id="1">here</g> & go <b>')
    'Tap <g id="1">here</g> &amp; go &lt;b&gt;'
    """
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "<" not in value or _INLINE_TAG.search(value) is None:
        return escaped
    parts = _INLINE_TAG.split(value)
    markup = "".join(
        part if index % 2 else part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for index, part in enumerate(parts)
    )
    try:
        check_well_formed("", f"<t>{markup}</t>")
    except FormatError:  # unbalanced inline tags: keep them as plain text
        return escaped
    return markup


class XliffDocument(SplicedDocument):
    """An XLIFF 1.2 file: its units (with spans for edits) and entries, read at load."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        self._data = data
        text, self._info = decode_xml(path, data)
        check_well_formed(path, text, data if self._info == TextInfo() else None)
        read = read_units(path, text)
        self._text = text
        self.is_translation = read.is_translation
        self._units: dict[str, re.Match[str]] = read.units
        self._fields = read.fields
        self._entries: dict[str, Entry] = read.entries
        self._splicer = Splicer(text, end_anchor=read.end_anchor)
        self._splicer.add_spans(list(read.units), read.starts, read.ends, read.starts)

    # reading -------------------------------------------------------------------------
    def source_text(self, key: str) -> str | None:
        """The source text of a unit (also of one not yet translated)."""
        unit = self._units.get(key)
        source = None if unit is None else self._text[slice(*unit.span("source_inner"))]
        return None if source is None else inner_text(source)

    # editing -------------------------------------------------------------------------
    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        if not isinstance(value, str):
            raise ValueError("XLIFF 1.2 entries hold one string; plural forms are separate units")
        check_value(key, value, comment=comment, xml=True)
        current = self._entries.get(key)
        if current is not None and current.value == value:
            return
        unit = self._units.get(key)
        if unit is None:
            if comment is None and current is not None:  # added before: keep its note
                comment = current.comment
            self._add(key, value, comment, after)
            return
        markup = self._writable(escape_inner(value))
        self._splicer.replace(key, self._with_value(key, unit, markup))
        self._entries[key] = self._fields[key]._replace(value=value)

    def _writable(self, markup: str) -> str:
        """``markup`` as this file can hold it: in a legacy encoding (ISO-8859-1...), text
        whose bytes there would read as UTF-8 (``é\\x85\\x85``) is written as character
        references, or the file would be refused as mislabelled UTF-8 when read back."""
        encoding = self._info.encoding
        if markup.isascii() or encoding.startswith("utf"):
            return markup
        try:
            markup.encode(encoding, "xmlcharrefreplace").decode("utf-8")
        except UnicodeDecodeError:
            return markup
        return markup.encode("ascii", "xmlcharrefreplace").decode("ascii")

    def _unit_text(self, key: str) -> tuple[str, int]:
        """The unit's original text (its parts' offsets point into it) and its offset."""
        start, end = self._splicer.span(key)
        return self._text[start:end], start

    def _with_value(self, key: str, unit: re.Match[str], markup: str) -> str:
        """The unit's text with ``markup`` as its target (its source in a source file)."""
        text, offset = self._unit_text(key)
        name = "target" if self.is_translation else "source"
        start, end = element_span(unit, name)
        if start >= 0:
            attrs = unit[name + "_attributes"]
            if name == "target" and _STATE.search(attrs):
                attrs = _STATE.sub('state="translated"', attrs)
            new = f"<{name}{attrs}>{markup}</{name}>"
            return text[: start - offset] + new + text[end - offset :]
        source_start, source_end = element_span(unit, "source")
        position = source_end - offset
        indent = blank_prefix(self._text, source_start, "\n")
        separator = "" if indent is None else self._splicer.newline + indent
        return text[:position] + f"{separator}<target>{markup}</target>" + text[position:]

    def _add(self, key: str, value: str, comment: str | None, after: str | None) -> None:
        newline = self._splicer.newline
        units = self._units
        last = units.get(after or "") or (units[next(reversed(units))] if units else None)
        outer, inner, space = "", "  ", ""
        if last is not None:
            outer = blank_prefix(self._text, unit_start(last), "\n") or ""
            source_start = element_span(last, "source")[0]
            inner_indent = blank_prefix(self._text, source_start, "\n") or ""
            inner = inner_indent[len(outer) :] if inner_indent.startswith(outer) else "  "
            found = read_attributes(last["attributes"])
            if "xml:space" in found:
                space = f' xml:space="{html.escape(found["xml:space"], quote=True)}"'
        markup = self._writable(escape_inner(value))
        key_markup = self._writable(html.escape(key, quote=True))
        lines = [f'{outer}<trans-unit id="{key_markup}"{space}>']
        lines.append(f"{outer}{inner}<source>{markup}</source>")
        if self.is_translation:
            lines.append(f"{outer}{inner}<target>{markup}</target>")
        if comment:
            lines.append(f"{outer}{inner}<note>{self._writable(escape_inner(comment))}</note>")
        lines.append(f"{outer}</trans-unit>")
        text = "".join(line + newline for line in lines)
        if key in self._splicer:  # added before: its lines are written again in place
            self._splicer.replace(key, text)
        else:
            self._splicer.insert(key, text, after=after if after in units else None)
        self._entries[key] = Entry(key, value, comment=comment)

    def remove(self, key: str) -> None:
        if key not in self._entries:
            raise KeyError(key)
        unit = self._units.get(key)
        if unit is not None and self.is_translation and unit["target_attributes"] is not None:
            text, offset = self._unit_text(key)
            start, end = element_span(unit, "target")
            start, end = whole_lines(text, start - offset, end - offset, "\n")
            self._splicer.replace(key, text[:start] + text[end:])
        else:
            self._splicer.remove(key)
            self._units.pop(key, None)
        del self._entries[key]

    def dump(self) -> bytes:
        if not self._splicer.changed:
            return self._data
        # a legacy encoding writes what it cannot hold as character references
        return encode(self._splicer.render(), self._info, errors="xmlcharrefreplace")

    def skeleton(self, locale: str) -> bytes:
        """This file with every target removed and ``target-language`` set to ``locale``."""
        text = _without_targets(self._text)

        def with_language(match: re.Match[str]) -> str:
            tag = match.group()
            if TARGET_LANGUAGE.search(tag):
                return TARGET_LANGUAGE.sub(f'target-language="{locale}"', tag)
            return tag[:-1].rstrip("/") + f' target-language="{locale}"' + (
                "/>" if tag.endswith("/>") else ">"
            )  # fmt: skip

        return encode(_FILE_TAG.sub(with_language, text), self._info)


def _without_targets(text: str) -> str:
    """``text`` without its target elements; a target's line goes too when it stood alone
    on it. Targets are looked for outside comments and CDATA (in the masked text), so a
    comment full of ``<target>`` is neither scanned once per tag nor cut up."""
    pieces: list[str] = []
    position = 0
    for match in _TARGET_ELEMENT.finditer(mask(text)):
        start = match.start()
        while start > position and text[start - 1] in " \t":
            start -= 1
        pieces.append(text[position:start])
        alone = (start == 0 or text[start - 1] == "\n") and match.group(1) is not None
        if not alone:  # keep the blanks before the target, and the line's end
            pieces.append(text[start : match.start()] + (match.group(1) or ""))
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def parse(path: str, data: bytes) -> XliffDocument:
    """Parse an XLIFF 1.2 file; FormatError on bad input."""
    return XliffDocument(path, data)
