"""Apple ``.stringsdict`` plural rules: a key with one plural variable is a plural entry.

The value's forms are the whole sentence: ``NSStringLocalizedFormatKey`` text around the
``%#@variable@`` reference joined with each plural form. Entries with several variables
are exposed read-only as their format string (translatable=False); all other plist
content is kept verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.sax.saxutils import escape as xml_escape

from catalog._splice import Splicer, blank_prefix, line_start, whole_lines
from catalog._text import check_value, encode
from catalog._xml import PLIST_DOCTYPE, XmlElement, check_well_formed, decode_xml, with_content
from catalog.base import (
    MAX_ENTRIES,
    PLURAL_CATEGORIES,
    Document,
    Entry,
    Value,
    build_entry,
    sort_plural,
)
from catalog.formats._stringsdict_reader import (
    FORMAT_KEY,
    VARIABLE,
    Plural,
    element_text,
    read_plist,
)

__all__ = ["FORMAT", "StringsdictDocument", "parse"]

FORMAT = "ios-stringsdict"

_VALUE_TYPE = re.compile(r"%(?:\d+\$)?(l{0,2}[diouxX]|@|[feg])")


def parse(path: str, data: bytes) -> StringsdictDocument:
    """Parse a ``.stringsdict`` file."""
    return StringsdictDocument(path, data)


class StringsdictDocument(Document):
    """A ``.stringsdict`` plist, edited in place."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, self._info = decode_xml(path, data, allowed_doctype=PLIST_DOCTYPE)
        utf8 = data if not self._info.bom and self._info.encoding == "utf-8" else None
        check_well_formed(path, text, utf8)  # a UTF-8 file's bytes are the text's UTF-8
        self._data = data
        read = read_plist(path, text, MAX_ENTRIES)
        self._text = read.text
        self._top = read.top
        self._rule_pairs = read.nested_pairs
        self._entries = read.entries
        self._plurals = read.plurals
        self._strings = read.strings
        self._splicer = read.splicer
        self._indent_cache: tuple[str, str] | None = None

    def _string(self, element: XmlElement) -> str:
        return element_text(self._text, element)

    # reading -----------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        if not self._splicer.changed:  # file order is reading order
            return list(self._entries.values())
        entries = self._entries
        return [entries[key] for key in self._splicer.order()]

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

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
        splicer = self._splicer
        existing = self._entries.get(key)
        if existing is not None and key in self._plurals and not isinstance(value, str):
            splicer.replace(key, self._update_plural(key, value))
        elif existing is not None and key in self._strings and isinstance(value, str):
            element = self._strings[key]
            start, end = splicer.span(key)
            splicer.replace(
                key,
                self._text[start : element.start]
                + with_content(self._text, element, xml_escape(value))
                + self._text[element.end : end],
            )
        elif existing is not None:
            splicer.replace(key, self._render_new(key, value))
            self._plurals.pop(key, None)
            self._strings.pop(key, None)
        else:
            if after is not None and after not in splicer:
                raise KeyError(after)
            splicer.insert(key, self._render_new(key, value), after=after)
        line = existing.line if existing is not None else None
        if isinstance(value, str):
            self._entries[key] = build_entry(key, value, None, None, None, True, line, "string")
        else:
            forms = sort_plural(value)
            self._entries[key] = build_entry(key, forms, None, None, None, True, line, "plural")

    def remove(self, key: str) -> None:
        splicer = self._splicer
        if key not in splicer:
            raise KeyError(key)
        splicer.remove(key)
        self._plurals.pop(key, None)
        self._strings.pop(key, None)
        del self._entries[key]

    def dump(self) -> bytes:
        if not self._splicer.changed:
            return self._data
        return encode(self._splicer.render(), self._info, errors="xmlcharrefreplace")

    def skeleton(self, locale: str) -> bytes:
        newline = self._splicer.newline
        text = self._text
        head = text[: self._top.start]
        opening = text[self._top.start : self._top.inner_start]
        if self._top.self_closing:
            opening = opening[:-2].rstrip() + ">"
        indent = text[line_start(text, self._top.start) : self._top.start]
        indent = indent if not indent.strip() else ""
        tail = text[self._top.end :]
        return encode(head + opening + newline + indent + "</dict>" + tail, self._info)

    # rendering ---------------------------------------------------------------------
    def _indents(self) -> tuple[str, str]:
        """Indentation of top-level keys and the nesting unit (the original text's, read
        once: new entries leave it as it is)."""
        if self._indent_cache is None:
            self._indent_cache = self._read_indents()
        return self._indent_cache

    def _read_indents(self) -> tuple[str, str]:
        text = self._text
        for key_element, value in self._rule_pairs:
            outer = blank_prefix(text, key_element.start)
            inner_children = value.elements()
            if outer is None or not inner_children:
                continue
            inner = blank_prefix(text, inner_children[0].start)
            if inner is not None and inner.startswith(outer) and len(inner) > len(outer):
                return outer, inner[len(outer) :]
        top = text[line_start(text, self._top.start) : self._top.start]
        unit = top if top and not top.strip() else "\t"
        return (top if not top.strip() else "") + unit, unit

    def _render_new(self, key: str, value: Value) -> str:
        outer, unit = self._indents()
        newline = self._splicer.newline
        if isinstance(value, str):
            lines = [f"<key>{xml_escape(key)}</key>", f"<string>{xml_escape(value)}</string>"]
            return "".join(outer + line + newline for line in lines)
        forms = sort_plural(value)
        found = _VALUE_TYPE.search(forms.get("other", next(iter(forms.values()))))
        value_type = found.group(1) if found else "d"
        one, two = unit, unit * 2
        lines = [
            f"<key>{xml_escape(key)}</key>",
            "<dict>",
            f"{one}<key>{FORMAT_KEY}</key>",
            f"{one}<string>%#@count@</string>",
            f"{one}<key>count</key>",
            f"{one}<dict>",
            f"{two}<key>NSStringFormatSpecTypeKey</key>",
            f"{two}<string>NSStringPluralRuleType</string>",
            f"{two}<key>NSStringFormatValueTypeKey</key>",
            f"{two}<string>{value_type}</string>",
        ]
        for category, text in forms.items():
            lines += [f"{two}<key>{category}</key>", f"{two}<string>{xml_escape(text)}</string>"]
        lines += [f"{one}</dict>", "</dict>"]
        return "".join(outer + line + newline for line in lines)

    def _update_plural(self, key: str, value: Mapping[str, str]) -> str:
        plural = self._plurals[key]
        text = self._text
        start, end = self._splicer.span(key)
        forms = sort_plural(value)
        affixed = all(
            form.startswith(plural.prefix)
            and form.endswith(plural.suffix)
            and len(form) >= len(plural.prefix) + len(plural.suffix)
            for form in forms.values()
        )
        if affixed:
            cut = len(plural.suffix)
            bare = {c: f[len(plural.prefix) : len(f) - cut] for c, f in forms.items()}
        else:
            bare = dict(forms)
        local = Splicer(text[start:end])
        spans = [("\x00format", plural.format_string.start, plural.format_string.end)]
        for category, (key_element, string_element) in plural.forms.items():
            span_start, span_end = whole_lines(text, key_element.start, string_element.end)
            spans.append((category, span_start, span_end))
        for name, span_start, span_end in sorted(spans, key=lambda item: item[1]):
            local.add_span(name, span_start - start, span_end - start)
        if not affixed and (plural.prefix or plural.suffix):
            variable = VARIABLE.search(self._string(plural.format_string))
            assert variable is not None
            local.replace("\x00format", f"<string>{xml_escape(variable.group(0))}</string>")
        for category, (_, string_element) in plural.forms.items():
            if category not in bare:
                local.remove(category)
            elif self._string(string_element) != bare[category]:
                span_start, span_end = local.span(category)
                old = local.text[span_start:span_end]
                element_start = string_element.start - start - span_start
                element_end = string_element.end - start - span_start
                content = with_content(text, string_element, xml_escape(bare[category]))
                new = old[:element_start] + content + old[element_end:]
                local.replace(category, new)
        self._insert_forms(local, plural, bare, start)
        return local.render()

    def _insert_forms(
        self, local: Splicer, plural: Plural, bare: Mapping[str, str], start: int
    ) -> None:
        text = self._text
        existing = list(plural.forms)
        if existing:
            key_element, _ = plural.forms[existing[0]]
            indent = blank_prefix(text, key_element.start) or ""
        else:
            _, unit = self._indents()
            indent = (blank_prefix(text, plural.variable.start) or "") + unit
        newline = local.newline
        present = list(existing)
        for category, form in bare.items():
            if category in existing:
                continue
            earlier = [
                c for c in present if PLURAL_CATEGORIES.index(c) < PLURAL_CATEGORIES.index(category)
            ]
            anchor = max(earlier, key=PLURAL_CATEGORIES.index) if earlier else None
            block = (
                f"{indent}<key>{category}</key>{newline}"
                f"{indent}<string>{xml_escape(form)}</string>{newline}"
            )
            later = [
                c for c in present if PLURAL_CATEGORIES.index(c) > PLURAL_CATEGORIES.index(category)
            ]
            if anchor is None and later:
                local.insert(category, block, before=min(later, key=PLURAL_CATEGORIES.index))
            else:
                local.insert(category, block, after=anchor)
            present.append(category)
