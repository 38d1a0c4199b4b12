"""Encoded bundle answers kept per process, each valid for exactly one bundle version.

A request first learns the bundle's current version (``bundle_heads``); an entry is used
only when it was made from that same version, so nothing older than the database is ever
served. Entries are bounded by their total bytes, least recently used evicted first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

# (namespace, locale, approved_only, format)
AnswerKey = tuple[str, str, bool, str]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    """A bundle 200's body and all of its headers (``Content-Type``, ``Content-Length``,
    ``ETag``, ``Cache-Control``, an export's own), as made from ``version``."""

    version: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NamespaceFacts:
    """What serving needs of a namespace; it changes only with the namespace version."""

    version: int
    source_locale: str
    locales: tuple[str, ...]


@dataclass
class BundleCache:
    """Answers by key and namespace facts by id; thread-safe."""

    max_bytes: int = DEFAULT_MAX_BYTES
    _answers: OrderedDict[AnswerKey, Answer] = field(default_factory=OrderedDict)
    _facts: dict[int, NamespaceFacts] = field(default_factory=dict)
    _bytes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, key: AnswerKey, version: int) -> Answer | None:
        """The cached answer for ``key`` when it was made from ``version``, else None."""
        with self._lock:
            found = self._answers.get(key)
            if found is None or found.version != version:
                return None
            self._answers.move_to_end(key)
            return found

    def keep_answer(self, key: AnswerKey, answer: Answer) -> None:
        if len(answer.body) > self.max_bytes:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            if old is not None and old.version > answer.version:
                answer = old  # a slower request finished with an older version: keep the newer
            self._answers[key] = answer
            self._bytes += len(answer.body)
            while self._bytes > self.max_bytes:
                _, evicted = self._answers.popitem(last=False)
                self._bytes -= len(evicted.body)

    def facts(self, namespace_id: int, version: int) -> NamespaceFacts | None:
        found = self._facts.get(namespace_id)
        return found if found is not None and found.version == version else None

    def keep_facts(self, namespace_id: int, facts: NamespaceFacts) -> None:
        with self._lock:
            if len(self._facts) >= 10_000:
                self._facts.clear()
            self._facts[namespace_id] = facts

    @property
    def size_bytes(self) -> int:
        return self._bytes
