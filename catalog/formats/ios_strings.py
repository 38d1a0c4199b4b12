"""Apple ``.strings`` files: "key" = "value"; pairs with comments, UTF-8 or UTF-16.

Binary-plist ``.strings`` (``bplist00``) are read; editing them raises FormatError.
"""

from __future__ import annotations

import plistlib

from catalog._splice import blank_prefix
from catalog._text import TextInfo, check_size, check_value, decode, encode
from catalog.base import MAX_ENTRIES, Document, Entry, FormatError, SplicedDocument, Value
from catalog.formats._strings_reader import read_strings
from catalog.formats._strings_text import escape

__all__ = ["FORMAT", "StringsDocument", "parse"]

FORMAT = "ios-strings"


def parse(path: str, data: bytes) -> Document:
    """Parse a ``.strings`` file (text, or binary plist read-only)."""
    check_size(path, data)
    if data.startswith(b"bplist00"):
        return BinaryStringsDocument(path, data)
    return StringsDocument(path, data)


class StringsDocument(SplicedDocument):
    """A text ``.strings`` file, edited in place."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, self._info = decode(path, data, allow_utf16=True)
        self._data = data
        self._text = text
        read = read_strings(path, text, MAX_ENTRIES)
        self._entries = read.entries
        self._values = read.values  # where each original pair's key and value are written
        self._splicer = read.splicer
        #: a blank line before new entries when most pairs are separated that way
        self._blank_line = self._splicer.newline if read.spaced else ""

    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        check_value(key, value, comment=comment)
        if not isinstance(value, str):
            raise ValueError(".strings files hold plain strings; use .stringsdict for plurals")
        existing = self._entries.get(key)
        written = self._values.get(key)
        if existing is not None and written is not None and written.value_start >= 0:
            # the value has its own token (not the `"key";` shorthand): rewrite just it
            start, end = self._splicer.span(key)
            text = self._text
            new_value = escape(value) if written.quoted else f'"{escape(value)}"'
            self._splicer.replace(
                key, text[start : written.value_start] + new_value + text[written.value_end : end]
            )
        elif existing is not None:
            self._splicer.replace(key, self._render_new(key, value, None).lstrip("\r\n"))
        else:
            if after is not None and after not in self._entries:
                raise KeyError(after)
            self._splicer.insert(key, self._render_new(key, value, comment), after=after)
        self._entries[key] = Entry(
            key=key,
            value=value,
            comment=existing.comment if existing is not None else comment,
            line=existing.line if existing is not None else None,
        )

    def _render_new(self, key: str, value: str, comment: str | None) -> str:
        newline = self._splicer.newline
        indent = ""
        if self._values:  # the last original pair still in the file
            last = self._values[next(reversed(self._values))]
            indent = blank_prefix(self._text, last.key_start) or ""
        lines = []
        if comment:
            lines.append(f"{indent}/* {comment.replace('*/', '* /')} */")
        lines.append(f'{indent}"{escape(key)}" = "{escape(value)}";')
        return self._blank_line + newline.join(lines) + newline

    def remove(self, key: str) -> None:
        if key not in self._entries:
            raise KeyError(key)
        self._splicer.remove(key)
        self._values.pop(key, None)
        del self._entries[key]

    def dump(self) -> bytes:
        if not self._splicer.changed:
            return self._data
        return encode(self._splicer.render(), self._info)

    def skeleton(self, locale: str) -> bytes:
        return encode("", TextInfo(self._info.encoding, self._info.bom))


class BinaryStringsDocument(Document):
    """A binary-plist ``.strings`` file: readable, not editable."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        try:
            loaded = plistlib.loads(data, fmt=plistlib.FMT_BINARY)
        except (
            plistlib.InvalidFileException,
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            OverflowError,
        ) as error:
            raise FormatError(f"malformed binary plist: {error}", path=path) from None
        except RecursionError:  # not Python's own words: the file is what is wrong
            raise FormatError(
                "malformed binary plist: objects nested too deeply", path=path
            ) from None
        if not isinstance(loaded, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
        ):
            raise FormatError("binary plist is not a dictionary of strings", path=path)
        if len(loaded) > MAX_ENTRIES:
            raise FormatError(f"more than {MAX_ENTRIES:,} entries", path=path)
        self._data = data
        self._entries = [Entry(key=k, value=v) for k, v in loaded.items()]

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def _read_only(self) -> FormatError:
        return FormatError(
            "binary-plist .strings files are read-only; convert it with "
            "`plutil -convert utf8 FILE` to edit",
            path=self.path,
        )

    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        raise self._read_only()

    def remove(self, key: str) -> None:
        raise self._read_only()

    def dump(self) -> bytes:
        return self._data

    def skeleton(self, locale: str) -> bytes:
        return b""
