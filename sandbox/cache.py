"""Representations cached until the next write: every non-GET request moves the state version."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any


class WriteVersionedCache:
    """Values computed for the current state version; a write makes them all stale.

    Writers call :meth:`bump` before and after changing state, so a value computed while a
    write was in flight is stored under a version that is already gone.

    >>> cache = WriteVersionedCache()
    >>> cache.get_or_compute("k", lambda: 1), cache.get_or_compute("k", lambda: 2)
    (1, 1)
    >>> cache.bump()
    >>> cache.get_or_compute("k", lambda: 3)
    3
    """

    def __init__(self, max_entries: int = 1024) -> None:
        self._version = 0
        self._values: dict[Hashable, Any] = {}
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def bump(self) -> None:
        with self._lock:
            self._version += 1
            self._values.clear()

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        version = self._version
        found = self._values.get((version, key), self)
        if found is not self:
            return found
        value = compute()
        with self._lock:
            if version == self._version and len(self._values) < self._max_entries:
                self._values[(version, key)] = value
        return value
