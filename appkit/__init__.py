"""Plumbing shared by the platform's Flask apps: settings, database, health, task queue, errors."""

from appkit.version import platform_version

__all__ = ["platform_version"]
