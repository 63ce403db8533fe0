"""The main model: a calibrated gradient-boosted hurdle.

Part one, a LightGBM classifier, gives P(fatalities > 0); Platt scaling fitted on an inner time split
(the last `calibration_months` before `until`, predicted by a model trained on the months before them)
calibrates it. Part two, a LightGBM regressor on log(1 + fatalities) for months with fatalities, gives
the centre of the positive part; its spread is the pool of out-of-sample residuals from the same inner
split, so the draws are as wide as the model's real errors. One model serves every horizon (the horizon
is a feature); force presence enters as troops in and around the unit, their recent change and the
strength planned for the target month. Last, the forecast is pooled linearly with the unit's own last 12
months (the conflictology distribution), with the pool weight chosen on the same held-out window: with few
units and a changing war the unit's recent record carries information a pooled model smooths away.

Options for small panels (see watchfloor.forecast.api.MAIN_SETTINGS for which unit kind uses them):
`companions`, panels of other countries whose unit-months join the training rows (cut at `until` like
the forecast country's; calibration stays on the forecast country's own units), and
`recalibrate="stack"`, a logistic regression on the held-out window that recalibrates the pooled
P(> 0) from the model's and the unit's own record (the draws' share of zeros follows it).

The settings (4 leaves, 100 trees, 36-month half-life on training weights, monotone constraints, pooling)
were chosen on Mali targets 2012–2014, the admin-1 options on 2010–2014, all before the 2015–2020 test
period of bench/backtest.py. Tried and rejected there: a CRPS-chosen weight for the draws
(`draw_weight="crps"`), a 36-month calibration window, calibrating on the companions' units too, and
features for months since ≥ 25 deaths and decay-weighted history (admin-1 CRPS −0.3 %, grid +3.7 %).
Also rejected, on the 36 validation months before each country's test period (targets 2012–2014):
LightGBM's count objectives for the amount (`count_objective`, the mean's log(1 + ·) as the centre, the same
residual pool): main-model CRPS Mali admin-1 3.797 (log, kept) / 3.821 (Poisson) / 3.802 (Tweedie), the three
countries pooled 1.171 / 1.179 / 1.173; Mali grid 0.0812 (log) / 0.0865 (Tweedie).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from lightgbm import LGBMClassifier, LGBMRegressor
from sklearn.linear_model import LogisticRegression

from watchfloor.forecast.baselines import own_record
from watchfloor.forecast.contract import (HIGH_FATALITIES, N_SAMPLES, Forecast, Forecaster, forecast_cases,
                                          horizon_list, panel_fingerprint)
from watchfloor.forecast.features import FEATURES, Matrices, feature_rows, origin_state, panel_matrices, row_index
from watchfloor.forecast.metrics import crps_samples
from watchfloor.forecast.panel import history

MIN_HISTORY = 12          # origins need a year of history behind them
# More violence in and around a unit, recently, never lowers its risk; a longer quiet spell never raises it.
# The constraints keep a small, noisy sample from teaching the trees the opposite.
MONOTONE = {**{f: 1 for f in ("lag1", "lag2", "lag3", "sum3", "sum6", "sum12", "sum24", "events3", "events12",
                              "state_based12", "non_state12", "one_sided12", "nb1", "nb3", "nb12",
                              "active3", "active12")}, "since": -1}
POOL_WEIGHTS = np.linspace(0, 1, 11)
MIN_POOL = 20             # out-of-sample residuals needed before trusting the inner split's spread


class HurdleForecaster(Forecaster):
    """LightGBM hurdle with calibrated P(> 0) and empirical residual draws for the amount."""
    name = "main"

    def __init__(self, horizons: int = 6, n_estimators: int = 100, learning_rate: float = 0.05,
                 num_leaves: int = 4, min_child_samples: int = 50, calibration_months: int = 24,
                 inactive_rate: float = 0.1, half_life: float | None = 36, monotone: bool = True,
                 pool: bool = True, recalibrate: bool | str = False, recalibrate_c: float = 1.0, calibrate_on_companions: bool = False, draw_weight: str = "brier", resample: int | None = None, seed: int = 0,
                 n_jobs: int = 1, count_objective: str = "log", companions: tuple = (), extra_features: tuple = ()):
        self.horizons = horizons
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.calibration_months = calibration_months
        self.inactive_rate = inactive_rate
        self.half_life = half_life
        self.monotone = monotone
        self.pool = pool
        self.recalibrate = recalibrate
        self.recalibrate_c = recalibrate_c
        self.calibrate_on_companions = calibrate_on_companions
        self.draw_weight = draw_weight
        self.resample = resample
        self.seed = seed
        self.n_jobs = n_jobs
        self.companions = companions  # panels of neighbouring countries: training rows only, never forecast
        self.extra_features = tuple(extra_features)  # names from features.EXTRA_FEATURES
        # the amount given ≥ 1: 'log' = L2 on log(1 + fatalities); 'poisson' or 'tweedie' = LightGBM's count
        # objective on the fatalities themselves, its mean's log(1 + ·) the centre (the residual pool is the same)
        self.count_objective = count_objective

    def get_params(self) -> dict:
        params = super().get_params()
        params["companions"] = [f"{c.attrs.get('country', '?')}:{panel_fingerprint(c)[:16]}" for c in self.companions]
        return params

    # -- learning ---------------------------------------------------------------
    def fit(self, panel: pd.DataFrame, until: pd.Timestamp) -> "HurdleForecaster":
        self.until_ = pd.Timestamp(until)
        seen = history(panel, self.until_)  # nothing from `until` on reaches the model
        m = panel_matrices(seen)
        x, y, w, target = self._training_rows(m, len(m.months))
        units = self._units_of_rows
        own = np.ones(len(y), bool)
        for other in self.companions:  # same cut-off, features computed within each country
            mc = panel_matrices(history(other, self.until_))
            xc, yc, wc, tc = self._training_rows(mc, len(mc.months))
            x, y, w = np.concatenate([x, xc]), np.concatenate([y, yc]), np.concatenate([w, wc])
            target = np.concatenate([target, tc + len(m.months) - len(mc.months)])
            own = np.concatenate([own, np.zeros(len(yc), bool)])
        self.fallback_ = None
        if (y > 0).sum() < 2 or (y == 0).sum() < 2:
            if not self.pool:
                raise ValueError(f"too little history before {self.until_:%Y-%m} to fit: "
                                 f"{int((y > 0).sum())} fatal and {int((y == 0).sum())} quiet unit-months")
            # Nothing to learn from (Burkina Faso's grid before 2015 holds two fatal cell-months): the forecast
            # is the pooled one with all weight on the unit's own record, and says so.
            self.fallback_ = (f"too little history before {self.until_:%Y-%m} to fit: {int((y > 0).sum())} fatal "
                              f"unit-months; each unit's own last 12 months")
            self.pool_weight_ = self.draw_weight_ = 0.0
            self.platt_ = self.blend_platt_ = None
            self.residuals_ = np.zeros(1)
            return self
        raw, pool, held, centre = self._held_out(x, y, w, target, len(m.months), own)
        self.platt_ = None
        if held.any() and len(np.unique(y[held] > 0)) == 2:
            self.platt_ = LogisticRegression(C=1e4).fit(_logit(raw[held])[:, None], y[held] > 0,
                                                        sample_weight=w[held])
        self.pool_weight_ = self._pool_weight(raw, x, y, w, held) if self.pool else 1.0
        self.blend_platt_ = None
        if self.recalibrate and held.any() and len(np.unique(y[held] > 0)) == 2:
            self.blend_platt_ = LogisticRegression(C=self.recalibrate_c).fit(
                self._stack_inputs(raw[held], x[held]), y[held] > 0, sample_weight=w[held])
        self.draw_weight_ = self.pool_weight_
        if self.pool and self.draw_weight == "crps" and held.any() and len(pool) >= MIN_POOL:
            self.draw_weight_ = self._crps_weight(m, units, raw, centre, x, y, w, target, held, np.sort(pool))
        self.classifier_ = self._classifier().fit(x, y > 0, sample_weight=w)
        self.regressor_ = self._fit_amount(x[y > 0], y[y > 0], w[y > 0])
        if len(pool) < MIN_POOL:  # too few out-of-sample errors: fall back on in-sample ones, widened
            in_sample = np.log1p(y[y > 0]) - self._centre(self.regressor_, x[y > 0])
            pool = np.concatenate([pool, 1.5 * in_sample])
        self.residuals_ = np.sort(pool)
        return self

    def _crps_weight(self, m, units, raw, centre, x, y, w, target, held, residuals) -> float:
        """Share of the model's draws in the pool with the unit's own last 12 months, chosen by CRPS on the
        held-out window (the probability of a fatal month keeps its Brier-chosen weight and calibration)."""
        rows = np.flatnonzero(held)[:4000]  # enough cases to rank 11 weights; bounded on big grids
        origin = target[rows] - x[rows, FEATURES.index("horizon")].astype(int) + 1
        months = origin[:, None] + np.arange(-12, 0)[None, :]
        fat = np.nan_to_num(m.outcome["fatalities"])
        recent = np.where(months >= 0, fat[units[rows][:, None], np.maximum(months, 0)], 0.0)
        p_model = self.platt_.predict_proba(_logit(raw[rows])[:, None])[:, 1] if self.platt_ is not None else raw[rows]
        scores = [np.average(crps_samples(y[rows], self._combine(p_model, centre[rows], recent, raw[rows], x[rows],
                                                                 residuals, b)[2]), weights=w[rows])
                  for b in POOL_WEIGHTS]
        return float(POOL_WEIGHTS[int(np.argmin(scores))])

    def _combine(self, p, centre, recent, raw, features, residuals, b):
        """(P(> 0), P(≥ 25), draws): the model's hurdle pooled with the unit's own record — probabilities
        with the pool weight, draws with weight `b` — then recalibrated when a stack was fitted."""
        draws, p_25 = hurdle_draws(p, centre, residuals)
        a = self.pool_weight_
        p_own, p_25_own, own = own_record(np.sort(recent, axis=1))  # sorted months give sorted draws
        if b < 1:
            n_model = int(round(b * N_SAMPLES))
            pick_model = ((np.arange(n_model) + 0.5) * N_SAMPLES / max(n_model, 1)).astype(int)
            pick_own = ((np.arange(N_SAMPLES - n_model) + 0.5) * N_SAMPLES / max(N_SAMPLES - n_model, 1)).astype(int)
            draws = np.concatenate([draws[:, pick_model], own[:, pick_own]], axis=1).astype(np.int32)
        p = a * p + (1 - a) * p_own
        p_25 = a * p_25 + (1 - a) * p_25_own
        q = p
        if getattr(self, "blend_platt_", None) is not None:
            q = self.blend_platt_.predict_proba(self._stack_inputs(raw, features))[:, 1]
            p_25 = np.minimum(p_25 * np.divide(q, p, out=np.ones_like(q), where=p > 0), q)
        if getattr(self, "blend_platt_", None) is not None or b != a:  # the draws' zero share follows P(> 0)
            draws = with_zero_share(draws, q, hurdle_draws(q, centre, residuals)[0])
        return q, p_25, draws

    def _stack_inputs(self, raw, x) -> np.ndarray:
        if self.recalibrate == "stack":  # logistic stacking of the model and the unit's own record
            return np.column_stack([_logit(self._blend(raw, x, 1.0)), _logit((x[:, FEATURES.index("active12")] + 0.5) / 13)])
        if self.recalibrate == "stack3":  # … and its last three months
            return np.column_stack([_logit(self._blend(raw, x, 1.0)), _logit((x[:, FEATURES.index("active12")] + 0.5) / 13),
                                    _logit((x[:, FEATURES.index("active3")] + 0.5) / 4)])
        return _logit(self._blend(raw, x))[:, None]

    def _blend(self, raw, x, a=None) -> np.ndarray:
        """The pooled P(> 0) for feature rows, before any recalibration of the pool."""
        p_model = self.platt_.predict_proba(_logit(raw)[:, None])[:, 1] if self.platt_ is not None else raw
        a = self.pool_weight_ if a is None else a
        return a * p_model + (1 - a) * x[:, FEATURES.index("active12")] / 12

    def _pool_weight(self, raw, x, y, w, held) -> float:
        """Weight of the model in a linear pool with the unit's own last 12 months (conflictology), chosen
        by Brier score on the held-out window before `until` (1.0 when there is none)."""
        if not held.any():
            return 1.0
        p_model = self.platt_.predict_proba(_logit(raw[held])[:, None])[:, 1] if self.platt_ is not None else raw[held]
        p_own = x[held, FEATURES.index("active12")] / 12
        hit = (y[held] > 0).astype(float)
        briers = [np.average((a * p_model + (1 - a) * p_own - hit) ** 2, weights=w[held]) for a in POOL_WEIGHTS]
        return float(POOL_WEIGHTS[int(np.argmin(briers))])

    def _held_out(self, x, y, w, target, n_months, own):
        """Out-of-sample P(> 0) and log-amount residuals for the last `calibration_months` of targets, from
        models trained on the months before that window (the inner time split; `until` is never crossed)."""
        start = n_months - self.calibration_months
        train, held = target < start, (target >= start) & (own | self.calibrate_on_companions)
        raw, pool, centre = np.zeros(len(y)), np.array([]), np.zeros(len(y))
        if not held.any() or len(np.unique(y[train] > 0)) < 2:
            return raw, pool, np.zeros(len(y), bool), centre
        raw[held] = self._classifier().fit(x[train], y[train] > 0, sample_weight=w[train]).predict_proba(
            x[held])[:, 1]
        pos_train, pos_held = train & (y > 0), held & (y > 0)
        if pos_train.sum() >= 2 and pos_held.any():
            reg = self._fit_amount(x[pos_train], y[pos_train], w[pos_train])
            centre[held] = self._centre(reg, x[held])
            pool = np.log1p(y[pos_held]) - centre[pos_held]
        return raw, pool, held, centre

    def _training_rows(self, m: Matrices, n_months: int):
        state = origin_state(m)
        hs = horizon_list(self.horizons)
        origins = np.arange(MIN_HISTORY, n_months)
        u, t, h = row_index(len(m.units), origins, hs)
        target = t + h - 1
        y = m.outcome["fatalities"][u, np.minimum(target, n_months - 1)]
        known = (target < n_months) & ~np.isnan(y)
        # Quiet units (no deaths in them for 2 years, none next door for 1) are most rows of a grid panel: keep a
        # share of them, chosen by features alone, weighted back up (features are built for kept rows only).
        quiet = (state["sum24"][u, t] == 0) & (state["nb12"][u, t] == 0)
        rng = np.random.default_rng(self.seed)
        keep = known & (~quiet | (rng.random(len(y)) < self.inactive_rate))
        w = np.where(quiet, 1 / self.inactive_rate, 1.0)
        if self.half_life:  # violence changes character: recent years weigh more
            w = w * 0.5 ** ((n_months - 1 - target) / self.half_life)
        if self.resample is not None:  # block bootstrap: whole years of targets, drawn with replacement
            years = target // 12
            labels, inverse = np.unique(years, return_inverse=True)
            draws = np.random.default_rng(self.resample).integers(0, len(labels), len(labels))
            w = w * np.bincount(draws, minlength=len(labels))[inverse]
            keep &= w > 0
        self._units_of_rows = u[keep]
        x, _, _ = feature_rows(m, state, origins, hs, rows=np.flatnonzero(keep), extra=self.extra_features)
        return x.to_numpy(), y[keep], w[keep], target[keep]

    def _classifier(self) -> LGBMClassifier:
        return LGBMClassifier(**self._lgbm())

    def _fit_amount(self, x, y, w) -> LGBMRegressor:
        """The amount's regressor on rows with fatalities (y ≥ 1), by `count_objective`."""
        if self.count_objective == "log":
            return self._regressor().fit(x, np.log1p(y), sample_weight=w)
        return self._regressor().set_params(objective=self.count_objective).fit(x, y, sample_weight=w)

    def _centre(self, regressor: LGBMRegressor, x) -> np.ndarray:
        """The centre of log(1 + fatalities) given ≥ 1."""
        if self.count_objective == "log":
            return regressor.predict(x)
        return np.log1p(np.maximum(regressor.predict(x), 1.0))

    def _regressor(self) -> LGBMRegressor:
        return LGBMRegressor(**{**self._lgbm(), "min_child_samples": max(5, self.min_child_samples // 2)})

    def _lgbm(self) -> dict:
        return dict(n_estimators=self.n_estimators, learning_rate=self.learning_rate, num_leaves=self.num_leaves,
                    min_child_samples=self.min_child_samples, subsample=0.8, subsample_freq=1,
                    colsample_bytree=0.8, reg_lambda=1.0, random_state=self.seed, n_jobs=self.n_jobs,
                    deterministic=True, force_col_wise=True, verbose=-1,
                    monotone_constraints=[MONOTONE.get(f, 0) for f in self.feature_names()] if self.monotone else None)

    def feature_names(self) -> list[str]:
        return [*FEATURES, *self.extra_features]

    def importances(self) -> pd.DataFrame:
        """Gain importance of each feature in the fitted classifier (P(> 0)) and regressor (amount), as shares."""
        gain = {part: getattr(self, f"{part}_").booster_.feature_importance("gain") for part in ("classifier", "regressor")}
        frame = pd.DataFrame({part: g / max(g.sum(), 1e-12) for part, g in gain.items()}, index=self.feature_names())
        return frame.sort_values("classifier", ascending=False)

    # -- forecasting ------------------------------------------------------------
    def predict_cases(self, panel: pd.DataFrame, horizons: int | list[int]):
        """(origin, cases, P(> 0), centre of log(1 + fatalities) given > 0, the unit's last 12 months, the raw
        classifier output and the feature rows)."""
        hs = horizon_list(horizons)
        origin, cases = forecast_cases(panel, hs)
        m = panel_matrices(panel, through=origin + pd.DateOffset(months=max(hs) - 1))
        t0 = m.index_of(origin)
        x, u, _ = feature_rows(m, origin_state(m), np.array([t0]), hs, extra=self.extra_features)
        order = pd.MultiIndex.from_arrays([m.units["unit_id"].to_numpy()[u], x["horizon"].astype(int)])
        pos = order.get_indexer(pd.MultiIndex.from_frame(cases[["unit_id", "horizon"]]))
        x = x.to_numpy()[pos]
        if getattr(self, "fallback_", None):
            raw = p = centre = np.zeros(len(x))
        else:
            raw = self.classifier_.predict_proba(x)[:, 1]
            p = self.platt_.predict_proba(_logit(raw)[:, None])[:, 1] if self.platt_ is not None else raw
            centre = self._centre(self.regressor_, x)
        recent = np.zeros((m.outcome["fatalities"].shape[0], 12))
        span = np.nan_to_num(m.outcome["fatalities"][:, max(t0 - 12, 0):t0])
        recent[:, 12 - span.shape[1]:] = span
        return origin, cases, p, centre, recent[u[pos]], raw, x

    def forecast_parts(self, panel: pd.DataFrame, horizons: int | list[int]):
        """(origin, cases, P(> 0), P(≥ 25), draws) of the pooled forecast."""
        origin, cases, p, centre, recent, raw, features = self.predict_cases(panel, horizons)
        p, p_25, draws = self._combine(p, centre, recent, raw, features, self.residuals_,
                                       getattr(self, "draw_weight_", self.pool_weight_))
        return origin, cases, p, p_25, draws

    def predict(self, panel: pd.DataFrame, horizons: int | list[int]) -> Forecast:
        origin, cases, p, p_25, draws = self.forecast_parts(panel, horizons)
        return self._forecast(panel, origin, cases, p, p_25, draws)


def hurdle_draws(p: np.ndarray, centre: np.ndarray, residuals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """N_SAMPLES draws per case: round(p·N) positive draws at evenly spaced residual quantiles, the rest 0.

    Only the positive draws are computed (on a grid most cases have few or none of them)."""
    k = np.rint(np.clip(p, 0, 1) * N_SAMPLES).astype(np.int64)
    samples = np.zeros((len(p), N_SAMPLES), np.int32)
    rows = np.repeat(np.arange(len(p)), k)
    j = np.arange(len(rows)) - np.repeat(np.cumsum(k) - k, k)      # rank among the row's positive draws
    levels = (j + 0.5) / k[rows]                                     # evenly spaced quantile levels
    pool = np.sort(residuals)
    e = np.interp(levels, (np.arange(len(pool)) + 0.5) / len(pool), pool)
    samples[rows, N_SAMPLES - k[rows] + j] = np.maximum(1, np.rint(np.expm1(np.minimum(centre[rows] + e, 12))))
    high = np.mean(centre[:, None] + residuals[None, :] >= np.log1p(HIGH_FATALITIES - 0.5), axis=1)
    return samples, p * high


def with_zero_share(draws: np.ndarray, p: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Draws with round(p·N) positive values per row, taken at evenly spaced ranks of the row's positive draws
    (rows without any positive draw take `fallback`'s)."""
    x = np.sort(draws, axis=1)
    n = x.shape[1]
    k = np.rint(np.clip(p, 0, 1) * n).astype(np.int64)
    m = (x > 0).sum(axis=1)
    x = np.where((m == 0)[:, None], np.sort(fallback, axis=1), x)
    m = (x > 0).sum(axis=1)
    out = np.zeros_like(x)
    rows = np.repeat(np.arange(len(x)), np.where(m > 0, k, 0))
    j = np.arange(len(rows)) - np.repeat(np.cumsum(np.where(m > 0, k, 0)) - np.where(m > 0, k, 0), np.where(m > 0, k, 0))
    src = n - m[rows] + ((j + 0.5) * m[rows] / k[rows]).astype(np.int64)
    out[rows, n - k[rows] + j] = x[rows, src]
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


MODELS = {"main": HurdleForecaster}
