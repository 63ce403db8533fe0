"""Read queries the dashboard needs beyond the stages' own: monthly series, latest risk, actor links, audit.

Forecast and report tables are read through their fixed contracts (0002_reports.sql, 0003_forecasts.sql).
"""
from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import replace
from datetime import date

import pandas as pd

from watchfloor.model import EVENT_COLUMNS
from watchfloor.store.connection import Store
from watchfloor.store.events import EventFilter


def incidents(where: str = "", params: list | None = None) -> tuple[str, list]:
    """(FROM-clause source, parameters): the events matching `where`, one row per incident (records of one
    incident in several sources count once: store/incidents.py). The dashboard's counts and totals use it;
    its event listings show every source's record."""
    from watchfloor.store.incidents import one_per_incident
    sql, all_params = one_per_incident(where, params)
    return f"({sql})", all_params


def countries_with_events(store: Store) -> list[dict]:
    source, params = incidents("WHERE e.country_iso3 IS NOT NULL")
    return store.records(
        "SELECT e.country_iso3 AS iso3, coalesce(any_value(c.name), e.country_iso3) AS name, count(*) AS events "
        f"FROM {source} e LEFT JOIN countries c ON c.iso3 = e.country_iso3 "
        "GROUP BY e.country_iso3 ORDER BY events DESC, iso3", params)


def event_types(store: Store, country: str | None = None) -> list[str]:
    where, params = EventFilter(country=country).where()
    return [r[0] for r in store.rows(
        f"SELECT DISTINCT coalesce(event_type, violence_type) FROM events {where} ORDER BY 1", params) if r[0]]


def date_span(store: Store, country: str | None = None) -> tuple[date | None, date | None]:
    where, params = EventFilter(country=country).where()
    row = store.rows(f"SELECT min(date_start), max(date_start) FROM events {where}", params)[0]
    return row[0], row[1]


def monthly_series(store: Store, flt: EventFilter) -> pd.DataFrame:
    """Events and fatalities per month (zero-filled between the first and last month) for a filter."""
    source, params = incidents(*fast_where(store, flt))
    frame = store.frame(f"SELECT date_trunc('month', date_start) AS month, count(*) AS events, "
                        f"sum(fatalities) AS fatalities FROM {source} GROUP BY 1 ORDER BY 1", params)
    if frame.empty:
        return frame
    frame["month"] = pd.to_datetime(frame["month"])
    months = pd.date_range(flt.since or frame["month"].min(), flt.until or frame["month"].max(), freq="MS")
    frame = frame.set_index("month").reindex(months, fill_value=0).rename_axis("month").reset_index()
    frame["month"] = frame["month"].dt.date
    return frame


def latest_run(store: Store, country: str | None, unit: str = "admin1") -> dict | None:
    """The newest baseline (non-scenario) forecast run for a country and unit: the one with the latest data month
    (as_of), then the latest created; a back-dated run (a brief's, a backtest's) never replaces it."""
    sql = "SELECT * FROM forecast_runs WHERE unit = ? AND scenario IS NULL"
    params: list = [unit]
    if country:
        sql += " AND country = ?"
        params.append(country.upper())
    found = store.records(sql + " ORDER BY as_of DESC, created_at DESC, run_id DESC LIMIT 1", params)
    return found[0] if found else None


def forecast_runs(store: Store, country: str | None = None, limit: int = 50) -> list[dict]:
    sql, params = "SELECT * FROM forecast_runs", []
    if country:
        sql += " WHERE country = ?"
        params.append(country.upper())
    return store.records(sql + " ORDER BY created_at DESC, run_id LIMIT ?", params + [limit])


def forecast_rows(store: Store, run_id: str, unit_id: str | None = None) -> list[dict]:
    sql, params = "SELECT * FROM forecasts WHERE run_id = ?", [run_id]
    if unit_id:
        sql += " AND unit_id = ?"
        params.append(unit_id)
    return store.records(sql + " ORDER BY unit_id, target_month", params)


def region_risk(store: Store, run_id: str) -> dict[str, dict]:
    """Per region: the run's first target month (the next month) P(fatal event), P(>=25), median."""
    rows = store.records(
        "SELECT unit_id, target_month, p_fatal, p_25, q50 FROM forecasts WHERE run_id = ? AND target_month = "
        "(SELECT min(target_month) FROM forecasts WHERE run_id = ?)", [run_id, run_id])
    return {r["unit_id"]: {"p_fatal": r["p_fatal"], "p_25": r["p_25"], "q50": r["q50"],
                           "target_month": r["target_month"].isoformat(), "run_id": run_id} for r in rows}


def region_totals(store: Store, flt: EventFilter) -> dict[str, dict]:
    where, params = flt.where()
    source, params = incidents(f"{where} {'AND' if where else 'WHERE'} region_id IS NOT NULL", params)
    rows = store.rows(f"SELECT region_id, count(*), sum(fatalities) FROM {source} GROUP BY 1", params)
    return {r[0]: {"events": r[1], "fatalities": int(r[2] or 0)} for r in rows}


def region_month_rows(store: Store) -> list[tuple]:
    """(region id, country, month key = year * 12 + month - 1, events, fatalities) for every region and month
    with events, each incident counted once: what the server's per-month totals (web/region_totals.py) hold."""
    source, params = incidents("WHERE region_id IS NOT NULL")
    return store.rows("SELECT region_id, country_iso3, year(date_start) * 12 + month(date_start) - 1, count(*), "
                      f"coalesce(sum(fatalities), 0) FROM {source} GROUP BY 1, 2, 3", params)


_MONTH = "year(date_start) * 12 + month(date_start) - 1"


def region_month_dataset_rows(store: Store, datasets: Collection[int] | None = None) -> list[tuple]:
    """(dataset id, region id, country, month key, events, fatalities) of every event with a region (or
    those of `datasets`), each source's record counted: with `region_month_linked_rows` what
    `region_month_rows` sums, a dataset at a time (the server's totals read again only an ingest's)."""
    sql = (f"SELECT dataset_id, region_id, country_iso3, {_MONTH}, count(*), coalesce(sum(fatalities), 0) "
           "FROM events WHERE region_id IS NOT NULL")
    params: list = []
    if datasets is not None:      # a list of values: PostgreSQL reads them by the dataset index (not `unnest`)
        params = sorted(datasets)
        sql += f" AND dataset_id IN ({', '.join('?' * len(params)) or 'NULL'})"
    return store.rows(sql + " GROUP BY 1, 2, 3, 4", params)


def region_month_linked_rows(store: Store) -> tuple[list[tuple], list[tuple]]:
    """Per (region id, country, month key): (events, fatalities) of the records with a region in incidents of
    several sources, and of the one record per such incident that the map counts. `region_month_rows` =
    every record (`region_month_dataset_rows`) minus the first plus the second; both read only the linked
    records."""
    from watchfloor.store.incidents import linked_parts
    linked, chosen = linked_parts("region_id IS NOT NULL")
    group = f"SELECT region_id, country_iso3, {_MONTH}, count(*), coalesce(sum(fatalities), 0) FROM "
    return (store.rows(f"{group} ({linked}) AS l GROUP BY 1, 2, 3"),
            store.rows(f"{group} ({chosen}) AS c GROUP BY 1, 2, 3", [[]]))


def region_record(store: Store, region_id: str) -> dict | None:
    found = store.records("SELECT id, country, level, name, code FROM regions WHERE id = ?", [region_id])
    return found[0] if found else None


def backtests(store: Store, country: str | None = None) -> list[dict]:
    sql, params = "SELECT * FROM backtests", []
    if country:
        sql += " WHERE country = ?"
        params.append(country.upper())
    found = store.records(sql + " ORDER BY created_at DESC", params)
    for rec in found:
        rec["result"] = json.loads(rec["result"])
    return found


def fights(store: Store, flt: EventFilter, limit: int = 200) -> list[dict]:
    """Who fights whom: actor pairs from events, with events and fatalities."""
    where, params = flt.where()
    source, params = incidents(f"{where} {'AND' if where else 'WHERE'} actor1 IS NOT NULL AND actor2 IS NOT NULL "
                               "AND actor1 <> actor2", params)
    return store.records(
        f"SELECT actor1, actor2, count(*) AS events, sum(fatalities) AS fatalities FROM {source} "
        "GROUP BY 1, 2 ORDER BY events DESC, actor1, actor2 LIMIT ?", params + [limit])


def memberships(store: Store) -> list[dict]:
    """Member -> parent links from the actor dictionary."""
    return store.records("SELECT a.name AS member, p.name AS parent, a.kind AS member_kind, p.kind AS parent_kind "
                         "FROM actors a JOIN actors p ON p.id = a.parent_id ORDER BY 2, 1")


def actor_kinds(store: Store) -> dict[str, str]:
    return {n: k for n, k in store.rows("SELECT name, any_value(kind) FROM actors WHERE kind IS NOT NULL GROUP BY 1")}


def report_event_pairs(store: Store) -> list[dict]:
    """actor1/actor2 pairs from events the reader found in reports (facts that stand)."""
    found = []
    for report_id, value, edited in store.rows(
            "SELECT report_id, value, edited_value FROM facts WHERE kind = 'event' AND status <> 'rejected'"):
        fact = json.loads(edited or value)
        if fact.get("actor1") and fact.get("actor2"):
            found.append({"actor1": fact["actor1"], "actor2": fact["actor2"], "report_id": report_id})
    return found


def audit_log(store: Store, limit: int = 200, actor: str | None = None) -> list[dict]:
    sql, params = "SELECT * FROM audit", []
    if actor:
        sql += " WHERE actor = ?"
        params.append(actor)
    return store.records(sql + " ORDER BY id DESC LIMIT ?", params + [limit])


def region_ids(store: Store) -> set[str]:
    return {r[0] for r in store.rows("SELECT id FROM regions")}


def fast_where(store: Store, flt: EventFilter, known_regions: Collection[str] | None = None) -> tuple[str, list]:
    """`flt.where()`, except that a region given by its id compares `region_id` alone, so a query does not
    lower-case every event's admin-1 name (the same rows: ids and names do not collide)."""
    if not flt.region or flt.region not in (region_ids(store) if known_regions is None else known_regions):
        return flt.where()
    where, params = replace(flt, region=None).where()
    return (where + " AND " if where else "WHERE ") + "region_id = ?", params + [flt.region]


def count_matching(store: Store, flt: EventFilter, known_regions: Collection[str] | None = None) -> int:
    where, params = fast_where(store, flt, known_regions)
    return store.scalar(f"SELECT count(*) FROM events {where}", params)


def events_geojson_page(store: Store, flt: EventFilter,
                        known_regions: Collection[str] | None = None) -> tuple[str, int]:
    """(one page of events as a GeoJSON FeatureCollection, the number of events matching the filter).

    The JSON is built inside DuckDB, one scan answers both: the same page and features as
    `geo.geojson.events_geojson(events_frame(store, flt))` (the page is cut first, then events without
    coordinates are left out).
    """
    where, params = fast_where(store, flt, known_regions)
    properties = "struct_pack(" + ", ".join(f'"{c}" := p."{c}"' for c in EVENT_COLUMNS
                                            if c not in ("latitude", "longitude")) + ")"
    page = f"SELECT *, count(*) OVER () AS wf_total FROM events {where} ORDER BY date_start, id"
    if flt.limit is not None:
        page += " LIMIT ? OFFSET ?"
        params = params + [int(flt.limit), int(flt.offset)]
    rows = store.rows(f"SELECT to_json(p.id)::TEXT, p.longitude, p.latitude, to_json({properties})::TEXT, "
                      f"p.wf_total FROM ({page}) p ORDER BY p.date_start, p.id", params)
    features = ",".join('{"type":"Feature","id":%s,"geometry":{"type":"Point","coordinates":[%r,%r]},'
                        '"properties":%s}' % row[:4] for row in rows if row[1] is not None and row[2] is not None)
    total = rows[0][4] if rows else (count_matching(store, flt, known_regions) if flt.offset else 0)
    return '{"type":"FeatureCollection","features":[' + features + "]}", total


def region_shapes(store: Store, country: str | None = None, level: int = 1) -> list[tuple[str, str, str, str]]:
    """(id, name, country, GeoJSON geometry text) per region, as stored."""
    sql, params = "SELECT id, name, country, geometry FROM regions WHERE level = ?", [level]
    if country:
        sql += " AND country = ?"
        params.append(country.upper())
    return store.rows(sql + " ORDER BY country, name", params)


def serve_with_threads(store: Store, threads: int) -> None:
    """DuckDB threads per query for the server: its parallelism comes from concurrent requests, and small
    queries spend more coordinating threads than they save. (PostgreSQL: one process per connection already.)"""
    if store.dialect == "duckdb":
        store.execute(f"SET threads = {int(threads)}")



def actor_identities(store: Store) -> tuple[list[tuple], list[tuple]]:
    """(actors as (id, name, kind, source), aliases as (actor id, alias)): what the network's names rest on."""
    return (store.rows("SELECT id, name, kind, source FROM actors ORDER BY id"),
            store.rows("SELECT actor_id, alias FROM actor_aliases ORDER BY 1, 2"))


def country_codes(store: Store) -> frozenset[str]:
    """The ISO3 codes the store knows: its countries table, and any country its events or regions name."""
    return frozenset(r[0] for r in store.rows(
        "SELECT iso3 FROM countries UNION SELECT DISTINCT country_iso3 FROM events WHERE country_iso3 IS NOT NULL "
        "UNION SELECT DISTINCT country FROM regions WHERE country IS NOT NULL"))


def has_events(store: Store, iso3: str) -> bool:
    return store.scalar("SELECT count(*) FROM (SELECT 1 FROM events WHERE country_iso3 = ? LIMIT 1)", [iso3]) > 0
