"""The rolling-origin backtest's refit blocks and a scenario's bootstrap refits on a real Dask cluster give the
numbers one process gives."""
from __future__ import annotations

import pandas as pd
import pytest
from distributed import get_task_stream

from watchfloor.forecast.api import backtest, compare_scenario
from watchfloor.forecast.backtest import origins_for
from watchfloor.scale.backtest import forecasts_on
from watchfloor.scale.cluster import connect

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
MODELS = ["zero", "last", "conflictology"]


def test_backtest_origins_on_a_cluster_score_as_in_one_process(bundled_store):
    here = backtest(bundled_store, "MLI", horizons=[1, 3], models=MODELS, store_result=False)
    with connect(workers=2) as client, forecasts_on(client), get_task_stream(client) as tasks:
        there = backtest(bundled_store, "MLI", horizons=[1, 3], models=MODELS, store_result=False)
    pd.testing.assert_frame_equal(there.scores, here.scores)
    assert there.summary()["models"] == here.summary()["models"]
    blocks = -(-len(origins_for(here.start, here.end, [1, 3])) // 12)
    assert len(tasks.data) == blocks > 1                  # one task per refit block, on the cluster
    assert {name: t["fits"] for name, t in there.timings.items()} == {name: blocks for name in MODELS}


def test_a_scenarios_bootstrap_refits_on_a_cluster_give_what_one_process_gives(bundled_store):
    scenario = "withdraw:MINUSMA@Timbuktu:2019-06"
    here = compare_scenario(bundled_store, "MLI", scenario, horizon=2, as_of="2019-12", n_boot=3)
    with connect(workers=2) as client, forecasts_on(client), get_task_stream(client) as tasks:
        there = compare_scenario(bundled_store, "MLI", scenario, horizon=2, as_of="2019-12", n_boot=3)
    pd.testing.assert_frame_equal(there.frame, here.frame)
    assert there.total == here.total and there.region == here.region
    assert len(tasks.data) == 1 + 3                       # the point fit and each refit, one task each


def test_a_grid_forecast_validates_its_ensemble_on_a_cluster_as_in_one_process(bundled_store):
    # the ensemble learns its weights and calibration from a backtest over validation origins: on a cluster
    # those origins' refit blocks are its tasks, and the forecast is the one a single process makes
    from watchfloor.forecast import ensemble
    from watchfloor.forecast.api import run_forecast
    ensemble._LEARNT.clear()
    here = run_forecast(bundled_store, "MLI", "grid", horizon=1, as_of="2019-12", store_result=False)
    ensemble._LEARNT.clear()          # (else the second forecast reuses what the first learnt: no tasks)
    with connect(workers=2) as client, forecasts_on(client), get_task_stream(client) as tasks:
        there = run_forecast(bundled_store, "MLI", "grid", horizon=1, as_of="2019-12", store_result=False)
    pd.testing.assert_frame_equal(there.frame(), here.frame())
    assert there.run_id == here.run_id
    assert len(tasks.data) > 1                            # the validation backtest's refit blocks, one task each
