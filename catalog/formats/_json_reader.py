"""Reading JSON text into a tree that keeps every value's span and every key's line.

The one reader of JSON and ARB files: it checks the syntax (errors with line and
column), refuses nesting deeper than :data:`MAX_DEPTH` and repeated keys with different
values, and builds the tree the editor changes and renders (``_json_edit``). Objects keep
their members in file order with the text between them, so an edited document
re-renders only the containers that changed.

>>> tree = read_tree("t.json", '{"a": "x",\\n "b": {"c": "y"}}')
>>> [(member.key, member.line) for member in tree.members]
[('a', 1), ('b', 2)]
>>> tree.members[1].value.members[0].value.value
'y'
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable, KeysView
from typing import cast

from catalog.base import FormatError

__all__ = [
    "MAX_DEPTH",
    "Container",
    "Member",
    "Node",
    "Opaque",
    "Scalar",
    "String",
    "position",
    "read_opaque",
    "read_tree",
]

#: Containers nested deeper than this are refused (real catalogs nest a few levels).
MAX_DEPTH = 64

# The C string scanner json.loads uses: decodes one literal and says where it ends.
_scanstring = cast(
    Callable[[str, int, bool], tuple[str, int]],
    json.decoder.scanstring,  # type: ignore[attr-defined]
)
_WHITESPACE = re.compile(r"[ \t\n\r]*+")
# The usual member in one match: a key and a string value, neither with an escape.
# Possessive: no part gives characters back, so a failed match costs its length once.
_PLAIN_MEMBER = re.compile(
    r'"([^"\\\x00-\x1f]*+)"[ \t\n\r]*+:[ \t\n\r]*+"([^"\\\x00-\x1f]*+)"([ \t\n\r]*+,[ \t\n\r]*+)?+'
)
_KEY = re.compile(r'"([^"\\\x00-\x1f]*+(?:\\.[^"\\\x00-\x1f]*+)*+)"[ \t\n\r]*+:[ \t\n\r]*+')
# A key without escapes whose value is an object or array.
_KEY_CONTAINER = re.compile(r'"([^"\\\x00-\x1f]*+)"[ \t\n\r]*+:[ \t\n\r]*+[{\[]')
_PLAIN_STRING = re.compile(r'"([^"\\\x00-\x1f]*+)"')
_SEPARATOR = re.compile(r"[ \t\n\r]*+([,}\]])[ \t\n\r]*+")
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][-+]?[0-9]++)?|true|false|null")


class Node:
    """A JSON value and its span ``start``..``end`` in the text (-1 when not in it)."""

    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end


class String(Node):
    """A string value, decoded; ``literal`` is its new text once edited."""

    __slots__ = ("literal", "value")

    def __init__(self, start: int, end: int, value: str, literal: str | None = None) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.literal = literal


class Scalar(Node):
    """A number, true, false or null (never edited, kept as written)."""

    __slots__ = ()


class Opaque(Node):
    """An object read whole by the C ``json`` scanner (checked as strictly as the rest):
    a leaf whose ``data`` is its decoded value, kept as written. Used for subtrees that
    hold no entry (ARB ``@key`` metadata); :func:`read_opaque` reads one as a
    :class:`Container` when an edit goes inside it. One the editor made has no span
    and its text in ``literal``."""

    __slots__ = ("data", "literal")

    def __init__(
        self, start: int, end: int, data: dict[str, object], literal: str | None = None
    ) -> None:
        self.start = start
        self.end = end
        self.data = data
        self.literal = literal


class _NotPlain(Exception):
    """An opaque candidate the C scanner would read otherwise (left to the reader)."""


def _unique_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _NotPlain  # a repeated key: the reader accepts equal copies or says which
    return data


def _no_constant(name: str) -> object:
    raise _NotPlain  # NaN, Infinity: not JSON


# (text, offset) -> (value, end): the C scanner json.loads uses (StopIteration when no
# value starts at offset)
_decode_object = cast(
    Callable[[str, int], tuple[dict[str, object], int]],
    json.scanner.make_scanner(
        json.JSONDecoder(  # type: ignore[arg-type]  # typeshed: make_scanner takes a context
            object_pairs_hook=_unique_pairs, parse_constant=_no_constant
        )
    ),
)


class Member:
    """An object member or array element.

    ``lead`` is the text between the previous value (or the opening bracket) and this
    member, e.g. ``',\\n    '``; ``head`` is the key, colon and spaces (empty in arrays);
    ``line`` the 1-based line of the key (of the value, in an array; None when new).
    """

    __slots__ = ("copies", "first", "head", "key", "lead", "line", "shadow", "value")

    def __init__(
        self,
        key: str,
        value: Node,
        lead: str,
        head: str,
        first: bool = False,
        line: int | None = None,
    ) -> None:
        self.key = key
        self.value = value
        self.lead = lead
        self.head = head
        self.first = first
        self.line = line
        #: later members with the same key and an equal value (kept in sync on edits)
        self.copies: tuple[Member, ...] = ()
        #: this member repeats an earlier one (see ``copies``) and is not an entry of its own
        self.shadow = False


class Container(Node):
    """An object (``is_object``) or array, with its members and closing ``tail`` text."""

    __slots__ = (
        "_by_key",
        "_last_insert",
        "_members",
        "_removed",
        "_repeats",
        "dirty",
        "indent",
        "is_object",
        "parent",
        "tail",
    )

    def __init__(
        self,
        start: int,
        end: int,
        is_object: bool,
        parent: Container | None = None,
        *,
        dirty: bool = False,
        indent: str = "",
    ) -> None:
        self.start = start
        self.end = end
        self.is_object = is_object
        #: the container holding this one (None for the top level)
        self.parent = parent
        self._members: list[Member] = []
        #: members removed since ``members`` was last asked for (dropped then, in one pass)
        self._removed: dict[int, Member] | None = None
        #: the editor added a member under a key another member has
        self._repeats = False
        self.tail = ""
        #: set by the editor when members were added, removed or replaced below
        self.dirty = dirty
        #: the line indentation of a container the editor created (it has no span)
        self.indent = indent
        self._by_key: dict[str, Member] | None = None
        #: where the last member was inserted (where ``position`` starts looking)
        self._last_insert = 0

    @property
    def members(self) -> list[Member]:
        """The members in file order."""
        if self._removed:
            removed = self._removed
            self._members = [member for member in self._members if id(member) not in removed]
            self._removed = None
        return self._members

    @members.setter
    def members(self, members: list[Member]) -> None:
        self._members = members
        self._removed = None
        self._by_key = None

    def remove(self, members: list[Member]) -> None:
        """Remove members: noted here, dropped from the list in one pass when it is next
        asked for, so a loop of removals stays linear."""
        removed = self._removed
        if removed is None:
            removed = self._removed = {}
        by_key = self._by_key
        for member in members:
            removed[id(member)] = member  # kept alive: its id is not reused meanwhile
            if by_key is not None and by_key.get(member.key) is member:
                del by_key[member.key]
        if self._repeats:  # another member may now be the first with that key
            self._by_key = None

    def insert(self, index: int, member: Member) -> None:
        """Add a member (use this, not ``members.insert``: it keeps the key index right)."""
        members = self.members
        if index >= len(members):
            index = len(members)
            members.append(member)
        else:
            members.insert(index, member)
        self._last_insert = index
        by_key = self._by_key
        if by_key is not None and not member.shadow:
            if member.key not in by_key:
                by_key[member.key] = member
            else:
                self._repeats = True
                if index < len(members) - 1:  # it may come before the one indexed
                    self._by_key = None

    def position(self, member: Member) -> int:
        """The index of a member, looked for from the last insert on (so inserts placed
        one after another, as in source order, each find their anchor in a few steps)."""
        members = self.members
        start = min(self._last_insert, len(members))
        try:
            return members.index(member, start)
        except ValueError:
            return members.index(member, 0, start)

    def member(self, key: str) -> Member | None:
        """The first member with this key that is not a repeat."""
        by_key = self._by_key
        return (self._index() if by_key is None else by_key).get(key)

    def names(self) -> KeysView[str]:
        """The distinct keys of the members."""
        by_key = self._by_key
        return (self._index() if by_key is None else by_key).keys()

    def _index(self) -> dict[str, Member]:
        if self._by_key is None:
            by_key: dict[str, Member] = {}
            for member in self.members:
                if not member.shadow and by_key.setdefault(member.key, member) is not member:
                    self._repeats = True
            self._by_key = by_key
        return self._by_key

    def mark_dirty(self) -> None:
        """Re-render this container and every one holding it (a dirty container's holders
        are dirty already)."""
        node: Container | None = self
        while node is not None and not node.dirty:
            node.dirty = True
            node = node.parent

    def __repr__(self) -> str:
        return f"Container({self.start}, {self.end}, is_object={self.is_object})"


def _canonical(value_text: str) -> str:
    """The JSON text of a value in one spelling (escapes and spacing normalised)."""
    return json.dumps(json.loads(value_text, object_pairs_hook=list), ensure_ascii=False)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset``.

    >>> position('{\\n  "a": 1}', 4)
    (2, 3)
    """
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class _Reader:
    def __init__(self, path: str, text: str, opaque_prefix: str | None = None) -> None:
        self.path = path
        self.text = text
        #: top-level keys starting with this, holding an object, are read as Opaque
        self.opaque_prefix = opaque_prefix
        #: lines counted up to ``counted`` (offsets only grow while reading)
        self.line = 1
        self.counted = 0

    def error(self, message: str, offset: int) -> FormatError:
        line, column = position(self.text, offset)
        return FormatError(message, path=self.path, line=line, column=column)

    def value(self, offset: int, depth: int, parent: Container) -> Node:
        text = self.text
        if offset >= len(text):
            raise self.error("unexpected end of file, expected a value", offset)
        char = text[offset]
        if char == '"':
            return self.string(offset)
        if char == "{" or char == "[":
            if depth >= MAX_DEPTH:
                raise self.error(f"nesting deeper than {MAX_DEPTH} levels", offset)
            return self.container(offset, depth + 1, char == "{", parent)
        match = _SCALAR.match(text, offset)
        if match is None:
            raise self.error(f"unexpected character {char!r}, expected a value", offset)
        return Scalar(offset, match.end())

    def string(self, offset: int) -> String:
        try:
            value, end = _scanstring(self.text, offset + 1, True)
        except json.JSONDecodeError as error:
            raise self.error(f"invalid string: {error.msg}", error.pos) from None
        return String(offset, end, value)

    def repeat(self, first: Member, member: Member, offset: int) -> None:
        """Refuse a repeated key, unless it repeats an equal value (a harmless copy)."""
        text = self.text
        first_text = text[first.value.start : first.value.end]
        second_text = text[member.value.start : member.value.end]
        if first_text != second_text and _canonical(first_text) != _canonical(second_text):
            first_line = position(text, first.value.start)[0]
            raise self.error(
                f"duplicate key {member.key!r} with a different value "
                f"(first defined on line {first_line}); keep one of them",
                offset,
            )
        member.shadow = True
        first.copies = (*first.copies, member)

    def key(self, cursor: int) -> tuple[str, int]:
        """A member's key and where its value starts (past the colon)."""
        match = _KEY.match(self.text, cursor)
        if match is None:
            if not self.text.startswith('"', cursor):
                raise self.error("expected a quoted key", cursor)
            key_node = self.string(cursor)  # raises on a bad string
            after = _WHITESPACE.match(self.text, key_node.end).end()  # type: ignore[union-attr]
            raise self.error(f"expected ':' after key {key_node.value!r}", after)
        raw = match.group(1)
        key = self.string(cursor).value if "\\" in raw else raw
        return key, match.end()

    def opaque(self, offset: int, depth: int, parent: Container) -> Node:
        """The value at ``offset`` as an Opaque leaf, read by the C scanner; anything it
        would read differently (a repeated key, NaN, deep nesting, an error to report
        with its line) is read by :meth:`container` instead."""
        text = self.text
        if text[offset] == "{":
            try:
                data, end = _decode_object(text, offset)
            except (ValueError, RecursionError, StopIteration, _NotPlain):
                pass
            else:
                # brackets (some maybe inside strings) bound the nesting from above
                if text.count("{", offset, end) + text.count("[", offset, end) < MAX_DEPTH - depth:
                    return Opaque(offset, end, data)
        return self.container(offset, depth, text[offset] == "{", parent)

    def container(
        self, offset: int, depth: int, is_object: bool, parent: Container | None
    ) -> Container:
        text = self.text
        close = "}" if is_object else "]"
        node = Container(offset, offset, is_object, parent)
        members = node._members
        add = members.append
        seen: dict[str, Member] = {}
        previous_end = offset + 1
        cursor = _WHITESPACE.match(text, previous_end).end()  # type: ignore[union-attr]
        if text.startswith(close, cursor):
            node.tail = text[previous_end:cursor]
            node.end = cursor + 1
            node._by_key = seen
            return node
        plain_member = _PLAIN_MEMBER.match
        separator_match = _SEPARATOR.match
        count = text.count
        line = self.line + count("\n", self.counted, cursor)
        counted = cursor
        while True:
            line += count("\n", counted, cursor)
            counted = cursor
            key_line = line
            value: Node
            if is_object:
                match = plain_member(text, cursor)
                if match is not None:
                    key, string, comma = match.group(1, 2, 3)
                    end = match.end()
                    if comma is not None:  # a member follows: the separator is read
                        value_end = end - len(comma)
                        start = value_end - len(string) - 2
                        lead = text[previous_end:cursor]
                        member = Member(
                            key,
                            String(start, value_end, string),
                            lead,
                            text[cursor:start],
                            not members,
                            line,
                        )
                        if seen.setdefault(key, member) is not member:
                            self.repeat(seen[key], member, cursor)
                        add(member)
                        previous_end = value_end
                        cursor = end
                        continue
                    start = end - len(string) - 2
                    value = String(start, end, string)
                else:
                    self.line, self.counted = line, cursor
                    match = _KEY_CONTAINER.match(text, cursor)
                    if match is not None and depth < MAX_DEPTH:  # the usual nested object
                        key = match.group(1)
                        start = match.end() - 1
                        prefix = self.opaque_prefix
                        if prefix is not None and depth == 1 and key.startswith(prefix):
                            value = self.opaque(start, depth + 1, node)
                        else:
                            value = self.container(start, depth + 1, text[start] == "{", node)
                    else:
                        key, start = self.key(cursor)
                        value = self.value(start, depth, node)
                    line, counted = self.line, self.counted
            else:
                key, start = str(len(members)), cursor
                match = _PLAIN_STRING.match(text, cursor)
                if match is not None:
                    value = String(cursor, match.end(), match.group(1))
                else:
                    self.line, self.counted = line, cursor
                    value = self.value(cursor, depth, node)
                    line, counted = self.line, self.counted
            lead = text[previous_end:cursor]
            member = Member(key, value, lead, text[cursor:start], not members, key_line)
            if is_object:
                first = seen.get(key)
                if first is None:
                    seen[key] = member
                else:
                    self.repeat(first, member, cursor)
            add(member)
            previous_end = value.end
            separator = separator_match(text, previous_end)
            if separator is not None:
                mark = separator.group(1)
                if mark == ",":
                    cursor = separator.end()
                    continue
                if mark == close:
                    node.tail = text[previous_end : separator.start(1)]
                    node.end = separator.end(1)
                    if is_object:
                        node._by_key = seen
                    self.line, self.counted = line, counted
                    return node
            cursor = _WHITESPACE.match(text, previous_end).end()  # type: ignore[union-attr]
            expected = "',' or '}'" if is_object else "',' or ']'"
            if cursor >= len(text):
                raise self.error(f"unexpected end of file, expected {expected}", cursor)
            raise self.error(f"expected {expected}", cursor)


def read_tree(path: str, text: str, opaque_prefix: str | None = None) -> Container:
    """Read a JSON document whose top level is an object; FormatError on bad input.

    ``opaque_prefix``: top-level members whose key starts with it and whose value is an
    object are read as :class:`Opaque` leaves (ARB's ``@key`` metadata).
    """
    reader = _Reader(path, text, opaque_prefix)
    start = _WHITESPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("{", start):
        if start >= len(text):
            raise reader.error("file is empty, expected a JSON object", start)
        raise reader.error("expected a JSON object at the top level", start)
    root = reader.container(start, 1, True, None)
    rest = _WHITESPACE.match(text, root.end).end()  # type: ignore[union-attr]
    if rest < len(text):
        raise reader.error("unexpected text after the top-level object", rest)
    return root


def read_opaque(path: str, text: str, member: Member, parent: Container) -> Container:
    """The object of a top-level member read as :class:`Opaque`, read as a container
    (by the same reader, the same way as at load) for an edit inside it."""
    node = member.value
    reader = _Reader(path, text)
    reader.line = (member.line or 1) + member.head.count("\n")
    reader.counted = node.start
    return reader.container(node.start, 2, True, parent)
