"""The in-memory events index answers exactly as SQL does (features, order, paging, totals), and a write
through the API makes the server drop it."""
from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from web_helpers import _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.bundled import BUNDLED_EVENTS
from watchfloor.store import Store
from watchfloor.web import event_index as web_index
from watchfloor.store.events import EventFilter
from watchfloor.store.web_queries import region_ids
from watchfloor.web.app import create_app
from watchfloor.web.region_totals import whole_months
from watchfloor.web.routes_data import _regions_body, sql_geojson_page


@pytest.fixture
def odd_store(any_web_db):
    """The web store, with a few events moved to another country and a few without coordinates, so the
    index meets the SQL path's corners (a country that splits a region, points left out after paging)."""
    path, tokens = any_web_db
    with Store.open(path) as store:
        ids = [r[0] for r in store.rows("SELECT id FROM events WHERE region_id IS NOT NULL ORDER BY id")]
        rnd = random.Random(5)
        for ident in rnd.sample(ids, 40):
            store.execute("UPDATE events SET country_iso3 = 'ZZZ' WHERE id = ?", [ident])
        for ident in rnd.sample(ids, 40):
            store.execute("UPDATE events SET latitude = NULL, longitude = NULL WHERE id = ?", [ident])
    return path, tokens


def _params(flt: EventFilter) -> dict:
    params = {"region": flt.region, "limit": flt.limit, "offset": flt.offset, "format": "geojson"}
    for name in ("country", "since", "until"):
        if getattr(flt, name) is not None:
            params[name] = str(getattr(flt, name))
    return params


def _random_filters(store: Store, n: int, seed: int) -> list[EventFilter]:
    rnd = random.Random(seed)
    regions = store.rows("SELECT region_id, any_value(country_iso3), min(date_start), max(date_start) FROM events "
                         "WHERE region_id IS NOT NULL GROUP BY 1 ORDER BY 1")
    found = []
    for _ in range(n):
        region, country, first, last = rnd.choice(regions)
        span = (last - first).days + 60
        since = first - timedelta(days=30) + timedelta(days=rnd.randrange(span))
        until = since + timedelta(days=rnd.choice((0, 10, 31, 200, 2000)))
        found.append(EventFilter(
            country=rnd.choice((None, country, country.lower(), "ZZZ", "BFA")), region=region,
            since=rnd.choice((None, since, since)), until=rnd.choice((None, until, until)),
            limit=rnd.choice((1, 7, 50, 500, 5000)), offset=rnd.choice((0, 0, 3, 40, 10_000))))
    return found


def test_index_pages_equal_the_sql_path_on_random_filters(odd_store):
    path, tokens = odd_store
    app = create_app(path)
    with TestClient(app) as client:
        store = app.state.store.reader()
        known = region_ids(store)
        filters = _random_filters(store, 160, seed=1)
        served_from_index = 0
        for flt in filters:
            loaded = app.state.store.event_index().peek(flt.region) is not None
            r = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
            assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
            assert r.content == sql_geojson_page(store, flt, known), flt
            served_from_index += loaded
            app.state.store.event_index().wait(flt.region, 30)     # loaded in the background
        assert served_from_index > 100      # most answers came from the index, not from SQL
        # the corners were met: nothing matching, pages cut short of the total, pages past the end
        totals = [(f, web_index.page(app.state.store.event_index().peek(f.region), f)[1]) for f in filters]
        assert any(t == 0 for _, t in totals) and any(t > f.limit + f.offset for f, t in totals)
        assert any(0 < t <= f.offset for f, t in totals)


def test_index_covers_points_left_out_and_split_countries(odd_store):
    path, _ = odd_store
    with Store.open(path) as store:
        known = region_ids(store)
        split = store.scalar("SELECT region_id FROM events WHERE country_iso3 = 'ZZZ' GROUP BY 1 "
                             "ORDER BY count(*) DESC LIMIT 1")
        holes = store.scalar("SELECT region_id FROM events WHERE latitude IS NULL GROUP BY 1 "
                             "ORDER BY count(*) DESC LIMIT 1")
        for region in (split, holes):
            bucket = web_index.load_region(store, region)
            country = store.scalar("SELECT any_value(country_iso3) FROM events WHERE region_id = ? "
                                   "AND country_iso3 <> 'ZZZ'", [region])
            for ctry in (None, country, "ZZZ"):
                for limit, offset in ((5, 0), (50, 10), (5000, 0), (3, 100_000)):
                    flt = EventFilter(country=ctry, region=region, limit=limit, offset=offset)
                    assert web_index.geojson_page(*web_index.page(bucket, flt), flt) == \
                        sql_geojson_page(store, flt, known), flt


def test_regions_from_cached_totals_equal_the_queries(odd_store):
    path, tokens = odd_store
    app = create_app(path)
    rnd = random.Random(3)
    with TestClient(app) as client:
        store = app.state.store.reader()
        first, last = store.rows("SELECT min(date_start), max(date_start) FROM events")[0]
        aligned = 0
        for _ in range(40):
            start = first + timedelta(days=rnd.randrange((last - first).days))
            if rnd.random() < 0.7:    # whole months, as the map asks
                since = date(start.year, start.month, 1)
                end = since + timedelta(days=rnd.choice((1, 40, 200, 400)))
                until = date(end.year + end.month // 12, end.month % 12 + 1, 1) - timedelta(days=1)
            else:
                since, until = start, start + timedelta(days=rnd.randrange(1, 500))
            since, until = rnd.choice(((since, until), (since, until), (None, until), (since, None)))
            country = rnd.choice((None, "MLI", "bfa", "NER", "ZZZ"))
            aligned += whole_months(since, until)
            params = {k: str(v) for k, v in (("country", country), ("since", since), ("until", until)) if v}
            r = client.get("/api/regions", params=params, headers=bearer(tokens["viewer"]))
            assert r.status_code == 200
            assert r.content == _regions_body(store, country.upper() if country else None, since, until), params
        assert 15 < aligned < 40


def test_names_actors_and_types_go_to_sql(odd_store):
    path, _ = odd_store
    with Store.open(path) as store:
        known = region_ids(store)
        region = sorted(known)[0]
    assert web_index.answerable(EventFilter(region=region, limit=5), known)
    assert not web_index.answerable(EventFilter(region="gao", limit=5), known)
    assert not web_index.answerable(EventFilter(region=region, actor="x", limit=5), known)
    assert not web_index.answerable(EventFilter(region=region, type="state-based", limit=5), known)
    assert not web_index.answerable(EventFilter(country="MLI", limit=5), known)


def _new_events(n: int) -> tuple[bytes, list[dict]]:
    with open(BUNDLED_EVENTS, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [{**r, "id": str(8_000_000 + i)} for i, r in zip(range(n), reader)]
        columns = reader.fieldnames
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(), rows


def test_an_ingest_through_the_api_drops_the_index(odd_store):
    path, tokens = odd_store
    app = create_app(path)
    body, rows = _new_events(30)
    with TestClient(app) as client:
        store = app.state.store.reader()
        known = region_ids(store)
        regions = sorted(r[0] for r in store.rows(
            "SELECT DISTINCT region_id FROM events WHERE layout = 'ucdp' AND source_id IN (SELECT unnest(?)) "
            "AND region_id IS NOT NULL", [[str(i) for i in _bundled_ids(30)]]))
        assert regions
        flts = [EventFilter(region=r, limit=5000) for r in regions]
        before = {}
        for flt in flts:
            sql = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"])).json()
            app.state.store.event_index().wait(flt.region, 30)
            got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"])).json()
            assert got == sql
            before[flt.region] = got["total"]
        generation = app.state.store.event_index().generation
        first = client.get("/api/regions", headers=bearer(tokens["viewer"]))
        etag = first.headers["etag"]
        again = client.get("/api/regions",
                           headers={**bearer(tokens["viewer"]), "If-None-Match": etag})
        assert again.status_code == 304 and not again.content
        assert all(app.state.store.event_index().peek(r) is not None for r in regions)
        old = {r: app.state.store.event_index().peek(r) for r in regions}
        r = client.post("/api/ingest", files={"file": ("more.csv", body, "text/csv")}, data={"layout": "ucdp"},
                        headers=bearer(tokens["analyst"]))
        assert r.status_code == 200 and r.json()["inserted"] == 30, r.text
        assert app.state.store.event_index().generation > generation
        grew = 0
        for flt in flts:
            assert app.state.store.event_index().wait(flt.region, 30) is not old[flt.region]   # read again
            got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
            assert got.content == sql_geojson_page(store, flt, known)
            grew += got.json()["total"] - before[flt.region]
        assert grew == sum(1 for _ in store.rows(
            "SELECT 1 FROM events WHERE source_id LIKE '8000%' AND region_id IS NOT NULL"))
        assert grew > 0
        after = client.get("/api/regions",
                           headers={**bearer(tokens["viewer"]), "If-None-Match": etag})
        assert after.status_code == 200 and after.headers["etag"] != etag
        assert after.json()["features"] != first.json()["features"]     # the new events are counted


def _bundled_ids(n: int) -> list[str]:
    with open(BUNDLED_EVENTS, newline="", encoding="utf-8") as fh:
        return [r["id"] for _, r in zip(range(n), csv.DictReader(fh))]


def test_a_write_reloads_only_the_regions_it_changed(odd_store):
    path, tokens = odd_store
    app = create_app(path)
    body, rows = _new_events(30)
    handle = app.state.store
    with TestClient(app) as client:
        store = handle.reader()
        known = region_ids(store)
        everywhere = sorted(r[0] for r in store.rows("SELECT DISTINCT region_id FROM events "
                                                     "WHERE region_id IS NOT NULL"))
        before = {r: handle.event_index().wait(r, 30) for r in everywhere}
        touched = {r[0] for r in store.rows(
            "SELECT DISTINCT region_id FROM events WHERE layout = 'ucdp' AND source_id IN (SELECT unnest(?))",
            [_bundled_ids(30)])}
        assert touched and set(everywhere) - touched
        r = client.post("/api/ingest", files={"file": ("more.csv", body, "text/csv")}, data={"layout": "ucdp"},
                        headers=bearer(tokens["analyst"]))
        assert r.status_code == 200, r.text
        after = {r: handle.event_index().wait(r, 30) for r in everywhere}
        assert {r for r in everywhere if after[r] is before[r]} == set(everywhere) - touched
        # in the regions it touched, only the months it touched were read again
        changed = set(store.rows("SELECT region_id, year(date_start) * 12 + month(date_start) - 1 FROM events "
                                 "WHERE layout = 'ucdp' AND source_id IN (SELECT unnest(?))",
                                 [[r["id"] for r in rows]]))
        for reg in touched:
            old, new = before[reg].by_month(), after[reg].by_month()
            assert set(new) == set(old) | {m for r, m in changed if r == reg}
            assert {m for m in new if new[m] is not old.get(m)} == {m for r, m in changed if r == reg}

        # A change that keeps the number of events (one event's fatalities) reloads its region too.
        region = sorted(set(everywhere) - touched)[0]
        ident = store.scalar("SELECT min(id) FROM events WHERE region_id = ?", [region])
        with handle.writer() as st:
            st.execute("UPDATE events SET fatalities = fatalities + 1 WHERE id = ?", [ident])
        again = {r: handle.event_index().wait(r, 30) for r in everywhere}
        assert {r for r in everywhere if again[r] is not after[r]} == {region}
        for reg in everywhere:
            flt = EventFilter(region=reg, limit=5000)
            got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
            assert got.content == sql_geojson_page(store, flt, known)
