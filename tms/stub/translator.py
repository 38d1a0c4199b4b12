"""Deterministic translation: translation memory, else glossary plus a marked pseudo-translation.

The pseudo-translation keeps every code token of the source (see ``placeholders``), marks
the text with the locale (``[fr] …``), accents the Latin letters so untranslated text stands
out, writes glossary translations and do-not-translate terms verbatim, and expands ICU
plurals to the categories the target locale needs.

>>> translate(SourceText("Save {name}"), "fr").text
'[fr] Šàvé {name}'
>>> translate(SourceText("Open Acme", max_length=9), "de", glossary=(
...     GlossaryEntry("Acme", {}, do_not_translate=True),)).text
'Öpéñ Acme'
>>> sorted(translate(SourceText(plural={"one": "# file", "other": "# files"}), "ar").plural)
['few', 'many', 'one', 'other', 'two', 'zero']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tms.stub.placeholders import Code, IcuChoice, Node, Text, parse, render
from tms.stub.plurals import plural_categories

__all__ = [
    "GlossaryEntry",
    "MemoryLookup",
    "SourceText",
    "TranslationResult",
    "break_first_placeholder",
    "translate",
]

_ACCENTS = str.maketrans(
    "aceinosuyzACEINOSUYZ",
    "àçéîñöšûýžÀÇÉÎÑÖŠÛÝŽ",
)


@dataclass(frozen=True)
class SourceText:
    """What the translator receives for one string: a text, or plural forms by category."""

    text: str | None = None
    plural: Mapping[str, str] | None = None
    max_length: int | None = None
    placeholders: tuple[str, ...] = ()  # declared by the client, kept even in unknown syntaxes


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    translations: Mapping[str, str] = field(default_factory=dict)
    do_not_translate: bool = False


@dataclass(frozen=True)
class TranslationResult:
    text: str | None
    plural: dict[str, str] | None
    origin: str  # "memory" or "pseudo"


MemoryLookup = Callable[[str, str], "str | Mapping[str, str] | None"]


def _no_memory(_source: str, _locale: str) -> None:
    return None


#: A job's pseudo-translators by (locale, the string's declared placeholders), so a job of
#: thousands of strings builds each glossary pattern once instead of once per string.
PseudoCache = dict[tuple[str, tuple[str, ...]], "_Pseudo"]


def translate(
    source: SourceText,
    locale: str,
    *,
    glossary: Sequence[GlossaryEntry] = (),
    memory: MemoryLookup = _no_memory,
    cache: PseudoCache | None = None,
) -> TranslationResult:
    """Translate one string into ``locale``: memory first, else glossary and pseudo-translation.

    ``cache`` (one per job and glossary) keeps the pseudo-translators it builds.
    """
    remembered = _from_memory(source, locale, memory)
    if remembered is not None:
        return remembered
    cache_key = (locale, source.placeholders)
    pseudo = cache.get(cache_key) if cache is not None else None
    if pseudo is None:
        kept = tuple(GlossaryEntry(p, do_not_translate=True) for p in source.placeholders if p)
        pseudo = _Pseudo(locale, (*glossary, *kept))
        if cache is not None:
            cache[cache_key] = pseudo
    if source.plural is not None:
        forms = {
            category: pseudo.message(_form_for(source.plural, category), source.max_length)
            for category in plural_categories(locale)
        }
        return TranslationResult(None, forms, "pseudo")
    return TranslationResult(pseudo.message(source.text or "", source.max_length), None, "pseudo")


def _form_for(forms: Mapping[str, str], category: str) -> str:
    return forms.get(category) or forms.get("other") or next(iter(forms.values()), "")


def _from_memory(source: SourceText, locale: str, memory: MemoryLookup) -> TranslationResult | None:
    if source.plural is not None:
        key = source.plural.get("one") or _form_for(source.plural, "other")
        hit = memory(key, locale)
        if isinstance(hit, Mapping) and hit:
            forms = {c: _form_for(hit, c) for c in plural_categories(locale)}
            return TranslationResult(None, forms, "memory")
        return None
    hit = memory(source.text or "", locale)
    return TranslationResult(hit, None, "memory") if isinstance(hit, str) else None


@functools.lru_cache(maxsize=4096)
def _parsed(message: str) -> tuple[Node, ...]:
    """A message's nodes (immutable; cached because a job translates each text per locale)."""
    return parse(message)


class _Pseudo:
    """Pseudo-translation of messages into one locale with one glossary."""

    def __init__(self, locale: str, glossary: Sequence[GlossaryEntry]) -> None:
        self.locale = locale
        self.categories = plural_categories(locale)
        usable = [g for g in glossary if g.do_not_translate or locale in g.translations]
        usable.sort(key=lambda g: len(g.term), reverse=True)
        self.terms = {g.term.casefold(): g for g in usable}
        self.pattern = (
            re.compile("|".join(_whole(g.term) for g in usable), re.IGNORECASE) if usable else None
        )

    def message(self, message: str, max_length: int | None) -> str:
        nodes = _parsed(message)
        if any(type(node) is IcuChoice for node in nodes):
            body = render(self.nodes(nodes))
        else:  # the usual message: text and code, written straight into one string
            body = "".join(
                self.text_value(node.value) if type(node) is Text else node.value  # type: ignore[union-attr]
                for node in nodes
            )
        marked = f"[{self.locale}] {body}"
        if max_length is not None and len(marked) > max_length:
            return body
        return marked

    def nodes(self, nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        translated: list[Node] = []
        for node in nodes:
            if isinstance(node, Text):
                translated.extend(self.text(node.value))
            elif isinstance(node, IcuChoice):
                translated.append(self.choice(node))
            else:
                translated.append(node)
        return tuple(translated)

    def text_value(self, value: str) -> str:
        """``text`` as one string (what rendering its nodes gives)."""
        if self.pattern is None:
            return value.translate(_ACCENTS)
        pieces: list[str] = []
        last = 0
        for match in self.pattern.finditer(value):
            pieces.append(value[last : match.start()].translate(_ACCENTS))
            entry = self.terms[match.group().casefold()]
            pieces.append(
                match.group() if entry.do_not_translate else entry.translations[self.locale]
            )
            last = match.end()
        pieces.append(value[last:].translate(_ACCENTS))
        return "".join(pieces)

    def text(self, value: str) -> list[Node]:
        if self.pattern is None:
            return [Text(value.translate(_ACCENTS))]
        pieces: list[Node] = []
        last = 0
        for match in self.pattern.finditer(value):
            pieces.append(Text(value[last : match.start()].translate(_ACCENTS)))
            entry = self.terms[match.group().casefold()]
            fixed = match.group() if entry.do_not_translate else entry.translations[self.locale]
            pieces.append(Text(fixed))
            last = match.end()
        pieces.append(Text(value[last:].translate(_ACCENTS)))
        return [piece for piece in pieces if isinstance(piece, Text) and piece.value]

    def choice(self, node: IcuChoice) -> IcuChoice:
        if node.kind != "plural":
            options = tuple((sel, self.nodes(body)) for sel, body in node.options)
            return IcuChoice(node.argument, node.kind, node.offset, options)
        by_selector = dict(node.options)
        explicit = [(sel, self.nodes(body)) for sel, body in node.options if sel.startswith("=")]
        fallback = by_selector.get("other") or node.options[-1][1]
        categories = [
            (category, self.nodes(by_selector.get(category, fallback)))
            for category in self.categories
        ]
        return IcuChoice(node.argument, node.kind, node.offset, (*explicit, *categories))


def _whole(term: str) -> str:
    """A pattern for ``term`` not inside a longer word (where its ends are word characters)."""
    start = r"(?<!\w)" if re.match(r"\w", term) else ""
    end = r"(?!\w)" if re.search(r"\w$", term) else ""
    return start + re.escape(term) + end


def break_first_placeholder(message: str) -> str:
    """What a careless translator does: drop the first placeholder or markup token.

    >>> break_first_placeholder("Hello {name}, you have %d messages")
    'Hello , you have %d messages'
    """
    nodes = list(parse(message))
    for index, node in enumerate(nodes):
        if isinstance(node, Code):
            del nodes[index]
            return render(tuple(nodes))
        if isinstance(node, IcuChoice):
            nodes[index] = IcuChoice(node.argument + "_", node.kind, node.offset, node.options)
            return render(tuple(nodes))
    return message
