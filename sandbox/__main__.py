"""``python -m sandbox serve --port PORT --data DIR``: the sandbox under an embedded gunicorn."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from sandbox.app import create_app
from sandbox.settings import Settings


class _Server(BaseApplication):  # type: ignore[misc]
    """Gunicorn with the gthread worker; one process, since limits and logs live in memory."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._app


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the sandbox GitHub API")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8004, help="port to bind (8004)")
    serve.add_argument(
        "--data",
        type=Path,
        default=None,
        help="state directory (SANDBOX_DATA_DIR, else $VAR_DIR/sandbox)",
    )
    serve.add_argument("--threads", type=int, default=8, help="worker threads (8)")
    return parser.parse_args(argv)


def serve(args: argparse.Namespace) -> None:
    settings = Settings.from_env()
    if args.data is not None:
        settings = settings.with_data_dir(args.data)
    app = create_app(settings)
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": args.threads,
        "timeout": 120,
        "graceful_timeout": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    _Server(app, options).run()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "serve":
        serve(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
