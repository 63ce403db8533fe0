"""PostgreSQL's part of a CSV ingest: Python's csv module parses the file (the server cannot read the
client's files, and COPY stops at the first bad row), COPY streams the good rows into wf_stage, and
PostgreSQL's arrays carry the failed checks.

Rows it cannot parse are reported as DuckDB's reader reports them (MISSING COLUMNS, TOO MANY COLUMNS,
INVALID ENCODING), so the error messages are the same on both backends. A staged row's wf_line is its
record number + 1 (the header is 1), as DuckDB's reader counts: a quoted note over several lines is one row.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from watchfloor.store.layouts import split_columns

PARSE_REJECTS = "wf_parse_rejects"


def stage_csv(store, path: Path, columns: str, encoding: str, delimiter: str = ",",
              header: list[str] | None = None, skip: int = 0) -> list[tuple]:
    """wf_stage (wf_line, the used columns as text) from the file; the rows it could not parse, as
    (line, column, csv_line, kind, message). `header` names the file's columns as the layouts spell them; `skip`
    lines before the header (Excel's 'sep=;') are read past and not counted."""
    con = store.con
    rejects: list[tuple] = []
    with open(path, "rb") as fh:
        lines = _decoded_lines(fh, encoding)
        for _ in range(skip):
            next(lines, None)
        reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
        first = [h.strip() for h in next(reader, [])]
        header = list(header) if header else first
        if columns.strip() == "*":
            columns = ", ".join('"' + h.replace('"', '""') + '"' for h in header)
        names = [name[1:-1].replace('""', '"') for name in split_columns(columns)]
        index = {name: header.index(name) for name in names}
        width = len(header)
        store.execute("CREATE TEMP TABLE wf_stage (wf_line BIGINT, "
                      + ", ".join(f"{c} TEXT" for c in split_columns(columns)) + ")")
        with con.raw.cursor() as cur, cur.copy(f"COPY wf_stage (wf_line, {columns}) FROM STDIN") as copy:
            line = 1
            for record in reader:
                if not record:      # a blank line (a trailing one, say) is no row
                    continue
                line += 1
                raw = delimiter.join(record)
                if any("\udc80" <= ch <= "\udcff" for ch in raw):
                    rejects.append((line, None, raw.encode("utf-8", "replace").decode("utf-8", "replace"),
                                    "INVALID ENCODING", "Invalid unicode (byte sequence mismatch) detected"))
                    continue
                if len(record) != width:
                    kind = "MISSING COLUMNS" if len(record) < width else "TOO MANY COLUMNS"
                    column = header[len(record)] if len(record) < width else None
                    rejects.append((line, column, raw, kind,
                                    f"Expected Number of Columns: {width} Found: {len(record)}"))
                    continue
                values = [record[index[n]] or None for n in names]
                if any(v is not None for v in values):  # a row of empty fields below the data is no row
                    copy.write_row([line, *values])
    store.execute(f"CREATE TEMP TABLE {PARSE_REJECTS} (line BIGINT)")
    if rejects:
        con.executemany(f"INSERT INTO {PARSE_REJECTS} VALUES (?)", [[r[0]] for r in rejects])
    return rejects


def _decoded_lines(fh, encoding: str) -> Iterator[str]:
    """The file's lines as text, split after decoding (a UTF-16 line ends in two bytes); bytes that are not
    `encoding` become lone surrogates (one bad row, not a failed file)."""
    name = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    yield from io.TextIOWrapper(fh, encoding=name, errors="surrogateescape", newline="")


def count_parse_rejects(store) -> int:
    return store.scalar(f"SELECT count(DISTINCT line) FROM {PARSE_REJECTS}")


def failed_checks_sql(failed: list[str], values: list[str], where: str) -> str:
    """Rows that fail a check: (wf_line, [indexes of the failed checks], [the checked values as text])."""
    return (f"SELECT wf_line, array_remove(ARRAY[{', '.join(failed)}], NULL) AS failed, "
            f"ARRAY[{', '.join(values)}] AS vals FROM wf_stage WHERE {where} ORDER BY wf_line LIMIT 100000")


def as_text(expr: str) -> str:
    """The value as DuckDB writes it as text (a whole double as '8.0', where PostgreSQL writes '8')."""
    return f"wf_duckdb_text({expr})"


def drop_stage(store) -> None:
    for table in ("wf_stage", "wf_mapped", "wf_coords", PARSE_REJECTS):
        store.execute(f"DROP TABLE IF EXISTS {table}")
