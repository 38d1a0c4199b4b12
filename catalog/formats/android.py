"""Android ``res/values*/strings.xml``: string, plurals and string-array resources."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from xml.sax.saxutils import quoteattr

from catalog._lazy_spans import LazySpanDocument
from catalog._splice import (
    LineIndex,
    Splicer,
    blank_prefix,
    detect_indent,
    line_number,
    whole_lines,
)
from catalog._text import TextInfo, check_value, encode
from catalog._xml import (
    XmlComment,
    XmlElement,
    decode_xml,
    expand_empty,
    insertion_point,
    scan,
    validate,
)
from catalog.base import (
    MAX_ENTRIES,
    PLURAL_CATEGORIES,
    Entry,
    FormatError,
    Value,
    sort_plural,
)
from catalog.formats._android_text import escape, escape_cdata, max_length, unescape
from catalog.formats._android_tree import read_tree

__all__ = ["FORMAT", "AndroidDocument", "parse"]

FORMAT = "android"

_KINDS = {"string": "string", "plurals": "plural", "string-array": "array"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def parse(path: str, data: bytes) -> AndroidDocument:
    """Parse an Android string resource file."""
    return AndroidDocument(path, data)


_whole_lines = whole_lines
_LEADING_BLANKS = re.compile(r"[ \t]*")


def _max_length(element: XmlElement, comment: str | None) -> int | None:
    local = ((name.split(":")[-1], value) for name, value in element.attributes.items())
    return max_length(local, comment)


class AndroidDocument(LazySpanDocument):
    """An Android strings.xml file, edited in place."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, self._info = decode_xml(path, data)
        # UTF-8 without a BOM: the file's bytes are the text's UTF-8, not encoded again
        tree = validate(path, text, data if self._info == TextInfo() else None)
        self._data = data
        self._text = text
        self._splicer_built: Splicer | None = None
        self._children_indent: str | None = None
        #: (key, line prefix) of the first indented <item>, (None, None) when there is none
        self._first_item: tuple[str | None, str | None] | None = None
        read = read_tree(tree, text, MAX_ENTRIES)
        self._scanned = read is None
        if read is None:
            self._scan()
        else:  # the offset-keeping scan waits for the first edit
            self._entries: dict[str, Entry] = read

    def _scan(self) -> None:
        """Every element's offsets (for edits); the entries are read from the scan."""
        path, text = self.path, self._text
        self._root = scan(path, text)
        if self._root.name != "resources":
            raise FormatError(
                f"root element is <{self._root.name}>, expected <resources>",
                path=path,
                line=line_number(text, self._root.start),
            )
        if self._root.self_closing:  # <resources/>: edit as <resources></resources>
            text = expand_empty(text, self._root)
            self._root = scan(path, text)
        self._text = text
        self._elements: dict[str, XmlElement] = {}
        self._entries = {}
        self._lines = LineIndex(text)
        self._declarations = "".join(
            f" {name}={quoteattr(uri)}"
            for name, uri in self._root.attributes.items()
            if name.startswith("xmlns")
        )
        #: (key, element, preceding comment) of each entry read, for the splicer
        self._read: list[tuple[str, XmlElement, XmlComment | None]] = []
        self._read_entries()
        self._scanned = True

    def _edits(self) -> None:
        """Scan for offsets before the first edit (a file read from the tree has none)."""
        if not self._scanned:
            self._scan()

    # reading -----------------------------------------------------------------------
    def _read_entries(self) -> None:
        text = self._text
        pending: XmlComment | None = None
        for child in self._root.children:
            if isinstance(child, XmlComment):
                pending = child
                continue
            comment = pending
            pending = None
            if child.name not in _KINDS or "name" not in child.attributes:
                continue
            if comment is not None and text[comment.end : child.start].count("\n") > 1:
                comment = None  # a blank line separates a section heading from the entry
            key = child.attributes["name"]
            if key in self._entries:
                raise FormatError(
                    f"duplicate resource name {key!r}",
                    path=self.path,
                    line=self._lines.line(child.start),
                )
            if len(self._entries) >= MAX_ENTRIES:
                raise FormatError(f"more than {MAX_ENTRIES:,} entries", path=self.path)
            self._add(key, child, comment)

    @property
    def _splicer(self) -> Splicer:
        """The editing engine, with every entry's span (built when first needed)."""
        if self._splicer_built is None:
            self._edits()
            text = self._text
            anchor, prefix = insertion_point(text, self._root)
            splicer = Splicer(text, end_anchor=anchor, end_prefix=prefix)
            for key, element, comment in self._read:
                start, end = _whole_lines(text, element.start, element.end)
                lead = None
                if comment is not None:
                    comment_start, _ = _whole_lines(text, comment.start, comment.end)
                    if comment_start < comment.start or comment_start == start:
                        lead = comment_start
                splicer.add_span(key, start, end, lead=lead if lead is not None else start)
            self._splicer_built = splicer
            self._read = []
        return self._splicer_built

    def _add(self, key: str, element: XmlElement, comment: XmlComment | None) -> None:
        self._read.append((key, element, comment))
        note = comment.text.strip() if comment is not None else None
        self._elements[key] = element
        self._entries[key] = Entry(
            key=key,
            value=self._value_of(element),
            comment=note or None,
            max_length=_max_length(element, note),
            translatable=element.attributes.get("translatable", "true") != "false",
            line=self._lines.line(element.start),
            kind=_KINDS[element.name],
        )

    def _inner(self, element: XmlElement) -> str:
        return self._text[element.inner_start : element.inner_end]

    def _value_of(self, element: XmlElement) -> Value:
        if element.name == "string":
            return unescape(self._inner(element))
        items = element.elements("item")
        if element.name == "plurals":
            return sort_plural(
                {item.attributes.get("quantity", ""): unescape(self._inner(item)) for item in items}
            )
        return {str(index): unescape(self._inner(item)) for index, item in enumerate(items)}

    # Document API ------------------------------------------------------------------
    def _built_splicer(self) -> Splicer | None:
        return self._splicer_built

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
        self._edits()
        if not _NAME.fullmatch(key):
            raise ValueError(f"not a valid Android resource name: {key!r}")
        _check_forms(value)
        existing = self.get(key)
        if existing is not None and existing.kind == _kind_of(value, existing.kind):
            self._update(key, value)
        elif existing is not None:  # the kind changed: render afresh in the same place
            self._splicer.replace(key, self._render_new(key, value, None))
            self._forget(key)
        else:
            self._insert(key, value, comment=comment, after=after)
        previous = existing or Entry(key, value, comment=comment)
        kind = _kind_of(value, previous.kind)
        self._entries[key] = Entry(
            key=key,
            value=value if isinstance(value, str) or kind != "plural" else sort_plural(value),
            comment=previous.comment,
            max_length=previous.max_length,
            translatable=previous.translatable,
            line=previous.line if existing is not None else None,
            kind=kind,
        )

    def remove(self, key: str) -> None:
        self._edits()
        if key not in self._splicer:
            raise KeyError(key)
        self._splicer.remove(key)
        self._forget(key)
        del self._entries[key]

    def dump(self) -> bytes:
        if self._splicer_built is None or not self._splicer.changed:
            return self._data
        return encode(self._splicer.render(), self._info, errors="xmlcharrefreplace")

    def skeleton(self, locale: str) -> bytes:
        self._edits()
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
        last = self._splicer.last_live_key()
        if last is not None and last in self._elements:
            prefix = blank_prefix(self._text, self._elements[last].start)
            return "    " if prefix is None else prefix
        if self._children_indent is None:  # the original children's, read once
            self._children_indent = self._read_children_indent()
        return self._children_indent

    def _read_children_indent(self) -> str:
        """The most common leading whitespace of the lines holding the root's children
        (each line read once, from its start: the cost is not children x line length)."""
        text, starts = self._text, self._lines.starts
        counts: Counter[str] = Counter()
        for child in self._root.children:
            line = self._lines.line(child.start)
            blanks = _LEADING_BLANKS.match(text, starts[line - 1], child.start)
            counts[blanks.group() if blanks is not None else ""] += 1
        counts.pop("", None)
        return counts.most_common(1)[0][0] if counts else "    "

    def _item_indent(self, indent: str) -> str:
        prefix = self._item_prefix()
        if prefix is not None:
            return indent + prefix[len(indent) :] if prefix.startswith(indent) else prefix
        unit = detect_indent([indent]) if indent else "    "
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
        name = quoteattr(key)
        if isinstance(value, str):
            lines.append(f"{indent}<string name={name}>{self._escape(value)}</string>")
        else:
            tag = "plurals" if _kind_of(value, "plural") == "plural" else "string-array"
            inner = self._item_indent(indent)
            lines.append(f"{indent}<{tag} name={name}>")
            for form, text in _items(tag, value):
                attribute = f" quantity={quoteattr(form)}" if tag == "plurals" else ""
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

    def _with_value(self, element: XmlElement, value: str) -> str:
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
        self, element: XmlElement, value: Mapping[str, str], start: int, end: int
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
            item_start, item_end = _whole_lines(text, item.start, item.end)
            local.add_span(form, item_start - start, item_end - start)
        for form, item in zip(forms, items, strict=True):
            if form not in value:
                local.remove(form)
            elif unescape(self._inner(item)) != value[form]:
                item_start, item_end = _whole_lines(text, item.start, item.end)
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
