"""DynamicStringsClient against the real service: gunicorn, a Celery worker, a real database."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from dss_service.bundle_heads import HEAD_MAX_AGE
from i18n_lib._dynamic_disk import copy_path, read_copy
from i18n_lib.dynamic_strings import DynamicStringsClient
from tests.dss_service.conftest import Service
from tests.dss_service.harness import wait_until

NS = "client"
CART = {"one": "{count} item", "other": "{count} items"}
CART_ES = {"one": "{count} artículo", "many": "{count} de artículos", "other": "{count} artículos"}


class RecordingSession(requests.Session):
    """A requests session that remembers the status of every answer it got."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[int] = []
        self.hooks["response"].append(self._record)

    def _record(self, response: requests.Response, *args: object, **kwargs: object) -> None:
        self.statuses.append(response.status_code)


@pytest.fixture(scope="module")
def namespace(dss: Service) -> Service:
    """Namespace ``client`` (es, es-419, es-MX) with translations at different chain levels."""
    api = dss.editor
    dss.admin.namespace(NS, ["es", "es-419", "es-MX"], "keep")
    api.string(NS, "banner.title", text="Hello {name}!")
    api.string(NS, "cart.items", plural=CART)
    api.string(NS, "footer", text="Contact us")
    api.string(NS, "promo", text="Sale")
    api.translate(NS, "banner.title", "es", "¡Hola {name}!", approve=True)
    api.translate(NS, "banner.title", "es-419", "¡Qué onda {name}!")
    api.translate(NS, "cart.items", "es", CART_ES, approve=True)
    api.translate(NS, "promo", "es-MX", "Rebajas")
    api.bundle(NS, "es-MX")  # built
    return dss


@pytest.fixture
def clients() -> Iterator[list[DynamicStringsClient]]:
    made: list[DynamicStringsClient] = []
    yield made
    for client in made:
        client.close()
        assert not client.running


def test_start_fetches_resolved_strings_and_formats_them(
    namespace: Service, clients: list[DynamicStringsClient], tmp_path: Path
) -> None:
    session = RecordingSession()
    client = DynamicStringsClient(
        namespace.url,
        namespace.viewer.token,
        NS,
        ["es-MX", "en-US"],
        cache_dir=tmp_path,
        session=session,
    )
    clients.append(client)
    client.start()

    assert session.statuses == [200, 200]
    assert client.get("banner.title", name="Ana") == "¡Qué onda Ana!"  # es-MX → es-419
    assert client.get("cart.items", count=1) == "1 artículo"  # es-MX → es-419 → es
    many = client.get("cart.items", count=1_000_000)  # CLDR "many", es-MX digits
    assert many == "1,000,000 de artículos"
    assert client.get("footer") == "Contact us"  # → source
    assert client.get("promo") == "Rebajas"
    assert client.get("promo", "es-AR") == "Sale"  # not polled: es-AR → es-419 → es → en-US
    assert client.get("cart.items", "fr", count=2) == "2 items"  # fr → en-US
    sync = client.stats.locales["es-MX"]
    assert sync.origin == "network" and sync.last_error is None
    assert sync.etag == f'"{NS}.es-MX.{sync.version}"'
    copy = read_copy(copy_path(tmp_path, NS, "es-MX", False), NS, "es-MX", False)
    assert copy is not None and copy.version == sync.version
    assert copy.strings["promo"] == "Rebajas"


def test_changes_arrive_as_a_delta_and_an_unchanged_poll_is_a_304(
    namespace: Service, clients: list[DynamicStringsClient], tmp_path: Path
) -> None:
    api = namespace.editor
    api.string(NS, "delta.keep", text="Keep")
    api.string(NS, "delta.gone", text="Gone")
    session = RecordingSession()
    client = DynamicStringsClient(
        namespace.url, api.token, NS, ["es-MX"], session=session, missing="key", cache_dir=tmp_path
    )
    clients.append(client)
    client.refresh()
    before = client.stats.locales["es-MX"].version
    assert before is not None
    client.refresh()
    assert session.statuses == [200, 304]
    assert client.stats.locales["es-MX"].version == before

    api.translate(NS, "delta.keep", "es-MX", "Quedarse")
    assert api.delete(f"/namespaces/{NS}/strings/delta.gone").status_code == 204

    def refreshed() -> bool:
        client.refresh()
        return session.statuses[-1] == 200

    # A worker that served this bundle within the last HEAD_MAX_AGE may answer 304 until then.
    wait_until(refreshed, HEAD_MAX_AGE + 5.0, "the edits to reach the client")
    later = session.statuses[2:]
    assert session.statuses[:2] == [200, 304] and set(later[:-1]) <= {304} and later[-1] == 200
    assert (client.get("delta.keep"), client.get("delta.gone")) == ("Quedarse", "delta.gone")
    after = client.stats.locales["es-MX"].version
    assert after is not None and after > before
    copy = read_copy(copy_path(tmp_path, NS, "es-MX", False), NS, "es-MX", False)
    assert copy is not None and copy.version == after and "delta.gone" not in copy.strings
    api.post(f"/namespaces/{NS}/strings/delta.gone/restore")


def test_the_polling_thread_picks_up_an_edit(
    namespace: Service, clients: list[DynamicStringsClient]
) -> None:
    api = namespace.editor
    api.string(NS, "live.banner", text="Before")
    client = DynamicStringsClient(
        namespace.url, api.token, NS, ["es-MX"], poll_interval=0.2, jitter=0.0
    )
    clients.append(client)
    client.start()
    assert client.get("live.banner") == "Before"

    api.translate(NS, "live.banner", "es-MX", "Después")
    wait_until(lambda: client.get("live.banner") == "Después", 30, "the client to see the edit")
    assert client.stats.errors == 0


def test_an_offline_start_serves_the_disk_copy(
    namespace: Service, clients: list[DynamicStringsClient], tmp_path: Path
) -> None:
    online = DynamicStringsClient(
        namespace.url, namespace.viewer.token, NS, ["es-MX"], cache_dir=tmp_path
    )
    clients.append(online)
    online.refresh()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{sock.getsockname()[1]}"
    offline = DynamicStringsClient(down, namespace.viewer.token, NS, ["es-MX"], cache_dir=tmp_path)
    clients.append(offline)
    offline.start()

    assert offline.get("promo") == "Rebajas"
    assert offline.stats.locales["es-MX"].origin == "disk"
    assert offline.stats.locales["es-MX"].version == online.stats.locales["es-MX"].version


def test_approved_only_serves_approved_translations(
    namespace: Service, clients: list[DynamicStringsClient]
) -> None:
    client = DynamicStringsClient(
        namespace.url, namespace.viewer.token, NS, ["es-MX"], approved_only=True
    )
    clients.append(client)
    client.refresh()

    assert client.get("banner.title", name="Ana") == "¡Hola Ana!"  # the es-419 one is unapproved
    assert client.get("promo") == "Sale"
    assert client.stats.locales["es-MX"].etag.endswith('.approved"')  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("namespace_name", "token", "locale", "status"),
    [
        ("nope", None, "es-MX", 404),
        (NS, "dss_not-a-token", "es-MX", 401),
        (NS, None, "fr", 400),  # not a locale of the namespace
    ],
)
def test_service_errors_are_recorded_and_lookups_fall_back(
    namespace: Service,
    clients: list[DynamicStringsClient],
    namespace_name: str,
    token: str | None,
    locale: str,
    status: int,
) -> None:
    client = DynamicStringsClient(
        namespace.url,
        token or namespace.viewer.token,
        namespace_name,
        [locale],
        bundled={"en-US": {"footer": "Contact us (app)"}},
    )
    clients.append(client)
    client.refresh()

    assert client.get("footer") == "Contact us (app)"
    assert client.stats.errors == 1
    error = client.stats.locales[locale].last_error
    assert error is not None and error.startswith(f"HTTP {status}: "), error
