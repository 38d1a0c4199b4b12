"""Locale codes: validation and each platform's path form (Android, iOS, POSIX, files)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

__all__ = [
    "android_values_dir",
    "ios_lproj",
    "posix_locale",
    "target_path",
    "validate_locale",
]

_BCP47 = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{5,8})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)
    (?P<extensions>(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*)
    (?P<private>-x(?:-[a-z0-9]{1,8})+)?
    """,
    re.VERBOSE,
)
_MAX_LENGTH = 64


def _parts(code: str) -> dict[str, str]:
    if not isinstance(code, str) or not code or len(code) > _MAX_LENGTH:
        raise ValueError(f"not a locale code: {code!r}")
    match = _BCP47.fullmatch(code.replace("_", "-").lower())
    if match is None:
        raise ValueError(f"not a well-formed BCP 47 locale code: {code!r} (e.g. 'fr', 'pt-BR')")
    return {name: value or "" for name, value in match.groupdict().items()}


def validate_locale(code: str) -> str:
    """Check that ``code`` is a well-formed BCP 47 tag, safe in a path; return it normalised.

    Underscores are accepted as separators; the result uses hyphens and canonical case.

    >>> validate_locale("pt_br")
    'pt-BR'
    >>> validate_locale("sr-latn-rs")
    'sr-Latn-RS'
    >>> validate_locale("../etc")
    Traceback (most recent call last):
    ...
    ValueError: not a well-formed BCP 47 locale code: '../etc' (e.g. 'fr', 'pt-BR')
    """
    parts = _parts(code)
    pieces = [parts["language"]]
    if parts["script"]:
        pieces.append(parts["script"].title())
    if parts["region"]:
        pieces.append(parts["region"].upper())
    rest = parts["variants"] + parts["extensions"] + parts["private"]
    return "-".join(pieces) + rest


def android_values_dir(code: str) -> str:
    """Android resource directory for a locale.

    >>> android_values_dir("fr-CA")
    'values-fr-rCA'
    >>> android_values_dir("sr-Latn")
    'values-b+sr+Latn'
    >>> android_values_dir("es-419")
    'values-b+es+419'
    """
    locale = validate_locale(code)
    parts = locale.split("-")
    language = parts[0]
    simple = len(language) == 2 and (
        len(parts) == 1 or (len(parts) == 2 and re.fullmatch("[A-Z]{2}", parts[1]))
    )
    if simple:
        return "values-" + language + ("-r" + parts[1] if len(parts) == 2 else "")
    return "values-b+" + "+".join(parts)


def ios_lproj(code: str) -> str:
    """iOS localization directory for a locale.

    >>> ios_lproj("zh-Hans")
    'zh-Hans.lproj'
    """
    return validate_locale(code) + ".lproj"


def posix_locale(code: str) -> str:
    """POSIX/gettext form of a locale.

    >>> posix_locale("pt-BR")
    'pt_BR'
    """
    return validate_locale(code).replace("-", "_")


_LOCALE_TOKEN = re.compile(
    # three-letter languages only with a script or region, so "app" or "src" never match
    r"(?:[a-z]{2}|[a-z]{3}(?=[-_]))(?:[-_][A-Z][a-z]{3})?(?:[-_](?:[A-Z]{2}|[0-9]{3}))?"
)
_PREFIXED_TOKEN = re.compile(r"(?P<head>.*?[_.-])(?P<token>" + _LOCALE_TOKEN.pattern + r")")


def _locale_in(code: str, separator: str) -> str:
    return validate_locale(code).replace("-", separator)


def _separator_of(token: str, default: str = "-") -> str:
    return "_" if "_" in token else ("-" if "-" in token else default)


def target_path(source_path: str, format: str, locale: str) -> str:
    """Where the ``locale`` translation of a source catalog lives, by platform convention.

    >>> target_path("app/src/main/res/values/strings.xml", "android", "fr-CA")
    'app/src/main/res/values-fr-rCA/strings.xml'
    >>> target_path("App/en.lproj/Localizable.strings", "ios-strings", "zh-Hans")
    'App/zh-Hans.lproj/Localizable.strings'
    >>> target_path("locale/django.pot", "po", "pt-BR")
    'locale/pt_BR/LC_MESSAGES/django.po'
    >>> target_path("po/messages.pot", "po", "pt-BR")
    'po/pt_BR.po'
    >>> target_path("lib/l10n/app_en.arb", "arb", "pt-BR")
    'lib/l10n/app_pt_BR.arb'
    >>> target_path("locales/en/common.json", "json", "fr")
    'locales/fr/common.json'
    """
    validate_locale(locale)
    path = PurePosixPath(source_path.replace("\\", "/"))
    if format == "android":
        return str(
            _replace_dir(path, lambda name: name.startswith("values"), android_values_dir(locale))
        )
    if format in ("ios-strings", "ios-stringsdict"):
        return str(_replace_dir(path, lambda name: name.endswith(".lproj"), ios_lproj(locale)))
    if format == "po":
        return str(_po_target(path, locale))
    return str(_swap_locale_token(path, locale))


def _replace_dir(
    path: PurePosixPath, matches: Callable[[str], bool], new_name: str
) -> PurePosixPath:
    parts = list(path.parts)
    for index in range(len(parts) - 2, -1, -1):
        if matches(parts[index]):
            parts[index] = new_name
            return PurePosixPath(*parts)
    return path.parent / new_name / path.name


def _po_target(path: PurePosixPath, locale: str) -> PurePosixPath:
    parts = list(path.parts)
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        parts[-3] = posix_locale(locale)
        return PurePosixPath(*parts).with_suffix(".po")
    if path.parent.name in ("locale", "locales"):
        return path.parent / posix_locale(locale) / "LC_MESSAGES" / (path.stem + ".po")
    if path.suffix == ".pot" or not _LOCALE_TOKEN.fullmatch(path.stem):
        return path.parent / (posix_locale(locale) + ".po")
    return path.parent / (_locale_in(locale, _separator_of(path.stem, "_")) + ".po")


def _swap_locale_token(path: PurePosixPath, locale: str) -> PurePosixPath:
    stem, suffix = path.stem, path.suffix
    if _LOCALE_TOKEN.fullmatch(stem):
        return path.parent / (_locale_in(locale, _separator_of(stem)) + suffix)
    prefixed = _PREFIXED_TOKEN.fullmatch(stem)
    if prefixed is not None:
        separator = "_" if prefixed["head"].endswith("_") else _separator_of(prefixed["token"])
        return path.parent / (prefixed["head"] + _locale_in(locale, separator) + suffix)
    parts = list(path.parts)
    for index in range(len(parts) - 2, -1, -1):
        if _LOCALE_TOKEN.fullmatch(parts[index]):
            parts[index] = _locale_in(locale, _separator_of(parts[index]))
            return PurePosixPath(*parts)
    return path.parent / f"{stem}.{validate_locale(locale)}{suffix}"
