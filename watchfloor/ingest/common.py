"""What every layout shares: opening the file (files.py), checking its header, running the load in one transaction."""
from __future__ import annotations

import tempfile
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Callable

from watchfloor.ingest.files import open_download
from watchfloor.model import IngestResult
from watchfloor.store import Store
from watchfloor.store.coverage import CoverageError
from watchfloor.store.layouts import LayoutSQL
from watchfloor.store.staging import IngestError, RowError, ingest_csv


def require_columns(path: Path, header: list[str], spec: LayoutSQL) -> None:
    missing = [col for col in spec.required if col not in header]
    if missing:
        raise IngestError(f"{path}: line 1: missing column(s) {', '.join(missing)} for the {spec.variant} layout",
                          [RowError(str(path), 1, col, None, "this column in the header") for col in missing])


def ingest_file(store: Store, path: str | Path, layout: str, *, skip_bad_rows: bool = False,
                encoding: str = "utf-8", progress: Callable[[str], None] = lambda s: None,
                covers_from: date | str | None = None, covers_to: date | str | None = None,
                covers_countries: tuple[str, ...] | list[str] = (), date_order: str | None = None) -> IngestResult:
    """Ingest one file of the named layout ('ucdp' or 'acled').

    The dataset's coverage (period and countries) is read from its rows; `covers_from` / `covers_to` state
    the period instead (e.g. an export for 2023–2024 whose first and last weeks were quiet), and
    `covers_countries` adds countries it covers without rows. `date_order` ('dmy' or 'mdy') reads dates
    such as 05/06/2020 that a spreadsheet wrote and no other date in the file settles."""
    from watchfloor.bundled import ensure_countries
    from watchfloor.ingest import acled, ucdp

    modules = {"ucdp": ucdp, "acled": acled}
    if layout not in modules:
        raise IngestError(f"unknown layout {layout!r}; expected one of {', '.join(modules)}")
    path = Path(path)
    with ExitStack() as cleanup:
        download = open_download(path, layout, encoding,
                                 lambda: Path(cleanup.enter_context(tempfile.TemporaryDirectory())))
        staged, unit, shown, csv_file = download.csv, download.unit, download.name, download.csv_file
        header = csv_file.header
        spec = modules[layout].layout_for(Path(shown), header)
        require_columns(Path(shown), header, spec)
        covers = {"covers_from": _day(covers_from, "--covers-from"), "covers_to": _day(covers_to, "--covers-to"),
                  "countries": tuple(c.strip().upper() for c in covers_countries if c.strip())}
        if covers["covers_from"] and covers["covers_to"] and covers["covers_from"] > covers["covers_to"]:
            raise IngestError(f"--covers-from {covers['covers_from']} is after --covers-to {covers['covers_to']}")
        ensure_countries(store)
        try:
            # the rows and their incidents in one transaction: a failed ingest or linking leaves neither
            with store.transaction():
                result = ingest_csv(store, staged, spec, header, licence=modules[layout].LICENCE,
                                    skip_bad_rows=skip_bad_rows, encoding=csv_file.encoding, progress=progress,
                                    covers=covers, delimiter=csv_file.delimiter, source=path, unit=unit,
                                    date_order=date_order, name=shown)
                if result.inserted or result.updated:
                    progress("linking")
                    link_ingested(store, result.dataset_id, shown)
            return result
        except CoverageError as exc:
            raise IngestError(f"{shown}: {exc}") from None


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


def _is_json(path: Path) -> bool:
    if not path.is_file():
        return False
    with open(path, "rb") as fh:
        return fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


# JSON an API answers, saved to a file: the key of its list of events, and the CSV columns its events have.
JSON_PAGES = {
    "ucdp": ("Result", "GED_FULL_COLUMNS", 'a UCDP GED API page ({"Result": [events], …})'),
    "acled": ("data", "ACLED_COLUMNS", 'an ACLED API answer ({"data": [events], …})'),
}


def json_as_csv(path: Path, layout: str, folder: Path) -> Path:
    """An API answer saved to a file (JSON_PAGES; or the list of events itself) as a CSV of the layout's columns;
    any other JSON is refused with what was expected."""
    from watchfloor.store import layouts
    key, columns, what = JSON_PAGES[layout]
    columns = getattr(layouts, columns)
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


def link_ingested(store: Store, dataset_id: int, name: str) -> dict:
    """Link the events an ingest inserted or changed (and any record not linked yet, such as events read from
    reports since) with the records around them (watchfloor/incidents/service.py: link_new)."""
    from watchfloor.config import current_user
    from watchfloor.incidents.service import link_new
    from watchfloor.store.incidents import dataset_records, unlinked
    seeds = set(dataset_records(store, dataset_id)) | set(unlinked(store))
    return link_new(store, seeds, by=current_user(), reason=f"ingest {name}")


def _day(value: date | str | None, option: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise IngestError(f"{option} {value!r}: expected a date YYYY-MM-DD") from None
