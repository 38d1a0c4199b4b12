"""Reading JSON text, in one pass, into containers that keep every member's span and
into the key/value entries they hold.

The one reader of JSON and ARB files: it checks the syntax (errors with line and
column), refuses nesting deeper than :data:`MAX_DEPTH` and repeated keys with different
values, and keeps, per object or array, its members in file order as small lists (see
:data:`KEY` ... :data:`HOLDER`), which the editor changes and renders (``_json_document``).
For key/value JSON it builds the entry rows in the same pass: dotted keys of nested
objects, plural objects, i18next suffix groups and string arrays.

>>> tree = read_tree("t.json", '{"a": "x",\\n "b": {"c": "y"}}', entries=True)
>>> [(member[KEY], member[LINE]) for member in tree.root.members]
[('a', 1), ('b', 2)]
>>> [(row[0], row[1], row[6]) for row in tree.rows]
[('a', 'x', 1), ('b.c', 'y', 2)]
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable
from typing import Any, NamedTuple, cast

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
    "Tree",
    "is_plural_object",
    "position",
    "read_container",
    "read_tree",
]

#: Containers nested deeper than this are refused (real catalogs nest a few levels).
MAX_DEPTH = 64
CATEGORIES = frozenset(PLURAL_CATEGORIES)

#: A member is a list (made in one step, many thousands per file) of these fields:
#: its key (the index, in an array); its value: the decoded string, a
#: :class:`Container`, a dict (an ARB metadata object read whole by the C scanner) or
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
_PLAIN_STRING = re.compile(r'"([^"\\\x00-\x1f]*+)"')
_SEPARATOR = re.compile(r"[ \t\n\r]*+([,}\]])[ \t\n\r]*+")
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][-+]?[0-9]++)?|true|false|null")
_SUFFIX = re.compile(r"(.+)_(zero|one|two|few|many|other)")


class Container:
    """An object (``is_object``) or array: its members in file order, the first member
    with each key (``names``), and the span ``start``..``end`` (-1 for a new one)."""

    __slots__ = (
        "_hint",
        "_removed",
        "copies",
        "dirty",
        "end",
        "indent",
        "is_object",
        "members",
        "names",
        "parent",
        "start",
        "tail",
    )

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
        """The members, those removed since the last call dropped in one pass (so a loop
        of removals stays linear)."""
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
        for copy in self.with_copies(member):
            self._removed.add(id(copy))
        if self.names.get(member[KEY]) is member:
            del self.names[member[KEY]]
        self.mark_dirty()

    def insert(self, index: int, member: Member) -> None:
        """Add a member at ``index`` (its key must be new to this container)."""
        members = self.live()
        members.insert(index, member)
        self._hint = index
        self.names.setdefault(member[KEY], member)
        self.mark_dirty()

    def position(self, member: Member) -> int:
        """The index of a member, looked for from the last insert on (inserts placed one
        after another, as in source order, each find their anchor in a few steps)."""
        members = self.live()
        start = min(self._hint, len(members))
        for index in range(start, len(members)):
            if members[index] is member:
                return index
        return next(index for index in range(start) if members[index] is member)

    def mark_dirty(self) -> None:
        """Re-render this container and every one holding it."""
        node: Container | None = self
        while node is not None and not node.dirty:
            node.dirty = True
            node = node.parent


def is_plural_object(node: object) -> bool:
    """Whether a value is an object of CLDR plural categories (with ``other``) and strings."""
    if node.__class__ is not Container:
        return False
    assert isinstance(node, Container)
    names = node.names
    return (
        node.is_object
        and "other" in names
        and len(names) <= len(CATEGORIES)
        and names.keys() <= CATEGORIES
        and all(member[VALUE].__class__ is str for member in node.live())
    )


def _suffix_groups(node: Container) -> dict[str, list[Member]]:
    """i18next plural groups of an object: base key -> form members (an ``_other`` and at
    least one more form, with no plain member named like the base)."""
    groups: dict[str, list[Member]] = {}
    names = node.names
    for key, member in names.items():
        match = _SUFFIX.fullmatch(key)
        if match and member[VALUE].__class__ is str and match.group(1) not in names:
            groups.setdefault(match.group(1), []).append(member)
    return {
        base: forms
        for base, forms in groups.items()
        if len(forms) >= 2 and any(form[KEY].endswith("_other") for form in forms)
    }


def _canonical(value_text: str) -> str:
    """The JSON text of a value in one spelling (escapes and spacing normalised)."""
    return json.dumps(json.loads(value_text, object_pairs_hook=list), ensure_ascii=False)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset``.

    >>> position('{\\n  "a": 1}', 4)
    (2, 3)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


class _NotPlain(Exception):
    """Metadata the C scanner would read otherwise than the reader (left to the reader)."""


def _unique_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _NotPlain  # a repeated key: the reader accepts equal copies or says which
    return data


def _no_constant(name: str) -> object:
    raise _NotPlain  # NaN, Infinity: not JSON


# (text, offset) -> (value, end): the C scanner json.loads uses
_decode_object = cast(
    Callable[[str, int], tuple[dict[str, object], int]],
    json.scanner.make_scanner(
        json.JSONDecoder(  # type: ignore[arg-type]  # typeshed: make_scanner takes a context
            object_pairs_hook=_unique_pairs, parse_constant=_no_constant
        )
    ),
)


class Tree(NamedTuple):
    """What one read gives: the top-level object, and for key/value JSON the entry rows
    in file order with, for each, its member (a tuple of them for an i18next plural)."""

    root: Container
    rows: list[EntryRow]
    places: list[Member | tuple[Member, ...]]
    #: dotted path of an object that is repeated (entries inside are read-only) -> line
    repeated: dict[str, int]


class _Reader:
    def __init__(self, path: str, text: str, opaque_prefix: str | None) -> None:
        self.path = path
        self.text = text
        #: top-level keys starting with this, holding an object, are read by the C scanner
        self.opaque_prefix = opaque_prefix
        self.rows: list[Any] = []
        self.places: list[Any] = []
        self.repeated: dict[str, int] = {}
        #: lines counted up to ``counted`` (offsets only grow while reading)
        self.line = 1
        self.counted = 0

    def error(self, message: str, offset: int) -> FormatError:
        line, column = position(self.text, offset)
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

    def opaque(self, offset: int, depth: int, parent: Container) -> tuple[Any, int]:
        # ``depth``: of the container holding the value (as for ``value``)
        """An object read by the C scanner as a dict, when it reads it as this reader
        would (no repeated key, NaN or deep nesting), else read as a container."""
        text = self.text
        if text[offset] == "{":
            try:
                data, end = _decode_object(text, offset)
            except (ValueError, RecursionError, StopIteration, _NotPlain):
                pass
            else:
                # brackets (some maybe inside strings) bound the nesting from above
                if (
                    text.count("{", offset, end) + text.count("[", offset, end)
                    < MAX_DEPTH - depth - 1
                ):
                    return data, end
        return self.value(offset, depth, parent, None)

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
        if not is_object:
            prefix = None  # entries in arrays: only a whole array of strings (one entry)
        members, names = node.members, node.names
        rows, places = self.rows, self.places
        close = "}" if is_object else "]"
        mark = len(rows)
        lead = offset + 1
        cursor = _WHITESPACE.match(text, lead).end()  # type: ignore[union-attr]
        if text.startswith(close, cursor):
            node.tail = text[lead:cursor]
            node.end = cursor + 1
            return node
        line = self.line + text.count("\n", self.counted, cursor)
        counted = cursor
        append = members.append
        while True:
            line += text.count("\n", counted, cursor)
            counted = cursor
            if is_object:
                match = _MEMBER.match(text, cursor)
                if match is None:
                    self.key_error(cursor)
                key, value, comma = match.group(1, 2, 3)  # type: ignore[union-attr]
                if "\\" in key:
                    key = self.string(cursor)[0]
                if value is None:  # not a string without escapes: read on its own
                    value_start = match.end()  # type: ignore[union-attr]
                    value_end = self.member(
                        node, key, value_start, lead, cursor, line, depth, prefix
                    )
                    line, counted, lead = self.line, self.counted, value_end
                else:  # the usual member, read in one match with the comma after it
                    value_start, value_end = match.span(2)  # type: ignore[union-attr]
                    member = [
                        key,
                        value,
                        lead,
                        cursor,
                        value_start - 1,
                        value_end + 1,
                        line,
                        None,
                        node,
                    ]
                    append(member)
                    if names.setdefault(key, member) is not member:
                        self.repeat(node, names[key], member, None)
                    elif prefix is not None:
                        rows.append((prefix + key, value, None, None, None, True, line, "string"))
                        places.append(member)
                    lead = value_end = value_end + 1
                    if comma is not None:
                        cursor = match.end()  # type: ignore[union-attr]
                        continue
            else:
                match = _PLAIN_STRING.match(text, cursor)
                if match is not None:
                    value, value_end = match.group(1), match.end()
                else:
                    self.line, self.counted = line, cursor
                    value, value_end = self.value(cursor, depth, node, None)
                append(
                    [str(len(members)), value, lead, cursor, cursor, value_end, line, None, node]
                )
                if match is None:
                    line, counted = self.line, self.counted
                lead = value_end
            separator = _SEPARATOR.match(text, value_end)
            if separator is not None and separator.group(1) == ",":
                cursor = separator.end()
                continue
            if separator is not None and separator.group(1) == close:
                node.tail = text[value_end : separator.start(1)]
                node.end = separator.end(1)
                self.line, self.counted = line, counted
                if prefix is not None and "_other\x00" in "\x00".join(names) + "\x00":
                    self.group_suffixes(node, prefix, mark)
                return node
            cursor = _WHITESPACE.match(text, value_end).end()  # type: ignore[union-attr]
            expected = "',' or '}'" if is_object else "',' or ']'"
            if cursor >= len(text):
                raise self.error(f"unexpected end of file, expected {expected}", cursor)
            raise self.error(f"expected {expected}", cursor)

    def member(
        self,
        node: Container,
        key: str,
        value_start: int,
        lead: int,
        cursor: int,
        line: int,
        depth: int,
        prefix: str | None,
    ) -> int:
        """Read an object's member whose value is not a plain string (from
        ``value_start``), with its entries; where its value ends."""
        rows, places = self.rows, self.places
        before = len(rows)  # rows read from here on are this member's
        self.line, self.counted = line, value_start
        opaque = self.opaque_prefix
        if opaque is not None and depth == 1 and key.startswith(opaque):
            value, value_end = self.opaque(value_start, depth, node)
        else:
            child_prefix = None if prefix is None else prefix + key + "."
            value, value_end = self.value(value_start, depth, node, child_prefix)
        member = [key, value, lead, cursor, value_start, value_end, line, None, node]
        node.members.append(member)
        first = node.names.setdefault(key, member)
        if first is not member:
            del rows[before:], places[before:]  # a repeat holds no entries of its own
            self.repeat(node, first, member, prefix)
        elif prefix is not None:
            self.add_rows(member, prefix, before)
        return value_end

    def key_error(self, cursor: int) -> None:
        text = self.text
        if not text.startswith('"', cursor):
            raise self.error("expected a quoted key", cursor)
        key, end = self.string(cursor)  # raises on a bad string
        after = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        raise self.error(f"expected ':' after key {key!r}", after)

    def add_rows(self, member: Member, prefix: str, before: int) -> None:
        """The entry of a member just read: a string, a plural object or a string array
        (whose rows, from ``before`` on, it replaces); those read inside an object stand."""
        value = member[VALUE]
        if value.__class__ is str:
            self.rows.append(
                (prefix + member[KEY], value, None, None, None, True, member[LINE], "string")
            )
            self.places.append(member)
            return
        if value.__class__ is not Container:
            return
        if value.is_object and not is_plural_object(value):
            return  # its entries were read with it
        if value.is_object:
            kind = "plural"
            forms = sort_plural({form[KEY]: form[VALUE] for form in value.members})
        elif value.members and all(item[VALUE].__class__ is str for item in value.members):
            kind, forms = "array", {item[KEY]: item[VALUE] for item in value.members}
        else:
            return
        del self.rows[before:], self.places[before:]
        self.rows.append((prefix + member[KEY], forms, None, None, None, True, member[LINE], kind))
        self.places.append(member)

    def group_suffixes(self, node: Container, prefix: str, mark: int) -> None:
        """Turn the rows of i18next plural forms of ``node`` into one plural row each, at
        the first form's place (rows of ``node`` start at ``mark``)."""
        groups = _suffix_groups(node)
        if not groups:
            return
        rows, places = self.rows, self.places
        row_of = {id(places[index]): index for index in range(mark, len(rows))}
        dropped: set[int] = set()
        for base, forms in groups.items():  # forms in file order, as ``names`` holds them
            values = {form[KEY].rsplit("_", 1)[1]: form[VALUE] for form in forms}
            first = row_of[id(forms[0])]
            line = forms[0][LINE]
            rows[first] = (
                prefix + base,
                sort_plural(values),
                None,
                None,
                None,
                True,
                line,
                "plural",
            )
            places[first] = tuple(forms)
            dropped.update(row_of[id(form)] for form in forms[1:])
        kept = [index for index in range(mark, len(rows)) if index not in dropped]
        rows[mark:] = [rows[index] for index in kept]
        places[mark:] = [places[index] for index in kept]


def read_tree(
    path: str, text: str, *, entries: bool = False, opaque_prefix: str | None = None
) -> Tree:
    """Read a JSON document whose top level is an object; FormatError on bad input.

    ``entries``: build key/value JSON entry rows; ``opaque_prefix``: top-level members
    whose key starts with it and whose value is an object are read whole as dicts by the
    C scanner (ARB's ``@key`` metadata: see :func:`read_container` for editing one).
    """
    reader = _Reader(path, text, opaque_prefix)
    start = _WHITESPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("{", start):
        if start >= len(text):
            raise reader.error("file is empty, expected a JSON object", start)
        raise reader.error("expected a JSON object at the top level", start)
    root = reader.container(start, 1, True, None, "" if entries else None)
    rest = _WHITESPACE.match(text, root.end).end()  # type: ignore[union-attr]
    if rest < len(text):
        raise reader.error("unexpected text after the top-level object", rest)
    return Tree(root, reader.rows, reader.places, reader.repeated)


def read_container(path: str, text: str, member: Member) -> Container:
    """The value of a member read as a dict by the C scanner, read as a container (by
    the same reader, the same way as at load) for an edit inside it."""
    reader = _Reader(path, text, None)
    reader.line = member[LINE] + text.count("\n", member[START], member[VSTART])
    reader.counted = member[VSTART]
    return reader.container(member[VSTART], 2, True, member[HOLDER], None)
