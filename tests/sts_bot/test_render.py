"""`render`: the QA gate, stale sources kept out, and new keys set in source order (pure)."""

from __future__ import annotations

import catalog
from sts_bot.plan import FileRevisions, Plan, plan_missing
from sts_bot.render import KeptOut, render

ANDROID_SOURCE = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="a">A %1$s</string>
    <string name="b">B</string>
    <string name="c">C</string>
    <string name="d">D</string>
</resources>
"""
ANDROID_FR = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <!-- hand-made, keep as is -->
    <string name="a">A  fr %1$s</string>
    <string name="c">C &amp; fr</string>
</resources>
"""
SOURCE = "res/values/strings.xml"
FR_PATH = "res/values-fr/strings.xml"
DE_PATH = "res/values-de/strings.xml"


def android(source: bytes = ANDROID_SOURCE) -> FileRevisions:
    return FileRevisions(
        SOURCE,
        catalog.load(SOURCE, source),
        None,
        {"fr": FR_PATH, "de": DE_PATH},
        {"fr": catalog.load(FR_PATH, ANDROID_FR), "de": None},
    )


def test_new_keys_land_after_the_nearest_earlier_source_key_and_the_rest_is_untouched() -> None:
    revision = android()
    plan = plan_missing([revision], ["fr"])
    result = render(plan, {("b", "fr"): "B fr", ("d", "fr"): "D fr"}, [revision])
    assert result.files == {
        FR_PATH: b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <!-- hand-made, keep as is -->
    <string name="a">A  fr %1$s</string>
    <string name="b">B fr</string>
    <string name="c">C &amp; fr</string>
    <string name="d">D fr</string>
</resources>
"""
    }
    assert (result.applied, result.kept_out, result.missing, result.total) == ({"fr": 2}, [], {}, 2)


STRINGS_SOURCE = b'/* Greeting */\n"hello" = "Hello";\n"bye" = "Bye";\n"cart" = "Cart";\n'


def strings_revision(fr: bytes) -> FileRevisions:
    return FileRevisions(
        "en.lproj/Localizable.strings",
        catalog.load("en.lproj/Localizable.strings", STRINGS_SOURCE),
        None,
        {"fr": "fr.lproj/Localizable.strings"},
        {"fr": catalog.load("fr.lproj/Localizable.strings", fr)},
    )


def test_strings_file_gets_new_keys_in_source_order_with_its_own_spacing() -> None:
    revision = strings_revision(b'"hello"="Bonjour";\n\n"cart" = "Panier";\n')
    plan = plan_missing([revision], ["fr"])
    result = render(plan, {("bye", "fr"): 'Au "revoir"'}, [revision])
    assert result.files == {
        "fr.lproj/Localizable.strings": (
            b'"hello"="Bonjour";\n\n"bye" = "Au \\"revoir\\"";\n\n"cart" = "Panier";\n'
        )
    }


def test_a_trailing_comment_stays_on_the_line_of_its_entry() -> None:
    revision = strings_revision(b'"hello"="Bonjour";  // by hand\n"cart" = "Panier";\n')
    plan = plan_missing([revision], ["fr"])
    result = render(plan, {("bye", "fr"): "Au revoir"}, [revision])
    assert result.files["fr.lproj/Localizable.strings"] == (
        b'"hello"="Bonjour";  // by hand\n"bye" = "Au revoir";\n"cart" = "Panier";\n'
    )


def test_a_missing_target_is_created_in_the_source_style() -> None:
    revision = android()
    plan = plan_missing([revision], ["de"])
    result = render(
        plan,
        {("a", "de"): "A de %1$s", ("b", "de"): "B de", ("c", "de"): "C de", ("d", "de"): "D de"},
        [revision],
    )
    assert result.files == {
        DE_PATH: b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="a">A de %1$s</string>
    <string name="b">B de</string>
    <string name="c">C de</string>
    <string name="d">D de</string>
</resources>
"""
    }
    assert result.applied == {"de": 4}


def test_qa_keeps_out_placeholder_breaking_translations_with_the_reason() -> None:
    revision = android()
    plan = plan_missing([revision], ["de"])
    translations = {
        ("a", "de"): "A de",
        ("b", "de"): "B de",
        ("c", "de"): "C de %1$s",
        ("d", "de"): "D de",
    }
    result = render(plan, translations, [revision])
    assert result.kept_out == [
        KeptOut(SOURCE, "a", "de", "missing placeholders: %1$s"),
        KeptOut(SOURCE, "c", "de", "unexpected placeholders: %1$s"),
    ]
    document = catalog.load(DE_PATH, result.files[DE_PATH])
    assert list(document.keys()) == ["b", "d"]
    assert result.applied == {"de": 2}


def test_a_source_edited_since_planning_is_kept_out() -> None:
    plan = plan_missing([android()], ["fr"])
    edited = android(ANDROID_SOURCE.replace(b">B<", b">Bee<"))
    result = render(plan, {("b", "fr"): "B fr", ("d", "fr"): "D fr"}, [edited])
    assert result.kept_out == [KeptOut(SOURCE, "b", "fr", "the source text changed")]
    assert catalog.load(FR_PATH, result.files[FR_PATH]).get("b") is None
    assert result.applied == {"fr": 1}


def test_a_source_removed_since_planning_is_kept_out() -> None:
    plan = plan_missing([android()], ["fr"])
    removed = android(ANDROID_SOURCE.replace(b'    <string name="d">D</string>\n', b""))
    result = render(plan, {("b", "fr"): "B fr", ("d", "fr"): "D fr"}, [removed])
    assert result.kept_out == [KeptOut(SOURCE, "d", "fr", "the source text changed")]


def test_a_translation_that_never_came_counts_as_missing_and_writes_nothing() -> None:
    revision = android()
    plan = plan_missing([revision], ["fr", "de"])
    result = render(plan, {("b", "fr"): "B fr"}, [revision])
    assert result.missing == {"fr": 1, "de": 4}
    assert list(result.files) == [FR_PATH]
    assert result.applied == {"fr": 1}


def test_an_array_is_reassembled_from_its_items_and_each_item_is_checked() -> None:
    source = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string-array name="sizes">
        <item>Small %d</item>
        <item>Large</item>
    </string-array>
</resources>
"""
    revision = FileRevisions(
        SOURCE, catalog.load(SOURCE, source), None, {"fr": FR_PATH}, {"fr": None}
    )
    plan = plan_missing([revision], ["fr"])
    good = render(plan, {("sizes[0]", "fr"): "Petit %d", ("sizes[1]", "fr"): "Grand"}, [revision])
    assert catalog.load(FR_PATH, good.files[FR_PATH]).get("sizes").value == {
        "0": "Petit %d",
        "1": "Grand",
    }
    bad = render(plan, {("sizes[0]", "fr"): "Petit", ("sizes[1]", "fr"): "Grand"}, [revision])
    assert bad.kept_out == [KeptOut(SOURCE, "sizes", "fr", "missing placeholders: %d")]
    half = render(plan, {("sizes[0]", "fr"): "Petit %d"}, [revision])
    assert (half.files, half.missing) == ({}, {"fr": 1})


def test_an_empty_plan_renders_nothing() -> None:
    result = render(Plan(()), {}, [android()])
    assert (result.files, result.applied, result.kept_out, result.missing) == ({}, {}, [], {})
