"""Apple ``.strings`` files: "key" = "value"; pairs with comments, UTF-8 or UTF-16.

Binary-plist ``.strings`` (``bplist00``) are read; editing them raises FormatError.
"""

from __future__ import annotations

import plistlib
import re
from dataclasses import dataclass

from catalog._lazy_spans import LazySpanDocument
from catalog._splice import LineIndex, Splicer, blank_prefix, line_start, whole_lines
from catalog._text import TextInfo, check_size, check_value, decode, encode
from catalog.base import MAX_ENTRIES, Document, Entry, FormatError, Value
from catalog.formats._strings_fast import QUOTED, read_fast
from catalog.formats._strings_text import escape, unescape

__all__ = ["FORMAT", "StringsDocument", "parse"]

FORMAT = "ios-strings"

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    | (?P<block>/\*.*?\*/)
    | (?P<line>//[^\r\n]*)
    | "(?P<quoted>{QUOTED})"
    | (?P<bare>(?:(?!/[*/])[A-Za-z0-9_.$:/+-])++)
    | (?P<punct>[=;])
    """.replace("{QUOTED}", QUOTED),
    re.VERBOSE | re.DOTALL,
)


@dataclass
class _Pair:
    key: str
    value: str
    start: int
    end: int
    value_start: int
    value_end: int
    comment: str | None
    comment_start: int | None
    shorthand: bool = False  # written as `"key";`, the value being the key


def parse(path: str, data: bytes) -> Document:
    """Parse a ``.strings`` file (text, or binary plist read-only)."""
    check_size(path, data)
    if data.startswith(b"bplist00"):
        return BinaryStringsDocument(path, data)
    return StringsDocument(path, data)


def _comment_text(raw: str) -> str:
    if raw.startswith("/*"):
        return raw[2:-2].strip()
    return raw[2:].strip()


class _Scanner:
    """Splits the text into key/value pairs with offsets, raising FormatError on junk."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.lines = LineIndex(text)

    def error(self, message: str, offset: int) -> FormatError:
        line = self.lines.line(offset)
        column = offset - line_start(self.text, offset) + 1
        return FormatError(message, path=self.path, line=line, column=column)

    def tokens(self) -> list[re.Match[str]]:
        text = self.text
        found: list[re.Match[str]] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                if text.startswith("/*", position):
                    raise self.error("unclosed /* comment", position)
                if text.startswith('"', position):
                    raise self.error("unterminated quoted string", position)
                raise self.error(f"unexpected character {text[position]!r}", position)
            if match.lastgroup != "space":
                found.append(match)
            position = match.end()
        return found

    def pairs(self) -> list[_Pair]:
        tokens = self.tokens()
        pairs: list[_Pair] = []
        comment: re.Match[str] | None = None
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.lastgroup in ("block", "line"):
                comment = token
                index += 1
                continue
            pair, index = self._pair(tokens, index, comment)
            pairs.append(pair)
            comment = None
            if len(pairs) > MAX_ENTRIES:
                raise self.error(f"more than {MAX_ENTRIES:,} entries", token.start())
        return pairs

    def _string(self, token: re.Match[str], what: str) -> str:
        if token.lastgroup == "quoted":
            return unescape(token.group("quoted"))
        if token.lastgroup == "bare":
            return token.group("bare")
        raise self.error(f"expected a {what}, found {token.group(0)!r}", token.start())

    def _pair(
        self, tokens: list[re.Match[str]], index: int, comment: re.Match[str] | None
    ) -> tuple[_Pair, int]:
        key_token = tokens[index]
        key = self._string(key_token, "quoted key")
        following = self._next(tokens, index + 1, key_token)
        if following.group(0) == ";":  # "key"; means the value is the key
            value_token, end_token, next_index = key_token, following, index + 2
        else:
            if following.group(0) != "=":
                raise self.error(f"expected '=' after key {key!r}", following.start())
            value_token = self._next(tokens, index + 2, following)
            end_token = self._next(tokens, index + 3, value_token)
            if end_token.group(0) != ";":
                raise self.error(f"missing ';' after the value of {key!r}", end_token.start())
            next_index = index + 4
        value = self._string(value_token, "quoted value")
        text_between = self.text[comment.end() : key_token.start()] if comment else ""
        attached = comment if comment is not None and text_between.count("\n") <= 1 else None
        inner_start = value_token.start("quoted") if value_token.lastgroup == "quoted" else -1
        return (
            _Pair(
                key=key,
                value=value,
                start=key_token.start(),
                end=end_token.end(),
                value_start=inner_start if inner_start >= 0 else value_token.start(),
                value_end=value_token.end("quoted") if inner_start >= 0 else value_token.end(),
                comment=_comment_text(attached.group(0)) if attached else None,
                comment_start=attached.start() if attached else None,
                shorthand=value_token is key_token,
            ),
            next_index,
        )

    def _next(
        self, tokens: list[re.Match[str]], index: int, previous: re.Match[str]
    ) -> re.Match[str]:
        while index < len(tokens) and tokens[index].lastgroup in ("block", "line"):
            index += 1
        if index >= len(tokens):
            raise self.error("file ends in the middle of an entry", previous.end())
        return tokens[index]


_whole_lines = whole_lines


class StringsDocument(LazySpanDocument):
    """A text ``.strings`` file, edited in place."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, self._info = decode(path, data, allow_utf16=True)
        self._data = data
        self._text = text
        self._splicer_built: Splicer | None = None
        self._separators: list[str] = []
        self._blank_line: str | None = None
        self._scanned: dict[str, _Pair] | None = None
        read = read_fast(text, MAX_ENTRIES)
        if read is None:
            self._scan()
        else:  # the token scanner (offsets for edits) waits for the first edit
            self._entries: dict[str, Entry] = read

    def _scan(self) -> dict[str, _Pair]:
        """Every pair with its offsets; entries are (re)read from the scan."""
        scanner = _Scanner(self.path, self._text)
        self._scanned = {}
        self._entries = {}
        for pair in scanner.pairs():
            self._add(pair, scanner.lines)
        return self._scanned

    @property
    def _pairs(self) -> dict[str, _Pair]:
        return self._scan() if self._scanned is None else self._scanned

    @property
    def _splicer(self) -> Splicer:
        """The editing engine, with every pair's span (built when first needed)."""
        if self._splicer_built is None:
            text = self._text
            splicer = Splicer(text)
            previous: _Pair | None = None
            for pair in self._pairs.values():
                start, end = _whole_lines(text, pair.start, pair.end)
                lead = start
                if pair.comment_start is not None:
                    prefix = blank_prefix(text, pair.comment_start)
                    if prefix is not None:
                        lead = pair.comment_start - len(prefix)
                if previous is not None:
                    self._separators.append(text[previous.end : pair.start])
                splicer.add_span(pair.key, start, end, lead=min(lead, start))
                previous = pair
            self._splicer_built = splicer
        return self._splicer_built

    def _add(self, pair: _Pair, lines: LineIndex) -> None:
        pairs = self._scanned
        assert pairs is not None
        if pair.key in pairs:  # later definitions win in Foundation; keep the first span
            raise FormatError(
                f"duplicate key {pair.key!r} (first on line {lines.line(pairs[pair.key].start)})",
                path=self.path,
                line=lines.line(pair.start),
            )
        pairs[pair.key] = pair
        self._entries[pair.key] = Entry(
            key=pair.key, value=pair.value, comment=pair.comment, line=lines.line(pair.start)
        )

    def _built_splicer(self) -> Splicer | None:
        return self._splicer_built

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
        existing = self.get(key)
        pair = self._pairs.get(key)
        if existing is not None and pair is not None and not pair.shorthand:
            # the value has its own token (not the `"key";` shorthand): rewrite just it
            start, end = self._splicer.span(key)
            text = self._text
            quoted = text[pair.value_start - 1] == '"'
            new_value = escape(value) if quoted else f'"{escape(value)}"'
            self._splicer.replace(
                key, text[start : pair.value_start] + new_value + text[pair.value_end : end]
            )
        elif existing is not None:
            self._splicer.replace(key, self._render_new(key, value, None).lstrip("\r\n"))
        else:
            if after is not None and after not in self._splicer:
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
        if self._pairs:
            last = self._pairs[next(reversed(self._pairs))]
            indent = blank_prefix(self._text, last.start) or ""
        blank = self._blank_line_style()
        lines = []
        if comment:
            lines.append(f"{indent}/* {comment.replace('*/', '* /')} */")
        lines.append(f'{indent}"{escape(key)}" = "{escape(value)}";')
        return blank + newline.join(lines) + newline

    def _blank_line_style(self) -> str:
        """A blank line before new entries when the file separates entries that way."""
        if self._blank_line is None:  # the original separators decide, once
            self._splicer  # noqa: B018 (building it collects the separators)
            spaced = sum(1 for gap in self._separators if gap.count("\n") >= 2)
            self._blank_line = self._splicer.newline if spaced * 2 > len(self._separators) else ""
        return self._blank_line

    def remove(self, key: str) -> None:
        if key not in self._splicer:
            raise KeyError(key)
        self._splicer.remove(key)
        self._pairs.pop(key, None)
        del self._entries[key]

    def dump(self) -> bytes:
        if self._splicer_built is None or not self._splicer.changed:
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
