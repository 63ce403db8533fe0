"""Keeping score: Brier score and its Murphy decomposition, calibration by term, source, author, horizon
and quarter, Wilson intervals, and the n behind every figure.

The formulas are pure functions over arrays (tested against hand-worked numbers); `score(store, by)`
only loads the resolved judgments and assembles them. Void judgments are counted, never scored.
"""
from __future__ import annotations

import json
import math
from typing import Iterable

import numpy as np
import pandas as pd

from watchfloor.judgments.likelihood import icd203_word
from watchfloor.store import judgments as jstore
from watchfloor.store.connection import Store

BREAKDOWNS = ("term", "source", "author", "horizon", "quarter")
SMALL_N = 30  # below this a frequency is shown with its Wilson interval and flagged as small
HORIZONS = ((31, "up to 1 month"), (92, "1-3 months"), (183, "3-6 months"), (366, "6-12 months"),
            (math.inf, "over 1 year"))


# -- the formulas ------------------------------------------------------------------------------------
def brier_score(p: Iterable[float], o: Iterable[float]) -> float:
    """Mean squared difference between stated probability and outcome (1 true, 0 false)."""
    p, o = np.asarray(p, float), np.asarray(o, float)
    return float(np.mean((p - o) ** 2)) if len(p) else math.nan


def murphy_decomposition(p: Iterable[float], o: Iterable[float]) -> dict[str, float]:
    """Brier = reliability - resolution + uncertainty (Murphy 1973), binning by distinct stated probability.

    reliability = sum_k n_k (p_k - obar_k)^2 / N   (calibration error: lower is better)
    resolution  = sum_k n_k (obar_k - obar)^2 / N  (how far the bins' outcomes differ: higher is better)
    uncertainty = obar (1 - obar)
    Exact when each bin holds one stated probability, which binning by distinct value guarantees.
    """
    p, o = np.asarray(p, float), np.asarray(o, float)
    n = len(p)
    if n == 0:
        return {"n": 0, "brier": math.nan, "reliability": math.nan, "resolution": math.nan,
                "uncertainty": math.nan, "base_rate": math.nan}
    values, index = np.unique(np.round(p, 9), return_inverse=True)
    counts = np.bincount(index)
    observed = np.bincount(index, weights=o) / counts
    base = float(o.mean())
    return {"n": n, "brier": brier_score(p, o),
            "reliability": float(np.sum(counts * (values - observed) ** 2) / n),
            "resolution": float(np.sum(counts * (observed - base) ** 2) / n),
            "uncertainty": base * (1 - base), "base_rate": base}


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (95 % by default)."""
    if n == 0:
        return (math.nan, math.nan)
    phat = k / n
    centre = (phat + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def band_edge_spread(lo: Iterable[float], hi: Iterable[float], o: Iterable[float]) -> dict[str, float]:
    """Brier scores had every judgment used its band's lower edge, its upper edge, the kinder edge, the harsher."""
    lo, hi, o = np.asarray(lo, float), np.asarray(hi, float), np.asarray(o, float)
    at_lo, at_hi = (lo - o) ** 2, (hi - o) ** 2
    if not len(o):
        return {"lower_edges": math.nan, "upper_edges": math.nan, "best": math.nan, "worst": math.nan}
    return {"lower_edges": float(at_lo.mean()), "upper_edges": float(at_hi.mean()),
            "best": float(np.minimum(at_lo, at_hi).mean()), "worst": float(np.maximum(at_lo, at_hi).mean())}


def horizon_bucket(days: float | None) -> str:
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return "no deadline"
    return next(label for limit, label in HORIZONS if days <= limit)


# -- grouping ----------------------------------------------------------------------------------------
def calibration_groups(frame: pd.DataFrame, key: pd.Series) -> list[dict]:
    """One row per group: n, how many came true, observed frequency with Wilson interval, mean stated
    probability, Brier score, and (for a single band) whether the observed frequency lies in it."""
    work = pd.DataFrame({"key": key.to_numpy(), "p": frame["probability"].to_numpy(float),
                         "o": frame["o"].to_numpy(float), "lo": frame["band_lo"].to_numpy(float),
                         "hi": frame["band_hi"].to_numpy(float)})
    work["sq"] = (work["p"] - work["o"]) ** 2
    agg = work.groupby("key", sort=True).agg(n=("o", "size"), k=("o", "sum"), p=("p", "mean"), brier=("sq", "mean"),
                                             lo_min=("lo", "min"), lo_max=("lo", "max"), hi_min=("hi", "min"),
                                             hi_max=("hi", "max"))
    rows = []
    for key_value, g in agg.iterrows():
        n, k = int(g["n"]), int(g["k"])
        observed = k / n
        low, high = wilson_interval(k, n)
        one_band = g["lo_min"] == g["lo_max"] and g["hi_min"] == g["hi_max"] and not math.isnan(g["lo_min"])
        band = [float(g["lo_min"]), float(g["hi_min"])] if one_band else None
        rows.append({"group": key_value, "n": n, "true": k, "observed": observed, "interval": [low, high],
                     "small": n < SMALL_N, "mean_probability": float(g["p"]), "brier": float(g["brier"]),
                     "band": band,
                     "in_band": (band[0] <= observed <= band[1]) if band else None,
                     "interval_meets_band": (low <= band[1] and high >= band[0]) if band else None})
    return sorted(rows, key=lambda r: (r["mean_probability"], str(r["group"])))


def _term_key(frame: pd.DataFrame) -> pd.Series:
    """The band's word ('very likely'); a bare number goes under the ICD 203 word for it, marked as a number."""
    words = frame["band_name"].astype(object)
    numbers = words.isna()
    words[numbers] = [f"{icd203_word(p)} (stated number)" for p in frame.loc[numbers, "probability"]]
    return words


def _keys(frame: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.Series]:
    """(frame, key) for a breakdown; 'author' repeats a judgment once per author."""
    if by == "term":
        return frame, _term_key(frame)
    if by == "source":
        return frame, frame["source"]
    if by == "author":
        parsed = {text: json.loads(text) for text in frame["authors"].unique()}
        exploded = frame.assign(author=frame["authors"].map(parsed)).explode("author")
        return exploded, exploded["author"]
    if by == "horizon":
        days = (pd.to_datetime(frame["deadline"]) - pd.to_datetime(frame["made_at"])).dt.days
        conditions = [days.isna().to_numpy()] + [(days <= limit).to_numpy() for limit, _ in HORIZONS]
        labels = ["no deadline"] + [label for _, label in HORIZONS]  # as horizon_bucket, for 100,000 rows at once
        return frame, pd.Series(np.select(conditions, labels, default=labels[-1]), index=frame.index)
    if by == "quarter":
        made = pd.to_datetime(frame["made_at"])
        return frame, made.dt.year.astype(str) + "Q" + made.dt.quarter.astype(str)
    raise ValueError(f"--by {by!r}: expected one of {', '.join(BREAKDOWNS)}")


def score_frame(frame: pd.DataFrame, by: str | Iterable[str] | None = None) -> dict:
    """Every figure for resolved judgments (columns as in store.judgments.scored_frame)."""
    wanted = BREAKDOWNS if by is None else ([by] if isinstance(by, str) else list(by))
    unknown = [name for name in wanted if name not in BREAKDOWNS]
    if unknown:
        raise ValueError(f"by {unknown[0]!r}: expected one of {', '.join(BREAKDOWNS)}")
    void = frame["outcome"] == "void"
    scored = frame[~void].copy()
    scored["o"] = (scored["outcome"] == "true").astype(float)
    edges_lo = scored["band_lo"].fillna(scored["probability"])
    edges_hi = scored["band_hi"].fillna(scored["probability"])
    result = {"n": int(len(scored)), "n_void": int(void.sum()), "n_true": int(scored["o"].sum())}
    result.update({k: v for k, v in murphy_decomposition(scored["probability"], scored["o"]).items() if k != "n"})
    result["brier_band_edges"] = band_edge_spread(edges_lo, edges_hi, scored["o"])
    result["calibration"] = calibration_groups(scored, _term_key(scored)) if len(scored) else []
    result["by"] = {}
    for name in wanted:
        part, key = _keys(scored, name)
        result["by"][name] = calibration_groups(part, key) if len(part) else []
    return _no_nan(result)


def _no_nan(value):
    """NaN (a figure with nothing behind it) becomes None, so the result is valid JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def score(store: Store, by: str | Iterable[str] | None = None) -> dict:
    """Scores of every resolved judgment in the store (see score_frame), with the open count."""
    result = score_frame(jstore.scored_frame(store), by)
    result["n_open"] = int(jstore.count_open(store))
    return result
