"""detect_config: proposing .github/translations.yml from a repository's file list."""

from __future__ import annotations

import time

import pytest

from sts_bot.repo_config import (
    FileRule,
    RepoConfig,
    detect_config,
    parse_config,
    render_config,
    resolve_files,
)


def lproj(root: str, names: list[str], files: list[str]) -> list[str]:
    return [f"{root}/{name}.lproj/{file}" for name in names for file in files]


# The layouts of the corpora (file lists only), trimmed to a few locales each.
NEWPIPE = [
    "app/build.gradle",
    "app/src/main/java/org/schabi/newpipe/MainActivity.java",
    "app/src/main/res/values/strings.xml",
    "app/src/main/res/values/colors.xml",
    "app/src/main/res/values-night/strings.xml",  # a qualifier that is no locale
    "app/src/main/res/values-v21/styles.xml",
    "app/src/main/res/values-fr/strings.xml",
    "app/src/main/res/values-pt-rBR/strings.xml",
    "app/src/main/res/values-b+uz+Latn/strings.xml",
    "app/src/main/res/values-b+ast/strings.xml",
    "app/src/main/res/values-in/strings.xml",  # legacy code, kept as written
    "app/src/main/res/values-und/strings.xml",  # CLDR's "undetermined": not a target
    "app/src/main/res/values-fil/strings.xml",  # {android} writes values-b+fil: left out
    "app/build/intermediates/res/values/strings.xml",  # generated: skipped
]
MASTODON = [
    *lproj(
        "MastodonSDK/Sources/MastodonLocalization/Resources",
        ["en", "de", "zh-Hans", "es-419"],
        ["Localizable.strings", "Localizable.stringsdict"],
    ),
    *lproj("Mastodon/Supporting Files", ["Base", "hy"], ["Main.strings", "LaunchScreen.strings"]),
    *lproj("Mastodon/Resources", ["en", "ja"], ["InfoPlist.strings"]),
    "Mastodon/Resources/ja.lproj/Localizable.strings",  # no source beside it: not a rule
    "Localization/Localizable.stringsdict",  # outside any .lproj: not detected
    "Pods/SomeKit/en.lproj/SomeKit.strings",  # vendored
]
FLUTTER_GALLERY = [
    "lib/main.dart",
    "lib/l10n/intl_en.arb",
    "lib/l10n/intl_en_GB.arb",
    "lib/l10n/intl_fr_CA.arb",
    "lib/l10n/intl_zh_TW.arb",
    "lib/l10n/intl_ar.arb",
    "l10n.yaml",
]
FOCUS_IOS = [
    "en-US/focus-ios.xliff",
    "fr/focus-ios.xliff",
    "es-CL/focus-ios.xliff",
    "nn-NO/focus-ios.xliff",
    "templates/focus-ios.xliff",  # a lone template outside a locale folder: not a rule
]
DJANGO = [
    "django/contrib/admin/locale/en/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/en/LC_MESSAGES/djangojs.po",
    "django/contrib/admin/locale/fr/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/fr/LC_MESSAGES/djangojs.po",
    "django/contrib/admin/locale/sr_Latn/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/es_AR/LC_MESSAGES/django.po",
    "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
    "django/contrib/auth/locale/de/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/fr/LC_MESSAGES/django.mo",
]
MATRIX = [
    "package/src/i18n/strings/en_EN.json",
    "package/src/i18n/strings/de_DE.json",
    "package/src/i18n/strings/pt_BR.json",
    "package/src/i18n/strings/zh_Hans.json",
    "package/src/i18n/strings/fr.json",
    "package/package.json",
]


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (
            NEWPIPE,
            RepoConfig(
                "en-US",
                ("ast", "fr", "in", "pt-BR", "uz-Latn"),
                (
                    FileRule(
                        "app/src/main/res/values/strings.xml",
                        "app/src/main/res/values-{android}/strings.xml",
                    ),
                ),
            ),
        ),
        (
            MASTODON,
            RepoConfig(
                "en-US",
                ("de", "es-419", "hy", "ja", "zh-Hans"),
                (
                    FileRule(
                        "Mastodon/Resources/en.lproj/InfoPlist.strings",
                        "Mastodon/Resources/{ios}.lproj/InfoPlist.strings",
                    ),
                    FileRule(
                        "Mastodon/Supporting Files/Base.lproj/LaunchScreen.strings",
                        "Mastodon/Supporting Files/{ios}.lproj/LaunchScreen.strings",
                    ),
                    FileRule(
                        "Mastodon/Supporting Files/Base.lproj/Main.strings",
                        "Mastodon/Supporting Files/{ios}.lproj/Main.strings",
                    ),
                    FileRule(
                        "MastodonSDK/Sources/MastodonLocalization/Resources/en.lproj/"
                        "Localizable.strings",
                        "MastodonSDK/Sources/MastodonLocalization/Resources/{ios}.lproj/"
                        "Localizable.strings",
                    ),
                    FileRule(
                        "MastodonSDK/Sources/MastodonLocalization/Resources/en.lproj/"
                        "Localizable.stringsdict",
                        "MastodonSDK/Sources/MastodonLocalization/Resources/{ios}.lproj/"
                        "Localizable.stringsdict",
                    ),
                ),
            ),
        ),
        (
            FLUTTER_GALLERY,
            RepoConfig(
                "en-US",
                ("ar", "en-GB", "fr-CA", "zh-TW"),
                (FileRule("lib/l10n/intl_en.arb", "lib/l10n/intl_{posix}.arb"),),
            ),
        ),
        (
            FOCUS_IOS,
            RepoConfig(
                "en-US",
                ("es-CL", "fr", "nn-NO"),
                (FileRule("en-US/focus-ios.xliff", "{locale}/focus-ios.xliff"),),
            ),
        ),
        (
            DJANGO,
            RepoConfig(
                "en-US",
                ("de", "es-AR", "fr", "sr-Latn"),
                (
                    FileRule(
                        "django/contrib/admin/locale/en/LC_MESSAGES/django.po",
                        "django/contrib/admin/locale/{posix}/LC_MESSAGES/django.po",
                    ),
                    FileRule(
                        "django/contrib/admin/locale/en/LC_MESSAGES/djangojs.po",
                        "django/contrib/admin/locale/{posix}/LC_MESSAGES/djangojs.po",
                    ),
                    FileRule(
                        "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
                        "django/contrib/auth/locale/{posix}/LC_MESSAGES/django.po",
                    ),
                ),
            ),
        ),
        (
            MATRIX,
            RepoConfig(
                "en-US",
                ("de-DE", "fr", "pt-BR", "zh-Hans"),
                (
                    FileRule(
                        "package/src/i18n/strings/en_EN.json",
                        "package/src/i18n/strings/{posix}.json",
                    ),
                ),
            ),
        ),
    ],
    ids=[
        "android-newpipe",
        "ios-mastodon",
        "arb-flutter-gallery",
        "xliff-focusios",
        "django",
        "matrix",
    ],
)
def test_detects_the_corpora_layouts(paths: list[str], expected: RepoConfig) -> None:
    proposal = detect_config(paths)
    assert proposal == expected
    assert parse_config(render_config(proposal)) == proposal
    files = resolve_files(proposal, paths)
    assert [f.source_path for f in files] == [rule.source for rule in proposal.files]
    # each proposed locale was found where the proposal's templates put it
    existing = set(paths)
    for locale in proposal.target_locales:
        assert any(source.target_path(locale) in existing for source in files), locale


@pytest.mark.parametrize(
    ("paths", "rules", "locales"),
    [
        # i18next: one folder per locale
        (
            [
                "public/locales/en/translation.json",
                "public/locales/en/common.json",
                "public/locales/de/translation.json",
                "public/locales/ja/common.json",
            ],
            [
                ("public/locales/en/common.json", "public/locales/{locale}/common.json"),
                ("public/locales/en/translation.json", "public/locales/{locale}/translation.json"),
            ],
            ("de", "ja"),
        ),
        # one file per locale under locales/ or i18n/, or named for the full source locale
        (
            ["web/locales/en.json", "web/locales/ja.json", "web/locales/pt-BR.json"],
            [("web/locales/en.json", "web/locales/{locale}.json")],
            ("ja", "pt-BR"),
        ),
        (
            ["src/i18n/en.json"],
            [("src/i18n/en.json", "src/i18n/{locale}.json")],
            (),
        ),
        (
            ["assets/text/en-US.json", "assets/text/fr-FR.json"],
            [("assets/text/en-US.json", "assets/text/{locale}.json")],
            ("fr-FR",),
        ),
        # a lone en.json outside a locale folder is not taken for a string file
        (["config/en.json", "data/de.json"], [], ()),
        # a .pot with its translations beside it, or in LC_MESSAGES folders, or neither
        (
            ["po/messages.pot", "po/fr.po", "po/pt_BR.po", "po/POTFILES.in"],
            [("po/messages.pot", "po/{posix}.po")],
            ("fr", "pt-BR"),
        ),
        (
            ["app/locale/django.pot", "app/locale/de/LC_MESSAGES/django.po"],
            [("app/locale/django.pot", "app/locale/{posix}/LC_MESSAGES/django.po")],
            ("de",),
        ),
        (
            ["locales/app.pot"],
            [("locales/app.pot", "locales/{posix}/LC_MESSAGES/app.po")],
            (),
        ),
        # iOS .strings and .stringsdict; Base.lproj only without an English folder
        (
            [
                "App/en.lproj/Localizable.strings",
                "App/Base.lproj/Localizable.strings",
                "App/fr-CA.lproj/Localizable.strings",
                "App/en.lproj/Plurals.stringsdict",
            ],
            [
                ("App/en.lproj/Localizable.strings", "App/{ios}.lproj/Localizable.strings"),
                ("App/en.lproj/Plurals.stringsdict", "App/{ios}.lproj/Plurals.stringsdict"),
            ],
            ("fr-CA",),
        ),
        # Android strings*.xml under any module's values folder
        (
            [
                "core/src/main/res/values/strings_core.xml",
                "core/src/main/res/values-de/strings_core.xml",
                "feature/src/main/res/values/strings.xml",
                "feature/src/main/res/values-es-rMX/strings.xml",
                "feature/src/main/res/values/dimens.xml",
            ],
            [
                (
                    "core/src/main/res/values/strings_core.xml",
                    "core/src/main/res/values-{android}/strings_core.xml",
                ),
                (
                    "feature/src/main/res/values/strings.xml",
                    "feature/src/main/res/values-{android}/strings.xml",
                ),
            ],
            ("de", "es-MX"),
        ),
        # XLIFF: en.xlf beside its translations, Angular's messages.xlf and messages.fr.xlf
        (
            ["i18n/en.xlf", "i18n/de.xlf"],
            [("i18n/en.xlf", "i18n/{locale}.xlf")],
            ("de",),
        ),
        (
            ["src/locale/messages.xlf", "src/locale/messages.fr.xlf"],
            [("src/locale/messages.xlf", "src/locale/messages.{locale}.xlf")],
            ("fr",),
        ),
        # vendored trees are skipped
        (
            [
                "node_modules/pkg/locales/en.json",
                "vendor/lib/res/values/strings.xml",
                "third_party/x/po/x.pot",
                "build/en.lproj/Main.strings",
                ".git/locales/en.json",
            ],
            [],
            (),
        ),
    ],
)
def test_detects_common_layouts(
    paths: list[str], rules: list[tuple[str, str]], locales: tuple[str, ...]
) -> None:
    proposal = detect_config(paths)
    if not rules:
        assert proposal is None
        return
    assert proposal == RepoConfig(
        "en-US", locales, tuple(FileRule(source, target) for source, target in rules)
    )
    assert parse_config(render_config(proposal)) == proposal
    assert len(resolve_files(proposal, paths)) == len(rules)


def test_existing_files_are_where_the_proposal_puts_them() -> None:
    """A locale whose existing file the template would not name is left out (no fork)."""
    paths = [
        "res/values/strings.xml",
        "res/values-fr/strings.xml",
        "res/values-fil/strings.xml",  # {android} names values-b+fil
        "web/locales/en.json",
        "web/locales/pt-br.json",  # {locale} names pt-BR.json
    ]
    proposal = detect_config(paths)
    assert proposal is not None
    assert proposal.target_locales == ("fr",)
    for locale in proposal.target_locales:
        for source in resolve_files(proposal, paths):
            assert source.target_path(locale) in {
                "res/values-fr/strings.xml",
                "web/locales/fr.json",
            }


@pytest.mark.parametrize(
    ("source_locale", "paths", "source"),
    [
        ("en-US", ["l/en.json", "l/en-US.json", "l/fr.json"], "l/en-US.json"),
        ("en-US", ["l/en.json", "l/en-GB.json"], "l/en.json"),
        ("de-DE", ["l/de.json", "l/en.json"], "l/de.json"),
        ("fr", ["App/fr.lproj/A.strings", "App/en.lproj/A.strings"], "App/fr.lproj/A.strings"),
    ],
)
def test_the_source_file_follows_the_source_locale(
    source_locale: str, paths: list[str], source: str
) -> None:
    proposal = detect_config(paths, source_locale)
    assert proposal is not None
    assert [rule.source for rule in proposal.files] == [source]
    assert source_locale not in proposal.target_locales


def test_paths_a_config_cannot_name_are_left_out() -> None:
    paths = [
        "{{cookiecutter.name}}/locales/en.json",
        "templates/*/locales/en.json",
        "odd\\dir/locales/en.json",
        "web/locales/en.json",
    ]
    assert detect_config(paths) == RepoConfig(
        "en-US", (), (FileRule("web/locales/en.json", "web/locales/{locale}.json"),)
    )


def test_rules_that_would_collide_are_dropped() -> None:
    """Two templates beside each other would both claim po/fr.po: the first one is kept."""
    paths = ["po/app.pot", "po/help.pot", "po/fr.po"]
    assert detect_config(paths) == RepoConfig(
        "en-US", ("fr",), (FileRule("po/app.pot", "po/{posix}.po"),)
    )


def test_no_strings_no_proposal() -> None:
    assert detect_config([]) is None
    assert detect_config(["README.md", "src/main.py", "package.json"]) is None


def test_detection_in_a_large_repository_is_fast() -> None:
    paths = [f"src/pkg{n}/mod{k}.py" for n in range(1000) for k in range(200)]
    paths += [f"src/pkg{n}/locale/en/LC_MESSAGES/django.po" for n in range(0, 1000, 10)]
    paths += [f"src/pkg{n}/locale/fr/LC_MESSAGES/django.po" for n in range(0, 1000, 10)]
    started = time.process_time()
    proposal = detect_config(paths)
    elapsed = time.process_time() - started
    assert proposal is not None
    assert len(proposal.files) == 100 and proposal.target_locales == ("fr",)
    assert elapsed < 1.0, elapsed
