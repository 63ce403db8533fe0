"""A PostgreSQL connection with the surface the store uses of a DuckDB connection.

`execute` / `executemany` take the store's DuckDB SQL (translated by `sql.translate`), results answer
`fetchone`, `fetchall`, `description` and `df()` (the same pandas dtypes DuckDB gives), `register(name, frame)`
makes a DataFrame queryable by name (a temporary table filled with COPY), and `cursor()` gives another
connection to the same database for another thread. Connections run in autocommit; the store's
`transaction()` issues BEGIN/COMMIT itself.
"""
from __future__ import annotations

import math
import re
import threading
from datetime import date, datetime
from typing import Any, Iterable

import duckdb
import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
from psycopg.types.numeric import FloatDumper, IntDumper
from psycopg.adapt import Dumper, Loader
from psycopg.types.bool import BoolDumper

from watchfloor.store.errors import StoreError
from watchfloor.store.postgres.sql import translate

DIALECT = "postgres"

# PostgreSQL type oid -> the Arrow type DuckDB would have given the column (df() goes through DuckDB).
_ARROW_TYPES = {16: pa.bool_(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(), 700: pa.float32(),
                701: pa.float64(), 1700: pa.float64(), 25: pa.string(), 1043: pa.string(), 18: pa.string(),
                19: pa.string(), 1082: pa.date32(), 1114: pa.timestamp("us"), 1184: pa.timestamp("us", tz="UTC")}
_frames = threading.local()


class _Shared:
    """What every connection to one database may share: translated statements and table shapes."""

    def __init__(self) -> None:
        self.statements: dict[tuple[str, bool], str] = {}
        self.tables: dict[str, tuple[list[str], list[str]]] = {}


class PgResult:
    def __init__(self, cursor: psycopg.Cursor):
        self._cursor = cursor

    @property
    def description(self):
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int) -> list[tuple]:
        return self._cursor.fetchmany(size)

    def df(self) -> pd.DataFrame:
        description = self._cursor.description or []
        return frame_of(description, self._cursor.fetchall() if description else [])

    fetchdf = df


def frame_of(description, rows: list[tuple]) -> pd.DataFrame:
    """Rows as the DataFrame DuckDB would give (the same dtypes: df() goes through DuckDB's Arrow import)."""
    columns = list(zip(*rows)) if rows else [() for _ in description]
    arrays = {}
    for col, values in zip(description, columns):
        kind = _ARROW_TYPES.get(col.type_code)
        arrays[col.name] = pa.array(list(values), type=kind) if kind is not None or values else \
            pa.array(list(values), type=pa.string())
    table = pa.table(arrays) if arrays else pa.table({})
    return _duckdb().from_arrow(table).df()


def open_raw(url: str, **settings: Any) -> psycopg.Connection:
    """A new autocommit connection (the store's transaction() issues BEGIN/COMMIT itself); a clear error."""
    try:
        return psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor, **settings)
    except psycopg.OperationalError as exc:
        raise StoreError(f"cannot open the store {_safe(url)}: {str(exc).strip()}") from None


def prepare(raw: psycopg.Connection, read_only: bool = False) -> None:
    """UTC, no JIT, read-only if asked, and the adapters the store's values need (numpy numbers, text lists,
    numeric)."""
    raw.execute("SET TIME ZONE 'UTC'")
    # No JIT: its compiling (~185 ms of CPU) outweighed what it saves on the store's queries (linking's
    # neighbourhood query 0.57 -> 0.14 s without it; the map's totals over 1 M events 1.85 -> 1.77 s)
    raw.execute("SET jit = off")
    if read_only:
        raw.execute("SET default_transaction_read_only = on")
    adapters = raw.adapters
    adapters.register_loader("numeric", _WideNumberLoader)
    for kind in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64):
        adapters.register_dumper(kind, _NumpyIntDumper)
    adapters.register_dumper(np.float32, FloatDumper)
    adapters.register_dumper(np.bool_, _NumpyBoolDumper)
    adapters.register_dumper(_TextList, _TextListDumper)


def _duckdb() -> duckdb.DuckDBPyConnection:
    con = getattr(_frames, "con", None)
    if con is None:
        con = _frames.con = duckdb.connect(":memory:")
    return con


class _WideNumberLoader(Loader):
    """numeric (what sums of integers are, as DuckDB's HUGEINT): an exact int when whole, else a float."""

    def load(self, data) -> int | float:
        text = bytes(data)
        if b"." in text:
            whole, _, fraction = text.partition(b".")
            return int(whole) if not fraction.strip(b"0") else float(text)
        return float(text) if text in (b"NaN", b"Infinity", b"-Infinity") else int(text)


class _TextList(list):
    """A list of strings sent as text[] (untyped, `unnest(?)` would be ambiguous on the server)."""


class _TextListDumper(Dumper):
    oid = 1009      # text[]

    def dump(self, obj: Any) -> bytes:
        def element(v: Any) -> str:
            if v is None:
                return "NULL"
            return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
        return ("{" + ",".join(element(v) for v in obj) + "}").encode()


class _NumpyIntDumper(IntDumper):
    def dump(self, obj: Any) -> bytes:
        return str(int(obj)).encode()


class _NumpyBoolDumper(BoolDumper):
    def dump(self, obj: Any) -> bytes:
        return b"t" if bool(obj) else b"f"


class PgConnection:
    dialect = DIALECT

    def __init__(self, url: str, shared: _Shared | None = None, read_only: bool = False,
                 raw: psycopg.Connection | None = None):
        """A connection of its own to `url`, or (raw) one a pool lent, already prepared by `prepare`."""
        self.url = url
        self.read_only = read_only
        if raw is None:
            raw = open_raw(url)
            prepare(raw, read_only)
        self.raw = raw
        self._shared = shared or _Shared()

    # -- the DuckDB connection surface ---------------------------------------
    def execute(self, sql: str, params: list | tuple | dict | None = None) -> PgResult:
        cur = self.raw.cursor()
        has_params = bool(params)
        cur.execute(self._translate(sql, has_params), _plain(params) if has_params else None)
        return PgResult(cur)

    def executemany(self, sql: str, rows: Iterable) -> None:
        rows = [_plain(r) for r in rows]
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(self._translate(sql, True), rows)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """The frame as a temporary table `name` (DuckDB scans a registered frame in place)."""
        columns = [(str(col), _column_type(frame[col])) for col in frame.columns]
        self.raw.execute(f'DROP TABLE IF EXISTS "{name}"')
        self.raw.execute(f'CREATE TEMP TABLE "{name}" ('
                         + ", ".join(f'"{col}" {kind}' for col, kind in columns) + ")")
        if frame.empty:
            return
        with self.raw.cursor() as cur, cur.copy(f'COPY "{name}" FROM STDIN') as copy:
            for row in frame.itertuples(index=False, name=None):
                copy.write_row([_value(v) for v in row])

    def unregister(self, name: str) -> None:
        self.raw.execute(f'DROP TABLE IF EXISTS "{name}"')

    def cursor(self) -> "PgConnection":
        """Another connection to the same database (the server gives each thread its own)."""
        return PgConnection(self.url, self._shared, self.read_only)

    def close(self) -> None:
        self.raw.close()

    # -- translation ----------------------------------------------------------
    def _translate(self, sql: str, with_params: bool) -> str:
        key = (sql, with_params)
        done = self._shared.statements.get(key)
        if done is None:
            done = self._shared.statements[key] = translate(sql, with_params, self._table_info)
        return done

    def _table_info(self, table: str) -> tuple[list[str], list[str]]:
        info = self._shared.tables.get(table)
        if info is None:
            columns = [r[0] for r in self.raw.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                "AND NOT attisdropped ORDER BY attnum", [table]).fetchall()]
            key = [r[0] for r in self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
                "ORDER BY array_position(i.indkey, a.attnum)", [table]).fetchall()]
            info = self._shared.tables[table] = (columns, key)
        return info


def _plain(params: Any) -> Any:
    if isinstance(params, dict):
        return {k: _value(v) for k, v in params.items()}
    return [_value(v) for v in params]


def _value(v: Any) -> Any:
    """A Python value psycopg can send, with pandas' and numpy's missing values as NULL."""
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
        return None if isinstance(v, float) and math.isnan(v) else v
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, (list, tuple)) and v and all(isinstance(x, str) or x is None for x in v):
        return _TextList(v)
    return v


def _column_type(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(dtype):
        return "INTEGER" if dtype.itemsize <= 4 else "BIGINT"
    if pd.api.types.is_float_dtype(dtype):
        return "DOUBLE PRECISION"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "TIMESTAMPTZ" if getattr(dtype, "tz", None) else "TIMESTAMP"
    sample = next((v for v in series if _value(v) is not None), None)
    if isinstance(sample, bool):
        return "BOOLEAN"
    if isinstance(sample, (int, np.integer)):
        return "BIGINT"
    if isinstance(sample, (float, np.floating)):
        return "DOUBLE PRECISION"
    if isinstance(sample, datetime):
        return "TIMESTAMP"
    if isinstance(sample, date):
        return "DATE"
    if isinstance(sample, (list, tuple, np.ndarray)):
        inner = next((x for x in sample if x is not None), "")
        return ("BIGINT[]" if isinstance(inner, (int, np.integer)) and not isinstance(inner, bool)
                else "DOUBLE PRECISION[]" if isinstance(inner, float) else "TEXT[]")
    return "TEXT"


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1@", url)
