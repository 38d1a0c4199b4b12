"""Reading JSON text, in one pass, into containers that keep every member's span and
into the key/value entries they hold.

The one reader of JSON and ARB files: one loop over the document's tokens (a member
with its value and comma, a bracket), open containers on a stack. It checks the syntax
(errors with line and column), refuses nesting deeper than :data:`MAX_DEPTH` and
repeated keys with different values, and keeps each container's members in file order
as small lists, which the editor changes and renders (``_json_document``). For
key/value JSON it builds the entry rows in the same pass: nested keys, plural objects,
i18next suffixes, string arrays.

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
    "FORM_SUFFIXES",
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
    "form_base",
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
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][-+]?[0-9]++)?|true|false|null")
# A string's body: escapes are checked (and decoded) by the C scanner where there are any.
_STRING = r'"([^"\\\x00-\x1f]*+(?:\\.[^"\\\x00-\x1f]*+)*+)"'
# One token of a document: an object member's key (1; the space around its colon (2)
# only when it holds a newline), then a string (3), a scalar (4), a closing (5) or an
# opening bracket (6), and the space after it (7) with a comma (8; none after 6); else
# any one character, refused where it stands (so no text is skipped). Possessive: a
# failed match costs its length once.
_TOKEN = re.compile(
    rf"(?:{_STRING}(?:[ \t\r]*+:[ \t\r]*+(?!\n)|([ \t\n\r]*+:[ \t\n\r]*+)))?+"
    rf"(?:{_STRING}|({_SCALAR.pattern})|([}}\]])|([{{\[]))([ \t\n\r]*+(?(6)|(,[ \t\n\r]*+)?+))"
    r"|[\s\S]"
)
_SUFFIX = re.compile(r"(.+)_(zero|one|two|few|many|other)")
FORM_SUFFIXES = tuple("_" + category for category in PLURAL_CATEGORIES)


class Container:
    """An object (``is_object``) or array: its members in file order, the first member
    with each key (``names``), and the span ``start``..``end`` (-1 for a new one)."""

    def __init__(self, start: int, is_object: bool, parent: Container | None) -> None:
        self.start = self.end = start
        self.is_object = is_object
        self.parent = parent
        self.members: list[Member] = []
        self.names: dict[str, Member] = {}
        #: id of a member -> it and its later repeats with an equal value (kept in sync;
        #: made on the first repeat, as the set of removed members on the first removal)
        self.copies: dict[int, list[Member]] | None = None
        #: text between the last member and the closing bracket
        self.tail = ""
        #: the line indentation of a container the editor created
        self.indent = ""
        #: members were added, removed or changed below: re-rendered on dump
        self.dirty = False
        self._removed: set[int] | None = None
        self._hint = 0
        #: the members' :func:`form_base`s, made on first use (a removal leaves its own)
        self.bases: set[str] | None = None

    def live(self) -> list[Member]:
        """The members; those removed since the last call go in one pass (linear removals)."""
        if self._removed:
            removed = self._removed
            self.members = [member for member in self.members if id(member) not in removed]
            self._removed = None
        return self.members

    def with_copies(self, member: Member) -> list[Member]:
        """The member and its equal repeats later in this container."""
        return (self.copies and self.copies.get(id(member))) or [member]

    def remove(self, member: Member) -> None:
        """Remove a member and its repeats."""
        self._removed = self._removed or set()
        self._removed.update(map(id, self.with_copies(member)))
        if self.names.get(member[KEY]) is member:
            del self.names[member[KEY]]
        self.mark_dirty()

    def insert(self, index: int, member: Member) -> None:
        """Add a member at ``index`` (its key must be new to this container)."""
        self.live().insert(index, member)
        self._hint = index
        self.names.setdefault(member[KEY], member)
        if self.bases is not None and (base := form_base(member[KEY])) is not None:
            self.bases.add(base)
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


def form_base(name: str) -> str | None:
    """What an i18next plural form's name adds its suffix to (``x`` of ``x_one``)."""
    form = _SUFFIX.fullmatch(name) if name.endswith(FORM_SUFFIXES) else None
    return None if form is None else form.group(1)


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

    def read(self, start: int, prefix: str | None) -> Container:
        """The object opening at ``start`` and all it holds, one token at a time; open
        containers wait on a stack. ``prefix``: the dotted path the entries' keys of the
        container being read start with (None: it holds no entries)."""
        text, rows, places = self.text, self.rows, self.places
        node = root = Container(start, True, None)
        members, names, is_object = node.members, node.names, True
        #: per open container below the root: its member, and its parent's prefix, first
        #: row and ``inner_rows``
        stack: list[tuple[Member, str | None, int, dict[int, int]]] = []
        #: where the rows of a child object start -> where they end (not this one's)
        inner_rows: dict[int, int] = {}
        mark = 0  # where this container's rows start
        #: what the next token must be: a member with a key (True), an item (False), or
        #: (None, after a value without a comma) the closing bracket
        wanted: bool | None = True
        lead = start + 1
        first_token = _WHITESPACE.match(text, lead).end()  # type: ignore[union-attr]
        line = text.count("\n", 0, first_token) + 1
        newlines: dict[str, int] = {}  # line breaks in each run of whitespace seen
        for match in _TOKEN.finditer(text, first_token):
            key, colon, value, _, closer, opener, space, comma = match.groups()
            position = match.start()
            if closer is None and space is not None:  # a member (an item, in an array)
                if (key is not None) is not wanted:
                    raise self.unexpected(position, node, wanted)
                if not is_object:
                    key = str(len(members))
                elif "\\" in key:
                    key = self.string(position)[0]
                if opener is None:  # a string, number, true, false or null
                    if value is not None:
                        value_start, value_end = match.span(3)
                        value_start, value_end = value_start - 1, value_end + 1
                        if "\\" in value:
                            value = self.string(value_start)[0]
                    else:
                        value_start, value_end = match.span(4)
                    member = [key, value, lead, position, value_start, value_end, line, None, node]
                    members.append(member)
                    first = names.setdefault(key, member)
                    if first is not member:
                        self.repeat(node, first, member, prefix)
                    elif prefix is not None and value is not None:
                        rows.append((prefix + key, value, None, None, None, True, line, "string"))
                        places.append(member)
                    lead = value_end
                    wanted = None if comma is None else is_object
                else:  # its object or array: read next, this one waits on the stack
                    value_start = match.start(6)
                    if len(stack) + 1 >= MAX_DEPTH:
                        raise self.error(f"nesting deeper than {MAX_DEPTH} levels", value_start)
                    child = Container(value_start, opener == "{", node)
                    member = [key, child, lead, position, value_start, -1, line, None, node]
                    members.append(member)
                    stack.append((member, prefix, mark, inner_rows))
                    if prefix is not None:  # in an array, only a whole string array is an entry
                        prefix = prefix + key + "." if child.is_object else None
                    node, mark, inner_rows = child, len(rows), {}
                    members, names, is_object = child.members, child.names, child.is_object
                    lead, wanted = value_start + 1, is_object
            elif (
                closer is None
                or key is not None
                or (wanted is not None and members)
                or (closer == "}") is not is_object
            ):
                raise self.unexpected(position, node, wanted)
            else:  # the end of the container
                node.tail, node.end = text[lead:position], position + 1
                if prefix is not None and "_other\x00" in "\x00".join(names) + "\x00":
                    self.group_suffixes(node, prefix, mark, inner_rows)
                if not stack:
                    return root
                before = mark
                member, prefix, mark, inner_rows = stack.pop()
                member[VEND] = lead = node.end
                node = node.parent  # type: ignore[assignment]
                members, names, is_object = node.members, node.names, node.is_object
                first = names.setdefault(member[KEY], member)
                if first is not member:  # a repeat holds no entries of its own
                    del rows[before:], places[before:]
                    self.repeat(node, first, member, prefix)
                elif prefix is not None:
                    self.add_rows(member, prefix, before)
                if len(rows) > before + 1:
                    inner_rows[before] = len(rows)
                wanted = None if comma is None else is_object
            try:
                line += newlines[space]
            except KeyError:
                line += newlines.setdefault(space, space.count("\n"))
            if colon is not None:
                line += colon.count("\n")
        raise self.unexpected(len(text), node, wanted)

    def unexpected(self, offset: int, node: Container, wanted: bool | None) -> FormatError:
        """The error at a token that is no JSON or does not fit where it stands."""
        text = self.text
        if wanted is None:  # after a value: a comma or the closing bracket
            expected = "expected ',' or '}'" if node.is_object else "expected ',' or ']'"
            at_end = "unexpected end of file, " if offset >= len(text) else ""
            return self.error(at_end + expected, offset)
        if wanted:  # a member: its key, a colon, then its value
            if not text.startswith('"', offset):
                return self.error("expected a quoted key", offset)
            key, end = self.string(offset)  # raises on a bad string
            colon = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
            if not text.startswith(":", colon):
                return self.error(f"expected ':' after key {key!r}", colon)
            offset = _WHITESPACE.match(text, colon + 1).end()  # type: ignore[union-attr]
        if offset >= len(text):
            return self.error("unexpected end of file, expected a value", offset)
        if text.startswith('"', offset):  # a good string (or this raises): what follows is bad
            end = self.string(offset)[1]
        elif (scalar := _SCALAR.match(text, offset)) is not None:
            end = scalar.end()
        else:
            return self.error(f"unexpected character {text[offset]!r}, expected a value", offset)
        return self.unexpected(_WHITESPACE.match(text, end).end(), node, None)  # type: ignore[union-attr]

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
        node.copies = node.copies or {}
        node.copies.setdefault(id(first), [first]).append(member)
        if prefix is not None and first[VALUE].__class__ is Container:
            self.repeated[prefix + member[KEY]] = first[LINE]

    def add_rows(self, member: Member, prefix: str, before: int) -> None:
        """The entry of an object or array member once read: a plural object or a string
        array replaces the rows read inside it (from ``before`` on)."""
        node = member[VALUE]
        if is_plural_object(node):
            forms = sort_plural({form[KEY]: form[VALUE] for form in node.members})
            self.rows.append(_row(prefix + member[KEY], forms, member[LINE], "plural"))
        elif not node.is_object and node.members:
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
            base = form_base(key)
            if base is not None and member[VALUE].__class__ is str and base not in names:
                groups.setdefault(base, []).append(member)
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
    root = reader.read(start, "" if entries else None)
    rest = _WHITESPACE.match(text, root.end).end()  # type: ignore[union-attr]
    if rest < len(text):
        raise reader.error("unexpected text after the top-level object", rest)
    rows, places = reader.rows, reader.places
    if None in places:  # rows of i18next forms after the first
        rows, places = [row for row in rows if row], [place for place in places if place]
    return root, rows, places, reader.repeated
