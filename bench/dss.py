"""Benchmark: DSS bundle delivery under gunicorn beside a bare Flask app serving the same bytes.

Seeds a fresh SQLite platform database with one namespace of N strings (default 10,000)
translated into es-MX, starts the service under gunicorn on loopback, fetches the es-MX
bundle once, then starts a bare Flask app (no database, no auth: the bundle's bytes and
headers from memory) under the same gunicorn settings. Then, in the same run:

1. bundle 200 (full) and 304 (``If-None-Match``) requests per second, service and bare app
   interleaved for ``--rounds`` rounds; the best round of each side and the ratio
   (goal: service >= 0.9x the bare app);
2. a load of ``--soak`` seconds (default 60) against the service, 9 conditional requests in
   10 and one full, bounded by time and by ``--soak-max`` requests: errors must be zero;
3. ``DynamicStringsClient.get(key, locale)`` lookups per second on one core, for a plain
   string without params, the client filled from the running service;
4. the bulk import: N new strings in one ``POST …/strings`` into a second namespace, then
   the same keys again with 1 in 10 changed and 1 in 50 left out under ``purge``, through
   the app in process (Flask's test client): seconds and SQL statements of each.

The load generator is ``wrk`` (Debian package ``wrk``) with a Lua script that counts and
bounds requests; without it a Python threaded generator is used (slower: it measures
itself as much as the server). Everything binds 127.0.0.1.

    .venv/bin/python bench/dss.py [--strings 10000] [--duration 10] [--rounds 3] [--soak 60]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import timeit
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from flask import Flask, Response, request

REPO = Path(__file__).resolve().parents[1]
# bench/ holds i18n_lib.py and catalog.py: keep this folder from shadowing those packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(REPO))

BIN = Path(sys.executable).parent
NAMESPACE = "bench"
LOCALE = "es-MX"


# -- the bare reference app (gunicorn loads it from this file) -----------------------------


def create_bare_app() -> Flask:
    """A Flask app answering the bundle route with fixed bytes and headers, 304 on a match."""
    body = Path(os.environ["DSS_BENCH_BODY"]).read_bytes()
    meta = json.loads(Path(os.environ["DSS_BENCH_META"]).read_text())
    etag, cache_control, content_type = meta["etag"], meta["cache_control"], meta["content_type"]
    app = Flask(__name__)

    @app.get("/api/v1/namespaces/<namespace>/bundles/<locale>")
    def bundle(namespace: str, locale: str) -> Response:
        headers = {"ETag": etag, "Cache-Control": cache_control}
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers=headers)
        return Response(body, 200, headers, content_type=content_type)

    return app


# -- setup -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def migrate(database_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(REPO / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def seed(database_url: str, count: int) -> str:
    """One namespace of ``count`` strings translated into es-MX, bundles built; a viewer token."""
    from sqlalchemy import select

    from dss_service import bulk, bundle_store, namespaces, review, strings
    from dss_service.auth import SYSTEM, create_token
    from dss_service.db import create_engine_for, session_factory, unit_of_work
    from dss_service.models import DynamicString

    engine = create_engine_for(database_url)
    with unit_of_work(session_factory(engine), lambda name, args: None) as session:
        namespace, _ = namespaces.put_namespace(
            session, SYSTEM, NAMESPACE, namespaces.NamespaceInput([LOCALE], "stale"), "en-US"
        )
        items = {
            f"screen{i // 100:03d}.label{i % 100:02d}": strings.StringInput(
                text=f"Label number {i} for {{name}}" if i % 10 == 0 else f"Label number {i}"
            )
            for i in range(count)
        }
        bulk.bulk_upsert(session, SYSTEM, namespace, items)
        query = select(DynamicString).where(DynamicString.namespace_id == namespace.id)
        for string in session.scalars(query):
            text = (string.text or "").replace("Label number", "Etiqueta número")
            review.store_translation(session, SYSTEM, string, LOCALE, text, origin="manual")
        bundle_store.touch(session, namespace, [(key, LOCALE) for key in items])
        bundle_store.rebuild(session, namespace)
        _, token = create_token(session, SYSTEM, "bench", "viewer")
    engine.dispose()
    return token


def bulk_import(database_url: str, work: Path, count: int) -> list[tuple[str, float, int]]:
    """(what, seconds, SQL statements) of two bulk upserts of ``count`` strings, in process."""
    from sqlalchemy import event

    from dss_service import create_app
    from dss_service.auth import SYSTEM, create_token
    from dss_service.settings import Settings
    from dss_service.web import transaction

    env = {
        "DATABASE_URL": database_url,
        "VAR_DIR": str(work),
        "BROKER_URL": "memory://",
        "RESULT_BACKEND": "cache+memory://",
        "DSS_MAX_BODY_BYTES": str(256 * 1024 * 1024),
    }
    app = create_app(Settings.from_env(env))
    with app.app_context(), transaction() as session:
        _, token = create_token(session, SYSTEM, "bench-import", "admin")
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    created = client.put(
        "/api/v1/namespaces/import",
        json={"target_locales": [LOCALE], "source_edit_policy": "stale"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    statements: list[str] = []
    engine = app.extensions["dss_engine"]
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    first = {f"page{i // 100:03d}.line{i % 100:02d}": {"text": f"Line {i}"} for i in range(count)}
    second = {
        key: {"text": f"Line {i} again"} if i % 10 == 0 else value
        for i, (key, value) in enumerate(first.items())
        if i % 50 != 1
    }
    figures = []
    for what, strings, purge in (("new", first, False), ("changed+purged", second, True)):
        statements.clear()
        began = time.perf_counter()
        answer = client.post(
            "/api/v1/namespaces/import/strings",
            json={"strings": strings, "purge": purge},
            headers=headers,
        )
        took = time.perf_counter() - began
        assert answer.status_code == 200, answer.text[:300]
        report = answer.json or {}
        counts = ", ".join(f"{len(report[name]):,} {name}" for name in ("created", "updated",
                           "unchanged", "deleted") if report[name])  # fmt: skip
        figures.append((f"{what} ({counts})", took, len(statements)))
    engine.dispose()
    return figures


@contextmanager
def gunicorn(
    app_spec: str,
    env: dict[str, str],
    workers: int,
    log: Path,
    ready_path: str = "/healthz",
    pythonpath: Path = REPO,
    threads: int = 1,
) -> Iterator[str]:
    """Run ``gunicorn app_spec`` on a free loopback port until the block ends; yield its URL."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--pythonpath",
        str(pythonpath),
        app_spec,
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:  # ready when a worker answers (a listening socket is not enough)
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app_spec} exited:\n{log.read_text()[-2000:]}")
            try:
                requests.get(url + ready_path, timeout=5)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {app_spec} did not answer in 120 s") from None
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- load generators --------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """What one load run measured."""

    requests: int
    seconds: float
    errors: int  # connection, read, write, timeout errors and statuses other than 200/304
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
local path, token, etag = "%(path)s", "%(token)s", '%(etag)s'
local full_every, limit = %(full_every)d, %(limit)d
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; seen = 0; bad = 0 end
function request()
  n = n + 1
  local headers = {["Authorization"] = "Bearer " .. token}
  if full_every == 0 or (full_every > 1 and n %% full_every ~= 0) then
    headers["If-None-Match"] = etag
  end
  return wrk.format("GET", path, headers)
end
function response(status, headers, body)
  seen = seen + 1
  if status ~= 200 and status ~= 304 then bad = bad + 1 end
  if limit > 0 and seen >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do bad_total = bad_total + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "us": %%d, "errors": %%d, "p50": %%d, "p99": %%d}\\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + bad_total,
    latency:percentile(50), latency:percentile(99)))
end
"""


def run_wrk(
    url: str, path: str, token: str, etag: str, *, full_every: int, seconds: float,
    connections: int, threads: int, limit: int = 0, work: Path,
) -> Load:  # fmt: skip
    """``full_every``: 1 = every request full, 0 = every request conditional, n = 1 in n full."""
    script = work / "bench.lua"
    per_thread = -(-limit // threads) if limit else 0
    script.write_text(
        WRK_SCRIPT
        % {
            "path": path,
            "token": token,
            "etag": etag,
            "full_every": full_every,
            "limit": per_thread,
        }
    )
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s"]
    command += ["--timeout", "5s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    return Load(
        data["requests"], data["us"] / 1e6, data["errors"], data["p50"] / 1e3, data["p99"] / 1e3
    )


def run_python_load(
    url: str, path: str, token: str, etag: str, *, full_every: int, seconds: float,
    connections: int, threads: int, limit: int = 0, work: Path,
) -> Load:  # fmt: skip
    """A threaded keep-alive HTTP load generator, for machines without wrk."""
    host, port = url.removeprefix("http://").split(":")
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    counts = {"requests": 0, "errors": 0}
    latencies: list[float] = []

    def worker() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        n, mine = 0, []
        while time.monotonic() < deadline:
            with lock:
                if limit and counts["requests"] >= limit:
                    break
                counts["requests"] += 1
            n += 1
            headers = {"Authorization": f"Bearer {token}"}
            if full_every == 0 or (full_every > 1 and n % full_every):
                headers["If-None-Match"] = etag
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status in (200, 304)
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=5)
            mine.append(time.perf_counter() - began)
            if not ok:
                with lock:
                    counts["errors"] += 1
        with lock:
            latencies.extend(mine)
        connection.close()

    began = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    took = time.monotonic() - began
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[int(p * (len(latencies) - 1))] * 1e3 if latencies else 0.0

    return Load(counts["requests"], took, counts["errors"], percentile(0.5), percentile(0.99))


# -- the run ----------------------------------------------------------------------------------


def client_lookups(
    url: str, token: str, served: dict[str, object], work: Path
) -> tuple[int, float, float, float]:
    """Fill a client from the service; lookups per second of one key, of every plain key in
    turn, and (the reference) of ``dict.get`` over the same keys in the same loop."""
    from i18n_lib.dynamic_strings import DynamicStringsClient

    client = DynamicStringsClient(url, token, NAMESPACE, [LOCALE], cache_dir=work / "client")
    client.refresh()
    plain = [key for key, value in served.items() if isinstance(value, str) and "{" not in value]
    get, key, locale = client.get, plain[len(plain) // 2], LOCALE
    assert get(key, locale) == served[key] and client.stats.misses == 0
    number = 2_000_000
    timer = {"get": get, "key": key, "locale": locale, "plain": plain, "raw": dict(served)}
    one = min(timeit.repeat("get(key, locale)", globals=timer, number=number, repeat=5))
    sweeps = max(1, number // len(plain))
    many = min(
        timeit.repeat("for k in plain: get(k, locale)", globals=timer, number=sweeps, repeat=5)
    )
    bare = min(timeit.repeat("for k in plain: raw.get(k)", globals=timer, number=sweeps, repeat=5))
    assert client.stats.misses == 0
    client.close()
    return len(served), number / one, sweeps * len(plain) / many, sweeps * len(plain) / bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strings", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per timed run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--soak", type=float, default=60.0, help="seconds of the error-free load")
    parser.add_argument("--soak-max", type=int, default=2_000_000, help="request cap of the soak")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="load generator threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both apps")
    parser.add_argument(
        "--gunicorn-threads", type=int, default=1, help="threads per worker (1: sync, as Procfile)"
    )
    parser.add_argument("--python-load", action="store_true", help="do not use wrk")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python_load
    load = run_wrk if use_wrk else run_python_load

    with tempfile.TemporaryDirectory(prefix="bench-dss-") as tmp:
        work = Path(tmp)
        database_url = f"sqlite:///{work / 'platform.sqlite3'}"
        env = {**os.environ, "VAR_DIR": str(work), "DATABASE_URL": database_url}
        began = time.monotonic()
        migrate(database_url)
        token = seed(database_url, args.strings)
        print(f"seeded {args.strings} strings in {time.monotonic() - began:.1f} s")
        for what, took, statements in bulk_import(database_url, work, args.strings):
            print(
                f"bulk import, one POST …/strings in process: {what} in {took:.2f} s,"
                f" {statements} SQL statements"
            )
        path = f"/api/v1/namespaces/{NAMESPACE}/bundles/{LOCALE}"
        with gunicorn(
            "dss_service:create_app()",
            env,
            args.workers,
            work / "dss.log",
            threads=args.gunicorn_threads,
        ) as dss:
            try:
                first = requests.get(
                    dss + path, headers={"Authorization": f"Bearer {token}"}, timeout=60
                )
            except requests.RequestException as exc:
                log = (work / "dss.log").read_text()[-3000:]
                raise SystemExit(f"bundle request failed: {exc}\n{log}") from None
            if first.status_code != 200:
                raise SystemExit(f"bundle answered {first.status_code}: {first.text[:300]}")
            etag = first.headers["ETag"]
            meta = {
                "etag": etag,
                "cache_control": first.headers.get("Cache-Control", ""),
                "content_type": first.headers.get("Content-Type", "application/json"),
            }
            (work / "body").write_bytes(first.content)
            (work / "meta.json").write_text(json.dumps(meta))
            bare_env = {
                **env,
                "DSS_BENCH_BODY": str(work / "body"),
                "DSS_BENCH_META": str(work / "meta.json"),
            }
            print(
                f"bundle: {len(first.content):,} bytes, {len(first.json()['strings']):,} strings,"
                f" ETag {etag}; load generator: {'wrk' if use_wrk else 'python threads'},"
                f" {args.connections} connections; gunicorn {args.workers} workers"
                f" x {args.gunicorn_threads} threads for both apps"
            )
            with gunicorn(
                "dss:create_bare_app()",
                bare_env,
                args.workers,
                work / "bare.log",
                path,
                REPO / "bench",
                args.gunicorn_threads,
            ) as bare:
                check = requests.get(bare + path, timeout=10)
                assert check.content == first.content and check.headers["ETag"] == etag
                best: dict[tuple[str, str], Load] = {}
                options = {"seconds": args.duration, "connections": args.connections,
                           "threads": args.threads, "work": work}  # fmt: skip
                for _ in range(args.rounds):
                    for kind, full_every in (("200", 1), ("304", 0)):
                        for side, url in (("dss", dss), ("bare", bare)):
                            result = load(url, path, token, etag, full_every=full_every, **options)
                            if result.errors:
                                raise SystemExit(f"{side} {kind}: {result.errors} errors")
                            if (side, kind) not in best or result.rps > best[side, kind].rps:
                                best[side, kind] = result
            print("\n| answer | service req/s | bare Flask req/s | ratio | p99 ms service / bare |")
            print("|---|---|---|---|---|")
            for kind in ("200", "304"):
                ours, ref = best["dss", kind], best["bare", kind]
                print(
                    f"| {kind} | {ours.rps:,.0f} | {ref.rps:,.0f} | {ours.rps / ref.rps:.2f}x"
                    f" | {ours.p99_ms:.1f} / {ref.p99_ms:.1f} |"
                )
            soak = load(
                dss, path, token, etag, full_every=10, seconds=args.soak,
                connections=args.connections, threads=args.threads, limit=args.soak_max, work=work,
            )  # fmt: skip
            print(
                f"\nsoak: {soak.requests:,} requests in {soak.seconds:.1f} s"
                f" ({soak.rps:,.0f}/s, 1 in 10 full), errors: {soak.errors},"
                f" p50 {soak.p50_ms:.1f} ms, p99 {soak.p99_ms:.1f} ms"
            )
            keys, one, many, raw = client_lookups(dss, token, first.json()["strings"], work)
        print(
            f"client: {keys:,} keys; get(key, locale) of a plain string: {one / 1e6:.2f} M/s"
            f" (one key), {many / 1e6:.2f} M/s (every key in turn; a bare dict.get in the same"
            f" loop: {raw / 1e6:.1f} M/s); goal 2 M/s per core"
        )
        if soak.errors:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
