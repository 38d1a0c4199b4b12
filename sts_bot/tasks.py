"""The GitHub App's background tasks."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="sts.ping")
def ping() -> str:
    """Answer ``pong``: proves a worker consumes this service's queue."""
    return "pong"
