"""The standard baselines: no violence; last month again (Poisson around it); the unit's last 12 months."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from watchfloor.forecast.contract import (HIGH_FATALITIES, N_SAMPLES, Forecast, Forecaster, forecast_cases,
                                          horizon_list)


def _recent(panel: pd.DataFrame, origin: pd.Timestamp, months: int, units: pd.Series) -> np.ndarray:
    """(units, months) fatalities of the last `months` observed months before origin, oldest first (0 if absent)."""
    window = pd.date_range(origin - pd.DateOffset(months=months), periods=months, freq="MS")
    seen = panel[panel["month"].isin(window)].pivot_table(index="unit_id", columns="month", values="fatalities",
                                                          aggfunc="sum")
    return seen.reindex(index=units, columns=window).fillna(0.0).to_numpy()


class ZeroForecaster(Forecaster):
    """Nothing happens: P = 0, every draw 0."""
    name = "zero"

    def predict(self, panel: pd.DataFrame, horizons: int | list[int]) -> Forecast:
        origin, cases = forecast_cases(panel, horizon_list(horizons))
        n = len(cases)
        return self._forecast(panel, origin, cases, np.zeros(n), np.zeros(n), np.zeros((n, N_SAMPLES), np.int32))


class LastForecaster(Forecaster):
    """Poisson with mean equal to the unit's last observed month, for every horizon."""
    name = "last"

    def __init__(self, seed: int = 0):
        self.seed = seed

    def predict(self, panel: pd.DataFrame, horizons: int | list[int]) -> Forecast:
        origin, cases = forecast_cases(panel, horizon_list(horizons))
        rate = _recent(panel, origin, 1, cases["unit_id"])[:, 0]
        rng = np.random.default_rng(self.seed)
        samples = rng.poisson(rate[:, None], size=(len(cases), N_SAMPLES)).astype(np.int32)
        return self._forecast(panel, origin, cases, -np.expm1(-rate), stats.poisson.sf(HIGH_FATALITIES - 1, rate),
                              samples)


class ConflictologyForecaster(Forecaster):
    """The unit's own empirical distribution over its last `window` months ("conflictology")."""
    name = "conflictology"

    def __init__(self, window: int = 12):
        self.window = window

    def predict(self, panel: pd.DataFrame, horizons: int | list[int]) -> Forecast:
        origin, cases = forecast_cases(panel, horizon_list(horizons))
        return self._forecast(panel, origin, cases, *own_record(_recent(panel, origin, self.window, cases["unit_id"])))


def own_record(recent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(P(> 0), P(≥ 25), draws) of each row's empirical distribution over its recent months."""
    pick = (np.arange(N_SAMPLES) * recent.shape[1]) // N_SAMPLES  # each month equally often (±1 draw)
    return (recent > 0).mean(axis=1), (recent >= HIGH_FATALITIES).mean(axis=1), recent[:, pick].astype(np.int32)


BASELINES = {"zero": ZeroForecaster, "last": LastForecaster, "conflictology": ConflictologyForecaster}
