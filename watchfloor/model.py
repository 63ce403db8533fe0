"""The domain records, in the analyst's words. Plain dataclasses: stages pass these or tables."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date


@dataclass(frozen=True)
class Event:
    """One event from a dataset row: who did what to whom, where, when, with how many dead."""
    id: str                      # '<layout>:<source_id>'
    dataset_id: int
    layout: str                  # 'ucdp' or 'acled'
    source_id: str
    source_row: int | None
    date_start: date
    date_end: date
    date_precision: str | None   # day, week, month, year
    country_iso3: str | None
    admin1_source: str | None    # admin-1 as the source wrote it
    region_id: str | None        # admin-1 assigned by point-in-polygon against `regions`
    admin1: str | None
    latitude: float | None
    longitude: float | None
    location_precision: int | None
    location_name: str | None
    actor1: str | None
    actor2: str | None
    violence_type: str | None    # state-based, non-state, one-sided (UCDP's categories)
    event_type: str | None       # ACLED taxonomy where known
    sub_event_type: str | None
    source_type: str | None      # the source's own type label
    fatalities: int
    fatalities_low: int | None
    fatalities_high: int | None
    notes: str | None
    flag: str | None             # data-quality note (never silently fixed)
    row_hash: str
    admin2_id: str | None = None     # admin-2 region (where the country has that level loaded)
    admin2: str | None = None
    region_flag: str | None = None   # 'border': the point lies outside its country's polygons (see geo/assign.py)


EVENT_COLUMNS = [f.name for f in fields(Event)]


@dataclass(frozen=True)
class Region:
    id: str
    country: str
    level: int
    name: str
    code: str | None
    geometry: dict               # GeoJSON geometry
    name_alt: tuple[str, ...] = ()
    source: str | None = None
    parent_id: str | None = None  # the admin-1 region an admin-2 region lies in


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    country: str | None
    latitude: float
    longitude: float
    region_id: str | None = None
    admin1: str | None = None
    population: int | None = None
    kind: str = "populated place"
    alt_names: tuple[str, ...] = ()
    source: str | None = None
    admin2_id: str | None = None
    admin2: str | None = None


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str | None = None
    country: str | None = None
    parent_id: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    successor_id: str | None = None
    aliases: tuple[tuple[str, str | None], ...] = field(default=())
    source: str | None = None


@dataclass(frozen=True)
class IngestResult:
    """What one ingest did, row by row."""
    dataset_id: int | None
    inserted: int
    updated: int
    unchanged: int
    rejected: int

    def as_dict(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected}
