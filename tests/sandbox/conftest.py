"""Fixtures: a real sandbox HTTP server on a free port, a webhook receiver, and GitHub's spec."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, g, request
from werkzeug.serving import make_server

from sandbox import create_app
from sandbox.client import SandboxClient
from sandbox.settings import Settings

from .openapi import OpenApiChecker, load_checker

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CapturedResponse:
    method: str
    route: str
    path: str
    status: int
    body: Any


@dataclass
class RunningSandbox:
    url: str
    app: Flask
    client: SandboxClient
    captured: list[CapturedResponse] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/v3"


def _capture_into(app: Flask, captured: list[CapturedResponse]) -> None:
    @app.after_request
    def capture(response: Response) -> Response:
        if request.path.startswith("/api/v3") and response.mimetype == "application/json":
            captured.append(
                CapturedResponse(
                    request.method,
                    g.get("route", "unmatched"),
                    request.path,
                    response.status_code,
                    json.loads(response.get_data()),
                )
            )
        return response


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    data = tmp_path_factory.mktemp("sandbox-data")
    app = create_app(Settings(data_dir=data))
    captured: list[CapturedResponse] = []
    _capture_into(app, captured)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield RunningSandbox(url, app, SandboxClient(url), captured)
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def openapi() -> OpenApiChecker:
    """GitHub's description, required: `make corpora` fetches it, a missing file fails."""
    return load_checker(REPO_ROOT / "var" / "openapi" / "api.github.com.json")


@pytest.fixture
def sandbox(sandbox_server: RunningSandbox, openapi: OpenApiChecker) -> Iterator[RunningSandbox]:
    """The shared server; after the test, every API body it served is checked against the spec."""
    start = len(sandbox_server.captured)
    yield sandbox_server
    sandbox_server.client.clear_faults()
    sandbox_server.client.configure(
        rate_limit=5000, rate_limit_window_seconds=3600, token_ttl_seconds=3600
    )
    problems = openapi.check_all(sandbox_server.captured[start:])
    if problems:
        pytest.fail(
            "responses differ from GitHub's OpenAPI description:\n" + "\n".join(problems[:20]),
            pytrace=False,
        )


@dataclass
class ReceivedHook:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HookReceiver:
    url: str
    received: list[ReceivedHook]
    status: list[int]

    def of(self, event: str, action: str | None = None) -> list[ReceivedHook]:
        return [
            hook
            for hook in self.received
            if hook.headers.get("X-GitHub-Event") == event
            and (action is None or hook.json.get("action") == action)
        ]


@pytest.fixture
def hooks() -> Iterator[HookReceiver]:
    """An HTTP server recording every webhook POSTed to it."""
    received: list[ReceivedHook] = []
    status = [200]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            received.append(ReceivedHook(dict(self.headers.items()), self.rfile.read(length)))
            self.send_response(status[0])
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HookReceiver(f"http://127.0.0.1:{server.server_port}/webhook", received, status)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
