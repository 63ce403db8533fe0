"""Scores as pure functions over arrays, each named after its formula.

`p` is a forecast probability of the event, `y` the outcome (fatalities, or 0/1 where said),
`samples` an (n, m) array of m predictive draws per case. Scores are negatively oriented
(lower is better) except average precision; skill = 1 − score / baseline score.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

LOG_LOSS_EPS = 1e-6  # probabilities are clipped here: a forecast of exactly 0 for an event costs −log(1e-6) ≈ 13.8


def brier_score(p: np.ndarray, y: np.ndarray) -> float:
    """Mean of (p − y)², y in {0, 1}."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    return float(np.mean((p - y) ** 2))


def log_loss(p: np.ndarray, y: np.ndarray, eps: float = LOG_LOSS_EPS) -> float:
    """Mean of −[y log p + (1 − y) log(1 − p)], p clipped to [eps, 1 − eps]."""
    p = np.clip(np.asarray(p, float), eps, 1 - eps)
    y = np.asarray(y, float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def average_precision(p: np.ndarray, y: np.ndarray) -> float:
    """Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct thresholds, highest first (NaN without any positive case)."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    positives = y.sum()
    if positives == 0:
        return float("nan")
    order = np.argsort(-p, kind="mergesort")
    p, y = p[order], y[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(p)), len(p) - 1]
    tp = np.cumsum(y)[last_of_tie]
    precision = tp / (last_of_tie + 1)
    recall = tp / positives
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def crps_samples(y: np.ndarray, samples: np.ndarray, fair: bool = False, presorted: bool = False) -> np.ndarray:
    """CRPS of each case's empirical draw distribution: E|X − y| − ½ E|X − X′|.

    With sorted draws x₍₁₎ ≤ … ≤ x₍ₘ₎, E|X − X′| = 2 Σᵢ (2i − m − 1) x₍ᵢ₎ / m² (energy form);
    `fair=True` divides by m(m − 1) instead, the unbiased ensemble estimator; `presorted` skips the sort
    for rows already in ascending order."""
    y = np.asarray(y, float)
    x = np.asarray(samples, float) if presorted else np.sort(np.asarray(samples, float), axis=1)
    m = x.shape[1]
    spread_weights = 2 * np.arange(1, m + 1) - m - 1
    spread = 2 * (x @ spread_weights) / (m * (m - 1) if fair else m * m)
    return np.mean(np.abs(x - y[:, None]), axis=1) - 0.5 * spread


def mean_squared_log_error(y: np.ndarray, point: np.ndarray) -> float:
    """Mean of (log(1 + point) − log(1 + y))²."""
    return float(np.mean((np.log1p(np.asarray(point, float)) - np.log1p(np.asarray(y, float))) ** 2))


def msle_point(samples: np.ndarray) -> np.ndarray:
    """The point forecast that minimises expected MSLE under the draws: exp(E log(1 + X)) − 1."""
    return np.expm1(np.mean(np.log1p(np.asarray(samples, float)), axis=1))


def interval_score(y: np.ndarray, lower: np.ndarray, upper: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    """(u − l) + (2/α)(l − y)·1{y < l} + (2/α)(y − u)·1{y > u} for the central (1 − α) interval."""
    y, lower, upper = (np.asarray(a, float) for a in (y, lower, upper))
    return (upper - lower) + (2 / alpha) * (lower - y) * (y < lower) + (2 / alpha) * (y - upper) * (y > upper)


def coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of outcomes inside [lower, upper]."""
    y = np.asarray(y, float)
    return float(np.mean((y >= np.asarray(lower, float)) & (y <= np.asarray(upper, float))))


def reliability_table(p: np.ndarray, y: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Per probability bin [k/bins, (k+1)/bins): cases, mean forecast, observed frequency (empty bins dropped)."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    k = np.minimum((p * bins).astype(int), bins - 1)
    n = np.bincount(k, minlength=bins)
    b = np.flatnonzero(n)
    return pd.DataFrame({"bin_lower": b / bins, "bin_upper": (b + 1) / bins, "n": n[b],
                         "mean_forecast": np.bincount(k, weights=p, minlength=bins)[b] / n[b],
                         "observed_frequency": np.bincount(k, weights=y, minlength=bins)[b] / n[b]})


def reliability_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Σ_bins (n_b / n)·|mean forecast_b − observed frequency_b| (the expected calibration error)."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    if not len(p):
        return float("nan")
    k = np.minimum((p * bins).astype(int), bins - 1)  # the bins of reliability_table, without the frame
    gap = np.bincount(k, weights=p, minlength=bins) - np.bincount(k, weights=y, minlength=bins)
    return float(np.sum(np.abs(gap)) / len(p))


def skill(score: float, baseline_score: float) -> float:
    """1 − score / baseline score: positive when better than the baseline (NaN if the baseline scores 0)."""
    return float(1 - score / baseline_score) if baseline_score else float("nan")


def bootstrap_interval(statistic, groups: np.ndarray, *arrays: np.ndarray, n_boot: int = 500,
                       level: float = 0.9, seed: int = 0) -> tuple[float, float]:
    """Percentile interval of statistic(*arrays) resampling whole groups (e.g. target months) with replacement."""
    rng = np.random.default_rng(seed)
    groups = np.asarray(groups)
    labels, inverse = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inverse == g) for g in range(len(labels))]
    values = []
    for _ in range(n_boot):
        take = np.concatenate([members[g] for g in rng.integers(0, len(labels), len(labels))])
        values.append(statistic(*(np.asarray(a)[take] for a in arrays)))
    lo, hi = np.nanquantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)
