"""Injectable faults: secondary rate limits (403/429, with or without Retry-After) and 5xx."""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)


@dataclass
class Fault:
    """Answer ``status`` to requests matching ``method`` and ``route`` (``*`` matches all)."""

    id: int
    kind: str  # "secondary" | "error"
    status: int
    method: str = "*"
    route: str = "*"
    times: int | None = 1  # None: until removed
    retry_after: int | None = None
    after: bool = False  # answer the fault only after the request did its work
    hits: int = 0

    def matches(self, method: str, route: str, after: bool) -> bool:
        return self.after == after and self.method in ("*", method) and self.route in ("*", route)

    def body(self) -> dict[str, Any]:
        if self.kind == "secondary":
            return {"message": SECONDARY_MESSAGE}
        return {"message": "Server Error"}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}


@dataclass
class FaultBook:
    faults: list[Fault] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, spec: dict[str, Any]) -> Fault:
        kind = str(spec.get("kind", "error"))
        if kind not in ("secondary", "error"):
            raise ValueError("kind must be 'secondary' or 'error'")
        status = int(spec.get("status", 403 if kind == "secondary" else 502))
        if kind == "secondary" and status not in (403, 429):
            raise ValueError("a secondary rate limit answers 403 or 429")
        if kind == "error" and not 500 <= status <= 599:
            raise ValueError("an injected error answers a 5xx status")
        retry_after = spec.get("retry_after")
        times = spec.get("times", 1)
        with self._lock:
            fault = Fault(
                id=next(self._ids),
                kind=kind,
                status=status,
                method=str(spec.get("method", "*")).upper(),
                route=str(spec.get("route", "*")),
                times=None if times is None else int(times),
                retry_after=None if retry_after is None else int(retry_after),
                after=bool(spec.get("after", False)),
            )
            self.faults.append(fault)
        return fault

    def take(self, method: str, route: str, *, after: bool = False) -> Fault | None:
        """The first fault matching this request, consuming one of its ``times``."""
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, route, after):
                    fault.hits += 1
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self.faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(fault) for fault in self.faults]
