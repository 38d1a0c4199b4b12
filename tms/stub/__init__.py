"""A stand-in for the partner TMS vendor: its jobs API, translators, callbacks and faults."""

from tms.stub.app import create_app

__all__ = ["create_app"]
