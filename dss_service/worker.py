"""Entry point for ``celery -A dss_service.worker worker``: the one place the Celery app is built at import."""

from dss_service.queue import create_celery

celery = create_celery()
