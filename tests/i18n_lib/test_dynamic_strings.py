"""DynamicStringsClient against a contract-faithful fake bundle server over real loopback HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from i18n_lib._dynamic_disk import DiskCopy, copy_path, read_copy, write_copy
from i18n_lib.dynamic_strings import DynamicStringsClient

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token"
NS = "home"


# -- the fake service ----------------------------------------------------------------------


@dataclass
class Scripted:
    """An answer the fake gives before the contract's own (errors, 202, held answers)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    hold: threading.Event | None = None  # answer only once the test sets it


@dataclass
class Seen:
    path: str
    args: dict[str, str]
    if_none_match: str | None
    authorization: str | None
    status: int = 0
    kind: str = ""  # full, delta, 304, scripted


def _problem(status: int, title: str, detail: str) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return Response(json.dumps(body), status, content_type="application/problem+json")


class FakeBundleServer:
    """The bundle endpoint of the contract: versions per namespace, ETags, 304, deltas.

    ``publish`` stores a new full snapshot of a locale (bumping the namespace version);
    deltas are computed against the snapshots kept (``retain``). Scripted answers per locale
    come first. Every request is recorded.
    """

    def __init__(self, retain: int = 10) -> None:
        self.version = 0
        self.retain = retain
        self.history: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.scripts: dict[str, deque[Scripted]] = {}
        self.seen: list[Seen] = []
        self.holds: list[threading.Event] = []
        self.cond = threading.Condition()

    def publish(self, locale: str, strings: dict[str, Any]) -> int:
        with self.cond:
            self.version += 1
            snapshots = self.history.setdefault(locale, [])
            snapshots.append((self.version, dict(strings)))
            del snapshots[: -self.retain]
            return self.version

    def script(self, locale: str, *answers: Scripted) -> None:
        with self.cond:
            self.scripts.setdefault(locale, deque()).extend(answers)
            self.holds += [answer.hold for answer in answers if answer.hold is not None]

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> list[Seen]:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.seen) >= count, timeout), self.seen
            return list(self.seen)

    def release_all(self) -> None:
        for hold in self.holds:
            hold.set()

    def __call__(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        seen = Seen(
            request.path,
            dict(request.args),
            request.headers.get("If-None-Match"),
            request.headers.get("Authorization"),
        )
        response = self._answer(request, seen)
        seen.status = response.status_code
        with self.cond:
            self.seen.append(seen)
            self.cond.notify_all()
        return response(environ, start_response)

    def _answer(self, request: Request, seen: Seen) -> Response:
        parts = request.path.strip("/").split("/")
        if len(parts) != 6 or parts[:3] != ["api", "v1", "namespaces"] or parts[4] != "bundles":
            return _problem(404, "Not Found", "no such route")
        namespace, locale = parts[3], parts[5]
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _problem(401, "Unauthorized", "a valid API token is required")
        with self.cond:
            script = self.scripts.get(locale)
            scripted = script.popleft() if script else None
        if scripted is not None:
            seen.kind = "scripted"
            if scripted.hold is not None:
                scripted.hold.wait(30)
            body = scripted.body
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            return Response(b"" if body is None else data, scripted.status, scripted.headers)
        if namespace != NS or locale not in self.history:
            return _problem(404, "Not Found", f"no namespace {namespace!r}")
        with self.cond:
            snapshots = list(self.history[locale])
        version, strings = snapshots[-1]
        etag = f'"{namespace}.{locale}.{version}"'
        headers = {
            "ETag": etag,
            "Cache-Control": "public, max-age=30, stale-while-revalidate=300",
        }
        since_text = request.args.get("since")
        since = int(since_text) if since_text is not None else None
        if request.headers.get("If-None-Match") == etag or since == version:
            seen.kind = "304"
            return Response(b"", 304, headers)
        body: dict[str, Any] = {"namespace": namespace, "locale": locale, "version": version}
        old = dict(snapshots).get(since) if since is not None else None
        if old is not None:
            seen.kind = "delta"
            changed = {key: value for key, value in strings.items() if old.get(key) != value}
            deleted = [key for key in old if key not in strings]
            body |= {"delta": True, "since": since, "strings": changed, "deleted": deleted}
        else:
            seen.kind = "full"
            body |= {"delta": False, "strings": strings, "deleted": []}
        return Response(json.dumps(body), 200, headers, content_type="application/json")


@pytest.fixture
def fake() -> Iterator[FakeBundleServer]:
    yield FakeBundleServer()


@pytest.fixture
def server_url(fake: FakeBundleServer) -> Iterator[str]:
    server: BaseWSGIServer = make_server("127.0.0.1", 0, fake, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        fake.release_all()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- test doubles for time -----------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class SteppedSleep:
    """The polling thread's sleep: records each wait, advances the clock, and returns only
    when the test steps it (or after ``release``)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []
        self.permits = 0
        self.released = False
        self.cond = threading.Condition()

    def __call__(self, seconds: float) -> None:
        with self.cond:
            self.waits.append(seconds)
            self.cond.notify_all()
            assert self.cond.wait_for(lambda: self.permits > 0 or self.released, 30)
            self.permits = max(0, self.permits - 1)
            self.clock.now += seconds

    def wait_for_waits(self, count: int) -> list[float]:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.waits) >= count, 10), self.waits
            return list(self.waits)

    def step(self) -> None:
        with self.cond:
            self.permits += 1
            self.cond.notify_all()

    def release(self) -> None:
        with self.cond:
            self.released = True
            self.cond.notify_all()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        threading.Event().wait(0.01)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(
    clock: FakeClock,
) -> Iterator[Callable[..., DynamicStringsClient]]:
    made: list[tuple[DynamicStringsClient, SteppedSleep | None]] = []

    def make(url: str, locales: list[str], **options: Any) -> DynamicStringsClient:
        options.setdefault("jitter", 0.0)
        options.setdefault("clock", clock)
        client = DynamicStringsClient(url, options.pop("token", TOKEN), NS, locales, **options)
        sleeper = options.get("sleep")
        made.append((client, sleeper if isinstance(sleeper, SteppedSleep) else None))
        return client

    yield make
    for client, sleeper in made:
        if sleeper is not None:
            sleeper.release()
        client.close()
        assert not client.running


BUNDLED = {
    "en-US": {"banner.title": "Hello!", "footer.help": "Need help?", "greeting": "Hi {name}"},
    "es": {"banner.title": "¡Hola!"},
}


# -- start ---------------------------------------------------------------------------------


def test_cold_start_with_the_server_down_serves_bundled_and_source_strings(
    closed_port_url: str, make_client: Callable[..., DynamicStringsClient]
) -> None:
    client = make_client(closed_port_url, ["es-MX"], bundled=BUNDLED)
    client.start()

    assert client.running
    assert client.get("banner.title") == "¡Hola!"  # es-MX → es-419 → es (bundled)
    assert client.get("footer.help") == "Need help?"  # source text
    assert client.get("greeting", name="Ana") == "Hi Ana"
    stats = client.stats
    assert (stats.hits, stats.misses, stats.errors) == (3, 0, 1)
    sync = stats.locales["es-MX"]
    assert (sync.version, sync.origin, sync.last_sync) == (None, "bundled", None)
    assert sync.last_error is not None and sync.last_error.startswith("ConnectionError: ")


def test_start_fetches_and_waits_for_the_first_answer_when_there_is_no_disk_copy(
    fake: FakeBundleServer,
    server_url: str,
    make_client: Callable[..., DynamicStringsClient],
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    fake.publish("es-MX", {"banner.title": "¡Hola, México!"})
    client = make_client(server_url, ["es-MX"], bundled=BUNDLED, cache_dir=tmp_path)
    client.start()

    assert client.get("banner.title") == "¡Hola, México!"
    assert client.stats.locales["es-MX"].last_sync == clock.now
    assert fake.seen[0].authorization == f"Bearer {TOKEN}"
    assert (fake.seen[0].args, fake.seen[0].if_none_match, fake.seen[0].kind) == ({}, None, "full")
    copy = read_copy(copy_path(tmp_path, NS, "es-MX", False), NS, "es-MX", False)
    assert copy == DiskCopy(
        NS, "es-MX", False, 1, '"home.es-MX.1"', {"banner.title": "¡Hola, México!"}
    )


def test_start_with_a_disk_copy_returns_before_the_network_answers(
    fake: FakeBundleServer,
    server_url: str,
    make_client: Callable[..., DynamicStringsClient],
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    write_copy(
        copy_path(tmp_path, NS, "es-MX", False),
        DiskCopy(NS, "es-MX", False, 4, '"home.es-MX.4"', {"banner.title": "desde disco"}),
    )
    fake.version = 3
    fake.publish("es-MX", {"banner.title": "desde disco"})
    fake.publish("es-MX", {"banner.title": "desde la red"})
    hold = threading.Event()
    fake.script("es-MX", Scripted(503, {"Retry-After": "3"}, hold=hold))
    sleeper = SteppedSleep(clock)
    client = make_client(server_url, ["es-MX"], cache_dir=tmp_path, sleep=sleeper)
    client.start()

    assert not hold.is_set()  # the only request is still held: start did not wait for it
    assert client.get("banner.title") == "desde disco"
    sync = client.stats.locales["es-MX"]
    assert (sync.version, sync.etag, sync.origin) == (4, '"home.es-MX.4"', "disk")

    hold.set()  # the 503 goes out: Retry-After 3 s, more than the first backoff (1 s)
    assert sleeper.wait_for_waits(1) == [3.0]
    sleeper.step()
    assert sleeper.wait_for_waits(2) == [3.0, 60.0]
    assert client.get("banner.title") == "desde la red"
    first, second = fake.seen
    assert (first.args, first.if_none_match, first.status) == (
        {"since": "4"},
        '"home.es-MX.4"',
        503,
    )
    assert (second.args, second.kind) == ({"since": "4"}, "delta")
    assert client.stats.locales["es-MX"].origin == "network"


def test_start_fetches_locales_without_a_disk_copy_first(
    fake: FakeBundleServer,
    server_url: str,
    make_client: Callable[..., DynamicStringsClient],
    tmp_path: Path,
) -> None:
    write_copy(
        copy_path(tmp_path, NS, "es-MX", False),
        DiskCopy(NS, "es-MX", False, 1, '"home.es-MX.1"', {"a": "desde disco"}),
    )
    hold = threading.Event()
    fake.script("es-MX", Scripted(503, hold=hold))
    fake.publish("fr", {"a": "depuis le réseau"})
    client = make_client(server_url, ["es-MX", "fr"], cache_dir=tmp_path, timeout=5.0)
    client.start()

    assert not hold.is_set()  # es-MX's request (held) did not delay fr's
    assert (client.get("a"), client.get("a", "fr")) == ("desde disco", "depuis le réseau")
    assert [seen.path.rsplit("/", 1)[1] for seen in fake.seen] == ["fr"]
    hold.set()
    assert [seen.status for seen in fake.wait_for_requests(2)] == [200, 503]


def test_start_against_a_hung_server_is_bounded_by_the_timeout_and_lookups_never_wait(
    fake: FakeBundleServer, server_url: str, make_client: Callable[..., DynamicStringsClient]
) -> None:
    hold = threading.Event()
    fake.script("es-MX", Scripted(200, body={"never": "sent in time"}, hold=hold))
    client = make_client(server_url, ["es-MX"], bundled=BUNDLED, timeout=0.3)
    began = time.monotonic()
    client.start()
    took = time.monotonic() - began

    assert took < 2.0, took
    assert not hold.is_set()
    assert client.get("banner.title") == "¡Hola!"  # while the request is still in flight
    wait_until(lambda: client.stats.errors == 1)
    assert client.stats.locales["es-MX"].last_error.startswith("ReadTimeout: ")  # type: ignore[union-attr]


# -- deltas, 304, full fallbacks -----------------------------------------------------------


def test_a_delta_applies_changes_additions_and_deletions_and_updates_the_disk_copy(
    fake: FakeBundleServer,
    server_url: str,
    make_client: Callable[..., DynamicStringsClient],
    tmp_path: Path,
) -> None:
    fake.publish("es-MX", {"a": "uno", "b": "dos", "c": "tres"})
    client = make_client(server_url, ["es-MX"], cache_dir=tmp_path, missing="key")
    client.refresh()
    fake.publish("es-MX", {"a": "UNO", "c": "tres", "d": "cuatro"})
    client.refresh()

    request = fake.seen[-1]
    assert (request.args, request.if_none_match, request.kind) == (
        {"since": "1"},
        '"home.es-MX.1"',
        "delta",
    )
    assert [client.get(key) for key in "abcd"] == ["UNO", "b", "tres", "cuatro"]
    assert client.stats.misses == 1  # "b" was deleted
    assert client.stats.locales["es-MX"].version == 2
    copy = read_copy(copy_path(tmp_path, NS, "es-MX", False), NS, "es-MX", False)
    assert copy is not None
    assert (copy.version, copy.etag) == (2, '"home.es-MX.2"')
    assert copy.strings == {"a": "UNO", "c": "tres", "d": "cuatro"}


def test_304_keeps_the_strings_and_records_the_sync(
    fake: FakeBundleServer,
    server_url: str,
    make_client: Callable[..., DynamicStringsClient],
    clock: FakeClock,
) -> None:
    fake.publish("es-MX", {"a": "uno"})
    client = make_client(server_url, ["es-MX"])
    client.refresh()
    clock.now += 60
    client.refresh()

    assert [(seen.kind, seen.status) for seen in fake.seen] == [("full", 200), ("304", 304)]
    assert client.get("a") == "uno"
    sync = client.stats.locales["es-MX"]
    assert (sync.version, sync.last_sync, sync.last_error) == (1, clock.now, None)


def test_a_since_older_than_the_history_gets_a_full_bundle_that_replaces_everything(
    server_url: str, fake: FakeBundleServer, make_client: Callable[..., DynamicStringsClient]
) -> None:
    fake.retain = 1
    fake.publish("es-MX", {"a": "uno", "b": "dos"})
    client = make_client(server_url, ["es-MX"], missing="key")
    client.refresh()
    fake.publish("es-MX", {"a": "UNO"})
    client.refresh()

    assert (fake.seen[-1].args, fake.seen[-1].kind) == ({"since": "1"}, "full")
    assert (client.get("a"), client.get("b")) == ("UNO", "b")


def test_a_delta_that_does_not_start_at_the_version_held_is_refused_then_a_full_is_fetched(
    server_url: str, fake: FakeBundleServer, make_client: Callable[..., DynamicStringsClient]
) -> None:
    fake.publish("es-MX", {"a": "uno"})
    client = make_client(server_url, ["es-MX"])
    client.refresh()
    bad = {"version": 9, "delta": True, "since": 7, "strings": {"a": "X"}, "deleted": []}
    fake.script("es-MX", Scripted(200, body=bad))
    client.refresh()

    assert client.get("a") == "uno"
    assert client.stats.locales["es-MX"].last_error == "delta since 7 does not apply to version 1"
    client.refresh()
    assert (fake.seen[-1].args, fake.seen[-1].if_none_match, fake.seen[-1].kind) == (
        {},
        None,
        "full",
    )
    assert client.stats.locales["es-MX"].version == 1


def test_a_bad_token_is_an_error_with_the_problem_detail_and_keeps_the_bundled_strings(
    server_url: str, fake: FakeBundleServer, make_client: Callable[..., DynamicStringsClient]
) -> None:
    fake.publish("es-MX", {"banner.title": "¡Hola, México!"})
    client = make_client(server_url, ["es-MX"], bundled=BUNDLED, token="wrong")
    client.refresh()

    assert client.get("banner.title") == "¡Hola!"
    error = client.stats.locales["es-MX"].last_error
    assert error == "HTTP 401: Unauthorized: a valid API token is required"
    assert client.stats.errors == 1


# -- the polling thread: 202, Retry-After, backoff, close ------------------------------------


def test_202_is_waited_on_per_retry_after_for_at_most_max_wait_202_then_backs_off(
    server_url: str,
    fake: FakeBundleServer,
    make_client: Callable[..., DynamicStringsClient],
    clock: FakeClock,
) -> None:
    building = Scripted(202, {"Retry-After": "5"}, {"status": "building"})
    fake.script("es-MX", *[building] * 5)
    fake.publish("es-MX", {"a": "uno"})
    sleeper = SteppedSleep(clock)
    client = make_client(
        server_url, ["es-MX"], bundled=BUNDLED, sleep=sleeper, max_wait_202=12, missing="key"
    )
    client.start()

    assert client.get("a") == "a"
    for count in range(1, 4):
        sleeper.wait_for_waits(count)
        sleeper.step()
    assert sleeper.wait_for_waits(4) == [5.0, 5.0, 2.0, 1.0]  # 202s within 12 s, then backoff
    assert client.stats.errors == 1
    assert (
        client.stats.locales["es-MX"].last_error
        == "bundle still building after 12 s (max_wait_202)"
    )
    sleeper.step()  # the fifth request still gets 202; the sixth the bundle
    sleeper.wait_for_waits(5)
    sleeper.step()
    assert sleeper.wait_for_waits(6)[4:] == [5.0, 60.0]
    assert client.get("a") == "uno"
    assert [seen.status for seen in fake.seen] == [202, 202, 202, 202, 202, 200]


def test_errors_back_off_exponentially_and_retry_after_is_respected(
    server_url: str,
    fake: FakeBundleServer,
    make_client: Callable[..., DynamicStringsClient],
    clock: FakeClock,
) -> None:
    fake.script(
        "es-MX",
        Scripted(500, body={"title": "Internal Server Error", "status": 500}),
        Scripted(500, body=b"oops"),
        Scripted(429, {"Retry-After": "30"}),
        Scripted(503, {"Retry-After": "2"}),
    )
    fake.publish("es-MX", {"a": "uno"})
    sleeper = SteppedSleep(clock)
    client = make_client(server_url, ["es-MX"], sleep=sleeper, poll_interval=60.0)
    client.start()
    for count in range(1, 5):
        sleeper.wait_for_waits(count)
        sleeper.step()

    assert sleeper.wait_for_waits(5) == [1.0, 2.0, 30.0, 8.0, 60.0]
    assert [seen.status for seen in fake.seen] == [500, 500, 429, 503, 200]
    assert client.stats.errors == 4
    assert client.get("a") == "uno"
    assert client.stats.locales["es-MX"].last_error is None


def test_polling_uses_jitter_if_none_match_and_since(
    server_url: str,
    fake: FakeBundleServer,
    make_client: Callable[..., DynamicStringsClient],
    clock: FakeClock,
) -> None:
    fake.publish("es-MX", {"a": "uno"})
    sleeper = SteppedSleep(clock)
    client = make_client(server_url, ["es-MX"], sleep=sleeper, jitter=0.1, rand=lambda: 1.0)
    client.start()
    sleeper.wait_for_waits(1)
    sleeper.step()
    sleeper.wait_for_waits(2)

    assert sleeper.waits == [pytest.approx(66.0), pytest.approx(66.0)]
    assert [(s.args, s.if_none_match, s.kind) for s in fake.seen] == [
        ({}, None, "full"),
        ({"since": "1"}, '"home.es-MX.1"', "304"),
    ]


def test_close_stops_the_polling_thread_and_the_context_manager_closes(
    server_url: str,
    fake: FakeBundleServer,
    make_client: Callable[..., DynamicStringsClient],
    clock: FakeClock,
) -> None:
    fake.publish("es-MX", {"a": "uno"})
    with DynamicStringsClient(server_url, TOKEN, NS, ["es-MX"], jitter=0.0) as client:
        assert client.running
        assert client.get("a") == "uno"
    assert not client.running
    assert client.get("a") == "uno"  # lookups still answer after close

    sleeper = SteppedSleep(clock)
    polled = make_client(server_url, ["es-MX"], sleep=sleeper)
    polled.start()
    sleeper.wait_for_waits(1)
    sleeper.release()
    polled.close()
    assert not polled.running
    requests_made = len(fake.seen)
    polled.refresh()  # the client still works by hand; only the thread is gone
    assert len(fake.seen) == requests_made + 1


# -- lookups: fallback chain, plurals, params, missing policy --------------------------------


def test_lookups_resolve_through_the_cldr_fallback_chain_over_the_locales_held(
    server_url: str, fake: FakeBundleServer, make_client: Callable[..., DynamicStringsClient]
) -> None:
    fake.publish("es-419", {"banner.title": "¡Hola, América Latina!", "only.es419": "sí"})
    fake.publish("en-US", {"banner.title": "Hello!", "only.source": "Source"})
    bundled = {"es-MX": {"banner.title": "¡Hola, México (app)!"}, "es": {"only.es": "es"}}
    client = make_client(server_url, ["es-419", "en-US"], bundled=bundled)
    client.refresh()

    assert client.get("banner.title", "es-MX") == "¡Hola, México (app)!"  # bundled es-MX
    assert client.get("only.es419", "es-MX") == "sí"  # es-MX → es-419 (served)
    assert client.get("only.es", "es-419") == "es"  # es-419 → es (bundled)
    assert client.get("only.source", "es-MX") == "Source"  # … → en-US
    assert client.get("banner.title", "es_AR") == "¡Hola, América Latina!"
    assert client.get("banner.title", "fr-CA") == "Hello!"  # fr-CA → fr → en-US
    assert client.get("banner.title") == "¡Hola, América Latina!"  # default: first locale
    assert client.get("banner.title", "tlh-Latn") == "Hello!"  # no CLDR data: the source
    assert (client.stats.hits, client.stats.misses) == (8, 0)


PLURAL_BUNDLES = {
    "en-US": {"cart.items": {"one": "{count} item", "other": "{count} items"}},
    "ar-EG": {
        "cart.items": {
            "zero": "لا عناصر",
            "one": "عنصر واحد",
            "two": "عنصران",
            "few": "{count} عناصر",
            "many": "{count} عنصرًا",
            "other": "{count} عنصر",
        },
        "hello": "مرحبا {name}",
    },
    "ja": {"cart.items": {"other": "{count} 個の商品"}, "hello": "{name}さん、こんにちは"},
}


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("en-US", 1, "1 item"),
        ("en-US", 0, "0 items"),
        ("en-US", 1234, "1,234 items"),
        ("en-US", "1.0", "1.0 items"),
        ("ar-EG", 0, "لا عناصر"),
        ("ar-EG", 2, "عنصران"),
        ("ar-EG", 3, "٣ عناصر"),
        ("ar-EG", 11, "١١ عنصرًا"),
        ("ar-EG", 100, "١٠٠ عنصر"),
        ("ja", 1, "1 個の商品"),
        ("ja", 12000, "12,000 個の商品"),
    ],
)
def test_plural_forms_and_numbers_follow_the_locale(
    closed_port_url: str,
    make_client: Callable[..., DynamicStringsClient],
    locale: str,
    count: object,
    expected: str,
) -> None:
    client = make_client(closed_port_url, ["en-US"], bundled=PLURAL_BUNDLES)
    assert client.get("cart.items", locale, count=count) == expected
    assert (client.stats.hits, client.stats.misses) == (1, 0)


def test_params_fill_placeholders_and_extra_params_are_ignored(
    closed_port_url: str, make_client: Callable[..., DynamicStringsClient]
) -> None:
    client = make_client(closed_port_url, ["ja"], bundled=PLURAL_BUNDLES | BUNDLED)
    assert client.get("hello", name="花子") == "花子さん、こんにちは"
    assert client.get("hello", "ar-EG", name="ليلى") == "مرحبا ليلى"
    assert client.get("footer.help", "ja", unused=1) == "Need help?"
    assert client.get("greeting", "en-US", name=7) == "Hi 7"


MALFORMED = {
    "en-US": {"greeting": "Hi {name}", "cart.items": {"one": "{count} item", "other": "{count}"}},
    "de": {
        "greeting": "Hallo {name}",
        "cart.items": {"one": "{count} Artikel", "other": "{count} Artikel"},
        "broken.list": ["not", "a", "string"],
        "broken.plural": {"one": "ein"},
        "broken.category": {"other": "x", "several": "y"},
    },
}


@pytest.mark.parametrize(
    ("key", "locale", "params", "by_source", "by_key"),
    [
        ("nowhere", "de", {}, "nowhere", "nowhere"),
        ("greeting", "de", {}, "greeting", "greeting"),  # missing param (in source too)
        ("greeting", "de", {"nom": "x"}, "greeting", "greeting"),
        ("cart.items", "de", {}, "cart.items", "cart.items"),  # plural without count
        ("cart.items", "de", {"count": "many"}, "cart.items", "cart.items"),
        ("cart.items", "de", {"count": [1]}, "cart.items", "cart.items"),
        ("broken.list", "de", {}, "broken.list", "broken.list"),
        ("broken.plural", "de", {"count": 1}, "broken.plural", "broken.plural"),
        ("broken.category", "de", {"count": 1}, "broken.category", "broken.category"),
        ("greeting", "!!not a locale!!", {"name": "Ana"}, "Hi Ana", "greeting"),
    ],
)
def test_a_failed_lookup_never_raises_and_answers_per_the_missing_policy(
    closed_port_url: str,
    make_client: Callable[..., DynamicStringsClient],
    key: str,
    locale: str,
    params: dict[str, object],
    by_source: str,
    by_key: str,
) -> None:
    calls: list[tuple[str, str]] = []

    def by_callback(key: str, locale: str) -> str:
        calls.append((key, locale))
        return f"[{key}]"

    def failing(key: str, locale: str) -> str:
        raise RuntimeError("the policy itself fails")

    results = []
    for missing in ("source", "key", by_callback, failing):
        client = make_client(closed_port_url, ["de"], bundled=MALFORMED, missing=missing)
        results.append(client.get(key, locale, **params))
        assert (client.stats.hits, client.stats.misses) == (0, 1)
    assert results == [by_source, by_key, f"[{key}]", key]
    assert calls == [(key, locale)]


def test_a_missing_policy_is_called_with_the_default_locale_when_none_is_given(
    closed_port_url: str, make_client: Callable[..., DynamicStringsClient]
) -> None:
    seen: list[tuple[str, str]] = []
    client = make_client(
        closed_port_url, ["pt-BR"], missing=lambda key, loc: seen.append((key, loc)) or "?"
    )
    assert client.get("absent") == "?"
    assert seen == [("absent", "pt-BR")]


def test_bad_constructor_arguments_are_refused_with_a_message(closed_port_url: str) -> None:
    with pytest.raises(ValueError, match="locales must name at least one locale"):
        DynamicStringsClient(closed_port_url, TOKEN, NS, [])
    with pytest.raises(ValueError, match="missing must be 'source', 'key' or a callable"):
        DynamicStringsClient(closed_port_url, TOKEN, NS, ["en"], missing="blank")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"jitter in \[0, 1\)"):
        DynamicStringsClient(closed_port_url, TOKEN, NS, ["en"], jitter=1.5)


# -- the disk copy -------------------------------------------------------------------------


def test_a_partial_temporary_file_from_a_crash_is_ignored(
    closed_port_url: str, make_client: Callable[..., DynamicStringsClient], tmp_path: Path
) -> None:
    path = copy_path(tmp_path, NS, "es-MX", False)
    write_copy(path, DiskCopy(NS, "es-MX", False, 3, '"home.es-MX.3"', {"a": "completo"}))
    (tmp_path / f".{path.name}.k2j4.tmp").write_text('{"format": 1, "namespace": "home", "ver')
    client = make_client(closed_port_url, ["es-MX"], cache_dir=tmp_path)
    client.start()

    assert client.get("a") == "completo"
    assert client.stats.locales["es-MX"].origin == "disk"


@pytest.mark.parametrize(
    "content",
    [
        '{"format": 1, "namespace": "home", "locale": "es-MX", "vers',  # truncated
        '{"format": 1, "namespace": "other", "locale": "es-MX", "approved_only": false,'
        ' "version": 3, "etag": null, "strings": {"a": "ajeno"}}',  # another namespace's
        '{"format": 2, "namespace": "home", "locale": "es-MX", "approved_only": false,'
        ' "version": 3, "etag": null, "strings": {"a": "futuro"}}',  # an unknown format
    ],
)
def test_an_unusable_disk_copy_is_ignored_and_the_client_starts_from_bundled_strings(
    closed_port_url: str,
    make_client: Callable[..., DynamicStringsClient],
    tmp_path: Path,
    content: str,
) -> None:
    copy_path(tmp_path, NS, "es-MX", False).write_text(content)
    client = make_client(closed_port_url, ["es-MX"], cache_dir=tmp_path, bundled={"es": {"a": "b"}})
    client.start()

    assert client.get("a") == "b"
    assert client.stats.locales["es-MX"].origin == "bundled"


def test_a_failed_write_leaves_the_previous_copy_and_no_temporary_file(tmp_path: Path) -> None:
    path = copy_path(tmp_path, NS, "es-MX", False)
    old = DiskCopy(NS, "es-MX", False, 1, None, {"a": "viejo"})
    write_copy(path, old)
    with pytest.raises(TypeError, match="not JSON serializable"):
        write_copy(path, DiskCopy(NS, "es-MX", False, 2, None, {"a": object()}))

    assert read_copy(path, NS, "es-MX", False) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"<html>proxy error</html>", "HTTP 200: body is not JSON"),
        ([1, 2], "HTTP 200: body is not a JSON object"),
        ({"version": "7", "strings": {}}, "HTTP 200: bundle without an integer version or strings"),
        (
            {"version": 7, "strings": ["a"]},
            "HTTP 200: bundle without an integer version or strings",
        ),
        (
            {"version": 7, "strings": {}, "deleted": "a"},
            "HTTP 200: 'deleted' is not a list of keys",
        ),
        (
            {"version": 7, "delta": True, "strings": {}},
            "HTTP 200: delta without an integer 'since'",
        ),
    ],
)
def test_a_200_that_breaks_the_contract_is_an_error_and_keeps_the_strings(
    server_url: str,
    fake: FakeBundleServer,
    make_client: Callable[..., DynamicStringsClient],
    body: Any,
    error: str,
) -> None:
    fake.publish("es-MX", {"a": "uno"})
    client = make_client(server_url, ["es-MX"])
    client.refresh()
    fake.script("es-MX", Scripted(200, {"Content-Type": "application/json"}, body))
    client.refresh()

    assert client.get("a") == "uno"
    assert client.stats.locales["es-MX"].last_error == error
    assert (client.stats.errors, client.stats.locales["es-MX"].version) == (1, 1)


def test_importing_i18n_lib_does_not_import_the_client_or_requests() -> None:
    code = (
        "import sys, i18n_lib; "
        "print(sorted(m for m in sys.modules if m in ('requests', 'i18n_lib.dynamic_strings')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]", result.stderr
