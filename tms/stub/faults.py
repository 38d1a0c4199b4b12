"""Faults injected on demand: random 5xx and 429, slow responses, dropped callbacks, careless work.

Besides the random rates, a *script* of planned faults answers the next vendor API requests
in order (e.g. two 503s then one 429), which makes retry tests exact. A scripted fault with
``after_processing`` lets the request do its work and then answers 503: the reply is lost
but the effect happened, which is what an idempotency key must survive.
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

from tms.stub.settings import FaultSettings


@dataclass(frozen=True)
class PlannedFault:
    status: int
    retry_after_seconds: int | None = None
    after_processing: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlannedFault:
        status = int(data["status"])
        if not 400 <= status <= 599:
            raise ValueError(f"a planned fault needs a 4xx or 5xx status, got {status}")
        retry_after = data.get("retryAfter")
        return cls(
            status,
            None if retry_after is None else int(retry_after),
            bool(data.get("afterProcessing", False)),
        )


@dataclass(frozen=True)
class FaultDecision:
    """What to do to one request: answer early, answer after the work, or wait first."""

    before: PlannedFault | None = None
    after: PlannedFault | None = None
    delay_seconds: float = 0.0


class Faults:
    """The live fault configuration of one stub process (thread-safe)."""

    def __init__(self, settings: FaultSettings) -> None:
        self._lock = threading.Lock()
        self._settings = settings
        self._random = random.Random(settings.seed)
        self._script: deque[PlannedFault] = deque()

    @property
    def settings(self) -> FaultSettings:
        return self._settings

    def configure(self, settings: FaultSettings, script: list[PlannedFault] | None = None) -> None:
        settings.validate()
        with self._lock:
            self._settings = settings
            self._random = random.Random(settings.seed)
            self._script = deque(script or [])

    def plan(self, *faults: PlannedFault) -> None:
        """Append faults that the next vendor API requests will meet, in order."""
        with self._lock:
            self._script.extend(faults)

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {
                "settings": asdict(self._settings),
                "script": [asdict(fault) for fault in self._script],
            }

    def decide(self) -> FaultDecision:
        with self._lock:
            if self._script:
                fault = self._script.popleft()
                return (
                    FaultDecision(after=fault)
                    if fault.after_processing
                    else FaultDecision(before=fault)
                )
            s = self._settings
            delay = s.slow_seconds if s.slow_seconds and self._random.random() < s.slow_rate else 0
            if s.error_rate and self._random.random() < s.error_rate:
                return FaultDecision(before=PlannedFault(503), delay_seconds=delay)
            if s.rate_limit_rate and self._random.random() < s.rate_limit_rate:
                limited = PlannedFault(429, s.retry_after_seconds)
                return FaultDecision(before=limited, delay_seconds=delay)
            return FaultDecision(delay_seconds=delay)

    def drop_callback(self) -> bool:
        with self._lock:
            rate = self._settings.drop_callback_rate
            return bool(rate) and self._random.random() < rate

    def careless(self, *parts: str) -> bool:
        """Whether the careless translator breaks this unit of work (stable for the same parts)."""
        rate = self._settings.careless_rate
        if not rate:
            return False
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < rate
