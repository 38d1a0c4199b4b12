"""Bundles through the service: fallback chain, 304, deltas, approved-only, stale, exports."""

from __future__ import annotations

import pytest
import requests

import catalog
from dss_service.bundle_heads import HEAD_MAX_AGE
from tests.dss_service.conftest import Service
from tests.dss_service.harness import wait_until

CART = {"one": "{count} item", "other": "{count} items"}
CART_ES = {"one": "{count} artículo", "many": "{count} de artículos", "other": "{count} artículos"}


@pytest.fixture(scope="module")
def shop(dss: Service) -> Service:
    """Namespace ``shop`` (es, es-419, es-MX) with translations at different chain levels."""
    api = dss.editor
    dss.admin.namespace("shop", ["es", "es-419", "es-MX"], "keep")
    api.string("shop", "banner.title", text="Hello {name}!")
    api.string("shop", "cart.items", plural=CART)
    api.string("shop", "footer", text="Contact us")
    api.translate("shop", "banner.title", "es", "¡Hola {name}!", approve=True)
    api.translate("shop", "banner.title", "es-419", "¡Qué onda {name}!")
    api.translate("shop", "cart.items", "es", CART_ES)
    return dss


def test_full_bundle_applies_the_fallback_chain(shop: Service) -> None:
    answer = shop.viewer.bundle("shop", "es-MX")
    assert answer.status_code == 200
    body = answer.json()
    assert body["namespace"] == "shop" and body["locale"] == "es-MX" and body["delta"] is False
    assert body["deleted"] == []
    assert body["strings"] == {
        "banner.title": "¡Qué onda {name}!",  # es-MX → es-419
        "cart.items": CART_ES,  # es-MX → es-419 → es
        "footer": "Contact us",  # → source
    }
    assert answer.headers["ETag"] == f'"shop.es-MX.{body["version"]}"'
    assert answer.headers["Cache-Control"] == "public, max-age=30, stale-while-revalidate=300"
    assert answer.headers["Content-Type"] == "application/json"
    assert shop.viewer.bundle("shop", "es").json()["strings"]["banner.title"] == "¡Hola {name}!"
    source = shop.viewer.bundle("shop", "en-US").json()["strings"]
    assert source == {"banner.title": "Hello {name}!", "cart.items": CART, "footer": "Contact us"}


def test_approved_only_bundle(shop: Service) -> None:
    answer = shop.viewer.bundle("shop", "es-MX", status="approved")
    body = answer.json()
    assert body["strings"] == {
        "banner.title": "¡Hola {name}!",  # the es-419 one is only translated
        "cart.items": CART,
        "footer": "Contact us",
    }
    assert answer.headers["ETag"] == f'"shop.es-MX.{body["version"]}.approved"'


def test_if_none_match_gives_304_with_the_same_headers(shop: Service) -> None:
    first = shop.viewer.bundle("shop", "es")
    again = shop.viewer.get(
        "/namespaces/shop/bundles/es", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    other = shop.viewer.get("/namespaces/shop/bundles/es", headers={"If-None-Match": '"x"'})
    assert other.status_code == 200


def test_delta_since_a_version_with_a_deletion(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("delta", ["es", "fr"], "keep")
    api.string("delta", "a", text="A")
    api.string("delta", "b", text="B")
    api.string("delta", "c", text="C")
    before = api.bundle("delta", "es").json()
    version = before["version"]
    api.string("delta", "a", text="A2")
    assert api.delete("/namespaces/delta/strings/b").status_code == 204
    api.string("delta", "d", text="D")
    api.translate("delta", "c", "fr", "C fr")  # another locale: not in the es delta
    api.translate("delta", "c", "es", "C es")

    def moved() -> requests.Response | None:  # a worker may keep its head HEAD_MAX_AGE
        answer = api.get("/namespaces/delta/bundles/es", params={"since": str(version)})
        return answer if answer.status_code == 200 else None

    delta: requests.Response = wait_until(moved, HEAD_MAX_AGE + 5.0, "the delta")
    body = delta.json()
    assert body["delta"] is True and body["since"] == version
    assert body["version"] == version + 5
    assert body["strings"] == {"a": "A2", "c": "C es", "d": "D"}
    assert body["deleted"] == ["b"]
    full = api.get("/namespaces/delta/bundles/es").json()
    assert full["strings"] == {"a": "A2", "c": "C es", "d": "D"}

    current = api.get("/namespaces/delta/bundles/es", params={"since": str(body["version"])})
    assert current.status_code == 304
    for since in ("0", str(body["version"] + 10)):  # before the history, or from the future
        answer = api.get("/namespaces/delta/bundles/es", params={"since": since}).json()
        assert answer["delta"] is False and answer["strings"] == full["strings"]


def test_stale_translation_is_served_until_its_replacement_is_approved(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("stale", ["es"], "stale")
    api.string("stale", "save", text="Save")
    api.translate("stale", "save", "es", "Guardar", approve=True)
    api.string("stale", "save", text="Save all")  # re-requested from the vendor stub

    def completed() -> bool:
        items = api.get("/namespaces/stale/translation-requests").json()["items"]
        return bool(items) and items[0]["state"] == "completed"

    wait_until(completed, 60, "the re-request to complete")
    newest = api.get("/namespaces/stale/strings/save").json()["translations"]["es"]
    assert newest["state"] == "translated" and newest["stale"] is False
    assert newest["text"] != "Guardar"
    assert api.bundle("stale", "es").json()["strings"] == {"save": "Guardar"}
    assert api.bundle("stale", "es", status="approved").json()["strings"] == {"save": "Guardar"}

    approved = api.post("/namespaces/stale/strings/save/translations/es/approve")
    assert approved.status_code == 200

    def served() -> object:  # a worker may keep its head HEAD_MAX_AGE
        return api.bundle("stale", "es").json()["strings"]["save"] == newest["text"]

    wait_until(served, HEAD_MAX_AGE + 5.0, "the approved replacement to be served")


@pytest.mark.parametrize(
    ("export_format", "path"),
    [
        ("json", "shop.es-MX.json"),
        ("android", "res/values-es-rMX/strings.xml"),
        ("ios-strings", "es-MX.lproj/shop.strings"),
        ("po", "es_MX/LC_MESSAGES/shop.po"),
        ("arb", "shop_es_MX.arb"),
    ],
)
def test_exports_parse_back_with_catalog(shop: Service, export_format: str, path: str) -> None:
    expected = shop.viewer.bundle("shop", "es-MX").json()["strings"]
    answer = shop.viewer.get("/namespaces/shop/bundles/es-MX", params={"format": export_format})
    assert answer.status_code == 200
    document = catalog.load(path, answer.content)
    entries = {entry.key: entry.value for entry in document.entries()}
    if export_format == "json":  # the bundle itself: its strings are under "strings."
        assert answer.headers["ETag"] == f'"shop.es-MX.{answer.json()["version"]}"'
        assert entries.pop("namespace") == "shop" and entries.pop("locale") == "es-MX"
        entries = {key.removeprefix("strings."): value for key, value in entries.items()}
    else:
        assert answer.headers["ETag"].endswith(f'.{export_format}"')
    if export_format == "ios-strings":  # .strings holds no plurals: named in a header
        assert answer.headers["X-DSS-Skipped-Keys"] == "cart.items"
        del expected["cart.items"]
    if export_format == "arb":  # ARB writes plurals as one ICU message
        assert entries.pop("cart.items") == (
            "{count, plural, one{{count} artículo} many{{count} de artículos}"
            " other{{count} artículos}}"
        )
        del expected["cart.items"]
    if export_format == "po":  # gettext's Spanish has two forms: one and other
        expected["cart.items"] = {k: v for k, v in CART_ES.items() if k != "many"}
    assert entries == expected


ERRORS = [
    ("/namespaces/nope/bundles/es", {}, 404, "no namespace named 'nope'"),
    (
        "/namespaces/shop/bundles/xx-YY",
        {},
        400,
        "unknown locale 'xx-YY' (use a BCP 47 code such as 'es-MX')",
    ),
    ("/namespaces/shop/bundles/../x", {}, 404, "no such resource: /api/v1/namespaces/shop/x"),
    (
        "/namespaces/shop/bundles/fr",
        {},
        400,
        "namespace shop has no bundle for fr; its locales: en-US, es, es-419, es-MX",
    ),
    (
        "/namespaces/shop/bundles/es",
        {"since": "abc"},
        400,
        "since must be a bundle version (a non-negative integer), got 'abc'",
    ),
    (
        "/namespaces/shop/bundles/es",
        {"since": "-1"},
        400,
        "since must be a bundle version (a non-negative integer), got '-1'",
    ),
    (
        "/namespaces/shop/bundles/es",
        {"since": "1", "format": "po"},
        400,
        "since (deltas) works with format=json only",
    ),
    (
        "/namespaces/shop/bundles/es",
        {"status": "all"},
        400,
        "status may only be 'approved' (leave it out for translated+approved)",
    ),
    (
        "/namespaces/shop/bundles/es",
        {"format": "xliff"},
        400,
        "format must be one of json, android, ios-strings, po, arb",
    ),
]


@pytest.mark.parametrize(("path", "params", "status", "detail"), ERRORS)
def test_bundle_errors(
    shop: Service, path: str, params: dict[str, str], status: int, detail: str
) -> None:
    answer = shop.viewer.get(path, params=params)
    assert answer.status_code == status
    assert answer.headers["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status and problem["detail"] == detail
    assert set(problem) == {"type", "title", "status", "detail"}


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "send an API token as 'Authorization: Bearer <token>'"),
        ({"Authorization": "Bearer not-a-token"}, "the API token is unknown or revoked"),
        (
            {"Authorization": "Basic dXNlcjpwdw=="},
            "send an API token as 'Authorization: Bearer <token>'",
        ),
    ],
)
def test_bundle_needs_a_token(shop: Service, headers: dict[str, str], detail: str) -> None:
    import requests

    answer = requests.get(
        f"{shop.url}/api/v1/namespaces/shop/bundles/es", headers=headers, timeout=10
    )
    assert answer.status_code == 401
    assert answer.json()["detail"] == detail
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="dss"'
