"""The stub's clock: wall time plus an offset the operator advances; it survives restarts."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path


class Clock:
    """Naive-UTC time as the stub sees it (progress, callback retries); moves forward only.

    The offset is kept in ``path`` (when given), so a restarted stub keeps the time it had.
    """

    def __init__(self, path: Path | None = None, source: Callable[[], float] = time.time) -> None:
        self._path = path
        self._source = source
        self._lock = threading.Lock()
        self._offset = 0.0
        if path is not None and path.is_file():
            self._offset = float(json.loads(path.read_text())["offset_seconds"])

    @property
    def offset(self) -> float:
        """How far the clock was advanced past its source, in seconds."""
        return self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._source() + self._offset, UTC).replace(tzinfo=None)

    def advance(self, seconds: float) -> datetime:
        """Move the clock ``seconds`` (>= 0) forward; the new time."""
        if seconds < 0:
            raise ValueError("a clock only moves forward: advance_seconds must be >= 0")
        with self._lock:
            self._offset += seconds
            if self._path is not None:
                self._path.write_text(json.dumps({"offset_seconds": self._offset}))
        return self.now()
