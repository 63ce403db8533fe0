"""Rolling-origin backtest: at each origin a model sees only the months before it, then is scored.

The no-leakage rule is enforced where the data is handed over: `fit` and `predict` receive
`history(panel, origin)` (months before the origin, nothing else) and `check_history` refuses any view
that carries an outcome from the origin on. Models are refitted every `refit_every` origins (fit learns
from months before that origin only, so a model fitted in January serves February … December without
having seen them).
"""
from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np
import pandas as pd

from watchfloor.forecast import metrics
from watchfloor.forecast.baselines import BASELINES
from watchfloor.forecast.contract import Forecaster, horizon_list
from watchfloor.forecast.panel import OUTCOME_COLUMNS, history

BASELINE_NAMES = tuple(BASELINES)
SUMMARY_METRICS = ("crps", "brier", "ap", "msle", "coverage90")


# How the refit blocks of origins run: one after another here, unless a caller sets a map-like function
# (`watchfloor/scale/backtest.py` sets one that runs them on a Dask cluster). Each block is independent: its
# models are made fresh and fitted at its first origin, as the loop would refit them there.
ORIGIN_BLOCKS_MAP: ContextVar[Callable | None] = ContextVar("origin_blocks_map", default=None)


class LeakageError(RuntimeError):
    """A model was about to see outcomes from its forecast origin or later."""


def check_history(view: pd.DataFrame, origin: pd.Timestamp) -> None:
    """Refuse a view holding any observed outcome at or after `origin`."""
    late = view[view["month"] >= pd.Timestamp(origin)]
    cols = [c for c in OUTCOME_COLUMNS if c in late.columns]
    if len(late) and late[cols].notna().to_numpy().any():
        raise LeakageError(f"the data handed to the model for origin {pd.Timestamp(origin):%Y-%m} holds outcomes "
                           f"up to {late['month'].max():%Y-%m}")


@dataclass
class BacktestResult:
    country: str
    unit: str
    horizons: list[int]
    start: pd.Timestamp
    end: pd.Timestamp
    scores: pd.DataFrame                  # one row per model × unit × target month × horizon
    timings: dict[str, dict] = field(default_factory=dict)
    run_id: str | None = None
    draws: dict[str, np.ndarray] = field(default_factory=dict)  # model → (cases, k) when asked to keep them
    data: dict = field(default_factory=dict)  # sources, months used and missing (forecast.api.months_note)

    def table(self, by_horizon: bool = False) -> pd.DataFrame:
        """Models × metrics (pooled over horizons, or per horizon)."""
        keys = ["model", "horizon"] if by_horizon else ["model"]
        rows = [{**dict(zip(keys, k if isinstance(k, tuple) else (k,))), **score_block(g)}
                for k, g in self.scores.groupby(keys, sort=False)]
        return pd.DataFrame(rows)

    def skill(self, by_horizon: bool = False) -> pd.DataFrame:
        """1 − score/baseline for CRPS and Brier, each model against each baseline present."""
        table = self.table(by_horizon)
        keys = ["horizon"] if by_horizon else []
        rows = []
        for _, row in table.iterrows():
            for base in BASELINE_NAMES:
                ref = table[(table["model"] == base) & np.all([table[k] == row[k] for k in keys], axis=0)]
                if ref.empty:
                    continue
                rows.append({"model": row["model"], **{k: row[k] for k in keys}, "baseline": base,
                             "crps": metrics.skill(row["crps"], ref["crps"].iloc[0]),
                             "brier": metrics.skill(row["brier"], ref["brier"].iloc[0])})
        return pd.DataFrame(rows)

    def summary(self) -> dict:
        """The JSON of `watchfloor backtest --json`."""
        table = self.table().set_index("model")
        models = {m: {k: _num(table.loc[m, k]) for k in SUMMARY_METRICS} for m in table.index}
        skills: dict = {}
        for r in self.skill().itertuples(index=False):
            skills.setdefault(r.model, {})[r.baseline] = {"crps": _num(r.crps), "brier": _num(r.brier)}
        found = {"models": models, "skill": skills}
        if self.data:
            found["data"] = self.data
        return found

    def reliability_error_interval(self, model: str, n_boot: int = 500) -> tuple[float, float, float]:
        """(reliability error, 90 % bootstrap interval resampling target months)."""
        g = self.scores[self.scores["model"] == model]
        y = (g["y"] > 0).to_numpy(float)
        point = metrics.reliability_error(g["p_fatal"], y)
        lo, hi = metrics.bootstrap_interval(metrics.reliability_error, g["target_month"].to_numpy(),
                                            g["p_fatal"].to_numpy(), y, n_boot=n_boot)
        return point, lo, hi


def score_block(g: pd.DataFrame) -> dict:
    y = g["y"].to_numpy(float)
    hit = (y > 0).astype(float)
    return {"cases": len(g), "crps": float(g["crps"].mean()), "brier": metrics.brier_score(g["p_fatal"], hit),
            "log_loss": metrics.log_loss(g["p_fatal"], hit), "ap": metrics.average_precision(g["p_fatal"], hit),
            "msle": metrics.mean_squared_log_error(y, g["point"]),
            "coverage90": metrics.coverage(y, g["q05"], g["q95"]),
            "interval90": float(metrics.interval_score(y, g["q05"], g["q95"], 0.1).mean()),
            "brier25": metrics.brier_score(g["p_25"], (y >= 25).astype(float)),
            "reliability_error": metrics.reliability_error(g["p_fatal"], hit)}


def _num(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 6)


def origins_for(start: pd.Timestamp, end: pd.Timestamp, horizons: list[int]) -> pd.DatetimeIndex:
    """Every origin whose forecasts land some horizon's target month in [start, end]."""
    return pd.date_range(start - pd.DateOffset(months=max(horizons) - 1), end - pd.DateOffset(months=min(horizons) - 1),
                         freq="MS")


def run_backtest(panel: pd.DataFrame, models: dict[str, Callable[[], Forecaster]], horizons: int | list[int],
                 start: pd.Timestamp, end: pd.Timestamp, refit_every: int = 12,
                 view: Callable[[pd.DataFrame, pd.Timestamp], pd.DataFrame] = history,
                 keep_draws: int = 0) -> BacktestResult:
    """Score each model on every target month in [start, end] at every horizon.

    `view` makes what a model may see at an origin (the test suite swaps in a leaky one to prove the guard);
    `keep_draws` > 0 keeps that many evenly spaced order statistics of each case's draws (for other scorers)."""
    hs = horizon_list(horizons)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if end > panel["month"].max():
        raise ValueError(f"the backtest ends {end:%Y-%m}, after the panel's last month {panel['month'].max():%Y-%m}")
    truth = panel.set_index(["unit_id", "month"])["fatalities"]
    scored, draws = [], {}
    timings = {name: {"fit_s": 0.0, "predict_s": 0.0, "fits": 0} for name in models}
    kept: dict[str, list] = {name: [] for name in models}
    origins = list(origins_for(start, end, hs))
    blocks = [origins[k:k + refit_every] for k in range(0, len(origins), refit_every)]  # one fit per block
    run_block = partial(_run_block, panel, models, hs, truth, start, end, view, keep_draws)
    for block_scored, block_kept, block_timings in (ORIGIN_BLOCKS_MAP.get() or map)(run_block, blocks):
        scored += block_scored
        for name in models:
            kept[name] += block_kept[name]
            for k in timings[name]:
                timings[name][k] += block_timings[name][k]
    for name in models:
        if kept[name]:
            draws[name] = np.concatenate(kept[name])
    order = {name: k for k, name in enumerate(models)}
    scores = pd.concat(scored, ignore_index=True)
    scores = scores.iloc[np.argsort(scores["model"].map(order).to_numpy(), kind="stable")].reset_index(drop=True)
    meta = panel.attrs
    return BacktestResult(meta.get("country", "?"), meta.get("unit", "?"), hs, start, end,
                          scores, timings, draws=draws)


def _run_block(panel: pd.DataFrame, models: dict[str, Callable[[], Forecaster]], hs: list[int], truth: pd.Series,
               start: pd.Timestamp, end: pd.Timestamp, view: Callable, keep_draws: int,
               origins: list[pd.Timestamp]) -> tuple[list, dict, dict]:
    """One refit block: the models fitted at its first origin and scored at each of its origins."""
    fitted = {name: make() for name, make in models.items()}
    timings = {name: {"fit_s": 0.0, "predict_s": 0.0, "fits": 0} for name in models}
    scored, kept = [], {name: [] for name in models}
    for i, origin in enumerate(origins):
        seen = view(panel, origin)  # one view per origin, handed to every model
        check_history(seen, origin)
        for name, model in fitted.items():
            if i == 0:  # the same refit rule for every model
                t0 = time.perf_counter()
                model.fit(seen, origin)
                timings[name]["fit_s"] += time.perf_counter() - t0
                timings[name]["fits"] += 1
            t0 = time.perf_counter()
            forecast = model.predict(seen, hs)
            timings[name]["predict_s"] += time.perf_counter() - t0
            frame, ordered = _score_forecast(name, forecast, truth, start, end)
            scored.append(frame)
            if keep_draws:
                ranks = ((np.arange(keep_draws) + 0.5) * ordered.shape[1] / keep_draws).astype(int)
                kept[name].append(ordered[:, ranks])
    return scored, kept, timings


def _score_forecast(name: str, forecast, truth: pd.Series, start: pd.Timestamp,
                    end: pd.Timestamp) -> tuple[pd.DataFrame, np.ndarray]:
    """(scores of the cases whose target month is in [start, end], their draws sorted per case)."""
    cases = forecast.cases
    keep = ((cases["target_month"] >= start) & (cases["target_month"] <= end)).to_numpy()
    samples = np.sort(forecast.samples[keep], axis=1)  # sorted once: CRPS, quantiles and kept draws use it
    out = cases.loc[keep, ["unit_id", "target_month", "horizon"]].reset_index(drop=True)
    out.insert(0, "model", name)
    y = truth.reindex(pd.MultiIndex.from_frame(out[["unit_id", "target_month"]])).to_numpy(float)
    out["y"] = y
    out["p_fatal"] = forecast.p_fatal[keep]
    out["p_25"] = forecast.p_25[keep]
    out["crps"] = metrics.crps_samples(y, samples, presorted=True)
    out["point"] = metrics.msle_point(samples)
    out["q05"], out["q95"] = _sorted_quantile(samples, 0.05), _sorted_quantile(samples, 0.95)
    return out, samples


def _sorted_quantile(x: np.ndarray, q: float) -> np.ndarray:
    """np.quantile(x, q, axis=1) (linear interpolation) for rows already sorted."""
    pos = q * (x.shape[1] - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, x.shape[1] - 1)
    return x[:, lo] + (pos - lo) * (x[:, hi].astype(float) - x[:, lo])
