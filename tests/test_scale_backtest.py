"""The rolling-origin backtest's refit blocks on a real Dask cluster give the scores one process gives."""
from __future__ import annotations

import pandas as pd
import pytest
from distributed import get_task_stream

from watchfloor.forecast.api import backtest
from watchfloor.forecast.backtest import origins_for
from watchfloor.scale.backtest import origins_on
from watchfloor.scale.cluster import connect

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
MODELS = ["zero", "last", "conflictology"]


def test_backtest_origins_on_a_cluster_score_as_in_one_process(bundled_store):
    here = backtest(bundled_store, "MLI", horizons=[1, 3], models=MODELS, store_result=False)
    with connect(workers=2) as client, origins_on(client), get_task_stream(client) as tasks:
        there = backtest(bundled_store, "MLI", horizons=[1, 3], models=MODELS, store_result=False)
    pd.testing.assert_frame_equal(there.scores, here.scores)
    assert there.summary()["models"] == here.summary()["models"]
    blocks = -(-len(origins_for(here.start, here.end, [1, 3])) // 12)
    assert len(tasks.data) == blocks > 1                  # one task per refit block, on the cluster
    assert {name: t["fits"] for name, t in there.timings.items()} == {name: blocks for name in MODELS}
