"""Sessions for the service: one transaction per unit of work, tasks sent only after it commits."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from appkit.database import make_engine, make_session_factory

TaskSender = Callable[[str, tuple[Any, ...]], None]

_AFTER_COMMIT = "dss_after_commit"


def create_engine_for(url: str) -> Engine:
    """The platform engine, with JSON stored as UTF-8 text so searches see real characters."""
    return make_engine(url, json_serializer=lambda value: json.dumps(value, ensure_ascii=False))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


def enqueue_after_commit(session: Session, task_name: str, *args: Any) -> None:
    """Send ``task_name(*args)`` once the session's transaction commits (never on rollback)."""
    pending: list[tuple[str, tuple[Any, ...]]] = session.info.setdefault(_AFTER_COMMIT, [])
    if (task_name, args) not in pending:
        pending.append((task_name, args))


@contextmanager
def unit_of_work(factory: sessionmaker[Session], send: TaskSender) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error; then send queued tasks."""
    session = factory()
    try:
        yield session
        session.commit()
        tasks: list[tuple[str, tuple[Any, ...]]] = session.info.pop(_AFTER_COMMIT, [])
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    for name, args in tasks:
        send(name, args)
