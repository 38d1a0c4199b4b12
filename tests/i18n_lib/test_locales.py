"""Tests for i18n_lib.locales: tags, likely subtags, fallback chains, negotiation."""

from __future__ import annotations

import pytest
from babel import Locale

from i18n_lib.locales import (
    add_likely_subtags,
    fallback_chain,
    negotiate_locale,
    parse_accept_language,
    parse_tag,
    remove_likely_subtags,
)


def test_parse_tag_normalizes_case_and_separators() -> None:
    assert str(parse_tag("ZH_hant_tw")) == "zh-Hant-TW"
    assert parse_tag(Locale("pt", "BR")).region == "BR"


@pytest.mark.parametrize("bad", ["", "1234", "-en"])
def test_parse_tag_rejects_malformed_input(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_tag(bad)


def test_add_likely_subtags_keeps_given_subtags() -> None:
    assert add_likely_subtags("af-Egyp") == "af-Egyp-ZA"
    assert add_likely_subtags(Locale("en")) == "en-Latn-US"


def test_private_use_language_has_no_likely_subtags() -> None:
    with pytest.raises(ValueError):
        add_likely_subtags("qaa")


def test_remove_likely_subtags_round_trips() -> None:
    assert remove_likely_subtags("sr-Latn-RS") == "sr-Latn"
    assert remove_likely_subtags("yue-Hans-CN", favor="region") == "yue-CN"


def test_fallback_chain_uses_parent_locales_and_never_crosses_scripts() -> None:
    assert fallback_chain("pt-AO") == ["pt-AO", "pt-PT", "pt"]
    assert fallback_chain("zh-Hant-HK") == ["zh-Hant-HK", "zh-Hant"]
    assert fallback_chain("zh-CN") == ["zh-CN", "zh"]
    assert fallback_chain("nb") == ["nb", "no"]


def test_accept_language_orders_by_quality_then_position() -> None:
    assert parse_accept_language("da, en-gb;q=0.8, en;q=0.7") == ["da", "en-gb", "en"]
    assert parse_accept_language("fr;q=0, de") == ["de"]


def test_negotiate_prefers_cldr_parent_over_truncation() -> None:
    assert negotiate_locale(["es_MX"], ["en", "es", "es_419"]) == "es_419"


def test_negotiate_walks_preferences_in_order() -> None:
    assert negotiate_locale(["xx", "fr-CA"], ["de", "fr"]) == "fr"
    assert negotiate_locale("en-US", ["en-GB", "en-US"]) == "en-US"


def test_negotiate_matches_equivalent_maximal_tags() -> None:
    assert negotiate_locale(["zh-TW"], ["zh-Hant-TW", "zh"]) == "zh-Hant-TW"
    assert negotiate_locale(["zh-TW"], ["zh"]) is None


def test_negotiate_returns_default_when_nothing_fits() -> None:
    assert negotiate_locale([], ["en"], default="en") == "en"
    assert negotiate_locale(["ja"], ["not a tag!", "ko"]) is None
