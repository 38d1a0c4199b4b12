"""Locale validation and each platform's path conventions."""

from __future__ import annotations

import pytest

from catalog.locales import (
    android_values_dir,
    ios_lproj,
    posix_locale,
    target_path,
    validate_locale,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("fr", "fr"), ("pt_BR", "pt-BR"), ("ZH-hant-tw", "zh-Hant-TW"), ("es-419", "es-419"),
     ("de-CH-1901", "de-CH-1901"), ("fil", "fil")],
)  # fmt: skip
def test_validate_locale_normalises(code: str, expected: str) -> None:
    assert validate_locale(code) == expected


@pytest.mark.parametrize(
    "code", ["", "../fr", "fr/../../etc", "fr\x00", "f", "fr-", "en US", "a" * 100, "fr.lproj"]
)
def test_validate_locale_refuses_path_like_or_malformed_codes(code: str) -> None:
    with pytest.raises(ValueError):
        validate_locale(code)


def test_platform_forms() -> None:
    assert android_values_dir("fr") == "values-fr"
    assert android_values_dir("fr-CA") == "values-fr-rCA"
    assert android_values_dir("sr-Latn") == "values-b+sr+Latn"
    assert android_values_dir("fil") == "values-b+fil"
    assert ios_lproj("zh-Hans") == "zh-Hans.lproj"
    assert ios_lproj("fr-CA") == "fr-CA.lproj"
    assert posix_locale("pt-BR") == "pt_BR"


@pytest.mark.parametrize(
    ("source", "format", "locale", "expected"),
    [
        ("app/src/main/res/values/strings.xml", "android", "fr-CA",
         "app/src/main/res/values-fr-rCA/strings.xml"),
        ("App/Base.lproj/Main.strings", "ios-strings", "de", "App/de.lproj/Main.strings"),
        ("App/en.lproj/L.stringsdict", "ios-stringsdict", "ja", "App/ja.lproj/L.stringsdict"),
        ("locale/en/LC_MESSAGES/django.po", "po", "pt-BR", "locale/pt_BR/LC_MESSAGES/django.po"),
        ("locale/django.pot", "po", "fr", "locale/fr/LC_MESSAGES/django.po"),
        ("po/app.pot", "po", "fr", "po/fr.po"),
        ("lib/l10n/app_en.arb", "arb", "zh-Hant", "lib/l10n/app_zh_Hant.arb"),
        ("i18n/en.json", "json", "fr", "i18n/fr.json"),
        ("i18n/en-US.json", "json", "pt-BR", "i18n/pt-BR.json"),
        ("public/locales/en/common.json", "json", "fr", "public/locales/fr/common.json"),
        ("src/messages.en.xlf", "xliff", "de", "src/messages.de.xlf"),
        ("src/messages.xlf", "xliff", "de", "src/messages.de.xlf"),
    ],
)  # fmt: skip
def test_target_path(source: str, format: str, locale: str, expected: str) -> None:
    assert target_path(source, format, locale) == expected


def test_target_path_validates_the_locale() -> None:
    with pytest.raises(ValueError):
        target_path("res/values/strings.xml", "android", "../../x")
