"""``POST /tms/callback``: the vendor's signed job notifications (verified, handled once)."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from dss_service.problems import problem
from dss_service.translate import receive_callback
from dss_service.web import json_response, service
from tms.client import SIGNATURE_HEADER


def callbacks_blueprint() -> Blueprint:
    blueprint = Blueprint("dss_callbacks", __name__)
    blueprint.add_url_rule("/tms/callback", view_func=_callback, methods=["POST"])
    return blueprint


def _callback() -> ResponseReturnValue:
    state = service()
    runtime = state.runtime
    result = receive_callback(
        runtime,
        request.get_data(),
        request.headers.get(SIGNATURE_HEADER),
        request.headers.get("X-TMS-Delivery"),
    )
    if result.status >= 400:
        return problem(result.status, result.detail)
    return json_response({"detail": result.detail}, result.status)
