"""When to try a vendor call again, and how long to wait: exponential backoff with jitter.

>>> policy = RetryPolicy(max_retries=3, backoff_base=1.0, backoff_max=5.0)
>>> [policy.ceiling(n) for n in range(4)]
[1.0, 2.0, 4.0, 5.0]
>>> parse_retry_after("7")
7.0
>>> parse_retry_after("soon") is None
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "parse_retry_after"]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` retries after the first try; waits double from ``backoff_base``."""

    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0  # a longer Retry-After is not waited for: the call fails

    def ceiling(self, retry: int) -> float:
        return float(min(self.backoff_max, self.backoff_base * 2**retry))

    def backoff(self, retry: int, rng: random.Random) -> float:
        """The wait before retry number ``retry`` (0-based): "equal jitter" in [c/2, c]."""
        ceiling = self.ceiling(retry)
        return rng.uniform(ceiling / 2, ceiling)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
