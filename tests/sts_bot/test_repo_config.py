"""repo_config: reading, validating, matching, rendering and editing .github/translations.yml."""

from __future__ import annotations

import doctest
import pickle
import re
import time
from dataclasses import replace

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import sts_bot.commands
import sts_bot.config_model
import sts_bot.config_parse
import sts_bot.languages
from catalog import validate_locale
from sts_bot.repo_config import (
    MAX_CONFIG_BYTES,
    MAX_TARGET_FILES,
    ConfigError,
    FileRule,
    RepoConfig,
    SourceFile,
    add_locales,
    expand_target,
    glob_regex,
    parse_config,
    path_problem,
    render_config,
    resolve_files,
)

ISSUE_EXAMPLE = """\
source_locale: en-US
target_locales: [fr-FR, ja-JP, es-MX]
vendor_project: web            # optional
files:
  - source: app/src/main/res/values/strings.xml
    target: app/src/main/res/values-{android}/strings.xml
  - source: ios/App/en.lproj/Localizable.strings
    target: ios/App/{ios}.lproj/Localizable.strings
  - source: web/locales/en.json
    target: web/locales/{locale}.json
  - source: po/messages.pot
    target: po/{posix}.po
"""
ISSUE_CONFIG = RepoConfig(
    source_locale="en-US",
    target_locales=("fr-FR", "ja-JP", "es-MX"),
    files=(
        FileRule(
            "app/src/main/res/values/strings.xml", "app/src/main/res/values-{android}/strings.xml"
        ),
        FileRule("ios/App/en.lproj/Localizable.strings", "ios/App/{ios}.lproj/Localizable.strings"),
        FileRule("web/locales/en.json", "web/locales/{locale}.json"),
        FileRule("po/messages.pot", "po/{posix}.po"),
    ),
    vendor_project="web",
)
FILES_HINT = (
    "'files' is missing: list the string files, e.g. "
    "'files: [{source: web/locales/en.json, target: \"web/locales/{locale}.json\"}]'."
)
PLACEHOLDER_LIST = "{locale}, {android}, {ios}, {posix}, {lang}"
NOT_BCP47 = "is not a well-formed BCP 47 locale code (e.g. fr, fr-CA, pt-BR)."


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return list(caught.value.problems)


def config_with(files: str, locales: str = "[fr-FR, fr-CA]", source: str = "en") -> str:
    return f"source_locale: {source}\ntarget_locales: {locales}\nfiles:\n{files}"


def test_the_issue_example_parses() -> None:
    assert parse_config(ISSUE_EXAMPLE) == ISSUE_CONFIG
    assert parse_config(ISSUE_EXAMPLE.encode()) == ISSUE_CONFIG
    assert parse_config(b"\xef\xbb\xbf" + ISSUE_EXAMPLE.encode()) == ISSUE_CONFIG  # UTF-8 BOM


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # locales are canonicalised; target_locales may be absent, null or empty
        (
            "source_locale: en_us\ntarget_locales: [pt_br, zh-hant]\nfiles: [{source: a/en.json}]",
            RepoConfig("en-US", ("pt-BR", "zh-Hant"), (FileRule("a/en.json"),)),
        ),
        (
            "source_locale: en\nfiles: [{source: a/en.json}]",
            RepoConfig("en", (), (FileRule("a/en.json"),)),
        ),
        (
            "source_locale: en\ntarget_locales:\nfiles: [{source: a/en.json, target: null}]",
            RepoConfig("en", (), (FileRule("a/en.json"),)),
        ),
        # YAML 1.1 reads a bare `no` as false: a locale is read as written (Norwegian)
        (
            "source_locale: en\ntarget_locales: [no, nb]\nfiles: [{source: a/en.json}]",
            RepoConfig("en", ("no", "nb"), (FileRule("a/en.json"),)),
        ),
        # an explicit format, block style, globs, and explicit !!str
        (
            "source_locale: !!str en\nfiles:\n- source: 'res/**/strings.xml'\n  format: android\n",
            RepoConfig("en", (), (FileRule("res/**/strings.xml", None, "android"),)),
        ),
    ],
)
def test_valid_configs(text: str, expected: RepoConfig) -> None:
    assert parse_config(text) == expected


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("", ["the config is empty: it needs 'source_locale' and 'files'."]),
        ("# only a comment\n", ["the config is empty: it needs 'source_locale' and 'files'."]),
        (
            "- a\n- b\n",
            [
                "line 1: the config must be a mapping with keys such as 'source_locale' and "
                "'files', not a list."
            ],
        ),
        (
            "hello",
            [
                "line 1: the config must be a mapping with keys such as 'source_locale' and "
                "'files', not 'hello'."
            ],
        ),
        (
            "source_locale: en\ntarget_locale: [fr]\nfile: []\nfoo: 1\n",
            [
                "line 2: unknown key 'target_locale'; did you mean 'target_locales'?",
                "line 3: unknown key 'file'; did you mean 'files'?",
                "line 4: unknown key 'foo' (known keys: delivery, files, source_locale, "
                "target_locales, vendor_project).",
                FILES_HINT,
            ],
        ),
        (
            "target_locales: [fr]\n",
            [
                "'source_locale' is missing: name the locale the source strings are written "
                "in, e.g. 'source_locale: en-US'.",
                FILES_HINT,
            ],
        ),
        (
            "source_locale: en\nsource_locale: fr\nfiles: [{source: a/en.json, source: b}]\n",
            [
                "line 2: 'source_locale' is given twice (first on line 1).",
                "line 3: files[0]: 'source' is given twice (first on line 3).",
            ],
        ),
        (
            "source_locale: [en]\nfiles: [{source: a}]",
            ["line 1: 'source_locale' must be a locale code such as en-US, not a list."],
        ),
        (
            "source_locale:\nfiles: [{source: a}]",
            ["line 1: 'source_locale' is empty; write a locale code such as en-US."],
        ),
        (
            "source_locale: english\nfiles: [{source: a}]",
            [
                "line 1: 'source_locale' 'english' names no language CLDR knows ('english'); "
                "check the code (e.g. ja for Japanese, not jp)."
            ],
        ),
        (
            "source_locale: en_us\n"
            "target_locales: [fr_fr, 'xx_!!', en-US, fr-FR, '', [a], jp-JP]\n"
            "files: [{source: a/en.json}]\n",
            [
                f"line 2: target_locales[1] 'xx_!!' {NOT_BCP47}",
                "line 2: target_locales[2] 'en-US' is the source locale; list only the locales "
                "to translate into.",
                "line 2: target_locales[3] 'fr-FR' repeats fr-FR (target_locales[0]).",
                "line 2: target_locales[4] must be a locale code such as fr-FR, not an empty "
                "value.",
                "line 2: target_locales[5] must be a locale code such as fr-FR, not a list.",
                "line 2: target_locales[6] 'jp-JP' names no language CLDR knows ('jp'); check "
                "the code (e.g. ja for Japanese, not jp).",
            ],
        ),
        (
            "source_locale: en\ntarget_locales:\n  - fr\n  - ../etc\nfiles: [{source: a}]\n",
            [f"line 4: target_locales[1] '../etc' {NOT_BCP47}"],
        ),
        (
            "source_locale: en\ntarget_locales: fr-FR, ja-JP\nfiles: [{source: a}]\n",
            [
                "line 2: 'target_locales' must be a list of locale codes such as [fr-FR, ja-JP], "
                "not 'fr-FR, ja-JP'."
            ],
        ),
        (
            "source_locale: en\nvendor_project: [x]\nfiles: [{source: a/en.json}]\n",
            [
                "line 2: 'vendor_project' must be the vendor's project name (printable, at "
                "most 200 characters), not a list."
            ],
        ),
        (
            "source_locale: en\nfiles: web/en.json\n",
            [
                "line 2: 'files' must be a list of entries with 'source' (and optionally "
                "'target', 'format'), not 'web/en.json'."
            ],
        ),
        (
            "source_locale: en\nfiles: []\n",
            ["line 2: 'files' is empty: list at least one string file."],
        ),
        (
            "source_locale: en\nfiles:\n  - web/en.json\n  - {target: 'x/{locale}.json'}\n"
            "  - {source: [a], targte: b}\n  - {source: a/en.json, format: jsn}\n"
            "  - {source: b/en.json, format: yaml}\n",
            [
                "line 3: files[0] must be a mapping with 'source' (and optionally 'target', "
                "'format'), not 'web/en.json'.",
                "line 4: files[1] has no 'source': give the source file's path or glob.",
                "line 5: files[2]: unknown key 'targte'; did you mean 'target'?",
                "line 5: files[2].source must be a path, not a list.",
                "line 6: files[3].format 'jsn' is not a catalog format; did you mean 'json'?",
                "line 7: files[4].format 'yaml' is not a catalog format; known: android, arb, "
                "ios-strings, ios-stringsdict, json, po, xliff.",
            ],
        ),
    ],
)
def test_every_problem_is_reported(text: str, problems: list[str]) -> None:
    assert problems_of(text) == problems


TEMPLATES = config_with(
    """\
  - {source: a/en.json, target: 'a/{lng}.json'}
  - {source: b/en.json, target: 'b/fr.json'}
  - {source: c/en.json, target: 'c/{locale.json'}
  - {source: d/en.json, target: '../d/{locale}.json'}
  - {source: /etc/passwd, target: '/e/{locale}.json'}
  - {source: 'f\\en.json', target: 'f\\{locale}.json'}
  - {source: 'g/en.json', target: "g/{locale}\\0.json"}
  - {source: 'h/{locale}.json', target: 'h/*.json'}
  - {source: 'i/en.json', target: 'i/{lang}.json'}
  - {source: './k/en.json', target: '.git/{locale}'}
  - {source: 'l//en.json', target: 'C:/l/{locale}.json'}
  - {source: 'm/en.json', target: "m/{locale}\\t.json"}
  - {source: 'n/en.json', target: 'n/{locale}}.json'}
"""
)


def test_template_and_path_problems() -> None:
    assert problems_of(TEMPLATES) == [
        "line 4: files[0].target 'a/{lng}.json' has an unknown placeholder {lng}; "
        "did you mean {lang}?",
        "line 5: files[1].target 'b/fr.json' has no placeholder, so every locale would write "
        f"the same file; use one of {PLACEHOLDER_LIST}.",
        "line 6: files[2].target 'c/{locale.json' has an unmatched '{'.",
        "line 7: files[3].target '../d/{locale}.json' leaves the repository through '..'.",
        "line 8: files[4].source '/etc/passwd' is absolute; write it relative to the "
        "repository root.",
        "line 8: files[4].target '/e/{locale}.json' is absolute; write it relative to the "
        "repository root.",
        "line 9: files[5].source 'f\\\\en.json' contains a backslash; separate directories "
        "with '/'.",
        "line 9: files[5].target 'f\\\\{locale}.json' contains a backslash; separate "
        "directories with '/'.",
        "line 10: files[6].target 'g/{locale}\\x00.json' contains a NUL character.",
        "line 11: files[7].source 'h/{locale}.json' contains a brace; a source is a path or "
        "glob of the source-locale file and takes no placeholders (they belong in 'target').",
        "line 11: files[7].target 'h/*.json' contains a glob character; a target is a path "
        f"with placeholders ({PLACEHOLDER_LIST}).",
        "line 13: files[9].source './k/en.json' has a '.' directory; write it from the "
        "repository root without './'.",
        "line 13: files[9].target '.git/{locale}' points inside .git.",
        "line 14: files[10].source 'l//en.json' has an empty directory name ('//' or a "
        "trailing '/').",
        "line 14: files[10].target 'C:/l/{locale}.json' is absolute; write it relative to the "
        "repository root.",
        "line 15: files[11].target 'm/{locale}\\t.json' contains a control character.",
        "line 16: files[12].target 'n/{locale}}.json' has an unmatched '}'.",
        # checked on the valid rules although others are wrong
        "line 12: files[8].target 'i/{lang}.json' gives 'i/fr.json' for each of fr-FR, fr-CA; "
        "use a placeholder that tells them apart, such as {locale}.",
    ]


def test_overlapping_targets_and_sources() -> None:
    text = config_with(
        """\
  - {source: web/en.json, target: 'web/{locale}.json'}
  - {source: web/other.json, target: 'web/{locale}.json'}
  - {source: 'web/*.json'}
  - {source: po/en.json, target: 'web/{lang}.json'}
  - {source: app/en.json}
  - {source: app/en-GB.json, target: 'app/{locale}.json'}
""",
        locales="[fr, de, en-GB]",
        source="en-US",
    )
    assert problems_of(text) == [
        "line 6: files[2].source 'web/*.json' also matches 'web/fr.json', the fr target of "
        "files[0]: the bot would read its own output as a source; narrow the glob.",
        "line 5: files[1].target 'web/{locale}.json' gives 'web/fr.json' for fr, the same file "
        "as files[0].target 'web/{locale}.json' gives for fr (line 4); each target file must "
        "belong to one source.",
        "line 7: files[3].target 'web/{lang}.json' gives 'web/fr.json' for fr, the same file "
        "as files[0].target 'web/{locale}.json' gives for fr (line 4); each target file must "
        "belong to one source.",
        "line 7: files[3].target 'web/{lang}.json' gives 'web/en.json' for en-GB, which is the "
        "source of files[0] (line 4).",
        "line 8: files[4] (no 'target': the default layout) gives 'app/en-GB.json' for en-GB, "
        "which is the source of files[5] (line 9).",
        "line 9: files[5].target 'app/{locale}.json' gives 'app/fr.json' for fr, the same file "
        "as files[4] (no 'target': the default layout) gives for fr (line 8); each target "
        "file must belong to one source.",
        "line 9: files[5].target 'app/{locale}.json' gives 'app/en-GB.json' for en-GB, "
        "which is the source of files[5] (line 9).",
    ]


def test_a_target_equal_to_its_own_source() -> None:
    text = config_with("  - {source: web/en.json, target: 'web/{lang}.json'}\n", "[en-GB]", "en-US")
    assert problems_of(text) == [
        "line 4: files[0].target 'web/{lang}.json' gives 'web/en.json' for en-GB, which is the "
        "source of files[0] (line 4)."
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "source_locale: en\nfiles: [\n",
            re.compile(r"line 3: YAML syntax error: .+ \(column 1\)\."),
        ),
        (
            "source_locale: en\n  files: x\n",
            re.compile(
                r"line 2: YAML syntax error: mapping values are not allowed .+ \(column 8\)\."
            ),
        ),
        (
            "a: 1\n---\nb: 2\n",
            re.compile(
                r"line 2: YAML syntax error: expected a single document in the stream but "
                r"found another document \(column 1\)\."
            ),
        ),
        (
            "a: b\n\x07",
            re.compile(
                r"line 2: the config holds the character U\+0007, which YAML does not allow; "
                "remove it."
            ),
        ),
    ],
)
def test_yaml_syntax_errors_name_their_line(text: str, problem: re.Pattern[str]) -> None:
    [found] = problems_of(text)
    assert problem.fullmatch(found), found


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
source_locale: en
files: [{source: a}]
target_locales: *i
"""


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            BILLION_LAUGHS,
            ["line 2: YAML aliases (*a) are not allowed in the config; write the value out."],
        ),
        (
            "source_locale: !!python/object/apply:os.system ['echo hi']\nfiles: [{source: a}]\n",
            [
                "line 1: the YAML tag '!!python/object/apply:os.system' is not allowed in the "
                "config."
            ],
        ),
        (
            "source_locale: !custom en\nfiles: [{source: a}]\n",
            ["line 1: the YAML tag '!custom' is not allowed in the config."],
        ),
        ("a: " + "[" * 30_000 + "]" * 30_000, ["line 1: the config nests deeper than 8 levels."]),
        (
            b"source_locale: en\nfiles: [{source: \xff\xfe}]\n",
            ["line 2: the config is not UTF-8 (byte 0xff at column 18); save it as UTF-8."],
        ),
        (
            "\ufeff".encode("utf-16-le") + "source_locale: en".encode("utf-16-le"),
            ["line 1: the config is not UTF-8 (byte 0xff at column 1); save it as UTF-8."],
        ),
        (
            "x" * (10 * 1024 * 1024),
            [f"the config is 10,485,760 bytes; the limit is {MAX_CONFIG_BYTES:,} bytes (64 KiB)."],
        ),
    ],
)
def test_hostile_input_is_refused_quickly(text: str | bytes, problems: list[str]) -> None:
    started = time.process_time()
    assert problems_of(text) == problems
    assert time.process_time() - started < 0.5


def test_caps_on_locales_rules_and_their_product() -> None:
    too_many_locales = config_with(
        "  - {source: a/en.json}\n",
        locales="[" + ", ".join(f"es-{n:03d}" for n in range(201)) + "]",
    )
    assert problems_of(too_many_locales) == [
        "line 2: 'target_locales' lists 201 locales; the limit is 200."
    ]
    too_many_rules = config_with("".join(f"  - {{source: a{n}/en.json}}\n" for n in range(201)))
    assert problems_of(too_many_rules) == ["line 4: 'files' has 201 entries; the limit is 200."]
    product = config_with(
        "".join(
            f"  - {{source: a{n}/en.json, target: 'a{n}/{{locale}}.json'}}\n" for n in range(150)
        ),
        locales="[" + ", ".join(f"es-{n:03d}" for n in range(150)) + "]",
    )
    assert problems_of(product) == [
        f"150 files times 150 target locales make 22,500 target files; the limit is "
        f"{MAX_TARGET_FILES:,}."
    ]


def test_the_largest_allowed_config_validates_in_well_under_a_second() -> None:
    rules = "".join(
        f"  - {{source: 'a{n}/**/en.json', target: 'b{n}/{{locale}}.json'}}\n" for n in range(100)
    )
    text = config_with(rules, locales="[" + ", ".join(f"es-{n:03d}" for n in range(200)) + "]")
    assert len(text) < MAX_CONFIG_BYTES
    started = time.process_time()  # CPU time: a loaded machine does not stretch it
    config = parse_config(text)
    elapsed = time.process_time() - started
    assert len(config.files) == 100 and len(config.target_locales) == 200
    assert elapsed < 1.0, elapsed  # 0.08 s; a superlinear pattern would take far longer


def test_many_problems_are_capped_with_a_count() -> None:
    text = config_with("  - {source: a/en.json}\n", locales="[" + ", ".join(["xx_!!"] * 150) + "]")
    problems = problems_of(text)
    assert len(problems) == 101
    assert problems[0] == f"line 2: target_locales[0] 'xx_!!' {NOT_BCP47}"
    assert problems[-1] == "… and 50 more problems."


# --- templates and globs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "locale", "path"),
    [
        ("res/values-{android}/strings.xml", "fr-FR", "res/values-fr-rFR/strings.xml"),
        ("res/values-{android}/strings.xml", "sr-Latn", "res/values-b+sr+Latn/strings.xml"),
        ("res/values-{android}/strings.xml", "fr", "res/values-fr/strings.xml"),
        ("App/{ios}.lproj/Localizable.strings", "zh-hans", "App/zh-Hans.lproj/Localizable.strings"),
        ("po/{posix}.po", "pt-BR", "po/pt_BR.po"),
        ("web/{locale}.json", "pt_br", "web/pt-BR.json"),
        ("web/{lang}/{locale}/{lang}.json", "es-419", "web/es/es-419/es.json"),
    ],
)
def test_expand_target(template: str, locale: str, path: str) -> None:
    assert expand_target(template, locale) == path


def test_expand_target_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match=r"not a well-formed BCP 47 locale code: '\.\./x'"):
        expand_target("web/{locale}.json", "../x")
    with pytest.raises(ValueError, match=r"unknown placeholder \{nope\} in 'web/\{nope\}\.json'"):
        expand_target("web/{nope}.json", "fr")


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("web/*.json", "web/en.json", True),
        ("web/*.json", "web/sub/en.json", False),  # fnmatch's * would cross the slash
        ("web/?.json", "web/a.json", True),
        ("web/?.json", "web/ab.json", False),
        ("**/en.json", "en.json", True),
        ("**/en.json", "a/b/c/en.json", True),
        ("a/**/en.json", "a/en.json", True),
        ("a/**/en.json", "a/x/y/en.json", True),
        ("a/**/en.json", "b/a/en.json", False),
        ("a/**", "a/x/y.json", True),
        ("a.b/[x].json", "a.b/[x].json", True),  # regex characters are literal
        ("a.b/x.json", "aXb/x.json", False),
        ("**/*.pot", "po/messages.pot", True),
        ("*.pot", "po/messages.pot", False),
    ],
)
def test_glob_regex(pattern: str, path: str, matches: bool) -> None:
    assert (glob_regex(pattern).fullmatch(path) is not None) is matches


# --- resolve_files ------------------------------------------------------------------------

REPO_PATHS = [
    "README.md",
    "app/src/main/res/values/strings.xml",
    "app/src/main/res/values-fr-rFR/strings.xml",
    "ios/App/en.lproj/Localizable.strings",
    "web/locales/en.json",
    "web/locales/fr-FR.json",
    "po/messages.pot",
    "po/fr_FR.po",
]


def test_resolve_the_issue_example() -> None:
    files = resolve_files(ISSUE_CONFIG, REPO_PATHS)
    assert [(f.source_path, f.format) for f in files] == [
        ("app/src/main/res/values/strings.xml", "android"),
        ("ios/App/en.lproj/Localizable.strings", "ios-strings"),
        ("web/locales/en.json", "json"),
        ("po/messages.pot", "po"),
    ]
    assert [f.target_path("ja-JP") for f in files] == [
        "app/src/main/res/values-ja-rJP/strings.xml",
        "ios/App/ja-JP.lproj/Localizable.strings",
        "web/locales/ja-JP.json",
        "po/ja_JP.po",
    ]


def test_resolve_globs_and_default_targets() -> None:
    config = RepoConfig(
        "en",
        ("fr", "pt-BR"),
        (
            FileRule("**/res/values/strings*.xml"),
            FileRule("locale/*.pot"),
            FileRule("lib/l10n/app_en.arb"),
        ),
    )
    paths = [
        "a/res/values/strings.xml",
        "b/src/res/values/strings_extra.xml",
        "node_modules/lib/res/values/strings.xml",  # vendored: not matched by the glob
        "locale/django.pot",
        "lib/l10n/app_en.arb",
    ]
    files = resolve_files(config, paths)
    assert [(f.source_path, f.format, f.target_path("pt-BR")) for f in files] == [
        ("a/res/values/strings.xml", "android", "a/res/values-pt-rBR/strings.xml"),
        (
            "b/src/res/values/strings_extra.xml",
            "android",
            "b/src/res/values-pt-rBR/strings_extra.xml",
        ),
        ("locale/django.pot", "po", "locale/pt_BR/LC_MESSAGES/django.po"),
        ("lib/l10n/app_en.arb", "arb", "lib/l10n/app_pt_BR.arb"),
    ]
    assert files[0] == SourceFile("a/res/values/strings.xml", "android", config.files[0])
    # a glob that names a vendored directory itself does match there
    vendored = RepoConfig("en", ("fr",), (FileRule("node_modules/lib/res/values/*.xml"),))
    assert [f.source_path for f in resolve_files(vendored, paths)] == [
        "node_modules/lib/res/values/strings.xml"
    ]


def resolve_problems(config: RepoConfig, paths: list[str]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        resolve_files(config, paths)
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("rules", "paths", "problems"),
    [
        (
            (FileRule("web/en.json"), FileRule("po/*.pot")),
            ["web/en.json"],
            ["files[1].source 'po/*.pot' matches no file in the repository."],
        ),
        (
            (FileRule("res/*.xml"),),
            ["res/strings.xml"],
            [
                "files[0].source 'res/*.xml' matches 'res/strings.xml', whose catalog format "
                "cannot be told from its name; add 'format:' to the rule (one of android, arb, "
                "ios-strings, ios-stringsdict, json, po, xliff)."
            ],
        ),
        (
            (FileRule("web/*.json"), FileRule("web/en.json", format="json")),
            ["web/en.json"],
            [
                "'web/en.json' is matched by both files[0].source and files[1].source; make "
                "the sources exclusive."
            ],
        ),
        (
            (FileRule("web/*/en.json", "web/{locale}.json"),),
            ["web/a/en.json", "web/b/en.json"],
            [
                "'web/fr.json' would be the fr target of 'web/a/en.json' and the fr target of "
                "'web/b/en.json' (files[0]); give each source its own target, e.g. by leaving "
                "'target' out."
            ],
        ),
        (
            (FileRule("locales/*.json"),),
            ["locales/en.json", "locales/fr.json"],
            [
                "files[0] gives 'locales/fr.json' as the fr target of 'locales/en.json', but "
                "'locales/fr.json' is itself a source (files[0]); narrow the source glob.",
                "files[0] gives 'locales/fr.json' as the fr target of 'locales/fr.json', but "
                "'locales/fr.json' is itself a source (files[0]); narrow the source glob.",
            ],
        ),
    ],
)
def test_resolve_problems(
    rules: tuple[FileRule, ...], paths: list[str], problems: list[str]
) -> None:
    assert resolve_problems(RepoConfig("en", ("fr",), rules), paths) == problems


def test_resolve_caps_the_number_of_source_files() -> None:
    config = RepoConfig("en", ("fr",), (FileRule("**/en.json"),))
    paths = [f"m{n}/locales/en.json" for n in range(2001)]
    assert resolve_problems(config, paths) == ["the sources match 2,001 files; the limit is 2,000."]


def test_resolve_in_a_large_repository_is_fast() -> None:
    paths = [f"src/module{n}/file{k}.py" for n in range(2000) for k in range(100)]
    paths += [f"src/module{n}/res/values/strings.xml" for n in range(0, 2000, 200)]
    config = RepoConfig(
        "en",
        ("fr", "de"),
        (FileRule("src/**/res/values/strings.xml"), FileRule("src/module1/res/values/*.xml")),
    )
    started = time.process_time()
    with pytest.raises(ConfigError) as caught:
        resolve_files(config, paths)
    elapsed = time.process_time() - started
    assert caught.value.problems == (
        "files[1].source 'src/module1/res/values/*.xml' matches no file in the repository.",
    )
    files = resolve_files(replace(config, files=config.files[:1]), paths)
    assert len(files) == 10
    assert elapsed < 2.0, elapsed


# --- render_config and add_locales ----------------------------------------------------------

ROUND_TRIP_CONFIGS = [
    ISSUE_CONFIG,
    RepoConfig("en", (), (FileRule("a/en.json"),)),
    RepoConfig("no", ("nb", "nn"), (FileRule("no.json", "{locale}.json"),)),
    RepoConfig(
        "en-US",
        ("fr-FR",),
        (
            FileRule("web/**/en.json", None, "json"),
            FileRule("My App/en.lproj/Main Menu.strings", "My App/{ios}.lproj/Main Menu.strings"),
            FileRule("true/null/1.5/en.json", "true/null/1.5/{lang}: #x.json"),
            FileRule("*/strings.xml", None, "android"),
        ),
        vendor_project="Ünïcode: 'quoted' \"project\" # not a comment",
    ),
]


@pytest.mark.parametrize("config", ROUND_TRIP_CONFIGS)
def test_render_config_round_trips(config: RepoConfig) -> None:
    text = render_config(config)
    assert text.startswith("# Translations of this repository")
    assert parse_config(text) == config
    # and any YAML reader sees the same values
    loaded = yaml.safe_load(text)
    assert loaded["source_locale"] == config.source_locale
    assert loaded["target_locales"] == list(config.target_locales)
    assert [item["source"] for item in loaded["files"]] == [rule.source for rule in config.files]


def test_render_config_shape() -> None:
    assert render_config(ISSUE_CONFIG).split("\n")[5:] == [
        "source_locale: en-US",
        "target_locales: [fr-FR, ja-JP, es-MX]",
        "vendor_project: web",
        "files:",
        "  - source: app/src/main/res/values/strings.xml",
        "    target: app/src/main/res/values-{android}/strings.xml",
        "  - source: ios/App/en.lproj/Localizable.strings",
        "    target: ios/App/{ios}.lproj/Localizable.strings",
        "  - source: web/locales/en.json",
        "    target: web/locales/{locale}.json",
        "  - source: po/messages.pot",
        "    target: po/{posix}.po",
        "",
    ]


safe_segment = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="/\\{}*?"
    ),
    min_size=1,
    max_size=12,
).filter(lambda segment: segment not in (".", "..", ".git") and segment.isprintable())


@settings(max_examples=60, deadline=None)
@given(
    sources=st.lists(
        # paths the parser accepts (e.g. not 'A:', which reads as a drive letter)
        st.lists(safe_segment, min_size=1, max_size=3).filter(
            lambda parts: path_problem("/".join(parts)) is None
        ),
        min_size=1,
        max_size=4,
        unique_by=tuple,
    ),
    project=st.none()
    | st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    ).filter(str.isprintable),
)
def test_render_config_round_trips_any_paths(sources: list[list[str]], project: str | None) -> None:
    rules = tuple(
        FileRule("/".join(parts), "out/{locale}/" + "/".join(parts), "json") for parts in sources
    )
    config = RepoConfig("en", ("fr", "de-CH"), rules, project)
    assert parse_config(render_config(config)) == config


FLOW = """\
# Our translations
source_locale: en-US   # what engineers write
target_locales: [fr-FR, ja-JP]   # keep in sync with the store listing
files:
  - source: web/locales/en.json
    target: web/locales/{locale}.json   # i18next layout
"""
BLOCK = """\
source_locale: en-US
target_locales:
  # Europe
  - fr-FR   # France
  - de-DE
# Asia next
files:
- source: web/locales/en.json
  target: web/locales/{locale}.json
"""


@pytest.mark.parametrize(
    ("text", "locales", "expected"),
    [
        (
            FLOW,
            ["es-MX", "pt_br"],
            FLOW.replace("[fr-FR, ja-JP]", "[fr-FR, ja-JP, es-MX, pt-BR]"),
        ),
        (FLOW, ["ja-JP", "fr_fr"], FLOW),  # already there: unchanged
        (
            BLOCK,
            ["es-MX"],
            BLOCK.replace("  - de-DE\n", "  - de-DE\n  - es-MX\n"),
        ),
        (
            BLOCK.replace("\n  - ", "\n- "),  # an indentless block list
            ["es-MX"],
            BLOCK.replace("\n  - ", "\n- ").replace("- de-DE\n", "- de-DE\n- es-MX\n"),
        ),
        (
            "source_locale: en\ntarget_locales: []\nfiles: [{source: a/en.json}]\n",
            ["fr"],
            "source_locale: en\ntarget_locales: [fr]\nfiles: [{source: a/en.json}]\n",
        ),
        (
            "source_locale: en\ntarget_locales: [de,]\nfiles: [{source: a/en.json}]\n",
            ["fr"],
            "source_locale: en\ntarget_locales: [de, fr]\nfiles: [{source: a/en.json}]\n",
        ),
        (
            "source_locale: en\ntarget_locales:\nfiles: [{source: a/en.json}]\n",
            ["fr", "no"],
            "source_locale: en\ntarget_locales: [fr, 'no']\nfiles: [{source: a/en.json}]\n",
        ),
        (
            "# c\nsource_locale: en  # c\nfiles: [{source: a/en.json}]\n",
            ["fr"],
            "# c\nsource_locale: en  # c\ntarget_locales: [fr]\nfiles: [{source: a/en.json}]\n",
        ),
        (
            "files: [{source: a/en.json}]\nsource_locale: en",
            ["fr"],
            "files: [{source: a/en.json}]\nsource_locale: en\ntarget_locales: [fr]\n",
        ),
        (
            "source_locale: en\r\ntarget_locales:\r\n  - de\r\nfiles: [{source: a}]\r\n",
            ["fr"],
            "source_locale: en\r\ntarget_locales:\r\n  - de\r\n  - fr\r\nfiles: [{source: a}]\r\n",
        ),
        (
            "source_locale: en\nfiles: [{source: a/en.json}]\ntarget_locales:\n  - de",
            ["fr"],
            "source_locale: en\nfiles: [{source: a/en.json}]\ntarget_locales:\n  - de\n  - fr",
        ),
    ],
)
def test_add_locales_edits_the_list_in_place(text: str, locales: list[str], expected: str) -> None:
    edited = add_locales(text, locales)
    assert edited == expected
    before = parse_config(text)
    new = [code for code in dict.fromkeys(map(validate_locale, locales))]
    wanted = before.target_locales + tuple(c for c in new if c not in before.target_locales)
    assert parse_config(edited) == replace(before, target_locales=wanted)


def test_add_locales_falls_back_to_render_when_the_list_cannot_be_edited() -> None:
    # the end of this list sits in a comment: an edit there would be swallowed by it
    text = "source_locale: en\ntarget_locales: [de,  # Germany\n]\nfiles: [{source: a/en.json}]\n"
    expected = RepoConfig("en", ("de", "fr"), (FileRule("a/en.json"),))
    assert add_locales(text, ["fr"]) == render_config(expected)


def test_add_locales_refuses_a_config_the_locale_would_break() -> None:
    text = (
        "source_locale: en\ntarget_locales: [fr-FR]\n"
        "files:\n  - {source: a/en.json, target: 'a/{lang}.json'}\n"
    )
    with pytest.raises(ConfigError) as caught:
        add_locales(text, ["fr-CA"])
    assert caught.value.problems == (
        "line 4: files[0].target 'a/{lang}.json' gives 'a/fr.json' for each of fr-FR, fr-CA; use a "
        "placeholder that tells them apart, such as {locale}.",
    )
    with pytest.raises(ConfigError, match=r"line 1: 'source_locale' is empty"):
        add_locales("source_locale:\nfiles: [{source: a}]", ["fr"])
    with pytest.raises(ValueError, match="not a well-formed BCP 47 locale code"):
        add_locales(FLOW, ["../x"])


def test_config_error_survives_pickling() -> None:
    error = ConfigError(["line 1: first.", "second."])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ConfigError
    assert copy.problems == ("line 1: first.", "second.")
    assert str(copy) == "line 1: first.\nsecond."


def test_doctests_of_the_pure_modules() -> None:
    for module in (
        sts_bot.config_model,
        sts_bot.config_parse,
        sts_bot.commands,
        sts_bot.languages,
    ):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
