"""The server's connections to a PostgreSQL store: a psycopg pool of at most `size` connections, shared by
every thread of the process.

A statement borrows a connection for its own run and gives it back with its rows already fetched, so fifty
concurrent requests need as many connections as run a statement at that instant, not one each. What lives
in a session keeps the connection it started on until it ends: a transaction (BEGIN … COMMIT / ROLLBACK, the
store's `transaction()`), a registered frame (a temporary table, from `register` to `unregister`) and a
session-level advisory lock (`pg_advisory_lock` or a granted `pg_try_advisory_lock`, to `pg_advisory_unlock`:
one process's stage held across transactions, sources/exclusive.py). While one is open no other connection is
borrowed, so a holder never waits on the pool for a second one (no deadlock at any size).
"""
from __future__ import annotations

from typing import Any, Iterable

import re

import pandas as pd
import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from watchfloor.store.errors import StoreError
from watchfloor.store.postgres.connection import (DIALECT, PgConnection, _Shared, _safe, frame_of, open_raw,
                                                  prepare)

WAIT = 30.0     # seconds a statement waits for a free connection before failing
_SESSION_LOCK = re.compile(r"\bpg_(try_)?advisory_lock(_shared)?\s*\(", re.I)
_SESSION_UNLOCK = re.compile(r"\bpg_advisory_unlock(_shared)?\s*\(", re.I)


class FetchedResult:
    """A statement's answer fetched before its connection went back to the pool (PgResult's surface)."""

    def __init__(self, cursor: psycopg.Cursor):
        self.description = cursor.description
        self.rowcount = cursor.rowcount
        self._rows = cursor.fetchall() if cursor.description else []
        self._next = 0

    def fetchone(self) -> tuple | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchmany(self, size: int) -> list[tuple]:
        rows = self._rows[self._next:self._next + size]
        self._next += len(rows)
        return rows

    def fetchall(self) -> list[tuple]:
        rows = self._rows[self._next:]
        self._next = len(self._rows)
        return rows

    def df(self) -> pd.DataFrame:
        return frame_of(self.description or [], self.fetchall())

    fetchdf = df


def open_pool(url: str, size: int, read_only: bool = False) -> ConnectionPool:
    """A pool of 1..size prepared connections to `url`, opened now (a bad URL fails here, with its reason)."""
    if size < 1:
        raise StoreError(f"the connection pool needs at least 1 connection, not {size}")
    open_raw(url).close()       # the URL's problem as a StoreError, not a pool timeout
    return ConnectionPool(url, min_size=min(2, size), max_size=size, open=True, timeout=WAIT,
                          kwargs={"autocommit": True, "cursor_factory": psycopg.ClientCursor},
                          configure=lambda raw: prepare(raw, read_only), name="watchfloor")


class PooledConnection:
    """The PgConnection surface over a pool. One per thread (like a DuckDB cursor); `cursor()` gives another
    over the same pool, `close()` on the first (the owner) closes the pool."""

    dialect = DIALECT

    def __init__(self, pool: ConnectionPool, url: str, shared: _Shared | None = None, read_only: bool = False,
                 owner: bool = True):
        self.pool, self.url, self.read_only = pool, url, read_only
        self._shared = shared or _Shared()
        self._owner = owner
        self._held: PgConnection | None = None
        self._holds = 0             # open transaction + registered frames that keep the held connection
        self._registered: set[str] = set()

    # -- borrowing ------------------------------------------------------------
    def _borrow(self) -> psycopg.Connection:
        try:
            return self.pool.getconn()
        except PoolTimeout:
            raise StoreError(f"no free connection to the store {_safe(self.url)} within {WAIT:.0f} s "
                             f"(pool of {self.pool.max_size}: raise WATCHFLOOR_PG_POOL)") from None

    def _hold(self) -> PgConnection:
        if self._held is None:
            self._held = PgConnection(self.url, self._shared, self.read_only, raw=self._borrow())
        self._holds += 1
        return self._held

    def _let_go(self) -> None:
        self._holds = max(0, self._holds - 1)
        if not self._holds and self._held is not None:
            held, self._held = self._held, None
            self.pool.putconn(held.raw)     # the pool rolls back what a failed statement left open

    @property
    def raw(self) -> psycopg.Connection:
        """The held connection (COPY inside a transaction); outside one there is none to give."""
        if self._held is None:
            raise StoreError("a pooled store connection is only lent inside a transaction")
        return self._held.raw

    # -- the DuckDB connection surface ---------------------------------------
    def execute(self, sql: str, params: list | tuple | dict | None = None) -> Any:
        verb = sql.lstrip()[:8].upper()
        if verb.startswith("BEGIN"):
            con = self._hold()
            try:
                return con.execute(sql, params)
            except BaseException:
                self._let_go()
                raise
        if _SESSION_LOCK.search(sql):
            return self._session_lock(sql, params)
        if self._held is not None:
            try:
                return self._held.execute(sql, params)
            finally:
                if verb.startswith(("COMMIT", "ROLLBACK")) or _SESSION_UNLOCK.search(sql):
                    self._let_go()
        raw = self._borrow()
        try:
            result = PgConnection(self.url, self._shared, self.read_only, raw=raw).execute(sql, params)
            return FetchedResult(result._cursor)
        finally:
            self.pool.putconn(raw)

    def _session_lock(self, sql: str, params: Any) -> FetchedResult:
        """A session-level advisory lock keeps its connection until its unlock (a refused try lets go at once)."""
        con = self._hold()
        try:
            result = FetchedResult(con.execute(sql, params)._cursor)
        except BaseException:
            self._let_go()
            raise
        first = result._rows[0] if result._rows else None
        if first is not None and first[0] is False:
            self._let_go()
        return result

    def executemany(self, sql: str, rows: Iterable) -> None:
        con = self._hold()
        try:
            con.executemany(sql, rows)
        finally:
            self._let_go()

    def register(self, name: str, frame: pd.DataFrame) -> None:
        con = self._hold()
        try:
            con.register(name, frame)
        except BaseException:
            self._let_go()
            raise
        if name in self._registered:
            self._let_go()          # registered again: one hold per name
        self._registered.add(name)

    def unregister(self, name: str) -> None:
        if name not in self._registered:
            return
        self._registered.discard(name)
        try:
            self._held.unregister(name)
        finally:
            self._let_go()

    def cursor(self) -> "PooledConnection":
        return PooledConnection(self.pool, self.url, self._shared, self.read_only, owner=False)

    def close(self) -> None:
        if self._held is not None:
            self._holds = 1
            self._let_go()
        if self._owner:
            self.pool.close()
