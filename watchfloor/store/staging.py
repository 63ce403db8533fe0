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
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from watchfloor.model import EVENT_COLUMNS, IngestResult
from watchfloor.store import postgres as postgres_backend
from watchfloor.store.connection import Store
from watchfloor.store.coverage import record_coverage
from watchfloor.store.layouts import MISSING_COORDINATES, SUSPECT_COORDINATES, LayoutSQL, c
from watchfloor.store.reference import admin_assigner, settle_coordinates

MAX_ERRORS_SHOWN = 20
NO_BOUNDARIES = "no admin-1 boundaries stored for the country: not assigned to a region"
_COORD_FLAG = (f"CASE WHEN {SUSPECT_COORDINATES[0]} THEN '{SUSPECT_COORDINATES[1]}; not assigned to a region' "
               f"WHEN {MISSING_COORDINATES[0]} THEN '{MISSING_COORDINATES[1]}' END")
HASHED = [col for col in EVENT_COLUMNS
          if col not in ("id", "dataset_id", "layout", "source_row", "region_id", "admin1", "flag", "row_hash",
                         "admin2_id", "admin2", "region_flag")]


@dataclass(frozen=True)
class RowError:
    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str
    unit: str = "line"      # "line": the file's row, the header being line 1; "record": the n-th of a JSON list

    def __str__(self) -> str:
        where = f"{self.file}, {self.unit} {self.line}" if self.line is not None else self.file
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


def _backend(store: Store):
    """The backend's staging module: how a CSV file is read into wf_stage and how failed checks are listed."""
    if store.dialect == postgres_backend.DIALECT:
        from watchfloor.store.postgres import staging
    else:
        from watchfloor.store.duckdb import staging
    return staging


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _referenced(spec: LayoutSQL) -> set[str]:
    """The columns the layout's SQL refers to (every column reference is a quoted identifier)."""
    sql = " ".join([*spec.mapping.values(), *(ch.bad for ch in spec.checks), *(f for f, _ in spec.flags),
                    *(e for _, e in spec.derived)])
    return {name.replace('""', '"') for name in re.findall(r'"((?:[^"]|"")+)"', sql)} | {ch.column for ch in spec.checks}


def _used_columns(spec: LayoutSQL, header: list[str]) -> str:
    """The header's columns that the layout's SQL refers to."""
    used = [col for col in header if col in _referenced(spec)]
    return ", ".join(c(col) for col in used) if used else "*"


def na_as_empty(store: Store, spec: LayoutSQL, header: list[str]) -> None:
    """R writes `NA` for a missing value: in a column whose check does not require a value (admin2, assoc_actor_1,
    notes, where_prec...) it is staged empty; in a required one it stays, and its check names it as a bad value."""
    required = {ch.column for ch in spec.checks if ch.required}
    cols = sorted(col for col in _referenced(spec) & set(header) if col not in required)
    if cols:
        store.execute("UPDATE wf_stage SET " + ", ".join(
            f"{c(col)} = CASE WHEN trim({c(col)}) = 'NA' THEN NULL ELSE {c(col)} END" for col in cols)
            + " WHERE " + " OR ".join(f"trim({c(col)}) = 'NA'" for col in cols))


def _add_absent_columns(store: Store, spec: LayoutSQL, header: list[str]) -> None:
    """A column the layout reads but does not require, absent from the file, is staged empty."""
    for col in sorted(_referenced(spec) - set(header)):
        store.execute(f"ALTER TABLE wf_stage ADD COLUMN {c(col)} VARCHAR")


def ingest_csv(store: Store, path: Path, spec: LayoutSQL, header: list[str], *, licence: str | None = None,
               skip_bad_rows: bool = False, encoding: str = "utf-8",
               progress: Callable[[str], None] = lambda stage: None, covers: dict | None = None,
               delimiter: str = ",", source: Path | None = None, unit: str = "line",
               date_order: str | None = None, name: str | None = None, skip: int = 0) -> IngestResult:
    """Load one CSV file of a known layout into `events`. See the module docstring.

    `header` holds the file's column names as the layout spells them (in the file's order; the file's own
    spelling may differ in case); `source` is the file the user named when `path` is a CSV made from it (a
    JSON page, a CSV out of a zip), whose checksum the dataset records, its rows counted as `unit` ("record");
    `name` is the file as errors and the dataset name it.
    `date_order` ('dmy' or 'mdy') says how to read slash dates such as 05/06/2020 (else the file's dates tell).
    `skip` lines come before the header (Excel's 'sep=;' hint); a spreadsheet shows the header as row 1 all the same."""
    path = Path(path)
    name = name or str(source or path)
    sha = file_sha256(Path(source or path))
    with store.transaction():
        store.lock("ingest")      # ingests upsert events and number datasets: one at a time (others wait)
        progress("reading")
        backend = _backend(store)
        backend.drop_stage(store)
        parse_rejects = backend.stage_csv(store, path, _used_columns(spec, header), encoding, delimiter, header,
                                          skip=skip)
        if not parse_rejects and not store.scalar("SELECT count(*) FROM (SELECT 1 FROM wf_stage LIMIT 1) s"):
            raise IngestError(f"{name}: no data rows (only a header); nothing was stored")
        _add_absent_columns(store, spec, header)
        na_as_empty(store, spec, header)
        errors = _parse_errors(parse_rejects, name, encoding)
        settle_date_order(store, name, spec, header, date_order)
        settle_serial_dates(store, spec, header)
        progress("checking")
        errors += _check_errors(store, name, spec)
        if unit != "line":      # a made CSV's line n is the source's (n-1)-th record
            errors = [RowError(e.file, e.line - 1 if e.line else e.line, e.column, e.value, e.expected, unit)
                      for e in errors]
        errors.sort(key=lambda e: (e.line or 0, e.column or ""))
        rejected_lines = {e.line + (unit != "line") for e in errors if e.line is not None}
        if errors and not skip_bad_rows:
            raise IngestError(f"{name}: {len(rejected_lines) or len(errors)} bad row(s); nothing was stored "
                              "(use --skip-bad-rows to load the good rows and record the bad ones)", errors)
        dup = store.rows(f"SELECT {spec.mapping['source_id']} AS sid, min(wf_line), max(wf_line) FROM wf_stage "
                         "GROUP BY 1 HAVING count(*) > 1 LIMIT 20")
        if dup:
            shift = 0 if unit == "line" else 1
            dup_errors = [RowError(name, hi - shift, None, sid, f"a unique source id (also on {unit} {lo - shift})",
                                   unit) for sid, lo, hi in dup]
            if not skip_bad_rows:
                raise IngestError(f"{name}: duplicate source ids; nothing was stored", dup_errors)
            errors += dup_errors
            rejected_lines |= {e.line + shift for e in dup_errors}

        dataset_id = _dataset_id(store, name, sha, spec, licence)
        progress("regions")
        _assign_regions(store, spec)
        progress("mapping")
        _map(store, spec, dataset_id, rejected_lines)
        progress("merging")
        first_load = not store.scalar("SELECT count(*) FROM (SELECT 1 FROM events WHERE layout = ? LIMIT 1)",
                                      [spec.layout])
        if first_load:      # nothing of this layout stored yet: every row is new, no join needed
            inserted, updated, unchanged = store.scalar("SELECT count(*) FROM wf_mapped"), 0, 0
        else:
            inserted, updated, unchanged = store.rows(
                "SELECT count(*) FILTER (WHERE e.id IS NULL), "
                "count(*) FILTER (WHERE e.id IS NOT NULL AND e.row_hash <> m.row_hash), "
                "count(*) FILTER (WHERE e.row_hash = m.row_hash) FROM wf_mapped m LEFT JOIN events e ON e.id = m.id"
            )[0]
        if updated:
            store.execute("DELETE FROM events WHERE id IN (SELECT m.id FROM wf_mapped m JOIN events e "
                          "ON e.id = m.id AND e.row_hash <> m.row_hash)")
        if inserted or updated:
            new_only = "" if first_load else " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.id)"
            store.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT "
                          f"{', '.join('m.' + col for col in EVENT_COLUMNS)} FROM wf_mapped m{new_only}")
        if errors:
            store.con.executemany(
                "INSERT INTO rejected_rows (dataset_id, source_row, column_name, value, reason) VALUES (?, ?, ?, ?, ?)",
                [[dataset_id, e.line or 0, e.column, e.value, f"expected {e.expected}"] for e in errors])
        total = store.scalar("SELECT count(*) FROM wf_stage") + backend.count_parse_rejects(store)
        store.execute("UPDATE datasets SET rows_read = ? WHERE id = ?", [total, dataset_id])
        record_coverage(store, dataset_id, spec.layout, **(covers or {}))  # period and countries it covers
        result = IngestResult(dataset_id, inserted, updated, unchanged, len(rejected_lines))
        if inserted or updated or errors:
            store.audit("ingest", name, {"layout": spec.variant, "sha256": sha, **result.as_dict()})
        _fault_pause()
        backend.drop_stage(store)
    progress("done")
    return result


def _fault_pause() -> None:
    """Fault-injection point for the crash and overlap tests: wait inside the open transaction, before COMMIT, for
    WATCHFLOOR_FAULT_PAUSE_BEFORE_COMMIT seconds, or, where WATCHFLOOR_FAULT_RELEASE_FILE names a file, until that
    file exists (the seconds then the longest wait), so that a test need not guess how long the other side takes."""
    seconds = os.environ.get("WATCHFLOOR_FAULT_PAUSE_BEFORE_COMMIT")
    if seconds:
        print("ingest: paused before commit", flush=True)
        release = os.environ.get("WATCHFLOOR_FAULT_RELEASE_FILE")
        if not release:
            time.sleep(float(seconds))
            return
        deadline = time.monotonic() + float(seconds)
        while not os.path.exists(release) and time.monotonic() < deadline:
            time.sleep(0.1)


_SLASH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?")
_SERIAL_DATE = re.compile(r"\s*(\d{5})(?:\.0*)?\s*")      # Excel's day number: 43845 is 2020-01-15
_EXCEL_EPOCH = date(1899, 12, 30)
DATE_ORDERS = {"dmy": "day first, 31/01/2020", "mdy": "month first, 01/31/2020"}


def settle_date_order(store: Store, name: str, spec: LayoutSQL, header: list[str], date_order: str | None) -> None:
    """Slash dates are day-first (31/01/2020) from most spreadsheets and month-first (1/31/2020) from Excel in
    US English, which rewrites ISO dates so when it saves a CSV. The file's own dates tell which (a first
    number over 12 is a day, a second one over 12 is a day); month-first dates are staged as ISO dates. When
    no date tells, `date_order` must: a guess would put events in the wrong month."""
    if date_order is not None and date_order not in DATE_ORDERS:
        raise IngestError(f"date order {date_order!r}: expected dmy ({DATE_ORDERS['dmy']}) or mdy "
                          f"({DATE_ORDERS['mdy']})")
    for col in (d for d in spec.dates if d in header):
        written = store.rows(f"SELECT DISTINCT {c(col)} FROM wf_stage WHERE {c(col)} LIKE '%/%/%' ORDER BY 1")
        found = [(v, m) for (v,) in written if (m := _SLASH_DATE.fullmatch(v))]
        if not found:
            continue
        day_first = any(int(m[1]) > 12 for _, m in found)
        month_first = any(int(m[2]) > 12 for _, m in found)
        order = date_order or ("dmy" if day_first else "mdy" if month_first else None)
        if order is None:
            unclear = next((v for v, m in found if m[1] != m[2]), None)
            if unclear is None:
                continue            # 05/05/2020 reads the same either way
            raise IngestError(f"{name}: column {col!r}: dates such as {unclear.strip()!r} read as day/month or as "
                              "month/day and no date in the file tells which; pass --date-order dmy "
                              f"({DATE_ORDERS['dmy']}) or --date-order mdy ({DATE_ORDERS['mdy']})")
        if order == "mdy":
            _restage(store, col, [(f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}", v) for v, m in found
                                  if 1 <= int(m[1]) <= 12])


def settle_serial_dates(store: Store, spec: LayoutSQL, header: list[str]) -> None:
    """A date column a spreadsheet saved as numbers (the cells formatted 'General': 43845) is staged as ISO dates;
    only day numbers of 1954-2099 are dates (another number stays a bad value)."""
    for col in (d for d in spec.dates if d in header):
        written = store.rows(f"SELECT DISTINCT {c(col)} FROM wf_stage WHERE {c(col)} NOT LIKE '%-%' "
                             f"AND {c(col)} NOT LIKE '%/%' AND {c(col)} NOT LIKE '% %' ORDER BY 1")
        _restage(store, col, [((_EXCEL_EPOCH + timedelta(days=int(m[1]))).isoformat(), v) for (v,) in written
                              if (m := _SERIAL_DATE.fullmatch(v)) and 20000 <= int(m[1]) <= 73000])


def _restage(store: Store, col: str, rewrites: list[tuple[str, str]]) -> None:
    """Staged values written anew: (new, as written)."""
    if rewrites:        # DuckDB's executemany refuses an empty list
        store.con.executemany(f"UPDATE wf_stage SET {c(col)} = ? WHERE {c(col)} = ?", [list(r) for r in rewrites])


def _parse_errors(rejects: list[tuple], name: str, encoding: str) -> list[RowError]:
    out, seen = [], set()
    for line, column, csv_line, kind, message in rejects:
        if (line, kind) in seen:        # DuckDB lists a short row once per missing column: one error is enough
            continue
        seen.add((line, kind))
        if kind == "INVALID ENCODING":
            expected = (f"text in {encoding} (the file is in another encoding; convert it or pass --encoding, "
                        "e.g. --encoding latin-1)")
            column = None
        elif kind == "MISSING COLUMNS":
            expected = f"a complete row ({message}; is the file truncated?)"
            column = None
        elif kind == "TOO MANY COLUMNS":
            expected = f"a row as wide as the header ({message}; a field with the delimiter in it but no quotes?)"
            column = None
        else:
            expected = f"a well-formed CSV row ({message})"
        out.append(RowError(name, int(line), column, (csv_line or "")[:120], expected))
    return out


def _check_errors(store: Store, name: str, spec: LayoutSQL) -> list[RowError]:
    """Every check in one scan of the staged rows; only failing rows come back to Python."""
    if not spec.checks:
        return []
    failed = [f"CASE WHEN {ch.bad} THEN {i} END" for i, ch in enumerate(spec.checks)]
    values = [f"CAST({c(ch.column)} AS VARCHAR)" for ch in spec.checks]
    rows = store.rows(_backend(store).failed_checks_sql(
        failed, values, " OR ".join(f"coalesce({ch.bad}, false)" for ch in spec.checks)))
    errors = []
    for line, failed_checks, vals in rows:
        for i in sorted(failed_checks, key=lambda k: spec.checks[k].column):
            errors.append(RowError(name, int(line), spec.checks[i].column, vals[i], spec.checks[i].expected))
    return errors


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
    skip_bad = " WHERE wf_line NOT IN (SELECT line FROM wf_bad)" if rejected_lines else ""
    hashed = ", ".join(_backend(store).as_text(f"src.{col}") for col in HASHED)
    notes = [(f"CASE WHEN {cond} THEN {_sql_string(note)} END") for cond, note in spec.flags]
    source_flag = f"concat_ws('; ', {', '.join(notes)})" if notes else "CAST(NULL AS VARCHAR)"
    flag = f"nullif(concat_ws('; ', wf_source_flag, {_COORD_FLAG}), '')"
    mapped = ["source_row", *m]         # named, not `* EXCLUDE (…)`: PostgreSQL has no EXCLUDE
    store.execute(
        "CREATE TEMP TABLE wf_mapped AS "
        f"WITH pre AS (SELECT *{derived} FROM wf_stage{skip_bad}), "
        f"mapped AS (SELECT wf_line AS source_row, {fields}, {source_flag} AS wf_source_flag FROM pre), "
        f"src AS (SELECT {', '.join(mapped)}, {flag} AS wf_flag FROM mapped) "
        f"SELECT {_sql_string(spec.layout)} || ':' || source_id AS id, {dataset_id} AS dataset_id, "
        f"{_sql_string(spec.layout)} AS layout, {', '.join('src.' + col for col in mapped if col != 'country_iso3')}, "
        # A source country code we cannot read (a made-up or new country) falls back to the region's country.
        "coalesce(src.country_iso3, k.region_country) AS country_iso3, k.region_id, k.admin1, "
        f"src.wf_flag AS flag, md5(concat_ws('|', {hashed})) AS row_hash, "
        "k.admin2_id, k.admin2, k.region_flag "
        "FROM src LEFT JOIN wf_coords k ON k.latitude = src.latitude AND k.longitude = src.longitude "
        "AND k.country_iso3 IS NOT DISTINCT FROM src.country_iso3 "
        "AND k.admin1_source IS NOT DISTINCT FROM src.admin1_source")
    store.execute("DROP TABLE wf_bad")


def _assign_regions(store: Store, spec: LayoutSQL) -> None:
    """Point → admin-1/admin-2 once per distinct (coordinates, country, source admin-1), into wf_coords for the
    mapping step to join (a point outside its own country's polygons is settled by geo/assign.py)."""
    store.execute("DROP TABLE IF EXISTS wf_coords")
    store.execute("CREATE TEMP TABLE wf_coords (latitude DOUBLE, longitude DOUBLE, country_iso3 VARCHAR, "
                  "admin1_source VARCHAR, region_id VARCHAR, admin1 VARCHAR, admin2_id VARCHAR, admin2 VARCHAR, "
                  "region_flag VARCHAR, region_country VARCHAR)")
    assigner = admin_assigner(store)
    m = spec.mapping
    coords = store.frame(f"SELECT DISTINCT {m['latitude']} AS latitude, {m['longitude']} AS longitude, "
                         f"{m['country_iso3']} AS country_iso3, {m['admin1_source']} AS admin1_source FROM wf_stage")
    coords = coords.dropna(subset=["latitude", "longitude"])
    coords = coords[~(((coords.latitude == coords.longitude) & (coords.latitude != 0))
                      | ((coords.latitude == 0) & (coords.longitude == 0)))]
    if coords.empty:
        return
    if assigner.level1.ids:
        coords = settle_coordinates(assigner, coords)
    else:
        for col in ("region_id", "admin1", "admin2_id", "admin2", "region_flag", "region_country"):
            coords[col] = None
    # A country with no admin-1 boundaries stored: no region, and the events say why (see unplaced_countries).
    unbounded = coords["region_id"].isna() & coords["country_iso3"].notna() \
        & ~coords["country_iso3"].isin(list(assigner.by_country))
    coords.loc[unbounded, "region_flag"] = NO_BOUNDARIES
    coords = coords[coords["region_id"].notna() | coords["region_country"].notna() | unbounded]
    store.con.register("wf_coords_frame", coords)
    try:
        store.execute("INSERT INTO wf_coords SELECT latitude, longitude, country_iso3, admin1_source, region_id, "
                      "admin1, admin2_id, admin2, region_flag, region_country FROM wf_coords_frame")
    finally:
        store.con.unregister("wf_coords_frame")


def unplaced_countries(store: Store, dataset_id: int) -> list[tuple[str, int]]:
    """(country, events) of one dataset's events that have no region because their country has no admin-1
    boundaries stored (read from the regions, not the flag: loading another country's boundaries clears it)."""
    return [(iso3, int(n)) for iso3, n in store.rows(
        "SELECT e.country_iso3, count(*) FROM events e WHERE e.dataset_id = ? AND e.region_id IS NULL "
        "AND e.country_iso3 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.country = e.country_iso3 "
        "AND r.level = 1) GROUP BY 1 ORDER BY 1", [dataset_id])]
