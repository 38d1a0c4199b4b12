"""What every API view needs: the app's state, one transaction, the acting token, the JSON body."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, request
from sqlalchemy.orm import Session, sessionmaker

from dss_service.auth import Actor, actor_for_token
from dss_service.db import TaskSender, unit_of_work
from dss_service.errors import BadRequest, InvalidInput, Unauthorized
from dss_service.settings import Settings
from dss_service.translate import Runtime

TOKEN_CACHE_SECONDS = 10.0


@dataclass
class ServiceState:
    """Held in ``app.extensions["dss"]``: settings, sessions, the task sender, small caches."""

    settings: Settings
    sessions: sessionmaker[Session]
    send: TaskSender
    runtime: Runtime
    token_cache: dict[str, tuple[float, Actor | None]] = field(default_factory=dict)
    body_cache: dict[tuple[int, int, str], bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def service() -> ServiceState:
    state: ServiceState = current_app.extensions["dss"]
    return state


@contextmanager
def transaction() -> Iterator[Session]:
    """One transaction for the request: all of it is written, or none of it."""
    state = service()
    with unit_of_work(state.sessions, state.send) as session:
        yield session


def bearer_actor(session: Session) -> Actor:
    """The actor of the request's ``Authorization: Bearer`` token, else ``Unauthorized``."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send an API token as 'Authorization: Bearer <token>'")
    token = token.strip()
    state = service()
    now = time.monotonic()
    with state.lock:
        cached = state.token_cache.get(token)
    if cached is not None and now - cached[0] < TOKEN_CACHE_SECONDS:
        actor = cached[1]
    else:
        actor = actor_for_token(session, token)
        with state.lock:
            if len(state.token_cache) > 1000:
                state.token_cache.clear()
            state.token_cache[token] = (now, actor)
    if actor is None:
        raise Unauthorized("the API token is unknown or revoked")
    return actor


def json_body() -> dict[str, Any]:
    """The request body as a JSON object: 400 when malformed, 422 when not an object."""
    data = request.get_data(cache=True)  # 413 past MAX_CONTENT_LENGTH
    if not data.strip():
        raise BadRequest("the request needs a JSON body")
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"malformed JSON: {error}") from None
    if not isinstance(body, dict):
        raise InvalidInput("the JSON body must be an object")
    return body


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    data = json.dumps(body, ensure_ascii=False)
    return Response(data, status=status, mimetype="application/json", headers=headers)
