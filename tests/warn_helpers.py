"""Stores for the warning and brief tests: a made-up country (its own boundaries, events and a report)
and the bundled Sahel data."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd

from ingest_helpers import REDUCED_COLUMNS, reduced_row, write_csv

from watchfloor.bundled import BUNDLED_EVENTS, ensure_countries, load_reference
from watchfloor.geo.regions import read_admin_geojson
from watchfloor.ingest import ingest_file
from watchfloor.store import Store
from watchfloor.store.reference import reassign_event_regions, replace_force_presence, replace_regions

# Freedonia: three provinces side by side (a country no dataset knows; ISO3-like code XFD).
PROVINCES = {"North March": ("XF-NM", 40.0), "South March": ("XF-SM", 41.0), "East March": ("XF-EM", 42.0)}
CENTRES = {name: (40.5, x0 + 0.5) for name, (_, x0) in PROVINCES.items()}


def square(x0: float, y0: float, size: float = 1.0) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size],
                                                [x0, y0 + size], [x0, y0]]]}


def write_freedonia(tmp_path: Path) -> tuple[Path, Path]:
    admin1 = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"shapeName": name, "shapeISO": code, "shapeGroup": "XFD"},
         "geometry": square(x0, 40.0)} for name, (code, x0) in PROVINCES.items()]}
    admin0 = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Freedonia", "iso_a3": "XFD"},
         "geometry": {"type": "Polygon", "coordinates": [[[40, 40], [43, 40], [43, 41], [40, 41], [40, 40]]]}}]}
    p1, p0 = tmp_path / "freedonia_admin1.geojson", tmp_path / "freedonia_admin0.geojson"
    p1.write_text(json.dumps(admin1))
    p0.write_text(json.dumps(admin0))
    return p0, p1


def freedonia_rows() -> list[dict]:
    """Thirty months of low-level violence, then a surge in North March in the last month (June 2020),
    including one attack with 40 dead."""
    rows, i = [], 1
    months = [date(2018 + (k // 12), k % 12 + 1, 1) for k in range(30)]  # 2018-01 .. 2020-06
    for k, m in enumerate(months):
        for name, (lat, lon) in CENTRES.items():
            if name == "East March" and k % 3:
                continue  # the quiet province: an event every third month
            deaths = 1 + (k + len(name)) % 3
            day = date(m.year, m.month, 10 + (i % 7))
            rows.append(_row(i, day, lat + 0.1, lon, deaths))
            i += 1
    last = months[-1]
    lat, lon = CENTRES["North March"]
    for d, deaths in [(3, 5), (8, 7), (12, 40), (15, 6), (19, 4), (22, 9), (25, 3), (29, 8)]:
        rows.append(_row(i, date(last.year, last.month, d), lat - 0.2, lon + 0.1, deaths))
        i += 1
    return rows


def _row(i: int, day: date, lat: float, lon: float, deaths: int) -> dict:
    return reduced_row(9000 + i, year=day.year, month=day.month, day=day.day, date_start=day.isoformat(),
                       country="Freedonia", iso3="XFD", latitude=lat, longitude=lon,
                       type_of_violence="State-based violence", conflict_name="Freedonia: Government",
                       side_a="Government of Freedonia", side_b="Northern Liberation Front",
                       low_death=deaths, best_death=deaths, high_death=deaths)


def freedonia_store(tmp_path: Path, db: str | None = None) -> Store:
    """The made-up country's store, in tmp_path, or at `db` (e.g. a PostgreSQL database's URL)."""
    store = Store.open(db or tmp_path / "freedonia.duckdb")
    ensure_countries(store)
    p0, p1 = write_freedonia(tmp_path)
    replace_regions(store, read_admin_geojson(p0, level=0, code_field="iso_a3")
                    + read_admin_geojson(p1, level=1, country="XFD"))
    ingest_file(store, write_csv(tmp_path / "freedonia_events.csv", REDUCED_COLUMNS, freedonia_rows()), "ucdp")
    reassign_event_regions(store)
    replace_force_presence(store, force_presence())
    return store


def force_presence() -> pd.DataFrame:
    """A made-up stabilisation mission with a base in North March (for the what-if), 2018-2020."""
    lat, lon = CENTRES["North March"]
    return pd.DataFrame([{
        "id": f"test:{year}", "actor": "FSM", "contributor": None, "place": "Ashford", "latitude": lat,
        "longitude": lon, "region_id": "XFD.XF-NM", "period_start": date(year, 1, 1), "period_end": date(year, 12, 31),
        "strength": 800.0, "strength_kind": "troops", "source": "test", "source_row": year - 2017, "flag": None}
        for year in (2018, 2019, 2020)])


# A report of our own writing about Freedonia, with hostile markup in its title and body: the brief must
# show it as text, never run it.
HOSTILE_TITLE = 'Freedonia weekly <script>alert("title")</script>'
FREEDONIA_REPORT = """{title}

Region of Concern: Freedonia

Written By Ada Field; Edited by Ben Stone

Date: June 30, 2020

Event: On June 12, 2020, the Northern Liberation Front attacked an army base near Ashford in North March, killing 40 soldiers.[1] On June 20, the Northern Liberation Front declared war on the government of Freedonia <img src=x onerror=alert("body")><script>alert("body")</script>.[2]

Significance: Fighting will very likely spread to South March in the coming months.

Recommendations: The Freedonia Monitoring Group recommends that the government of Freedonia open talks with the Northern Liberation Front.

[1] Base attacked in North March, Freedonia Herald, June 2020, https://example.org/herald/ashford
[2] Front declares war, Freedonia Herald, June 2020, https://example.org/herald/war
"""


def read_freedonia_report(store: Store, tmp_path: Path) -> str:
    """Read the report with the real reader and store it; returns the report id."""
    from watchfloor.read.pipeline import read_document
    from watchfloor.store.reports import store_report
    path = tmp_path / "freedonia_report.txt"
    path.write_text(FREEDONIA_REPORT.format(title=HOSTILE_TITLE), encoding="utf-8")
    report_id, _ = store_report(store, read_document(path))
    return report_id


def sahel_store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "sahel.duckdb")
    load_reference(store)
    ingest_file(store, BUNDLED_EVENTS, "ucdp")
    return store
