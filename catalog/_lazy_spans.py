"""A Document whose entries are read at load and whose editing spans are built on first edit."""

from __future__ import annotations

import abc

from catalog._splice import Splicer
from catalog.base import Document, Entry


class LazySpanDocument(Document):
    """Answers ``entries()``/``get()`` from entries read at load; once the span structure
    (a :class:`Splicer`) exists, its order and membership rule, since edits change them."""

    _entries: dict[str, Entry]

    @abc.abstractmethod
    def _built_splicer(self) -> Splicer | None:
        """The splicer if it was built already, else None (never builds it)."""

    def entries(self) -> list[Entry]:
        splicer = self._built_splicer()
        if splicer is None:  # nothing edited: file order is reading order
            return list(self._entries.values())
        return [self._entries[key] for key in splicer.order()]

    def get(self, key: str) -> Entry | None:
        splicer = self._built_splicer()
        if splicer is None:
            return self._entries.get(key)
        return self._entries.get(key) if key in splicer else None
