"""Unit tests for i18n_lib.names and its private helpers, on small hand-made names."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from babel import Locale

import i18n_lib.names as names_module
from i18n_lib._names_data import LocaleId, locale_data, maximize, parse_locale_id, script_of
from i18n_lib._names_pattern import parse_pattern, render
from i18n_lib._names_text import all_caps, first_grapheme, initial_cap, initials
from i18n_lib.names import PersonName, format_person_name, person_names_cldr_version

ADA = {"given": "Ada", "surname": "Lovelace"}
YAMADA = {"given": "太郎", "surname": "山田", "locale": "ja"}


def test_public_names_are_pinned() -> None:
    assert names_module.__all__ == ["PersonName", "format_person_name", "person_names_cldr_version"]


def test_ships_cldr_47() -> None:
    assert person_names_cldr_version() == "47"


@pytest.mark.parametrize("locale", ["en", "en-US", "en_US", Locale("en", "US")])
def test_accepts_every_locale_spelling(locale: str | Locale) -> None:
    assert format_person_name(ADA, locale) == "Ada Lovelace"


def test_lengths_usages_and_orders_pick_different_patterns() -> None:
    full = {"title": "Dr.", "given": "Ada", "given2": "Mary", "surname": "Lovelace"}
    assert format_person_name(full, "en", length="long") == "Dr. Ada Mary Lovelace"
    assert format_person_name(full, "en") == "Ada M. Lovelace"
    assert format_person_name(full, "en", length="short") == "A.M. Lovelace"
    assert format_person_name(full, "en", usage="addressing") == "Dr. Lovelace"
    assert format_person_name(full, "en", order="sorting") == "Lovelace, Ada M."
    assert format_person_name(full, "en", order="surnameFirst") == "Lovelace Ada M."
    assert format_person_name(full, "en", usage="monogram", length="long") == "AML"


def test_informal_falls_back_to_the_plain_given_name() -> None:
    with_nickname = {**ADA, "given-informal": "Addie"}
    assert format_person_name(with_nickname, "en", formality="informal") == "Addie Lovelace"
    assert format_person_name(ADA, "en", formality="informal") == "Ada Lovelace"


def test_surname_prefix_and_core_are_derived() -> None:
    name = {"given": "Ada", "surname-prefix": "van den", "surname-core": "Wolf", "locale": "nl"}
    assert PersonName(name).value("surname") == "van den Wolf"
    assert format_person_name(name, "nl") == "Ada van den Wolf"
    assert format_person_name(name, "nl", order="sorting") == "Wolf, Ada van den"


def test_missing_prefix_is_empty_not_the_whole_surname() -> None:
    assert format_person_name({"given": "Ada", "surname": "Wolf"}, "nl", order="sorting") == (
        "Wolf, Ada"
    )


def test_mononym_takes_the_surname_slot_when_the_pattern_has_no_given_name() -> None:
    assert format_person_name({"given": "Zendaya"}, "en", usage="addressing") == "Zendaya"
    assert format_person_name({"given": "Zendaya"}, "en", length="short") == "Zendaya"


def test_empty_fields_take_their_literals_with_them() -> None:
    pattern = parse_pattern("{title} {given} {given2} {surname}, {credentials}")
    assert render(pattern, [None, "Ada", None, "King", None]) == "Ada King"
    assert render(pattern, ["Dr.", None, None, "King", "FRS"]) == "Dr. King, FRS"
    assert render(parse_pattern("{given} ({given2}) {surname}"), ["Foo", None, "Baz"]) == "Foo Baz"
    assert render(parse_pattern("{surname}, {given}"), ["Baz", None]) == "Baz"


def test_pattern_escapes_and_errors() -> None:
    assert parse_pattern(r"\{{given}\}").elements[0] == "{"
    with pytest.raises(ValueError, match="unknown person-name field"):
        parse_pattern("{nickname}")
    with pytest.raises(ValueError, match="unclosed"):
        parse_pattern("{given")


def test_japanese_native_and_foreign_space_replacement() -> None:
    assert format_person_name(YAMADA, "ja") == "山田太郎"
    foreign = {"given": "アルベルト", "surname": "アインシュタイン", "locale": "de"}
    assert format_person_name(foreign, "ja") == "アルベルト・アインシュタイン"


def test_a_name_in_another_script_uses_a_locale_of_that_script() -> None:
    assert format_person_name(YAMADA, "en") == "山田太郎"
    latin = {"given": "Albert", "surname": "Einstein", "locale": "de"}
    assert format_person_name(latin, "ja") == "Albert Einstein"


def test_order_comes_from_the_name_locale() -> None:
    romanized = {"given": "Taro", "surname": "Yamada", "locale": "ja"}
    assert format_person_name(romanized, "en") == "Yamada Taro"
    assert format_person_name({**romanized, "locale": "fr"}, "en") == "Taro Yamada"
    without_locale = {"given": "明", "surname": "张"}
    assert format_person_name(without_locale, "en") == "张明"


def test_honorifics_are_an_explicit_japanese_extension() -> None:
    short = {"length": "short", "usage": "addressing"}
    assert format_person_name(YAMADA, "ja", honorific="sama", **short) == "山田様"  # type: ignore[arg-type]
    assert format_person_name(YAMADA, "ja", honorific="san", **short) == "山田さん"  # type: ignore[arg-type]
    assert format_person_name({**YAMADA, "title": "博士"}, "ja", honorific="sama") == "山田太郎様"
    with pytest.raises(ValueError, match="Japanese"):
        format_person_name(ADA, "en", honorific="sama")
    with pytest.raises(ValueError, match="monogram"):
        format_person_name(YAMADA, "ja", usage="monogram", honorific="san")
    with pytest.raises(ValueError, match="honorific"):
        format_person_name(YAMADA, "ja", honorific="dono")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("option", "value"),
    [("order", "random"), ("length", "tiny"), ("usage", "shouting"), ("formality", "rude")],
)
def test_rejects_unknown_options(option: str, value: str) -> None:
    with pytest.raises(ValueError, match=option):
        format_person_name(ADA, "en", **{option: value})  # type: ignore[arg-type]


def test_rejects_unknown_fields_and_empty_names() -> None:
    with pytest.raises(ValueError, match="nickname"):
        PersonName({"nickname": "Addie"})
    with pytest.raises(ValueError, match="given-shouty"):
        PersonName({"given-shouty": "ADA"})
    with pytest.raises(ValueError, match="needs a given name or a surname"):
        format_person_name({"title": "Dr."}, "en")


def test_person_name_value_semantics() -> None:
    assert PersonName(ADA) == PersonName(dict(ADA))
    assert hash(PersonName(ADA)) == hash(PersonName(dict(ADA)))
    assert PersonName(ADA) != PersonName(YAMADA)
    assert PersonName(YAMADA).locale == "ja"
    assert PersonName(YAMADA).script == "Hani"
    assert "Lovelace" in repr(PersonName(ADA))


def test_lookup_prefers_the_most_specific_stored_variant() -> None:
    name = PersonName({"given": "Ada", "given-informal": "Addie"})
    assert name.lookup("given", frozenset({"informal", "initial"})) == (
        "Addie",
        frozenset({"initial"}),
    )
    assert name.lookup("given", frozenset({"allCaps"})) == ("Ada", frozenset({"allCaps"}))
    assert name.lookup("surname", frozenset()) == (None, frozenset())


def test_graphemes() -> None:
    assert first_grapheme("क्षमा") == "क्ष"
    assert first_grapheme("e\u0301tienne") == "e\u0301"
    assert first_grapheme("ဟာမစ်") == "ဟ"
    assert first_grapheme("സ്\u200cറ്റോ") == "സ്\u200c"
    assert first_grapheme("") == ""


def test_initials_follow_the_locale_patterns_and_word_breaks() -> None:
    assert initials("Mary Beth", "{0}.", "{0} {1}") == "M. B."
    assert initials("Mary Beth", "{0}.", "{0}{1}") == "M.B."
    assert initials("Jean-Luc", "{0}.", "{0} {1}") == "J. L."
    assert initials("Jean-Luc", "{0}.", "{0} {1}", retain=True) == "J.-L."
    assert initials("Gal·la", "{0}.", "{0} {1}") == "G."
    assert initials("雅婷", "{0}.", "{0}{1}") == "雅.婷."


def test_capitals_respect_the_language() -> None:
    assert all_caps("istanbul", "tr") == "İSTANBUL"
    assert all_caps("istanbul", "en") == "ISTANBUL"
    assert all_caps("Ελένη", "el") == "ΕΛΕΝΗ"
    assert initial_cap("van den", "nl") == "Van den"
    assert initial_cap("ijsselmeer", "nl") == "IJsselmeer"
    assert initial_cap("ǆemal", "hr") == "ǅemal"


def test_locale_data_follows_cldr_inheritance() -> None:
    assert locale_data(parse_locale_id("en_AU")).locale_id == "en_AU"
    assert locale_data(parse_locale_id("zh_TW")).locale_id in {"zh_Hant_TW", "zh_Hant"}
    assert locale_data(parse_locale_id("xx")).locale_id == "und"
    slots = locale_data(parse_locale_id("de")).slots
    assert len(slots) == 54
    assert all(slots)


def test_likely_subtags_and_scripts() -> None:
    assert maximize(LocaleId("und", "Hang")) == LocaleId("ko", "Hang", "KR")
    assert maximize(LocaleId("ja")) == LocaleId("ja", "Jpan", "JP")
    assert parse_locale_id("zh-hant-tw") == LocaleId("zh", "Hant", "TW")
    assert [script_of(c) for c in "Aя山カ1"] == ["Latn", "Cyrl", "Hani", "Kana", "Zyyy"]


def _load_builder() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_person_names_data.py"
    spec = importlib.util.spec_from_file_location("build_person_names_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_builder_resolves_root_aliases_per_alternate(tmp_path: Path) -> None:
    builder = _load_builder()
    main = tmp_path / "main"
    main.mkdir()
    slot = 'order="givenFirst" length="{}" usage="referring" formality="formal"'
    (main / "root.xml").write_text(
        textwrap.dedent(f"""\
        <ldml><personNames>
          <nameOrderLocales order="givenFirst">und</nameOrderLocales>
          <personName {slot.format("long")}><namePattern>{{given}} {{surname}}</namePattern>
          </personName>
          <personName {slot.format("short")}>
            <alias source="locale" path="../personName[@order='givenFirst'][@length='long']\
[@usage='referring'][@formality='formal']"/>
          </personName>
        </personNames></ldml>"""),
        "utf-8",
    )
    (main / "xx.xml").write_text(
        f"""<ldml><personNames><personName {slot.format("long")}>
        <namePattern alt="1">{{surname}}</namePattern></personName></personNames></ldml>""",
        "utf-8",
    )
    raw = {p.stem: builder.read_person_name_paths(p) for p in main.glob("*.xml")}
    resolved = builder.resolve_xml_locale("xx", raw, {})
    short = resolved["personName"]["givenFirst"]["short"]["referring"]
    assert short == {"formal": "{given} {surname}", "formal-alt-1": "{surname}"}
    assert resolved["givenFirst"] == ["und"]
