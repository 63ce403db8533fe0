"""The server backend: a PostgreSQL database named by URL (postgresql://user@host/db or ?host=/socket/dir).

Many writers at once: every process and thread has its own connection, transactions are row-level, and the
schema's migrations run under an advisory lock so that processes opening a new database together apply
each migration once.
"""
from __future__ import annotations

from watchfloor.store.postgres.connection import DIALECT, PgConnection
from watchfloor.store.postgres.pool import PooledConnection, open_pool

URL_PREFIXES = ("postgresql://", "postgres://")


def is_url(target: str) -> bool:
    return target.startswith(URL_PREFIXES)


def connect(url: str, read_only: bool = False, pool_size: int | None = None) -> PgConnection | PooledConnection:
    """A connection of its own, or (pool_size) the first of a process's connections over a pool of that size."""
    if pool_size:
        return PooledConnection(open_pool(url, pool_size, read_only), url, read_only=read_only)
    return PgConnection(url, read_only=read_only)


__all__ = ["DIALECT", "PgConnection", "PooledConnection", "connect", "is_url"]
