"""Writers for event CSV files in the layouts watchfloor reads, for tests and benchmarks."""
from __future__ import annotations

import csv
from pathlib import Path

from watchfloor.ingest.layouts import ACLED_COLUMNS, GED_FULL_COLUMNS

REDUCED_COLUMNS = ["id", "year", "month", "day", "country", "type_of_violence", "conflict_name", "side_a", "side_b",
                   "latitude", "longitude", "low_death", "best_death", "high_death", "iso3", "date_start"]


def ged_full_row(i: int, **over) -> dict:
    row = {c: "" for c in GED_FULL_COLUMNS}
    row.update({
        "id": str(i), "relid": f"MLI-2020-1-{i}", "year": "2020", "active_year": "1", "code_status": "Clear",
        "type_of_violence": "1", "conflict_name": "Mali: Government", "dyad_name": "Government of Mali - JNIM",
        "side_a": "Government of Mali", "side_b": "JNIM", "number_of_sources": "2",
        "source_headline": "Clash near Mopti", "where_prec": "1", "where_coordinates": "Sévaré town",
        "where_description": "near Sévaré", "adm_1": "Mopti region", "adm_2": "Mopti cercle",
        "latitude": "14.53", "longitude": "-4.09", "geom_wkt": "POINT (-4.09 14.53)", "priogrid_gid": "151676",
        "country": "Mali", "country_id": "432", "region": "Africa", "event_clarity": "1", "date_prec": "1",
        "date_start": "2020-03-01 00:00:00.000", "date_end": "2020-03-01 00:00:00.000", "deaths_a": "2",
        "deaths_b": "3", "deaths_civilians": "0", "deaths_unknown": "0", "best": "5", "high": "7", "low": "5",
        "gwnoa": "432", "gwnob": "",
    })
    row.update({k: str(v) for k, v in over.items()})
    return row


def reduced_row(i: int, **over) -> dict:
    row = {"id": str(i), "year": "2019", "month": "6", "day": "10", "country": "Mali",
           "type_of_violence": "One-sided violence", "conflict_name": "JNIM - Civilians", "side_a": "JNIM",
           "side_b": "Civilians", "latitude": "14.3", "longitude": "-3.6", "low_death": "1", "best_death": "2",
           "high_death": "3", "iso3": "MLI", "date_start": "2019-06-10"}
    row.update({k: str(v) for k, v in over.items()})
    return row


def acled_row(i: int, **over) -> dict:
    row = {c: "" for c in ACLED_COLUMNS}
    row.update({
        "event_id_cnty": f"MLI{i}", "event_date": "12 September 2023", "year": "2023", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Mali (2021-)", "assoc_actor_1": "Wagner Group", "inter1": "1",
        "actor2": "CSP-PSD: Permanent Strategic Framework", "assoc_actor_2": "", "inter2": "2",
        "interaction": "12", "civilian_targeting": "", "iso": "466", "region": "Western Africa",
        "country": "Mali", "admin1": "Gao", "admin2": "Bourem", "admin3": "Bourem", "location": "Bourem",
        "latitude": "16.9562", "longitude": "-0.3522", "geo_precision": "1", "source": "France 24",
        "source_scale": "International", "notes": "Fighting between FAMa and CSP over the camp in Bourem.",
        "fatalities": "10", "tags": "", "timestamp": "1695000000",
    })
    row.update({k: str(v) for k, v in over.items()})
    return row


def write_csv(path: Path, columns: list[str] | tuple[str, ...], rows: list[dict], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
