"""`plan_changes` and `plan_missing` on real catalogs in each format (pure, no I/O)."""

from __future__ import annotations

import json

import pytest

import catalog
from catalog import Document
from sts_bot.plan import FileRevisions, Plan, PlannedString, plan_changes, plan_missing

ANDROID_BASE = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="hello">Hello</string>
    <string name="bye">Bye</string>
    <string name="gone">Gone</string>
    <string name="app" translatable="false">Shop</string>
</resources>
"""
ANDROID_HEAD = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="hello">Hello there</string>
    <string name="bye">Bye</string>
    <string name="new">New</string>
    <string name="app" translatable="false">Shop!</string>
    <string-array name="sizes"><item>Small</item><item>Large</item></string-array>
</resources>
"""
STRINGS_BASE = b'"hello" = "Hello";\n"bye" = "Bye";\n'
STRINGS_HEAD = b'"hello" = "Hello!";\n"bye" = "Bye";\n"cart" = "Cart";\n'
JSON_BASE = b'{"home": {"title": "Home", "cta": "Go"}, "old": "Old"}\n'
JSON_HEAD = b'{"home": {"title": "Home page", "cta": "Go", "sub": "Welcome"}}\n'
PO_BASE = b"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Save"
msgstr ""
"""
PO_HEAD = b"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Save"
msgstr ""

msgid "apple"
msgid_plural "apples"
msgstr[0] ""
msgstr[1] ""
"""


def revisions(
    source: str,
    base: bytes | None,
    head: bytes,
    targets: dict[str, tuple[str, bytes | None, bytes | None]] | None = None,
) -> FileRevisions:
    """One source file; ``targets`` maps locale -> (path, bytes at base, bytes at head)."""
    targets = targets or {}

    def doc(path: str, data: bytes | None) -> Document | None:
        return catalog.load(path, data) if data is not None else None

    return FileRevisions(
        source_path=source,
        head=catalog.load(source, head),
        base=doc(source, base),
        target_paths={loc: path for loc, (path, _, _) in targets.items()},
        targets_head={loc: doc(path, at_head) for loc, (path, _, at_head) in targets.items()},
        targets_base={loc: doc(path, at_base) for loc, (path, at_base, _) in targets.items()},
    )


def sent(plan: Plan) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(s.file, s.key, s.locales) for s in plan.strings]


@pytest.mark.parametrize(
    ("source", "base", "head", "expected_keys"),
    [
        # added `new` and the array `sizes`, changed `hello`; `gone` removed and the
        # untranslatable `app` changed: neither is sent.
        ("res/values/strings.xml", ANDROID_BASE, ANDROID_HEAD, ["hello", "new", "sizes"]),
        ("en.lproj/Localizable.strings", STRINGS_BASE, STRINGS_HEAD, ["hello", "cart"]),
        ("web/locales/en.json", JSON_BASE, JSON_HEAD, ["home.title", "home.sub"]),
        ("po/messages.pot", PO_BASE, PO_HEAD, ["apple"]),
        ("po/messages.pot", None, PO_HEAD, ["Save", "apple"]),  # a new source file
    ],
)
def test_added_and_changed_keys_are_sent_removed_and_untranslatable_are_not(
    source: str, base: bytes | None, head: bytes, expected_keys: list[str]
) -> None:
    plan = plan_changes([revisions(source, base, head)], ["fr", "ja"])
    assert sent(plan) == [(source, key, ("fr", "ja")) for key in expected_keys]
    assert plan.counts() == {"fr": len(expected_keys), "ja": len(expected_keys)}
    assert plan.locales == ("fr", "ja")


def test_values_kinds_and_lines_are_carried_for_arrays_and_plurals() -> None:
    android = plan_changes(
        [revisions("res/values/strings.xml", ANDROID_BASE, ANDROID_HEAD)], ["fr"]
    )
    by_key = {s.key: s for s in android.strings}
    assert by_key["sizes"].kind == "array"
    assert by_key["sizes"].value == {"0": "Small", "1": "Large"}
    assert by_key["sizes"].line == 7
    assert by_key["hello"] == PlannedString(
        "res/values/strings.xml", "hello", "Hello there", "string", ("fr",), line=3
    )
    po = plan_changes([revisions("po/messages.pot", PO_BASE, PO_HEAD)], ["fr"])
    (apple,) = po.strings
    assert (apple.kind, apple.value) == ("plural", {"one": "apple", "other": "apples"})


def test_unchanged_source_sends_nothing() -> None:
    plan = plan_changes(
        [revisions("en.lproj/Localizable.strings", STRINGS_BASE, STRINGS_BASE)], ["fr"]
    )
    assert not plan
    assert plan.strings == ()


FR = "fr.lproj/Localizable.strings"


def test_a_changed_source_is_resent_only_where_the_target_was_not_updated_in_the_pr() -> None:
    old_fr = b'"hello" = "Bonjour";\n"bye" = "Au revoir";\n'
    new_fr = b'"hello" = "Bonjour !";\n"bye" = "Au revoir";\n'
    ja_path = "ja.lproj/Localizable.strings"
    old_ja = b'"hello" = "Konnichiwa";\n"bye" = "Sayonara";\n'
    revision = revisions(
        "en.lproj/Localizable.strings",
        STRINGS_BASE,
        STRINGS_HEAD,
        {"fr": (FR, old_fr, new_fr), "ja": (ja_path, old_ja, old_ja)},
    )
    plan = plan_changes([revision], ["fr", "ja"])
    assert sent(plan) == [
        ("en.lproj/Localizable.strings", "hello", ("ja",)),  # fr updated `hello` in this PR
        ("en.lproj/Localizable.strings", "cart", ("fr", "ja")),
    ]


def test_a_changed_source_whose_target_entry_is_new_in_the_pr_is_not_resent() -> None:
    revision = revisions(
        "en.lproj/Localizable.strings",
        STRINGS_BASE,
        STRINGS_HEAD,
        {"fr": (FR, None, b'"hello" = "Bonjour !";\n"cart" = "Panier";\n')},
    )
    assert sent(plan_changes([revision], ["fr"])) == []


def test_keys_shared_by_two_files_get_file_scoped_vendor_keys() -> None:
    strings = revisions("en.lproj/Localizable.strings", None, b'"title" = "Shop";\n"only" = "x";\n')
    json_file = revisions("web/locales/en.json", None, b'{"title": "Web shop"}\n')
    plan = plan_changes([strings, json_file], ["fr"])
    assert list(plan.vendor_keys()) == [
        "en.lproj/Localizable.strings::title",
        "only",
        "web/locales/en.json::title",
    ]
    assert plan.vendor_keys()["web/locales/en.json::title"].value == "Web shop"


def test_plan_missing_sends_what_an_existing_partial_target_lacks() -> None:
    revision = revisions(
        "en.lproj/Localizable.strings",
        None,
        STRINGS_HEAD,
        {
            "fr": (FR, None, b'"hello" = "Bonjour";\n'),
            "de": ("de.lproj/Localizable.strings", None, None),
        },
    )
    plan = plan_missing([revision], ["fr", "de"])
    assert sent(plan) == [
        ("en.lproj/Localizable.strings", "hello", ("de",)),
        ("en.lproj/Localizable.strings", "bye", ("fr", "de")),
        ("en.lproj/Localizable.strings", "cart", ("fr", "de")),
    ]
    assert plan.counts() == {"de": 3, "fr": 2}


def test_plan_missing_skips_untranslatable_and_blank_sources() -> None:
    head = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="app" translatable="false">Shop</string>
    <string name="blank">  </string>
    <string name="ok">OK</string>
</resources>
"""
    plan = plan_missing([revisions("res/values/strings.xml", None, head)], ["fr"])
    assert sent(plan) == [("res/values/strings.xml", "ok", ("fr",))]


def test_plan_json_round_trip_is_lossless() -> None:
    plan = plan_changes(
        [
            revisions("res/values/strings.xml", ANDROID_BASE, ANDROID_HEAD),
            revisions("po/messages.pot", PO_BASE, PO_HEAD),
        ],
        ["fr", "es-MX"],
    )
    plan = Plan(plan.strings, ("a note",))
    again = Plan.from_json(json.loads(json.dumps(plan.to_json())))
    assert again == plan
    assert again.vendor_keys() == plan.vendor_keys()
    assert Plan.from_json({}) == Plan(())


def test_plan_json_leaves_out_empty_optional_fields_and_reads_them_back_as_none() -> None:
    bare = PlannedString("po/messages.pot", "hello", "Hello", "string", ("fr",))
    full = PlannedString("a.xml", "k", "Hi %s", "string", ("fr", "ja"), "c", "ctx", 12, 3)
    data = Plan((bare, full)).to_json()
    assert data["strings"] == [
        {"file": "po/messages.pot", "key": "hello", "value": "Hello", "kind": "string",
         "locales": ["fr"]},
        {"file": "a.xml", "key": "k", "value": "Hi %s", "kind": "string",
         "locales": ["fr", "ja"], "comment": "c", "context": "ctx", "max_length": 12, "line": 3},
    ]  # fmt: skip
    assert Plan.from_json(json.loads(json.dumps(data))) == Plan((bare, full))
    old = {**bare.to_json(), "comment": None, "context": None, "max_length": None, "line": None}
    assert PlannedString.from_json(old) == bare  # plans stored before read back the same
