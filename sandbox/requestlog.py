"""The request log and counters per route and per token, read through ``/_sandbox/requests``."""

from __future__ import annotations

import threading
from collections import Counter, deque
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class LoggedRequest:
    at: float
    method: str
    path: str
    route: str
    status: int
    actor: str
    duration_ms: float


GIT_ROUTE_PREFIX = "git "


def is_git_route(route: str) -> bool:
    """Git smart-HTTP requests, counted apart from REST calls (they spend no rate limit)."""
    return route.startswith(GIT_ROUTE_PREFIX)


class RequestLog:
    def __init__(self, size: int) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=size)
        self._routes: Counter[str] = Counter()
        self._actors: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def record(self, entry: LoggedRequest) -> None:
        # Git's smart HTTP routes already name their method ("git GET /{owner}/{repo}.git/…").
        key = entry.route if is_git_route(entry.route) else f"{entry.method} {entry.route}"
        with self._lock:
            self._entries.append(entry)
            self._routes[key] += 1
            self._actors[(entry.actor, key)] += 1

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(entry) for entry in self._entries]

    def counters(self) -> dict[str, Any]:
        with self._lock:
            per_actor: dict[str, dict[str, int]] = {}
            for (actor, route), count in self._actors.items():
                per_actor.setdefault(actor, {})[route] = count
            git = sum(count for key, count in self._routes.items() if is_git_route(key))
            total = sum(self._routes.values())
            return {
                "total": total,
                "rest_total": total - git,
                "git_total": git,
                "routes": dict(self._routes),
                "actors": per_actor,
            }

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._routes.clear()
            self._actors.clear()
