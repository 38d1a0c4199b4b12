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
from dataclasses import dataclass, field

from catalog.base import FormatError
from catalog.formats._po_syntax import unescape

__all__ = ["PoMessage", "parse_messages", "parse_messages_by_line"]

_KEYWORD = re.compile(
    r'(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)[ \t]+"((?:[^"\\]|\\.)*)"[ \t]*\Z'
)
_CONTINUATION = re.compile(r'[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*\Z')


@dataclass(eq=False)
class PoMessage:
    """One message (the header is the one with an empty msgid and no context)."""

    lead: int  # where the blank lines before it begin
    start: int  # its first line (comments included)
    keywords: int  # its first keyword line (msgctxt or msgid)
    msgstr_start: int  # its first msgstr line
    end: int = -1  # just past its last line
    line: int = 0  # 1-based line of its first keyword
    comments: list[str] = field(default_factory=list)  # raw comment lines, without newline
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    has_msgid: bool = False
    has_msgstr: bool = False

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


_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STRINGS = rf"{_STRING}[ \t]*(?:\r?\n[ \t]*{_STRING}[ \t]*)*"
# A whole well-formed message at once; anything else goes to the line tokenizer.
_MESSAGE = re.compile(
    rf"""
    (?P<comments>(?:\#[^\n]*\n)*)
    (?P<keywords>
      (?:msgctxt[ \t]+(?P<ctxt>{_STRINGS})\r?\n)?
      msgid[ \t]+(?P<id>{_STRINGS})\r?\n
      (?:msgid_plural[ \t]+(?P<plural>{_STRINGS})\r?\n)?
    )
    (?P<strs>msgstr(?:\[[0-9]+\])?[ \t]+{_STRINGS}
      (?:\r?\nmsgstr\[[0-9]+\][ \t]+{_STRINGS})*)
    [ \t]*(?:\r?\n|\Z)
    """,
    re.VERBOSE,
)
_MSGSTR = re.compile(rf"msgstr(?:\[([0-9]+)\])?[ \t]+({_STRINGS})")
_STRING_TOKEN = re.compile(_STRING)
_BLANKS = re.compile(r"(?:[ \t]*\r?\n)+|[ \t]+\Z")
_COMMENT_BLOCK = re.compile(r"(?:\#[^\n]*(?:\n|\Z))+")


def _joined(strings: str) -> str:
    if strings.count('"') == 2:  # one literal without escaped quotes: the common case
        inner = strings[1 : strings.rindex('"')]
        return unescape(inner) if "\\" in inner else inner
    return "".join(unescape(token[1:-1]) for token in _STRING_TOKEN.findall(strings))


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
        message = PoMessage(
            lead=gap if gap >= 0 else position,
            start=position,
            keywords=keywords,
            msgstr_start=match.start("strs"),
            end=match.end(),
        )
        id_start = keywords if match.group("ctxt") is None else text.index("msgid", keywords)
        line += text.count("\n", counted, id_start)
        counted = id_start
        message.line = line
        comments = match.group("comments")
        if comments:
            message.comments = [
                c[:-1] if c.endswith("\r") else c for c in comments.split("\n")[:-1]
            ]
        context = match.group("ctxt")
        message.msgctxt = None if context is None else _joined(context)
        message.msgid = _joined(match.group("id"))
        message.has_msgid = True
        message.has_msgstr = True
        plural = match.group("plural")
        forms: dict[int, str] = {}
        plain = 0
        for index, strings in _MSGSTR.findall(match.group("strs")):
            if index:
                forms[int(index)] = _joined(strings)
            else:
                plain += 1
                message.msgstr = _joined(strings)
        if plural is not None:
            if plain:
                return None
            message.msgid_plural = _joined(plural)
            message.msgstr_plural = forms
        elif forms or plain != 1:
            return None
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
