"""What every layout shares: opening the file (files.py), checking its header, running the load in one transaction."""
from __future__ import annotations

import tempfile
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Callable

from watchfloor.ingest.files import open_download
from watchfloor.layout_terms import Layout
from watchfloor.model import IngestResult
from watchfloor.store import Store
from watchfloor.store.coverage import CoverageError
from watchfloor.store.layouts import layout_sql
from watchfloor.store.staging import IngestError, RowError, ingest_csv


def require_columns(path: Path, header: list[str], spec: Layout) -> None:
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
                result = ingest_csv(store, staged, layout_sql(spec), header, licence=modules[layout].LICENCE,
                                    skip_bad_rows=skip_bad_rows, encoding=csv_file.encoding, progress=progress,
                                    covers=covers, delimiter=csv_file.delimiter, source=path, unit=unit,
                                    date_order=date_order, name=shown, skip=csv_file.skip)
                if result.inserted or result.updated:
                    progress("linking")
                    link_ingested(store, result.dataset_id, shown)
            return result
        except CoverageError as exc:
            raise IngestError(f"{shown}: {exc}") from None


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
