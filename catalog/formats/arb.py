"""Flutter ARB catalogs: a flat JSON object of ICU messages with ``@key`` metadata.

``@@name`` members are file-wide attributes (``@@locale``); ``@key`` objects describe the
message ``key`` (their ``description`` becomes the entry's comment). ICU plurals and
selects stay one message string, as Flutter reads them.

>>> data = b'{"@@locale": "en", "hi": "Hi {name}", "@hi": {"description": "Greeting"}}'
>>> doc = parse("app_en.arb", data)
>>> [(e.key, e.value, e.comment) for e in doc.entries()]
[('hi', 'Hi {name}', 'Greeting')]
>>> doc.remove("hi")
>>> doc.dump()
b'{"@@locale": "en"}'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog._text import check_value
from catalog.base import Value, build_entry, sort_plural
from catalog.formats._json_document import JsonTreeDocument, Place, encode_string
from catalog.formats._json_reader import (
    LINE,
    VALUE,
    Container,
    Member,
    read_tree,
)

__all__ = ["FORMAT", "ArbDocument", "icu_plural", "parse"]

FORMAT = "arb"


def icu_plural(forms: Mapping[str, str], argument: str = "count") -> str:
    """One ICU plural message from CLDR forms, as ARB keeps plurals.

    >>> icu_plural({"other": "{count} files", "one": "1 file"})
    '{count, plural, one{1 file} other{{count} files}}'
    """
    parts = [category + "{" + text + "}" for category, text in sort_plural(forms).items()]
    return "{" + argument + ", plural, " + " ".join(parts) + "}"


class ArbDocument(JsonTreeDocument):
    """A Flutter Application Resource Bundle."""

    format = FORMAT

    def _read(self, text: str) -> tuple[list[Any], list[Place]]:
        self._root, _, _, self._repeated = read_tree(self.path, text)
        names = self._root.names
        # ``"@" <= key < "A"``: the key starts with "@" (tested without slicing it)
        keys = [k for k, m in names.items() if m[VALUE].__class__ is str and not "@" <= k < "A"]
        places: list[Place] = list(map(names.__getitem__, keys))
        comments = map(_description, map(names.get, ["@" + key for key in keys]))
        rows = [
            (key, member[VALUE], comment, None, None, True, member[LINE], "string")
            for key, member, comment in zip(keys, places, comments, strict=True)
        ]
        return rows, places

    @property
    def locale(self) -> str | None:
        """The ``@@locale`` the file declares, if any."""
        member = self._root.names.get("@@locale")
        return member[VALUE] if member is not None and member[VALUE].__class__ is str else None

    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        check_value(key, value, comment=comment)
        if key.startswith("@"):
            raise ValueError(f"ARB message keys cannot start with '@': {key!r}")
        text = value if isinstance(value, str) else icu_plural(value)
        found = self._lookup(key)
        root = self._root
        if found is None:
            index = len(root.live())
            anchor = self._lookup(after) if after is not None else None
            if anchor is not None:
                meta = root.names.get("@" + anchor[0].key)
                last = meta if meta is not None else anchor[1]
                assert not isinstance(last, tuple)
                index = root.position(last) + 1
            member = self._add_member(root, index, key, text)
            if comment is not None:
                self._set_description(key, comment, member)
            self._added(build_entry(key, text, comment, None, None, True, None, "string"), member)
            return
        entry, place = found
        assert not isinstance(place, tuple)  # one member per ARB message
        changed = entry
        if entry.value != text:
            self._set_text(place, text)
            changed = changed._replace(value=text)
        if comment is not None and comment != entry.comment:
            self._set_description(key, comment, place)
            changed = changed._replace(comment=comment)
        self._entries[key] = changed

    def _set_description(self, key: str, comment: str, place: Member) -> None:
        root = self._root
        meta = root.names.get("@" + key)
        if meta is None:  # new metadata, right after the message
            self._add_member(root, root.position(place) + 1, "@" + key, {"description": comment})
            return
        for copy in root.with_copies(meta):
            node = copy[VALUE]
            if node.__class__ is not Container or not node.is_object:
                continue
            described = node.names.get("description")
            if described is not None:
                self._set_text(described, comment)
            else:
                self._add_member(node, 0, "description", comment)

    def _belonging(self, key: str) -> list[Member]:
        meta = self._root.names.get("@" + key)
        return [] if meta is None else [meta]

    def skeleton(self, locale: str) -> bytes:
        style = self.style
        member = encode_string("@@locale", style) + style.colon
        return self._skeleton_text(member + encode_string(locale.replace("-", "_"), style))


def _description(meta: Member | None) -> str | None:
    """The ``description`` string of a message's metadata, if any."""
    node = None if meta is None else meta[VALUE]
    member = node.names.get("description") if isinstance(node, Container) else None
    return member[VALUE] if member is not None and member[VALUE].__class__ is str else None


def parse(path: str, data: bytes) -> ArbDocument:
    """Parse a Flutter ARB catalog; FormatError on bad input."""
    return ArbDocument(path, data)
