"""Dynamic strings: per-locale state, applying bundle results to it, and when to poll next."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from i18n_lib._dynamic_http import BundleResult
from i18n_lib._dynamic_messages import Message, compile_value
from i18n_lib.locales import fallback_chain

__all__ = [
    "DEFAULT_BUILDING_WAIT",
    "LocaleState",
    "Outcome",
    "Timing",
    "jittered",
    "lookup_chain",
    "resolve_table",
    "settle",
]

Origin = Literal["bundled", "disk", "network"]
Outcome = Literal["changed", "unchanged", "building", "error"]
DEFAULT_BUILDING_WAIT = 1.0  # seconds, when a 202 comes without Retry-After


@dataclass(frozen=True)
class Timing:
    """The client's pacing: poll interval and jitter, 202 budget, error backoff."""

    poll_interval: float
    jitter: float
    max_wait_202: float
    backoff_base: float
    backoff_max: float


@dataclass
class LocaleState:
    """What the client holds of one polled locale's bundle, and its sync bookkeeping."""

    tag: str
    raw: dict[str, Any] = field(default_factory=dict)
    compiled: dict[str, Message] = field(default_factory=dict)
    version: int | None = None
    etag: str | None = None
    origin: Origin = "bundled"
    last_sync: float | None = None
    last_error: str | None = None
    failures: int = 0
    building_since: float | None = None
    next_due: float = 0.0

    def load(self, strings: Mapping[str, Any], version: int, etag: str | None) -> None:
        """Replace the strings with a full bundle."""
        self.raw = dict(strings)
        self.compiled = {key: compile_value(value) for key, value in self.raw.items()}
        self.version, self.etag = version, etag


def jittered(seconds: float, jitter: float, rand: Callable[[], float]) -> float:
    """Return ``seconds`` spread uniformly by ± ``jitter`` (a fraction).

    >>> jittered(60.0, 0.1, lambda: 1.0), jittered(60.0, 0.1, lambda: 0.0)
    (66.0, 54.0)
    """
    return seconds * (1.0 + jitter * (2.0 * rand() - 1.0))


def _failed(
    state: LocaleState,
    error: str,
    retry_after: float | None,
    now: float,
    timing: Timing,
    rand: Callable[[], float],
) -> Outcome:
    state.failures += 1
    backoff = min(timing.backoff_max, timing.backoff_base * 2.0 ** (state.failures - 1))
    delay = jittered(backoff, timing.jitter, rand)
    if retry_after is not None:
        delay = max(delay, retry_after)
    state.next_due = now + delay
    state.last_error = error
    return "error"


def _building(
    state: LocaleState, result: BundleResult, now: float, timing: Timing, rand: Callable[[], float]
) -> Outcome:
    if state.building_since is None:
        state.building_since = now
    waited = now - state.building_since
    if waited < timing.max_wait_202:
        wait = DEFAULT_BUILDING_WAIT if result.retry_after is None else result.retry_after
        state.next_due = now + min(wait, timing.max_wait_202 - waited)
        return "building"
    state.building_since = None
    error = f"bundle still building after {waited:g} s (max_wait_202)"
    return _failed(state, error, None, now, timing, rand)


def settle(
    state: LocaleState,
    result: BundleResult,
    now: float,
    timing: Timing,
    rand: Callable[[], float],
) -> Outcome:
    """Apply one bundle result to ``state`` and schedule its next poll; say what happened.

    A full bundle replaces the strings, a delta updates and deletes keys (a delta that does
    not start at the version held is refused and the version forgotten, so the next poll
    asks for a full bundle), a 304 keeps them. Errors back off exponentially with jitter
    and never sooner than ``Retry-After``; a 202 is retried per its ``Retry-After`` for at
    most ``max_wait_202`` seconds in a row, then counts as an error.
    """
    if result.kind == "building":
        return _building(state, result, now, timing, rand)
    state.building_since = None
    if result.kind in ("error", "retry_later"):
        error = result.error or result.kind
        return _failed(state, error, result.retry_after, now, timing, rand)
    changed = False
    if result.kind == "delta":
        if state.version is None or result.since != state.version:
            error = f"delta since {result.since} does not apply to version {state.version}"
            state.version = state.etag = None
            return _failed(state, error, None, now, timing, rand)
        for key in result.deleted:
            if key in state.raw:
                del state.raw[key], state.compiled[key]
                changed = True
        for key, value in result.strings.items():
            state.raw[key] = value
            state.compiled[key] = compile_value(value)
        changed = changed or bool(result.strings)
        state.version = result.version
    elif result.kind == "full":
        assert result.version is not None
        state.load(result.strings, result.version, result.etag)
        changed = True
    if result.kind != "not_modified":
        state.origin = "network"
    if result.etag:
        state.etag = result.etag
    state.failures, state.last_error, state.last_sync = 0, None, now
    state.next_due = now + jittered(timing.poll_interval, timing.jitter, rand)
    return "changed" if changed else "unchanged"


def lookup_chain(locale: str, source_locale: str) -> list[str]:
    """Return the locales a lookup in ``locale`` goes through, ending at the source's chain.

    >>> lookup_chain('es-MX', 'en-US')
    ['es-MX', 'es-419', 'es', 'en-US', 'en']
    """
    chain = fallback_chain(locale)
    return chain + [tag for tag in fallback_chain(source_locale) if tag not in chain]


def resolve_table(
    chain: Sequence[str], layers: Mapping[str, Mapping[str, Message]]
) -> dict[str, Message]:
    """Merge the layers of ``chain`` into one dict: the most specific locale wins per key.

    >>> resolve_table(['es-MX', 'es', 'en'], {'es': {'a': 'hola'}, 'en': {'a': 'hi', 'b': 'bye'}})
    {'a': 'hola', 'b': 'bye'}
    """
    table: dict[str, Message] = {}
    for tag in reversed(chain):
        layer = layers.get(tag)
        if layer:
            table.update(layer)
    return table
