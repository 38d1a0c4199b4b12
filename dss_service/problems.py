"""Errors as RFC 9457 problem details (``application/problem+json``) for the API and callbacks."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from dss_service.errors import DssError, UnknownFields

PROBLEM_TYPE = "application/problem+json"
_API_PREFIXES = ("/api/", "/tms/")
DRAIN_LIMIT_BYTES = 16 * 1024 * 1024


def problem(status: int, detail: str, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_TYPE)


def from_error(error: DssError) -> Response:
    if isinstance(error, UnknownFields):
        return problem(error.status, error.detail, fields=error.fields)
    response = problem(error.status, error.detail)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="dss"'
    return response


def register_problem_errors(app: Flask) -> None:
    """Problem details for every error under /api/ and /tms/; other paths keep their handlers."""
    previous = app.error_handler_spec[None].get(None, {}).get(HTTPException)

    @app.errorhandler(DssError)
    def domain_error(error: DssError) -> Response:
        return from_error(error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if request.path.startswith(_API_PREFIXES) or previous is None:
            status = error.code or 500
            response = problem(status, _detail(error))
            if status == 405 and error.get_response().headers.get("Allow"):
                response.headers["Allow"] = error.get_response().headers["Allow"]
            return response
        return previous(error)


def _drain_refused_body() -> None:
    """Read (and drop) a refused body of moderate size before answering 413, so the client
    finishes sending and reads the answer instead of seeing the connection reset."""
    length = request.content_length or 0
    if length > DRAIN_LIMIT_BYTES:
        return
    stream = request.environ["wsgi.input"]
    while length > 0:
        chunk = stream.read(min(length, 65536))
        if not chunk:
            return
        length -= len(chunk)


def _detail(error: HTTPException) -> str:
    if error.code == 413:
        _drain_refused_body()
        limit = request.max_content_length
        return f"the request body is larger than the limit of {limit} bytes"
    if error.code == 404:
        return f"no such resource: {request.path}"
    if error.code == 405:
        return f"{request.method} is not allowed on {request.path}"
    return error.description or HTTP_STATUS_CODES.get(error.code or 500, "Error")
