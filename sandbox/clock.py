"""The sandbox's clock: wall time plus an offset that tests advance (``/_sandbox/clock``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import current_app, has_app_context


class Clock:
    """Seconds since the epoch, as the sandbox sees them; only ever moves forward."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0
        self._lock = threading.Lock()

    @property
    def offset(self) -> float:
        """How far the clock was advanced past its source."""
        return self._offset

    def now(self) -> float:
        return self._source() + self._offset

    def advance(self, seconds: float) -> float:
        """Move the clock ``seconds`` (>= 0) forward; the new time."""
        if seconds < 0:
            raise ValueError("a clock only moves forward: advance_seconds must be >= 0")
        with self._lock:
            self._offset += seconds
        return self.now()


def now() -> float:
    """The current app's clock inside a request (``Settings.clock``), else the wall clock."""
    if has_app_context():
        runtime = current_app.extensions.get("sandbox")
        if runtime is not None:
            return runtime.settings.clock.now()  # type: ignore[no-any-return]
    return time.time()
