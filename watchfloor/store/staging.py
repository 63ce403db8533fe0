"""Bulk CSV ingest inside the store: stage as text, check, map, assign regions, upsert — one transaction.

The heavy lifting runs in DuckDB's vectorised CSV reader and SQL; Python only does the
point-in-polygon step, on distinct coordinates. A failed or killed ingest leaves the store
exactly as it was (the transaction never commits).
"""
from __future__ import annotations

import hashlib
import re
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from watchfloor.model import EVENT_COLUMNS, IngestResult
from watchfloor.store.connection import Store
from watchfloor.store.layouts import MISSING_COORDINATES, SUSPECT_COORDINATES, LayoutSQL, c
from watchfloor.store.reference import assign_regions_with_country, region_index

MAX_ERRORS_SHOWN = 20
_BAD_COORDS = f"({SUSPECT_COORDINATES[0]} OR {MISSING_COORDINATES[0]})"
_COORD_FLAG = (f"CASE WHEN {SUSPECT_COORDINATES[0]} THEN '{SUSPECT_COORDINATES[1]}; not assigned to a region' "
               f"WHEN {MISSING_COORDINATES[0]} THEN '{MISSING_COORDINATES[1]}' END")
HASHED = [col for col in EVENT_COLUMNS
          if col not in ("id", "dataset_id", "layout", "source_row", "region_id", "admin1", "flag", "row_hash")]


@dataclass(frozen=True)
class RowError:
    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line is not None else self.file
        col = f", column {self.column!r}" if self.column else ""
        val = f": got {self.value!r}" if self.value is not None else ""
        return f"{where}{col}{val}; expected {self.expected}"


class IngestError(ValueError):
    """A file that cannot be ingested as a whole; `.errors` lists the rows at fault."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        self.errors = errors or []
        shown = "\n".join(f"  {e}" for e in self.errors[:MAX_ERRORS_SHOWN])
        more = len(self.errors) - MAX_ERRORS_SHOWN
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(message + (("\n" + shown + tail) if self.errors else ""))


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _used_columns(spec: LayoutSQL, header: list[str]) -> str:
    """The header's columns that the layout's SQL refers to (every column reference is a quoted identifier)."""
    sql = " ".join([*spec.mapping.values(), *(ch.bad for ch in spec.checks), *(f for f, _ in spec.flags),
                    *(e for _, e in spec.derived)])
    referenced = set(re.findall(r'"((?:[^"]|"")+)"', sql)) | {ch.column for ch in spec.checks}
    used = [col for col in header if col in referenced]
    return ", ".join(c(col) for col in used) if used else "*"


def ingest_csv(store: Store, path: Path, spec: LayoutSQL, header: list[str], *, licence: str | None = None,
               skip_bad_rows: bool = False, encoding: str = "utf-8",
               progress: Callable[[str], None] = lambda stage: None) -> IngestResult:
    """Load one CSV file of a known layout into `events`. See the module docstring."""
    path = Path(path)
    name = str(path)
    sha = file_sha256(path)
    with store.transaction():
        progress("reading")
        store.execute("DROP TABLE IF EXISTS wf_stage")
        store.execute("DROP TABLE IF EXISTS wf_rejects")
        store.execute("DROP TABLE IF EXISTS wf_reject_scans")
        # Line numbers: the header is line 1. A row's line is its record number + 1.
        # Only the columns the layout uses are materialised (projection pushdown into the CSV reader).
        store.execute(
            f"CREATE TEMP TABLE wf_stage AS SELECT row_number() OVER () + 1 AS wf_line, {_used_columns(spec, header)} "
            "FROM read_csv("
            f"{_sql_string(str(path))}, header = true, all_varchar = true, delim = ',', quote = '\"', "
            f"escape = '\"', encoding = {_sql_string(encoding)}, null_padding = false, "
            "store_rejects = true, rejects_table = 'wf_rejects', rejects_scan = 'wf_reject_scans', "
            "ignore_errors = true, parallel = true)")
        errors = _parse_errors(store, name, encoding)
        progress("checking")
        errors += _check_errors(store, name, spec)
        rejected_lines = {e.line for e in errors if e.line is not None}
        if errors and not skip_bad_rows:
            raise IngestError(f"{name}: {len(rejected_lines) or len(errors)} bad row(s); nothing was stored "
                              "(use --skip-bad-rows to load the good rows and record the bad ones)", errors)
        dup = store.rows(f"SELECT {spec.mapping['source_id']} AS sid, min(wf_line), max(wf_line) FROM wf_stage "
                         "GROUP BY 1 HAVING count(*) > 1 LIMIT 20")
        if dup:
            dup_errors = [RowError(name, hi, None, sid, f"a unique source id (also on line {lo})")
                          for sid, lo, hi in dup]
            if not skip_bad_rows:
                raise IngestError(f"{name}: duplicate source ids; nothing was stored", dup_errors)
            errors += dup_errors
            rejected_lines |= {e.line for e in dup_errors}

        dataset_id = _dataset_id(store, name, sha, spec, licence)
        progress("mapping")
        _map(store, spec, dataset_id, rejected_lines)
        progress("regions")
        _assign_regions(store)
        progress("merging")
        inserted, updated, unchanged = store.rows(
            "SELECT count(*) FILTER (WHERE e.id IS NULL), "
            "count(*) FILTER (WHERE e.id IS NOT NULL AND e.row_hash <> m.row_hash), "
            "count(*) FILTER (WHERE e.row_hash = m.row_hash) FROM wf_mapped m LEFT JOIN events e ON e.id = m.id")[0]
        if updated:
            store.execute("DELETE FROM events WHERE id IN (SELECT m.id FROM wf_mapped m JOIN events e "
                          "ON e.id = m.id AND e.row_hash <> m.row_hash)")
        if inserted or updated:
            store.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT "
                          f"{', '.join('m.' + col for col in EVENT_COLUMNS)} FROM wf_mapped m "
                          "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.id)")
        if errors:
            store.con.executemany(
                "INSERT INTO rejected_rows (dataset_id, source_row, column_name, value, reason) VALUES (?, ?, ?, ?, ?)",
                [[dataset_id, e.line or 0, e.column, e.value, f"expected {e.expected}"] for e in errors])
        total = store.scalar("SELECT count(*) FROM wf_stage") + _count_parse_rejects(store)
        store.execute("UPDATE datasets SET rows_read = ? WHERE id = ?", [total, dataset_id])
        result = IngestResult(dataset_id, inserted, updated, unchanged, len(rejected_lines))
        if inserted or updated or errors:
            store.audit("ingest", name, {"layout": spec.variant, "sha256": sha, **result.as_dict()})
        _fault_pause()
        for table in ("wf_stage", "wf_mapped", "wf_rejects", "wf_reject_scans"):
            store.execute(f"DROP TABLE IF EXISTS {table}")
    progress("done")
    return result


def _fault_pause() -> None:
    """Fault-injection point for the crash test: sleep inside the open transaction, before COMMIT."""
    seconds = os.environ.get("WATCHFLOOR_FAULT_PAUSE_BEFORE_COMMIT")
    if seconds:
        print("ingest: paused before commit", flush=True)
        time.sleep(float(seconds))


def _parse_errors(store: Store, name: str, encoding: str) -> list[RowError]:
    rows = store.rows("SELECT line, column_name, csv_line, error_type, error_message FROM wf_rejects "
                      "ORDER BY line LIMIT 100000")
    out = []
    for line, column, csv_line, kind, message in rows:
        if kind == "INVALID ENCODING":
            expected = (f"text in {encoding} (the file is in another encoding; convert it or pass --encoding, "
                        "e.g. --encoding latin-1)")
            column = None
        elif kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
            expected = f"a complete row ({message}; is the file truncated?)"
            column = None
        else:
            expected = f"a well-formed CSV row ({message})"
        out.append(RowError(name, int(line), column, (csv_line or "")[:120], expected))
    return out


def _count_parse_rejects(store: Store) -> int:
    return store.scalar("SELECT count(DISTINCT line) FROM wf_rejects")


def _check_errors(store: Store, name: str, spec: LayoutSQL) -> list[RowError]:
    parts = [f"SELECT wf_line, {_sql_string(ch.column)} AS col, CAST({c(ch.column)} AS VARCHAR) AS val, "
             f"{_sql_string(ch.expected)} AS expected FROM wf_stage WHERE {ch.bad}" for ch in spec.checks]
    rows = store.rows(" UNION ALL ".join(parts) + " ORDER BY 1, 2 LIMIT 100000")
    return [RowError(name, int(line), col, val, expected) for line, col, val, expected in rows]


def _dataset_id(store: Store, name: str, sha: str, spec: LayoutSQL, licence: str | None) -> int:
    found = store.scalar("SELECT id FROM datasets WHERE sha256 = ? AND layout = ?", [sha, spec.variant])
    if found is not None:
        return found
    new_id = store.scalar("SELECT coalesce(max(id), 0) + 1 FROM datasets")
    store.execute("INSERT INTO datasets (id, path, sha256, layout, licence, rows_read, ingested_at) "
                  "VALUES (?, ?, ?, ?, ?, NULL, ?)",
                  [new_id, name, sha, spec.variant, licence, datetime.now(timezone.utc).replace(tzinfo=None)])
    return new_id


def _map(store: Store, spec: LayoutSQL, dataset_id: int, rejected_lines: set[int]) -> None:
    m = spec.mapping
    fields = ", ".join(f"{expr} AS {col}" for col, expr in m.items())
    store.execute("DROP TABLE IF EXISTS wf_bad")
    store.execute("CREATE TEMP TABLE wf_bad (line BIGINT)")
    if rejected_lines:
        store.con.executemany("INSERT INTO wf_bad VALUES (?)", [[x] for x in sorted(rejected_lines)])
    derived = "".join(f", {expr} AS {name}" for name, expr in spec.derived)
    hashed = ", ".join(f"CAST({col} AS VARCHAR)" for col in HASHED)
    notes = [(f"CASE WHEN {cond} THEN {_sql_string(note)} END") for cond, note in spec.flags]
    source_flag = f"concat_ws('; ', {', '.join(notes)})" if notes else "CAST(NULL AS VARCHAR)"
    flag = f"nullif(concat_ws('; ', wf_source_flag, {_COORD_FLAG}), '')"
    store.execute(
        "CREATE TEMP TABLE wf_mapped AS "
        f"WITH pre AS (SELECT *{derived} FROM wf_stage WHERE wf_line NOT IN (SELECT line FROM wf_bad)), "
        f"src AS (SELECT wf_line AS source_row, {fields}, {source_flag} AS wf_source_flag FROM pre) "
        f"SELECT {_sql_string(spec.layout)} || ':' || source_id AS id, {dataset_id} AS dataset_id, "
        f"{_sql_string(spec.layout)} AS layout, src.* EXCLUDE (wf_source_flag), CAST(NULL AS VARCHAR) AS region_id, "
        f"CAST(NULL AS VARCHAR) AS admin1, {flag} AS flag, "
        f"md5(concat_ws('|', {hashed})) AS row_hash FROM src")
    store.execute("DROP TABLE wf_bad")


def _assign_regions(store: Store) -> None:
    coords = store.frame(f"SELECT DISTINCT latitude, longitude FROM wf_mapped WHERE NOT {_BAD_COORDS}")
    if coords.empty:
        return
    index = region_index(store)
    if not index.ids:
        return
    coords["region_id"], coords["admin1"], coords["region_country"] = assign_regions_with_country(
        index, coords["latitude"].to_numpy(), coords["longitude"].to_numpy())
    coords = coords[coords["region_id"].notna()]
    store.con.register("wf_coords", coords)
    try:
        # A source country code we cannot read (a made-up or new country) falls back to the region's country.
        store.execute("UPDATE wf_mapped SET region_id = k.region_id, admin1 = k.admin1, "
                      "country_iso3 = coalesce(wf_mapped.country_iso3, k.region_country) FROM wf_coords k "
                      "WHERE wf_mapped.latitude = k.latitude AND wf_mapped.longitude = k.longitude")
    finally:
        store.con.unregister("wf_coords")
