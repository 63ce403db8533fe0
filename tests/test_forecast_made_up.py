"""A made-up country runs through panels, models, backtest, what-if, store and CLI exactly like Mali."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from forecast_helpers import COUNTRY, MONTHS, build_made_up_store
from watchfloor.cli import app
from watchfloor.forecast import api
from watchfloor.forecast.backtest import run_backtest
from watchfloor.forecast.baselines import BASELINES
from watchfloor.forecast.models import HurdleForecaster
from watchfloor.forecast.panel import build_panel, panel_units, prio_gid
from watchfloor.forecast.scenario import ScenarioError, apply_scenario, parse_scenario
from watchfloor.forecast.panel import extend_panel
from watchfloor.store import Store
from watchfloor.store.events import last_complete_month

HOT, EDGE, CALM = f"{COUNTRY}.XF-1", f"{COUNTRY}.XF-2", f"{COUNTRY}.XF-6"


@pytest.fixture(scope="module")
def made_up_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("madeup")
    return build_made_up_store(folder / "x.duckdb", folder)


@pytest.fixture
def store(made_up_db, tmp_path):
    import shutil
    path = tmp_path / "copy.duckdb"
    shutil.copy(made_up_db, path)
    with Store.open(path) as s:
        yield s


def test_admin1_panel_is_zero_filled_with_neighbours(store):
    panel = build_panel(store, COUNTRY)
    assert panel["unit_id"].nunique() == 6 and panel["month"].nunique() == len(MONTHS)
    total = store.scalar("SELECT sum(fatalities) FROM events")
    assert panel["fatalities"].sum() == total
    assert panel.loc[panel["unit_id"] == CALM, "fatalities"].sum() == 2
    neighbours = panel_units(store, COUNTRY, "admin1").neighbours
    assert sorted(neighbours[HOT]) == [EDGE, f"{COUNTRY}.XF-4", f"{COUNTRY}.XF-5"]  # corner touch counts
    edge = panel[panel["unit_id"] == EDGE].set_index("month")
    hot = panel[panel["unit_id"] == HOT].set_index("month")
    assert (edge["nb_fatalities"] >= hot["fatalities"]).all()
    assert panel.loc[(panel["unit_id"] == HOT) & (panel["month"] == "2014-03-01"), "troops"].item() == 800
    assert panel.loc[(panel["unit_id"] == EDGE) & (panel["month"] == "2014-03-01"), "troops_nearby"].item() == 800
    assert panel.loc[panel["month"] < "2013-01-01", "troops"].sum() == 0


def test_grid_panel_uses_prio_grid_cells(store):
    panel = build_panel(store, COUNTRY, unit="grid")
    gids = sorted(int(u[3:]) for u in panel["unit_id"].unique())
    assert len(gids) == 24  # 3° × 2° of 0.5° cells
    # the cell holding (−39.75, 100.25): row ⌊50.25/0.5⌋+1 = 101, col ⌊280.25/0.5⌋+1 = 561
    assert 100 * 720 + 561 in gids and prio_gid(np.array([-39.75]), np.array([100.25]))[0] == 100 * 720 + 561
    assert panel["fatalities"].sum() == store.scalar("SELECT sum(fatalities) FROM events")


def test_main_model_ranks_the_violent_region_first(store):
    panel = build_panel(store, COUNTRY)
    model = HurdleForecaster(n_estimators=30, calibration_months=12).fit(panel, MONTHS[-1] + pd.DateOffset(months=1))
    forecast = model.predict(panel, 3)
    frame = forecast.frame()
    assert len(frame) == 18 and forecast.samples.shape == (18, 1000)
    by_unit = frame.groupby("unit_id")["p_fatal"].mean()
    assert by_unit.idxmax() == HOT and by_unit[HOT] > 0.6 and by_unit[CALM] < 0.3
    assert frame["target_month"].min() == pd.Timestamp("2017-01-01")
    assert (frame["p_25"] <= frame["p_fatal"]).all() and (frame["q05"] <= frame["q95"]).all()


def test_run_forecast_stores_a_run_and_latest_run_reads_it(store):
    assert last_complete_month(store).isoformat() == "2016-12-01"
    forecast = api.run_forecast(store, COUNTRY, horizon=2)
    again = api.latest_run(store, COUNTRY)
    assert again.run_id == forecast.run_id and again.model == "ensemble"  # the default model
    pd.testing.assert_frame_equal(again.frame(), forecast.frame(), check_dtype=False, atol=1e-9)
    assert store.scalar("SELECT count(*) FROM forecasts WHERE run_id = ?", [forecast.run_id]) == 12
    # same inputs, same run id: re-running replaces the rows instead of adding more
    assert api.run_forecast(store, COUNTRY, horizon=2).run_id == forecast.run_id
    assert store.scalar("SELECT count(*) FROM forecasts") == 12
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'forecast.run'") == 2
    past = api.run_forecast(store, COUNTRY, horizon=1, as_of="2015-06", model="conflictology")
    assert past.frame()["target_month"].iloc[0] == pd.Timestamp("2015-07-01") and past.run_id != forecast.run_id
    with pytest.raises(ValueError, match="after the data's last complete month 2016-12"):
        api.run_forecast(store, COUNTRY, as_of="2017-03")


def test_a_what_if_gets_its_own_run_id_even_when_it_changes_nothing(store):
    base = api.run_forecast(store, COUNTRY, horizon=2)
    # a withdrawal after the forecast window leaves every input as it was, yet it is a different run
    noop = api.run_forecast(store, COUNTRY, horizon=2, scenario="withdraw:PKF@Hotland:2018-06")
    pd.testing.assert_frame_equal(noop.frame(), base.frame())
    assert noop.run_id != base.run_id
    runs = store.records("SELECT run_id, scenario FROM forecast_runs")
    assert {r["run_id"]: r["scenario"] for r in runs} == {base.run_id: None,
                                                          noop.run_id: "withdraw:PKF@Hotland:2018-06"}
    assert api.latest_run(store, COUNTRY).run_id == base.run_id
    assert api.run_forecast(store, COUNTRY, horizon=2, scenario="withdraw:PKF@Hotland:2018-06").run_id == noop.run_id
    other = {api.run_forecast(store, COUNTRY, horizon=2, unit="grid").run_id,
             api.run_forecast(store, COUNTRY, horizon=2, as_of="2016-11").run_id,
             api.run_forecast(store, COUNTRY, horizon=2, model="conflictology").run_id}
    assert len(other) == 3 and not other & {base.run_id, noop.run_id}
    assert store.scalar("SELECT count(*) FROM forecast_runs") == 5


def test_backtest_scores_every_model_against_every_baseline(store):
    panel = build_panel(store, COUNTRY)
    models = {**BASELINES, "main": lambda: HurdleForecaster(horizons=2, n_estimators=20, calibration_months=12)}
    result = run_backtest(panel, models, [1, 2], pd.Timestamp("2016-01-01"), pd.Timestamp("2016-12-01"))
    summary = result.summary()
    assert set(summary["models"]) == {"zero", "last", "conflictology", "main"}
    assert set(summary["models"]["main"]) == {"crps", "brier", "ap", "msle", "coverage90"}
    assert set(summary["skill"]["main"]) == {"zero", "last", "conflictology"}
    assert set(summary["skill"]["main"]["zero"]) == {"crps", "brier"}
    assert len(result.scores) == 4 * 6 * 12 * 2
    zero = summary["models"]["zero"]
    observed = panel[(panel["month"] >= "2016-01-01")]
    assert zero["crps"] == pytest.approx(observed["fatalities"].mean(), abs=1e-5)  # point mass at 0: CRPS = y
    assert zero["brier"] == pytest.approx((observed["fatalities"] > 0).mean(), abs=1e-5)
    assert summary["skill"]["main"]["zero"]["crps"] > 0  # a region that burns every month is forecastable
    by_h = result.table(by_horizon=True)
    assert sorted(by_h["horizon"].unique()) == [1, 2]


def test_scenario_changes_force_presence_from_its_month_only(store):
    panel = extend_panel(build_panel(store, COUNTRY), 3)
    alpha = apply_scenario(store, panel, parse_scenario("withdraw:alpha@Hotland:2016-06"))
    hot = alpha[alpha["unit_id"] == HOT].set_index("month")["troops"]
    assert hot["2016-05-01"] == 800 and hot["2016-06-01"] == pytest.approx(200) and hot["2017-03-01"] == pytest.approx(200)
    gone = apply_scenario(store, panel, parse_scenario("withdraw:PKF@hotland:2016-06"))
    edge = gone[gone["unit_id"] == EDGE].set_index("month")
    assert edge.loc["2016-06-01", "troops_nearby"] == 0 and edge.loc["2016-05-01", "troops_nearby"] == 800
    deployed = apply_scenario(store, panel, parse_scenario("deploy:PKF@Calmcoast:2017-01:300"))
    calm = deployed[deployed["unit_id"] == CALM].set_index("month")["troops"]
    assert calm["2016-12-01"] == 0 and calm["2017-01-01"] == 300
    with pytest.raises(ScenarioError, match="not an admin-1 region"):
        apply_scenario(store, panel, parse_scenario("withdraw:PKF@Atlantis:2016-06"))
    with pytest.raises(ScenarioError, match="nothing to withdraw"):
        apply_scenario(store, panel, parse_scenario("withdraw:PKF@Edge:2016-06"))
    with pytest.raises(ScenarioError, match="expected withdraw"):
        parse_scenario("withdraw:PKF:2016-06")


def test_compare_scenario_reports_the_difference_with_an_interval(store):
    result = api.compare_scenario(store, COUNTRY, "withdraw:PKF@Hotland:2016-10", horizon=2, n_boot=3)
    frame = result.frame
    assert len(frame) == 12
    assert (frame["diff_p_fatal_lo"] <= frame["diff_p_fatal"]).all()
    assert (frame["diff_p_fatal"] <= frame["diff_p_fatal_hi"]).all()
    assert np.allclose(frame["diff_mean"], frame["mean_scenario"] - frame["mean"])
    assert result.region["name"] == "Hotland"
    assert result.region["diff_mean_lo"] <= result.region["diff_mean"] <= result.region["diff_mean_hi"]
    assert "Hotland" in result.verdict()


def test_cli_json_shapes(store, tmp_path):
    db = store.path
    store.close()
    runner = CliRunner()
    res = runner.invoke(app, ["--db", db, "forecast", "--country", COUNTRY.lower(), "--horizon", "2", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 12
    assert {"unit_id", "unit_name", "target_month", "horizon", "p_fatal", "p_25", "q05", "q50", "q95",
            "run_id"} <= set(rows[0])
    assert rows[0]["target_month"] == "2017-01"
    res = runner.invoke(app, ["--db", db, "backtest", "--country", COUNTRY, "--horizons", "1-2", "--since", "2016-07",
                              "--json", "--charts", str(tmp_path / "charts")])
    assert res.exit_code == 0, res.output
    for png in ("reliability_xfd_admin1.png", "skill_by_horizon_xfd_admin1.png"):
        assert (tmp_path / "charts" / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads(res.stdout)
    assert set(doc) == {"models", "skill", "data"} and set(doc["skill"]["main"]) == {"zero", "last", "conflictology"}
    assert set(doc["skill"]["ensemble"]) == {"zero", "last", "conflictology"}  # the ensemble is scored like any model
    assert doc["data"]["sources"] == ["ucdp"] and doc["data"]["months_missing"] == []
    with Store.open(db) as again:
        assert again.scalar("SELECT count(*) FROM backtests") == 1
        stored = json.loads(again.scalar("SELECT result FROM backtests"))
        assert stored == doc
    res = runner.invoke(app, ["--db", db, "forecast", "--country", COUNTRY, "--scenario", "withdraw:PKF@Nowhere:2016-01"])
    assert res.exit_code == 2 and "not an admin-1 region" in res.output
