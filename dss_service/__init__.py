"""The dynamic strings service: strings that change without a deploy."""

from dss_service.app import create_app

__all__ = ["create_app"]
