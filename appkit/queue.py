"""Celery apps: the SQLAlchemy transport on SQLite by default, Redis when ``BROKER_URL`` says so."""

from __future__ import annotations

from collections.abc import Sequence

from celery import Celery


def make_celery(
    name: str, broker_url: str, result_backend: str, task_modules: Sequence[str] = ()
) -> Celery:
    """Build a Celery app. Creating it connects to nothing; workers and ``.delay()`` do."""
    app = Celery(name, broker=broker_url, backend=result_backend, include=list(task_modules))
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        result_extended=True,
    )
    app.conf.task_default_queue = name
    if broker_url.startswith("sqla+"):
        # The SQLAlchemy transport hands broker_transport_options to create_engine, so only
        # engine arguments belong there (no polling_interval).
        app.conf.broker_transport_options = {"connect_args": {"timeout": 30}}
    return app
