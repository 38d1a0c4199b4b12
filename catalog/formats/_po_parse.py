"""The one reader of gettext PO text: every message with its spans, in one pass.

Messages keep their raw comment lines and the offsets where their keyword lines and
msgstr lines begin, so an edit rewrites only the lines it has to. Obsolete (``#~``)
messages and stray comment blocks are not messages: they stay in the text verbatim.

The reader is a line state machine (what may follow what inside a message, and the error
naming the line when something does not). It is fed by one regular expression matched at
the reading position, whose pieces are as large as the layout allows: a whole usual
message (comments, keywords, msgstr fields, closed by what follows it) while nothing read
before is still open, else a run of blank lines, a run of comment lines, or a keyword line
with its continuation lines; any other line is blank or an error.

>>> text = 'msgid ""\\nmsgstr "Language: fr\\\\n"\\n\\n#, fuzzy\\nmsgid "Hi"\\nmsgstr "Salut"\\n'
>>> header, message = parse_messages("fr.po", text)
>>> message.msgid, message.msgstr, message.flags, message.line
('Hi', 'Salut', ['fuzzy'], 5)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalog.base import FormatError
from catalog.formats._po_plural import MAX_FORMS
from catalog.formats._po_syntax import unescape

__all__ = ["MSGSTR", "STRINGS", "PoMessage", "joined_strings", "parse_messages"]

# Possessive quantifiers (``*+``, ``++``) never give characters back: what follows each
# one cannot start with what it consumed, so the matches are those of plain ``*``, found
# without the engine keeping a backtrack point per character or per line.
_STRING = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
#: Adjacent string literals, one per line (a field continued on the lines below it). A
#: continuation line is taken only whole (nothing but blanks after its literal), so one
#: that merely starts like a literal is left to the line rules, which name its line.
STRINGS = rf"{_STRING}[ \t]*+(?:\r?\n[ \t]*+{_STRING}[ \t]*+(?=\r?(?:\n|\Z)))*+"
assert MAX_FORMS == 20  # the msgstr[N] a whole message may hold: 0..19
_FORM = r"(?:1[0-9]|[0-9])"
#: what may follow a whole message: the end, a blank line, a comment or the next message
_CLOSED = r"(?=\Z|[ \t]*+\r?\n|\#|msgctxt[ \t]|msgid[ \t])"
_FIELDS = r"""
    | (?P<blank>(?:[ \t]*+\r?\n)++|[ \t]++\Z)
    | (?P<comment>(?:\#[^\n]*+(?:\n|\Z))++)
    | (?P<keyword>(?P<word>msgctxt|msgid_plural|msgid|msgstr(?:\[(?P<index>[0-9]++)\])?)
        [ \t]++(?P<strings>{STRINGS})\r?(?:\n|\Z))
    | (?P<line>[^\n]*+\n?)
""".replace("{STRINGS}", STRINGS)
_MESSAGE = rf"""
    (?P<message>
      (?P<gap>(?:[ \t]*+\r?\n)*+)
      (?P<comments>(?:\#[^\n]*+\n)*+)
      (?P<keywords>
        (?:msgctxt[ \t]++(?P<ctxt>{STRINGS})\r?\n)?
        msgid[ \t]++(?P<id>{STRINGS})\r?\n
        (?:msgid_plural[ \t]++(?P<plural>{STRINGS})\r?\n)?)
      (?P<strs>(?(plural)
          msgstr\[{_FORM}\][ \t]++{STRINGS}(?:\r?\nmsgstr\[{_FORM}\][ \t]++{STRINGS})*+
        | msgstr[ \t]++{STRINGS}))
      (?:\r?\n|\Z){_CLOSED})
"""
#: the next piece of the text while no message is open: a whole message (blank lines
#: before it included), else one of the smaller pieces
_PIECE = re.compile(rf"(?:{_MESSAGE}{_FIELDS})", re.VERBOSE)
#: the next piece while a message is open (what follows decides where it ends); never
#: empty before the end: ``line`` takes any line
_FIELD = re.compile(rf"(?:(?!){_FIELDS})", re.VERBOSE)
#: One msgstr field: its index (None for plain msgstr), its literals (read in a whole
#: message, and found again in any message when an edit keeps a field as written).
MSGSTR = re.compile(rf"msgstr(?:\[([0-9]+)\])?[ \t]+({STRINGS})")
_CONTINUATION = re.compile(rf"[ \t]*+{_STRING}[ \t]*+\Z")
_STRING_CONTENT = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')


@dataclass(slots=True)
class PoMessage:
    """One message (the header is the one with an empty msgid and no context)."""

    lead: int  # where the blank lines before it begin
    start: int  # its first line (comments included)
    keywords: int  # its first keyword line (msgctxt or msgid)
    msgstr_start: int  # its first msgstr line
    end: int = -1  # just past its last line
    line: int = 0  # 1-based line of its msgid
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    has_msgid: bool = False
    has_msgstr: bool = False
    #: its comment lines as written (split only when asked for)
    comments_raw: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)

    @property
    def comments(self) -> list[str]:
        """Raw comment lines, without their newline."""
        lines = self.comments_raw.split("\n")
        if not lines[-1]:
            lines.pop()
        return [line[:-1] if line.endswith("\r") else line for line in lines]

    @property
    def flags(self) -> list[str]:
        return [
            flag.strip()
            for line in self.comments
            if line.startswith("#,")
            for flag in line[2:].split(",")
            if flag.strip()
        ]

    @property
    def extracted_comment(self) -> str | None:
        """The extracted comments (``#.`` lines) joined by newlines; None without any."""
        if "#." not in self.comments_raw:  # the usual message: no split
            return None
        lines = [line[2:].strip() for line in self.comments if line.startswith("#.")]
        return "\n".join(lines) or None


class _Reader:
    """The line state machine, fed piece by piece."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.messages: list[PoMessage] = []
        self.current: PoMessage | None = None
        self.section = ""  # field the continuation lines extend
        self.plural_index = 0
        self.comments = ""  # comment lines read since the last message, as written
        self.comments_start = -1
        self.comments_lead = -1
        self.gap_start = -1  # first blank line of the latest run of blank lines
        self.previous_blank = False

    def error(self, message: str, line: int) -> FormatError:
        return FormatError(message, path=self.path, line=line)

    def run(self) -> list[PoMessage]:
        text = self.text
        size = len(text)
        position = 0
        number = 1  # line number at the piece's start
        append = self.messages.append
        while position < size:
            # a whole message only where nothing read before it is still open
            whole = self.current is None and not self.comments
            match = (_PIECE if whole else _FIELD).match(text, position)
            assert match is not None  # ``line`` takes any line
            end = match.end()
            kind = match.lastgroup
            if kind == "message":
                gap, comments, context, msgid, plural, strs = match.group(
                    "gap", "comments", "ctxt", "id", "plural", "strs"
                )
                start = position + len(gap)
                if gap and not self.previous_blank:
                    self.gap_start = position
                lead = self.gap_start if gap or self.previous_blank else start
                line = number + gap.count("\n") + comments.count("\n")  # of the msgid
                msgctxt = None
                if context is not None:
                    msgctxt = joined_strings(context)
                    line += context.count("\n") + 1
                message = PoMessage(
                    lead,
                    start,
                    start + len(comments),
                    match.start("strs"),
                    end,
                    line,
                    msgctxt,
                    joined_strings(msgid),
                    None if plural is None else joined_strings(plural),
                    joined_strings(strs[6:].lstrip(" \t")) if plural is None else "",
                    True,
                    True,
                    comments,
                )
                if plural is not None:
                    forms = message.msgstr_plural
                    for index, strings in MSGSTR.findall(strs):
                        forms[int(index)] = joined_strings(strings)
                append(message)
                self.previous_blank = False
            elif kind == "blank":
                self.blank(position)
            elif kind == "comment":
                self.comment_lines(match.group(kind), position, number)
            elif kind == "keyword":
                self.keyword(match.group("word"), match.group("index"), position, number)
                self.extend(joined_strings(match.group("strings")))
                self.previous_blank = False
            else:
                self.line(match.group(0), position, number)
            if self.current is not None:
                self.current.end = end
            number += text.count("\n", position, end)
            position = end
        self.finish()
        return self.messages

    # pieces ------------------------------------------------------------------------
    def line(self, raw: str, offset: int, number: int) -> None:
        """A line no other piece takes: blank but for odd whitespace, else an error (a
        keyword or continuation line that is well-formed is always a larger piece)."""
        text = raw[:-1] if raw.endswith("\n") else raw
        content = text[:-1] if text.endswith("\r") else text
        if not content.strip():
            self.blank(offset)
            return
        if content.lstrip()[0] == '"':
            if _CONTINUATION.match(content) is None:
                raise self.error('malformed string: expected "..." with escaped quotes', number)
            raise self.error("string continuation line outside a message", number)
        word = content.split(None, 1)[0][:40]
        if word.startswith(("msgctxt", "msgid", "msgstr")):
            raise self.error(
                f'malformed string after {word}: expected "..." with escaped quotes', number
            )
        raise self.error(
            f"unexpected {word!r}: expected msgctxt, msgid, msgstr or a comment", number
        )

    def blank(self, offset: int) -> None:
        self.finish()
        self.comments = ""
        if not self.previous_blank:
            self.gap_start = offset
        self.previous_blank = True

    def comment_lines(self, lines: str, offset: int, number: int) -> None:
        if self.current is not None:
            if not self.current.has_msgstr:
                raise self.error("comment line inside a message, before its msgstr", number)
            self.finish()
        if not self.comments:
            self.comments_start = offset
            self.comments_lead = self.gap_start if self.previous_blank else offset
        self.comments += lines
        self.previous_blank = False

    def extend(self, text: str) -> None:
        """Add ``text`` to the field being read (msgctxt, msgid, msgid_plural, msgstr or
        msgstr[N]: the field's name, or "msgstr[]" for the N in ``plural_index``)."""
        message = self.current
        assert message is not None
        if self.section == "msgstr[]":
            message.msgstr_plural[self.plural_index] += text  # "" since its keyword
        else:
            setattr(message, self.section, (getattr(message, self.section) or "") + text)

    def keyword(self, keyword: str, index: str | None, offset: int, number: int) -> None:
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

    def start(self, offset: int, number: int) -> PoMessage:
        if self.comments:
            start, lead = self.comments_start, self.comments_lead
        else:
            start = offset
            lead = self.gap_start if self.previous_blank else offset
        message = PoMessage(lead, start, offset, offset, line=number, comments_raw=self.comments)
        self.comments = ""
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


def parse_messages(path: str, text: str) -> list[PoMessage]:
    """Messages of a PO file in order (obsolete ones excluded); FormatError on bad syntax."""
    return _Reader(path, text).run()
