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


def test_placeholders_compare_as_a_multiset_in_any_order() -> None:
    source = Entry("k", "%1$s sent %2$s to {name}")
    assert codes(source, "{name} a reçu %2$s de %1$s") == []
    problems = check_translation(source, "%1$s %1$s envoie %2$s à {name}", "fr")
    assert [p.message for p in problems] == ["unexpected placeholders: %1$s"]
    problems = check_translation(Entry("k", "%s and %s"), "%s et", "fr")
    assert [p.message for p in problems] == ["missing placeholders: %s"]


def test_each_syntax_is_still_seen_after_the_prefilters() -> None:
    """A text is scanned for a syntax only when it holds that syntax's mark (``%(``,
    ``%#@``, ``{{``, ``<xliff:g``, ``%``, ``{``, ``<``): each is still caught."""
    cases = [
        ("%(name)s left", "parti", "missing placeholders: %(name)s"),
        ("%#@files@ left", "parti", "missing placeholders: %#@files@"),
        ("Hi {{user}}", "Salut", "missing placeholders: {{user}}"),
        (
            '<xliff:g id="n">%d</xliff:g> new',
            "nouveaux",
            'missing placeholders: <xliff:g id="n">%d</xliff:g>',
        ),
        ("%d new", "nouveaux", "missing placeholders: %d"),
        ("{n} new", "nouveaux", "missing placeholders: {n}"),
        ("Save", "Enregistrer %s", "unexpected placeholders: %s"),
        ("Save", "Enregistrer {{x}}", "unexpected placeholders: {{x}}"),
    ]
    for source, translation, message in cases:
        problems = check_translation(Entry("k", source), translation, "fr")
        assert [p.message for p in problems] == [message], source


def test_markup_only_in_the_translation_or_inside_xliff_g_is_checked() -> None:
    assert codes(Entry("k", "Plain text"), "Texte <b>gras") == ["markup", "markup"]
    assert [p.message for p in check_translation(Entry("k", "Plain"), "<i>x</i>", "fr")] == [
        "tags not in the source: </i>, <i>"
    ]
    source = Entry("k", '<xliff:g id="a"><b>%s</b></xliff:g> x')
    translation = '<xliff:g id="a"><b>%s</b></xliff:g> <i>y</i>'
    assert [p.message for p in check_translation(source, translation, "fr")] == [
        "tags not in the source: </i>, <i>"
    ]


def test_a_source_checked_for_many_locales_gives_the_same_answer_each_time() -> None:
    """Source facts are cached per text: the second and later locales see the same problems."""
    source = Entry("k", "Delete <b>{count}</b> files?")
    for locale in ["fr", "de", "ja", "fr"]:
        problems = check_translation(source, "Supprimer <b>{nombre}</b> ?", locale)
        assert [(p.locale, p.message) for p in problems] == [
            (locale, "missing placeholders: {count}"),
            (locale, "unexpected placeholders: {nombre}"),
        ]


def test_a_plural_form_other_than_other_may_drop_but_not_add_placeholders() -> None:
    source = Entry("k", {"one": "One file", "other": "%d files in {dir}"}, kind="plural")
    assert codes(source, {"one": "Eine Datei", "other": "%d Dateien in {dir}"}, "de") == []
    problems = check_translation(
        source, {"one": "Eine Datei %s", "other": "%d Dateien in {dir}"}, "de"
    )
    assert [p.message for p in problems] == ["unexpected placeholders in 'one': %s"]
