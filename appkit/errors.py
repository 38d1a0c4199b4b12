"""JSON bodies for HTTP errors, so API clients always get ``{"error": ..., "message": ...}``."""

from __future__ import annotations

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException


def register_json_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        body = {
            "error": (error.name or "error").lower().replace(" ", "_"),
            "message": error.description,
        }
        return jsonify(body), error.code or 500
