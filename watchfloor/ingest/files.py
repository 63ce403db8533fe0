"""What a downloaded file holds before any layout reads it: a CSV's columns, delimiter and encoding; the one CSV
in a zip archive; an API answer saved as JSON, made a CSV. Each refuses what it cannot read, naming the file."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from watchfloor.ingest.layouts import ACLED_COLUMNS, GED_FULL_COLUMNS
from watchfloor.store.staging import IngestError


DELIMITERS = (",", ";", "\t", "|")   # comma; semicolon from a European Excel; tab from Excel's "Unicode text"
_SEP_HINT = re.compile(r"\s*sep=(\\t|\t|[^\w\s\"])[,;\t|]*\s*", re.IGNORECASE)  # 'sep=;' ('sep=;;;' once re-saved)
_SEP_NAMES = {"\\t": "\t"}      # 'sep=\t' as two characters: a tab
_XLSX = "an Excel workbook (.xlsx)"
_WORKBOOKS = {b"PK\x03\x04": _XLSX, b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)"}
_SAVE_AS_CSV = ("open it in Excel or LibreOffice and save it as 'CSV UTF-8 (comma delimited)', then ingest the "
                ".csv file")


@dataclass(frozen=True)
class CsvFile:
    """What the first line says about a CSV file: its columns (names as the layouts spell them) and delimiter."""
    header: list[str]
    delimiter: str = ","
    encoding: str = "utf-8"
    skip: int = 0          # lines before the header: 1 for Excel's 'sep=;' delimiter hint


def canonical_column(name: str) -> str:
    """A header name as the layouts spell it: ACLED's and UCDP's names are lower case ('EVENT_ID_CNTY',
    ' Event Date ' and a byte-order mark before the first name are the same columns)."""
    return re.sub(r"[\s-]+", "_", name.replace("\ufeff", "").strip().lower())   # 'Event Date': event_date


def sniff_encoding(head: bytes, encoding: str) -> str:
    """The encoding the file's byte-order mark states (Excel's "Unicode text" is UTF-16 with a BOM), else the
    one asked for."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        return "utf-16"
    return encoding


@dataclass(frozen=True)
class Download:
    """A file as the user named it, and the CSV its rows are read from."""
    csv: Path              # the file itself, or a CSV made from it in a temporary folder
    name: str              # the file as errors and the dataset name it ('ged241-csv.zip:GEDEvent_v24_1.csv')
    unit: str              # what a row is called: "line" of a CSV, "record" of a JSON list
    csv_file: CsvFile


def open_download(path: Path, layout: str, encoding: str, folder: Callable[[], Path]) -> Download:
    """The CSV to read from a CSV, a zip holding one, or an API answer saved as JSON (`folder()` gives a
    temporary folder for a CSV made from the file)."""
    if is_json(path):
        made = json_as_csv(path, layout, folder())
        return Download(made, str(path), "record", read_csv_file(made, "utf-8", str(path)))
    if zipfile.is_zipfile(path):
        member, name = csv_in_zip(path, folder())
        return Download(member, name, "line", read_csv_file(member, encoding, name))
    return Download(path, str(path), "line", read_csv_file(path, encoding))


def read_csv_file(path: Path, encoding: str = "utf-8", shown: str | None = None) -> CsvFile:
    """The file's columns, delimiter and encoding, or an IngestError that names the file (as `shown`, for a CSV
    taken out of an archive) and what is wrong."""
    real, path = path, shown or path      # `path` as errors name it; `real` as it is read
    if not real.exists():
        raise IngestError(f"{path}: no such file")
    if real.is_dir():
        raise IngestError(f"{path}: is a directory, expected a CSV file")
    with open(real, "rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip():
        raise IngestError(f"{path}: the file is empty; expected a CSV header line and rows")
    for magic, what in _WORKBOOKS.items():
        if head.startswith(magic):
            raise IngestError(f"{path}: is {what}, not CSV text; {_SAVE_AS_CSV}")
    encoding = sniff_encoding(head, encoding)
    if b"\x00" in head and not encoding.lower().startswith("utf-16"):
        raise IngestError(f"{path}: binary data (NUL bytes) on line 1; expected CSV text")
    try:
        text = head.decode(encoding if encoding.lower() != "utf-8" else "utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4 and encoding.lower() in ("utf-8", "utf8"):   # a character cut by the 64 KiB read
            text = head[: exc.start].decode("utf-8-sig")
        else:
            line = head[: exc.start].count(b"\n") + 1
            raise IngestError(f"{path}: line {line}: byte {head[exc.start]:#04x} is not {encoding} text (pass "
                              "--encoding cp1252 if Excel on Windows saved it, --encoding latin-1 for Latin-1)") \
                from None
    except LookupError:
        raise IngestError(f"{path}: unknown encoding {encoding!r}") from None
    lines = text.lstrip("\ufeff").splitlines()
    first = lines[0] if lines else ""
    hint = _SEP_HINT.fullmatch(first)
    if hint:      # Excel's delimiter hint: Excel reads the delimiter from it and shows the header as row 1
        lines = lines[1:]
        if not "".join(lines).strip():
            raise IngestError(f"{path}: only Excel's '{first.strip()}' line; expected a CSV header line and rows")
        first = lines[0]
    if first.lstrip().startswith(("{", "[")):
        raise IngestError(f"{path}: is JSON, not CSV; expected a CSV file with a header line")
    delimiter = (_SEP_NAMES.get(hint[1], hint[1]) if hint else
                 max(DELIMITERS, key=lambda d: len(next(csv.reader(io.StringIO(first), delimiter=d)))))
    header = [canonical_column(h) or f"wf_unnamed_{i}"      # an empty name (a trailing delimiter) is no column we use
              for i, h in enumerate(next(csv.reader(io.StringIO(first), delimiter=delimiter)), 1)]
    seen: dict[str, int] = {}
    for i, name in enumerate(header, 1):
        if name and name in seen:
            raise IngestError(f"{path}: line 1: column {name!r} appears twice (columns {seen[name]} and {i}); "
                              "expected each column once")
        seen[name] = i
    return CsvFile(header, delimiter, encoding, 1 if hint else 0)


def csv_in_zip(path: Path, folder: Path) -> tuple[Path, str]:
    """The one CSV in a zip archive as downloaded (UCDP ships GED as ged241-csv.zip), taken out into `folder`;
    and its name as errors give it ('ged241-csv.zip:GEDEvent_v24_1.csv')."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/") and not n.startswith("__MACOSX/")]
            if any(n.startswith("xl/") for n in names):
                raise IngestError(f"{path}: is {_XLSX}, not CSV text; {_SAVE_AS_CSV}")
            tables = [n for n in names if n.lower().endswith((".csv", ".tsv", ".txt"))
                      and not Path(n).name.lower().startswith("readme")]
            if len(tables) != 1:
                raise IngestError(f"{path}: a zip archive with {len(tables)} CSV files"
                                  f"{' (' + ', '.join(tables[:5]) + ')' if tables else ''}; expected one: unzip it and "
                                  "ingest the events file")
            out = folder / Path(tables[0]).name
            with archive.open(tables[0]) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    except zipfile.BadZipFile as exc:
        raise IngestError(f"{path}: a damaged zip archive ({exc}); download it again") from None
    return out, f"{path}:{tables[0]}"


def is_json(path: Path) -> bool:
    if not path.is_file():
        return False
    with open(path, "rb") as fh:
        return fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


# JSON an API answers, saved to a file: the key of its list of events, and the CSV columns its events have.
JSON_PAGES = {
    "ucdp": ("Result", GED_FULL_COLUMNS, 'a UCDP GED API page ({"Result": [events], …})'),
    "acled": ("data", ACLED_COLUMNS, 'an ACLED API answer ({"data": [events], …})'),
}


def json_as_csv(path: Path, layout: str, folder: Path) -> Path:
    """An API answer saved to a file (JSON_PAGES; or the list of events itself) as a CSV of the layout's columns;
    any other JSON is refused with what was expected."""
    key, columns, what = JSON_PAGES[layout]
    expected = f"{what} saved to a file, or a CSV export"
    try:
        body = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(f"{path}: not valid JSON ({exc}); expected {expected}") from None
    rows = body.get(key) if isinstance(body, dict) else body
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise IngestError(f"{path}: JSON without a {key!r} list of events; expected {expected}")
    if not rows:
        raise IngestError(f"{path}: the {key!r} list is empty; expected at least one event")
    extra = sorted({k for r in rows for k in r} - set(columns))
    out = folder / (path.stem + ".csv")
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*columns, *extra], restval="")
        writer.writeheader()
        writer.writerows({k: "" if v is None else str(v) for k, v in r.items()} for r in rows)
    return out
