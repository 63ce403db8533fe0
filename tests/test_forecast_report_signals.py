"""The desk's own reading as a covariate: read report events and judgments per unit-month, by publication month,
reach the features only at origins after that month."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast_helpers import COUNTRY, build_made_up_store
from pg_helpers import BACKENDS
from watchfloor.forecast.backtest import LeakageError, check_history
from watchfloor.forecast.features import feature_rows, origin_state, panel_matrices
from watchfloor.forecast.models import HurdleForecaster
from watchfloor.forecast.panel import build_panel, history
from watchfloor.store import Store

HOT, EDGE = f"{COUNTRY}.XF-1", f"{COUNTRY}.XF-2"
PUBLISHED = pd.Timestamp("2016-03-15")   # the report reaches the desk in March 2016 …
EVENT_DAY = "2016-01-10"                  # … about an attack in January


def add_report(store: Store) -> None:
    """One read report: two events in Hotland, one estimative judgment about Edge."""
    store.execute("INSERT INTO reports (id, title, published, text, read_at) VALUES ('r1', 'Weekly', ?, ?, ?)",
                  [PUBLISHED.date(), "text of the report", pd.Timestamp("2016-03-16 09:00")])
    facts = [("r1:event:0:4:0", "event", '{"date": "%s", "fatalities": 3}' % EVENT_DAY, HOT),
             ("r1:event:5:9:0", "event", '{"date": "%s"}' % EVENT_DAY, HOT),
             ("r1:judgment:10:14:0", "judgment", '{"term": "likely"}', EDGE)]
    for fid, kind, value, region in facts:
        store.execute("INSERT INTO facts (id, report_id, kind, start_char, end_char, text, value, region_id) "
                      "VALUES (?, 'r1', ?, 0, 4, 'text', ?, ?)", [fid, kind, value, region])


@pytest.fixture(scope="module", params=BACKENDS)
def panels(request, tmp_path_factory):
    """Panels without and with the report, from the made-up store on each backend (DuckDB, PostgreSQL)."""
    folder = tmp_path_factory.mktemp("signals")
    db = request.getfixturevalue("pg_cluster").database() if request.param == "postgres" else folder / "x.duckdb"
    with Store.open(build_made_up_store(db, folder)) as store:
        plain = build_panel(store, COUNTRY)
        add_report(store)
        read = build_panel(store, COUNTRY)
    return plain, read


def test_counts_fall_in_the_publication_month(panels):
    _, read = panels
    by = read.set_index(["unit_id", "month"])
    assert by.loc[(HOT, PUBLISHED.replace(day=1)), "report_events"] == 2
    assert by.loc[(EDGE, PUBLISHED.replace(day=1)), "report_judgments"] == 1
    assert read["report_events"].sum() == 2 and read["report_judgments"].sum() == 1  # not in January


def test_the_signal_reaches_only_later_origins(panels):
    plain, read = panels
    month = PUBLISHED.replace(day=1)
    with pytest.raises(LeakageError):  # a view holding the month's reading at its own origin is refused
        check_history(read[read["month"] <= month], month)
    m = panel_matrices(read)
    state = origin_state(m)
    t = m.index_of(month)
    hot = list(m.units["unit_id"]).index(HOT)
    rows, _, _ = feature_rows(m, state, np.array([t, t + 1]), [1], extra=("reports3", "judgments3"))
    x = rows.assign(unit=np.repeat(m.units["unit_id"].to_numpy(), 2), origin=np.tile([t, t + 1], len(m.units)))
    at = x[(x["unit"] == HOT) & (x["origin"] == t)]
    after = x[(x["unit"] == HOT) & (x["origin"] == t + 1)]
    assert at["reports3"].item() == 0 and after["reports3"].item() == pytest.approx(np.log1p(2))
    assert state["judgments3"][list(m.units["unit_id"]).index(EDGE), t + 1] == pytest.approx(np.log1p(1))
    assert state["reports3"][hot, : t + 1].max() == 0  # nothing before the month after publication
    # a model using the signal forecasts from the March origin exactly as without the report
    model = lambda: HurdleForecaster(horizons=2, n_estimators=15, calibration_months=12,  # noqa: E731
                                     extra_features=("reports3", "judgments3"))
    fit = lambda p: model().fit(p, month).predict(history(p, month), 2)  # noqa: E731
    np.testing.assert_array_equal(fit(plain).p_fatal, fit(read).p_fatal)
    np.testing.assert_array_equal(fit(plain).samples, fit(read).samples)
