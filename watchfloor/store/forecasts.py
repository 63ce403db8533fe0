"""Forecast stage queries: the events a panel counts, forecast runs and backtests (tables from 0003_forecasts)."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pandas as pd

from watchfloor.store.connection import Store

FORECAST_COLUMNS = ["unit_id", "unit_name", "target_month", "horizon", "p_fatal", "p_25", "mean",
                    "q05", "q10", "q25", "q50", "q75", "q90", "q95"]


def first_event_month(store: Store) -> date | None:
    """The first month the stored event datasets cover (a panel starts here: earlier months are unknown)."""
    first = store.scalar("SELECT min(date_start) FROM events")
    return date(first.year, first.month, 1) if first else None


def panel_events(store: Store, region_ids: list[str], bbox: tuple[float, float, float, float] | None,
                 until: date, sources: list[str] | None = None) -> pd.DataFrame:
    """Events located in the given regions (by point-in-polygon), or inside bbox (lon0, lat0, lon1, lat1).

    Attribution is by where the event happened, not by the country the source coded: an event that
    the dataset files under a neighbour but whose point falls in one of these regions counts here."""
    clauses, params = [], []
    if region_ids:
        clauses.append(f"region_id IN ({', '.join('?' for _ in region_ids)})")
        params += region_ids
    if bbox:
        clauses.append("(longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?)")
        params += [bbox[0], bbox[2], bbox[1], bbox[3]]
    if not clauses or sources == []:
        return pd.DataFrame(columns=["month", "region_id", "latitude", "longitude", "violence_type", "fatalities",
                                     "source", "actor1", "actor2"])
    where = f"({' OR '.join(clauses)}) AND date_start < ?"
    params.append(until)
    if sources is not None:
        where += f" AND layout IN ({', '.join('?' for _ in sources)})"
        params += list(sources)
    columns = ("SELECT date_trunc('month', date_start)::DATE AS month, region_id, latitude, longitude, "
               "violence_type, fatalities, layout AS source, actor1, actor2")
    if sources is not None and len(sources) == 1:
        return store.frame(f"{columns} FROM events WHERE {where} ORDER BY date_start, id", params)
    # several sources: an incident they both recorded counts once (the first source's record)
    from watchfloor.store.incidents import one_per_incident
    sql, all_params = one_per_incident(f"WHERE {where}", params, prefer=list(sources or []))
    return store.frame(f"{columns} FROM ({sql}) e ORDER BY date_start, id", all_params)


def report_signals(store: Store, until: date) -> pd.DataFrame:
    """Read reports' events and estimative judgments (not rejected), one row each: month, kind, region_id,
    latitude, longitude. Dated by the report's publication month, the month the desk learnt of them (an
    event's own date may be months earlier; counting it there would hand a backtest what was not yet read);
    reports without a publication date count from the month they were read."""
    return store.frame(
        "SELECT date_trunc('month', coalesce(r.published, r.read_at::DATE))::DATE AS month, f.kind, "
        "coalesce(f.region_id, p.region_id) AS region_id, p.latitude, p.longitude FROM facts f "
        "JOIN reports r ON r.id = f.report_id LEFT JOIN places p ON p.id = f.place_id "
        "WHERE f.kind IN ('event', 'judgment') AND f.status <> 'rejected' "
        "AND coalesce(r.published, r.read_at::DATE) < ?", [until])


def country_geometry(store: Store, country: str) -> str | None:
    """The admin-0 GeoJSON geometry of a country (text), if loaded."""
    return store.scalar("SELECT geometry FROM regions WHERE level = 0 AND country = ? ORDER BY id LIMIT 1",
                        [country])


def event_countries(store: Store) -> list[str]:
    """ISO3 codes of the countries the stored events were filed under."""
    return [r[0] for r in store.rows("SELECT DISTINCT country_iso3 FROM events WHERE country_iso3 IS NOT NULL "
                                     "ORDER BY 1")]


def save_forecast(store: Store, run: dict, frame: pd.DataFrame) -> str:
    """Replace the run `run['run_id']` (same inputs give the same id, so a re-run changes nothing)."""
    rows = frame[FORECAST_COLUMNS].copy()
    rows.insert(0, "run_id", run["run_id"])
    rows["target_month"] = pd.to_datetime(rows["target_month"]).dt.date
    with store.transaction():
        store.execute("DELETE FROM forecasts WHERE run_id = ?", [run["run_id"]])
        store.execute("DELETE FROM forecast_runs WHERE run_id = ?", [run["run_id"]])
        store.execute(
            "INSERT INTO forecast_runs (run_id, model, country, unit, as_of, scenario, params, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [run["run_id"], run["model"], run["country"], run["unit"], run["as_of"], run.get("scenario"),
             json.dumps(run.get("params") or {}, sort_keys=True, default=str), _now()])
        store.con.register("forecast_rows", rows)
        try:
            store.execute(f"INSERT INTO forecasts ({', '.join(['run_id'] + FORECAST_COLUMNS)}) "
                          f"SELECT {', '.join(['run_id'] + FORECAST_COLUMNS)} FROM forecast_rows")
        finally:
            store.con.unregister("forecast_rows")
        store.audit("forecast.run", run["run_id"], {"model": run["model"], "country": run["country"],
                                                     "unit": run["unit"], "as_of": run["as_of"],
                                                     "scenario": run.get("scenario"), "rows": len(rows)})
    return run["run_id"]


def latest_run_record(store: Store, country: str, unit: str, scenario: bool = False) -> dict | None:
    """The newest run for a country and unit (without a scenario unless asked): the one with the latest data
    month (as_of), then the latest created, so a back-dated run never replaces the current one."""
    recs = store.records(
        "SELECT * FROM forecast_runs WHERE country = ? AND unit = ? AND "
        + ("scenario IS NOT NULL" if scenario else "scenario IS NULL")
        + " ORDER BY as_of DESC, created_at DESC, run_id LIMIT 1", [country, unit])
    return recs[0] if recs else None


def find_run(store: Store, country: str, unit: str, as_of: date, model: str, sources: list[str],
             scenario: str | None = None) -> str | None:
    """The newest stored run with exactly these inputs, sources included (runs stored before sources were
    recorded count as the sources they were made from: every stored one)."""
    recs = store.records(
        "SELECT run_id, params FROM forecast_runs WHERE country = ? AND unit = ? AND as_of = ? AND model = ? AND "
        + ("scenario IS NULL" if scenario is None else "scenario = ?") + " ORDER BY created_at DESC, run_id",
        [country, unit, as_of, model] + ([] if scenario is None else [scenario]))
    for rec in recs:
        data = json.loads(rec["params"] or "{}").get("data") or {}
        if sorted(data.get("sources") or sources) == sorted(sources):
            return rec["run_id"]
    return None


def run_record(store: Store, run_id: str) -> dict | None:
    recs = store.records("SELECT * FROM forecast_runs WHERE run_id = ?", [run_id])
    return recs[0] if recs else None


def forecast_rows(store: Store, run_id: str) -> pd.DataFrame:
    return store.frame(f"SELECT {', '.join(FORECAST_COLUMNS)} FROM forecasts WHERE run_id = ? "
                       "ORDER BY unit_id, target_month", [run_id])


def save_backtest(store: Store, run_id: str, country: str, unit: str, horizons: list[int], result: dict) -> None:
    with store.transaction():
        store.execute("DELETE FROM backtests WHERE run_id = ?", [run_id])
        store.execute("INSERT INTO backtests (run_id, country, unit, horizons, result, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)",
                      [run_id, country, unit, json.dumps(horizons), json.dumps(result, sort_keys=True), _now()])
        store.audit("backtest.run", run_id, {"country": country, "unit": unit, "horizons": horizons})


def backtest_record(store: Store, run_id: str) -> dict | None:
    recs = store.records("SELECT * FROM backtests WHERE run_id = ?", [run_id])
    if not recs:
        return None
    rec = recs[0]
    rec["result"] = json.loads(rec["result"])
    rec["horizons"] = json.loads(rec["horizons"])
    return rec


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
