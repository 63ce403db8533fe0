"""API: events, regions with their latest risk, timelines, forecasts, backtests, actors, event upload."""
from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import date

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from watchfloor.forecast import DEFAULT_MODEL
from watchfloor.web import event_index as web_index
from watchfloor.web import region_totals
from watchfloor.store import web_queries as q
from watchfloor.store.events import EventFilter, count_events, events_frame
from watchfloor.store.reference import actors_frame
from watchfloor.web.auth import Caller, analyst, viewer
from watchfloor.web.common import (clean, event_filter, json_response, known_country, plain, plain_records, reader,
                                   run_write, saved_upload, stage_missing, without_folder, writing)
from watchfloor.web.network import canonical_names, network

router = APIRouter(prefix="/api")
INDEX_WAIT = 2.0    # seconds an events request waits for its region to load into the index before asking SQL


@router.get("/events", tags=["events"])
async def list_events(request: Request, flt: EventFilter = Depends(event_filter),
                      format: str = Query("json", pattern="^(json|geojson)$"), caller: Caller = Depends(viewer)):
    """Events matching the CLI's filters, one page at a time (`limit`, `offset`); `format=geojson` for a
    FeatureCollection (events without coordinates are left out of it) with `total`, `limit`, `offset`."""
    if format == "geojson":
        # A region already in the in-memory index is answered on the event loop, without the database.
        body = _indexed_page(request, flt)
        loading = request.app.state.store.event_index().pending(flt.region) if body is None and flt.region else None
        if loading is not None:
            # Its first load is under way (first use since the server started): wait a little for it, holding no
            # thread and leaving the CPU to the load, rather than add an SQL query beside it. (While a write's
            # events are put in, SQL answers at once: see `pending`.)
            try:
                await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(loading)), INDEX_WAIT)
            except Exception:       # still loading (timeout) or the load failed: SQL answers
                pass
            body = _indexed_page(request, flt)
        if body is None:
            body = await run_in_threadpool(_geojson_page, request, flt)
        return Response(body, media_type="application/geo+json")
    return await run_in_threadpool(_json_page, request, flt)


def _indexed_page(request: Request, flt: EventFilter) -> bytes | None:
    """The GeoJSON page from the events index (no database access), or None when the index cannot answer
    the filter or has not loaded the region yet (its load is then queued)."""
    handle = request.app.state.store
    known = handle.peek("region_ids")
    if known is None or not web_index.answerable(flt, known):
        return None
    index = handle.event_index()
    bucket = index.peek(flt.region)
    if bucket is None:      # an ingest's events not put in yet: the months it did not change are answered
        bucket = index.provisional(flt.region, flt.since, flt.until)
    return None if bucket is None else web_index.geojson_page(*web_index.page(bucket, flt), flt)


def _geojson_page(request: Request, flt: EventFilter) -> bytes:
    known = request.app.state.store.cached("region_ids", q.region_ids)
    return _indexed_page(request, flt) or sql_geojson_page(reader(request), flt, known)


def sql_geojson_page(store, flt: EventFilter, known) -> bytes:
    """The events page as GeoJSON straight from SQL (what the index must reproduce byte for byte)."""
    body, total = q.events_geojson_page(store, flt, known)
    page = json.dumps({"total": total, "limit": flt.limit, "offset": flt.offset})
    return (body[:-1] + "," + page[1:]).encode()


def _json_page(request: Request, flt: EventFilter) -> Response:
    store = reader(request)
    frame = events_frame(store, flt)
    total = count_events(store, flt) if len(frame) == flt.limit or flt.offset else len(frame)
    return json_response({"total": total, "limit": flt.limit, "offset": flt.offset,
                          "events": plain_records(frame)})


@router.get("/countries", tags=["regions"])
def countries(request: Request, caller: Caller = Depends(viewer)) -> list[dict]:
    """Countries with events, most events first, with the span of their data and event types."""
    store = reader(request)
    found = []
    for rec in q.countries_with_events(store):
        first, last = q.date_span(store, rec["iso3"])
        found.append({**rec, "first": plain(first), "last": plain(last), "types": q.event_types(store, rec["iso3"])})
    return found


@router.get("/regions", tags=["regions"])
async def regions(request: Request, country: str | None = Query(None, pattern="^[A-Za-z]{3}$"),
                  since: date | None = None, until: date | None = None, caller: Caller = Depends(viewer)):
    """Admin-1 regions as GeoJSON with the latest forecast's risk for next month (`p_fatal`, `p_25`, from
    the newest admin-1 run) and events/fatalities in the date window. Answers carry an ETag (valid until
    the next write); `If-None-Match` gets 304."""
    country = known_country(request, country)
    handle = request.app.state.store
    key = ("regions", country, since, until)
    # Until the next write the answer is the same bytes: served from the cache on the event loop.
    cached = handle.peek(key)
    if cached is None and region_totals.whole_months(since, until):
        # a new window (or the first after a write) from totals and shapes already kept: summed on the event loop
        # (a fraction of a millisecond), not queued for a worker thread behind the store's queries
        months, base = handle.peek("region_months"), handle.peek(("regions_base", country))
        if months is not None and base is not None:
            cached = handle.computed_now(key, lambda: _with_etag(_regions_body(None, country, since, until, months,
                                                                               base)))
    if cached is None:
        def compute(store):
            # What does not depend on the window is kept per country, and whole-month windows are summed
            # from per-month totals: a new window costs no query (all until the next write).
            base = handle.cached(("regions_base", country), lambda st: _regions_base(st, country))
            months = handle.region_months() \
                if region_totals.whole_months(since, until) else None
            return _with_etag(_regions_body(store, country, since, until, months, base))
        cached = await run_in_threadpool(handle.cached, key, compute)
    body, etag = cached
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type="application/geo+json", headers={"ETag": etag})


def _with_etag(body: bytes) -> tuple[bytes, str]:
    return body, '"%s"' % hashlib.blake2b(body, digest_size=12).hexdigest()


def _regions_base(store, country: str | None) -> tuple:
    """(latest admin-1 run, its next-month risk by region, region shapes) for a country (None: all)."""
    run = q.latest_run(store, country)
    return run, (q.region_risk(store, run["run_id"]) if run else {}), q.region_shapes(store, country)


def _regions_body(store, country: str | None, since: date | None, until: date | None,
                  months: region_totals.RegionMonths | None = None, base: tuple | None = None) -> bytes:
    """The regions FeatureCollection. Given `months` (per-month totals), a whole-month window's events and
    fatalities are summed from them; given `base`, run, risk and shapes come from it (the same answer as
    from the queries)."""
    run, risk, shapes = base or _regions_base(store, country)
    values = {rid: dict(found) for rid, found in risk.items()}
    totals = region_totals.region_totals_in(months, country, since, until) if months is not None else \
        q.region_totals(store, EventFilter(country=country, since=since, until=until))
    for rid, found in totals.items():
        values.setdefault(rid, {}).update(found)
    # Geometry goes out as stored (GeoJSON text): no parsing of large polygons per request.
    features = ",".join(
        '{"type":"Feature","id":%s,"geometry":%s,"properties":%s}' % (
            json.dumps(rid), geometry, json.dumps(clean({"id": rid, "name": name, "country": ctry,
                                                         **values.get(rid, {})})))
        for rid, name, ctry, geometry in shapes)
    run_json = json.dumps(clean(run)) if run else "null"
    return ('{"type":"FeatureCollection","features":[%s],"run":%s}' % (features, run_json)).encode()


def _timeline(store, flt: EventFilter, region_id: str | None, country: str | None) -> dict:
    months = q.monthly_series(store, flt)
    run = q.latest_run(store, country) if country else None
    forecast = q.forecast_rows(store, run["run_id"], region_id) if run and region_id else []
    return {"months": plain_records(months), "run": {k: plain(v) for k, v in run.items()} if run else None,
            "forecast": plain_records(forecast)}


@router.get("/regions/{region_id}/timeline", tags=["regions"])
def region_timeline(request: Request, region_id: str, since: date | None = None, until: date | None = None,
                    caller: Caller = Depends(viewer)) -> Response:
    """Events and fatalities per month in one region, with the latest forecast for it (quantile band)."""
    store = reader(request)
    region = q.region_record(store, region_id)
    if region is None:
        raise HTTPException(404, f"no region {region_id!r}")
    flt = EventFilter(region=region_id, since=since, until=until)
    return json_response({"region": region, **_timeline(store, flt, region_id, region["country"])})


@router.get("/timeline", tags=["events"])
def timeline(request: Request, flt: EventFilter = Depends(event_filter), caller: Caller = Depends(viewer)):
    """Events and fatalities per month for any event filter (country, region, actor, type, dates)."""
    store = reader(request)
    region = q.region_record(store, flt.region) if flt.region else None
    return json_response({"region": region, **_timeline(store, flt, region["id"] if region else None,
                                                 region["country"] if region else flt.country)})


@router.get("/forecasts", tags=["forecasts"])
def forecasts(request: Request, country: str | None = Query(None, pattern="^[A-Za-z]{3}$"),
              run_id: str | None = None, unit_id: str | None = None, caller: Caller = Depends(viewer)):
    """Forecast runs (newest first) and, for one run (default: the newest admin-1 run), its rows."""
    store = reader(request)
    country = known_country(request, country)
    runs = q.forecast_runs(store, country)
    run = next((r for r in runs if r["run_id"] == run_id), None) if run_id else q.latest_run(store, country)
    if run_id and run is None:
        raise HTTPException(404, f"no forecast run {run_id!r}")
    rows = q.forecast_rows(store, run["run_id"], unit_id) if run else []
    return json_response({"runs": plain_records(runs), "run": run, "forecasts": plain_records(rows)})


@router.post("/forecasts", tags=["forecasts"], status_code=201)
def make_forecast(request: Request, country: str = Form(..., pattern="^[A-Za-z]{3}$"),
                  horizon: int = Form(6, ge=1, le=24), unit: str = Form("admin1", pattern="^(admin1|grid)$"),
                  model: str = Form(DEFAULT_MODEL, max_length=40), caller: Caller = Depends(analyst)):
    """Run the forecast for a country (the same function as `watchfloor forecast`)."""
    try:
        from watchfloor.forecast.api import run_forecast
    except ModuleNotFoundError:
        raise stage_missing("forecasting")
    known_country(request, country)
    try:
        with writing(request) as store:
            run_id = run_forecast(store, country.upper(), unit=unit, horizon=horizon, model=model).run_id
            store.audit("web.forecast", country.upper(), {"run_id": run_id, "horizon": horizon, "unit": unit,
                                                          "model": model}, actor=caller.user.name)
    except ValueError as exc:   # unknown model, no events for the country (PanelError)
        raise HTTPException(400, f"cannot forecast {country.upper()}: {exc}")
    return json_response({"run_id": run_id}, 201)


@router.get("/backtests", tags=["forecasts"])
def backtests(request: Request, country: str | None = Query(None, pattern="^[A-Za-z]{3}$"),
              caller: Caller = Depends(viewer)):
    """Stored backtest results (as printed by `watchfloor backtest --json`)."""
    return json_response(plain_records(q.backtests(reader(request), known_country(request, country))))


@router.get("/actors", tags=["actors"])
def actors(request: Request, name: str | None = Query(None, max_length=200), caller: Caller = Depends(viewer)):
    """The actor dictionary (with aliases); `name` filters by part of a name or alias."""
    frame = actors_frame(reader(request))
    if name:
        needle = name.lower()
        frame = frame[frame["name"].str.lower().str.contains(needle, regex=False)
                      | frame["aliases"].fillna("").str.lower().str.contains(needle, regex=False)]
    return json_response(plain_records(frame.head(2000)))


@router.get("/actors/network", tags=["actors"])
def actor_network(request: Request, flt: EventFilter = Depends(event_filter),
                  top: int = Query(60, ge=2, le=300), caller: Caller = Depends(viewer)):
    """Who fights whom (actor pairs in events and in reports' events) and memberships (actor dictionary):
    one node per canonical actor (a source's name and the dictionary's are one node; `names` lists both)."""
    store = reader(request)
    fights = q.fights(store, EventFilter(flt.country, flt.region, flt.since, flt.until, flt.actor, flt.type),
                      limit=top)
    names = request.app.state.store.cached(("actor_names",),
                                           lambda st: canonical_names(*q.actor_identities(st)))
    return json_response(network(fights, q.report_event_pairs(store), q.memberships(store), names))


@router.post("/ingest", tags=["events"])
async def ingest(request: Request, file: UploadFile = File(...), layout: str = Form("ucdp", pattern="^(ucdp|acled)$"),
                 skip_bad_rows: bool = Form(False), caller: Caller = Depends(analyst)):
    """Upload an event CSV (UCDP GED or ACLED layout) into the store — `watchfloor ingest` over HTTP.
    A bad file answers 400 with the ingest's own message, naming line, column and value."""
    from watchfloor.ingest import IngestError, ingest_file

    def work():
        with saved_upload(file) as path:
            try:
                with writing(request) as store:
                    result = ingest_file(store, path, layout, skip_bad_rows=skip_bad_rows)
                    store.audit("web.ingest", path.name, {"layout": layout, **result.as_dict()},
                                actor=caller.user.name)
                return {"file": path.name, **result.as_dict()}
            except IngestError as exc:
                raise HTTPException(400, without_folder(str(exc), path))

    return await run_write(request, work, long=True)
