"""The server's caches hold across writes that do not touch what they rest on: a fact review keeps the events
index and the map's totals, a stored report keeps the index; an ingest refreshes both, and the index reads
again only the region-months the new events fall in. On PostgreSQL the same holds for other processes' writes,
noticed by their audit rows."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from test_web_index import _new_events, _params
from web_helpers import _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.ingest import ingest_file
from watchfloor.store import Store
from watchfloor.store import web_reports
from watchfloor.store.events import EventFilter
from watchfloor.store.web_queries import region_ids
from watchfloor.web.app import EVENTS, INDEX_LOADERS, REPORTS, create_app
from watchfloor.web.routes_data import _regions_body, sql_geojson_page

SPAN = (date(2010, 1, 1), date(2029, 12, 31))     # whole months: the map sums them from per-month totals
WINDOW = {"since": str(SPAN[0]), "until": str(SPAN[1])}
REGIONS_KEY = ("regions", None, *SPAN)
FACT = "c0ffee0000000000:actor:0:5:0"


@pytest.fixture
def desk_db(any_web_db):
    """The web store with one report and one of its facts (to review)."""
    path, tokens = any_web_db
    with Store.open(path) as store:
        store.execute("INSERT INTO reports (id, title, text, read_at) VALUES (?, ?, ?, ?)",
                      ["c0ffee" + "0" * 58, "Desk note", "JNIM attacked Boni.", date(2024, 1, 1)])
        store.execute("INSERT INTO facts (id, report_id, kind, start_char, end_char, text, value) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [FACT, "c0ffee" + "0" * 58, "actor", 0, 4, "JNIM", '{"name": "JNIM"}'])
    return path, tokens


def _warm(client, handle, tokens) -> tuple:
    """Every region loaded into the events index and the map's regions answer cached: (index, regions ->
    their loaded events, the per-month totals, the regions answer's ETag)."""
    store = handle.reader()
    regions = sorted(r[0] for r in store.rows("SELECT DISTINCT region_id FROM events WHERE region_id IS NOT NULL"))
    index = handle.event_index()
    loaded = {r: index.wait(r, 60) for r in regions}
    answer = client.get("/api/regions", params=WINDOW, headers=bearer(tokens["viewer"]))
    assert answer.status_code == 200
    months = handle.peek("region_months")
    assert months is not None and handle.peek(REGIONS_KEY) is not None
    return index, loaded, months, answer.headers["etag"]


@contextmanager
def _loaders_held(handle):
    """The events index's loader threads held busy inside the block (what is queued for them waits), let go after."""
    gate = threading.Event()
    busy = [handle._index_loader.submit(gate.wait) for _ in range(INDEX_LOADERS)]
    try:
        yield
    finally:
        gate.set()
        for future in busy:
            future.result(30)


def _unchanged(client, handle, tokens, index, loaded, etag) -> None:
    assert handle.event_index() is index
    assert all(index.peek(r) is events for r, events in loaded.items())
    again = client.get("/api/regions", params=WINDOW, headers={**bearer(tokens["viewer"]), "If-None-Match": etag})
    assert again.status_code == 304


def test_a_fact_review_keeps_the_events_index_and_the_map_totals(desk_db):
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        reports = handle.generations[REPORTS]
        for status in ("confirmed", "rejected", "confirmed"):
            r = client.post(f"/api/facts/{FACT}", json={"status": status, "note": "test"},
                            headers=bearer(tokens["analyst"]))
            assert r.status_code == 200 and r.json()["status"] == status, r.text
        assert handle.generations[REPORTS] >= reports + 3       # the reviews were writes the server counted
        _unchanged(client, handle, tokens, index, loaded, etag)
        assert handle.peek("region_months") is months


def test_a_stored_report_keeps_the_events_index_and_refreshes_the_map_totals(desk_db):
    """A report's events join incidents, and the map counts one record per incident: its totals are worked
    out again; the index lists every record and is kept. (The reading jobs' writes, as they store reports.)"""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        with app.state.jobs.handle.writer() as store:
            store.execute("UPDATE reports SET title = ? WHERE id = ?", ["Desk note, revised", "c0ffee" + "0" * 58])
        assert handle.event_index() is index
        assert all(index.peek(r) is events for r, events in loaded.items())
        _totals_ready(handle, months)
        assert handle.peek(REGIONS_KEY) is None
        again = client.get("/api/regions", params=WINDOW, headers=bearer(tokens["viewer"]))
        assert again.status_code == 200 and again.headers["etag"] == etag    # same counts, worked out again


def _totals_ready(handle, before) -> None:
    """The map's per-month totals after a write of events or incidents: worked out by the write itself, before
    its generation was bumped (no reader waits for them), and equal to a full recompute."""
    from watchfloor.web.region_totals import region_months
    now = handle.peek("region_months")
    assert now is not None and now is not before
    cells = lambda m: sorted(zip([m.regions[r] for r in m.region.tolist()], m.month.tolist(), m.events.tolist(),
                                 m.fatalities.tolist()))
    assert cells(now) == cells(region_months(handle.reader()))


def _check_refreshed(client, handle, tokens, index, loaded, etag, rows) -> None:
    """After an ingest of `rows`: a new index that read again only the new events' region-months, pages and
    the regions answer as SQL gives them."""
    store = handle.reader()
    new = handle.event_index()
    assert new is not index and new.generation > index.generation
    changed = set(store.rows("SELECT region_id, year(date_start) * 12 + month(date_start) - 1 FROM events "
                             "WHERE layout = 'ucdp' AND source_id IN (SELECT unnest(?)) AND region_id IS NOT NULL",
                             [[r["id"] for r in rows]]))
    assert changed
    known = region_ids(store)
    for region, old in loaded.items():
        now = new.wait(region, 60)
        months = {m for r, m in changed if r == region}
        if not months:
            assert now is old
            continue
        before, after = old.by_month(), now.by_month()
        assert {m for m in after if after[m] is not before.get(m)} == months
        flt = EventFilter(region=region, limit=5000)
        got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
        assert got.content == sql_geojson_page(store, flt, known)
    answer = client.get("/api/regions", params=WINDOW, headers={**bearer(tokens["viewer"]), "If-None-Match": etag})
    assert answer.status_code == 200 and answer.headers["etag"] != etag
    assert answer.content == _regions_body(store, None, *SPAN)


def _pages_as_sql(client, tokens, store, regions) -> None:
    """Each region's whole events page from the server is the page SQL gives."""
    known = region_ids(store)
    for region in sorted(regions):
        flt = EventFilter(region=region, limit=5000)
        got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
        assert got.content == sql_geojson_page(store, flt, known), region


def _regions_with(store, id_condition: str) -> set[str]:
    """The regions of the events whose ids meet `id_condition` (SQL on `id`)."""
    return {r for r, in store.rows(f"SELECT DISTINCT region_id FROM events WHERE ({id_condition}) "
                                   "AND region_id IS NOT NULL")}


def _ingest(client, tokens, name: str, body: bytes, rows: int | None = None) -> None:
    """A UCDP file posted to /api/ingest by the analyst: answered 200 with `rows` events stored (some, if None)."""
    r = client.post("/api/ingest", files={"file": (name, body, "text/csv")}, data={"layout": "ucdp"},
                    headers=bearer(tokens["analyst"]))
    assert r.status_code == 200 and (r.json()["inserted"] == rows if rows is not None else r.json()["inserted"] > 0), \
        r.text


def test_an_ingest_refreshes_the_index_by_its_months_and_the_map_totals(desk_db):
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    body, rows = _new_events(40)
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        _ingest(client, tokens, "more.csv", body, 40)
        _totals_ready(handle, months)
        _check_refreshed(client, handle, tokens, index, loaded, etag, rows)


def _wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the server did not notice the other process's write"
        time.sleep(0.05)


def test_on_postgresql_other_processes_writes_start_only_their_generations(pg_cluster, _pg_web_template, tmp_path):
    url = pg_cluster.database(_pg_web_template[0])
    tokens = _pg_web_template[1]
    with Store.open(url) as store:
        store.execute("INSERT INTO reports (id, title, text, read_at) VALUES (?, ?, ?, ?)",
                      ["c0ffee" + "0" * 58, "Desk note", "JNIM attacked Boni.", date(2024, 1, 1)])
        store.execute("INSERT INTO facts (id, report_id, kind, start_char, end_char, text, value) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [FACT, "c0ffee" + "0" * 58, "actor", 0, 4, "JNIM", '{"name": "JNIM"}'])
    app = create_app(url)
    handle = app.state.store
    body, rows = _new_events(40)
    csv_path = tmp_path / "more.csv"
    csv_path.write_bytes(body)
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        reports, events = handle.generations[REPORTS], handle.generations[EVENTS]
        with Store.open(url) as other:          # another process's connection: a CLI user
            web_reports.review_fact(other, FACT, "rejected", "ana", note="wrong group")
        _wait_for(lambda: handle.generations[REPORTS] > reports)
        assert handle.generations[EVENTS] == events
        _unchanged(client, handle, tokens, index, loaded, etag)
        assert handle.peek("region_months") is months
        with Store.open(url) as other:
            assert ingest_file(other, csv_path, "ucdp").inserted == 40
        _wait_for(lambda: handle.generations[EVENTS] > events)
        _check_refreshed(client, handle, tokens, index, loaded, etag, rows)


def test_a_brief_answer_is_its_stored_version_until_a_brief_write(any_web_db):
    """GET /api/briefs/{id} passes the stored JSON on (cached until a write of briefs): the same answer as the
    version decoded, and a review shows at once."""
    from watchfloor.store import briefs
    from watchfloor.warn.brief import create_brief
    path, tokens = any_web_db
    with Store.open(path) as store:
        brief_id = create_brief(store, "NER", authors=["Cache Test"], model="last")
    app = create_app(path)
    with TestClient(app) as client:
        first = client.get(f"/api/briefs/{brief_id}", headers=bearer(tokens["viewer"]))
        assert first.status_code == 200 and first.headers["content-type"] == "application/json"
        store = app.state.store.reader()
        want = briefs.brief_version(store, brief_id)
        got = first.json()
        assert got["content"] == want["content"] and got["authors"] == ["Cache Test"]
        assert got["status"] == "draft" and got["version"] == want["version"] == 1
        assert [a["action"] for a in got["audit"]] == [a["action"] for a in briefs.brief_audit(store, brief_id)]
        assert client.get(f"/api/briefs/{brief_id}", headers=bearer(tokens["viewer"])).content == first.content
        r = client.post(f"/api/briefs/{brief_id}/review", headers=bearer(tokens["editor"]))
        assert r.status_code == 200, r.text
        after = client.get(f"/api/briefs/{brief_id}", headers=bearer(tokens["viewer"])).json()
        assert after["status"] == "reviewed" and after["reviewed_by"] == "editor"
        assert len(after["audit"]) > len(got["audit"]) and after["content"] == got["content"]
        assert client.get(f"/api/briefs/{brief_id + 100}", headers=bearer(tokens["viewer"])).status_code == 404


def test_new_events_put_in_at_their_places_equal_the_month_read_again(desk_db):
    """`merged` (an ingest's events put in among those the index holds) gives the month as loading it does:
    the same features in the same order, days, countries, fingerprint; and refuses a month that does not add up."""
    import random

    from watchfloor.store.web_index import region_event_rows
    from watchfloor.web.event_index import _chunk, merged
    path, _ = desk_db
    rnd = random.Random(3)
    with Store.open(path) as store:
        busiest = store.rows("SELECT region_id, year(date_start) * 12 + month(date_start) - 1, count(*) FROM events "
                             "WHERE region_id IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 5")
        for region, month, events in busiest:
            rows = region_event_rows(store, region, [month])
            assert len(rows) == events > 3
            whole = _chunk(rows)
            for new in (rnd.sample(range(events), 1), rnd.sample(range(events), events // 3), list(range(events))):
                held = _chunk([r for k, r in enumerate(rows) if k not in new]) if len(new) < events else None
                got = merged(held, [(k, *rows[k][1:]) for k in sorted(new)], events)
                assert got is not None
                assert got.features == whole.features and got.fingerprint == whole.fingerprint
                assert got.days.tolist() == whole.days.tolist() and got.starts.tolist() == whole.starts.tolist()
                assert ([got.country_names[c] if c >= 0 else None for c in got.countries.tolist()]
                        == [whole.country_names[c] if c >= 0 else None for c in whole.countries.tolist()])
            assert merged(whole, [(0, *rows[0][1:])], events) is None      # held already: read again


def test_a_regions_months_read_again_are_its_events_of_those_months_up_to_a_dataset(desk_db, tmp_path):
    """`region_event_rows` for some months (on PostgreSQL ranges of the region/date index, Decembers and Januaries
    among them) gives the rows of those months as reading the whole region does, in the same order; with
    `through_dataset`, only the events of datasets up to it (a second ingest's events left out)."""
    from watchfloor.store.web_index import region_event_rows
    path, _ = desk_db
    body, _ = _new_events(40)
    (tmp_path / "more.csv").write_bytes(body)
    with Store.open(path) as store:
        assert ingest_file(store, tmp_path / "more.csv", "ucdp").inserted == 40
        region = store.rows("SELECT region_id FROM events WHERE id LIKE 'ucdp:8000%' AND region_id IS NOT NULL "
                            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")[0][0]
        whole = region_event_rows(store, region)
        held = sorted({r[0] for r in whole})
        months = {m for m in held if m % 12 in (0, 11)} | set(held[::7])
        assert {m % 12 for m in months} >= {0, 11} and len(months) < len(held)
        assert region_event_rows(store, region, months) == [r for r in whole if r[0] in months]
        assert region_event_rows(store, region, []) == []
        datasets = sorted({d for d, in store.rows("SELECT DISTINCT dataset_id FROM events WHERE region_id = ?",
                                                  [region])})
        ids = {d: {i for i, in store.rows("SELECT to_json(id)::TEXT FROM events WHERE region_id = ? AND dataset_id <= ?",
                                         [region, d])} for d in datasets}
        for d in datasets:
            got = region_event_rows(store, region, months, through_dataset=d)
            assert got == [r for r in whole if r[0] in months and r[3] in ids[d]]
        assert len(datasets) > 1 and len(region_event_rows(store, region, None, datasets[0])) < len(whole)


def _later_events(n: int) -> bytes:
    """`n` bundled Malian events moved to March 2021 (after the bundled data's end), as new rows."""
    import csv
    import io
    from watchfloor.bundled import BUNDLED_EVENTS
    with open(BUNDLED_EVENTS, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if r["iso3"] == "MLI"][:n]
        columns = reader.fieldnames
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    for i, r in enumerate(rows):
        writer.writerow({**r, "id": str(7_000_000 + i), "year": "2021", "month": "3", "day": str(1 + i % 28),
                         "date_start": f"2021-03-{1 + i % 28:02d}"})
    return out.getvalue().encode()


def test_cached_answers_show_every_write_at_once(desk_db):
    """The reports list, a report, the briefs list, a brief and the judgments are cached answers (served
    without a query until a write of what they rest on); each write shows in them at once: a fact review in the
    report, a stored report in the list, a brief's review in the briefs, a judgment's resolution, and an
    ingest that makes a judgment due (its deadline now covered by the data)."""
    from watchfloor.warn.brief import create_brief
    path, tokens = desk_db
    report_id = "c0ffee" + "0" * 58
    with Store.open(path) as store:
        brief_id = create_brief(store, "NER", authors=["Cache Test"], model="last")
        for k, deadline in enumerate((date(2021, 2, 28), date(2022, 6, 30))):
            store.execute(
                "INSERT INTO judgments (id, claim, probability, explicit, negated, made_by, authors, source, made_at, "
                "deadline, criteria, source_kind, status, manual_only, created_at) VALUES "
                "(?, ?, 0.7, false, false, 'desk', '[\"desk\"]', 'desk', ?, ?, ?, 'manual', 'open', false, ?)",
                [900 + k, f"Attacks in Mali will go on (claim {k}).", date(2020, 12, 1), deadline,
                 '{"countries": ["MLI"], "structured": false}', date(2020, 12, 1)])
    app = create_app(path)
    handle = app.state.store
    viewer, analyst = bearer(tokens["viewer"]), bearer(tokens["analyst"])

    def get(url: str):
        first = client.get(url, headers=viewer)
        assert first.status_code == 200, first.text
        again = client.get(url, headers=viewer)
        assert again.content == first.content     # the cached bytes
        return first.json()

    def due() -> dict:
        return {j["id"]: j["due"] for j in get("/api/judgments") if j["id"] >= 900}

    with TestClient(app) as client:
        assert {f["id"]: f["status"] for f in get(f"/api/reports/{report_id}")["facts"]} == {FACT: "extracted"}
        assert [r["title"] for r in get("/api/reports")] == ["Desk note"]
        assert [b["status"] for b in get("/api/briefs")] == ["draft"]
        assert due() == {900: False, 901: False}
        for key in (("report", report_id), ("reports", 200, 0), ("briefs", None), ("judgments", None, None)):
            assert handle.peek(key) is not None, key

        r = client.post(f"/api/facts/{FACT}", json={"status": "rejected", "note": "test"}, headers=analyst)
        assert r.status_code == 200, r.text
        assert {f["id"]: f["status"] for f in get(f"/api/reports/{report_id}")["facts"]} == {FACT: "rejected"}

        with app.state.jobs.handle.writer() as store:     # the reading jobs' writes, as they store reports
            store.execute("UPDATE reports SET title = ? WHERE id = ?", ["Desk note, revised", report_id])
        assert [r["title"] for r in get("/api/reports")] == ["Desk note, revised"]
        assert get(f"/api/reports/{report_id}")["title"] == "Desk note, revised"

        assert due() == {900: False, 901: False}      # after writes of reports only: worked out again
        _ingest(client, tokens, "later.csv", _later_events(30), 30)
        assert due() == {900: True, 901: False}

        r = client.post(f"/api/briefs/{brief_id}/review", headers=bearer(tokens["editor"]))
        assert r.status_code == 200, r.text
        assert [b["status"] for b in get("/api/briefs")] == ["reviewed"]

        r = client.post("/api/judgments/901/resolve", json={"outcome": "void", "note": "test"}, headers=analyst)
        assert r.status_code == 200, r.text
        assert {j["id"]: j["status"] for j in get("/api/judgments") if j["id"] >= 900} == {900: "open",
                                                                                          901: "resolved"}


def test_a_write_works_out_again_the_answers_readers_asked_for_before_its_bump(desk_db):
    """The cached answers readers asked for that rest on what a write changed are worked out by the write,
    before its generation is bumped: right after the write's answer they are cached already (no reader waits
    for them) and show the write — a fact review in the report and the facts page, an ingest in the judgments
    that came due (their coverage, an answer they rest on, worked out afresh with them). An answer no one asked
    for is not worked out."""
    import json
    path, tokens = desk_db
    report_id = "c0ffee" + "0" * 58
    with Store.open(path) as store:
        store.execute(
            "INSERT INTO judgments (id, claim, probability, explicit, negated, made_by, authors, source, made_at, "
            "deadline, criteria, source_kind, status, manual_only, created_at) VALUES "
            "(950, 'Raids in Mali will go on.', 0.8, false, false, 'desk', '[\"desk\"]', 'desk', ?, ?, ?, 'manual', "
            "'open', false, ?)", [date(2020, 12, 1), date(2021, 2, 28), '{"countries": ["MLI"], "structured": false}',
                                  date(2020, 12, 1)])
    app = create_app(path)
    handle = app.state.store
    viewer, analyst = bearer(tokens["viewer"]), bearer(tokens["analyst"])
    report_key, judgments_key = ("report", report_id), ("judgments", None, None)
    with TestClient(app) as client:
        for url in (f"/api/reports/{report_id}", "/api/judgments", "/facts?status="):
            assert client.get(url, headers=viewer).status_code == 200
        facts_keys = [k for k in handle._answers if isinstance(k, tuple) and k[0] == "facts_page"]
        assert facts_keys and handle.peek(("reports", 200, 0)) is None      # the list: not asked for

        r = client.post(f"/api/facts/{FACT}", json={"status": "rejected", "note": "test"}, headers=analyst)
        assert r.status_code == 200, r.text
        ready = handle.peek(report_key)
        assert ready is not None and {f["id"]: f["status"] for f in json.loads(ready)["facts"]} == {FACT: "rejected"}
        assert all(handle.peek(k) is not None for k in facts_keys)
        assert b"rejected" in handle.peek(facts_keys[0]).encode()
        assert handle.peek(("reports", 200, 0)) is None
        assert client.get(f"/api/reports/{report_id}", headers=viewer).content == ready

        assert {j["id"]: j["due"] for j in json.loads(handle.peek(judgments_key))} == {950: False}
        _ingest(client, tokens, "later.csv", _later_events(30), 30)
        ready = handle.peek(judgments_key)
        assert ready is not None and {j["id"]: j["due"] for j in json.loads(ready)} == {950: True}
        assert client.get("/api/judgments", headers=viewer).content == ready


def test_an_ingest_puts_its_events_into_the_index_before_its_answer(desk_db):
    """A write of new events puts them into the events index before its bump: when the ingest's answer comes,
    the current index holds every region it held before, the ingest's among them, with nothing still being put
    in, no region answering provisionally (SQL for the months the ingest changed) and no month read again;
    its pages are SQL's."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead = True        # (PostgreSQL's default)
    body, _ = _new_events(40)
    with TestClient(app) as client:
        index, loaded, _, _ = _warm(client, handle, tokens)
        _ingest(client, tokens, "more.csv", body, 40)
        newest = handle._index
        assert newest is not index and index.stale and newest.generation == handle.generations[EVENTS]
        assert newest.carrying() is None and not newest._provisional and newest.months_read_again == 0
        assert set(newest.loaded()) == set(loaded) and not newest._loads
        store = handle.reader()
        touched = _regions_with(store, "id LIKE 'ucdp:8000%'")
        assert touched and all(newest.peek(r) is not loaded[r] for r in touched)
        assert all(newest.peek(r) is loaded[r] for r in set(loaded) - touched)     # kept as they were
        _pages_as_sql(client, tokens, store, touched)


def test_an_ingest_of_more_events_than_the_bound_is_put_in_in_the_background(desk_db):
    """An ingest of more events than `put_in_ahead_most` is not put into the index before its answer (the
    other writes' bumps would wait for it): the index after it puts them in in the background, as when the put-in
    ahead is off, and its pages are SQL's once done."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead, handle.put_in_ahead_most = True, 39
    body, _ = _new_events(40)
    with TestClient(app) as client:
        index, loaded, _, _ = _warm(client, handle, tokens)
        with _loaders_held(handle):
            _ingest(client, tokens, "more.csv", body, 40)
            assert handle._index is index                       # nothing built ahead
            newest = handle.event_index()
            assert newest is not index and newest.carrying() is not None and newest._provisional
        newest.carrying().result(60)
        store = handle.reader()
        touched = _regions_with(store, "id LIKE 'ucdp:8000%'")
        _pages_as_sql(client, tokens, store, touched)


def test_an_ingest_of_a_file_stored_before_keeps_the_later_datasets_events_in_the_index(desk_db):
    """A file ingested again after its events were removed takes its earlier dataset id, older than a dataset
    stored since with events in the same months: the put-in places and counts the events of every dataset stored
    when the ingest was noted, so the later dataset's events stay in the index, and its pages are SQL's."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    first, _ = _new_events(40)
    second = first.replace(b"\n800", b"\n850")              # the same events again, under other ids
    with TestClient(app) as client:
        _ingest(client, tokens, "first.csv", first, 40)
        _ingest(client, tokens, "second.csv", second, 40)
        with handle.writer() as store:          # the first file's events removed (an analyst's clean-up)
            store.execute("DELETE FROM events WHERE id LIKE 'ucdp:800%'")
        _warm(client, handle, tokens)
        _ingest(client, tokens, "first.csv", first, 40)
        store = handle.reader()
        datasets = store.rows("SELECT DISTINCT dataset_id, id LIKE 'ucdp:800%' FROM events "
                              "WHERE id LIKE 'ucdp:800%' OR id LIKE 'ucdp:850%' ORDER BY 1")
        assert [later for _, later in datasets] == [True, False]     # the file's dataset is the older one
        newest = handle.event_index()
        newest.carrying() and newest.carrying().result(60)
        touched = _regions_with(store, "id LIKE 'ucdp:8%'")
        assert all(newest.peek(region) is not None for region in touched)
        _pages_as_sql(client, tokens, store, touched)


def test_an_ingest_while_the_index_puts_in_the_last_one_carries_on_from_it(desk_db):
    """Two ingests in a row, the second before the events index has put the first one's events in (its loader
    threads held busy meanwhile): the newest index carries on from what the previous one carries over — every
    region kept, none loaded again whole — and its pages are those SQL gives."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead = False       # the put-in in the background, after the bump
    first, first_rows = _new_events(40)           # Burkina Faso's first bundled events, as new rows
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        with _loaders_held(handle):
            for name, body in (("first.csv", first), ("later.csv", _later_events(30))):
                _ingest(client, tokens, name, body)
                handle.event_index()                   # the index of this write, made at once
            newest = handle.event_index()
            assert newest.generation > index.generation and newest.carrying() is not None
        newest.carrying().result(60)
        store = handle.reader()
        changed = {r for r, in store.rows("SELECT DISTINCT region_id FROM events WHERE layout = 'ucdp' "
                                          "AND (id LIKE 'ucdp:8000%' OR id LIKE 'ucdp:7000%')")}
        assert changed and set(loaded) - changed
        carried = newest.loaded()
        assert set(carried) == set(loaded)            # nothing to load again
        known = region_ids(store)
        for region, old in loaded.items():
            if region not in changed:
                assert carried[region] is old
                continue
            flt = EventFilter(region=region, limit=5000)
            got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
            assert got.content == sql_geojson_page(store, flt, known)


def test_while_two_ingests_are_put_in_one_after_the_other_the_months_neither_changed_answer_from_the_index(desk_db):
    """A second ingest before the first one's events are put in (loader threads held busy): a region the first
    ingest touched still answers from the index the windows neither ingest changed (the pages SQL gives), and a
    window of a changed month is SQL's at once — no wait for the put-in."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead = False       # the put-in in the background, after the bump
    first, _ = _new_events(40)
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        with _loaders_held(handle):
            for name, body in (("first.csv", first), ("later.csv", _later_events(30))):
                _ingest(client, tokens, name, body)
                handle.event_index()
            newest = handle.event_index()
            assert newest.carrying() is not None and newest.generation > index.generation + 1
            store = handle.reader()
            changed = set(store.rows("SELECT region_id, year(date_start) * 12 + month(date_start) - 1 FROM events "
                                     "WHERE (id LIKE 'ucdp:8000%' OR id LIKE 'ucdp:7000%') AND region_id IS NOT NULL"))
            region = sorted(r for r, _ in changed if r.startswith("BFA"))[0]
            mine = {m for rid, m in changed if rid == region}
            held = [m for m in loaded[region].months if m not in mine]
            assert mine and held and newest.peek(region) is None
            known = region_ids(store)
            for m, served in [(held[0], True), (held[-1], True), (min(mine), False)]:
                start = date(m // 12, m % 12 + 1, 1)
                last = date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)
                flt = EventFilter(region=region, since=start, until=last, limit=500)
                assert (newest.provisional(region, start, last) is not None) == served
                assert newest.pending(region) is None          # nothing to wait for: SQL answers a changed month
                got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
                assert got.content == sql_geojson_page(store, flt, known)
        newest.carrying() and newest.carrying().result(60)
        assert newest.peek(region) is not None and newest.provisional(region, date(2000, 1, 1), date(2030, 1, 1)) is None


def test_a_month_a_later_ingest_added_to_meanwhile_is_put_in_without_reading_it_again(desk_db):
    """Two ingests of events in the same region-months before the first one is put in (loader threads held
    busy): when the first put-in runs, the second's events are in its months too. They are left out of its
    places and counts by their later dataset and put in by the second put-in, so no month is read again; the
    newest index carries every region over, queues no load of its own, and its pages are SQL's."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead = False       # the put-in in the background, after the bump
    first, _ = _new_events(40)
    second = first.replace(b"\n800", b"\n850")              # the same events again, under other ids
    assert second != first and second.count(b"\n850") == 40
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        with _loaders_held(handle):
            indexes = []
            for name, body in (("first.csv", first), ("second.csv", second)):
                _ingest(client, tokens, name, body, 40)
                indexes.append(handle.event_index())
        newest = handle.event_index()
        newest.carrying() and newest.carrying().result(60)
        assert newest is indexes[-1] and indexes[0] is not newest
        assert [i.months_read_again for i in indexes] == [0, 0]
        store = handle.reader()
        touched = _regions_with(store, "id LIKE 'ucdp:800%' OR id LIKE 'ucdp:850%'")
        assert touched and set(newest.loaded()) == set(loaded) and not newest._loads
        _pages_as_sql(client, tokens, store, touched)


def test_while_an_ingest_is_put_in_its_regions_answer_the_months_it_did_not_change(desk_db):
    """Until an ingest's events are put into the events index (its loader threads held busy here), a region the
    ingest touched answers from the index the windows that hold none of the months it changed — the same pages
    as SQL's — and leaves the others to SQL; once put in, every month answers as SQL does."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead = False       # the put-in in the background, after the bump
    body, rows = _new_events(40)
    with TestClient(app) as client:
        index, loaded, months, etag = _warm(client, handle, tokens)
        with _loaders_held(handle):
            _ingest(client, tokens, "more.csv", body, 40)
            store = handle.reader()
            changed = set(store.rows("SELECT region_id, year(date_start) * 12 + month(date_start) - 1 FROM events "
                                     "WHERE id LIKE 'ucdp:8000%' AND region_id IS NOT NULL"))
            region = sorted(changed)[0][0]
            mine = {m for rid, m in changed if rid == region}
            held = [m for m in loaded[region].months if m not in mine]
            assert mine and held
            index = handle.event_index()
            assert index.peek(region) is None and index.carrying() is not None     # not put in yet
            known = region_ids(store)
            for m, served in [(held[0], True), (held[-1], True), (min(mine), False)]:
                first = date(m // 12, m % 12 + 1, 1)
                last = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
                flt = EventFilter(region=region, since=first, until=last, limit=500)
                assert (index.provisional(region, first, last) is not None) == served
                if served:
                    got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
                    assert got.content == sql_geojson_page(store, flt, known)
        index.wait(region, 60)
        first = date(min(mine) // 12, min(mine) % 12 + 1, 1)
        flt = EventFilter(region=region, since=first, until=first + timedelta(days=27), limit=500)
        assert index.peek(region) is not None
        got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
        assert got.content == sql_geojson_page(store, flt, known)


def _same_days_events(n: int) -> tuple[bytes, list[str]]:
    """`n` bundled events as new rows on their own days, with ids alternately before and after the held events'
    (so that each is put in among its day's events, not only at a day's end)."""
    import csv
    import io
    from watchfloor.bundled import BUNDLED_EVENTS
    with open(BUNDLED_EVENTS, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [{**r, "id": str((1_000_000_000 if i % 2 else 99_000_000) + i)} for i, r in zip(range(n), reader)]
        columns = reader.fieldnames
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(), [r["id"] for r in rows]


def test_an_ingests_events_on_held_days_are_put_in_without_reading_a_month_again(desk_db):
    """An ingest of events on days the index holds events of, with ids before and after theirs: the index puts
    them in at their places (no region-month read again) and every page equals SQL's."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead = False       # the put-in in the background, after the bump
    body, ids = _same_days_events(40)
    with TestClient(app) as client:
        index, loaded, _, _ = _warm(client, handle, tokens)
        _ingest(client, tokens, "same-days.csv", body, 40)
        newest = handle.event_index()
        assert newest is not index and newest._carry is not None
        newest._carry.result(60)
        store = handle.reader()
        new = [f"ucdp:{i}" for i in ids]
        touched = {row[0] for row in store.rows(
            "SELECT DISTINCT region_id FROM events WHERE id IN (SELECT unnest(?)) AND region_id IS NOT NULL", [new])}
        ties = store.rows(
            "SELECT count(*) FILTER (WHERE o.id < e.id), count(*) FILTER (WHERE o.id > e.id) FROM events e "
            "JOIN events o ON o.region_id = e.region_id AND o.date_start = e.date_start "
            "AND NOT o.id IN (SELECT unnest(?)) WHERE e.id IN (SELECT unnest(?))", [new, new])[0]
        assert touched and ties[0] > 0 and ties[1] > 0         # held events before and after new ones, same day
        assert not touched & set(newest._loads)                # put in, not read again
        known = region_ids(store)
        for region in sorted(touched):
            assert newest.peek(region) is not None
            days = [row[0] for row in store.rows("SELECT DISTINCT date_start FROM events WHERE id IN "
                                                 "(SELECT unnest(?)) AND region_id = ? ORDER BY 1", [new, region])]
            for flt in [EventFilter(region=region, limit=5000)] + [
                    EventFilter(region=region, since=day.replace(day=1), until=day + timedelta(days=40), limit=50)
                    for day in days]:
                got = client.get("/api/events", params=_params(flt), headers=bearer(tokens["viewer"]))
                assert got.content == sql_geojson_page(store, flt, known), flt


def test_the_facts_page_is_cached_for_no_one_and_shows_every_write_at_once(desk_db):
    """The facts review page is cached per filter and role (served as the same page until a write of reports):
    each caller still gets their own name and CSRF token, a viewer no review forms; a fact's review through the
    API and through the page's form, and a stored report, show at once."""
    import re

    from httpx import Client
    from web_helpers import PASSWORD
    path, tokens = desk_db
    report_id = "c0ffee" + "0" * 58
    app = create_app(path)
    handle = app.state.store
    params = {"status": ""}

    def cards(page: str) -> dict:
        """fact id -> status, as the page's cards show them"""
        return {f: s for s, f in re.findall(r'<article class="fact-card status-(\w+)"[^>]*data-fact="([^"]+)"', page)}

    with TestClient(app) as client:
        viewer = client.get("/facts", params=params, headers=bearer(tokens["viewer"]))
        assert viewer.status_code == 200 and viewer.headers["content-type"].startswith("text/html")
        assert cards(viewer.text) == {FACT: "extracted"}
        assert handle.peek(("facts_page", None, None, None, None, 1, 25, None, "viewer")) is not None
        assert '<span id="whoami">viewer · viewer</span>' in viewer.text and ">Confirm</button>" not in viewer.text

        # two analysts' sessions: one cached page each gets its caller's name and CSRF token
        sessions = {}
        for name in ("analyst", "editor"):
            session = Client(transport=client._transport, base_url=str(client.base_url))
            assert session.post("/login", data={"name": name, "password": PASSWORD}).status_code in (200, 303)
            page = session.get("/facts", params=params).text
            csrf = set(re.findall(r'name="csrf_token" value="([^"]*)"', page))
            assert len(csrf) == 1 and csrf != {""} and f'<span id="whoami">{name} · ' in page
            assert re.search(r'<body data-csrf="([^"]*)"', page).group(1) == next(iter(csrf))
            assert ">Confirm</button>" in page and cards(page) == {FACT: "extracted"}
            sessions[name] = (session, next(iter(csrf)))
        assert sessions["analyst"][1] != sessions["editor"][1]
        assert not re.search(r"wf[0-9a-f]{24}", viewer.text + page)      # no stand-in left in a page

        r = client.post(f"/api/facts/{FACT}", json={"status": "rejected"}, headers=bearer(tokens["analyst"]))
        assert r.status_code == 200, r.text
        assert cards(client.get("/facts", params=params, headers=bearer(tokens["viewer"])).text) == {FACT: "rejected"}

        session, csrf = sessions["analyst"]
        done = session.post(f"/facts/{FACT}", data={"status": "confirmed", "csrf_token": csrf, "back": "/facts"},
                            follow_redirects=False)
        assert done.status_code == 303, done.text
        assert cards(session.get("/facts", params=params).text) == {FACT: "confirmed"}
        assert cards(client.get("/facts", params=params, headers=bearer(tokens["viewer"])).text) == {FACT: "confirmed"}

        with app.state.jobs.handle.writer() as store:     # the reading jobs' writes, as they store a report
            store.execute("INSERT INTO reports (id, title, text, read_at) VALUES (?, ?, ?, ?)",
                          ["d00d" + "0" * 60, "Second note", "ISGS raided Tillia.", date(2024, 2, 1)])
            store.execute("INSERT INTO facts (id, report_id, kind, start_char, end_char, text, value) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          ["d00d:actor:0", "d00d" + "0" * 60, "actor", 0, 4, "ISGS", '{"name": "ISGS"}'])
        page = client.get("/facts", params=params, headers=bearer(tokens["viewer"])).text
        assert cards(page) == {FACT: "confirmed", "d00d:actor:0": "extracted"} and "Second note" in page
        for session, _ in sessions.values():
            session.close()


def test_the_events_index_is_loaded_from_the_servers_start(desk_db):
    """The server loads every region with events into the events index from its start, before any map page asks
    (`/health` says when it is done): the first pages are answered from memory."""
    from watchfloor.store.web_index import regions_with_events
    path, _ = desk_db
    app = create_app(path)
    with TestClient(app) as client:
        deadline = time.monotonic() + 60
        while client.get("/health").json()["events_index_loading"] and time.monotonic() < deadline:
            time.sleep(0.1)
        handle = app.state.store
        index = handle.event_index()
        regions = regions_with_events(handle.reader())
        assert regions and all(index.peek(r) is not None for r in regions)
        assert client.get("/health").json() == {"ok": True, "events_index_loading": False}


def test_the_index_is_loading_while_its_regions_are_still_being_listed(desk_db):
    """`/health` says the events index is loading from the server's start, even before the regions to load are
    listed (while the loader threads are busy the index may not exist yet)."""
    from watchfloor.store.web_index import regions_with_events
    path, _ = desk_db
    handle = create_app(path).state.store
    try:
        with _loaders_held(handle):
            handle.start_warming()
            assert handle.index_loading()
        handle._warming.result(60)
        deadline = time.monotonic() + 60
        while handle.index_loading() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not handle.index_loading()
        index = handle.event_index()
        assert all(index.peek(r) is not None for r in regions_with_events(handle.reader()))
    finally:
        handle.close()
