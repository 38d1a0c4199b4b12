"""Test harness: the stub as a real HTTP server (thread or process), a receiver, recorded sleeps."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from tms.stub.runtime import StubRuntime
from tms.stub.settings import Settings

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token"
SECRET = "test-callback-secret"
TEST_ENV = {
    "TMS_STUB_TOKENS": TOKEN,
    "TMS_STUB_CALLBACK_SECRET": SECRET,
    "TMS_STUB_TICK_SECONDS": "0.05",
    "TMS_STUB_CALLBACK_BACKOFF": "0.1",
    "TMS_STUB_CALLBACK_BACKOFF_MAX": "0.5",
    "TMS_STUB_CALLBACK_TIMEOUT": "2",
}


class ServerThread:
    def __init__(self, app: Any) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@dataclass
class ThreadStub:
    url: str
    runtime: StubRuntime


@dataclass
class RecordedSleep:
    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes


@dataclass
class CallbackReceiver:
    """An HTTP endpoint recording callbacks; it answers the planned statuses first, then 204."""

    url: str = ""
    deliveries: list[Delivery] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        with self.lock:
            status = self.failures.pop(0) if self.failures else 204
            if status == 204:
                self.deliveries.append(Delivery(dict(request.headers), request.get_data()))
        return Response(status=status)(environ, start_response)

    def wait_for(self, predicate: Callable[[list[Delivery]], bool], timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(list(self.deliveries)):
                    return
            time.sleep(0.05)
        raise AssertionError(f"callbacks never arrived; got {self.deliveries!r}")


def advance_clock(url: str, seconds: float) -> dict[str, Any]:
    """Move the stub's clock forward through the operator API; its ``{now, offsetSeconds}``."""
    response = requests.post(
        f"{url}/api/v1/operator/clock",
        json={"advanceSeconds": seconds},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    clock: dict[str, Any] = response.json()
    return clock


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class StubProcess:
    """``python -m tms.stub serve`` as a child process."""

    data: Path
    port: int
    extra_args: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)  # on top of TEST_ENV

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, **TEST_ENV, **self.env}
        command = [
            sys.executable,
            "-m",
            "tms.stub",
            "serve",
            "--port",
            str(self.port),
            "--data",
            str(self.data),
            *self.extra_args,
        ]
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):  # not serving yet (or slow)
                time.sleep(0.1)
        raise AssertionError("the stub process did not start")

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(20)
        self.process = None
        return code

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **TEST_ENV}
        return subprocess.run(
            [sys.executable, "-m", "tms.stub", *args, "--data", str(self.data)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


def with_faults(settings: Settings, **faults: Any) -> Settings:
    return settings.with_faults(replace(settings.faults, **faults))
