"""Translation checks: problems returned as data."""

from __future__ import annotations

from catalog import Entry
from catalog.qa import CHECKS, Problem, check_translation, plural_categories


def codes(source: Entry, translation: str | dict[str, str], locale: str = "fr") -> list[str]:
    return [problem.code for problem in check_translation(source, translation, locale)]


def test_a_good_translation_has_no_problems() -> None:
    assert (
        check_translation(
            Entry("k", "Hello %1$s, <b>welcome</b>"), "Bonjour %1$s, <b>bienvenue</b>", "fr"
        )
        == []
    )


def test_missing_extra_and_altered_placeholders() -> None:
    source = Entry("k", "Delete {count} files from %s?")
    problems = check_translation(source, "Supprimer {nombre} fichiers de %d ?", "fr")
    assert problems == [
        Problem("k", "fr", "placeholders", "missing placeholders: %s, {count}"),
        Problem("k", "fr", "placeholders", "unexpected placeholders: %d, {nombre}"),
    ]


def test_unbalanced_or_foreign_markup() -> None:
    source = Entry("k", "<b>Bold</b> text")
    assert codes(source, "<b>Gras texte") == ["markup"]
    assert codes(source, "<b>Gras</b> <i>texte</i>") == ["markup"]


def test_empty_translation() -> None:
    assert codes(Entry("k", "Hello"), "  ") == ["empty"]
    assert codes(Entry("k", ""), "") == []


def test_max_length() -> None:
    problems = check_translation(Entry("k", "Save", max_length=6), "Enregistrer", "fr")
    assert [(p.code, p.message) for p in problems] == [
        ("max-length", "11 characters, over the limit of 6")
    ]


def test_plural_categories_for_the_locale() -> None:
    source = Entry("k", {"one": "%d file", "other": "%d files"}, kind="plural")
    assert plural_categories("pl") == ["one", "few", "many", "other"]
    assert plural_categories("ja") == ["other"]
    assert plural_categories("xx-unknown") == ["other"]
    problems = check_translation(source, {"one": "%d plik", "other": "%d plików"}, "pl")
    assert [(p.code, p.message) for p in problems] == [
        ("plurals", "plural forms missing for pl: few, many")
    ]
    assert codes(source, {"other": "%d ファイル"}, "ja") == []
    assert codes(source, "%d fichiers") == ["plurals"]


def test_one_form_may_spell_the_number_but_may_not_invent_placeholders() -> None:
    source = Entry("k", {"one": "One file", "other": "%d files"}, kind="plural")
    assert codes(source, {"one": "Un fichier", "many": "%d fichiers", "other": "%d fichiers"}) == []
    assert codes(source, {"one": "%s fichier", "many": "%d", "other": "%d fichiers"}) == [
        "placeholders"
    ]


def test_checks_are_a_registry_of_one_method_classes() -> None:
    assert [check.code for check in CHECKS] == [
        "empty",
        "plurals",
        "placeholders",
        "markup",
        "max-length",
    ]
    only_length = [check for check in CHECKS if check.code == "max-length"]
    assert check_translation(Entry("k", "%s"), "", "fr", checks=only_length) == []
