"""Entry point of `celery -A sts_bot.worker`: the one module building a Celery app on import."""

from sts_bot.queue import create_celery

celery = create_celery()
