"""GitHub-shaped API errors: a status, a ``message`` and a ``documentation_url``."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

DOCS = "https://docs.github.com/rest"


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        documentation_url: str = DOCS,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers or {}
        self.documentation_url = documentation_url


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def validation_failed(resource: str, field: str, message: str, code: str = "custom") -> ApiError:
    error = {"resource": resource, "code": code, "field": field, "message": message}
    return ApiError(422, "Validation Failed", errors=[error])


def error_response(error: ApiError) -> Response:
    body: dict[str, Any] = {"message": error.message, "documentation_url": error.documentation_url}
    if error.errors is not None:
        body["errors"] = error.errors
    body["status"] = str(error.status)
    response = jsonify(body)
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def register_api_errors(app: Flask) -> None:
    app.register_error_handler(ApiError, error_response)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        message = {404: "Not Found", 405: "Method Not Allowed"}.get(status, error.name)
        if status == 400:
            message = "Problems parsing JSON"
        if not request.path.startswith("/api/"):
            message = error.description or message
        return error_response(ApiError(status, message))
