"""What JSON and ARB documents share: decoding, the span tree, bindings and rendering."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from catalog._text import TextInfo, encode
from catalog.base import (
    MAX_ENTRIES,
    Document,
    Entry,
    EntryRow,
    FormatError,
    entries_from_rows,
)
from catalog.formats._json_edit import JsonStyle, detect_style, render
from catalog.formats._json_fast import KeyTokens, Pairs, Preread, preread
from catalog.formats._json_tree import Container, LineIndex, Member, parse_tree

__all__ = [
    "Address",
    "Binding",
    "JsonTreeDocument",
    "ReadAddress",
    "full_address",
    "member_named",
    "with_copies",
]


def with_copies(members: list[Member]) -> list[Member]:
    """The members and their identical duplicates later in the same object."""
    return [copy for member in members for copy in (member, *member.copies)]


#: Where an entry lives, by keys (stable across edits elsewhere): the keys of the objects
#: from the root down to its holder, the keys of its members there, and its shape.
Address = tuple[tuple[str, ...], tuple[str, ...], str]
#: What a reader records per entry: its Address, or for a member holding a string just the
#: keys of the objects down to its holder (the rest follows from the entry's key).
ReadAddress = Address | tuple[str, ...]


def full_address(key: str, read: ReadAddress) -> Address:
    """The Address of entry ``key`` from what the reader recorded.

    >>> full_address("a.b.c", ("a",))
    (('a',), ('b.c',), 'string')
    >>> full_address("k", ((), ("k_one", "k_other"), "suffix-plural"))
    ((), ('k_one', 'k_other'), 'suffix-plural')
    """
    if read and read[0].__class__ is tuple:
        return read
    path = cast(tuple[str, ...], read)
    return path, (key[sum(len(part) + 1 for part in path) :],), "string"


@dataclass(eq=False)
class Binding:
    """Where an entry lives: the containers from the root down to ``holder``, and its members.

    ``shape`` is 'string', 'array', 'nested-plural' (an object of CLDR categories) or
    'suffix-plural' (i18next ``key_one``/``key_other`` siblings, one member per form).
    ``path`` holds the keys of ``parents[1:]``.
    """

    entry: Entry
    parents: list[Container]
    members: list[Member]
    shape: str
    path: tuple[str, ...] = ()

    @property
    def holder(self) -> Container:
        return self.parents[-1]

    @property
    def address(self) -> Address:
        return self.path, tuple(member.key for member in self.members), self.shape


def member_named(container: Container, key: str) -> Member | None:
    """The (first) member with this key."""
    return container.member(key)


class JsonTreeDocument(Document):
    """A document backed by a JSON span tree; subclasses say which members are entries.

    Reading goes through the C ``json`` parser, and the entries are built as it is read;
    the span tree is parsed lazily, container by container, when an edit needs it.
    Entries are kept by key with their address; a full walk of the tree happens only
    after structural edits (to restore file order).
    """

    def __init__(self, path: str, data: bytes, read: Preread | None = None) -> None:
        super().__init__(path)
        if read is None:
            read = preread(path, data)
        text, info, fast = read
        self._text = text
        self._info: TextInfo = info
        self._data = data
        self._lines_index: LineIndex | None = None
        self._tree: Container | None = None
        self._style: JsonStyle | None = None
        self._entries: dict[str, Entry] | None = None
        self._address_map: dict[str, Address] = {}
        #: addresses of the read entries in the order of ``_entries``, until first asked for
        self._address_list: list[ReadAddress] | None = None
        self._order_stale = False
        #: facts about the file's layout derived from all addresses (see JsonDocument)
        self._layout_cache: tuple[bool, str] | None = None
        #: layout to follow while the file has no entries of its own (a new target's source's)
        self._layout_default: tuple[bool, str] = (False, "suffix-plural")
        self._lazy = fast is not None
        if fast is not None:
            rows: list[EntryRow] = []
            addresses: list[ReadAddress] = []
            self._read_entries(fast, KeyTokens(text, fast.keys_inside), rows, addresses)
            self._entries = self._index(entries_from_rows(rows))
            self._address_list = addresses  # matched to the keys when an edit needs them
        else:  # the span parser reports errors with positions, or copes with duplicates
            self._tree = parse_tree(path, text)
            self._rewalk()

    @property
    def _addresses(self) -> dict[str, Address]:
        """Entry key -> address (of the entries read at load: zipped on first need)."""
        if self._address_list is not None:
            assert self._entries is not None
            self._address_map = {
                key: full_address(key, read)
                for key, read in zip(self._entries, self._address_list, strict=True)
            }
            self._address_list = None
        return self._address_map

    @_addresses.setter
    def _addresses(self, addresses: dict[str, Address]) -> None:
        self._address_map = addresses
        self._address_list = None

    @property
    def _lines(self) -> LineIndex:
        if self._lines_index is None:
            self._lines_index = LineIndex(self._text)
        return self._lines_index

    @property
    def _root(self) -> Container:
        """The span tree, parsed on first need (an edit, a skeleton)."""
        if self._tree is None:
            self._tree = parse_tree(self.path, self._text, lazy=self._lazy)
        return self._tree

    @abc.abstractmethod
    def _walk(self) -> list[Binding]:
        """Bindings of all entries in file order (from the span tree)."""

    @abc.abstractmethod
    def _read_entries(
        self, root: Pairs, tokens: KeyTokens, rows: list[EntryRow], addresses: list[ReadAddress]
    ) -> None:
        """Append entries (every field, in order) and their addresses in file order from
        data parsed by ``json`` (must match ``_walk``)."""

    def _index(self, entries: Sequence[Entry]) -> dict[str, Entry]:
        """Entries by key; FormatError when there are too many or a key repeats."""
        index = {entry.key: entry for entry in entries}
        if len(index) != len(entries) or len(entries) > MAX_ENTRIES:
            self._refuse(entries)
        return index

    def _refuse(self, entries: Sequence[Entry]) -> None:
        if len(entries) > MAX_ENTRIES:
            raise FormatError(f"more than {MAX_ENTRIES:,} entries; split the file", path=self.path)
        seen: set[str] = set()
        for entry in entries:
            if entry.key in seen:
                raise FormatError(
                    f"key {entry.key!r} is defined twice (as a dotted key and as nested objects)",
                    path=self.path,
                    line=entry.line,
                )
            seen.add(entry.key)

    def _entry(self, key: str) -> Entry | None:
        entries = self._entries if self._entries is not None else self._rewalk()
        return entries.get(key)

    def bindings(self) -> dict[str, Binding]:
        """Entry key -> binding, from a full walk of the span tree."""
        return {binding.entry.key: binding for binding in self._walk()}

    def _rewalk(self) -> dict[str, Entry]:
        walked = self._walk()
        entries = self._index([binding.entry for binding in walked])
        self._entries = entries
        self._addresses = {binding.entry.key: binding.address for binding in walked}
        self._order_stale = False
        self._layout_cache = None
        return entries

    def _current(self) -> dict[str, Entry]:
        if self._entries is None or self._order_stale:
            return self._rewalk()
        return self._entries

    def _line(self, member: Member) -> int | None:
        """Line of a member's key (of the element, in an array)."""
        start = member.value.start
        return self._lines.line(start - len(member.head)) if start >= 0 else None

    # lookups and bookkeeping for edits ---------------------------------------------
    def _lookup(self, key: str) -> Binding | None:
        """The binding of an entry, found by its address (parsing only what lies on it)."""
        entry = self._entry(key)
        if entry is None:
            return None
        binding = self._navigate(entry, self._addresses.get(key))
        if binding is None:  # an address made stale by an edit: walk once more
            self._rewalk()
            entry = self._entry(key)
            assert entry is not None
            binding = self._navigate(entry, self._addresses.get(key))
            if binding is None:
                raise RuntimeError(f"entry {key!r} cannot be found in its own document")
        return binding

    def _navigate(self, entry: Entry, address: Address | None) -> Binding | None:
        if address is None:
            return None
        path, member_keys, shape = address
        parents = [self._root]
        for key in path:
            member = member_named(parents[-1], key)
            if member is None or not isinstance(member.value, Container):
                return None
            if member.copies:
                raise self._repeated(member)
            parents.append(member.value)
        members = [member_named(parents[-1], key) for key in member_keys]
        found = [member for member in members if member is not None]
        if len(found) != len(members):
            return None
        if shape in ("nested-plural", "array") and found[0].copies:
            raise self._repeated(found[0])
        return Binding(entry, parents, found, shape, path)

    def _repeated(self, member: Member) -> FormatError:
        line = self._line(member)
        return FormatError(
            f"key {member.key!r} repeats an object or list; remove the repeat before "
            "editing inside it",
            path=self.path,
            line=line,
        )

    def _value_changed(self, binding: Binding, entry: Entry) -> None:
        """An entry got a new value or comment; its members stay where they are."""
        for container in binding.parents:
            container.dirty = True
        if self._entries is not None:
            self._entries[entry.key] = entry
        binding.entry = entry

    def _added(self, binding: Binding, *, last: bool) -> None:
        """A new entry was written (``last``: after every other entry of the file).

        Entries elsewhere put the file order off until a walk restores it when next asked.
        """
        for container in binding.parents:
            container.dirty = True
        if self._entries is not None:
            addresses = self._addresses  # zipped with the keys before one is added
            self._entries[binding.entry.key] = binding.entry
            addresses[binding.entry.key] = binding.address
            self._order_stale = self._order_stale or not last

    def _restructured(self, parents: list[Container]) -> None:
        """Members moved or went away: everything is re-read from the tree when next asked."""
        for container in parents:
            container.dirty = True
        self._entries = None
        self._addresses = {}

    @property
    def style(self) -> JsonStyle:
        """The file's JSON writing style."""
        if self._style is None:
            self._style = detect_style(self._text, self._root)
        return self._style

    def entries(self) -> list[Entry]:
        return list(self._current().values())

    def get(self, key: str) -> Entry | None:
        return self._entry(key)

    def keys(self) -> list[str]:
        return list(self._current())

    def remove(self, key: str) -> None:
        binding = self._lookup(key)
        if binding is None:
            raise KeyError(key)
        self._remove_members(binding.holder, with_copies(binding.members))
        self._restructured(binding.parents)

    @staticmethod
    def _remove_members(holder: Container, members: list[Member]) -> None:
        doomed = {id(member) for member in members}
        holder.members = [member for member in holder.members if id(member) not in doomed]

    def dump(self) -> bytes:
        if self._tree is None or not self._tree.dirty:
            return self._data
        return encode(render(self._text, self._root), self._info)

    def _skeleton_text(self, members: str) -> bytes:
        """``{members}`` in this file's newline style and ending, encoded like the file."""
        style = self.style
        ending = self._text[self._root.end :]
        head = self._text[: self._root.start]
        if members:
            body = "{" + style.newline + style.indent + members + style.newline + "}"
        else:
            body = "{}"
        return encode(head + body + ending, self._info)
