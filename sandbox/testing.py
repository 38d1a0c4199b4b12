"""Test helpers shared by every test package: the sandbox GitHub served in a thread.

Only tests import this module (like ``sandbox`` itself, it never ships in production code).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from sandbox.app import create_app
from sandbox.client import SandboxClient
from sandbox.settings import Settings


@dataclass
class ServedSandbox:
    """A sandbox app listening on a free loopback port."""

    url: str
    app: Flask
    client: SandboxClient

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/v3"


@contextmanager
def serve_sandbox(data_dir: Path, settings: Settings | None = None) -> Iterator[ServedSandbox]:
    """Serve a sandbox whose state lives under ``data_dir`` until the block ends."""
    app = create_app(settings or Settings(data_dir=data_dir))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield ServedSandbox(url, app, SandboxClient(url))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
