"""Core types shared by every catalog format: entries, documents and format errors."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sized
from itertools import repeat
from typing import TYPE_CHECKING, ClassVar, NamedTuple

if TYPE_CHECKING:
    from catalog._splice import Splicer

__all__ = [
    "MAX_BYTES",
    "MAX_ENTRIES",
    "PLURAL_CATEGORIES",
    "Document",
    "Entry",
    "EntryRow",
    "FormatError",
    "SplicedDocument",
    "Value",
    "build_entry",
    "entries_from_rows",
    "sort_plural",
]

#: Files larger than this are refused before parsing.
MAX_BYTES = 10 * 1024 * 1024
#: Files with more entries than this are refused.
MAX_ENTRIES = 100_000
#: CLDR plural categories in their canonical order.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

Value = str | Mapping[str, str]


class FormatError(ValueError):
    """A file could not be read as its format; says where and why.

    >>> str(FormatError("unclosed tag <string>", path="res/values/strings.xml", line=12, column=5))
    'res/values/strings.xml:12:5: unclosed tag <string>'
    >>> str(FormatError("file is empty", path="a.strings"))
    'a.strings: file is empty'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = [self.path or "<input>"]
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return f"{':'.join(where)}: {self.message}"


def sort_plural(forms: Mapping[str, str]) -> dict[str, str]:
    """Return plural forms with CLDR categories in CLDR order, other keys after them.

    >>> sort_plural({"other": "%d files", "one": "1 file"})
    {'one': '1 file', 'other': '%d files'}
    """
    ordered = sorted(forms, key=_plural_rank)
    return {category: forms[category] for category in ordered}


_RANK = {category: index for index, category in enumerate(PLURAL_CATEGORIES)}


def _plural_rank(category: str) -> tuple[int, str]:
    return _RANK.get(category, len(_RANK)), category


class Entry(NamedTuple):
    """One translatable unit of a catalog: an immutable record, its fields read by name.

    ``value`` is the text, or for ``kind == 'plural'`` a mapping CLDR category -> text,
    or for ``kind == 'array'`` a mapping '0', '1', ... -> text.

    A named tuple rather than a dataclass: readers build entries by the thousand, and a
    tuple is made in one C call (see :func:`entries_from_rows`). Use ``entry._replace(...)``
    for a changed copy.

    >>> entry = Entry("greeting", "Hello", comment="On the home screen", line=3)
    >>> entry.value, entry.line, entry.kind
    ('Hello', 3, 'string')
    >>> entry._replace(value="Hi").value
    'Hi'
    """

    key: str
    value: Value
    comment: str | None = None
    context: str | None = None
    max_length: int | None = None
    translatable: bool = True
    line: int | None = None
    kind: str = "string"

    @property
    def is_plural(self) -> bool:
        """Whether the value holds plural forms."""
        return self.kind == "plural"

    def texts(self) -> list[str]:
        """All text of the entry: the value, or each plural/array form.

        >>> Entry("k", {"one": "a", "other": "b"}, kind="plural").texts()
        ['a', 'b']
        """
        if isinstance(self.value, str):
            return [self.value]
        return list(self.value.values())


#: A row of every Entry field in declaration order (what readers collect).
EntryRow = tuple[str, Value, str | None, str | None, int | None, bool, int | None, str]

_tuple_new = tuple.__new__


def build_entry(
    key: str,
    value: Value,
    comment: str | None,
    context: str | None,
    max_length: int | None,
    translatable: bool,
    line: int | None,
    kind: str,
) -> Entry:
    """``Entry(...)`` with every field given, without the keyword handling of ``Entry()``.

    For readers that build entries one at a time by the thousand.

    >>> build_entry("k", "v", None, None, None, True, 3, "string") == Entry("k", "v", line=3)
    True
    """
    return _tuple_new(Entry, (key, value, comment, context, max_length, translatable, line, kind))


def entries_from_rows(rows: Iterable[EntryRow]) -> list[Entry]:
    """Entries from rows that each hold every field in order, made by ``map`` in C.

    >>> entries_from_rows([("k", "v", None, None, None, True, 3, "string")])
    [Entry(key='k', value='v', comment=None, context=None, max_length=None, \
translatable=True, line=3, kind='string')]
    """
    rows = rows if isinstance(rows, Sized) else list(rows)
    return list(map(_tuple_new, repeat(Entry, len(rows)), rows))


class Document(abc.ABC):
    """A parsed catalog file that can be edited and written back byte-exactly."""

    format: ClassVar[str]

    def __init__(self, path: str) -> None:
        self.path = path

    @abc.abstractmethod
    def entries(self) -> list[Entry]:
        """Entries in file order."""

    def get(self, key: str) -> Entry | None:
        """The entry with this key, or None."""
        for entry in self.entries():
            if entry.key == key:
                return entry
        return None

    def keys(self) -> list[str]:
        """Keys in file order."""
        return [entry.key for entry in self.entries()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    @abc.abstractmethod
    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        """Add or update an entry.

        An existing entry keeps its place and only its value changes. A new entry goes
        after ``after`` when given, else at the end of the entries, in the file's style.
        """

    @abc.abstractmethod
    def remove(self, key: str) -> None:
        """Remove an entry; KeyError when absent."""

    @abc.abstractmethod
    def dump(self) -> bytes:
        """The file's bytes: identical to the input when nothing was changed."""

    def adopt_layout(self, source: Document) -> None:
        """Follow ``source``'s layout for entries added later (a new target; most formats
        have nothing to adopt beyond their skeleton)."""
        return None

    @abc.abstractmethod
    def skeleton(self, locale: str) -> bytes:
        """Bytes of an empty file of this format for ``locale``, in this file's style."""


class SplicedDocument(Document):
    """A Document whose entries are kept by key and whose order its splicer keeps: until
    an edit, file order is the order the entries were read in."""

    _entries: dict[str, Entry]
    _splicer: Splicer

    def entries(self) -> list[Entry]:
        entries = self._entries
        if not self._splicer.changed:
            return list(entries.values())
        return [entries[key] for key in self._splicer.order() if key in entries]

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

    def keys(self) -> list[str]:
        entries = self._entries
        if not self._splicer.changed:
            return list(entries)
        return [key for key in self._splicer.order() if key in entries]
