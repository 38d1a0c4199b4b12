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
from typing import cast

from catalog._splice import Splicer, blank_prefix, whole_lines
from catalog._text import TextInfo, check_value, encode
from catalog._xml import decode_declared
from catalog.base import MAX_ENTRIES, Document, Entry, FormatError, Value
from catalog.formats._xliff_scan import (
    Unit,
    check_xml,
    escape_inner,
    inner_text,
    mask,
    scan_units,
)
from catalog.formats._xliff_tree import read_tree

__all__ = ["FORMAT", "XliffDocument", "parse"]

FORMAT = "xliff"

_FILE_TAG = re.compile(r"<file\b[^>]*>")
_BODY_END = re.compile(r"</body\s*>")
_TARGET_LANGUAGE = re.compile(r"""\btarget-language\s*=\s*(["'])[^"']*\1""")
#: a target element and the blanks and newline after it (the indentation before it is
#: found by walking back: a leading ``[ \t]*`` would be retried from every blank)
_TARGET_ELEMENT = re.compile(r"<target\b[^>]*?(?:/>|>.*?</target\s*>)[ \t]*(\r?\n)?", re.DOTALL)
_STATE = re.compile(r"""\bstate\s*=\s*(["'])[^"']*\1""")


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to its whole lines when nothing else shares them."""
    return whole_lines(text, start, end, "\n")


def _starts_line(text: str, offset: int) -> bool:
    return blank_prefix(text, offset, "\n") is not None


def _indent_before(text: str, offset: int) -> str:
    return blank_prefix(text, offset, "\n") or ""


class XliffDocument(Document):
    """An XLIFF 1.2 file."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        self._data = data
        text, self._info = decode_declared(path, data)
        root = check_xml(path, text, data if self._info == TextInfo() else None)
        self._text = text
        self._units: dict[str, Unit] = {}
        self._splicer: Splicer | None = None
        #: keys of entries -> Entry, or None until the entry is first asked for
        self._values: dict[str, Entry | None] = {}
        utf8 = data if self._info.encoding == "utf-8" else text.encode("utf-8")
        read = read_tree(root, text, utf8, MAX_ENTRIES)
        if read is None:
            self._scan()
        else:  # the text scan (offsets for edits) waits for the first edit
            self.is_translation = read.is_translation
            self._values = read.entries

    def _scan(self) -> Splicer:
        """Scan the text for every unit's span (for edits); checks ids are unique."""
        path, text = self.path, self._text
        masked = mask(text)  # what is inside comments and CDATA is not markup
        units = scan_units(path, text, masked)
        if len(units) > MAX_ENTRIES:
            raise FormatError(f"more than {MAX_ENTRIES:,} trans-units; split the file", path=path)
        self.is_translation = bool(_TARGET_LANGUAGE.search(masked)) or any(
            u.has_target for u in units
        )
        body_end = [match.start() for match in _BODY_END.finditer(masked)]
        anchor = text.rfind("\n", 0, body_end[-1]) + 1 if body_end else len(text)
        splicer = Splicer(text, end_anchor=anchor)
        translation = self.is_translation
        for unit in units:
            if unit.key in self._units:
                first = self._units[unit.key].line
                raise FormatError(
                    f"trans-unit id {unit.key!r} is used twice (first on line {first})",
                    path=path,
                    line=unit.line,
                )
            self._units[unit.key] = unit
            start, end = _whole_lines(text, unit.start, unit.end)
            splicer.add_span(unit.key, start, end)
            if unit.has_target if translation else unit.has_source:
                self._values.setdefault(unit.key, None)
        self._splicer = splicer
        return splicer

    @property
    def _edits(self) -> Splicer:
        return self._scan() if self._splicer is None else self._splicer

    def _entry(self, unit: Unit, value: str | None = None) -> Entry | None:
        if value is None:
            element = unit.target if self.is_translation else unit.source_element
            if element is None:
                return None
            value = inner_text(element.inner or "")
        max_width = unit.attributes.get("maxwidth", "")
        return Entry(
            key=unit.key,
            value=value,
            comment="\n".join(unit.notes) if unit.notes else None,
            context=unit.attributes.get("resname"),
            max_length=int(max_width) if max_width.isdigit() else None,
            translatable=unit.attributes.get("translate", "yes") != "no",
            line=unit.line,
        )

    # reading -------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        if self._splicer is None:  # read from the tree: every value is an Entry already
            return cast(list[Entry], list(self._values.values()))
        return [self._get(key) for key in self.keys()]

    def get(self, key: str) -> Entry | None:
        return self._get(key) if key in self._values else None

    def _get(self, key: str) -> Entry:
        entry = self._values[key]
        if entry is None:
            self._edits  # noqa: B018 (the text scan reads what the tree could not)
            entry = self._entry(self._units[key])
            assert entry is not None
            self._values[key] = entry
        return entry

    def keys(self) -> list[str]:
        if self._splicer is None:
            return list(self._values)
        return [key for key in self._splicer.order() if key in self._values]

    def source_text(self, key: str) -> str | None:
        """The source text of a unit (also of one not yet translated)."""
        self._edits  # noqa: B018 (units are known once scanned)
        unit = self._units.get(key)
        return None if unit is None else inner_text(unit.source or "")

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
        current = self.get(key)
        if current is not None and current.value == value:
            return
        splicer = self._edits
        unit = self._units.get(key)
        if unit is None:
            self._add(key, value, comment, after)
            return
        splicer.replace(key, self._with_value(unit, escape_inner(value)))
        entry = self._entry(unit, value)
        assert entry is not None
        self._values[key] = entry

    def _unit_text(self, unit: Unit) -> tuple[str, int]:
        start, end = self._edits.span(unit.key)
        return self._text[start:end], start

    def _with_value(self, unit: Unit, markup: str) -> str:
        text, offset = self._unit_text(unit)
        element = unit.target if self.is_translation else unit.source_element
        name = "target" if self.is_translation else "source"
        if element is not None:
            attrs = element.attributes
            if name == "target" and _STATE.search(attrs):
                attrs = _STATE.sub('state="translated"', attrs)
            new = f"<{name}{attrs}>{markup}</{name}>"
            return text[: element.start - offset] + new + text[element.end - offset :]
        source = unit.source_element
        if source is None:
            raise FormatError(f"trans-unit {unit.key!r} has no <source>", path=self.path)
        position = source.end - offset
        separator = ""
        if _starts_line(self._text, source.start):
            separator = self._edits.newline + _indent_before(self._text, source.start)
        return text[:position] + f"{separator}<target>{markup}</target>" + text[position:]

    def _add(self, key: str, value: str, comment: str | None, after: str | None) -> None:
        newline = self._edits.newline
        last = self._units.get(after or "") or (
            self._units[next(reversed(self._units))] if self._units else None
        )
        outer, inner, space = "", "  ", ""
        if last is not None:
            outer = _indent_before(self._text, last.start)
            if last.source_element is not None:
                inner_indent = _indent_before(self._text, last.source_element.start)
                inner = inner_indent[len(outer) :] if inner_indent.startswith(outer) else "  "
            if "xml:space" in last.attributes:
                space = f' xml:space="{last.attributes["xml:space"]}"'
        markup = escape_inner(value)
        lines = [f'{outer}<trans-unit id="{html.escape(key, quote=True)}"{space}>']
        lines.append(f"{outer}{inner}<source>{markup}</source>")
        if self.is_translation:
            lines.append(f"{outer}{inner}<target>{markup}</target>")
        if comment:
            lines.append(f"{outer}{inner}<note>{escape_inner(comment)}</note>")
        lines.append(f"{outer}</trans-unit>")
        anchor = after if after in self._units else None
        self._edits.insert(key, "".join(line + newline for line in lines), after=anchor)
        self._values[key] = Entry(key, value, comment=comment)

    def remove(self, key: str) -> None:
        if key not in self._values:
            raise KeyError(key)
        splicer = self._edits
        unit = self._units.get(key)
        if unit is not None and self.is_translation and unit.target is not None:
            text, offset = self._unit_text(unit)
            start, end = unit.target.start - offset, unit.target.end - offset
            start, end = _whole_lines(text, start, end)
            splicer.replace(key, text[:start] + text[end:])
        else:
            splicer.remove(key)
            self._units.pop(key, None)
        del self._values[key]

    def dump(self) -> bytes:
        if self._splicer is None or not self._splicer.changed:
            return self._data
        # a legacy encoding writes what it cannot hold as character references
        return encode(self._splicer.render(), self._info, errors="xmlcharrefreplace")

    def skeleton(self, locale: str) -> bytes:
        """This file with every target removed and ``target-language`` set to ``locale``."""
        text = _without_targets(self._text)

        def with_language(match: re.Match[str]) -> str:
            tag = match.group()
            if _TARGET_LANGUAGE.search(tag):
                return _TARGET_LANGUAGE.sub(f'target-language="{locale}"', tag)
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
