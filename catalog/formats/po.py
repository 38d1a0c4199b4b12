"""gettext PO/POT catalogs, edited line by line so untouched messages stay byte-identical.

Keys are msgids, or ``msgctxt + '\\x04' + msgid`` when a message has a context (the
gettext convention). In a ``.po`` file the value is the translation (msgstr; plural forms
keyed by CLDR category through the header's Language and Plural-Forms); in a ``.pot``
template it is the source text (msgid, and msgid_plural as ``other``). An empty msgstr
means untranslated. Obsolete (``#~``) messages are kept verbatim and are not entries.

>>> doc = parse("fr.po", b'msgid ""\\nmsgstr "Language: fr\\\\n"\\n\\nmsgid "Hi"\\nmsgstr ""\\n')
>>> doc.set("Hi", "Salut")
>>> print(doc.dump().decode(), end="")
msgid ""
msgstr "Language: fr\\n"
<BLANKLINE>
msgid "Hi"
msgstr "Salut"
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from functools import cached_property

from catalog._splice import Splicer
from catalog._text import (
    TextInfo,
    check_not_utf8,
    check_size,
    check_value,
    decode,
    encode,
    text_codec,
)
from catalog.base import MAX_ENTRIES, Entry, FormatError, SplicedDocument, Value
from catalog.formats._po_parse import MSGSTR, PoMessage, parse_messages
from catalog.formats._po_plural import (
    PluralFormsError,
    header_fields,
    locale_header,
    plural_categories,
    plural_count,
)
from catalog.formats._po_syntax import WRAP_WIDTH, field_lines

__all__ = ["FORMAT", "PoDocument", "parse"]

FORMAT = "po"

_tuple_new = tuple.__new__  # an Entry made in one C call (as base.build_entry does)
_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)")


def _decode(path: str, data: bytes) -> tuple[str, TextInfo]:
    check_size(path, data)  # whatever the charset
    match = _CHARSET.search(data, 0, 65536)  # in the first 64 KiB (no copy of them)
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        codecs.lookup(declared)
    except LookupError:
        declared = "utf-8"  # e.g. the template placeholder "CHARSET"
    charset = text_codec(declared, path=path)  # not zlib, rot13, utf-7, idna...
    if charset == "utf-8":
        return decode(path, data)
    check_not_utf8(path, data, declared)
    try:
        return data.decode(charset), TextInfo(charset)
    except UnicodeDecodeError as error:  # an ASCII-compatible charset: count b"\n"
        raise FormatError(
            f"bytes do not match the declared charset {charset} ({error.reason})",
            path=path,
            line=data.count(b"\n", 0, error.start) + 1,
        ) from None


class PoDocument(SplicedDocument):
    """A gettext catalog (``.po`` translation or ``.pot`` template)."""

    format = FORMAT

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        self._data = data
        text, self._info = _decode(path, data)
        #: the encoding values are checked against (UTF-8 holds all but lone surrogates,
        #: which check_value refuses anyway)
        self._encoding = None if self._info.encoding == "utf-8" else self._info.encoding
        self._text = text
        self.is_template = path.lower().endswith(".pot")
        try:
            self._read()
        except PluralFormsError as error:
            raise FormatError(str(error), path=path) from None

    def _read(self) -> None:
        """Messages, entries and the editing spans, from the one reading of the text."""
        path = self.path
        parsed = parse_messages(path, self._text)
        # the key: msgid, or msgctxt EOT msgid; the header's is "" (no other message's)
        keys = [m.msgid if m.msgctxt is None else f"{m.msgctxt}\x04{m.msgid}" for m in parsed]
        messages = dict(zip(keys, parsed, strict=True))
        if len(messages) != len(parsed) or len(messages) > MAX_ENTRIES:
            _refuse_messages(path, keys, parsed)
        splicer = Splicer(self._text)
        splicer.add_spans(
            keys,
            [m.start for m in parsed],
            [m.end for m in parsed],
            [m.lead for m in parsed],
        )
        header = messages.get("")
        self._header_text = header.msgstr if header is not None else None
        fields = self.header
        self._categories = plural_categories(
            fields.get("Language", ""), fields.get("Plural-Forms", "")
        )
        self._messages = messages
        self._splicer = splicer
        self._entries = self._entries_of(messages)

    def _entries_of(self, messages: dict[str, PoMessage]) -> dict[str, Entry]:
        """Every message's entry (the header is none)."""
        entries: dict[str, Entry] = {}
        template = self.is_template
        for key, message in messages.items():
            if not key:
                continue
            plural = message.msgid_plural is not None
            value: Value = message.msgstr
            if template:
                value = message.msgid
                if plural:
                    value = {"one": message.msgid, "other": message.msgid_plural or ""}
            elif plural:
                forms = message.msgstr_plural
                value = {self._category(i): forms[i] for i in sorted(forms)}
            kind = "plural" if plural else "string"
            context, comment = message.msgctxt, message.extracted_comment
            entries[key] = _tuple_new(
                Entry, (key, value, comment, context, None, True, message.line, kind)
            )
        return entries

    @cached_property
    def _wrap(self) -> int:
        """msgcat's line width for written strings, 0 when the file is not wrapped."""
        return 0 if _written_without_wrapping(self._text) else WRAP_WIDTH

    # reading -------------------------------------------------------------------------
    @property
    def header(self) -> dict[str, str]:
        """Header fields (``Language``, ``Plural-Forms``, ...)."""
        return header_fields(self._header_text) if self._header_text is not None else {}

    @property
    def plural_categories(self) -> tuple[str, ...]:
        """The CLDR category of each msgstr[N]."""
        return self._categories

    def _category(self, index: int) -> str:
        return self._categories[index] if index < len(self._categories) else str(index)

    def fuzzy_keys(self) -> list[str]:
        """Keys whose translation is marked fuzzy (needs review) and not yet replaced."""
        current, text = self._splicer.current, self._text
        return [
            key
            for key, message in self._messages.items()
            if key in self._entries
            and _is_fuzzy(message)
            and current(key) == text[message.start : message.end]  # not edited
        ]

    # editing -------------------------------------------------------------------------
    def _msgstr_lines(
        self, value: Value, plural: bool, message: PoMessage | None = None
    ) -> list[str]:
        """The msgstr lines for ``value``; with the ``message`` it replaces, a form whose
        text is unchanged keeps its lines as written, and a ``msgstr[N]`` the header does
        not account for (more forms than ``nplurals``) is kept unless ``value`` sets it."""
        if not plural:
            text = value if isinstance(value, str) else value.get("other", "")
            return field_lines("msgstr", text, width=self._wrap)
        forms = _forms(value)
        written = message.msgstr_plural if message is not None else {}
        blocks = _msgstr_blocks(self._text, message) if message is not None else {}
        header_count = max(len(self._categories), 1)
        lines: list[str] = []
        for index in range(max(header_count, max(written, default=-1) + 1)):
            category = self._category(index)
            form = forms[category] if category in forms else forms.get(str(index))
            if form is None and index < header_count:
                form = ""
            if index in blocks and (form is None or form == written.get(index)):
                lines += blocks[index]  # as the translator wrote it
            elif form is not None:
                lines += field_lines(f"msgstr[{index}]", form, width=self._wrap)
        return lines

    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        if not key or key[-1] == "\x04":  # the empty msgid, with or without a context
            raise ValueError(
                f"a PO message needs a non-empty msgid (the empty msgid is the header): {key!r}"
            )
        check_value(key, value, comment=comment, encoding=self._encoding)
        message = self._messages.get(key)
        previous = self._entries.get(key)
        if previous is None or message is None:
            self._add(key, value, comment, after)
            return
        if self.is_template:
            if value != previous.value:
                raise ValueError("a template's value is its msgid: add a new key instead")
            return
        fuzzy = _is_fuzzy(message)
        if value == previous.value and not fuzzy:
            return
        text = self._text
        if fuzzy:  # its comment lines without the flag, then its keyword lines
            head = self._unfuzzy(message) + text[message.keywords : message.msgstr_start]
        else:  # comment and keyword lines as written
            head = text[message.start : message.msgstr_start]
        plural = message.msgid_plural is not None
        msgstr = self._join(self._msgstr_lines(value, plural, message))
        self._splicer.replace(key, head + msgstr)
        self._entries[key] = _tuple_new(Entry, (key, _normalised(value, plural), *previous[2:]))

    def _unfuzzy(self, message: PoMessage) -> str:
        """The message's comment lines without the fuzzy flag and previous-msgid lines."""
        if "fuzzy" not in message.comments_raw and "#|" not in message.comments_raw:
            return self._text[message.start : message.keywords]  # nothing to drop
        lines: list[str] = []
        for line in message.comments:
            if line.startswith("#|"):
                continue
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() not in ("", "fuzzy")]
                if not flags:
                    continue
                line = "#, " + ", ".join(flags)
            lines.append(line)
        return self._join(lines)

    def _join(self, lines: list[str]) -> str:
        newline = self._splicer.newline
        return newline.join(lines) + newline if lines else ""

    def _add(self, key: str, value: Value, comment: str | None, after: str | None) -> None:
        context, _, msgid = key.rpartition("\x04") if "\x04" in key else ("", "", key)
        plural = not isinstance(value, str)
        lines = [f"#. {line}".rstrip() for line in (comment or "").split("\n") if comment]
        if "\x04" in key:
            lines += field_lines("msgctxt", context, width=self._wrap)
        lines += field_lines("msgid", msgid, width=self._wrap)
        if plural:
            forms = _forms(value)
            source_plural = forms.get("other", msgid) if self.is_template else msgid
            lines += field_lines("msgid_plural", source_plural, width=self._wrap)
        if self.is_template:
            count = 2 if plural else 0
            lines += [f'msgstr[{i}] ""' for i in range(count)] or ['msgstr ""']
        else:
            lines += self._msgstr_lines(value, plural)
        anchor = after if after in self._entries else None
        self._splicer.insert(key, self._splicer.newline + self._join(lines), after=anchor)
        entry_value = value if self.is_template else _normalised(value, plural)
        self._entries[key] = Entry(
            key,
            entry_value,
            comment=comment,
            context=context if "\x04" in key else None,
            kind="plural" if plural else "string",
        )

    def remove(self, key: str) -> None:
        if key not in self._entries:
            raise KeyError(key)
        self._splicer.remove(key)
        del self._entries[key]
        self._messages.pop(key, None)

    def dump(self) -> bytes:
        if not self._splicer.changed:
            return self._data
        return encode(self._splicer.render(), self._info)

    def skeleton(self, locale: str) -> bytes:
        """What msginit makes: a header for ``locale`` and every message, untranslated.

        Messages keep their comments, references, context and msgid/msgid_plural lines
        as written (fuzzy flags and previous-msgid lines dropped); msgstr lines are empty,
        one per plural form of ``locale``. Obsolete messages are left out.
        """
        newline = self._splicer.newline
        fields = locale_header(locale, self.header)
        forms = plural_count(dict(fields)["Plural-Forms"])
        plural_lines = [f'msgstr[{index}] ""' for index in range(forms)]
        header_text = "".join(f"{name}: {value}\n" for name, value in fields)
        header = ['msgid ""', *field_lines("msgstr", header_text, width=WRAP_WIDTH)]
        blocks = [self._join(header)]
        empty = {False: self._join(['msgstr ""']), True: self._join(plural_lines)}
        for key in self.keys():
            message = self._messages.get(key)
            if message is None:  # added in this session: no source lines to copy
                continue
            comments = self._unfuzzy(message)
            body = self._text[message.keywords : message.msgstr_start]
            blocks.append(comments + body + empty[message.msgid_plural is not None])
        return encode(newline.join(blocks), TextInfo())


def _refuse_messages(path: str, keys: list[str], parsed: list[PoMessage]) -> None:
    """The error for a message defined twice, or for more than MAX_ENTRIES messages,
    whichever comes first in the file."""
    lines: dict[str, int] = {}
    for key, message in zip(keys, parsed, strict=True):
        if key in lines:
            raise FormatError(
                f"message {message.msgid!r} is defined twice (first on line {lines[key]})",
                path=path,
                line=message.line,
            )
        lines[key] = message.line
        if len(lines) > MAX_ENTRIES:
            raise FormatError(f"more than {MAX_ENTRIES:,} messages; split the file", path=path)


def _is_fuzzy(message: PoMessage) -> bool:
    return "fuzzy" in message.comments_raw and "fuzzy" in message.flags


def _written_without_wrapping(text: str) -> bool:
    """Whether a line is longer than msgcat leaves lines where it could have broken it.

    >>> _written_without_wrapping("a\\n" + "x" * 20 + " " + "y" * 70)
    True
    >>> _written_without_wrapping("z" * 90)
    False
    """
    return any(" " in line[10:WRAP_WIDTH] for line in _LONG_LINE.findall(text))


#: A line over msgcat's width (its ``\r`` counted, as a line split at ``\n`` holds it).
_LONG_LINE = re.compile(rf"^[^\n]{{{WRAP_WIDTH + 2},}}", re.MULTILINE)


def _msgstr_blocks(text: str, message: PoMessage) -> dict[int, list[str]]:
    """The lines of each ``msgstr[N]`` of a message as written (N -> lines, no newlines).

    >>> from catalog.formats._po_parse import parse_messages
    >>> po = 'msgid "a"\\nmsgid_plural "b"\\nmsgstr[0] ""\\n"x"\\nmsgstr[1] "y"\\n'
    >>> _msgstr_blocks(po, parse_messages("a.po", po)[0])
    {0: ['msgstr[0] ""', '"x"'], 1: ['msgstr[1] "y"']}
    """
    blocks: dict[int, list[str]] = {}
    for written in MSGSTR.finditer(text, message.msgstr_start, message.end):
        blocks.setdefault(int(written.group(1)), []).extend(_LINE_BREAK.split(written.group()))
    return blocks


_LINE_BREAK = re.compile(r"\r?\n")


def _forms(value: Value) -> Mapping[str, str]:
    return {"other": value} if isinstance(value, str) else value


def _normalised(value: Value, plural: bool) -> Value:
    if plural and isinstance(value, str):
        return {"other": value}
    if not plural and not isinstance(value, str):
        return value.get("other", "")
    return value


def parse(path: str, data: bytes) -> PoDocument:
    """Parse a PO or POT file; FormatError on bad input."""
    return PoDocument(path, data)
