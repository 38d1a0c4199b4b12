"""Around every API request: authentication, injected faults, rate limits, headers and the log."""

from __future__ import annotations

import re
import time
import uuid
from functools import lru_cache

from flask import Flask, Response, g, jsonify, request

from sandbox.access import principal
from sandbox.auth import authenticate
from sandbox.errors import DOCS
from sandbox.faults import Fault
from sandbox.ratelimit import RateState
from sandbox.requestlog import LoggedRequest
from sandbox.settings import API_PREFIX
from sandbox.store import db, runtime

_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


@lru_cache(maxsize=512)
def route_template(rule: str | None) -> str:
    """The GitHub-style route of a URL rule, as used by faults and counters.

    >>> route_template("/api/v3/repositories/<int:repo_id>/pulls/<int:number>")
    '/repos/{owner}/{repo}/pulls/{number}'
    """
    if rule is None:
        return "unmatched"
    template = _PARAM.sub(r"{\1}", rule.removeprefix(API_PREFIX))
    return template.replace("/repositories/{repo_id}", "/repos/{owner}/{repo}", 1)


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def bump_on_write() -> None:
    """Any request that may change state (API or ``/_sandbox``) makes cached bodies stale."""
    if request.method not in READ_METHODS:
        runtime().representations.bump()


def _is_api() -> bool:
    return request.path.startswith(API_PREFIX + "/") or request.path == API_PREFIX


def before_api_request() -> Response | None:
    if not _is_api():
        return None
    g.started = time.perf_counter()
    g.route = route_template(request.url_rule.rule if request.url_rule else None)
    g.principal = authenticate(
        db(), request.headers.get("Authorization"), cache=runtime().credentials
    )
    fault = runtime().faults.take(request.method, g.route)
    if fault is not None:
        return _fault_response(fault)
    who = principal()
    key = who.label if who.kind != "anonymous" else f"ip:{request.remote_addr}"
    limiter, anonymous = runtime().limiter, who.kind == "anonymous"
    if g.route == "/rate_limit":  # as on GitHub, asking costs nothing
        g.rate = limiter.peek(key, anonymous=anonymous)
        return None
    state = limiter.consume(key, anonymous=anonymous)
    g.rate = state
    if state.exceeded:
        return _primary_limit_response(state)
    return None


def _primary_limit_response(state: RateState) -> Response:
    who = principal()
    subject = {
        "installation": f"installation ID {who.installation_id}",
        "user": f"user ID {who.user_id}",
        "app": f"app ID {who.app_id}",
    }.get(who.kind, request.remote_addr or "this address")
    response = jsonify(
        {
            "message": f"API rate limit exceeded for {subject}. If you reach out to GitHub Support "
            "for help, please include the request ID.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        }
    )
    response.status_code = 403
    return response


def _fault_response(fault: Fault) -> Response:
    response = jsonify({**fault.body(), "documentation_url": DOCS})
    response.status_code = fault.status
    response.headers.update(fault.headers())
    return response


def after_api_request(response: Response) -> Response:
    bump_on_write()
    if not _is_api():
        return response
    if "route" in g:
        # A fault injected "after": the request took effect but the client sees an error.
        late = runtime().faults.take(request.method, g.route, after=True)
        if late is not None:
            response = _fault_response(late)
    state = g.get("rate")
    if state is not None:
        response.headers.update(state.headers())
    response.headers["X-GitHub-Media-Type"] = "github.v3; format=json"
    response.headers["X-GitHub-Api-Version-Selected"] = "2022-11-28"
    response.headers["X-GitHub-Request-Id"] = uuid.uuid4().hex[:20].upper()
    who = principal()
    started = g.get("started", time.perf_counter())
    runtime().requests.record(
        LoggedRequest(
            at=time.time(),
            method=request.method,
            path=request.full_path.rstrip("?"),
            route=g.get("route") or route_template(None),
            status=response.status_code,
            actor=who.label,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
        )
    )
    return response


def install_pipeline(app: Flask) -> None:
    app.before_request(bump_on_write)
    app.before_request(before_api_request)
    app.after_request(after_api_request)
