"""Entry point of `celery -A dss_service.worker`: builds the Celery app on import."""

from dss_service.queue import create_celery

celery = create_celery()
