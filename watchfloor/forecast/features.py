"""Features for the main model: what a forecaster standing at an origin month knows about a unit.

A feature row (unit, origin t, horizon h) uses outcomes of months before t only, plus the covariates
planned for the target month t + h − 1 (force presence as carried forward, or as a what-if sets it).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from watchfloor.forecast.panel import MIX_COLUMNS

SINCE_CAP = 240  # months; "never" reads as this long ago

FEATURES = ["lag1", "lag2", "lag3", "sum3", "sum6", "sum12", "sum24", "events3", "events12", "since",
            "active3", "active12", "mean_active12",
            "state_based12", "non_state12", "one_sided12", "nb1", "nb3", "nb12", "country1", "country3",
            "country12", "country_trend", "troops", "troops_nearby", "bases", "troops_change12", "horizon",
            "month_sin", "month_cos", "troops_target", "troops_nearby_target", "troops_planned_change",
            "troops_nearby_planned_change"]

# Candidates a model may add (HurdleForecaster(extra_features=…)); each is kept in a setting only where it
# improved the validation months (bench/backtest.py --ablation prints the comparison and importances):
# reports3 / judgments3, read report events and estimative judgments in the unit over the last 3 months;
# bases_change12, deployment sites opened (+) or closed (−) in the unit over the last 12 months;
# nb_since, months since the last fatal month next door; country, a code of the panel's country (pooled
# training across countries).
# jihadist_share12 / foreign_share12 / militia_share12: the share of the unit's events over the last 12 months
# with a jihadist group, a foreign force (state, mission, PMC) or a militia (communal included) on either side;
# one_sided_share12 / non_state_share12: the share that were one-sided or non-state violence (0 without events).
ACTOR_MIX = ["jihadist_share12", "foreign_share12", "militia_share12", "one_sided_share12", "non_state_share12"]
EXTRA_FEATURES = ["reports3", "judgments3", "bases_change12", "nb_since", "country", *ACTOR_MIX]


@dataclass
class Matrices:
    """The panel as unit × month arrays (outcomes NaN where unknown; covariates carried forward)."""
    units: pd.DataFrame            # unit_id, unit_name in row order
    months: pd.DatetimeIndex
    outcome: dict[str, np.ndarray]
    covariate: dict[str, np.ndarray]
    country: str = "?"

    def index_of(self, month: pd.Timestamp) -> int:
        return int(self.months.get_loc(pd.Timestamp(month)))


def panel_matrices(panel: pd.DataFrame, through: pd.Timestamp | None = None) -> Matrices:
    """Arrays over the panel's months, extended to `through` (future columns: outcomes NaN, covariates carried)."""
    last = panel["month"].max() if through is None else max(panel["month"].max(), pd.Timestamp(through))
    months = pd.date_range(panel["month"].min(), last, freq="MS")
    units = panel[["unit_id", "unit_name"]].drop_duplicates("unit_id").sort_values("unit_id", kind="stable")
    units = units.reset_index(drop=True)

    rows = pd.Index(units["unit_id"]).get_indexer(panel["unit_id"])
    cols = months.get_indexer(panel["month"])

    def wide(col: str) -> np.ndarray:
        out = np.full((len(units), len(months)), np.nan)
        out[rows, cols] = panel[col].to_numpy(dtype=float)
        return out

    outcome = {c: wide(c) for c in ("fatalities", "events", "fatalities_state_based", "fatalities_non_state",
                                    "fatalities_one_sided", "nb_fatalities", "report_events", "report_judgments",
                                    *MIX_COLUMNS)
               if c in panel.columns}
    covariate = {c: pd.DataFrame(wide(c)).ffill(axis=1).fillna(0.0).to_numpy()
                 for c in ("troops", "troops_nearby", "bases")}
    return Matrices(units, months, outcome, covariate, str(panel.attrs.get("country", "?")))


def _window_sums(x: np.ndarray, k: int) -> np.ndarray:
    """s[:, t] = Σ x[:, t−k … t−1] (months before t), zero-padded at the start."""
    c = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(np.nan_to_num(x), axis=1)], axis=1)
    t = np.arange(x.shape[1])
    return c[:, t] - c[:, np.maximum(t - k, 0)]


def _lag(x: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(x)
    out[:, k:] = np.nan_to_num(x[:, :-k])
    return out


def _months_since(x: np.ndarray) -> np.ndarray:
    """Months from the last month with fatalities before t to t (SINCE_CAP if none)."""
    t = np.arange(x.shape[1])
    seen = np.where(np.nan_to_num(x) > 0, t[None, :], -10**6)
    last = np.maximum.accumulate(seen, axis=1)
    prior = np.concatenate([np.full((x.shape[0], 1), -10**6), last[:, :-1]], axis=1)
    return np.minimum(t[None, :] - prior, SINCE_CAP).astype(float)


def origin_state(m: Matrices) -> dict[str, np.ndarray]:
    """Unit × month arrays: the state known at each month as an origin (outcomes before it)."""
    y = m.outcome["fatalities"]
    nb = m.outcome["nb_fatalities"]
    country = np.nansum(y, axis=0, keepdims=True).repeat(y.shape[0], axis=0)
    country[:, np.isnan(y).all(axis=0)] = np.nan
    troops = m.covariate["troops"]
    s = {f"lag{k}": np.log1p(_lag(y, k)) for k in (1, 2, 3)}
    s.update({f"sum{k}": np.log1p(_window_sums(y, k)) for k in (3, 6, 12, 24)})
    s.update(events3=np.log1p(_window_sums(m.outcome["events"], 3)),
             events12=np.log1p(_window_sums(m.outcome["events"], 12)), since=_months_since(y),
             state_based12=np.log1p(_window_sums(m.outcome["fatalities_state_based"], 12)),
             non_state12=np.log1p(_window_sums(m.outcome["fatalities_non_state"], 12)),
             one_sided12=np.log1p(_window_sums(m.outcome["fatalities_one_sided"], 12)))
    active = (np.nan_to_num(y) > 0).astype(float)
    s.update(active3=_window_sums(active, 3), active12=_window_sums(active, 12))
    s["mean_active12"] = np.log1p(np.expm1(s["sum12"]) / np.maximum(s["active12"], 1))
    s.update({f"nb{k}": np.log1p(_window_sums(nb, k)) for k in (1, 3, 12)})
    s.update({f"country{k}": np.log1p(_window_sums(country, k)) for k in (1, 3, 12)})
    s["country_trend"] = np.log1p(np.expm1(s["country3"]) / 3) - np.log1p(np.expm1(s["country12"]) / 12)
    s["troops"] = np.log1p(_lag(troops, 1))
    s["troops_nearby"] = np.log1p(_lag(m.covariate["troops_nearby"], 1))
    s["bases"] = _lag(m.covariate["bases"], 1)
    s["troops_change12"] = s["troops"] - np.log1p(_lag(troops, 13))
    zeros = np.zeros_like(y)
    s["reports3"] = np.log1p(_window_sums(m.outcome.get("report_events", zeros), 3))
    s["judgments3"] = np.log1p(_window_sums(m.outcome.get("report_judgments", zeros), 3))
    s["bases_change12"] = s["bases"] - _lag(m.covariate["bases"], 13)
    s["nb_since"] = _months_since(nb)
    s["country"] = np.full_like(y, zlib.crc32(m.country.encode()) % 1000, dtype=float)
    events12 = np.maximum(_window_sums(m.outcome["events"], 12), 1)
    for name, col in zip(ACTOR_MIX, MIX_COLUMNS):
        s[name] = _window_sums(m.outcome.get(col, zeros), 12) / events12
    return s


def row_index(n_units: int, origins: np.ndarray, horizons: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit index, origin index, horizon) of every unit × origin × horizon row, in feature_rows' order."""
    u = np.repeat(np.arange(n_units), len(origins) * len(horizons))
    t = np.tile(np.repeat(origins, len(horizons)), n_units)
    h = np.tile(np.asarray(horizons), n_units * len(origins))
    return u, t, h


def feature_rows(m: Matrices, state: dict[str, np.ndarray], origins: np.ndarray, horizons: list[int],
                 rows: np.ndarray | None = None, extra: tuple = ()) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Feature table for every unit × origin index × horizon (or only `rows` of it, positions in that order),
    FEATURES then the `extra` ones; also (unit index, target month index)."""
    u, t, h = row_index(len(m.units), origins, horizons)
    if rows is not None:
        u, t, h = u[rows], t[rows], h[rows]
    target = t + h - 1
    cols = {name: state[name][u, t] for name in FEATURES[:FEATURES.index("horizon")]}
    cols["horizon"] = h.astype(float)
    within = np.minimum(target, len(m.months) - 1)  # rows past the panel's end are dropped by the caller
    target_month = m.months[within].month.to_numpy()
    cols["month_sin"] = np.sin(2 * np.pi * target_month / 12)
    cols["month_cos"] = np.cos(2 * np.pi * target_month / 12)
    cols["troops_target"] = np.log1p(m.covariate["troops"][u, within])
    cols["troops_nearby_target"] = np.log1p(m.covariate["troops_nearby"][u, within])
    cols["troops_planned_change"] = cols["troops_target"] - cols["troops"]
    cols["troops_nearby_planned_change"] = cols["troops_nearby_target"] - cols["troops_nearby"]
    cols.update({name: state[name][u, t] for name in extra})
    names = [*FEATURES, *extra]
    return pd.DataFrame(np.column_stack([cols[f] for f in names]), columns=names), u, target
