"""DuckDB's part of a CSV ingest: its vectorised CSV reader stages the file, its lists carry the failed checks."""
from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

from watchfloor.store.layouts import split_columns


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# Encodings DuckDB's reader decodes itself; a file in another one (cp1252 from Excel on Windows) is read
# through a UTF-8 copy.
_READER_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "latin-1", "latin1"}


def stage_csv(store, path: Path, columns: str, encoding: str, delimiter: str = ",",
              header: list[str] | None = None, skip: int = 0) -> list[tuple]:
    """wf_stage (wf_line, the used columns as text) from the file; the rows it could not parse, as
    (line, column, csv_line, kind, message) with kind one of DuckDB's reject types. `header` names the file's
    columns as the layouts spell them (the file's own header row may differ in case); `skip` lines before the
    header (Excel's 'sep=;') are read past and not counted."""
    if encoding.lower().replace("_", "-") not in _READER_ENCODINGS:
        with tempfile.TemporaryDirectory() as folder:
            return stage_csv(store, _utf8_copy(path, encoding, Path(folder)), columns, "utf-8", delimiter, header,
                             skip)
    names = f"names = [{', '.join(sql_string(h) for h in header)}], " if header else ""
    # Line numbers: the header is line 1. A row's line is its record number + 1.
    # Only the columns the layout uses are materialised (projection pushdown into the CSV reader).
    store.execute("DROP TABLE IF EXISTS wf_rejects")
    store.execute("DROP TABLE IF EXISTS wf_reject_scans")
    # A row with nothing in the used columns (a spreadsheet's ';;;;' below the data) is no row, but is counted.
    empty = " AND ".join(f"{name} IS NULL" for name in split_columns(columns)) if columns.strip() != "*" \
        else "false"
    store.execute(
        f"CREATE TEMP TABLE wf_stage AS SELECT * FROM (SELECT row_number() OVER () + 1 AS wf_line, {columns} "
        "FROM read_csv("
        f"{sql_string(str(path))}, header = true, skip = {int(skip)}, {names}all_varchar = true, delim = {sql_string(delimiter)}, "
        "quote = '\"', "
        f"escape = '\"', encoding = {sql_string(encoding)}, null_padding = false, "
        "store_rejects = true, rejects_table = 'wf_rejects', rejects_scan = 'wf_reject_scans', "
        f"ignore_errors = true, parallel = true)) WHERE NOT ({empty})")
    # The reader counts the skipped lines in a reject's line; the row numbers count from the header.
    return store.rows(f"SELECT line - {int(skip)}, column_name, csv_line, error_type, error_message FROM wf_rejects "
                      "ORDER BY line LIMIT 100000")


def count_parse_rejects(store) -> int:
    return store.scalar("SELECT count(DISTINCT line) FROM wf_rejects")


def failed_checks_sql(failed: list[str], values: list[str], where: str) -> str:
    """Rows that fail a check: (wf_line, [indexes of the failed checks], [the checked values as text])."""
    return (f"SELECT wf_line, list_filter([{', '.join(failed)}], lambda x: x IS NOT NULL) AS failed, "
            f"[{', '.join(values)}] AS vals FROM wf_stage WHERE {where} ORDER BY wf_line LIMIT 100000")


def as_text(expr: str) -> str:
    return f"CAST({expr} AS VARCHAR)"


def drop_stage(store) -> None:
    for table in ("wf_stage", "wf_mapped", "wf_coords", "wf_rejects", "wf_reject_scans"):
        store.execute(f"DROP TABLE IF EXISTS {table}")





def _utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
    """The file re-encoded as UTF-8; a byte the encoding leaves undefined is copied as it is, so that the reader
    reports its row as badly encoded (as the PostgreSQL backend does)."""
    out = folder / "utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
    with open(path, "rb") as src, open(out, "w", encoding="utf-8", errors="surrogateescape", newline="") as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            dst.write(decoder.decode(block))
        dst.write(decoder.decode(b"", final=True))
    return out
