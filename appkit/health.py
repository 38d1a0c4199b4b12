"""``GET /healthz``: version and database reachability, as JSON, for every app."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from appkit.version import platform_version


def health_blueprint(service: str, database_ok: Callable[[], bool]) -> Blueprint:
    """A blueprint answering 200 when the database is reachable, 503 otherwise."""
    blueprint = Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz() -> ResponseReturnValue:
        reachable = database_ok()
        body = {
            "service": service,
            "status": "ok" if reachable else "degraded",
            "version": platform_version(),
            "database": "reachable" if reachable else "unreachable",
        }
        return jsonify(body), 200 if reachable else 503

    return blueprint
