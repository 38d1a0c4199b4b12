"""The pure parts: which translation a bundle serves, chains, ETags, deltas, exports, settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import catalog
from dss_service import bundles
from dss_service.errors import InvalidInput
from dss_service.export import export_bundle
from dss_service.settings import Settings, load_or_create_secret_key
from dss_service.translate import poll_delay
from dss_service.validation import locale_code, plural_forms, string_key

ROWS = {
    "fresh_translated": bundles.TranslationRow(5, "k", "es", "translated", False, "nuevo", None),
    "fresh_approved": bundles.TranslationRow(3, "k", "es", "approved", False, "aprobado", None),
    "stale_approved": bundles.TranslationRow(1, "k", "es", "approved", True, "viejo", None),
    "stale_translated": bundles.TranslationRow(2, "k", "es", "translated", True, "v2", None),
}


@pytest.mark.parametrize(
    ("present", "default", "approved"),
    [
        (["fresh_translated"], "nuevo", None),
        (["fresh_approved", "fresh_translated"], "aprobado", "aprobado"),
        (["stale_approved", "fresh_translated"], "viejo", "viejo"),
        (["stale_approved", "fresh_approved", "fresh_translated"], "aprobado", "aprobado"),
        (["stale_translated", "fresh_translated"], "v2", None),
        (["stale_approved", "stale_translated"], "viejo", "viejo"),
        ([], None, None),
    ],
)
def test_which_translation_is_served(
    present: list[str], default: str | None, approved: str | None
) -> None:
    rows = sorted((ROWS[name] for name in present), key=lambda r: r.id)
    served = bundles.served(rows, approved_only=False)
    served_approved = bundles.served(rows, approved_only=True)
    assert (served.text if served else None) == default
    assert (served_approved.text if served_approved else None) == approved


def test_resolve_follows_the_chain_to_the_source() -> None:
    sources = [
        bundles.SourceRow("a", "A", None),
        bundles.SourceRow("b", None, {"one": "1 b", "other": "# b"}),
        bundles.SourceRow("c", "C", None),
    ]
    rows = [
        bundles.TranslationRow(1, "a", "es", "approved", False, "A es", None),
        bundles.TranslationRow(2, "a", "es-419", "translated", False, "A 419", None),
        bundles.TranslationRow(3, "b", "es", "translated", False, None, {"other": "# bs"}),
        bundles.TranslationRow(4, "c", "es-MX", "rejected", False, "C mal", None),
    ]
    index = bundles.index_translations(rows)
    chain = bundles.chain_for("es-MX", "en-US")
    assert chain == ["es-MX", "es-419", "es", "en-US"]
    assert bundles.resolve_bundle(sources, index, chain, approved_only=False) == {
        "a": "A 419",
        "b": {"other": "# bs"},
        "c": "C",
    }
    assert bundles.resolve_bundle(sources, index, chain, approved_only=True) == {
        "a": "A es",
        "b": {"one": "1 b", "other": "# b"},
        "c": "C",
    }


def test_chain_stops_at_the_source_locale() -> None:
    assert bundles.chain_for("en-AU", "en") == ["en-AU", "en-001", "en"]
    assert bundles.chain_for("zh-TW", "en-US") == ["zh-TW", "zh-Hant", "en-US"]


def test_full_body_splices_the_stored_json() -> None:
    stored = bundles.encode_strings({"b": "¡B!", "a": {"one": "x", "other": "y"}})
    body = json.loads(bundles.full_body("home", "es", 7, stored))
    assert body == {
        "namespace": "home",
        "locale": "es",
        "version": 7,
        "delta": False,
        "strings": {"a": {"one": "x", "other": "y"}, "b": "¡B!"},
        "deleted": [],
    }


def test_delta_lists_changes_relevant_to_the_chain() -> None:
    changes = [("a", None), ("b", "fr"), ("c", "es"), ("gone", None)]
    keys = bundles.relevant_keys(changes, ["es-MX", "es", "en"])
    assert keys == {"a", "c", "gone"}
    body = json.loads(bundles.delta_body("home", "es-MX", 3, 9, {"a": "A", "c": "C"}, keys))
    assert body["strings"] == {"a": "A", "c": "C"} and body["deleted"] == ["gone"]
    assert (body["delta"], body["since"], body["version"]) == (True, 3, 9)


def test_etags() -> None:
    assert bundles.etag("home", "es", 3, approved_only=False) == '"home.es.3"'
    assert bundles.etag("home", "es", 3, approved_only=True) == '"home.es.3.approved"'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("k" * 256, "key is 256 characters long; keys are at most 255"),
        (".hidden", "key '.hidden' may only hold letters"),
        ("a/b", "key 'a/b' may only hold letters"),
    ],
)
def test_bad_keys(value: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace(".", r"\.").replace("(", r"\(")):
        string_key(value)


def test_locales_are_canonical_and_known() -> None:
    assert locale_code("es_mx") == "es-MX"
    assert locale_code("zh-hant-tw") == "zh-Hant-TW"
    with pytest.raises(InvalidInput, match=r"unknown locale 'qq'"):
        locale_code("qq")
    with pytest.raises(InvalidInput, match=r"unknown locale '\.\./x'"):
        locale_code("../x")


def test_plural_forms_come_back_in_cldr_order() -> None:
    assert list(plural_forms({"other": "x", "one": "y", "few": "z"})) == ["one", "few", "other"]


def test_ios_strings_export_leaves_plurals_out() -> None:
    exported = export_bundle(
        "ios-strings", "home", "fr", {"a": "A", "n": {"one": "1", "other": "n"}}
    )
    assert exported.skipped == ("n",)
    entries = catalog.load("fr.lproj/home.strings", exported.data).entries()
    assert [(e.key, e.value) for e in entries] == [("a", "A")]


def test_settings_defaults_and_overrides() -> None:
    defaults = Settings.from_env({})
    assert (defaults.tms_project, defaults.public_url, defaults.max_body_bytes) == (
        "dss",
        "http://127.0.0.1:8002",
        1024 * 1024,
    )
    assert (defaults.bundle_max_age, defaults.bundle_stale_seconds) == (30, 300)
    assert defaults.tms_callback_secret == "dev-callback-secret"
    custom = Settings.from_env(
        {"DSS_PUBLIC_URL": "https://dss.example/", "DSS_MAX_BODY_BYTES": "2048"}
    )
    assert custom.public_url == "https://dss.example" and custom.max_body_bytes == 2048


def test_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "dss_secret_key"
    first = load_or_create_secret_key(path)
    assert len(first) == 64 and load_or_create_secret_key(path) == first
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["dss_secret_key"]


def test_poll_delay_doubles_up_to_five_minutes() -> None:
    settings = Settings.from_env({})
    assert [poll_delay(settings, n) for n in (0, 1, 2, 6, 20)] == [5.0, 10.0, 20.0, 300.0, 300.0]
