"""The static translation service: a GitHub App that translates pull requests."""

from sts_bot.app import create_app

__all__ = ["create_app"]
