"""The bundle hot path's one read: the token's role and the namespace and bundle versions.

``HeadReader`` runs one indexed query as plain DBAPI on a connection kept per thread
(autocommit, detached from the pool): the SQLAlchemy session, pool checkout and result
machinery cost more than the query itself. ``FreshHeads`` keeps a servable head for at most
``HEAD_MAX_AGE`` seconds per process, so another process's edit or revocation is seen within
that bound; this process forgets every kept head when one of its own transactions commits,
so its own writes are seen by its very next request.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from sqlalchemy import Engine, and_, bindparam, event, literal_column, select, true
from sqlalchemy.pool import PoolProxiedConnection

from dss_service.models import ApiToken, Bundle, Namespace

# The longest a kept head is used: the documented staleness bound of bundles and revocations.
HEAD_MAX_AGE = 1.0
_MAX_KEPT = 10_000

HeadKey = tuple[str, str, str, bool]  # (token hash, namespace, locale, approved_only)


class Head(NamedTuple):
    """What one bundle request learns before anything else; ``None`` where nothing matched."""

    namespace_id: int | None
    namespace_version: int | None
    bundle_id: int | None
    bundle_version: int | None
    role: str | None  # the live token's role; None for an unknown or revoked token

    @property
    def servable(self) -> bool:
        """A live token and a built bundle: the only heads worth keeping (errors and 202s
        are asked again every time, so a new token, namespace or first build shows at once)."""
        return self.role is not None and self.bundle_version is not None


def _statement() -> Any:
    one = select(literal_column("1").label("one")).subquery()
    return (
        select(Namespace.id, Namespace.version, Bundle.id, Bundle.version, ApiToken.role)
        .select_from(one)
        .outerjoin(
            ApiToken,
            and_(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None)),
        )
        .outerjoin(Namespace, Namespace.name == bindparam("name"))
        .outerjoin(
            Bundle,
            and_(
                Bundle.namespace_id == Namespace.id,
                Bundle.locale == bindparam("locale"),
                Bundle.approved_only == bindparam("approved_only"),
            ),
        )
        .where(true())
    )


class HeadReader:
    """Runs the head query for one engine; safe to share between threads and forks."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        compiled = _statement().compile(dialect=engine.dialect)
        self._sql = str(compiled)
        self._order = compiled.positiontup  # None for a named paramstyle
        self._local = threading.local()
        self._opened: list[tuple[int, PoolProxiedConnection]] = []  # (pid, connection)
        self._lock = threading.Lock()
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def read(self, token_hash: str, namespace: str, locale: str, approved_only: bool) -> Head:
        values = {
            "token_hash": token_hash,
            "name": namespace,
            "locale": locale,
            "approved_only": approved_only,
        }
        args: Any = values if self._order is None else tuple(values[k] for k in self._order)
        try:
            row = self._fetch(args)
        except self._engine.dialect.loaded_dbapi.Error:
            self._forget()  # a broken connection (server restart): one retry on a new one
            row = self._fetch(args)
        return Head._make(row)

    def _fetch(self, args: Any) -> tuple[Any, ...]:
        cursor = self._connection().cursor()
        try:
            cursor.execute(self._sql, args)
            row: tuple[Any, ...] = tuple(cursor.fetchone() or ())  # always one row
        finally:
            cursor.close()
        return row

    def _connection(self) -> PoolProxiedConnection:
        connection: PoolProxiedConnection | None = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            connection = self._engine.raw_connection()
            if self._engine.dialect.name != "sqlite":  # pysqlite begins no transaction to read
                connection.driver_connection.autocommit = True  # type: ignore[union-attr]
            connection.detach()  # ours for the thread's life, not a pool slot
            self._local.connection, self._local.pid = connection, os.getpid()
            with self._lock:
                self._opened.append((os.getpid(), connection))
        return connection

    def close(self) -> None:
        """Close every connection opened so far (``engine.dispose()`` calls this); a later
        read opens a new one."""
        with self._lock:
            opened, self._opened = self._opened, []
        for pid, connection in opened:
            if pid == os.getpid():  # a forked child leaves its parent's connections alone
                with contextlib.suppress(Exception):
                    connection.close()

    def _forget(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            with self._lock:
                self._opened = [item for item in self._opened if item[1] is not connection]
            with contextlib.suppress(Exception):  # it is broken already; a new one follows
                connection.close()


class FreshHeads:
    """Servable heads kept per process for at most ``max_age`` seconds (``reader`` otherwise).

    ``forget`` drops them all; the app calls it when any of its sessions commits.
    """

    def __init__(
        self,
        reader: Callable[[str, str, str, bool], Head],
        max_age: float = HEAD_MAX_AGE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reader = reader
        self._max_age = max_age
        self._clock = clock
        self._kept: dict[HeadKey, tuple[float, Head]] = {}

    def read(self, token_hash: str, namespace: str, locale: str, approved_only: bool) -> Head:
        key = (token_hash, namespace, locale, approved_only)
        now = self._clock()
        found = self._kept.get(key)
        if found is not None and now - found[0] < self._max_age:
            return found[1]
        head = self._reader(token_hash, namespace, locale, approved_only)
        if head.servable and self._max_age > 0:
            if len(self._kept) >= _MAX_KEPT:
                self._kept = {}
            self._kept[key] = (now, head)  # ``now`` precedes the read: the age is an upper bound
        else:
            self._kept.pop(key, None)
        return head

    def forget(self) -> None:
        self._kept = {}
