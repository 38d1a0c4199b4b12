"""The line-by-line PO tokenizer the reader was first written as: the test oracle.

One line at a time, no regular expression larger than a line: slow and plain, so the
real reader (``catalog.formats._po_parse``, pieces as large as the layout allows) is
tested against it on generated line sequences and on real files.
"""

from __future__ import annotations

import re

from catalog.base import FormatError
from catalog.formats._po_plural import MAX_FORMS
from catalog.formats._po_syntax import unescape

__all__ = ["PoMessage", "reference_messages"]

_CONTENT = r'[^"\\]*+(?:\\.[^"\\]*+)*+'
_KEYWORD = re.compile(
    rf'(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)[ \t]+"({_CONTENT})"[ \t]*\Z'
)
_CONTINUATION = re.compile(rf'[ \t]*"({_CONTENT})"[ \t]*\Z')


class PoMessage:
    """One message, every field plain (the header has an empty msgid and no context)."""

    def __init__(self, lead: int, start: int, keywords: int, msgstr_start: int) -> None:
        self.lead = lead
        self.start = start
        self.keywords = keywords
        self.msgstr_start = msgstr_start
        self.end = -1
        self.line = 0
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgid_plural: str | None = None
        self.msgstr = ""
        self.msgstr_plural: dict[int, str] = {}
        self.has_msgid = False
        self.has_msgstr = False
        self.comments: list[str] = []

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


def reference_messages(path: str, text: str) -> list[PoMessage]:
    """Messages of a PO text, one line at a time; FormatError on bad syntax."""
    return _Tokenizer(path, text).run()
