"""Apple ``.stringsdict`` plural rules: a key with one plural variable is a plural entry.

The value's forms are the whole sentence: ``NSStringLocalizedFormatKey`` text around the
``%#@variable@`` reference joined with each plural form. Entries with several variables
are exposed read-only as their format string (translatable=False); all other plist
content is kept verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from catalog._splice import Splicer, blank_prefix, line_start, whole_lines
from catalog._text import check_value, encode
from catalog._xml import PLIST_DOCTYPE, check_well_formed, decode_xml, with_content
from catalog.base import (
    MAX_ENTRIES,
    PLURAL_CATEGORIES,
    SplicedDocument,
    Value,
    build_entry,
)
from catalog.formats._stringsdict_reader import (
    FORMAT_KEY,
    VARIABLE,
    Node,
    Plural,
    StringsdictRead,
    content,
    plural_forms,
    xml_element,
)

__all__ = ["FORMAT", "StringsdictDocument", "parse"]

FORMAT = "ios-stringsdict"

_VALUE_TYPE = re.compile(r"%(?:\d+\$)?(l{0,2}[diouxX]|@|[feg])")


def _escape(text: str) -> str:
    """Text as XML content (``&``, ``<`` and ``>`` escaped)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def parse(path: str, data: bytes) -> StringsdictDocument:
    """Parse a ``.stringsdict`` file."""
    return StringsdictDocument(path, data)


class StringsdictDocument(SplicedDocument):
    """A ``.stringsdict`` plist, edited in place."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, self._info = decode_xml(path, data, allowed_doctype=PLIST_DOCTYPE)
        utf8 = data if not self._info.bom and self._info.encoding == "utf-8" else None
        check_well_formed(path, text, utf8)  # a UTF-8 file's bytes are the text's UTF-8
        self._data = data
        self._read = StringsdictRead(path, text, MAX_ENTRIES)
        self._text = self._read.text
        self._entries = self._read.entries
        self._splicer = self._read.splicer
        self._indent_cache: tuple[str, str] | None = None

    def _string(self, element: Node) -> str:
        return content(self._text, element[3], element[4])

    # Document API ------------------------------------------------------------------
    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        check_value(key, value, xml=True)
        if not isinstance(value, str):
            unknown = [form for form in value if form not in PLURAL_CATEGORIES]
            if unknown or not value:
                raise ValueError(f"plural forms must be CLDR categories, got {sorted(value)}")
            value = plural_forms(value)
        splicer, plurals, strings = self._splicer, self._read.plurals, self._read.strings
        existing, plural, string = self._entries.get(key), plurals.get(key), strings.get(key)
        if plural is not None and plural.forms and not isinstance(value, str):
            splicer.replace(key, self._update_plural(key, plural, value))
        elif string is not None and isinstance(value, str):
            splicer.replace(key, self._spliced(*splicer.span(key), string, value))
        elif existing is not None:  # a new kind, or a plural without forms: written anew
            splicer.replace(key, self._render_new(key, value))
            plurals.pop(key, None)
            strings.pop(key, None)
        else:
            if after is not None and after not in splicer:
                raise KeyError(after)
            splicer.insert(key, self._render_new(key, value), after=after)
        line = existing.line if existing is not None else None
        kind = "string" if isinstance(value, str) else "plural"
        self._entries[key] = build_entry(key, value, None, None, None, True, line, kind)

    def remove(self, key: str) -> None:
        splicer = self._splicer
        if key not in splicer:
            raise KeyError(key)
        splicer.remove(key)
        self._read.plurals.pop(key, None)
        self._read.strings.pop(key, None)
        del self._entries[key]

    def dump(self) -> bytes:
        if not self._splicer.changed:
            return self._data
        return encode(self._splicer.render(), self._info, errors="xmlcharrefreplace")

    def skeleton(self, locale: str) -> bytes:
        text, top = self._text, self._read.top  # (never self-closing: read opens it)
        indent = text[line_start(text, top.start) : top.start]
        indent = indent if not indent.strip() else ""
        closing = self._splicer.newline + indent + "</dict>"
        return encode(text[: top.inner_start] + closing + text[top.end :], self._info)

    # rendering ---------------------------------------------------------------------
    def _indents(self) -> tuple[str, str]:
        """Indentation of top-level keys and the nesting unit (the original text's, read
        once: new entries leave it as it is)."""
        if self._indent_cache is None:
            self._indent_cache = self._read_indents()
        return self._indent_cache

    def _read_indents(self) -> tuple[str, str]:
        text = self._text
        for key_start, child_start in self._read.nested_starts:
            outer = blank_prefix(text, key_start)
            if outer is None:
                continue
            inner = blank_prefix(text, child_start)
            if inner is not None and inner.startswith(outer) and len(inner) > len(outer):
                return outer, inner[len(outer) :]
        top = text[line_start(text, self._read.top.start) : self._read.top.start]
        unit = top if top and not top.strip() else "\t"
        return (top if not top.strip() else "") + unit, unit

    def _render_new(self, key: str, value: Value) -> str:
        """A new entry's lines (plural forms in CLDR order)."""
        outer, unit = self._indents()
        newline = self._splicer.newline
        if isinstance(value, str):
            return (
                f"{outer}<key>{_escape(key)}</key>{newline}"
                f"{outer}<string>{_escape(value)}</string>{newline}"
            )
        found = _VALUE_TYPE.search(value.get("other", next(iter(value.values()))))
        value_type = found.group(1) if found else "d"
        one = outer + unit
        two = one + unit
        lines = "".join(
            f"{two}<key>{category}</key>{newline}{two}<string>{_escape(text)}</string>{newline}"
            for category, text in value.items()
        )
        return (
            f"{outer}<key>{_escape(key)}</key>{newline}"
            f"{outer}<dict>{newline}"
            f"{one}<key>{FORMAT_KEY}</key>{newline}"
            f"{one}<string>%#@count@</string>{newline}"
            f"{one}<key>count</key>{newline}"
            f"{one}<dict>{newline}"
            f"{two}<key>NSStringFormatSpecTypeKey</key>{newline}"
            f"{two}<string>NSStringPluralRuleType</string>{newline}"
            f"{two}<key>NSStringFormatValueTypeKey</key>{newline}"
            f"{two}<string>{value_type}</string>{newline}"
            f"{lines}{one}</dict>{newline}{outer}</dict>{newline}"
        )

    def _update_plural(self, key: str, plural: Plural, value: Mapping[str, str]) -> str:
        """The plural's text with ``value``'s forms: only the form lines change when the
        forms keep the format key's text around the variable, else it becomes the variable."""
        text, prefix, suffix = self._text, plural.prefix, plural.suffix
        start, end = self._splicer.span(key)
        affixed = all(
            form.startswith(prefix)
            and form.endswith(suffix)
            and len(form) >= len(prefix) + len(suffix)
            for form in value.values()
        )
        if affixed:
            value = {c: f[len(prefix) : len(f) - len(suffix)] for c, f in value.items()}
        local = Splicer(text[start:end])
        format_string = plural.format_string
        spans = [("\x00format", format_string[1], format_string[2])]
        for category, (key_start, node) in plural.forms.items():
            spans.append((category, *whole_lines(text, key_start, node[2])))
        for index, (_, key_start, node) in enumerate(plural.hidden):
            spans.append((f"\x00{index}", *whole_lines(text, key_start, node[2])))
        for name, span_start, span_end in sorted(spans, key=lambda item: item[1]):
            local.add_span(name, span_start - start, span_end - start)
        if not affixed and (prefix or suffix):
            variable = VARIABLE.search(self._string(format_string))
            assert variable is not None
            local.replace("\x00format", f"<string>{_escape(variable.group(0))}</string>")
        for index, (category, _, _) in enumerate(plural.hidden):
            if category not in value:  # removed with the form that hid it
                local.remove(f"\x00{index}")
        for category, (key_start, node) in plural.forms.items():
            if category not in value:
                local.remove(category)
            elif self._string(node) != value[category]:
                span_start, span_end = whole_lines(text, key_start, node[2])
                local.replace(category, self._spliced(span_start, span_end, node, value[category]))
        self._insert_forms(local, plural, value)
        return local.render()

    def _insert_forms(self, local: Splicer, plural: Plural, value: Mapping[str, str]) -> None:
        """Insert the forms of ``value`` the plural lacks, each beside its CLDR neighbours."""
        present = list(plural.forms)  # (not empty: see set)
        indent = blank_prefix(self._text, plural.forms[present[0]][0]) or ""
        newline, rank = local.newline, PLURAL_CATEGORIES.index
        for category, form in value.items():
            if category in plural.forms:
                continue
            block = (
                f"{indent}<key>{category}</key>{newline}"
                f"{indent}<string>{_escape(form)}</string>{newline}"
            )
            earlier = [c for c in present if rank(c) < rank(category)]
            if earlier:
                local.insert(category, block, after=max(earlier, key=rank))
            else:
                local.insert(category, block, before=min(present, key=rank))
            present.append(category)

    def _spliced(self, start: int, end: int, node: Node, value: str) -> str:
        """``text[start:end]`` with the ``<string>`` ``node`` in it holding ``value``."""
        text, element = self._text, xml_element(node)
        string = with_content(text, element, _escape(value))
        return text[start : element.start] + string + text[element.end : end]
