"""A polling client of the dynamic strings service: lookups from memory that never raise.

Import it explicitly (``from i18n_lib.dynamic_strings import DynamicStringsClient``); the
package does not, so ``import i18n_lib`` does not pay for ``requests``.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal

import requests

from i18n_lib._dynamic_disk import DiskCopy, copy_path, read_copy, write_copy
from i18n_lib._dynamic_http import BundleResult, bundle_url, fetch_bundle
from i18n_lib._dynamic_messages import Message, compile_value, render
from i18n_lib._dynamic_state import (
    LocaleState,
    Timing,
    lookup_chain,
    resolve_table,
    settle,
)
from i18n_lib.locales import parse_tag

__all__ = ["ClientStats", "DynamicStringsClient", "LocaleSync", "MissingPolicy"]

MissingPolicy = Literal["source", "key"] | Callable[[str, str], str]
_MAX_TABLES = 64  # locales resolved and kept; more are resolved per lookup
_MAX_ALIASES = 256  # spellings of locale arguments remembered for the one-get path


@dataclass(frozen=True)
class LocaleSync:
    """Where one polled locale's strings stand."""

    version: int | None  # the bundle version held; None while only bundled strings exist
    etag: str | None
    origin: Literal["bundled", "disk", "network"]
    last_sync: float | None  # clock time of the last 200/304, None before the first
    last_error: str | None  # the error of the last poll, None after a success


@dataclass(frozen=True)
class ClientStats:
    """Counters since the client was made (lookups counted without a lock: approximate)."""

    hits: int
    misses: int
    errors: int
    locales: dict[str, LocaleSync]


def _tag(locale: str) -> str:
    return str(parse_tag(locale))


class DynamicStringsClient:
    """Strings of one namespace of the dynamic strings service, kept in memory and polled.

    ``locales`` are polled (the first is the default of :meth:`get`); any other locale is
    answered through its CLDR fallback chain over the locales held, then the source
    locale. ``bundled`` (locale → key → value, as shipped with the app) is the layer under
    the service's strings. ``missing`` says what a failed lookup returns: ``"source"`` (the
    source text, else the key), ``"key"``, or a callable ``(key, locale) -> str``.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        namespace: str,
        locales: Sequence[str],
        *,
        source_locale: str = "en-US",
        cache_dir: str | os.PathLike[str] | None = None,
        bundled: Mapping[str, Mapping[str, object]] | None = None,
        poll_interval: float = 60.0,
        jitter: float = 0.1,
        timeout: float = 2.0,
        max_wait_202: float = 30.0,
        missing: MissingPolicy = "source",
        approved_only: bool = False,
        backoff_base: float = 1.0,
        backoff_max: float = 300.0,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], object] | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if not locales:
            raise ValueError("locales must name at least one locale to poll")
        if not (missing in ("source", "key") or callable(missing)):
            raise ValueError(f"missing must be 'source', 'key' or a callable, not {missing!r}")
        if poll_interval <= 0 or timeout <= 0 or not 0 <= jitter < 1:
            raise ValueError("poll_interval and timeout must be > 0 and jitter in [0, 1)")
        self._base_url, self._token, self._namespace = base_url, token, namespace
        self._source = _tag(source_locale)
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._timeout, self._approved_only, self._missing = timeout, approved_only, missing
        self._timing = Timing(poll_interval, jitter, max_wait_202, backoff_base, backoff_max)
        self._owns_session = session is None
        self._session = session or requests.Session()
        self._clock, self._rand = clock, rand
        self._stop = threading.Event()
        self._sleep = sleep or self._stop.wait
        self._thread: threading.Thread | None = None
        self._poll_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._hits = self._misses = self._errors = 0

        tags = list(dict.fromkeys(_tag(locale) for locale in locales))
        self._default = tags[0]
        self._states = {tag: LocaleState(tag) for tag in tags}
        self._first_attempt = {tag: threading.Event() for tag in tags}
        self._bundled: dict[str, dict[str, Message]] = {}
        for locale, strings in (bundled or {}).items():
            layer = self._bundled.setdefault(_tag(locale), {})
            layer.update((key, compile_value(value)) for key, value in strings.items())
        self._layers: dict[str, dict[str, Message]] = dict(self._bundled)
        self._built: dict[str, dict[str, Message]] = {tag: {} for tag in [*tags, self._source]}
        self._aliases: dict[str | None, str] = {None: self._default}
        for locale in locales:
            self._aliases[locale] = _tag(locale)
        self._aliases.update((tag, tag) for tag in self._built)
        self._tables: dict[str | None, dict[str, Message]] = {}
        self._rebuild()

    # -- lookups ---------------------------------------------------------------------------

    def get(self, key: str, locale: str | None = None, **params: object) -> str:
        """Return the text of ``key`` in ``locale`` (default: the first polled locale).

        ``{name}`` placeholders take ``params`` (numbers formatted for the locale), a plural
        value picks its form by ``count``. Never raises: a missing key, a missing or bad
        parameter or a malformed value answers per the ``missing`` policy and counts a miss.
        """
        table = self._tables.get(locale)
        if table is not None and not params:
            value = table.get(key)
            if type(value) is str:
                self._hits += 1
                return value
        return self._lookup(key, locale, params)

    def _lookup(self, key: str, locale: str | None, params: Mapping[str, object]) -> str:
        try:
            table, tag = self._table_for(locale)
            message = table.get(key)
            if message is not None:
                text = render(message, params, tag)
                self._hits += 1
                return text
        except Exception:  # a lookup never raises: bad locale, params or value are misses
            pass
        self._misses += 1
        return self._fallback(key, locale, params)

    def _fallback(self, key: str, locale: str | None, params: Mapping[str, object]) -> str:
        policy = self._missing
        try:
            if policy == "source":
                message = self._built[self._source].get(key)
                return key if message is None else render(message, params, self._source)
            if callable(policy):
                text = policy(key, locale or self._default)
                return text if isinstance(text, str) else key
        except Exception:  # the policy's own failure still must not reach the caller
            pass
        return key

    def _table_for(self, locale: str | None) -> tuple[dict[str, Message], str]:
        tag = self._aliases.get(locale)
        if tag is not None:
            return self._built[tag], tag
        tag = _tag(locale or self._default)
        with self._write_lock:
            table = self._built.get(tag)
            if table is None:
                table = resolve_table(lookup_chain(tag, self._source), self._layers)
                if len(self._built) >= _MAX_TABLES:
                    return table, tag  # resolved for this lookup only
                self._built = {**self._built, tag: table}
            if len(self._aliases) < _MAX_ALIASES:
                self._aliases[locale] = tag
                self._tables = {**self._tables, locale: table}
        return table, tag

    # -- state -----------------------------------------------------------------------------

    def _rebuild(self) -> None:
        """Resolve every kept table again from the layers and swap them in (one assignment)."""
        with self._write_lock:
            built = {
                tag: resolve_table(lookup_chain(tag, self._source), self._layers)
                for tag in self._built
            }
            self._built = built
            self._tables = {alias: built[tag] for alias, tag in self._aliases.items()}

    def _publish(self, state: LocaleState) -> None:
        with self._write_lock:
            self._layers = {
                **self._layers,
                state.tag: {**self._bundled.get(state.tag, {}), **state.compiled},
            }
        self._rebuild()

    def _disk_path(self, tag: str) -> Path | None:
        if self._cache_dir is None:
            return None
        return copy_path(self._cache_dir, self._namespace, tag, self._approved_only)

    def _load_disk(self, state: LocaleState) -> bool:
        path = self._disk_path(state.tag)
        if path is None:
            return False
        copy = read_copy(path, self._namespace, state.tag, self._approved_only)
        if copy is None:
            return False
        state.load(copy.strings, copy.version, copy.etag)
        state.origin = "disk"
        self._publish(state)
        return True

    def _save_disk(self, state: LocaleState) -> None:
        path = self._disk_path(state.tag)
        if path is None or state.version is None:
            return
        copy = DiskCopy(
            self._namespace, state.tag, self._approved_only, state.version, state.etag, state.raw
        )
        try:
            write_copy(path, copy)
        except OSError as exc:
            self._errors += 1
            state.last_error = f"disk copy not written: {exc}"

    # -- polling ---------------------------------------------------------------------------

    def _fetch(self, state: LocaleState) -> BundleResult:
        return fetch_bundle(
            self._session,
            bundle_url(self._base_url, self._namespace, state.tag),
            self._token,
            etag=state.etag,
            since=state.version,
            approved_only=self._approved_only,
            timeout=self._timeout,
            now=self._clock(),
        )

    def _poll(self, state: LocaleState) -> None:
        with self._poll_lock:
            try:
                outcome = settle(state, self._fetch(state), self._clock(), self._timing, self._rand)
                if outcome == "error":
                    self._errors += 1
                elif outcome == "changed":
                    self._publish(state)
                    self._save_disk(state)
            except Exception as exc:  # keep polling whatever happens in one round
                self._errors += 1
                state.last_error = f"{type(exc).__name__}: {exc}"
                state.next_due = self._clock() + self._timing.backoff_max
            finally:
                self._first_attempt[state.tag].set()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = self._clock()
            due = [state for state in self._states.values() if state.next_due <= now]
            for state in sorted(due, key=lambda state: state.version is not None):
                if self._stop.is_set():  # locales with no strings yet go first
                    return
                self._poll(state)
            wait = min(state.next_due for state in self._states.values()) - self._clock()
            if wait > 0 and not self._stop.is_set():
                self._sleep(wait)

    def refresh(self) -> None:
        """Poll every locale once now, in the calling thread (each request within ``timeout``)."""
        for state in self._states.values():
            self._poll(state)

    def start(self) -> None:
        """Load the disk copies, start polling, and wait (at most ``timeout`` per locale)
        for the first answer of each locale that had no disk copy."""
        if self._thread is not None:
            return
        waiting = [tag for tag, state in self._states.items() if not self._load_disk(state)]
        self._thread = threading.Thread(
            target=self._run, name=f"dynamic-strings-{self._namespace}", daemon=True
        )
        self._thread.start()
        for tag in waiting:
            self._first_attempt[tag].wait(self._timeout)

    def close(self) -> None:
        """Stop the polling thread (waiting for a request in flight) and release the session."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self._timeout + 5.0)
        if self._owns_session:
            self._session.close()

    @property
    def running(self) -> bool:
        """Whether the polling thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def stats(self) -> ClientStats:
        """Lookup hits and misses, poll errors, and per polled locale its version and sync time."""
        locales = {
            tag: LocaleSync(s.version, s.etag, s.origin, s.last_sync, s.last_error)
            for tag, s in self._states.items()
        }
        return ClientStats(self._hits, self._misses, self._errors, locales)

    def __enter__(self) -> DynamicStringsClient:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
