"""The newest forecast: the run with the latest data month (as of), then the latest created. Back-dated and
scenario runs made later never replace it, in the forecast API, the store's queries and the web API."""
from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from web_helpers import _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.forecast import api
from watchfloor.store import Store
from watchfloor.store import web_queries as q
from watchfloor.web.app import create_app


def _runs(store: Store) -> dict[str, str]:
    """Runs made in this order: current (last), back-dated (conflictology, Nov 2020), a what-if, and a second
    current run (conflictology) made last of the current ones, then another back-dated one made after it."""
    made = {"current": api.run_forecast(store, "MLI", horizon=2, model="last").run_id}
    made["back"] = api.run_forecast(store, "MLI", horizon=2, as_of="2020-11", model="conflictology").run_id
    made["scenario"] = api.run_forecast(store, "MLI", horizon=2, model="conflictology",
                                        scenario="withdraw:MINUSMA@Kidal:2021-01").run_id
    made["newest"] = api.run_forecast(store, "MLI", horizon=2, model="conflictology").run_id
    made["older_back"] = api.run_forecast(store, "MLI", horizon=2, as_of="2019-06", model="zero").run_id
    return made


def test_the_latest_data_month_wins_then_the_latest_created(any_bundled_store):
    bundled_store = any_bundled_store
    made = _runs(bundled_store)
    assert len(set(made.values())) == 5
    newest = api.latest_run(bundled_store, "MLI")
    assert newest.run_id == made["newest"] and newest.meta["as_of"] == date(2020, 12, 1)
    assert newest.frame()["target_month"].min().strftime("%Y-%m") == "2021-01"
    assert q.latest_run(bundled_store, "MLI")["run_id"] == made["newest"]
    assert api.latest_run(bundled_store, "MLI", scenario=True).run_id == made["scenario"]
    # a newer data month wins even over runs created after it
    later = bundled_store.scalar("SELECT max(created_at) FROM forecast_runs")
    bundled_store.execute("UPDATE forecast_runs SET created_at = ? WHERE run_id = ?",
                          [later.replace(year=later.year - 1), made["current"]])
    assert api.latest_run(bundled_store, "MLI").run_id == made["newest"]
    bundled_store.execute("DELETE FROM forecast_runs WHERE run_id = ?", [made["newest"]])
    assert api.latest_run(bundled_store, "MLI").run_id == made["current"]


@pytest.fixture
def client(any_web_db):
    path, tokens = any_web_db
    with Store.open(path) as store:
        made = _runs(store)
    with TestClient(create_app(path)) as c:
        yield c, bearer(tokens["viewer"]), made


def test_map_timeline_and_api_show_the_newest_run(client):
    c, auth, made = client
    regions = c.get("/api/regions?country=MLI", headers=auth)
    assert regions.status_code == 200, regions.text
    body = regions.json()
    assert body["run"]["run_id"] == made["newest"] and body["run"]["as_of"].startswith("2020-12")
    months = {f["properties"].get("target_month") for f in body["features"] if "p_fatal" in f["properties"]}
    assert months == {"2021-01-01"}
    forecasts = c.get("/api/forecasts?country=MLI", headers=auth).json()
    assert forecasts["run"]["run_id"] == made["newest"]
    assert {r["target_month"][:7] for r in forecasts["forecasts"]} == {"2021-01", "2021-02"}
    region = body["features"][0]["id"]
    timeline = c.get(f"/api/regions/{region}/timeline", headers=auth).json()
    assert timeline["run"]["run_id"] == made["newest"]
    # a run asked for by id is still served
    back = c.get(f"/api/forecasts?country=MLI&run_id={made['back']}", headers=auth).json()
    assert back["run"]["run_id"] == made["back"]


def test_the_web_forecast_form_defaults_to_the_default_model():
    """A form without a model runs the default model (the ensemble), as the CLI does."""
    import inspect

    from watchfloor.forecast import DEFAULT_MODEL
    from watchfloor.web.routes_data import make_forecast
    assert DEFAULT_MODEL == "ensemble"
    assert inspect.signature(make_forecast).parameters["model"].default.default == DEFAULT_MODEL
    assert inspect.signature(api.run_forecast).parameters["model"].default == DEFAULT_MODEL
