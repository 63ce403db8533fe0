"""watchfloor: conflict early warning and intelligence analysis.

    import watchfloor
    wf = watchfloor.open("watchfloor.duckdb")
    wf.events(country="MLI", since="2020-01-01")   # a pandas DataFrame
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from watchfloor.config import store_path
from watchfloor.store import Store
from watchfloor.store.events import EventFilter, events_frame, summary_frame

__version__ = "0.1.0"


def _as_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class Watchfloor:
    """One open store, with the analyst's questions as methods."""

    def __init__(self, store: Store):
        self.store = store

    def events(self, country: str | None = None, region: str | None = None, since: str | date | None = None,
               until: str | date | None = None, actor: str | None = None, type: str | None = None,
               limit: int | None = None) -> pd.DataFrame:
        return events_frame(self.store, EventFilter(country, region, _as_date(since), _as_date(until), actor,
                                                    type, limit))

    def summary(self, country: str | None = None, source: str | None = None) -> pd.DataFrame:
        """Per region and year; per source too when `source` is named or the store holds several."""
        from watchfloor.store.coverage import resolve_sources, stored_sources
        if source is None and len(stored_sources(self.store, country)) <= 1:
            return summary_frame(self.store, country)
        return summary_frame(self.store, country, resolve_sources(self.store, country, "summary", source))

    def coverage(self, country: str | None = None) -> list[dict]:
        """What each stored source covers (for the country): label, first and last month, months, gaps."""
        from watchfloor.store.coverage import describe, stored_sources
        return describe(self.store, country, stored_sources(self.store, country))

    def ingest(self, path: str | Path, layout: str, skip_bad_rows: bool = False):
        from watchfloor.ingest import ingest_file
        return ingest_file(self.store, path, layout, skip_bad_rows=skip_bad_rows)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Watchfloor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(path: str | Path | None = None, read_only: bool = False) -> Watchfloor:  # noqa: A001 - the API's name
    """Open (creating and migrating if needed) the store at `path`, else $WATCHFLOOR_DB, else ./watchfloor.duckdb."""
    return Watchfloor(Store.open(store_path(path), read_only=read_only))
