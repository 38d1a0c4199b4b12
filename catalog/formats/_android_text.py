"""Android string resource text: aapt's unescaping and quoting, and the inverse escaping.

Values keep inline markup (``<xliff:g>``, ``<b>``...) as XML text; only the text between
tags is unescaped. ``escape(unescape(x))`` is canonical: ``unescape(escape(v)) == v``.

>>> unescape(r'Did you mean \\"%1$s\\"?')
'Did you mean "%1$s"?'
>>> unescape('"  two spaces  "')
'  two spaces  '
>>> escape("It's @home\\n")
"It\\\\'s @home\\\\n"
>>> escape("@string/x")
'\\\\@string/x'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from catalog._xml import unescape_entities

__all__ = [
    "PLAIN",
    "TAG",
    "escape",
    "escape_cdata",
    "markup_balanced",
    "max_length",
    "split_markup",
    "unescape",
    "unescape_decoded",
]

#: An XML tag, comment or CDATA section inside a value.
#: Linear on any value (vendor output reaches it): a comment or CDATA section cannot run
#: past the next opening of one (``.*?`` retried from each of 20,000 ``<!--`` took 30 s),
#: attribute values cannot hold ``<`` (as in XML), and repeats are possessive.
TAG = re.compile(
    r"""<!--(?:[^<-]++|<(?!!--)|-(?!->))*+-->
    |<!\[CDATA\[(?:[^<\]]++|<(?!!\[CDATA\[)|\](?!\]>))*+\]\]>
    |</?[A-Za-z_][\w:.-]*+(?:\s++[^\s=/<>]++\s*+=\s*+(?:"[^"<]*+"|'[^'<]*+'))*+\s*+/?>""",
    re.VERBOSE | re.DOTALL,
)
_SPACE = " \t\n\r"
_CHAR_LIMIT = re.compile(r"\[CHAR[ _-]?LIMIT\s*=\s*(\d+)\s*\]", re.IGNORECASE)


def max_length(attributes: Iterable[tuple[str, str]], comment: str | None) -> int | None:
    """A string's declared maximum length: a ``maxLength``/``max_length`` attribute (any
    prefix; ``attributes`` holds local names), else ``[CHAR LIMIT=n]`` in its comment.

    >>> max_length([("maxLength", "20")], None), max_length([], "Title [CHAR_LIMIT=30]")
    (20, 30)
    """
    for name, value in attributes:
        if name in ("maxLength", "max_length") and value.strip().isdigit():
            return int(value)
    if comment is not None:
        limit = _CHAR_LIMIT.search(comment)
        if limit is not None:
            return int(limit.group(1))
    return None


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t"}
_HEX = re.compile(r"[0-9A-Fa-f]{4}")


def split_markup(raw: str) -> list[tuple[bool, str]]:
    """Split XML content into (is_markup, text) chunks."""
    chunks: list[tuple[bool, str]] = []
    position = 0
    for match in TAG.finditer(raw):
        if match.start() > position:
            chunks.append((False, raw[position : match.start()]))
        chunks.append((True, match.group(0)))
        position = match.end()
    if position < len(raw):
        chunks.append((False, raw[position:]))
    return chunks


#: Text aapt shows as it is written: no escape, quote, reference or markup, single spaces
#: between other characters (nothing to collapse or trim; aapt collapses only ``_SPACE``).
PLAIN = re.compile(r"(?:[^\\\"<&\t\n\r ]++(?: [^\\\"<&\t\n\r ]++)*+)?")


#: Text whose only specials are backslash escapes, with single spaces between other
#: characters (nothing to collapse or trim, no quoting, no references or markup).
_ESCAPED_ONLY = re.compile(
    r"""(?:[^\\"<&\t\n\r ]|\\[\s\S])(?:[^\\"<&\t\n\r ]++|\\[\s\S]| (?=[^\\"<&\t\n\r ]|\\))*+"""
)
_BACKSLASH_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|([\s\S]))")


def _backslash_unescaped(match: re.Match[str]) -> str:
    code, char = match.groups()
    return chr(int(code, 16)) if code is not None else _SIMPLE_ESCAPES.get(char, char)


def _fast_unescape(text: str) -> str | None:
    """``text`` unescaped when it holds nothing but backslash escapes to decode, else None."""
    if PLAIN.fullmatch(text):  # nothing to decode, collapse or trim: most strings
        return text
    if _ESCAPED_ONLY.fullmatch(text):
        return _BACKSLASH_ESCAPE.sub(_backslash_unescaped, text)
    return None


def unescape(raw: str) -> str:
    """The string Android shows for XML content ``raw`` (markup kept as tags)."""
    fast = _fast_unescape(raw)
    if fast is not None:
        return fast
    # Each output item: (text, protected) where protected text is never trimmed/collapsed.
    out: list[tuple[str, bool]] = []
    quoted = False
    for is_markup, chunk in split_markup(raw):
        if is_markup and chunk.startswith("<!--"):
            continue
        if is_markup and not chunk.startswith("<![CDATA["):
            out.append((chunk, True))
            continue
        text = chunk[9:-3] if is_markup else unescape_entities(chunk)
        quoted = _unescape_text(text, quoted, out)
    return _trim(out)


def unescape_decoded(text: str) -> str:
    """What Android shows for content already XML-decoded and holding no markup.

    >>> unescape_decoded('"a  b" <c>')
    'a  b <c>'
    """
    fast = _fast_unescape(text)
    if fast is not None:
        return fast
    out: list[tuple[str, bool]] = []
    _unescape_text(text, False, out)
    return _trim(out)


# Characters with no special meaning (a subset of what the loop treats as ordinary).
_RUN = re.compile(r'[^\\"\s]+')


def _unescape_text(text: str, quoted: bool, out: list[tuple[str, bool]]) -> bool:
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\" and index + 1 < length:
            following = text[index + 1]
            if following == "u" and _HEX.fullmatch(text, index + 2, index + 6):
                out.append((chr(int(text[index + 2 : index + 6], 16)), True))
                index += 6
                continue
            out.append((_SIMPLE_ESCAPES.get(following, following), True))
            index += 2
            continue
        if char == "\\":
            index += 1
            continue
        if char == '"':
            quoted = not quoted
        elif char in _SPACE and not quoted:
            previous = out[-1] if out else None
            if previous is None or previous != (" ", False):
                out.append((" ", False))
        else:  # a run of ordinary characters goes out as one piece
            run = _RUN.match(text, index)
            if run is None:
                out.append((char, quoted))
            else:
                out.append((run.group(), quoted))
                index = run.end()
                continue
        index += 1
    return quoted


def _trim(out: list[tuple[str, bool]]) -> str:
    start, end = 0, len(out)
    while start < end and out[start] == (" ", False):
        start += 1
    while end > start and out[end - 1] == (" ", False):
        end -= 1
    return "".join(text for text, _ in out[start:end])


def escape_cdata(value: str) -> str | None:
    """A CDATA section Android reads back as ``value`` (aapt's escapes apply inside CDATA;
    XML's do not, so ``&``, ``<`` and markup are written as they are); None when the
    escaped text would hold ``]]>``, which no CDATA section can (or ``<![CDATA[``).

    >>> escape_cdata("a & <b>x</b>"), escape_cdata(" a "), escape_cdata("x ]]> y")
    ('<![CDATA[a & <b>x</b>]]>', '<![CDATA[" a "]]>', None)
    """
    inner = _escape_text(value, at_start=True, xml=False)
    if "]]>" in inner or "<![CDATA[" in inner:  # (TAG reads no CDATA section inside one)
        return None
    if _needs_quotes(value):
        inner = f'"{inner}"'
    return f"<![CDATA[{inner}]]>"


#: What aapt reads specially in text, and characters written as ``\uXXXX`` (controls, C1,
#: surrogates, U+FFFE/U+FFFF); in XML text also ``&``, ``<``, and ``>`` after ``]]``.
_TEXT_SPECIAL = re.compile(r"[\\\"'\n\t\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_XML_SPECIAL = re.compile(
    r"[\\\"'\n\t&<\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|(?<=\]\])>"
)
_CHAR_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "'": "\\'",
    "\n": "\\n",
    "\t": "\\t",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _CHAR_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _escape_text(text: str, *, at_start: bool, xml: bool = True) -> str:
    escaped = (_XML_SPECIAL if xml else _TEXT_SPECIAL).sub(_escaped, text)
    if at_start and text[:1] in ("@", "?"):
        return "\\" + escaped
    return escaped


def _needs_quotes(value: str) -> bool:
    return value[:1] == " " or value[-1:] == " " or "  " in value


def markup_balanced(value: str) -> bool:
    """Whether the tags in ``value`` open and close in matching pairs."""
    stack: list[str] = []
    for is_markup, chunk in split_markup(value):
        if not is_markup or chunk.startswith(("<!--", "<![CDATA[")) or chunk.endswith("/>"):
            continue
        name = re.match(r"</?([^\s/>]+)", chunk)
        assert name is not None
        if chunk.startswith("</"):
            if not stack or stack.pop() != name.group(1):
                return False
        else:
            stack.append(name.group(1))
    return not stack


def _well_formed(content: str, declarations: str) -> bool:
    try:
        etree.fromstring(f"<string{declarations}>{content}</string>".encode(), _PARSER)
    except etree.XMLSyntaxError:
        return False
    return True


def escape(value: str, declarations: str = "") -> str:
    """XML content that Android reads back as ``value``.

    Inline markup that is well-formed with the file's namespace ``declarations`` (e.g.
    ``' xmlns:xliff="..."'``) is kept as markup; anything else is escaped as text.
    Leading, trailing or repeated spaces make the whole value double-quoted.
    """
    if "<" not in value:  # no markup to keep: most values
        return _escape(value, keep_markup=False)
    if markup_balanced(value):
        escaped = _escape(value, keep_markup=True)
        if _well_formed(escaped, declarations):
            return escaped
    return _escape(value, keep_markup=False)


def _escape(value: str, *, keep_markup: bool) -> str:
    pieces: list[str] = []
    for is_markup, chunk in split_markup(value) if keep_markup else [(False, value)]:
        if is_markup and not chunk.startswith(("<!--", "<![CDATA[")):
            pieces.append(chunk)
        else:
            pieces.append(_escape_text(chunk, at_start=not pieces))
    escaped = "".join(pieces)
    return f'"{escaped}"' if _needs_quotes(_visible(value, keep_markup)) else escaped


def _visible(value: str, keep_markup: bool) -> str:
    if not keep_markup:
        return value
    return "".join(chunk for is_markup, chunk in split_markup(value) if not is_markup)
