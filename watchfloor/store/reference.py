"""Reference tables: regions, places, actors, force presence — and re-assigning events to regions."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from watchfloor.geo.regions import RegionIndex
from watchfloor.model import Actor, Place, Region
from watchfloor.store.connection import Store
from watchfloor.store.layouts import MISSING_COORDINATES, SUSPECT_COORDINATES


def replace_regions(store: Store, regions: list[Region]) -> int:
    """Insert or replace regions by id (a country's reload replaces that country's set of that level)."""
    with store.transaction():
        for country, level in {(r.country, r.level) for r in regions}:
            store.execute("DELETE FROM regions WHERE country = ? AND level = ?", [country, level])
        store.con.executemany(
            "INSERT INTO regions (id, country, level, name, code, name_alt, geometry, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[r.id, r.country, r.level, r.name, r.code, "|".join(r.name_alt), json.dumps(r.geometry), r.source]
             for r in regions],
        )
    return len(regions)


def region_index(store: Store, country: str | None = None, level: int = 1) -> RegionIndex:
    sql = "SELECT id, name, geometry, country FROM regions WHERE level = ?"
    params: list = [level]
    if country:
        sql += " AND country = ?"
        params.append(country)
    return RegionIndex([(i, n, json.loads(g), k) for i, n, g, k in store.rows(sql + " ORDER BY id", params)])


def regions_frame(store: Store, country: str | None = None, level: int = 1,
                  geometry: bool = False) -> pd.DataFrame:
    cols = "id, country, level, name, code, name_alt" + (", geometry" if geometry else "")
    sql = f"SELECT {cols} FROM regions WHERE level = ?"
    params: list = [level]
    if country:
        sql += " AND country = ?"
        params.append(country)
    return store.frame(sql + " ORDER BY country, name", params)


def assign_regions(index: RegionIndex, lat: np.ndarray, lon: np.ndarray) -> tuple[list, list]:
    """(region_id, admin1 name) for each point, None where no region holds it."""
    ids, names, _ = assign_regions_with_country(index, lat, lon)
    return ids, names


def assign_regions_with_country(index: RegionIndex, lat: np.ndarray, lon: np.ndarray) -> tuple[list, list, list]:
    """(region_id, admin1 name, region's country) for each point, None where no region holds it."""
    k = index.assign(lat, lon)
    pick = [np.array(values + [None], dtype=object)[k] for values in (index.ids, index.names, index.countries)]
    return tuple(list(p) for p in pick)


def reassign_event_regions(store: Store) -> int:
    """Re-run point-in-polygon for every stored event (after regions change). Returns events touched."""
    index = region_index(store)
    with store.transaction():
        coords = store.frame("SELECT DISTINCT latitude, longitude FROM events WHERE latitude IS NOT NULL "
                             f"AND NOT {SUSPECT_COORDINATES[0]} AND NOT {MISSING_COORDINATES[0]}")
        if coords.empty:
            return 0
        coords["region_id"], coords["admin1"], coords["region_country"] = assign_regions_with_country(
            index, coords["latitude"].to_numpy(), coords["longitude"].to_numpy())
        store.con.register("coord_regions", coords)
        try:
            n = store.scalar(
                "SELECT count(*) FROM events e JOIN coord_regions c "
                "ON e.latitude = c.latitude AND e.longitude = c.longitude "
                "WHERE e.region_id IS DISTINCT FROM c.region_id")
            store.execute(
                "UPDATE events SET region_id = c.region_id, admin1 = c.admin1, "
                "country_iso3 = coalesce(events.country_iso3, c.region_country) FROM coord_regions c "
                "WHERE events.latitude = c.latitude AND events.longitude = c.longitude")
        finally:
            store.con.unregister("coord_regions")
        store.audit("regions.reassign", "events", {"changed": n})
    return n


def replace_places(store: Store, places: list[Place], source: str) -> int:
    with store.transaction():
        store.execute("DELETE FROM places WHERE source = ?", [source])
        store.con.executemany(
            "INSERT INTO places (id, name, country, latitude, longitude, region_id, admin1, population, kind, "
            "alt_names, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[p.id, p.name, p.country, p.latitude, p.longitude, p.region_id, p.admin1, p.population, p.kind,
              "|".join(p.alt_names), source] for p in places],
        )
    return len(places)


def replace_actors(store: Store, actors: list[Actor], source: str) -> int:
    with store.transaction():
        store.execute("DELETE FROM actor_aliases WHERE actor_id IN (SELECT id FROM actors WHERE source = ?)",
                      [source])
        store.execute("DELETE FROM actors WHERE source = ?", [source])
        store.con.executemany(
            "INSERT INTO actors (id, name, kind, country, parent_id, valid_from, valid_until, successor_id, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[a.id, a.name, a.kind, a.country, a.parent_id, a.valid_from, a.valid_until, a.successor_id, source]
             for a in actors],
        )
        aliases = {(a.id, alias): lang for a in actors for alias, lang in a.aliases}
        store.con.executemany("INSERT INTO actor_aliases (actor_id, alias, lang) VALUES (?, ?, ?)",
                              [[aid, alias, lang] for (aid, alias), lang in aliases.items()])
    return len(actors)


def replace_force_presence(store: Store, frame: pd.DataFrame) -> int:
    """frame columns: id, actor, contributor, place, latitude, longitude, region_id, period_start,
    period_end, strength, strength_kind, source, source_row, flag."""
    with store.transaction():
        for source in frame["source"].unique():
            store.execute("DELETE FROM force_presence WHERE source = ?", [source])
        store.con.register("fp_new", frame)
        try:
            store.execute("INSERT INTO force_presence SELECT id, actor, contributor, place, latitude, longitude, "
                          "region_id, period_start, period_end, strength, strength_kind, source, source_row, flag "
                          "FROM fp_new")
        finally:
            store.con.unregister("fp_new")
    return len(frame)


def force_presence_frame(store: Store, country: str | None = None) -> pd.DataFrame:
    sql = ("SELECT f.*, r.country FROM force_presence f LEFT JOIN regions r ON r.id = f.region_id")
    params: list = []
    if country:
        sql += " WHERE r.country = ?"
        params.append(country)
    return store.frame(sql + " ORDER BY f.period_start, f.place", params)


def places_frame(store: Store) -> pd.DataFrame:
    return store.frame("SELECT * FROM places ORDER BY name")


def actors_frame(store: Store) -> pd.DataFrame:
    return store.frame(
        "SELECT a.*, string_agg(al.alias, '|' ORDER BY al.alias) AS aliases FROM actors a "
        "LEFT JOIN actor_aliases al ON al.actor_id = a.id GROUP BY ALL ORDER BY a.name")


def countries_loaded(store: Store) -> bool:
    return bool(store.scalar("SELECT count(*) FROM countries"))


def replace_countries(store: Store, countries: list[tuple[str, int | None, str | None, str]],
                      names: dict[str, str], gw_codes: list[tuple[int, str]]) -> None:
    """countries: (iso3, iso_numeric, iso2, name); names: spelling -> iso3; gw_codes: (GW code, iso3)."""
    with store.transaction():
        for table in ("countries", "country_names", "country_gw_codes"):
            store.execute(f"DELETE FROM {table}")
        store.con.executemany("INSERT INTO countries VALUES (?, ?, ?, ?)", [list(x) for x in countries])
        store.con.executemany("INSERT INTO country_names VALUES (?, ?)",
                              [[name.lower(), iso3] for name, iso3 in names.items()])
        store.con.executemany("INSERT INTO country_gw_codes VALUES (?, ?)", [list(x) for x in gw_codes])
