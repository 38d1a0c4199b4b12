"""A line tokenizer for gettext PO files that keeps each message's span in the text.

Messages keep their raw comment lines and the offsets where their keyword lines and
msgstr lines begin, so an edit rewrites only the lines it has to. Obsolete (``#~``)
messages and stray comment blocks are not messages: they stay in the text verbatim.

>>> text = 'msgid ""\\nmsgstr "Language: fr\\\\n"\\n\\n#, fuzzy\\nmsgid "Hi"\\nmsgstr "Salut"\\n'
>>> header, message = parse_messages("fr.po", text)
>>> message.msgid, message.msgstr, message.flags, message.line
('Hi', 'Salut', ['fuzzy'], 5)
"""

from __future__ import annotations

import re

from catalog.base import FormatError
from catalog.formats._po_plural import MAX_FORMS
from catalog.formats._po_syntax import unescape

__all__ = [
    "MSGSTR",
    "STRINGS",
    "PoMessage",
    "joined_strings",
    "parse_messages",
    "parse_messages_by_line",
]

# a literal's content unrolled and possessive (``(?:[^"\\]|\\.)*`` kept backtracking
# state per character: a gigabyte for a long line)
_CONTENT = r'[^"\\]*+(?:\\.[^"\\]*+)*+'
_KEYWORD = re.compile(
    rf'(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)[ \t]+"({_CONTENT})"[ \t]*\Z'
)
_CONTINUATION = re.compile(rf'[ \t]*"({_CONTENT})"[ \t]*\Z')


class PoMessage:
    """One message (the header is the one with an empty msgid and no context).

    Messages found by the whole-message scan keep their msgstr and comment lines raw and
    decode them when first read.
    """

    __slots__ = (
        "_comments",
        "_comments_raw",
        "_msgstr",
        "_msgstr_plural",
        "_strs_raw",
        "end",
        "has_msgid",
        "has_msgstr",
        "keywords",
        "lead",
        "line",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr_start",
        "start",
    )

    def __init__(self, lead: int, start: int, keywords: int, msgstr_start: int) -> None:
        self.lead = lead  # where the blank lines before it begin
        self.start = start  # its first line (comments included)
        self.keywords = keywords  # its first keyword line (msgctxt or msgid)
        self.msgstr_start = msgstr_start  # its first msgstr line
        self.end = -1  # just past its last line
        self.line = 0  # 1-based line of its msgid
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgid_plural: str | None = None
        self.has_msgid = False
        self.has_msgstr = False
        self._comments: list[str] | None = []
        self._comments_raw = ""
        self._msgstr = ""
        self._msgstr_plural: dict[int, str] | None = {}
        self._strs_raw: str | None = None

    @property
    def comments(self) -> list[str]:
        """Raw comment lines, without their newline."""
        if self._comments is None:
            lines = self._comments_raw.split("\n")[:-1]
            self._comments = [line[:-1] if line.endswith("\r") else line for line in lines]
        return self._comments

    @comments.setter
    def comments(self, lines: list[str]) -> None:
        self._comments = lines

    def _decode_strs(self) -> None:
        raw = self._strs_raw
        if raw is None:
            return
        self._strs_raw = None
        forms: dict[int, str] = {}
        for index, strings in _MSGSTR.findall(raw):
            if index:
                forms[int(index)] = joined_strings(strings)
            else:
                self._msgstr = joined_strings(strings)
        self._msgstr_plural = forms

    @property
    def msgstr(self) -> str:
        self._decode_strs()
        return self._msgstr

    @msgstr.setter
    def msgstr(self, text: str) -> None:
        self._msgstr = text

    @property
    def msgstr_plural(self) -> dict[int, str]:
        self._decode_strs()
        assert self._msgstr_plural is not None
        return self._msgstr_plural

    @msgstr_plural.setter
    def msgstr_plural(self, forms: dict[int, str]) -> None:
        self._msgstr_plural = forms

    def as_dict(self) -> dict[str, object]:
        """Every field, decoded (for comparing the two readers)."""
        return {
            name: getattr(self, name)
            for name in (
                "lead", "start", "keywords", "msgstr_start", "end", "line", "comments",
                "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural",
                "has_msgid", "has_msgstr",
            )
        }  # fmt: skip

    @property
    def key(self) -> str:
        """msgid, or msgctxt EOT msgid (the gettext convention) when there is a context."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def flags(self) -> list[str]:
        return [
            flag.strip()
            for line in self.comments
            if line.startswith("#,")
            for flag in line[2:].split(",")
            if flag.strip()
        ]

    def comments_of(self, marker: str) -> list[str]:
        """Comment texts of one kind: '.' extracted, ':' references, ' ' translator."""
        if marker == " ":
            return [
                line[2:] if line.startswith("# ") else line[1:]
                for line in self.comments
                if line == "#" or line.startswith("# ")
            ]
        prefix = "#" + marker
        return [line[len(prefix) :].strip() for line in self.comments if line.startswith(prefix)]


class _Tokenizer:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.messages: list[PoMessage] = []
        self.current: PoMessage | None = None
        self.section = ""  # field the continuation lines extend
        self.plural_index = 0
        self.comments: list[str] = []
        self.comments_start = -1
        self.comments_lead = -1
        self.gap_start = -1  # first blank line of the latest run of blank lines
        self.previous_blank = False

    def error(self, message: str, line: int) -> FormatError:
        return FormatError(message, path=self.path, line=line)

    def run(self) -> list[PoMessage]:
        offset = 0
        text = self.text
        for number, raw in enumerate(text.split("\n"), start=1):
            end = offset + len(raw) + 1
            content = raw[:-1] if raw.endswith("\r") else raw
            if not content.strip():
                if raw or end <= len(text):
                    self.blank(offset)
                continue_blank = True
            else:
                if content[0] == "#":
                    self.comment(content, offset, number)
                elif content.lstrip()[0] == '"':
                    self.continuation(content, number)
                else:
                    self.keyword(content, offset, number)
                continue_blank = False
            self.previous_blank = continue_blank
            if self.current is not None:
                self.current.end = min(end, len(text))
            offset = end
        self.finish()
        self.comments = []
        return self.messages

    def blank(self, offset: int) -> None:
        self.finish()
        self.comments = []
        if not self.previous_blank:
            self.gap_start = offset

    def comment(self, content: str, offset: int, number: int) -> None:
        if self.current is not None:
            if not self.current.has_msgstr:
                raise self.error("comment line inside a message, before its msgstr", number)
            self.finish()
        if not self.comments:
            self.comments_start = offset
            self.comments_lead = self.gap_start if self.previous_blank else offset
        self.comments.append(content)

    def continuation(self, content: str, number: int) -> None:
        match = _CONTINUATION.match(content)
        if match is None:
            raise self.error('malformed string: expected "..." with escaped quotes', number)
        if self.current is None or not self.section:
            raise self.error("string continuation line outside a message", number)
        self.extend(unescape(match.group(1)))

    def extend(self, text: str) -> None:
        message = self.current
        assert message is not None
        if self.section == "msgctxt":
            message.msgctxt = (message.msgctxt or "") + text
        elif self.section == "msgid":
            message.msgid += text
        elif self.section == "msgid_plural":
            message.msgid_plural = (message.msgid_plural or "") + text
        elif self.section == "msgstr":
            message.msgstr += text
        else:
            forms = message.msgstr_plural
            forms[self.plural_index] = forms.get(self.plural_index, "") + text

    def keyword(self, content: str, offset: int, number: int) -> None:
        match = _KEYWORD.match(content)
        if match is None:
            word = content.split(None, 1)[0][:40]
            if word.startswith(("msgctxt", "msgid", "msgstr")):
                raise self.error(
                    f'malformed string after {word}: expected "..." with escaped quotes', number
                )
            raise self.error(
                f"unexpected {word!r}: expected msgctxt, msgid, msgstr or a comment", number
            )
        keyword, index, value = match.groups()
        message = self.current
        if keyword in ("msgctxt", "msgid") and message is not None and message.has_msgstr:
            self.finish()
            message = None
        if message is None:
            message = self.start(offset, number)
        self.check_order(message, keyword, number)
        if keyword.startswith("msgstr"):
            if not message.has_msgstr:
                message.msgstr_start = offset
            message.has_msgstr = True
            if index is not None:
                if len(index) > 2 or int(index) >= MAX_FORMS:
                    raise self.error(f"msgstr[{index}]: at most {MAX_FORMS} plural forms", number)
                self.section, self.plural_index = "msgstr[]", int(index)
                message.msgstr_plural[self.plural_index] = ""
            else:
                self.section = "msgstr"
        else:
            self.section = keyword
            if keyword == "msgid":
                message.has_msgid = True
                message.line = number
        self.extend(unescape(value))

    def start(self, offset: int, number: int) -> PoMessage:
        if self.comments:
            start, lead = self.comments_start, self.comments_lead
        else:
            start = offset
            lead = self.gap_start if self.previous_blank else offset
        message = PoMessage(lead=lead, start=start, keywords=offset, msgstr_start=offset)
        message.comments = self.comments
        message.line = number
        self.comments = []
        self.current = message
        return message

    def check_order(self, message: PoMessage, keyword: str, number: int) -> None:
        if keyword == "msgctxt" and (message.has_msgid or message.msgctxt is not None):
            raise self.error("msgctxt must come first in a message, once", number)
        if keyword == "msgid" and message.has_msgid:
            raise self.error("second msgid in one message: separate messages by msgstr", number)
        if keyword == "msgid_plural" and (not message.has_msgid or message.has_msgstr):
            raise self.error("msgid_plural must follow msgid", number)
        if keyword.startswith("msgstr") and not message.has_msgid:
            raise self.error("msgstr without a msgid", number)
        plural = keyword != "msgstr" and keyword.startswith("msgstr")
        if keyword.startswith("msgstr") and plural != (message.msgid_plural is not None):
            expected = "msgstr[N]" if message.msgid_plural is not None else "msgstr"
            raise self.error(f"expected {expected} for this message", number)

    def finish(self) -> None:
        message = self.current
        if message is not None:
            if not message.has_msgstr:
                raise self.error("message without a msgstr", message.line)
            self.messages.append(message)
            self.current = None
        self.section = ""


# Possessive quantifiers (``*+``, ``++``) never give characters back: what follows each
# one cannot start with what it consumed, so the matches are those of plain ``*``, found
# without the engine keeping a backtrack point per character or per line.
_STRING = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
#: Adjacent string literals, one per line (a field continued on the lines below it).
STRINGS = rf"{_STRING}[ \t]*+(?:\r?\n[ \t]*+{_STRING}[ \t]*+)*+"
#: A whole well-formed message (verbose syntax); anything else goes to the line tokenizer.
_MESSAGE_PATTERN = rf"""
    (?P<comments>(?:\#[^\n]*+\n)*+)
    (?P<keywords>
      (?:msgctxt[ \t]+(?P<ctxt>{STRINGS})\r?\n)?
      msgid[ \t]+(?P<id>{STRINGS})\r?\n
      (?:msgid_plural[ \t]+(?P<plural>{STRINGS})\r?\n)?
    )
    (?P<strs>msgstr(?:\[[0-9]{{1,2}}\])?[ \t]+{STRINGS}
      (?:\r?\nmsgstr\[[0-9]{{1,2}}\][ \t]+{STRINGS})*+)
    [ \t]*(?:\r?\n|\Z)
    """
_MESSAGE = re.compile(_MESSAGE_PATTERN, re.VERBOSE)
#: One msgstr field: its index (empty for plain msgstr) and its string literals.
MSGSTR = _MSGSTR = re.compile(rf"msgstr(?:\[([0-9]+)\])?[ \t]+({STRINGS})")
_STRING_CONTENT = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
_BLANKS = re.compile(r"(?:[ \t]*\r?\n)+|[ \t]+\Z")
_COMMENT_BLOCK = re.compile(r"(?:\#[^\n]*(?:\n|\Z))+")


# A literal's closing quote, the newline and the next literal's opening quote: where two
# literals on consecutive lines meet with no blanks or carriage return around them (a
# literal's content holds no newline, so this is never inside one).
_BARE_BREAK = '"\n"'


def joined_strings(strings: str) -> str:
    r"""The text of adjacent string literals (``"a"`` lines), unescaped.

    ``strings`` is well-formed, as ``STRINGS`` matches it.

    >>> joined_strings('""\n"a\\n"\n"b"'), joined_strings('"\\1"\n"2"')
    ('a\nb', '\x012')
    """
    body = strings[1:-1]
    if strings[-1] == '"':
        merged = body.replace(_BARE_BREAK, "") if "\n" in body else body
        if "\n" not in merged:  # each literal is a whole line: merged is their contents
            if "\\" not in merged:
                return merged
            # escapes are decoded per literal: "\1" "2" is U+0001 then "2", not "\12"
            return "".join(map(unescape, body.split(_BARE_BREAK)))
    parts = _STRING_CONTENT.findall(strings)  # blanks or carriage returns around literals
    joined = "".join(parts)
    return "".join(map(unescape, parts)) if "\\" in joined else joined


def _fast_messages(text: str) -> list[PoMessage] | None:
    """Messages by whole-message regular expressions; None when the line tokenizer must
    decide (unusual layout or an error to report)."""
    messages: list[PoMessage] = []
    position = 0
    line = 1
    counted = 0
    gap = -1  # start of the blank lines just passed, or -1
    size = len(text)
    while position < size:
        blanks = _BLANKS.match(text, position)
        if blanks is not None and blanks.end() > position:
            gap = position
            position = blanks.end()
            continue
        match = _MESSAGE.match(text, position)
        if match is None:
            block = _COMMENT_BLOCK.match(text, position)
            if block is None:
                return None
            position = block.end()
            if position < size and _BLANKS.match(text, position) is None:
                return None  # comments run into something that is not a message
            gap = -1
            continue
        keywords = match.start("keywords")
        strs = match.group("strs")
        plural = match.group("plural")
        if plural is None:
            if not strs.startswith("msgstr ") and not strs.startswith("msgstr\t"):
                return None
            if "msgstr[" in strs:
                return None
        elif not strs.startswith("msgstr["):
            return None
        message = PoMessage(position if gap < 0 else gap, position, keywords, match.start("strs"))
        message.end = match.end()
        id_start = keywords if match.group("ctxt") is None else text.index("msgid", keywords)
        line += text.count("\n", counted, id_start)
        counted = id_start
        message.line = line
        comments = match.group("comments")
        if comments:
            message._comments = None
            message._comments_raw = comments
        context = match.group("ctxt")
        if context is not None:
            message.msgctxt = joined_strings(context)
        message.msgid = joined_strings(match.group("id"))
        message.has_msgid = message.has_msgstr = True
        if plural is not None:
            message.msgid_plural = joined_strings(plural)
        message._strs_raw = strs
        message._msgstr_plural = None
        messages.append(message)
        position = match.end()
        gap = -1
    return messages


def parse_messages(path: str, text: str) -> list[PoMessage]:
    """Messages of a PO file in order (obsolete ones excluded); FormatError on bad syntax."""
    messages = _fast_messages(text)
    if messages is None:
        messages = _Tokenizer(path, text).run()
    return messages


def parse_messages_by_line(path: str, text: str) -> list[PoMessage]:
    """The line tokenizer alone (the reference the fast path is tested against)."""
    return _Tokenizer(path, text).run()
