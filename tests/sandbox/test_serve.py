"""``python -m sandbox serve``: a real gunicorn process whose state survives a restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from sandbox.client import SandboxClient

REPO_ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(port: int, data: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "serve", "--port", str(port), "--data", str(data)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(process.communicate()[1].decode())


def _stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)  # also closes the stderr pipe
    return process.returncode


def test_serve_persists_state_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "state"
    process = _start(port, data)
    try:
        health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()
        assert (health["service"], health["status"]) == ("sandbox", "ok")
        client = SandboxClient(f"http://127.0.0.1:{port}")
        user = client.create_user("persisted")
        sha = client.create_repo("persisted", "kept", files={"a.txt": "a\n"})["head"]
    finally:
        assert _stop(process) == 0
    assert (data / "sandbox.sqlite3").exists()
    process = _start(port, data)
    try:
        response = requests.get(
            f"http://127.0.0.1:{port}/api/v3/repos/persisted/kept/git/ref/heads/main",
            headers={"Authorization": f"token {user['token']}"},
            timeout=5,
        )
        assert response.json()["object"]["sha"] == sha
    finally:
        assert _stop(process) == 0
