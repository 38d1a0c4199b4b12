"""Primary rate limits per token: a budget per window, and the ``X-RateLimit-*`` headers."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sandbox import clock

ANONYMOUS_LIMIT = 60


@dataclass(frozen=True)
class RateState:
    limit: int
    used: int
    reset: int
    resource: str = "core"
    exceeded: bool = False

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
            "X-RateLimit-Used": str(self.used),
            "X-RateLimit-Resource": self.resource,
        }


class RateLimiter:
    """Counts requests per key in fixed windows; thread-safe, in memory (one server process)."""

    def __init__(self, limit: int, window_seconds: int) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def configure(self, limit: int | None = None, window_seconds: int | None = None) -> None:
        with self._lock:
            if limit is not None:
                self.limit = limit
            if window_seconds is not None:
                self.window_seconds = window_seconds
            self._windows.clear()

    def consume(self, key: str, *, anonymous: bool = False, now: float | None = None) -> RateState:
        """Count one request; ``exceeded`` when the budget was already spent."""
        now = clock.now() if now is None else now
        limit = ANONYMOUS_LIMIT if anonymous else self.limit
        with self._lock:
            start, used = self._windows.get(key, (now, 0))
            if now >= start + self.window_seconds:
                start, used = now, 0
            exceeded = used >= limit
            if not exceeded:
                used += 1
            self._windows[key] = (start, used)
        return RateState(limit, used, int(start + self.window_seconds + 0.999), exceeded=exceeded)

    def peek(self, key: str, *, anonymous: bool = False, now: float | None = None) -> RateState:
        now = clock.now() if now is None else now
        limit = ANONYMOUS_LIMIT if anonymous else self.limit
        with self._lock:
            start, used = self._windows.get(key, (now, 0))
        if now >= start + self.window_seconds:
            start, used = now, 0
        return RateState(limit, used, int(start + self.window_seconds + 0.999))
