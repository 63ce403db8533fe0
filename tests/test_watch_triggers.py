"""Watch-side triggers: a named actor recorded in a region where it had no events in the last months."""
from __future__ import annotations

from fixtures.sources.recorded import Recorded, Reply, fixture_json
from test_sources_acled import EMAIL, PASSWORD, acled_server
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule
from watchfloor.sources import ledger
from watchfloor.sources.watch import Watch
from watchfloor.store import Store


def test_named_actor_in_a_new_region(reference_db, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    update = fixture_json("acled_read_update.json")
    moved = [r for r in update["data"] if r["event_id_cnty"] == "MLI31004"][0]
    moved.update(admin1="Segou", admin2="Niono", admin3="Niono", location="Niono", latitude="14.2526",
                 longitude="-5.9929", fatalities="3", notes="On 5 June 2024, JNIM militants attacked Niono; 3 killed.")
    update["data"] = [moved]
    with Recorded() as server, Store.open(reference_db) as store:
        acled_server(server)
        first = server.routes["/api/acled/read"]
        server.route("/api/acled/read", lambda req: Reply(200, update if req.query.get("page") == "1"
                                                          else fixture_json("acled_deleted_none.json"))
                     if "timestamp" in req.query else first(req))
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
            "base_url": server.url, "countries": ["MLI"], "limit": 2, "backoff": 0.01}))
        add_rule(store, AlertRule("moves", "desk", "in-app", countries=["MLI"], kinds=["actor_new_region"]))
        watch = Watch(store, countries=["MLI"], forecast=False)
        assert watch.run_all()[0]["alerts"] == []        # the first data: nothing to compare with
        alerts = watch.run_all()[0]["alerts"]
        assert [a["kind"] for a in alerts] == ["actor_new_region"]
        assert "JNIM" in alerts[0]["body"] and "near Niono" in alerts[0]["body"]
        assert watch.run_all()[0]["alerts"] == []
