"""The server backend: a PostgreSQL database named by URL (postgresql://user@host/db or ?host=/socket/dir).

Many writers at once: every process and thread has its own connection, transactions are row-level, and the
schema's migrations run under an advisory lock so that processes opening a new database together apply
each migration once.
"""
from __future__ import annotations

from watchfloor.store.postgres.connection import DIALECT, PgConnection

URL_PREFIXES = ("postgresql://", "postgres://")


def is_url(target: str) -> bool:
    return target.startswith(URL_PREFIXES)


def connect(url: str, read_only: bool = False) -> PgConnection:
    return PgConnection(url, read_only=read_only)


__all__ = ["DIALECT", "PgConnection", "connect", "is_url"]
