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
from catalog._xml import PLIST_DOCTYPE, XmlElement, check_well_formed, decode_xml, with_content
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
    Plural,
    element_text,
    form_string,
    plural_forms,
    read_plist,
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
        read = read_plist(path, text, MAX_ENTRIES)
        self._text = read.text
        self._top = read.top
        self._nested_starts = read.nested_starts
        self._entries = read.entries
        self._plurals = read.plurals
        self._strings = read.strings
        self._splicer = read.splicer
        self._indent_cache: tuple[str, str] | None = None

    def _string(self, element: XmlElement) -> str:
        return element_text(self._text, element)

    # reading -----------------------------------------------------------------------
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
                + with_content(self._text, element, _escape(value))
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
            forms = plural_forms(value)
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
        for key_start, child_start in self._nested_starts:
            outer = blank_prefix(text, key_start)
            if outer is None:
                continue
            inner = blank_prefix(text, child_start)
            if inner is not None and inner.startswith(outer) and len(inner) > len(outer):
                return outer, inner[len(outer) :]
        top = text[line_start(text, self._top.start) : self._top.start]
        unit = top if top and not top.strip() else "\t"
        return (top if not top.strip() else "") + unit, unit

    def _render_new(self, key: str, value: Value) -> str:
        outer, unit = self._indents()
        newline = self._splicer.newline
        if isinstance(value, str):
            return (
                f"{outer}<key>{_escape(key)}</key>{newline}"
                f"{outer}<string>{_escape(value)}</string>{newline}"
            )
        forms = plural_forms(value)
        found = _VALUE_TYPE.search(forms.get("other", next(iter(forms.values()))))
        value_type = found.group(1) if found else "d"
        one = outer + unit
        two = one + unit
        lines = "".join(
            f"{two}<key>{category}</key>{newline}{two}<string>{_escape(text)}</string>{newline}"
            for category, text in forms.items()
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

    def _update_plural(self, key: str, value: Mapping[str, str]) -> str:
        plural = self._plurals[key]
        text = self._text
        start, end = self._splicer.span(key)
        forms = plural_forms(value)
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
        for category, form in plural.forms.items():
            span_start, span_end = whole_lines(text, *form[0])
            spans.append((category, span_start, span_end))
        for name, span_start, span_end in sorted(spans, key=lambda item: item[1]):
            local.add_span(name, span_start - start, span_end - start)
        if not affixed and (plural.prefix or plural.suffix):
            variable = VARIABLE.search(self._string(plural.format_string))
            assert variable is not None
            local.replace("\x00format", f"<string>{_escape(variable.group(0))}</string>")
        for category, form in plural.forms.items():
            string_element = form_string(form)
            if category not in bare:
                local.remove(category)
            elif self._string(string_element) != bare[category]:
                span_start, span_end = local.span(category)
                old = local.text[span_start:span_end]
                element_start = string_element.start - start - span_start
                element_end = string_element.end - start - span_start
                content = with_content(text, string_element, _escape(bare[category]))
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
            key_start = plural.forms[existing[0]][0][0]
            indent = blank_prefix(text, key_start) or ""
        else:
            _, unit = self._indents()
            indent = (blank_prefix(text, plural.variable_start) or "") + unit
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
                f"{indent}<string>{_escape(form)}</string>{newline}"
            )
            later = [
                c for c in present if PLURAL_CATEGORIES.index(c) > PLURAL_CATEGORIES.index(category)
            ]
            if anchor is None and later:
                local.insert(category, block, before=min(later, key=PLURAL_CATEGORIES.index))
            else:
                local.insert(category, block, after=anchor)
            present.append(category)
