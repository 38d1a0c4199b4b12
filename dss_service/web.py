"""What every API view needs: the app's state, one transaction, the acting token, the JSON body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, request
from sqlalchemy.orm import Session, sessionmaker

from dss_service.auth import Actor, actor_for_token
from dss_service.bundle_cache import BundleCache
from dss_service.bundle_heads import FreshHeads
from dss_service.db import TaskSender, unit_of_work
from dss_service.errors import BadRequest, InvalidInput, Unauthorized
from dss_service.settings import Settings
from dss_service.translate import Runtime


@dataclass
class ServiceState:
    """Held in ``app.extensions["dss"]``: settings, sessions, the task sender, the bundle
    hot path's reader and cache."""

    settings: Settings
    sessions: sessionmaker[Session]
    send: TaskSender
    runtime: Runtime
    heads: FreshHeads
    cache: BundleCache = field(default_factory=BundleCache)
    cache_control: str = field(init=False)  # the bundles' Cache-Control header

    def __post_init__(self) -> None:
        self.cache_control = (
            f"public, max-age={self.settings.bundle_max_age},"
            f" stale-while-revalidate={self.settings.bundle_stale_seconds}"
        )


def service() -> ServiceState:
    state: ServiceState = current_app.extensions["dss"]
    return state


@contextmanager
def transaction() -> Iterator[Session]:
    """One transaction for the request: all of it is written, or none of it."""
    state = service()
    with unit_of_work(state.sessions, state.send) as session:
        yield session


def bearer_token() -> str:
    """The request's ``Authorization: Bearer`` token, else ``Unauthorized``."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("send an API token as 'Authorization: Bearer <token>'")
    return token


def bearer_actor(session: Session) -> Actor:
    """The actor of the request's bearer token, read in the request's transaction (never
    cached: a revoked token is refused by the next request)."""
    actor = actor_for_token(session, bearer_token())
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
