"""Sandbox GitHub: a local stand-in for GitHub's REST API and webhooks, backed by real git."""

from sandbox.app import create_app

__all__ = ["create_app"]
