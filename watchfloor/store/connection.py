"""The store: one DuckDB file or a PostgreSQL database (by URL), a versioned schema, audited writes.

This package is the only code that writes SQL. Other stages call the functions here
or in the sibling modules (events, reference, ...) and get plain Python or DataFrames back.
The SQL is DuckDB's dialect; the backend specifics live in store/duckdb/ and store/postgres/
(which translates the dialect and adds server-side compatibility functions).
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from watchfloor.config import current_user
from watchfloor.store import duckdb as duckdb_backend
from watchfloor.store import postgres as postgres_backend
from watchfloor.store.errors import StoreBusyError, StoreError

__all__ = ["Store", "StoreBusyError", "StoreError"]


def _migrations(dialect: str = "duckdb") -> list[tuple[int, str, str]]:
    """(version, name, body) for each file in store/migrations, in order: `NNNN_name.sql` holds statements,
    `NNNN_name.py` a function `upgrade(store)` for what SQL cannot do (e.g. re-read stored reports).
    A file of the same number in store/migrations/<dialect>/ replaces the shared one on that backend
    (and a number only there is that backend's own, e.g. PostgreSQL's compatibility functions)."""
    found: dict[int, tuple[int, str, str]] = {}
    folder = resources.files("watchfloor.store").joinpath("migrations")
    for directory in (folder, folder.joinpath(dialect)):
        if not directory.is_dir():
            continue
        for entry in directory.iterdir():
            m = re.match(r"(\d{4})_(\w+)\.(sql|py)$", entry.name)
            if m:
                found[int(m.group(1))] = (int(m.group(1)), m.group(2) + ("" if m.group(3) == "sql" else ".py"),
                                          entry.read_text(encoding="utf-8"))
    return sorted(found.values())


def _run_python_migration(store: "Store", name: str, source: str) -> None:
    namespace: dict = {"__name__": f"watchfloor_migration_{name[:-3]}"}
    exec(compile(source, f"<migration {name}>", "exec"), namespace)
    namespace["upgrade"](store)


def _statements(sql: str) -> list[str]:
    # Migrations keep '--' out of string literals, so a comment runs from '--' to the end of its line.
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [s.strip() for s in body.split(";") if s.strip()]


class Store:
    """An open store. Use `Store.open(path)`; close it with `.close()` or a `with` block."""

    def __init__(self, con: Any, path: str):
        self.con = con
        self.path = path
        self.dialect = getattr(con, "dialect", duckdb_backend.DIALECT)
        self._depth = 0

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False, pool_size: int | None = None) -> "Store":
        """A DuckDB file (or ':memory:'), or a PostgreSQL database by URL (postgresql://…). pool_size: on
        PostgreSQL, share at most that many connections among this store and its `con.cursor()`s (the
        server's threads); DuckDB has one connection per process anyway."""
        path = str(path)
        if postgres_backend.is_url(path):
            con = postgres_backend.connect(path, read_only=read_only, pool_size=pool_size)
        else:
            con = duckdb_backend.connect(path, read_only=read_only)
        store = cls(con, path)
        if not read_only:
            store.migrate()
        return store

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

    def applied_migrations(self) -> set[int]:
        if not self.schema_version():
            return set()
        return {r[0] for r in self.rows("SELECT version FROM schema_version")}

    def migrate(self) -> int:
        """Apply every migration the store lacks (by number, in order); return the latest version.

        Tracking each migration rather than the highest number lets a migration that was added with a
        lower number than one already applied (parallel branches) still reach existing stores."""
        migrations = _migrations(self.dialect)
        known = {version for version, _, _ in migrations}
        applied = self.applied_migrations()
        unknown = sorted(applied - known)
        if unknown:
            raise StoreError(f"the store {self.path} has schema version {unknown[-1]}, newer than this "
                             f"watchfloor ({max(known, default=0)}); upgrade watchfloor")
        pending = [(v, name, sql) for v, name, sql in migrations if v not in applied]
        if not pending:
            return max(known, default=0)
        with self.transaction():
            if self.dialect == postgres_backend.DIALECT:
                # Processes opening a new database together: one migrates, the others wait and find it done.
                self.con.execute("SELECT pg_advisory_xact_lock(7220013)")
                applied = self.applied_migrations()
                pending = [(v, name, sql) for v, name, sql in pending if v not in applied]
            self.con.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                             "version INTEGER PRIMARY KEY, name TEXT, applied_at TIMESTAMP)")
            for version, name, body in pending:
                if name.endswith(".py"):
                    _run_python_migration(self, name, body)
                    name = name[:-3]
                else:
                    for stmt in _statements(body):
                        self.con.execute(stmt)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()])
        return max(known)

    # -- transactions and plain queries ----------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """One transaction; nested use joins the outer one. Rolls back on any error."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")

    def lock(self, name: str) -> None:
        """Hold `name` until the transaction ends, for a stage that must run one at a time (an ingest's upsert,
        storing one report). PostgreSQL: an advisory lock, so other writers wait instead of failing on a key;
        DuckDB has one writer, so nothing to do."""
        if self.dialect == postgres_backend.DIALECT:
            self.con.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [name])

    def execute(self, sql: str, params: list | tuple | dict | None = None) -> Any:
        return self.con.execute(sql, params or [])

    def rows(self, sql: str, params: list | tuple | dict | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | tuple | dict | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def frame(self, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def records(self, sql: str, params: list | tuple | dict | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    # -- audit -----------------------------------------------------------------
    def audit(self, action: str, target: str | None = None, detail: dict | None = None,
              actor: str | None = None) -> None:
        self.con.execute(
            "INSERT INTO audit (happened_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            [_now(), actor or current_user(), action, target,
             json.dumps(detail, default=str, sort_keys=True) if detail else None],
        )

    def table_counts(self) -> dict[str, int]:
        names = [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")]
        return {n: self.scalar(f'SELECT count(*) FROM "{n}"') for n in names}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
