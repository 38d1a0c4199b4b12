"""What JSON and ARB documents share: the tree read at load, entries and their places, dump."""

from __future__ import annotations

import abc
from typing import NamedTuple

from catalog._text import TextInfo, decode, encode
from catalog.base import MAX_ENTRIES, Document, Entry, EntryRow, FormatError, entries_from_rows
from catalog.formats._json_edit import JsonStyle, detect_style, render
from catalog.formats._json_reader import Container, Member, read_tree

__all__ = ["JsonTreeDocument", "Place", "with_copies"]


def with_copies(members: tuple[Member, ...] | list[Member]) -> list[Member]:
    """The members and their identical duplicates later in the same object."""
    return [copy for member in members for copy in (member, *member.copies)]


class Place(NamedTuple):
    """Where an entry lives: the object or array holding it, and its members there.

    ``shape`` is 'string', 'array', 'nested-plural' (an object of CLDR categories) or
    'suffix-plural' (i18next ``key_one``/``key_other`` siblings, one member per form).
    ``repeated``: a member on the way to the entry that repeats an object or list (an
    equal copy kept in sync), which makes the entry read-only, else None.
    """

    holder: Container
    members: tuple[Member, ...]
    shape: str
    repeated: Member | None = None


class JsonTreeDocument(Document):
    """A document backed by the JSON tree read at load; subclasses say which members are
    entries (``_walk``).

    The tree is read once, and one walk over it gives the entries in file order and
    where each lives. Edits change the tree through those places and keep the entries
    current; only edits that change what other members read as (a removal, a value
    changing shape) are followed by another walk, when next asked.
    """

    #: top-level keys holding objects that hold no entry, read as opaque leaves
    _opaque_prefix: str | None = None

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, info = decode(path, data)
        self._text = text
        self._info: TextInfo = info
        self._data = data
        self._root = read_tree(path, text, self._opaque_prefix)
        self._style: JsonStyle | None = None
        self._entries: dict[str, Entry] = {}
        self._places: dict[str, Place] = {}
        #: entries were added away from the end: file order is restored by a walk
        self._order_stale = False
        #: members moved or went away: entries and places are re-read by a walk
        self._stale = False
        #: facts about the file's layout derived from all places (see JsonDocument)
        self._layout_cache: tuple[bool, str] | None = None
        #: layout to follow while the file has no entries of its own (a new target's source's)
        self._layout_default: tuple[bool, str] = (False, "suffix-plural")
        #: the object a dotted path leads to (JsonDocument; forgotten when members go)
        self._holders: dict[str, Container] = {}
        self._rewalk()

    @abc.abstractmethod
    def _walk(self, rows: list[EntryRow], places: list[Place]) -> None:
        """Append every entry (each field, in order) and its place, in file order."""

    def _rewalk(self) -> dict[str, Entry]:
        rows: list[EntryRow] = []
        places: list[Place] = []
        self._walk(rows, places)
        entries = entries_from_rows(rows)
        index = {entry.key: entry for entry in entries}
        if len(index) != len(entries) or len(entries) > MAX_ENTRIES:
            self._refuse(entries)
        self._entries = index
        self._places = dict(zip(index, places, strict=True))
        self._order_stale = self._stale = False
        self._layout_cache = None
        return index

    def _refuse(self, entries: list[Entry]) -> None:
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

    def _current(self) -> dict[str, Entry]:
        """Entries by key (not in file order after inserts: see ``_ordered``)."""
        if self._stale:
            return self._rewalk()
        return self._entries

    def _ordered(self) -> dict[str, Entry]:
        """Entries by key in file order."""
        if self._stale or self._order_stale:
            return self._rewalk()
        return self._entries

    # lookups and bookkeeping for edits ---------------------------------------------
    def _lookup(self, key: str) -> tuple[Entry, Place] | None:
        """An entry and its place, or None; FormatError when it lies in a repeated object."""
        entry = self._current().get(key)
        if entry is None:
            return None
        place = self._places[key]
        if place.repeated is not None:
            raise self._repeated(place.repeated)
        return entry, place

    def _repeated(self, member: Member) -> FormatError:
        return FormatError(
            f"key {member.key!r} repeats an object or list; remove the repeat before "
            "editing inside it",
            path=self.path,
            line=member.line,
        )

    def _value_changed(self, entry: Entry, place: Place) -> None:
        """An entry got a new value or comment; its members stay where they are."""
        place.holder.mark_dirty()
        self._entries[entry.key] = entry

    def _added(self, entry: Entry, place: Place, *, last: bool) -> None:
        """A new entry was written by ``add_member`` (which marked its containers for
        rendering); ``last``: it is after every other entry of the file."""
        self._entries[entry.key] = entry
        self._places[entry.key] = place
        self._order_stale = self._order_stale or not last

    def _restructured(self, holder: Container) -> None:
        """Members moved or went away: everything is re-read from the tree when next asked."""
        holder.mark_dirty()
        self._stale = True
        self._holders.clear()

    @property
    def style(self) -> JsonStyle:
        """The file's JSON writing style."""
        if self._style is None:
            self._style = detect_style(self._text, self._root)
        return self._style

    def entries(self) -> list[Entry]:
        return list(self._ordered().values())

    def get(self, key: str) -> Entry | None:
        return self._current().get(key)

    def keys(self) -> list[str]:
        return list(self._ordered())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._current()

    def remove(self, key: str) -> None:
        found = self._lookup(key)
        if found is None:
            raise KeyError(key)
        place = found[1]
        holder = place.holder
        self._remove_members(holder, self._doomed(key, place))
        if self._others_change(place):
            self._restructured(holder)
            return
        holder.mark_dirty()
        del self._entries[key]
        del self._places[key]
        if place.shape != "string" or holder is not self._root:
            self._layout_cache = None  # the file may no longer nest or have plurals

    def _doomed(self, key: str, place: Place) -> list[Member]:
        """The members that go with an entry when it is removed."""
        return with_copies(place.members)

    def _others_change(self, place: Place) -> bool:
        """Whether removing the entry at ``place`` (already done) changes what other
        members read as, so that the entries must be walked again."""
        return False

    def _remove_members(self, holder: Container, members: list[Member]) -> None:
        holder.remove(members)
        self._holders.clear()  # a path may lead elsewhere now

    def dump(self) -> bytes:
        if not self._root.dirty:
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
