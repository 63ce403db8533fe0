"""The one contract every forecaster honours, and the Forecast it returns.

`fit(panel, until)` learns from months before `until` only and returns self; learned state ends in `_`.
`predict(panel, horizons)` never learns: it forecasts the months after the last month with observed
fatalities in `panel`, taking covariates for target months from the panel's future rows when present
(a what-if passes a changed panel) and carrying the last observed covariates forward otherwise.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from watchfloor.forecast.panel import observed_until

QUANTILES = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
QUANTILE_COLUMNS = ["q05", "q10", "q25", "q50", "q75", "q90", "q95"]
N_SAMPLES = 1000
HIGH_FATALITIES = 25  # the second threshold: P(≥ 25 fatalities in the unit-month)


@dataclass
class Forecast:
    """Per unit × target month: P(≥ 1 fatal event), P(≥ 25 fatalities) and draws of fatalities."""
    model: str
    run_id: str
    origin: pd.Timestamp                 # the first forecast month
    cases: pd.DataFrame                  # unit_id, unit_name, target_month, horizon (+ stored summaries)
    p_fatal: np.ndarray
    p_25: np.ndarray
    samples: np.ndarray | None = None    # (cases, N_SAMPLES) fatalities; None when read back from the store
    meta: dict = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """unit_id, unit_name, target_month, horizon, p_fatal, p_25, mean, q05 … q95."""
        out = self.cases[["unit_id", "unit_name", "target_month", "horizon"]].copy()
        out["p_fatal"] = self.p_fatal
        out["p_25"] = self.p_25
        if self.samples is not None:
            out["mean"] = self.samples.mean(axis=1)
            qs = np.quantile(self.samples, QUANTILES, axis=1)
            for col, q in zip(QUANTILE_COLUMNS, qs):
                out[col] = q
        else:
            for col in ["mean", *QUANTILE_COLUMNS]:
                out[col] = self.cases[col].to_numpy()
        return out.reset_index(drop=True)


def horizon_list(horizons: int | list[int] | range) -> list[int]:
    """An int N means months 1..N."""
    hs = list(range(1, horizons + 1)) if isinstance(horizons, int) else sorted({int(h) for h in horizons})
    if not hs or hs[0] < 1:
        raise ValueError(f"horizons must be ≥ 1, got {horizons!r}")
    return hs


def forecast_cases(panel: pd.DataFrame, horizons: list[int]) -> tuple[pd.Timestamp, pd.DataFrame]:
    """(origin, one row per unit × horizon) for a panel whose observations end the month before origin."""
    origin = observed_until(panel)
    units = panel[["unit_id", "unit_name"]].drop_duplicates("unit_id").sort_values("unit_id", kind="stable")
    cases = units.loc[units.index.repeat(len(horizons))].reset_index(drop=True)
    cases["horizon"] = np.tile(horizons, len(units))
    months = pd.date_range(origin, periods=max(horizons), freq="MS")
    cases["target_month"] = months[cases["horizon"].to_numpy() - 1]
    return origin, cases


def panel_fingerprint(panel: pd.DataFrame) -> str:
    cols = [c for c in panel.columns if c not in ("unit_name",)]
    return hashlib.sha256(pd.util.hash_pandas_object(panel[cols], index=False).to_numpy().tobytes()).hexdigest()


def make_run_id(model: str, params: dict, panel: pd.DataFrame, origin: pd.Timestamp, extra: dict | None = None) -> str:
    """Same model, settings, data and origin → same id (so storing a re-run replaces it)."""
    key = json.dumps({"model": model, "params": params, "origin": str(origin), "extra": extra or {},
                      "panel": panel_fingerprint(panel)}, sort_keys=True, default=str)
    return f"{model}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


class Forecaster:
    """Base of every model: settings in __init__, unchanged; learned state ends in '_'."""
    name = "forecaster"

    def get_params(self) -> dict:
        return {k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")}

    def fit(self, panel: pd.DataFrame, until: pd.Timestamp) -> "Forecaster":
        self.until_ = pd.Timestamp(until)
        return self

    def predict(self, panel: pd.DataFrame, horizons: int | list[int]) -> Forecast:
        raise NotImplementedError

    def _forecast(self, panel: pd.DataFrame, origin: pd.Timestamp, cases: pd.DataFrame, p_fatal: np.ndarray,
                  p_25: np.ndarray, samples: np.ndarray) -> Forecast:
        run_id = make_run_id(self.name, self.get_params(), panel, origin,
                             {"fit_until": str(getattr(self, "until_", None))})
        return Forecast(self.name, run_id, origin, cases, np.asarray(p_fatal, float), np.asarray(p_25, float),
                        samples)
