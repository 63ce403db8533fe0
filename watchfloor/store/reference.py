"""Reference tables: regions, places, actors, force presence — and re-assigning events to regions."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from watchfloor.geo.assign import AdminAssigner
from watchfloor.geo.regions import RegionIndex
from watchfloor.model import Actor, Place, Region
from watchfloor.store.connection import Store
from watchfloor.store.layouts import MISSING_COORDINATES, SUSPECT_COORDINATES


def replace_regions(store: Store, regions: list[Region]) -> int:
    """Insert or replace regions by id (a country's reload replaces that country's set of that level).
    An admin-2 region without a parent takes the admin-1 of its country that holds its representative point;
    a region loaded under an id another level holds replaces it."""
    with store.transaction():
        for country, level in {(r.country, r.level) for r in regions}:
            store.execute("DELETE FROM regions WHERE country = ? AND level = ?", [country, level])
        # the same id at another level (provinces loaded back as admin-1) is replaced too
        store.con.executemany("DELETE FROM regions WHERE id = ?", [[r.id] for r in regions])
        rows = [[r.id, r.country, r.level, r.name, r.code, "|".join(r.name_alt), json.dumps(r.geometry), r.source,
                 r.parent_id] for r in regions]
        store.con.executemany(
            "INSERT INTO regions (id, country, level, name, code, name_alt, geometry, source, parent_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        _settle_parents(store)
    return len(regions)


def _settle_parents(store: Store) -> None:
    """Admin-2 parents: kept where the parent exists, else found by point-in-polygon in the same country."""
    orphans = store.rows("SELECT c.id, c.country, c.geometry FROM regions c WHERE c.level = 2 AND NOT EXISTS "
                         "(SELECT 1 FROM regions p WHERE p.id = c.parent_id AND p.level = 1 AND p.country = c.country)")
    if not orphans:
        return
    import shapely.geometry
    index = region_index(store)
    points = [shapely.geometry.shape(json.loads(g)).representative_point() for _, _, g in orphans]
    k = index.assign(np.array([p.y for p in points]), np.array([p.x for p in points]))
    updates = [[index.ids[j] if j >= 0 and index.countries[j] == country else None, rid]
               for (rid, country, _), j in zip(orphans, k)]
    store.con.executemany("UPDATE regions SET parent_id = ? WHERE id = ?", updates)


def region_index(store: Store, country: str | None = None, level: int = 1) -> RegionIndex:
    sql = "SELECT id, name, geometry, country, parent_id, name_alt FROM regions WHERE level = ?"
    params: list = [level]
    if country:
        sql += " AND country = ?"
        params.append(country)
    return RegionIndex([(i, n, json.loads(g), k, p, a) for i, n, g, k, p, a in store.rows(sql + " ORDER BY id", params)])


def admin_assigner(store: Store) -> AdminAssigner:
    """Admin-1 and admin-2 of every loaded country, for point → region with borders in mind. Built once for the
    regions as they are (every ingest needs it: building it parsed every shape again, ~1 s of CPU)."""
    return built_for(store, "admin_assigner", "SELECT count(*), sum(hash(id, name, geometry, country, parent_id, "
                     "name_alt, level)) FROM regions",
                     lambda: AdminAssigner(region_index(store, level=1), region_index(store, level=2)))


_BUILT: dict[str, tuple] = {}     # what -> (the fingerprint of the rows it was built from, what was built)


def built_for(store: Store, what: str, fingerprint_sql: str, build):
    """`build()` once for the rows `fingerprint_sql` fingerprints (one row: a count and a sum of row hashes,
    over every column `build` reads): the last one built is kept and given again while the fingerprint is the
    same (in any store holding those rows); a change to the rows builds it again. Treat it as read-only."""
    key = tuple(str(v) for v in store.rows(fingerprint_sql)[0])
    hit = _BUILT.get(what)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = build()
    _BUILT[what] = (key, value)
    return value


def regions_frame(store: Store, country: str | None = None, level: int = 1,
                  geometry: bool = False) -> pd.DataFrame:
    cols = "id, country, level, name, code, name_alt" + (", geometry" if geometry else "")
    sql = f"SELECT {cols} FROM regions WHERE level = ?"
    params: list = [level]
    if country:
        sql += " AND country = ?"
        params.append(country)
    return store.frame(sql + " ORDER BY country, name", params)


def place_regions(assigner: AdminAssigner, lat, lon, country: list) -> tuple[list, list, list, list]:
    """(region_id, admin1, admin2_id, admin2) for places of known countries (borders as for events)."""
    found = assigner.assign(lat, lon, country)
    return found.region_id, found.admin1, found.admin2_id, found.admin2


def assign_regions(index: RegionIndex, lat: np.ndarray, lon: np.ndarray) -> tuple[list, list]:
    """(region_id, admin1 name) for each point, None where no region holds it."""
    ids, names, _ = assign_regions_with_country(index, lat, lon)
    return ids, names


def assign_regions_with_country(index: RegionIndex, lat: np.ndarray, lon: np.ndarray) -> tuple[list, list, list]:
    """(region_id, admin1 name, region's country) for each point, None where no region holds it."""
    k = index.assign(lat, lon)
    pick = [np.array(values + [None], dtype=object)[k] for values in (index.ids, index.names, index.countries)]
    return tuple(list(p) for p in pick)


def settle_coordinates(assigner: AdminAssigner, coords: pd.DataFrame) -> pd.DataFrame:
    """coords: latitude, longitude, country_iso3, admin1_source (one row per distinct combination) →
    the same rows with region_id, admin1, admin2_id, admin2, region_flag and region_country added."""
    coords = coords.copy()
    found = assigner.assign(coords["latitude"].to_numpy(float), coords["longitude"].to_numpy(float),
                            coords["country_iso3"].tolist(), coords["admin1_source"].tolist())
    for col in ("region_id", "admin1", "admin2_id", "admin2", "region_flag"):
        coords[col] = pd.Series(getattr(found, col), index=coords.index, dtype=object)
    coords["region_country"] = pd.Series(found.country, index=coords.index, dtype=object)
    return coords


def reassign_event_regions(store: Store) -> int:
    """Re-run point → admin-1/admin-2 for every stored event (after regions change). Returns events touched."""
    assigner = admin_assigner(store)
    with store.transaction():
        coords = store.frame("SELECT DISTINCT latitude, longitude, country_iso3, admin1_source FROM events "
                             f"WHERE latitude IS NOT NULL AND NOT {SUSPECT_COORDINATES[0]} "
                             f"AND NOT {MISSING_COORDINATES[0]}")
        store.execute("DELETE FROM settings WHERE key = 'regions.reassign'")
        if coords.empty:
            return 0
        coords = settle_coordinates(assigner, coords)
        store.con.register("coord_regions", coords)
        same = ("{e}.latitude = c.latitude AND {e}.longitude = c.longitude AND {e}.country_iso3 IS NOT DISTINCT "
                "FROM c.country_iso3 AND {e}.admin1_source IS NOT DISTINCT FROM c.admin1_source")
        try:
            n = store.scalar(
                f"SELECT count(*) FROM events e JOIN coord_regions c ON {same.format(e='e')} "
                "WHERE e.region_id IS DISTINCT FROM c.region_id OR e.admin2_id IS DISTINCT FROM c.admin2_id")
            store.execute(
                "UPDATE events SET region_id = c.region_id, admin1 = c.admin1, admin2_id = c.admin2_id, "
                "admin2 = c.admin2, region_flag = c.region_flag, "
                "country_iso3 = coalesce(events.country_iso3, c.region_country) FROM coord_regions c "
                f"WHERE {same.format(e='events')}")
        finally:
            store.con.unregister("coord_regions")
        store.audit("regions.reassign", "events", {"changed": n})
    return n


def reassign_pending(store: Store) -> bool:
    """Whether a migration asked for the stored events to be re-assigned (migration 0102 and `watchfloor init`
    do it)."""
    return store.scalar("SELECT count(*) FROM settings WHERE key = 'regions.reassign'") > 0


def replace_places(store: Store, places: list[Place], source: str) -> int:
    with store.transaction():
        store.execute("DELETE FROM places WHERE source = ?", [source])
        store.con.executemany(
            "INSERT INTO places (id, name, country, latitude, longitude, region_id, admin1, population, kind, "
            "alt_names, source, admin2_id, admin2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[p.id, p.name, p.country, p.latitude, p.longitude, p.region_id, p.admin1, p.population, p.kind,
              "|".join(p.alt_names), source, p.admin2_id, p.admin2] for p in places],
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
