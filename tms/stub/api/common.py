"""What every API handler shares: the runtime, JSON bodies, bearer auth, faults, error bodies."""

from __future__ import annotations

import hmac
import time
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from tms.stub.errors import ApiError, invalid
from tms.stub.faults import PlannedFault
from tms.stub.runtime import StubRuntime

_STATUS_CODES = {
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def runtime() -> StubRuntime:
    stub: StubRuntime = current_app.extensions["tms_stub"]
    return stub


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise invalid("the body must be a JSON object")
    return body


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(error.body())
    response.status_code = error.status
    response.headers.update(headers or {})
    return response


def require_token() -> ResponseReturnValue | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    valid = scheme.lower() == "bearer" and any(
        hmac.compare_digest(token.encode(), known.encode()) for known in runtime().settings.tokens
    )
    if not valid:
        return error_response(
            ApiError(401, "unauthorized", "a valid Bearer token is required"),
            {"WWW-Authenticate": 'Bearer realm="tms-stub"'},
        )
    return None


def _fault_response(fault: PlannedFault) -> Response:
    code = _STATUS_CODES.get(fault.status, "injected_fault")
    headers = {}
    if fault.status == 429 or fault.retry_after_seconds is not None:
        headers["Retry-After"] = str(fault.retry_after_seconds or 1)
    return error_response(ApiError(fault.status, code, "injected fault"), headers)


class _VendorFaults:
    """Request hooks applying the runtime's faults to vendor endpoints."""

    def before(self) -> ResponseReturnValue | None:
        decision = runtime().faults.decide()
        if decision.delay_seconds:
            time.sleep(decision.delay_seconds)
        g.tms_fault_after = decision.after
        return _fault_response(decision.before) if decision.before else None

    def after(self, response: Response) -> Response:
        fault: PlannedFault | None = g.pop("tms_fault_after", None)
        return _fault_response(fault) if fault else response


vendor_faults = _VendorFaults()


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> ResponseReturnValue:
        return error_response(error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = (error.name or "error").lower().replace(" ", "_")
        return error_response(ApiError(error.code or 500, code, error.description or code))
