"""Benchmark: 100,000 synthetic judgments from a desk with a known calibration curve.

The desk words its judgments with ICD 203 terms (and their synonyms) and is underconfident, as
Mandel & Barnes (2014) found of real analysts: what it calls p comes true with frequency
f(p) = expit(K * logit(p)), K > 1. The tracker stores them, resolves them, scores them, and must
recover f at each band's midpoint. Prints the curve (stated, expected, recovered, error per band)
and the times to insert, resolve and score. Run: .venv/bin/python bench/judgments.py [--n 100000]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from watchfloor.judgments.likelihood import lexicon
from watchfloor.judgments.scoring import score
from watchfloor.judgments.tracking import record_judgments
from watchfloor.store import Store

K = 1.6  # > 1: underconfident (reality is more extreme than the words)


def true_frequency(p: np.ndarray) -> np.ndarray:
    logit = np.log(p / (1 - p))
    return 1 / (1 + np.exp(-K * logit))


def synthetic(n: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    terms = [(t, b) for t, b in lexicon()[1] if b.yardstick == "icd203" and " not" not in t]
    pick = rng.integers(0, len(terms), n)
    words = np.array([t for t, _ in terms], dtype=object)[pick]
    mid = np.array([b.midpoint for _, b in terms])[pick]
    outcome = rng.random(n) < true_frequency(mid)
    made = [date(2018, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 1000, n)]
    horizon = rng.choice([30, 90, 180, 365], n)
    frame = pd.DataFrame({
        "claim": [f"Attacks in region {i % 50} are {w} to rise." for i, w in enumerate(words)],
        "term": words, "made_by": [f"analyst {i % 25}" for i in range(n)], "made_at": made,
        "deadline": [m + timedelta(days=int(h)) for m, h in zip(made, horizon)],
        "source_kind": "synthetic", "source_id": [f"syn-{i}" for i in range(n)]})
    return frame, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chart", type=Path, help="Also write the reliability diagram to this PNG.")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    frame, outcome = synthetic(args.n, rng)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        t0, c0 = time.perf_counter(), time.process_time()
        recorded = record_judgments(store, frame.assign(outcome=np.where(outcome, "true", "false")))
        t1, c1 = time.perf_counter(), time.process_time()
        result = score(store)
        t2, c2 = time.perf_counter(), time.process_time()
        if args.chart:
            from watchfloor.judgments.charts import reliability_png
            reliability_png(store, args.chart)
    print(f"{recorded['recorded']:,} judgments recorded ({recorded['refused']} refused); "
          f"desk curve f(p) = expit({K} * logit(p)) (underconfident)")
    print(f"{'band':<22}{'stated':>8}{'expected':>10}{'recovered':>11}{'error':>9}{'95% interval':>18}{'n':>9}")
    errors = []
    for row in result["by"]["term"]:
        expected = float(true_frequency(np.array([row["mean_probability"]]))[0])
        error = row["observed"] - expected
        errors.append(abs(error))
        lo, hi = row["interval"]
        print(f"{row['group']:<22}{row['mean_probability']:>8.3f}{expected:>10.3f}{row['observed']:>11.3f}"
              f"{error:>+9.3f}{f'[{lo:.3f}, {hi:.3f}]':>18}{row['n']:>9,}")
    print(f"max |error| {max(errors):.4f}; mean |error| {np.mean(errors):.4f}")
    p = frame["term"].str.lower().map({t: b.midpoint for t, b in lexicon()[1]}).to_numpy(float)
    f = true_frequency(p)
    print(f"Brier {result['brier']:.4f} (expected {np.mean((p - f) ** 2 + f * (1 - f)):.4f}); reliability "
          f"{result['reliability']:.4f} (expected {np.mean((p - f) ** 2):.4f}); resolution {result['resolution']:.4f}; "
          f"uncertainty {result['uncertainty']:.4f}")
    print(f"band edges: Brier {result['brier_band_edges']['best']:.4f} (kinder) to "
          f"{result['brier_band_edges']['worst']:.4f} (harsher)")
    print(f"times (wall): insert with outcomes and history rows {t1 - t0:.2f} s; score {t2 - t1:.2f} s; "
          f"store + score {t2 - t0:.2f} s (target < 5 s)")
    print(f"times (CPU of this process; the wall time above also counts waiting for a busy machine's disk and "
          f"cores): insert {c1 - c0:.2f} s; score {c2 - c1:.2f} s")


if __name__ == "__main__":
    main()
