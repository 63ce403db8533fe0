"""No model sees an outcome from its forecast origin on: checked on the data each model is handed."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast_helpers import COUNTRY, build_made_up_store
from watchfloor.forecast.backtest import LeakageError, check_history, run_backtest
from watchfloor.forecast.baselines import ZeroForecaster
from watchfloor.forecast.contract import Forecaster, forecast_cases, horizon_list
from watchfloor.forecast.models import HurdleForecaster
from watchfloor.forecast.panel import build_panel, history
from watchfloor.store import Store

START, END = pd.Timestamp("2015-07-01"), pd.Timestamp("2016-12-01")


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("leak")
    with Store.open(build_made_up_store(folder / "x.duckdb", folder)) as store:
        return build_panel(store, COUNTRY)


class Spy(ZeroForecaster):
    """Records the last month with an observed outcome in every panel it is handed."""
    name = "spy"
    calls: list

    def fit(self, panel, until):
        Spy.calls.append(("fit", pd.Timestamp(until), panel.loc[panel["fatalities"].notna(), "month"].max()))
        return super().fit(panel, until)

    def predict(self, panel, horizons):
        forecast = super().predict(panel, horizons)
        Spy.calls.append(("predict", forecast.origin, panel.loc[panel["fatalities"].notna(), "month"].max()))
        return forecast


class Peeker(Forecaster):
    """Cheats if it can: forecasts certainty of whatever the panel shows for the target months."""
    name = "peeker"

    def predict(self, panel, horizons):
        origin, cases = forecast_cases(panel, horizon_list(horizons))
        seen = panel.set_index(["unit_id", "month"])["fatalities"]
        peek = seen.reindex(pd.MultiIndex.from_frame(cases[["unit_id", "target_month"]])).fillna(0).to_numpy()
        samples = np.repeat(peek[:, None], 1000, axis=1).astype(np.int32)
        return self._forecast(panel, origin, cases, (peek > 0).astype(float), (peek >= 25).astype(float), samples)


def test_every_model_sees_only_months_before_its_origin(panel):
    Spy.calls = []
    run_backtest(panel, {"spy": Spy}, [1, 3], START, END, refit_every=6)
    fits = [c for c in Spy.calls if c[0] == "fit"]
    predicts = [c for c in Spy.calls if c[0] == "predict"]
    assert len(predicts) == 20 and len(fits) == 4  # origins 2015-05 … 2016-12, refit every 6
    for kind, origin, last_seen in Spy.calls:
        assert last_seen < origin, f"{kind} at {origin:%Y-%m} saw outcomes up to {last_seen:%Y-%m}"
        assert last_seen == origin - pd.DateOffset(months=1)  # … and everything before it


def test_a_peeking_model_gains_nothing(panel):
    result = run_backtest(panel, {"zero": ZeroForecaster, "peeker": Peeker}, [1, 2], START, END)
    table = result.table().set_index("model")
    # the peeker finds no target month in what it is given, so it can do no better than "nothing happens"
    assert table.loc["peeker", "crps"] == pytest.approx(table.loc["zero", "crps"])
    assert table.loc["peeker", "brier"] == pytest.approx(table.loc["zero", "brier"])


def test_a_leaky_view_is_refused(panel):
    leaky = lambda p, origin: p  # hands the whole panel over, future included  # noqa: E731
    with pytest.raises(LeakageError, match="holds outcomes up to 2016-12"):
        run_backtest(panel, {"peeker": Peeker}, [1], START, END, view=leaky)
    one_month_late = lambda p, origin: history(p, origin + pd.DateOffset(months=1))  # noqa: E731
    with pytest.raises(LeakageError):
        run_backtest(panel, {"zero": ZeroForecaster}, [1], START, END, view=one_month_late)
    check_history(history(panel, START), START)  # the honest view passes


def test_the_main_model_ignores_months_from_until_on(panel):
    until = pd.Timestamp("2015-06-01")
    seen = history(panel, until)
    on_all = HurdleForecaster(n_estimators=15, calibration_months=12).fit(panel, until).predict(seen, 3)
    on_past = HurdleForecaster(n_estimators=15, calibration_months=12).fit(seen, until).predict(seen, 3)
    np.testing.assert_array_equal(on_all.p_fatal, on_past.p_fatal)
    np.testing.assert_array_equal(on_all.samples, on_past.samples)
    # and the future does change a model that is allowed to see it, so the comparison has teeth
    later = HurdleForecaster(n_estimators=15, calibration_months=12).fit(panel, END).predict(seen, 3)
    assert not np.array_equal(later.p_fatal, on_all.p_fatal)


def test_companion_panels_are_cut_at_until_too(panel):
    until = pd.Timestamp("2015-06-01")
    seen = history(panel, until)
    other = panel.assign(unit_id="other:" + panel["unit_id"])  # another country's panel, future included
    poisoned = other.copy()
    late = poisoned["month"] >= until
    poisoned.loc[late, "fatalities"] = poisoned.loc[late, "fatalities"] * 50 + 7
    fit = lambda companion: HurdleForecaster(n_estimators=15, calibration_months=12,  # noqa: E731
                                             companions=(companion,)).fit(seen, until).predict(seen, 3)
    honest, cheat = fit(other), fit(poisoned)
    np.testing.assert_array_equal(honest.p_fatal, cheat.p_fatal)
    np.testing.assert_array_equal(honest.samples, cheat.samples)
    # the companion's past does reach the model, so the comparison has teeth
    alone = HurdleForecaster(n_estimators=15, calibration_months=12).fit(seen, until).predict(seen, 3)
    assert not np.array_equal(alone.samples, honest.samples)
