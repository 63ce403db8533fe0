"""The REST API against a real store: events with the CLI's filters, regions, timelines, actors, upload,
users, sessions and the audit trail."""
from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from web_helpers import PASSWORD, _pg_web_template, any_web_db, bearer, bundled_events_csv, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.geo.geojson import events_geojson
from watchfloor.store.events import EventFilter, count_events, events_frame
from watchfloor.web.app import create_app


@pytest.fixture
def api(any_web_db):
    path, tokens = any_web_db
    app = create_app(path)
    with TestClient(app) as client:
        yield client, tokens, app
    # the app closed the store on shutdown


def test_events_match_the_cli_filters_and_page(api):
    client, tokens, app = api
    flt = EventFilter(country="MLI", since=date(2018, 1, 1), until=date(2019, 12, 31))
    store = app.state.store.reader()
    expected = events_frame(store, flt)
    total = count_events(store, flt)
    assert total > 50
    got = client.get("/api/events", params={"country": "mli", "since": "2018-01-01", "until": "2019-12-31",
                                             "limit": 40}, headers=bearer(tokens["viewer"])).json()
    assert got["total"] == total
    assert [e["id"] for e in got["events"]] == list(expected["id"][:40])
    page2 = client.get("/api/events", params={"country": "MLI", "since": "2018-01-01", "until": "2019-12-31",
                                               "limit": 40, "offset": 40}, headers=bearer(tokens["viewer"])).json()
    assert [e["id"] for e in page2["events"]] == list(expected["id"][40:80])
    geo = client.get("/api/events", params={"country": "MLI", "since": "2018-01-01", "until": "2019-12-31",
                                             "limit": 5000, "format": "geojson"}, headers=bearer(tokens["viewer"])).json()
    assert geo["type"] == "FeatureCollection" and geo["total"] == total
    assert len(geo["features"]) == expected["latitude"].notna().sum()
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert (lat, lon) == tuple(expected.iloc[0][["latitude", "longitude"]])
    # built in SQL, the same features as the CLI's `--format geojson`
    assert geo["features"] == events_geojson(expected)["features"]


def test_actor_and_type_filters(api):
    client, tokens, app = api
    store = app.state.store.reader()
    actor = store.scalar("SELECT actor2 FROM events WHERE country_iso3 = 'MLI' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    part = actor[1:5].lower()
    got = client.get("/api/events", params={"actor": part, "type": "one-sided", "limit": 5000},
                     headers=bearer(tokens["viewer"])).json()
    assert got["total"] == count_events(store, EventFilter(actor=part, type="one-sided"))
    assert got["events"] and all(part in (e["actor1"] + " " + e["actor2"]).lower() for e in got["events"])
    assert {e["violence_type"] for e in got["events"]} == {"one-sided"}


def test_regions_carry_event_totals_and_timeline_sums(api):
    client, tokens, app = api
    store = app.state.store.reader()
    geo = client.get("/api/regions", params={"country": "MLI"}, headers=bearer(tokens["viewer"])).json()
    n_regions = store.scalar("SELECT count(*) FROM regions WHERE level = 1 AND country = 'MLI'")
    assert len(geo["features"]) == n_regions
    by_id = {f["id"]: f["properties"] for f in geo["features"]}
    assert sum(p.get("events", 0) for p in by_id.values()) == store.scalar(
        "SELECT count(*) FROM events WHERE country_iso3 = 'MLI' AND region_id IN "
        "(SELECT id FROM regions WHERE country = 'MLI')")
    busiest = max(by_id, key=lambda k: by_id[k].get("fatalities", 0))
    window = client.get("/api/regions", params={"country": "MLI", "since": "2020-01-01", "until": "2020-12-31"},
                        headers=bearer(tokens["viewer"])).json()
    in_2020 = store.scalar("SELECT count(*) FROM events WHERE region_id = ? AND year(date_start) = 2020", [busiest])
    assert {f["id"]: f["properties"].get("events", 0) for f in window["features"]}[busiest] == in_2020
    tl = client.get(f"/api/regions/{busiest}/timeline", headers=bearer(tokens["viewer"])).json()
    assert tl["region"]["id"] == busiest
    assert sum(m["events"] for m in tl["months"]) == by_id[busiest]["events"]
    assert sum(m["fatalities"] for m in tl["months"]) == by_id[busiest]["fatalities"]
    months = [m["month"] for m in tl["months"]]
    assert months == sorted(months) and len(set(months)) == len(months)
    assert client.get("/api/regions/NOPE.X/timeline", headers=bearer(tokens["viewer"])).status_code == 404


def test_actor_network_links_who_fights_whom(api):
    client, tokens, app = api
    store = app.state.store.reader()
    a1, a2, n = store.rows("SELECT actor1, actor2, count(*) FROM events WHERE country_iso3 = 'MLI' AND actor1 <> actor2 "
                           "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1")[0]
    net = client.get("/api/actors/network", params={"country": "MLI"}, headers=bearer(tokens["viewer"])).json()
    node_of = {name: node["id"] for node in net["nodes"] for name in node["names"]}
    link = next(l for l in net["links"] if (l["source"], l["target"]) == (node_of[a1], node_of[a2]))
    assert link["kind"] == "fights" and link["events"] >= n


def test_actor_network_has_one_node_per_actor(api):
    """A source's short name and the dictionary's full name are one node (JNIM; al-Murabitun once)."""
    client, tokens, app = api
    store = app.state.store.reader()
    net = client.get("/api/actors/network", params={"country": "MLI"}, headers=bearer(tokens["viewer"])).json()
    ids = [node["id"] for node in net["nodes"]]
    assert len(ids) == len(set(ids))
    every_name = [name.casefold() for node in net["nodes"] for name in node["names"]]
    assert len(every_name) == len(set(every_name))      # each name the data uses sits in one node only
    for full in ("Jama'at Nusrat al-Islam wal-Muslimin", "Al-Mourabitoun"):
        known = {a.casefold() for a, in store.rows(
            "SELECT alias FROM actor_aliases x JOIN actors a ON a.id = x.actor_id WHERE a.name = ? "
            "UNION SELECT ?", [full, full])}
        holding = [node for node in net["nodes"] if known & {name.casefold() for name in node["names"]}]
        assert len(holding) == 1 and len(holding[0]["names"]) >= 2, holding
        assert holding[0]["id"] == full
    links = [(l["source"], l["target"], l["kind"], l["from"]) for l in net["links"]]
    assert len(links) == len(set(links)) and all(l["source"] != l["target"] for l in net["links"])


def _csv_rows(n: int, new_ids: bool) -> bytes:
    return bundled_events_csv(n, 9_000_000 if new_ids else None)


def test_upload_event_csv_ingests_and_audits_under_the_user(api):
    client, tokens, app = api
    r = client.post("/api/ingest", files={"file": ("new events.csv", _csv_rows(7, True), "text/csv")},
                    data={"layout": "ucdp"}, headers=bearer(tokens["analyst"]))
    assert r.status_code == 200, r.text
    assert r.json()["inserted"] == 7 and r.json()["file"] == "new_events.csv"
    store = app.state.store.reader()
    assert store.scalar("SELECT count(*) FROM events WHERE source_id LIKE '9000%'") == 7
    assert store.scalar("SELECT count(*) FROM audit WHERE actor = 'analyst' AND action = 'web.ingest'") == 1
    bad = client.post("/api/ingest", files={"file": ("broken.csv", b"when,where\n2020-01-01,Gao\n", "text/csv")},
                      data={"layout": "ucdp"}, headers=bearer(tokens["analyst"]))
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("broken.csv: line 1: not a UCDP GED header")
    assert "/tmp" not in bad.json()["detail"] and "wf-upload" not in bad.json()["detail"]


def test_login_session_cookie_csrf_and_logout(api):
    client, tokens, app = api
    assert client.get("/map", follow_redirects=False).headers["location"] == "/login?next=/map"
    wrong = client.post("/login", data={"name": "analyst", "password": "nope", "next": "/map"})
    assert wrong.status_code == 401 and "wrong name or password" in wrong.text
    ok = client.post("/login", data={"name": "analyst", "password": PASSWORD, "next": "//evil.example/x"},
                     follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = client.get("/map")
    assert page.status_code == 200 and "analyst · analyst" in page.text
    csrf = re.search(r'data-csrf="([^"]+)"', page.text).group(1)
    upload = {"file": ("x.csv", _csv_rows(2, False), "text/csv")}
    assert client.post("/api/ingest", files=upload, data={"layout": "ucdp"}).status_code == 403
    assert client.post("/api/ingest", files=upload, data={"layout": "ucdp"},
                       headers={"X-CSRF-Token": "forged"}).status_code == 403
    good = client.post("/api/ingest", files={"file": ("x.csv", _csv_rows(2, False), "text/csv")},
                       data={"layout": "ucdp"}, headers={"X-CSRF-Token": csrf})
    assert good.status_code == 200 and good.json()["unchanged"] == 2
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/map", follow_redirects=False).status_code == 303
    actions = [r[0] for r in app.state.store.reader().rows(
        "SELECT action FROM audit WHERE actor = 'analyst' ORDER BY id")]
    assert actions[-3:] == ["user.login", "web.ingest", "user.logout"]


def test_admin_manages_users_and_every_change_is_audited(api):
    client, tokens, app = api
    made = client.post("/api/users", json={"name": "dana", "role": "analyst", "password": "long enough pw"},
                       headers=bearer(tokens["admin"]))
    assert made.status_code == 201
    token = made.json()["token"]
    assert client.get("/api/me", headers=bearer(token)).json() == {"name": "dana", "role": "analyst", "via": "token"}
    assert client.post("/api/users/dana/role", json={"role": "editor"}, headers=bearer(tokens["admin"])).status_code == 200
    assert client.get("/api/me", headers=bearer(token)).json()["role"] == "editor"
    assert client.post("/api/users", json={"name": "dana", "role": "viewer"},
                       headers=bearer(tokens["admin"])).status_code == 400
    assert client.post("/api/users", json={"name": "eve", "role": "root"},
                       headers=bearer(tokens["admin"])).status_code == 400
    log = client.get("/api/audit", params={"actor": "admin"}, headers=bearer(tokens["admin"])).json()
    assert [(a["action"], a["target"]) for a in log][:3] == [("user.role", "dana"), ("user.token", "dana"),
                                                            ("user.add", "dana")]


def test_bad_filters_are_refused_plainly(api):
    client, tokens, _ = api
    r = client.get("/api/events", params={"since": "last tuesday"}, headers=bearer(tokens["viewer"]))
    assert r.status_code == 422 and any("since" in p for p in r.json()["detail"])
    assert client.get("/api/events", params={"limit": 0}, headers=bearer(tokens["viewer"])).status_code == 422
    assert client.get("/api/events", params={"format": "xml"}, headers=bearer(tokens["viewer"])).status_code == 422
    page = client.get("/timeline", params={"country": "MLI", "region": "x"}, headers=bearer(tokens["viewer"]))
    assert page.status_code == 200


def test_openapi_lists_the_api(api):
    client, _, _ = api
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/regions", "/api/regions/{region_id}/timeline", "/api/forecasts",
                 "/api/backtests", "/api/reports", "/api/reports/{report_id}", "/api/actors/network", "/api/ingest",
                 "/api/briefs", "/api/briefs/{brief_id}/publish", "/api/judgments", "/api/judgments/{judgment_id}/resolve"):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert json.dumps(spec)


def test_an_unknown_country_is_a_404_with_a_message(api):
    client, tokens, _ = api
    viewer, analyst = bearer(tokens["viewer"]), bearer(tokens["analyst"])
    for path in ("/api/regions", "/api/timeline", "/api/forecasts", "/api/backtests", "/api/events",
                 "/api/actors/network", "/api/briefs", "/timeline"):
        r = client.get(path, params={"country": "XYZ"}, headers=viewer)
        assert r.status_code == 404, path
        assert "no country 'XYZ'" in html.unescape(r.text), path
    drafted = client.post("/api/briefs", json={"country": "XYZ"}, headers=analyst)
    assert drafted.status_code == 404 and "no country 'XYZ'" in drafted.json()["detail"]
    # a country the store knows but holds no events for: a 404 that says what is missing
    empty = client.post("/api/briefs", json={"country": "FRA"}, headers=analyst)
    assert empty.status_code == 404 and empty.json()["detail"].startswith("no events stored for FRA")
    assert client.get("/api/regions", params={"country": "mli"}, headers=viewer).status_code == 200


def test_timeline_page_drops_a_region_of_another_country(api):
    client, tokens, app = api
    store = app.state.store.reader()
    mali, other = store.rows("SELECT (SELECT id FROM regions WHERE country = 'MLI' AND level = 1 ORDER BY id LIMIT 1), "
                             "(SELECT min(country_iso3) FROM events WHERE country_iso3 <> 'MLI')")[0]
    page = client.get("/timeline", params={"country": other, "region": mali}, headers=bearer(tokens["viewer"])).text
    assert f'data-country="{other}" data-region=""' in page
    assert "onchange=" not in page and "<script>" not in page
