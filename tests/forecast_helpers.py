"""A made-up country for forecast tests: six 1° square regions, synthetic events and a peacekeeping force.

Freedonia (ISO3 'XFD') lies in the southern Indian Ocean, far from any real boundary. Its regions sit in
a 3 × 2 block: 'Hotland' (north-west) has deaths most months, 'Edge' next to it some months, the rest
almost none. A force 'PKF' (contributors alpha and beta) is stationed in Hotland from 2013.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ingest_helpers import REDUCED_COLUMNS, reduced_row, write_csv
from watchfloor.geo.regions import read_admin_geojson
from watchfloor.ingest import ingest_file
from watchfloor.store import Store
from watchfloor.store.reference import replace_force_presence, replace_regions

COUNTRY = "XFD"
LON0, LAT0 = 100.0, -40.0
# (name, column, row) in the 3 × 2 block; row 1 is the northern row
REGIONS = [("Hotland", 0, 1), ("Edge", 1, 1), ("Farside", 2, 1), ("Lowfield", 0, 0), ("Middling", 1, 0),
           ("Calmcoast", 2, 0)]
MONTHS = pd.date_range("2010-01-01", "2016-12-01", freq="MS")


def square(col: int, row: int, size: float = 1.0) -> dict:
    x, y = LON0 + col * size, LAT0 + row * size
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}


def write_boundaries(folder: Path) -> tuple[Path, Path]:
    admin1 = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": n, "iso_a3": COUNTRY, "iso_3166_2": f"XF-{i + 1}"},
         "geometry": square(c, r)} for i, (n, c, r) in enumerate(REGIONS)]}
    outline = {"type": "Polygon", "coordinates": [[[LON0, LAT0], [LON0 + 3, LAT0], [LON0 + 3, LAT0 + 2],
                                                   [LON0, LAT0 + 2], [LON0, LAT0]]]}
    admin0 = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Freedonia", "iso_a3": COUNTRY}, "geometry": outline}]}
    p1, p0 = folder / "xfd_admin1.geojson", folder / "xfd_admin0.geojson"
    p1.write_text(json.dumps(admin1), encoding="utf-8")
    p0.write_text(json.dumps(admin0), encoding="utf-8")
    return p0, p1


def synthetic_events(seed: int = 7) -> list[dict]:
    """Deaths most months in Hotland (rising after 2014), some in Edge, one stray event in Calmcoast."""
    rng = np.random.default_rng(seed)
    rows, i = [], 1
    for m in MONTHS:
        for name, col, row, rate, mean in (("Hotland", 0, 1, 0.85 if m.year < 2014 else 0.95, 6 if m.year < 2014 else 14),
                                           ("Edge", 1, 1, 0.3, 3)):
            if rng.random() < rate:
                deaths = 1 + int(rng.poisson(mean))
                day = int(rng.integers(1, 28))
                rows.append(reduced_row(i, year=m.year, month=m.month, day=day, country="Freedonia", iso3=COUNTRY,
                                        date_start=f"{m.year}-{m.month:02d}-{day:02d}",
                                        latitude=LAT0 + row + 0.3 + 0.4 * rng.random(),
                                        longitude=LON0 + col + 0.3 + 0.4 * rng.random(),
                                        type_of_violence="State-based violence" if i % 2 else "One-sided violence",
                                        low_death=deaths, best_death=deaths, high_death=deaths))
                i += 1
    # one stray event in Calmcoast, and a last event on the last days of December 2016 ("now" = 2016-12)
    rows.append(reduced_row(i, year=2012, month=5, day=3, country="Freedonia", iso3=COUNTRY, date_start="2012-05-03",
                            latitude=LAT0 + 0.5, longitude=LON0 + 2.5, low_death=2, best_death=2, high_death=2))
    rows.append(reduced_row(i + 1, year=2016, month=12, day=30, country="Freedonia", iso3=COUNTRY,
                            date_start="2016-12-30", latitude=LAT0 + 1.5, longitude=LON0 + 0.5, low_death=1,
                            best_death=1, high_death=1))
    return rows


def force_presence() -> pd.DataFrame:
    rows = []
    for year in range(2013, 2018):
        for contributor, strength in (("alpha", 600.0), ("beta", 200.0)):
            rows.append({"actor": "PKF", "contributor": contributor, "place": "Hotcamp", "latitude": LAT0 + 1.5,
                         "longitude": LON0 + 0.5, "region_id": f"{COUNTRY}.XF-1", "year": year, "strength": strength})
    frame = pd.DataFrame(rows)
    frame["source"] = "test_pko"
    frame["source_row"] = range(1, len(frame) + 1)
    frame["id"] = "test_pko:" + frame["source_row"].astype(str)
    frame["period_start"] = [pd.Timestamp(y, 1, 1).date() for y in frame["year"]]
    frame["period_end"] = [pd.Timestamp(y, 12, 31).date() for y in frame["year"]]
    frame["strength_kind"] = "troops"
    frame["flag"] = None
    return frame[["id", "actor", "contributor", "place", "latitude", "longitude", "region_id", "period_start",
                  "period_end", "strength", "strength_kind", "source", "source_row", "flag"]]


def build_made_up_store(path: Path, folder: Path) -> Path:
    """A store holding only Freedonia: boundaries, events (UCDP reduced layout) and force presence."""
    p0, p1 = write_boundaries(folder)
    events_csv = write_csv(folder / "xfd_events.csv", REDUCED_COLUMNS, synthetic_events())
    with Store.open(path) as store:
        replace_regions(store, read_admin_geojson(p0, level=0) + read_admin_geojson(p1, level=1))
        replace_force_presence(store, force_presence())
        ingest_file(store, events_csv, "ucdp")
    return path
