"""The stub's HTTP API: vendor endpoints under ``/api/v1``, operator ones under ``operator/``."""

from __future__ import annotations

from flask import Blueprint, Flask

from tms.stub.api import glossary, jobs, operator, projects, questions, style_guides, translations
from tms.stub.api.common import install_error_handlers, require_token, vendor_faults


def register_api(app: Flask) -> None:
    vendor = Blueprint("vendor", __name__, url_prefix="/api/v1")
    vendor.before_request(require_token)
    vendor.before_request(vendor_faults.before)
    vendor.after_request(vendor_faults.after)
    for module in (projects, glossary, style_guides, jobs, translations, questions):
        vendor.register_blueprint(module.blueprint)
    operator_api = Blueprint("operator_api", __name__, url_prefix="/api/v1/operator")
    operator_api.before_request(require_token)
    operator_api.register_blueprint(operator.blueprint)
    # The operator blueprint first: its paths would otherwise be tried as vendor paths.
    app.register_blueprint(operator_api)
    app.register_blueprint(vendor)
    install_error_handlers(app)
