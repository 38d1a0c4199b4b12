"""Hardened XML reading: DOCTYPE and entities refused, lxml validation, an offset-keeping scan.

lxml checks well-formedness (with entity resolution, DTD loading and network off); the
scanner then finds every element's character offsets so formats can splice the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from lxml import etree

from catalog._splice import line_number
from catalog._text import TextInfo, check_not_utf8, check_size, text_codec
from catalog.base import FormatError

__all__ = [
    "CHILD",
    "LEAF",
    "PLIST_DOCTYPE",
    "Element",
    "TextElement",
    "XmlComment",
    "XmlElement",
    "check_well_formed",
    "decode_declared",
    "decode_xml",
    "expand_empty",
    "insertion_point",
    "parser_bytes",
    "read_attributes",
    "read_root",
    "scan",
    "unescape_entities",
    "validate",
    "with_content",
]

_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_FORBIDDEN = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


#: The one DOCTYPE accepted (by plist files): an external id, no internal subset.
PLIST_DOCTYPE = re.compile(
    r"""<!DOCTYPE\s+plist\s+PUBLIC\s+"-//Apple//DTD PLIST 1\.0//EN"\s+"""
    r""""http://www\.apple\.com/DTDs/PropertyList-1\.0\.dtd"\s*>"""
)


def decode_xml(
    path: str, data: bytes, *, allowed_doctype: re.Pattern[str] | None = None
) -> tuple[str, TextInfo]:
    """Decode XML bytes by BOM or declaration; refuse DOCTYPE and entity declarations.

    ``allowed_doctype`` admits one exact DOCTYPE (never an internal subset or entities).
    """
    text, info = decode_declared(path, data)
    forbidden = _search_forbidden(text, 0)
    if forbidden is not None and allowed_doctype is not None:
        allowed = allowed_doctype.match(text, forbidden.start())
        if allowed is not None:
            forbidden = _search_forbidden(text, allowed.end())
    if forbidden is not None:
        raise FormatError(
            "DOCTYPE and entity declarations are not allowed (they can expand or fetch content)",
            path=path,
            line=line_number(text, forbidden.start()),
        )
    return text, info


def decode_declared(path: str, data: bytes) -> tuple[str, TextInfo]:
    """Decode XML bytes (size-capped) by BOM, else by the encoding the declaration names:
    the text every check reads is the text the parser is then given.

    A declared encoding must be an ASCII-compatible text encoding (``utf-7``, ``zlib``,
    ``rot13`` are refused); a legacy one must not hold UTF-8 (a file declared latin-1
    whose bytes are UTF-8 would read, and be written back, as mojibake).
    """
    check_size(path, data)
    info = TextInfo("utf-8")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            info = TextInfo(encoding, bom)
            break
    else:
        declared = _DECLARED.match(data)
        if declared is not None:
            name = declared.group(1).decode("ascii").lower()
            if name not in ("utf-8", "utf8", "us-ascii", "ascii"):
                try:
                    codec = text_codec(name, path=path, line=1)
                except FormatError:
                    raise FormatError(
                        f"unknown or unusable encoding {name!r} declared", path=path, line=1
                    ) from None
                if codec != "utf-8":
                    check_not_utf8(path, data, name)
                    info = TextInfo(codec)
    body = data[len(info.bom) :]
    try:
        return body.decode(info.encoding), info
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        raise FormatError(
            f"invalid {info.encoding} byte sequence ({error.reason})", path=path, line=line
        ) from None


def _search_forbidden(text: str, start: int) -> re.Match[str] | None:
    """``_FORBIDDEN.search(text, start)``, begun at the first ``<!`` from ``start``.

    ``<!`` is found from its ``!`` (a one-character find runs at memchr speed; ``<``
    starts every tag), so a text without one is never stepped through by the regex engine.
    """
    index = text.find("!", start + 1)
    while index >= 0 and text[index - 1] != "<":
        index = text.find("!", index + 1)
    return None if index < 0 else _FORBIDDEN.search(text, index - 1)


class _NoTree:
    """A parser target that keeps nothing: lxml checks the text without building a tree."""

    def close(self) -> None:
        return None


def _parser(*, tree: bool = True) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        # only close(): lxml then makes no call back per element (the stubs want them all)
        target=None if tree else cast(Any, _NoTree()),
    )


_DECLARATION = re.compile(r"<\?xml[^>]*\?>")


def parser_bytes(text: str, utf8: bytes | None = None) -> bytes:
    """What lxml is given for ``text``: its UTF-8 with the XML declaration blanked (columns
    kept), so lxml reads exactly the characters the checks read, whatever was declared.

    ``utf8``: ``text`` encoded as UTF-8 when the caller holds those bytes already.
    """
    declaration = _DECLARATION.match(text)
    end = 0 if declaration is None else declaration.end()
    if utf8 is not None and text[:end].isascii():  # the declaration is as long in bytes
        return b" " * end + utf8[end:] if end else utf8
    return (" " * end + text[end:] if end else text).encode("utf-8")


def validate(path: str, text: str, utf8: bytes | None = None) -> etree._Element:
    """Raise FormatError (with line and column) unless ``text`` is well-formed XML; the root.

    ``utf8``: ``text`` encoded as UTF-8 when the caller holds those bytes already (the
    file's own bytes, when it was UTF-8 without a BOM), so they are not encoded again.
    """
    root: etree._Element = _parse(path, parser_bytes(text, utf8), _parser())
    return root


def check_well_formed(path: str, text: str, utf8: bytes | None = None) -> None:
    """:func:`validate` without building the tree, for readers that read the text itself.

    >>> check_well_formed("a.xml", "<a><b/></a>")
    >>> check_well_formed("a.xml", "<a>")
    Traceback (most recent call last):
    catalog.base.FormatError: a.xml:1:4: malformed XML: Premature end of data in tag a line 1
    """
    _parse(path, parser_bytes(text, utf8), _parser(tree=False))


def _parse(path: str, data: bytes, parser: etree.XMLParser) -> Any:
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        message = re.sub(r",? line \d+, column \d+.*$", "", str(error.msg or error))
        raise FormatError(
            f"malformed XML: {message}", path=path, line=line, column=column
        ) from None


@dataclass(slots=True)
class XmlComment:
    """A comment: offsets of ``<!--`` and just past ``-->``, and its text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class XmlElement:
    """An element with the offsets of its tags; ``inner_*`` delimit its content."""

    name: str
    attributes: dict[str, str]
    start: int
    end: int = -1
    inner_start: int = -1
    inner_end: int = -1
    children: list[XmlElement | XmlComment] = field(default_factory=list)

    @property
    def self_closing(self) -> bool:
        """Whether written as ``<name/>``."""
        return self.inner_start == self.end

    def elements(self, name: str | None = None) -> list[XmlElement]:
        """Child elements, optionally only those with ``name``."""
        return [
            child
            for child in self.children
            if isinstance(child, XmlElement) and (name is None or child.name == name)
        ]


#: The children of elements read whole as text-only content (one shared empty list: fewer
#: objects for the garbage collector to walk; never appended to).
LEAF: list[XmlElement | XmlComment] = []


class TextElement(NamedTuple):
    """An element whose content is text only, read whole: the fields of :class:`XmlElement`
    in a tuple (made in C by the thousand; the garbage collector does not track it)."""

    name: str
    attributes: dict[str, str]
    start: int
    end: int
    inner_start: int
    inner_end: int

    @property
    def self_closing(self) -> bool:
        """Whether written as ``<name/>``."""
        return self.inner_start == self.end

    def elements(self, name: str | None = None) -> list[XmlElement]:
        """Child elements: none."""
        return []


#: An element read with its offsets.
Element = XmlElement | TextElement


_TOKEN = re.compile(
    r"""<!--(?P<comment>.*?)-->
    | <!\[CDATA\[.*?\]\]>
    | <\?.*?\?>
    | </(?P<close>[^\s>]+)\s*>
    | <(?P<open>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?P<empty>/?)>
    """,
    re.VERBOSE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


_ATTRIBUTES = r"""(?P<attrs>(?:\s++[^\s=/>]++\s*+=\s*+(?:"[^"]*+"|'[^']*+'))*+)\s*+"""
#: The root's start tag after the prolog (declaration, comments, a DOCTYPE, blanks).
_ROOT = re.compile(
    r"(?:[^<]++|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*+>)*+<(?P<open>[^\s/>!?]++)"
    + _ATTRIBUTES
    + r"(?P<empty>/?)>",
    re.DOTALL,
)
#: One child of an element with the text before it: a comment (group ``comment``), CDATA
#: or a processing instruction, a closing tag (``close``, the parent's in well-formed XML),
#: or an element (``open``, ``attrs``; ``empty`` when self-closing, ``inner`` when its
#: content is text only: the element is then read whole, else it must be scanned). Each
#: part stops at the next ``<``, so a match costs the length it reads.
CHILD = re.compile(
    r"[^<]*+(?:<!--(?P<comment>.*?)-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|</(?P<close>[^\s>]++)\s*+>"
    r"|<(?P<open>[^\s/>!?]++)"
    + _ATTRIBUTES
    + r"(?:(?P<empty>/>)|>(?:(?P<inner>[^<]*+)</(?P=open)\s*+>)?))",
    re.DOTALL,
)


def read_root(path: str, text: str) -> XmlElement:
    """The root element's name, attributes and start-tag offsets (``end`` is -1 unless it is
    self-closing; its children are not read).

    >>> root = read_root("a.xml", '<?xml version="1.0"?>\\n<!-- c -->\\n<r a="1"><x/></r>')
    >>> root.name, root.attributes, root.start, root.inner_start, root.end
    ('r', {'a': '1'}, 33, 42, -1)
    """
    found = _ROOT.match(text)
    if found is None:
        raise FormatError("no complete root element", path=path, line=line_number(text, len(text)))
    end = found.end()
    root = XmlElement(found["open"], read_attributes(found["attrs"]), found.start("open") - 1)
    root.inner_start = end
    if found["empty"]:
        root.inner_end = root.end = end
    return root


def read_attributes(source: str) -> dict[str, str]:
    """Attributes by name from the text of a start tag after its name, values decoded.

    >>> read_attributes(' name="a" x="b &amp; c"'), read_attributes(" y='d'")
    ({'name': 'a', 'x': 'b & c'}, {'y': 'd'})
    """
    return {  # findall gives "" for the quote not used
        name: unescape_entities(double or single)
        for name, double, single in _ATTRIBUTE.findall(source)
    }


def insertion_point(text: str, element: XmlElement) -> tuple[int, str]:
    """Where new children of ``element`` go when it has none, and the text to put first.

    Before the closing tag's line when that line holds only the tag; else right before
    the closing tag, after a newline.
    """
    begin = max(text.rfind("\n", 0, element.inner_end), text.rfind("\r", 0, element.inner_end)) + 1
    if text[begin : element.inner_end].strip():
        return element.inner_end, "\n" if "\r\n" not in text else "\r\n"
    return begin, ""


def expand_empty(text: str, element: XmlElement) -> str:
    """Text with a self-closing ``<name .../>`` element rewritten as ``<name ...></name>``."""
    opening = text[element.start : element.end - 2].rstrip() + ">"
    return text[: element.start] + opening + f"</{element.name}>" + text[element.end :]


def with_content(text: str, element: Element, content: str) -> str:
    """The element's text with ``content`` inside; a self-closing ``<name .../>`` is opened
    (``<string/>`` + text would put the text after the element).

    >>> root = scan("a", "<d><string/><string>x</string></d>")
    >>> [with_content(root_text, e, "hi") for root_text in ["<d><string/><string>x</string></d>"]
    ...  for e in root.elements()]
    ['<string>hi</string>', '<string>hi</string>']
    """
    if element.self_closing:
        opening = text[element.start : element.end - 2].rstrip() + ">"
        return f"{opening}{content}</{element.name}>"
    opening = text[element.start : element.inner_start]
    return opening + content + text[element.inner_end : element.end]


def unescape_entities(text: str) -> str:
    """Decode XML character and predefined entity references.

    >>> unescape_entities("a &amp; b &#x41;&lt;")
    'a & b A<'
    """
    return _REFERENCE.sub(_referenced, text) if "&" in text else text


#: XML's references: the five predefined entities and character references (a
#: well-formed file holds no others). ``html.unescape`` reads some differently (HTML5
#: maps ``&#128;`` to ``€`` and noncharacters such as ``&#131070;`` to nothing).
_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,8})|(lt|gt|amp|quot|apos));")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _referenced(match: re.Match[str]) -> str:
    hexadecimal, decimal, name = match.groups()
    if name is not None:
        return _PREDEFINED[name]
    code = int(hexadecimal, 16) if hexadecimal is not None else int(decimal)
    return chr(code) if code <= 0x10FFFF else match.group()


def scan(path: str, text: str, start: int = 0) -> XmlElement:
    """The first element of well-formed XML text from ``start`` (the root when 0), with
    offsets for every element inside it; reading stops at its end."""
    stack: list[XmlElement] = []
    root: XmlElement | None = None
    # Attribute lists repeat (quantity="one"): parse each once. Read-only by convention.
    parsed: dict[str, dict[str, str]] = {}
    for match in _TOKEN.finditer(text, start):
        kind = match.lastgroup
        if kind == "empty":  # an opening (or self-closing) tag
            attrs = match["attrs"]
            attributes = parsed.get(attrs)
            if attributes is None:
                attributes = parsed[attrs] = read_attributes(attrs)
            end = match.end()
            element = XmlElement(match["open"], attributes, match.start(), -1, end, -1, [])
            if stack:
                stack[-1].children.append(element)
            elif root is None:
                root = element
            if match["empty"]:
                element.inner_end = element.end = end
                if element is root:
                    return root
            else:
                stack.append(element)
        elif kind == "close":
            if not stack or stack[-1].name != match["close"]:
                raise FormatError(
                    f"unexpected closing tag </{match['close']}>",
                    path=path,
                    line=line_number(text, match.start()),
                )
            element = stack.pop()
            element.inner_end = match.start()
            element.end = match.end()
            if not stack:
                assert root is not None
                return root
        elif kind == "comment" and stack:
            stack[-1].children.append(XmlComment(match.start(), match.end(), match["comment"]))
    if root is None or stack:
        raise FormatError("no complete root element", path=path, line=line_number(text, len(text)))
    return root
