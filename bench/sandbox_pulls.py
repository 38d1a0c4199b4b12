"""Requests per second the sandbox serves for ``GET /repos/{o}/{r}/pulls/{n}``.

Starts the sandbox as the Procfile does (``python -m sandbox serve --port P --data DIR``),
seeds a repository with an open pull request, then measures from a second process on loopback
(persistent HTTP/1.1 connections, a few threads, bounded by count and time). The reference is
``GET /healthz`` on the same server in the same run. Goal: at least 300 requests/s.

    .venv/bin/python bench/sandbox_pulls.py [--requests 3000] [--seconds 10] [--threads 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "serve", "--port", str(port), "--data", str(data)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the sandbox did not start")


def seed(base_url: str) -> tuple[str, str]:
    sys.path.insert(0, str(REPO_ROOT))
    from sandbox.client import SandboxClient

    client = SandboxClient(base_url)
    user = client.create_user("bench")
    client.create_repo("bench", "app", files={"README.md": "hello\n"})
    client.push("bench/app", "feature", {f"locales/en/{i}.json": "{}\n" for i in range(20)})
    import requests

    response = requests.post(
        f"{client.api_url}/repos/bench/app/pulls",
        timeout=10,
        headers={"Authorization": f"token {user['token']}"},
        json={"title": "bench", "head": "feature", "base": "main"},
    )
    response.raise_for_status()
    client.configure(rate_limit=10_000_000)
    return user["token"], f"/api/v3/repos/bench/app/pulls/{response.json()['number']}"


def load(port: int, path: str, token: str, count: int, seconds: float, threads: int) -> dict:
    """Run in the second process: hammer one path, return counts and elapsed time."""
    lock = threading.Lock()
    done = {"ok": 0, "failed": 0}
    remaining = [count]
    deadline = time.monotonic() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Authorization": f"token {token}", "Accept": "application/vnd.github+json"}
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            with lock:
                done["ok" if response.status == 200 else "failed"] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {**done, "elapsed": time.perf_counter() - started}


def measure(port: int, path: str, token: str, args: argparse.Namespace) -> dict:
    command = [
        sys.executable,
        __file__,
        "--load",
        str(port),
        path,
        token,
        "--requests",
        str(args.requests),
        "--seconds",
        str(args.seconds),
        "--threads",
        str(args.threads),
    ]
    output = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    ).stdout
    return json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--load", nargs=3, metavar=("PORT", "PATH", "TOKEN"))
    args = parser.parse_args()
    if args.load:
        port, path, token = args.load
        print(json.dumps(load(int(port), path, token, args.requests, args.seconds, args.threads)))
        return
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = start_server(port, Path(data))
        try:
            token, pull_path = seed(f"http://127.0.0.1:{port}")
            measure(
                port,
                pull_path,
                token,
                argparse.Namespace(requests=100, seconds=5, threads=args.threads),
            )  # warm up
            reference = measure(port, "/healthz", token, args)
            pulls = measure(port, pull_path, token, args)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    rate = pulls["ok"] / pulls["elapsed"]
    reference_rate = reference["ok"] / reference["elapsed"]
    print(
        f"GET {pull_path}: {pulls['ok']} ok, {pulls['failed']} failed in "
        f"{pulls['elapsed']:.2f} s -> {rate:.0f} requests/s ({args.threads} client threads)"
    )
    print(
        f"reference GET /healthz: {reference_rate:.0f} requests/s; "
        f"pulls/healthz = {rate / reference_rate:.2f}"
    )
    print(f"goal >= 300 requests/s: {'met' if rate >= 300 else 'NOT met'}")


if __name__ == "__main__":
    main()
