"""Fast read of PO entries: one regular expression over the whole text, no message objects.

Reading needs each message's key, value, extracted comments, context and line; the
message objects with spans (``_po_parse``) are needed only for edits. One compiled
expression (blank lines | a whole message | a stray comment block) walks the text in a
tight loop. Anything it does not cover, a repeated key, too many messages or a plural
message before the header returns None, and the line tokenizer reads the file (and
reports any error with its line).

>>> text = 'msgid ""\\nmsgstr "Language: fr\\\\n"\\n\\n#. Hi\\nmsgid "A"\\nmsgstr "B"\\n'
>>> read = read_fast(text, 9, template=False, categories_for=lambda header: ("one", "other"))
>>> read.header, read.entries["A"].value, read.entries["A"].comment, read.entries["A"].line
('Language: fr\\n', 'B', 'Hi', 5)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from catalog.base import Entry, Value, build_entry
from catalog.formats._po_parse import MESSAGE_PATTERN, MSGSTR, joined_strings
from catalog.formats._po_syntax import unescape

__all__ = ["FastRead", "read_fast"]

# Blank lines go with what follows them (one match per message, not two).
_WALK = re.compile(
    rf"""(?:[ \t]*\r?\n)*
    (?: (?P<message>{MESSAGE_PATTERN})
      | (?P<block>(?:\#[^\n]*(?:\n|\Z))+)(?=[ \t]*\r?\n|[ \t]+\Z|\Z)
      | (?P<blank>[ \t]*\Z)
    )
    """,
    re.VERBOSE,
)


class FastRead(NamedTuple):
    header: str | None  # the header's msgstr
    entries: dict[str, Entry]  # by key (msgctxt EOT msgid), header excluded


def _extracted(comments: str) -> str | None:
    lines = [
        line[2:].rstrip("\r").strip() for line in comments.split("\n") if line.startswith("#.")
    ]
    return "\n".join(lines) if lines else None


def read_fast(
    text: str,
    max_entries: int,
    *,
    template: bool,
    categories_for: Callable[[str | None], tuple[str, ...]],
) -> FastRead | None:
    """Every entry read from the text, or None when the line tokenizer must read it.

    ``categories_for(header msgstr)`` gives the CLDR category of each msgstr[N]; a
    template's values are its msgids.
    """
    entries: dict[str, Entry] = {}
    header: str | None = None
    categories: tuple[str, ...] | None = None
    position = 0
    line, counted = 1, 0
    for match in _WALK.finditer(text):
        start, end = match.span()
        if start != position:
            return None
        position = end
        if match.lastgroup != "message":
            continue
        strs, plural, context, ids, comments = match.group(
            "strs", "plural", "ctxt", "id", "comments"
        )
        if plural is None:
            if strs[6] == "[" or "msgstr[" in strs:
                return None
        elif strs[6] != "[":
            return None
        keywords = match.start("keywords")
        id_start = keywords if context is None else text.index("msgid", keywords)
        line += text.count("\n", counted, id_start)
        counted = id_start
        if ids.count('"') == 2:  # joined_strings' common case, inline (two per message)
            msgid = ids[1 : ids.rindex('"')]
            if "\\" in msgid:
                msgid = unescape(msgid)
        else:
            msgid = joined_strings(ids)
        msgctxt = None if context is None else joined_strings(context)
        if msgid == "" and msgctxt is None:  # the header
            if header is not None or entries:
                return None  # a second header, or the header after messages
            header = "" if plural is not None else joined_strings(strs[6:].lstrip(" \t"))
            continue
        key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
        if key in entries or len(entries) >= max_entries:
            return None
        value: Value
        if template:
            value = msgid if plural is None else {"one": msgid, "other": joined_strings(plural)}
        elif plural is None:
            if strs.count('"') == 2:  # "msgstr" holds no quote
                value = strs[strs.index('"') + 1 : strs.rindex('"')]
                if "\\" in value:
                    value = unescape(value)
            else:
                value = joined_strings(strs[6:].lstrip(" \t"))
        else:
            if categories is None:
                categories = categories_for(header)
            forms = {int(index): joined_strings(strings) for index, strings in MSGSTR.findall(strs)}
            value = {
                categories[index] if index < len(categories) else str(index): forms[index]
                for index in sorted(forms)
            }
        entries[key] = build_entry(
            key,
            value,
            _extracted(comments) if "#." in comments else None,
            msgctxt,
            None,
            True,
            line,
            "string" if plural is None else "plural",
        )
    if position != len(text):
        return None
    return FastRead(header, entries)
