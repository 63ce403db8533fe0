"""Watch-side triggers: a named actor recorded in a region where it had no events in the last months."""
from __future__ import annotations

from fixtures.sources.recorded import Recorded, Reply, fixture_json
from test_sources_acled import EMAIL, PASSWORD, acled_server
from test_alerts_delivery import teams
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule, draft_brief_of
from watchfloor.sources import ledger
from watchfloor.sources.watch import Watch
from watchfloor.store import Store


def _acled_then(server, store, update: dict) -> None:
    """A recorded ACLED whose incremental read (by timestamp) answers `update`, configured as a source."""
    acled_server(server)
    first = server.routes["/api/acled/read"]
    server.route("/api/acled/read", lambda req: Reply(200, update if req.query.get("page") == "1"
                                                      else fixture_json("acled_deleted_none.json"))
                 if "timestamp" in req.query else first(req))
    ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
        "base_url": server.url, "countries": ["MLI"], "limit": 2, "backoff": 0.01}))


def test_named_actor_in_a_new_region(reference_db, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    update = fixture_json("acled_read_update.json")
    moved = [r for r in update["data"] if r["event_id_cnty"] == "MLI31004"][0]
    moved.update(admin1="Segou", admin2="Niono", admin3="Niono", location="Niono", latitude="14.2526",
                 longitude="-5.9929", fatalities="3", notes="On 5 June 2024, JNIM militants attacked Niono; 3 killed.")
    update["data"] = [moved]
    with Recorded() as server, Store.open(reference_db) as store:
        _acled_then(server, store, update)
        teams(store, "desk")
        add_rule(store, AlertRule("moves", "desk", "in-app", countries=["MLI"], kinds=["actor_new_region"]))
        watch = Watch(store, countries=["MLI"], forecast=False)
        assert watch.run_all()[0]["alerts"] == []        # the first data: nothing to compare with
        alerts = watch.run_all()[0]["alerts"]
        assert [a["kind"] for a in alerts] == ["actor_new_region"]
        assert "JNIM" in alerts[0]["body"] and "near Niono" in alerts[0]["body"]
        assert watch.run_all()[0]["alerts"] == []


def test_a_forecast_crossing_a_band_edge(reference_store):
    import pandas as pd
    from datetime import date
    from watchfloor.sources.watch import band_crossings
    from watchfloor.store.forecasts import FORECAST_COLUMNS, save_forecast

    def run(run_id: str, as_of: date, p_mopti: float, p_kidal: float) -> None:
        rows = [{"unit_id": u, "unit_name": n, "target_month": date(2024, 7, 1), "horizon": 1, "p_fatal": p,
                 "p_25": p / 4, "mean": 3.0, **{q: 1.0 for q in ("q05", "q10", "q25", "q50", "q75", "q90", "q95")}}
                for u, n, p in (("MLI.ML-5", "Mopti", p_mopti), ("MLI.ML-8", "Kidal", p_kidal))]
        save_forecast(reference_store, {"run_id": run_id, "model": "main", "country": "MLI", "unit": "admin1",
                                        "as_of": as_of}, pd.DataFrame(rows)[FORECAST_COLUMNS])

    run("r-may", date(2024, 5, 1), 0.40, 0.30)
    run("r-jun", date(2024, 6, 1), 0.62, 0.10)
    found = band_crossings(reference_store, "r-jun")
    assert [(t.region, t.severity) for t in found] == [("Mopti", 2)]
    assert "rose from unlikely (40%) to likely (62%)" in found[0].summary
    assert band_crossings(reference_store, "r-may") == []


def test_an_imminent_warning_starts_a_draft_brief(reference_db, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    update = fixture_json("acled_read_update.json")
    for row in update["data"]:
        if row["event_id_cnty"] == "MLI31004":
            row.update(fatalities="132", notes="On 5 June 2024, JNIM militants killed 132 civilians in Diallassagou.")
    with Recorded() as server, Store.open(reference_db) as store:
        _acled_then(server, store, update)
        teams(store, "desk")
        add_rule(store, AlertRule("imminent", "desk", "in-app", countries=["MLI"], min_severity=3))
        watch = Watch(store, countries=["MLI"], forecast=False)
        watch.run_all()
        alerts = watch.run_all()[0]["alerts"]
        assert [a["severity"] for a in alerts] == [3]
        assert "A draft brief is started:" in alerts[0]["body"] and "/briefs/1" in alerts[0]["body"]
        assert draft_brief_of(alerts[0]["body"]) == {"id": 1, "href": "/briefs/1"}      # the bell's link to it
        assert store.scalar("SELECT count(*) FROM briefs") == 1
        assert watch.run_all()[0]["alerts"] == [] and store.scalar("SELECT count(*) FROM briefs") == 1


def test_a_closed_month_is_forecast_once(reference_db, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    with Recorded() as server, Store.open(reference_db) as store:
        acled_server(server)
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
            "base_url": server.url, "countries": ["MLI"], "limit": 2, "backoff": 0.01}))
        watch = Watch(store, countries=["MLI"])
        watch.run_all()                                  # rows of 28-30 May 2024: May is closed
        assert [str(d) for d, in store.rows("SELECT as_of FROM forecast_runs")] == ["2024-05-01"]
        assert watch.month_closed("MLI") == [] and store.scalar("SELECT count(*) FROM forecast_runs") == 1
