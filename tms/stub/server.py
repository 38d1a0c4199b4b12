"""Serve the stub under gunicorn (gthread worker), embedded so ``python -m tms.stub serve`` runs it.

One worker process with threads: the worker owns the background thread that advances jobs
and delivers callbacks, so a second process would only duplicate that work on one SQLite file.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from tms.stub.app import create_app
from tms.stub.settings import Settings


class StubServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        # Called in the worker after the fork, so the worker thread starts where it serves.
        return create_app(self.settings, start_worker=True)


def serve(settings: Settings, host: str, port: int, threads: int) -> None:
    """Run until SIGTERM or SIGINT; gunicorn finishes requests in flight, then exits."""
    options = {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
    }
    StubServer(settings, options).run()
