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


class RequestLog:
    def __init__(self, size: int) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=size)
        self._routes: Counter[str] = Counter()
        self._actors: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def record(self, entry: LoggedRequest) -> None:
        key = f"{entry.method} {entry.route}"
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
            return {
                "total": sum(self._routes.values()),
                "routes": dict(self._routes),
                "actors": per_actor,
            }

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._routes.clear()
            self._actors.clear()
