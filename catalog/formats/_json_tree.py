"""A JSON parser that keeps the character span of every value, for byte-exact edits.

Objects keep their members in file order with the text between them, so an edited
document re-renders only the containers that changed. Duplicate keys and excessive
nesting are refused with the line and column where they occur.

>>> tree = parse_tree("t.json", '{"a": "x", "b": {"c": "y"}}')
>>> [member.key for member in tree.members]
['a', 'b']
>>> tree.members[1].value.members[0].value.value
'y'
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from catalog.base import FormatError

__all__ = [
    "MAX_DEPTH",
    "Container",
    "LineIndex",
    "Member",
    "Node",
    "Scalar",
    "String",
    "parse_tree",
    "position",
]

#: Containers nested deeper than this are refused (real catalogs nest a few levels).
MAX_DEPTH = 64

# The C string scanner json.loads uses: decodes one literal and says where it ends.
_scanstring = cast(
    Callable[[str, int, bool], tuple[str, int]],
    json.decoder.scanstring,  # type: ignore[attr-defined]
)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# Fast paths: a key with its colon, a string without escapes, what follows a value.
_KEY = re.compile(r'"([^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*)"[ \t\n\r]*:[ \t\n\r]*')
_PLAIN_STRING = re.compile(r'"([^"\\\x00-\x1f]*)"')
_SEPARATOR = re.compile(r"[ \t\n\r]*([,}\]])[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")


@dataclass(eq=False)
class Node:
    """A JSON value and its span ``start``..``end`` in the text."""

    start: int
    end: int


@dataclass(eq=False)
class String(Node):
    """A string value, decoded; ``literal`` is its new text once edited."""

    value: str
    literal: str | None = None


@dataclass(eq=False)
class Scalar(Node):
    """A number, true, false or null (never edited, kept as written)."""


@dataclass(eq=False)
class Member:
    """An object member or array element.

    ``lead`` is the text between the previous value (or the opening bracket) and this
    member, e.g. ``',\\n    '``; ``head`` is the key, colon and spaces (empty in arrays).
    """

    key: str
    value: Node
    lead: str
    head: str
    first: bool = False
    #: later members with the same key and an equal value (kept in sync on edits)
    copies: list[Member] = field(default_factory=list)
    #: this member repeats an earlier one (see ``copies``) and is not an entry of its own
    shadow: bool = False


class Container(Node):
    """An object (``is_object``) or array, with its members and closing ``tail`` text.

    A container read lazily has its members parsed on first access (``loader``).
    """

    def __init__(
        self,
        start: int,
        end: int,
        is_object: bool,
        *,
        dirty: bool = False,
        indent: str = "",
        loader: Callable[[Container], None] | None = None,
    ) -> None:
        super().__init__(start, end)
        self.is_object = is_object
        self._members: list[Member] | None = None if loader else []
        self.tail = ""
        #: set by the editor when members were added, removed or replaced below
        self.dirty = dirty
        #: the line indentation of a container the editor created (it has no span)
        self.indent = indent
        self._loader = loader
        self._by_key: dict[str, Member] | None = None
        #: where the last member was inserted (where ``position`` starts looking)
        self._last_insert = 0

    @property
    def members(self) -> list[Member]:
        if self._members is None:
            assert self._loader is not None
            self._loader(self)
            assert self._members is not None
        return self._members

    @members.setter
    def members(self, members: list[Member]) -> None:
        self._members = members
        self._by_key = None

    def insert(self, index: int, member: Member) -> None:
        """Add a member (use this, not ``members.insert``: it keeps the key index right)."""
        members = self.members
        members.insert(index, member)
        self._last_insert = min(index, len(members) - 1)
        by_key = self._by_key
        if by_key is not None and not member.shadow:
            if member.key not in by_key:
                by_key[member.key] = member
            elif index < len(members) - 1:  # it may come before the one indexed
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
        """The first member with this key that is not a repeat (indexed on first use)."""
        if self._by_key is None:
            by_key: dict[str, Member] = {}
            for member in self.members:
                if not member.shadow:
                    by_key.setdefault(member.key, member)
            self._by_key = by_key
        return self._by_key.get(key)

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


_DECODER = json.JSONDecoder()


class _Parser:
    def __init__(self, path: str, text: str, *, lazy: bool = False) -> None:
        self.path = path
        self.text = text
        #: nested containers get their members parsed on first access (valid JSON only)
        self.lazy = lazy

    def fill(self, container: Container) -> None:
        """Parse the members of a lazily read container."""
        parsed = self.container(container.start, 0, is_object=container.is_object)
        container.members = parsed.members
        container.tail = parsed.tail

    def error(self, message: str, offset: int) -> FormatError:
        line, column = position(self.text, offset)
        return FormatError(message, path=self.path, line=line, column=column)

    def skip(self, offset: int) -> int:
        match = _WHITESPACE.match(self.text, offset)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    def value(self, offset: int, depth: int) -> Node:
        text = self.text
        if offset >= len(text):
            raise self.error("unexpected end of file, expected a value", offset)
        char = text[offset]
        if char == '"':
            return self.string(offset)
        if char == "{" or char == "[":
            if depth >= MAX_DEPTH:
                raise self.error(f"nesting deeper than {MAX_DEPTH} levels", offset)
            return self.container(offset, depth + 1, is_object=char == "{")
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

    def check_duplicate(self, seen: dict[str, Member], member: Member, offset: int) -> None:
        """Refuse a repeated key, unless it repeats an equal value (a harmless copy)."""
        first = seen.get(member.key)
        if first is None:
            seen[member.key] = member
            return
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
        first.copies.append(member)

    def key(self, cursor: int) -> tuple[str, int]:
        """A member's key and where its value starts (past the colon)."""
        match = _KEY.match(self.text, cursor)
        if match is None:
            if not self.text.startswith('"', cursor):
                raise self.error("expected a quoted key", cursor)
            key_node = self.string(cursor)  # raises on a bad string
            after = self.skip(key_node.end)
            raise self.error(f"expected ':' after key {key_node.value!r}", after)
        raw = match.group(1)
        key = self.string(cursor).value if "\\" in raw else raw
        return key, match.end()

    def container(self, offset: int, depth: int, *, is_object: bool) -> Container:
        text = self.text
        close = "}" if is_object else "]"
        node = Container(offset, offset, is_object)
        members = node.members
        seen: dict[str, Member] = {}
        previous_end = offset + 1
        cursor = _WHITESPACE.match(text, previous_end).end()  # type: ignore[union-attr]
        if text.startswith(close, cursor):
            node.tail = text[previous_end:cursor]
            node.end = cursor + 1
            return node
        while True:
            lead_end = cursor
            if is_object:
                key, cursor = self.key(cursor)
            else:
                key = str(len(members))
            match = _PLAIN_STRING.match(text, cursor)
            if match is not None:
                value: Node = String(cursor, match.end(), match.group(1))
            elif self.lazy and text[cursor] in "{[":
                end = _DECODER.raw_decode(text, cursor)[1]
                value = Container(cursor, end, text[cursor] == "{", loader=self.fill)
            else:
                value = self.value(cursor, depth)
            member = Member(
                key,
                value,
                lead=text[previous_end:lead_end],
                head=text[lead_end:cursor],
                first=not members,
            )
            if is_object:
                if key in seen:
                    self.check_duplicate(seen, member, lead_end)
                else:
                    seen[key] = member
            members.append(member)
            previous_end = value.end
            separator = _SEPARATOR.match(text, previous_end)
            if separator is not None and separator.group(1) == ",":
                cursor = separator.end()
                continue
            if separator is not None and separator.group(1) == close:
                node.tail = text[previous_end : separator.start(1)]
                node.end = separator.end(1)
                return node
            cursor = self.skip(previous_end)
            expected = "',' or '}'" if is_object else "',' or ']'"
            if cursor >= len(text):
                raise self.error(f"unexpected end of file, expected {expected}", cursor)
            raise self.error(f"expected {expected}", cursor)


def parse_tree(path: str, text: str, *, lazy: bool = False) -> Container:
    """Parse a JSON document whose top level is an object; FormatError on bad input.

    ``lazy`` defers parsing nested containers until their members are used; only for
    text already validated (it skips the duplicate-key and depth checks below the top).
    """
    parser = _Parser(path, text, lazy=lazy)
    start = parser.skip(0)
    if not text.startswith("{", start):
        if start >= len(text):
            raise parser.error("file is empty, expected a JSON object", start)
        raise parser.error("expected a JSON object at the top level", start)
    root = parser.container(start, 1, is_object=True)
    rest = parser.skip(root.end)
    if rest < len(text):
        raise parser.error("unexpected text after the top-level object", rest)
    assert isinstance(root, Container)
    return root


class LineIndex:
    """Offset -> 1-based line number, by bisecting newline offsets."""

    def __init__(self, text: str) -> None:
        self._newlines = [match.start() for match in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self._newlines, offset - 1) + 1
