"""The dynamic strings service's Celery app, built from its settings."""

from __future__ import annotations

from celery import Celery

from appkit.queue import make_celery
from dss_service.settings import Settings


def create_celery(settings: Settings | None = None) -> Celery:
    settings = settings or Settings.from_env()
    return make_celery("dss", settings.broker_url, settings.result_backend, ["dss_service.tasks"])
