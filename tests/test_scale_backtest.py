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
