"""Android ``res/values*/strings.xml``: string, plurals and string-array resources."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from xml.sax.saxutils import quoteattr

from catalog._splice import Splicer, blank_prefix, detect_indent, line_start, whole_lines
from catalog._text import TextInfo, check_value, encode
from catalog._xml import Element, check_well_formed, decode_xml
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
_LEADING_BLANKS = re.compile(r"[ \t]*")


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
        self._child_starts = read.child_starts
        self._entries = read.entries
        self._elements = read.elements
        self._splicer = read.splicer
        self._declarations = "".join(
            f" {name}={quoteattr(uri)}"
            for name, uri in self._root.attributes.items()
            if name.startswith("xmlns")
        )
        self._children_indent: str | None = None
        #: indentation unit of new items, by the indentation of their element
        self._item_units: dict[str, str] = {}
        #: (key, line prefix) of the first indented <item>, (None, None) when there is none
        self._first_item: tuple[str | None, str | None] | None = None

    def _inner(self, element: Element) -> str:
        return self._text[element.inner_start : element.inner_end]

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
        # with no original element left (a new target) no entry's own indentation counts
        last = self._splicer.last_live_key() if self._elements else None
        if last is not None and last in self._elements:
            prefix = blank_prefix(self._text, self._elements[last].start)
            return "    " if prefix is None else prefix
        if self._children_indent is None:  # the original children's, read once
            self._children_indent = self._read_children_indent()
        return self._children_indent

    def _read_children_indent(self) -> str:
        """The most common leading whitespace of the lines holding the root's children
        (children come in file order: each line's start is searched for back to the
        previous child only, so a file written on one line costs its length once)."""
        text = self._text
        counts: Counter[str] = Counter()
        previous, begin = -1, 0
        for child_start in self._child_starts:
            if previous < 0:
                begin = line_start(text, child_start)
            else:
                newline = max(
                    text.rfind("\n", previous, child_start), text.rfind("\r", previous, child_start)
                )
                begin = newline + 1 if newline >= 0 else begin
            previous = child_start
            blanks = _LEADING_BLANKS.match(text, begin, child_start)
            counts[blanks.group() if blanks is not None else ""] += 1
        counts.pop("", None)
        return counts.most_common(1)[0][0] if counts else "    "

    def _item_indent(self, indent: str) -> str:
        prefix = self._item_prefix()
        if prefix is not None:
            return indent + prefix[len(indent) :] if prefix.startswith(indent) else prefix
        unit = self._item_units.get(indent)
        if unit is None:
            unit = self._item_units[indent] = detect_indent([indent]) if indent else "    "
        return indent + unit

    def _item_prefix(self) -> str | None:
        """The line prefix of the first indented ``<item>`` of the original elements."""
        if self._first_item is None:  # found once; _forget drops it if its element goes
            self._first_item = (None, None)
            for key, element in self._elements.items():
                for item in element.elements("item"):
                    prefix = blank_prefix(self._text, item.start)
                    if prefix is not None:
                        self._first_item = (key, prefix)
                        return prefix
        return self._first_item[1]

    def _forget(self, key: str) -> None:
        """The original element of ``key`` is no longer in the file."""
        self._elements.pop(key, None)
        if self._first_item is not None and self._first_item[0] == key:
            self._first_item = None

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
        text = self._text
        original = text[element.inner_start : element.inner_end]
        cdata = original.startswith("<![CDATA[") and original.endswith("]]>")
        inner = (escape_cdata(value) if cdata else None) or self._escape(value)
        if element.self_closing:
            opening = text[element.start : element.end - 2].rstrip() + ">"
            return f"{opening}{inner}</{element.name}>"
        return (
            text[element.start : element.inner_start]
            + inner
            + text[element.inner_end : element.end]
        )

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
            elif unescape(self._inner(item)) != value[form]:
                item_start, item_end = whole_lines(text, item.start, item.end)
                new = self._with_value(item, value[form])
                local.replace(form, text[item_start : item.start] + new + text[item.end : item_end])
        first = items[0]
        indent = blank_prefix(text, first.start) or ""
        present = list(forms)
        for form, content in _items(tag, value):
            if form in forms:
                continue
            attribute = f" quantity={quoteattr(form)}" if tag == "plurals" else ""
            line = f"{indent}<item{attribute}>{self._escape(content)}</item>{local.newline}"
            anchor = _preceding(present, form, tag)
            if anchor is None:
                local.insert(form, line, before=_following(present, form, tag))
            else:
                local.insert(form, line, after=anchor)
            present.append(form)
        return local.render()


def _preceding(forms: list[str], form: str, tag: str) -> str | None:
    if tag != "plurals":
        earlier_items = [f for f in forms if f.isdigit() and int(f) < int(form)]
        return max(earlier_items, key=int) if earlier_items else None
    order = PLURAL_CATEGORIES
    earlier = [f for f in forms if f in order and order.index(f) < order.index(form)]
    return max(earlier, key=order.index) if earlier else None


def _following(forms: list[str], form: str, tag: str) -> str:
    """The earliest present form that sorts after ``form`` (one exists when none precede)."""
    if tag != "plurals":
        return min((f for f in forms if f.isdigit() and int(f) > int(form)), key=int)
    order = PLURAL_CATEGORIES
    later = [f for f in forms if f in order and order.index(f) > order.index(form)]
    return min(later, key=order.index) if later else forms[0]


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
