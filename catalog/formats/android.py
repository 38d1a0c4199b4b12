"""Android ``res/values*/strings.xml``: string, plurals and string-array resources."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import quoteattr

from catalog._splice import Splicer, blank_prefix, detect_indent, whole_lines
from catalog._text import TextInfo, check_value, encode
from catalog._xml import Element, check_well_formed, decode_xml, with_content
from catalog.base import (
    MAX_ENTRIES,
    PLURAL_CATEGORIES,
    SplicedDocument,
    Value,
    build_entry,
    sort_plural,
)
from catalog.formats._android_reader import read_resources
from catalog.formats._android_text import escape, escape_cdata, unescape

__all__ = ["FORMAT", "AndroidDocument", "parse"]

FORMAT = "android"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def parse(path: str, data: bytes) -> AndroidDocument:
    """Parse an Android string resource file."""
    return AndroidDocument(path, data)


class AndroidDocument(SplicedDocument):
    """An Android strings.xml file, edited in place."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, self._info = decode_xml(path, data)
        # UTF-8 without a BOM: the file's bytes are the text's UTF-8, not encoded again
        check_well_formed(path, text, data if self._info == TextInfo() else None)
        self._data = data
        read = read_resources(path, text, MAX_ENTRIES)
        self._text = read.text
        self._root = read.root
        self._indents = read.indents
        self._item_indents = read.item_indents
        self._entries = read.entries
        self._elements = read.elements
        self._splicer = read.splicer
        self._declarations = "".join(
            f" {name}={quoteattr(uri)}"
            for name, uri in self._root.attributes.items()
            if name.startswith("xmlns")
        )
        self._children_indent: str | None = None

    # Document API ------------------------------------------------------------------
    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        check_value(key, value)  # values escape control characters as \uXXXX
        if comment:
            check_value(key, comment, xml=True)  # a comment is written as XML text
        if not _NAME.fullmatch(key):
            raise ValueError(f"not a valid Android resource name: {key!r}")
        _check_forms(value)
        existing = self._entries.get(key)
        kind = _kind_of(value, existing.kind if existing is not None else "string")
        if existing is None:
            self._insert(key, value, comment=comment, after=after)
            entry = build_entry(key, value, comment, None, None, True, None, kind)
        else:
            if existing.kind == kind:
                self._update(key, value)
            else:  # the kind changed: render afresh in the same place
                self._splicer.replace(key, self._render_new(key, value, None))
                self._forget(key)
            entry = existing._replace(value=value, kind=kind)
        if kind == "plural" and not isinstance(value, str):
            entry = entry._replace(value=sort_plural(value))
        self._entries[key] = entry

    def remove(self, key: str) -> None:
        if key not in self._splicer:
            raise KeyError(key)
        self._splicer.remove(key)
        self._forget(key)
        del self._entries[key]

    def dump(self) -> bytes:
        if not self._splicer.changed:
            return self._data
        return encode(self._splicer.render(), self._info, errors="xmlcharrefreplace")

    def skeleton(self, locale: str) -> bytes:
        text = self._text
        head = text[: self._root.start]
        root_open = text[self._root.start : self._root.inner_start]
        if self._root.self_closing:
            root_open = root_open[:-2].rstrip() + ">"
        newline = self._splicer.newline
        tail = text[self._root.end :] or newline
        body = head + root_open + newline + "</resources>" + tail
        return encode(body, TextInfo(self._info.encoding, self._info.bom))

    # rendering ---------------------------------------------------------------------
    def _escape(self, value: str) -> str:
        return escape(value, self._declarations)

    def _indent(self) -> str:
        """The blanks before a new entry: the last live original entry's, else the most
        common of the original children's."""
        # with no original element left (a new target) no entry's own indentation counts
        last = self._splicer.last_live_key() if self._elements else None
        if last is not None and last in self._elements:
            prefix = blank_prefix(self._text, self._elements[last].start)
            return "    " if prefix is None else prefix
        if self._children_indent is None:  # found once
            self._children_indent = detect_indent(self._indents)
        return self._children_indent

    def _item_indent(self, indent: str) -> str:
        """The blanks before a new ``<item>``: the first indented original item's (of an
        element still in the file), else one step more than ``indent``."""
        prefix = next(iter(self._item_indents.values()), None)
        return indent + detect_indent([indent]) if prefix is None else prefix

    def _forget(self, key: str) -> None:
        """The original element of ``key`` is no longer in the file."""
        self._elements.pop(key, None)
        self._item_indents.pop(key, None)

    def _render_new(self, key: str, value: Value, comment: str | None) -> str:
        indent = self._indent()
        newline = self._splicer.newline
        lines: list[str] = []
        if comment:
            lines.append(f"{indent}<!-- {comment.replace('--', '- -')} -->")
        name = f'"{key}"'  # a resource name holds nothing to escape
        if isinstance(value, str):
            lines.append(f"{indent}<string name={name}>{self._escape(value)}</string>")
        else:
            tag = "plurals" if _kind_of(value, "plural") == "plural" else "string-array"
            inner = self._item_indent(indent)
            lines.append(f"{indent}<{tag} name={name}>")
            for form, text in _items(tag, value):
                attribute = f' quantity="{form}"' if tag == "plurals" else ""  # a category
                lines.append(f"{inner}<item{attribute}>{self._escape(text)}</item>")
            lines.append(f"{indent}</{tag}>")
        return newline.join(lines) + newline

    def _insert(self, key: str, value: Value, *, comment: str | None, after: str | None) -> None:
        if after is not None and after not in self._splicer:
            raise KeyError(after)
        self._splicer.insert(key, self._render_new(key, value, comment), after=after)

    def _update(self, key: str, value: Value) -> None:
        element = self._elements.get(key)
        if element is None:  # inserted earlier in this session: render afresh
            self._splicer.replace(key, self._render_new(key, value, None))
            return
        start, end = self._splicer.span(key)
        if isinstance(value, str):
            new = self._with_value(element, value)
            self._splicer.replace(
                key, self._text[start : element.start] + new + self._text[element.end : end]
            )
            return
        self._splicer.replace(key, self._update_items(element, value, start, end))

    def _with_value(self, element: Element, value: str) -> str:
        """The element's text holding ``value``; content wrapped in CDATA stays so, written
        by CDATA's rules (inside it ``&`` and ``<`` are themselves, not ``&amp;``)."""
        original = self._text[element.inner_start : element.inner_end]
        cdata = original.startswith("<![CDATA[") and original.endswith("]]>")
        inner = (escape_cdata(value) if cdata else None) or self._escape(value)
        return with_content(self._text, element, inner)

    def _update_items(
        self, element: Element, value: Mapping[str, str], start: int, end: int
    ) -> str:
        text = self._text
        tag = element.name
        items = element.elements("item")
        if element.self_closing or not items:
            return self._render_new(element.attributes["name"], value, None)
        local = Splicer(text[start:end])
        forms = [
            item.attributes.get("quantity", "") if tag == "plurals" else str(index)
            for index, item in enumerate(items)
        ]
        for form, item in zip(forms, items, strict=True):
            item_start, item_end = whole_lines(text, item.start, item.end)
            local.add_span(form, item_start - start, item_end - start)
        for form, item in zip(forms, items, strict=True):
            if form not in value:
                local.remove(form)
            elif unescape(text[item.inner_start : item.inner_end]) != value[form]:
                item_start, item_end = whole_lines(text, item.start, item.end)
                new = self._with_value(item, value[form])
                local.replace(form, text[item_start : item.start] + new + text[item.end : item_end])
        first = items[0]
        indent = blank_prefix(text, first.start) or ""
        present = _orders(tag, forms)
        for form, content in _items(tag, value):
            if form in forms:
                continue
            attribute = f" quantity={quoteattr(form)}" if tag == "plurals" else ""
            line = f"{indent}<item{attribute}>{self._escape(content)}</item>{local.newline}"
            # after the last present form that sorts before it, else before the first after
            order = _orders(tag, [form])[form]
            earlier = [other for other in present if present[other] < order]
            if earlier:
                local.insert(form, line, after=max(earlier, key=present.__getitem__))
            else:
                later = [other for other in present if present[other] > order]
                following = min(later, key=present.__getitem__) if later else forms[0]
                local.insert(form, line, before=following)
            present[form] = order
        return local.render()


def _orders(tag: str, forms: Iterable[str]) -> dict[str, int]:
    """The place of each form that has one among the items of a ``tag`` element."""
    if tag == "plurals":
        return {form: PLURAL_CATEGORIES.index(form) for form in forms if form in PLURAL_CATEGORIES}
    return {form: int(form) for form in forms if form.isdigit()}


def _items(tag: str, value: Mapping[str, str]) -> list[tuple[str, str]]:
    if tag == "plurals":
        return list(sort_plural(value).items())
    return sorted(value.items(), key=lambda pair: int(pair[0]))


def _check_forms(value: Value) -> None:
    if isinstance(value, str):
        return
    if not value:
        raise ValueError("a plural or array value needs at least one form")
    if all(form.isdigit() for form in value):
        return
    unknown = [form for form in value if form not in PLURAL_CATEGORIES]
    if unknown:
        raise ValueError(f"not CLDR plural categories: {unknown} (use {PLURAL_CATEGORIES})")


def _kind_of(value: Value, fallback: str) -> str:
    if isinstance(value, str):
        return "string"
    if value and all(form.isdigit() for form in value):
        return "array"
    if value and all(form in PLURAL_CATEGORIES for form in value):
        return "plural"
    return fallback
