"""The deterministic translator: memory, glossary, pseudo-translation, plurals, max length."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tms.stub.placeholders import code_tokens
from tms.stub.plurals import plural_categories
from tms.stub.translator import (
    GlossaryEntry,
    SourceText,
    break_first_placeholder,
    translate,
)


def test_pseudo_translation_is_marked_per_locale_and_deterministic() -> None:
    fr = translate(SourceText("Save changes"), "fr")
    assert fr.text == translate(SourceText("Save changes"), "fr").text
    assert fr.text is not None and fr.text.startswith("[fr] ")
    assert translate(SourceText("Save changes"), "de").text != fr.text
    assert fr.origin == "pseudo"


@pytest.mark.parametrize(
    ("locale", "categories"),
    [
        ("ja", ("other",)),
        ("ar", ("zero", "one", "two", "few", "many", "other")),
        ("fr", ("one", "many", "other")),
        ("ru", ("one", "few", "many", "other")),
        ("en", ("one", "other")),
    ],
)
def test_plural_forms_follow_cldr(locale: str, categories: tuple[str, ...]) -> None:
    assert plural_categories(locale) == categories
    result = translate(SourceText(plural={"one": "%d day", "other": "%d days"}), locale)
    assert tuple(result.plural or {}) == categories
    assert all(code_tokens(form) == ["%d"] for form in (result.plural or {}).values())


def test_icu_plural_gets_the_target_locale_categories_and_keeps_explicit_cases() -> None:
    source = "{n, plural, =0 {No files} one {# file} other {# files}}"
    text = translate(SourceText(source), "ar").text or ""
    for selector in ("=0", "zero", "one", "two", "few", "many", "other"):
        assert f" {selector} {{" in text
    assert (
        translate(SourceText(source), "ja").text
        == "[ja] {n, plural, =0 {Ñö fîléš} other {# fîléš}}"
    )


def test_glossary_terms_are_written_verbatim_case_insensitively() -> None:
    glossary = (
        GlossaryEntry("sign in", {"fr": "se connecter"}),
        GlossaryEntry("Acme", do_not_translate=True),
    )
    result = translate(SourceText("Sign in to Acme"), "fr", glossary=glossary)
    assert result.text == "[fr] se connecter tö Acme"
    assert "Sign" not in (translate(SourceText("Sign up"), "fr", glossary=glossary).text or "")


def test_a_term_does_not_match_inside_a_word() -> None:
    glossary = (GlossaryEntry("app", {"fr": "appli"}),)
    assert "appli" not in (translate(SourceText("happy"), "fr", glossary=glossary).text or "")


def test_memory_wins_over_pseudo_translation() -> None:
    memory: dict[tuple[str, str], str | Mapping[str, str]] = {
        ("Save", "fr"): "Enregistrer",
        ("%d file", "fr"): {"one": "%d fichier", "other": "%d fichiers"},
    }

    def lookup(source: str, locale: str) -> str | Mapping[str, str] | None:
        return memory.get((source, locale))

    assert translate(SourceText("Save"), "fr", memory=lookup).text == "Enregistrer"
    plural = translate(
        SourceText(plural={"one": "%d file", "other": "%d files"}), "fr", memory=lookup
    )
    assert plural.origin == "memory"
    assert plural.plural == {"one": "%d fichier", "many": "%d fichiers", "other": "%d fichiers"}


def test_max_length_drops_the_marker_first() -> None:
    assert translate(SourceText("Open", max_length=4), "fr").text == "Öpéñ"
    assert translate(SourceText("Open", max_length=20), "fr").text == "[fr] Öpéñ"


def test_careless_translation_loses_a_placeholder() -> None:
    broken = break_first_placeholder("<b>{name}</b>")
    assert code_tokens(broken) != code_tokens("<b>{name}</b>")
    plural = break_first_placeholder("{n, plural, one {#} other {#}}")
    assert plural.startswith("{n_, plural")
    assert break_first_placeholder("no code") == "no code"


def test_declared_placeholders_are_kept_in_any_syntax() -> None:
    source = SourceText("Hi $user$, see [[link]]", placeholders=("$user$", "[[link]]"))
    assert translate(source, "fr").text == "[fr] Hî $user$, šéé [[link]]"
    assert "$user$" not in (translate(SourceText("Hi $user$"), "fr").text or "")
