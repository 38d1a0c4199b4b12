"""Turn the locale arguments callers pass (``Locale``, ``'ja-JP'``, ``'ja_JP'``) into Locales."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

__all__ = ["LocaleArg", "locale_tag", "to_locale"]

LocaleArg = Locale | str


@lru_cache(maxsize=1024)
def _parse(identifier: str) -> Locale:
    try:
        return Locale.parse(identifier.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as exc:
        raise ValueError(f"unknown locale {identifier!r}: {exc}") from exc


def to_locale(locale: LocaleArg) -> Locale:
    """Return ``locale`` as a :class:`babel.Locale`, parsing (and caching) strings.

    >>> to_locale('ja-JP')
    Locale('ja', territory='JP')
    >>> to_locale('pt_BR').territory
    'BR'
    """
    if isinstance(locale, Locale):
        return locale
    return _parse(locale)


def locale_tag(locale: LocaleArg) -> str:
    """Return the BCP 47 tag (hyphenated) of ``locale``.

    >>> locale_tag('zh_Hant_TW')
    'zh-Hant-TW'
    """
    return str(to_locale(locale)).replace("_", "-")
