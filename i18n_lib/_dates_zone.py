"""Short time-zone names as ICU writes them: CLDR's short names, else the short GMT format."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.core import get_global

from i18n_lib._cldr_extra import cldr_value

__all__ = ["cldr_zone_id", "localized_gmt_short", "short_gmt", "short_specific_name"]

_ISO_OFFSET = re.compile(r"([+-])(\d\d)(\d\d)")


@lru_cache(maxsize=1)
def _renamed_ids() -> dict[str, str]:
    """IANA's current zone ids → the ids CLDR's (Babel's) zone data is keyed by."""
    meta_zones: Any = get_global("meta_zones")
    aliases: Any = get_global("zone_aliases")
    return {new: old for old, new in aliases.items() if old in meta_zones and new not in meta_zones}


@lru_cache(maxsize=1024)
def cldr_zone_id(key: str) -> str:
    """CLDR's id of an IANA zone key (``UTC`` → ``Etc/UTC``, ``Europe/Kyiv`` → ``Europe/Kiev``).

    >>> cldr_zone_id('Asia/Kolkata'), cldr_zone_id('US/Eastern'), cldr_zone_id('UTC')
    ('Asia/Calcutta', 'America/New_York', 'Etc/UTC')
    """
    aliases: Any = get_global("zone_aliases")
    canonical = str(aliases.get(key, key))
    return _renamed_ids().get(canonical, canonical)


def short_specific_name(locale: Locale, zone_id: str, daylight: bool) -> str | None:
    """The zone's own short name, else its metazone's, in ``locale`` (TR35 ``z``); None when
    CLDR has none for the locale (cldr-json's data: Babel's also holds draft names, such as
    ``fr``'s ``HNE``, and falls back to the long name where CLDR says ``∅∅∅``).

    >>> from i18n_lib._locale import to_locale
    >>> short_specific_name(to_locale('en'), 'America/New_York', False)
    'EST'
    >>> short_specific_name(to_locale('en-GB'), 'America/New_York', False) is None
    True
    """
    kind = "daylight" if daylight else "standard"
    own = cldr_value(locale, f"zs.{zone_id}.{kind}")
    if own:
        return own
    metazone = get_global("meta_zones").get(zone_id)
    name = cldr_value(locale, f"zs.{metazone}.{kind}") if metazone else None
    return name or None


def _offset_text(locale: Locale, negative: bool, hours: int, minutes: int) -> str:
    # CLDR's hourFormat ("+HH:mm;-HH:mm", with bidi marks in he and fa), short form: as ICU
    # does, whole hours keep the pattern only up to the hour field (he: "-5\u200e", once).
    positive_form, _, negative_form = (cldr_value(locale, "hour") or "+HH:mm;-HH:mm").partition(";")
    form = negative_form if negative else positive_form
    if minutes == 0:
        form = form[: form.rfind("H", 0, form.find("mm")) + 1]
    text = form.replace("HH", str(hours)).replace("H", str(hours))
    return text.replace("mm", f"{minutes:02d}")


def localized_gmt_short(locale: Locale, offset: datetime.timedelta) -> str:
    """TR35's short localized GMT format of a UTC offset (``GMT+2``, ``UTC−5``, ``GMT``).

    >>> from i18n_lib._locale import to_locale
    >>> localized_gmt_short(to_locale('fr'), datetime.timedelta(hours=-5))
    'UTC−5'
    >>> localized_gmt_short(to_locale('en'), datetime.timedelta(hours=5, minutes=30))
    'GMT+5:30'
    """
    seconds = int(offset.total_seconds())
    if seconds == 0:
        return cldr_value(locale, "gmtZero") or "GMT"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    text = _offset_text(locale, seconds < 0, hours, minutes)
    return (cldr_value(locale, "gmt") or "GMT{0}").replace("{0}", text)


def short_gmt(locale: Locale, text: str) -> str:
    """TR35's short localized GMT format (``GMT+2``, ``GMT+5:30``) for Babel's ``+0200``."""
    match = _ISO_OFFSET.fullmatch(text)
    if match is None:
        return text
    sign, hours, minutes = match.groups()
    offset = _offset_text(locale, sign == "-", int(hours), int(minutes))
    return str(locale.zone_formats["gmt"]) % offset
