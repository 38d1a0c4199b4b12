"""What JSON and ARB documents share: decoding, the span tree, bindings and rendering."""

from __future__ import annotations

import abc
from dataclasses import dataclass

from catalog._text import TextInfo, decode, encode
from catalog.base import MAX_ENTRIES, Document, Entry, FormatError
from catalog.formats._json_edit import JsonStyle, detect_style, render
from catalog.formats._json_fast import Pairs, StringTokens, fast_load
from catalog.formats._json_tree import Container, LineIndex, Member, parse_tree

__all__ = ["Binding", "JsonTreeDocument", "with_copies"]


def with_copies(members: list[Member]) -> list[Member]:
    """The members and their identical duplicates later in the same object."""
    return [copy for member in members for copy in (member, *member.copies)]


@dataclass(eq=False)
class Binding:
    """Where an entry lives: the containers from the root down to ``holder``, and its members.

    ``shape`` is 'string', 'array', 'nested-plural' (an object of CLDR categories) or
    'suffix-plural' (i18next ``key_one``/``key_other`` siblings, one member per form).
    """

    entry: Entry
    parents: list[Container]
    members: list[Member]
    shape: str

    @property
    def holder(self) -> Container:
        return self.parents[-1]


class JsonTreeDocument(Document):
    """A document backed by a JSON span tree; subclasses say which members are entries."""

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, info = decode(path, data)
        self._text = text
        self._info: TextInfo = info
        self._data = data
        self._lines_index: LineIndex | None = None
        self._tree: Container | None = None
        self._style: JsonStyle | None = None
        self._bindings: dict[str, Binding] | None = None
        #: entries read without the span tree; dropped at the first edit
        self._read: dict[str, Entry] | None = None
        fast = fast_load(text)
        if fast is not None:
            self._read = self._index(self._read_entries(fast, StringTokens(text)))
        else:  # the span parser reports errors with positions, or copes with duplicates
            self._tree = parse_tree(path, text)
            self.bindings()  # validate entry keys and counts up front

    @property
    def _lines(self) -> LineIndex:
        if self._lines_index is None:
            self._lines_index = LineIndex(self._text)
        return self._lines_index

    @property
    def _root(self) -> Container:
        """The span tree, parsed on first need (an edit, a skeleton)."""
        if self._tree is None:
            self._tree = parse_tree(self.path, self._text)
        return self._tree

    @abc.abstractmethod
    def _walk(self) -> list[Binding]:
        """Bindings of all entries in file order (from the span tree)."""

    @abc.abstractmethod
    def _read_entries(self, root: Pairs, tokens: StringTokens) -> list[Entry]:
        """Entries in file order from data parsed by ``json`` (must match ``_walk``)."""

    def _index(self, entries: list[Entry]) -> dict[str, Entry]:
        if len(entries) > MAX_ENTRIES:
            raise FormatError(f"more than {MAX_ENTRIES:,} entries; split the file", path=self.path)
        index = {entry.key: entry for entry in entries}
        if len(index) != len(entries):
            seen: set[str] = set()
            for entry in entries:
                if entry.key in seen:
                    raise FormatError(
                        f"key {entry.key!r} is defined twice (as a dotted key and as nested "
                        "objects)",
                        path=self.path,
                        line=entry.line,
                    )
                seen.add(entry.key)
        return index

    def bindings(self) -> dict[str, Binding]:
        """Entry key -> binding, rebuilt after edits."""
        if self._bindings is None:
            walked = self._walk()
            self._index([binding.entry for binding in walked])
            self._bindings = {binding.entry.key: binding for binding in walked}
        return self._bindings

    def _line(self, member: Member) -> int | None:
        """Line of a member's key (of the element, in an array)."""
        start = member.value.start
        return self._lines.line(start - len(member.head)) if start >= 0 else None

    def _touched(self, parents: list[Container]) -> None:
        for container in parents:
            container.dirty = True
        self._bindings = None
        self._read = None

    @property
    def style(self) -> JsonStyle:
        """The file's JSON writing style."""
        if self._style is None:
            self._style = detect_style(self._text, self._root)
        return self._style

    def entries(self) -> list[Entry]:
        if self._read is not None:
            return list(self._read.values())
        return [binding.entry for binding in self.bindings().values()]

    def get(self, key: str) -> Entry | None:
        if self._read is not None:
            return self._read.get(key)
        binding = self.bindings().get(key)
        return binding.entry if binding else None

    def keys(self) -> list[str]:
        if self._read is not None:
            return list(self._read)
        return list(self.bindings())

    def remove(self, key: str) -> None:
        binding = self.bindings().get(key)
        if binding is None:
            raise KeyError(key)
        self._remove_members(binding.holder, with_copies(binding.members))
        self._touched(binding.parents)

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
