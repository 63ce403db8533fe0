"""The embedded backend: one DuckDB file (or ':memory:'). Its connection is used as it is; the store's SQL
is written in DuckDB's dialect, which the PostgreSQL backend translates (watchfloor/store/postgres/)."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from watchfloor.store.errors import StoreBusyError, StoreError

DIALECT = "duckdb"


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreBusyError(
                f"the store {path} is in use by another process ({_lock_holder(str(exc))}). "
                "If `watchfloor serve` is running, send writes through its API "
                "(e.g. POST /api/ingest) or stop the server first."
            ) from None
        raise StoreError(f"cannot open the store {path}: {exc}") from None


def _lock_holder(message: str) -> str:
    m = re.search(r"PID (\d+)", message)
    return f"pid {m.group(1)}" if m else "lock held"
