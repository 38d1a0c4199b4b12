"""Entry point for ``celery -A sts_bot.worker worker``: the one place the Celery app is built at import."""

from sts_bot.queue import create_celery

celery = create_celery()
