"""Reading JSON text, in one pass, into containers that keep every member's span and
into the key/value entries they hold.

The one reader of JSON and ARB files: it checks the syntax (errors with line and
column), refuses nesting deeper than :data:`MAX_DEPTH` and repeated keys with different
values, and keeps each container's members in file order as small lists, which the
editor changes and renders (``_json_document``). For key/value JSON it builds the entry
rows in the same pass: nested keys, plural objects, i18next suffixes, string arrays.

>>> root, rows, _, _ = read_tree("t.json", '{"a": "x",\\n "b": {"c": "y"}}', entries=True)
>>> [(member[KEY], member[LINE]) for member in root.members]
[('a', 1), ('b', 2)]
>>> [(row[0], row[1], row[6]) for row in rows]
[('a', 'x', 1), ('b.c', 'y', 2)]
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, cast

from catalog.base import PLURAL_CATEGORIES, EntryRow, FormatError, sort_plural

__all__ = [
    "CATEGORIES",
    "HOLDER",
    "KEY",
    "LEAD",
    "LINE",
    "MAX_DEPTH",
    "START",
    "TEXT",
    "VALUE",
    "VEND",
    "VSTART",
    "Container",
    "Member",
    "is_plural_object",
    "read_tree",
]

#: Containers nested deeper than this are refused (real catalogs nest a few levels).
MAX_DEPTH = 64
CATEGORIES = frozenset(PLURAL_CATEGORIES)

#: A member is a list (made in one step, many thousands per file) of these fields: its
#: key (the index, in an array); its value: the decoded string, a :class:`Container` or
#: None (a number, true, false, null); where the text before it starts (the previous
#: value's end, or past the opening bracket; for a new member: that text itself); where
#: its key starts (-1 for a new member) and its value's span; the 1-based line of its
#: key (None when new); the value's new JSON text once edited (else None); its container.
KEY, VALUE, LEAD, START, VSTART, VEND, LINE, TEXT, HOLDER = range(9)
Member = list[Any]

# The C string scanner json.loads uses: decodes one literal and says where it ends.
_scanstring = cast(
    Callable[[str, int, bool], tuple[str, int]],
    json.decoder.scanstring,  # type: ignore[attr-defined]
)
_WHITESPACE = re.compile(r"[ \t\n\r]*+")
# The usual member in one match: a key, and a string value without escapes with the
# comma after it when there is one (other values are read on their own). Possessive: no
# part gives characters back, so a failed match costs its length once.
_MEMBER = re.compile(
    r'"([^"\\\x00-\x1f]*+(?:\\.[^"\\\x00-\x1f]*+)*+)"[ \t\n\r]*+:[ \t\n\r]*+'
    r'(?:"([^"\\\x00-\x1f]*+)"([ \t\n\r]*+,[ \t\n\r]*+)?+)?+'
)
# An array item in the same groups (no key): the usual one matched whole, else nothing.
_ITEM = re.compile(r'()(?:"([^"\\\x00-\x1f]*+)"([ \t\n\r]*+,[ \t\n\r]*+)?+)?+')
_SEPARATOR = re.compile(r"[ \t\n\r]*+([,}\]])[ \t\n\r]*+")
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][-+]?[0-9]++)?|true|false|null")
_SUFFIX = re.compile(r"(.+)_(zero|one|two|few|many|other)")


class Container:
    """An object (``is_object``) or array: its members in file order, the first member
    with each key (``names``), and the span ``start``..``end`` (-1 for a new one)."""

    def __init__(self, start: int, is_object: bool, parent: Container | None) -> None:
        self.start = self.end = start
        self.is_object = is_object
        self.parent = parent
        self.members: list[Member] = []
        self.names: dict[str, Member] = {}
        #: id of a member -> it and its later repeats with an equal value (kept in sync)
        self.copies: dict[int, list[Member]] = {}
        #: text between the last member and the closing bracket
        self.tail = ""
        #: the line indentation of a container the editor created
        self.indent = ""
        #: members were added, removed or changed below: re-rendered on dump
        self.dirty = False
        self._removed: set[int] = set()
        self._hint = 0

    def live(self) -> list[Member]:
        """The members; those removed since the last call go in one pass (linear removals)."""
        if self._removed:
            removed = self._removed
            self.members = [member for member in self.members if id(member) not in removed]
            self._removed = set()
        return self.members

    def with_copies(self, member: Member) -> list[Member]:
        """The member and its equal repeats later in this container."""
        return self.copies.get(id(member)) or [member]

    def remove(self, member: Member) -> None:
        """Remove a member and its repeats."""
        self._removed.update(map(id, self.with_copies(member)))
        if self.names.get(member[KEY]) is member:
            del self.names[member[KEY]]
        self.mark_dirty()

    def insert(self, index: int, member: Member) -> None:
        """Add a member at ``index`` (its key must be new to this container)."""
        self.live().insert(index, member)
        self._hint = index
        self.names.setdefault(member[KEY], member)
        if not self.dirty:
            self.mark_dirty()

    def position(self, member: Member) -> int:
        """The index of a member, looked for from the last insert on (as in source order)."""
        members = self.live()
        try:
            return members.index(member, self._hint)
        except ValueError:
            return members.index(member)

    def mark_dirty(self) -> None:
        """Re-render this container and every one holding it."""
        node: Container | None = self
        while node is not None and not node.dirty:
            node.dirty = True
            node = node.parent


def is_plural_object(node: object) -> bool:
    """Whether a value is an object of CLDR plural categories (with ``other``) and strings."""
    if not isinstance(node, Container):
        return False
    names = node.names
    return (
        node.is_object
        and "other" in names
        and len(names) <= len(CATEGORIES)
        and names.keys() <= CATEGORIES
        and all(member[VALUE].__class__ is str for member in node.live())
    )


def _row(key: str, value: Any, line: int | None, kind: str) -> EntryRow:
    """An entry row (every Entry field, in order) of key/value JSON."""
    return (key, value, None, None, None, True, line, kind)


def _canonical(value_text: str) -> str:
    """The JSON text of a value in one spelling (escapes and spacing normalised)."""
    return json.dumps(json.loads(value_text, object_pairs_hook=list), ensure_ascii=False)


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.rows: list[Any] = []
        self.places: list[Any] = []
        self.repeated: dict[str, int] = {}
        #: lines counted up to ``counted`` (offsets only grow while reading)
        self.line = 1
        self.counted = 0

    def error(self, message: str, offset: int) -> FormatError:
        """A FormatError at ``offset``, with its 1-based line and column."""
        line = self.text.count("\n", 0, offset) + 1
        column = offset - self.text.rfind("\n", 0, offset)
        return FormatError(message, path=self.path, line=line, column=column)

    def string(self, offset: int) -> tuple[str, int]:
        try:
            return _scanstring(self.text, offset + 1, True)
        except json.JSONDecodeError as error:
            raise self.error(f"invalid string: {error.msg}", error.pos) from None

    def value(
        self, offset: int, depth: int, parent: Container, prefix: str | None
    ) -> tuple[Any, int]:
        """The value at ``offset`` and where it ends; ``depth``: of its container."""
        text = self.text
        if offset >= len(text):
            raise self.error("unexpected end of file, expected a value", offset)
        char = text[offset]
        if char == '"':
            return self.string(offset)
        if char == "{" or char == "[":
            if depth >= MAX_DEPTH:
                raise self.error(f"nesting deeper than {MAX_DEPTH} levels", offset)
            node = self.container(offset, depth + 1, char == "{", parent, prefix)
            return node, node.end
        match = _SCALAR.match(text, offset)
        if match is None:
            raise self.error(f"unexpected character {char!r}, expected a value", offset)
        return None, match.end()

    def repeat(self, node: Container, first: Member, member: Member, prefix: str | None) -> None:
        """Refuse a repeated key, unless it repeats an equal value (a harmless copy)."""
        text = self.text
        first_text = text[first[VSTART] : first[VEND]]
        second_text = text[member[VSTART] : member[VEND]]
        if first_text != second_text and _canonical(first_text) != _canonical(second_text):
            raise self.error(
                f"duplicate key {member[KEY]!r} with a different value "
                f"(first defined on line {first[LINE]}); keep one of them",
                member[START],
            )
        node.copies.setdefault(id(first), [first]).append(member)
        if prefix is not None and first[VALUE].__class__ is Container:
            self.repeated[prefix + member[KEY]] = first[LINE]

    def container(
        self, offset: int, depth: int, is_object: bool, parent: Container | None, prefix: str | None
    ) -> Container:
        """The object or array at ``offset``; ``prefix``: the dotted path its entries'
        keys start with (None: it holds no entries)."""
        text = self.text
        node = Container(offset, is_object, parent)
        members, names, rows, places = node.members, node.names, self.rows, self.places
        if not is_object:
            prefix = None  # in an array, only a whole array of strings is an entry
        match_member = _MEMBER.match if is_object else _ITEM.match
        close = "}" if is_object else "]"
        mark = len(rows)
        #: where the rows of a child object start -> where they end (not this one's)
        inner_rows: dict[int, int] = {}
        lead = offset + 1
        cursor = _WHITESPACE.match(text, lead).end()  # type: ignore[union-attr]
        if text.startswith(close, cursor):
            node.tail, node.end = text[lead:cursor], cursor + 1
            return node
        line, counted = self.line, self.counted
        while True:
            line += text.count("\n", counted, cursor)
            counted = cursor
            match = match_member(text, cursor)
            if match is None:
                self.key_error(cursor)
            key, value, comma = match.group(1, 2, 3)  # type: ignore[union-attr]
            if not is_object:
                key = str(len(members))
            elif "\\" in key:
                key = self.string(cursor)[0]
            before = None
            if value is not None:  # the usual member: a string without escapes
                value_start, value_end = match.span(2)  # type: ignore[union-attr]
                value_start, value_end = value_start - 1, value_end + 1
            else:  # any other value, read on its own (rows read from ``before`` on)
                value_start, before = match.end(), len(rows)  # type: ignore[union-attr]
                self.line, self.counted = line, value_start
                inner = None if prefix is None else prefix + key + "."
                value, value_end = self.value(value_start, depth, node, inner)
            member = [key, value, lead, cursor, value_start, value_end, line, None, node]
            members.append(member)
            first = names.setdefault(key, member)
            if first is not member:
                if before is not None:  # a repeat holds no entries of its own
                    del rows[before:], places[before:]
                self.repeat(node, first, member, prefix)
            elif prefix is not None and before is not None:
                self.add_rows(member, prefix, before)
            elif prefix is not None:
                rows.append((prefix + key, value, None, None, None, True, line, "string"))
                places.append(member)
            if before is not None:
                line, counted = self.line, self.counted
                if value.__class__ is Container and len(rows) > before + 1:
                    inner_rows[before] = len(rows)
            lead = value_end
            if comma is not None:
                cursor = match.end()  # type: ignore[union-attr]
                continue
            separator = _SEPARATOR.match(text, value_end)
            if separator is not None and separator.group(1) == ",":
                cursor = separator.end()
                continue
            if separator is not None and separator.group(1) == close:
                node.tail = text[value_end : separator.start(1)]
                node.end = separator.end(1)
                self.line, self.counted = line, counted
                if prefix is not None and "_other\x00" in "\x00".join(names) + "\x00":
                    self.group_suffixes(node, prefix, mark, inner_rows)
                return node
            cursor = _WHITESPACE.match(text, value_end).end()  # type: ignore[union-attr]
            expected = "',' or '}'" if is_object else "',' or ']'"
            if cursor >= len(text):
                raise self.error(f"unexpected end of file, expected {expected}", cursor)
            raise self.error(f"expected {expected}", cursor)

    def key_error(self, cursor: int) -> None:
        text = self.text
        if not text.startswith('"', cursor):
            raise self.error("expected a quoted key", cursor)
        key, end = self.string(cursor)  # raises on a bad string
        after = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        raise self.error(f"expected ':' after key {key!r}", after)

    def add_rows(self, member: Member, prefix: str, before: int) -> None:
        """The entry of a member read with what it holds: a plural object or a string
        array replaces the rows read inside it (from ``before`` on)."""
        node = member[VALUE]
        if node.__class__ is str:  # a string with escapes
            self.rows.append(_row(prefix + member[KEY], node, member[LINE], "string"))
        elif is_plural_object(node):
            forms = sort_plural({form[KEY]: form[VALUE] for form in node.members})
            self.rows.append(_row(prefix + member[KEY], forms, member[LINE], "plural"))
        elif node.__class__ is Container and not node.is_object and node.members:
            if any(item[VALUE].__class__ is not str for item in node.members):
                return
            items = {item[KEY]: item[VALUE] for item in node.members}
            self.rows.append(_row(prefix + member[KEY], items, member[LINE], "array"))
        else:
            return  # no entry, or those read inside an object
        del self.rows[before:-1], self.places[before:]
        self.places.append(member)

    def group_suffixes(
        self, node: Container, prefix: str, mark: int, inner_rows: dict[int, int]
    ) -> None:
        """Turn the rows of each group of i18next plural forms of ``node`` (its rows start
        at ``mark``) into one plural row at the first form's place. A group: string
        members ``<base>_<category>``, an ``_other`` and one more, and no member ``<base>``."""
        groups: dict[str, list[Member]] = {}
        names = node.names
        for key, member in names.items():
            match = _SUFFIX.fullmatch(key)
            if match and member[VALUE].__class__ is str and match.group(1) not in names:
                groups.setdefault(match.group(1), []).append(member)
        rows, places = self.rows, self.places
        row_of, index = {}, mark  # the rows of this object's own members, by member
        while index < len(rows):
            if index in inner_rows:
                index = inner_rows[index]
                continue
            row_of[id(places[index])] = index
            index += 1
        for base, forms in groups.items():  # forms in file order, as ``names`` holds them
            if len(forms) < 2 or not any(form[KEY].endswith("_other") for form in forms):
                continue
            values = {form[KEY].rsplit("_", 1)[1]: form[VALUE] for form in forms}
            first = row_of[id(forms[0])]
            rows[first] = _row(prefix + base, sort_plural(values), forms[0][LINE], "plural")
            places[first] = tuple(forms)
            for form in forms[1:]:  # dropped once the whole file is read
                rows[row_of[id(form)]] = places[row_of[id(form)]] = None


def read_tree(
    path: str, text: str, *, entries: bool = False
) -> tuple[Container, list[EntryRow], list[Any], dict[str, int]]:
    """Read a JSON document whose top level is an object; FormatError on bad input.

    Gives the top-level object and, with ``entries``, for key/value JSON: the entry rows
    in file order, the member of each (a tuple of them for an i18next plural), and the
    dotted paths of repeated objects (entries inside are read-only) with their lines.
    """
    reader = _Reader(path, text)
    start = _WHITESPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("{", start):
        if start >= len(text):
            raise reader.error("file is empty, expected a JSON object", start)
        raise reader.error("expected a JSON object at the top level", start)
    root = reader.container(start, 1, True, None, "" if entries else None)
    rest = _WHITESPACE.match(text, root.end).end()  # type: ignore[union-attr]
    if rest < len(text):
        raise reader.error("unexpected text after the top-level object", rest)
    rows, places = reader.rows, reader.places
    if None in places:  # rows of i18next forms after the first
        rows, places = [row for row in rows if row], [place for place in places if place]
    return root, rows, places, reader.repeated
