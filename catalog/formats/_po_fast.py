"""Fast read of PO entries: one regular expression over the whole text, no message objects.

Reading needs each message's key, value, extracted comments, context and line; the
message objects with spans (``_po_parse``) are needed only for edits. One compiled
expression (blank lines and a whole message | blank lines and a stray comment block |
the end | anything else) splits the whole text with ``findall``, and a tight loop reads
the pieces. Anything it does not cover, a repeated key, too many messages or a plural
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

from catalog.base import Entry, EntryRow, Value, entries_from_rows
from catalog.formats._po_parse import STRINGS, joined_strings

__all__ = ["FastRead", "read_fast"]

# Every piece of the text is one of the alternatives, the last one ("bad") taking all that
# is left where nothing else matches: so ``findall`` never skips text, and the pieces are
# the text in order. Blank lines go with what follows them (one piece per message).
# ``head`` (blank lines, comments, msgctxt line) and ``tail`` (msgid line to the message's
# end) give the line count; a plural message (``msgid_plural``) must have only
# ``msgstr[N]`` fields (``forms``), any other only one ``msgstr`` (``str``). Quantifiers
# are possessive where what follows cannot start with what they consumed (no backtracking
# state kept; same matches).
_WALK = re.compile(
    rf"""
      (?P<head>(?:[ \t]*+\r?\n)*+
        (?P<comments>(?:\#[^\n]*+\n)*+)
        (?:msgctxt[ \t]++(?P<ctxt>{STRINGS})\r?\n)?)
      (?P<tail>msgid[ \t]++(?P<id>{STRINGS})\r?\n
        (?:msgid_plural[ \t]++(?P<plural>{STRINGS})\r?\n)?
        (?(plural)
            (?P<forms>msgstr\[[0-9]{{1,2}}\][ \t]++{STRINGS}
              (?:\r?\nmsgstr\[[0-9]{{1,2}}\][ \t]++{STRINGS})*+)
          | msgstr[ \t]++(?P<str>{STRINGS}))
        [ \t]*+(?:\r?\n|\Z))
    | (?P<gap>(?:[ \t]*+\r?\n)*+)
      (?: (?P<block>(?:\#[^\n]*+(?:\n|\Z))++)(?=[ \t]*\r?\n|[ \t]+\Z|\Z)
        | [ \t]*+\Z
        | (?P<bad>[\s\S]+))
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
    rows: dict[str, EntryRow] = {}  # key -> every field of its Entry
    header: str | None = None
    categories: tuple[str, ...] | None = None
    line = 1  # of the piece's first character
    for head, comments, ctxt, tail, ids, plural, forms, strs, gap, block, bad in _WALK.findall(
        text
    ):
        if not tail:  # not a message (absent groups are empty strings)
            if bad:
                return None
            line += gap.count("\n") + block.count("\n")
            continue
        line += head.count("\n")
        msgid_line = line
        line += tail.count("\n")
        # a msgid or msgstr of one literal without escapes is its inner text: that case of
        # joined_strings inline (no call; a quote inside means several literals)
        msgid = ids[1:-1]
        if '"' in msgid or "\\" in msgid:
            msgid = joined_strings(ids)
        if not ctxt:  # a present msgctxt holds at least its quotes
            if not msgid:  # the header
                if header is not None or rows:
                    return None  # a second header, or the header after messages
                header = "" if plural else joined_strings(strs)
                continue
            key = msgid
            msgctxt = None
        else:
            msgctxt = joined_strings(ctxt)
            key = f"{msgctxt}\x04{msgid}"
        if key in rows:
            return None
        value: Value
        if template:
            value = msgid if not plural else {"one": msgid, "other": joined_strings(plural)}
        elif not plural:
            value = strs[1:-1]
            if '"' in value or "\\" in value:
                value = joined_strings(strs)
        else:
            if categories is None:
                categories = categories_for(header)
            value = _plural_value(forms, categories)
        rows[key] = (
            key,
            value,
            _extracted(comments) if "#." in comments else None,
            msgctxt,
            None,
            True,
            msgid_line,
            "plural" if plural else "string",
        )
    if len(rows) > max_entries:
        return None
    return FastRead(header, dict(zip(rows, entries_from_rows(rows.values()), strict=True)))


def _plural_value(forms: str, categories: tuple[str, ...]) -> dict[str, str]:
    """msgstr[N] fields by CLDR category (index number past the known categories)."""
    texts: dict[int, str] = {}
    # forms is 'msgstr[N] "..."' fields, each starting a line (no literal holds a newline)
    for field in forms[len("msgstr[") :].split("\nmsgstr["):
        index, _, strings = field.partition("]")  # 'N', ']', blanks and the literals
        texts[int(index)] = joined_strings(strings.lstrip(" \t").rstrip("\r"))
    return {
        categories[index] if index < len(categories) else str(index): texts[index]
        for index in sorted(texts)
    }
