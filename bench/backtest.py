"""Backtest bench: every model × metric on the bundled data, admin-1 and PRIO-GRID, against the targets.

    .venv/bin/python bench/backtest.py [--country MLI] [--units admin1,grid] [--db PATH] [--charts out/bench]

Builds a fresh store from the bundled data (unless --db names one), runs the rolling-origin backtest
over the last six years of data (targets 2015-01 … 2020-12 for the bundled data), horizons 1–6, and
prints per-horizon and pooled tables, skill against each baseline, the reliability error with a
bootstrap interval (resampling target months), fit and predict time, and each target met or missed.
Nothing here tunes anything: the model's settings were fixed before the test period was scored.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from watchfloor.bundled import BUNDLED_EVENTS, load_reference
from watchfloor.forecast import metrics
from watchfloor.forecast.api import ALL_MODELS, MAIN_SETTINGS, companion_panels, default_window, make_model
from watchfloor.forecast.backtest import run_backtest
from watchfloor.forecast.charts import reliability_diagram, skill_by_horizon
from watchfloor.forecast.panel import build_panel
from watchfloor.ingest import ingest_file
from watchfloor.store import Store

pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 30)
METRICS = ["crps", "brier", "ap", "msle", "coverage90", "log_loss", "interval90", "brier25", "reliability_error"]


def open_bench_store(db: str | None) -> Store:
    if db:
        return Store.open(db, read_only=True)
    path = Path(tempfile.mkdtemp(prefix="wf-bench-")) / "bench.duckdb"
    store = Store.open(path)
    load_reference(store)
    ingest_file(store, BUNDLED_EVENTS, "ucdp")
    return store


def bench_unit(store: Store, country: str, unit: str, charts: Path | None) -> dict:
    t0 = time.perf_counter()
    panel = build_panel(store, country, unit)
    panel_s = time.perf_counter() - t0
    start, end = default_window(panel)
    hs = list(range(1, 7))
    # the main model also learns from the neighbours' panels where its settings for the unit kind say so
    companions = companion_panels(store, country, unit) if MAIN_SETTINGS[unit]["companions"] else ()
    t0 = time.perf_counter()
    result = run_backtest(panel, {n: (lambda n=n: make_model(n, 6, companions, unit)) for n in ALL_MODELS}, hs, start, end)
    backtest_s = time.perf_counter() - t0
    print(f"\n=== {country} {unit}: {panel['unit_id'].nunique()} units × {panel['month'].nunique()} months "
          f"(panel built in {panel_s:.1f} s); targets {start:%Y-%m} … {end:%Y-%m}, horizons 1–6, "
          f"{len(result.scores) // len(ALL_MODELS)} cases per model ===")
    observed = panel[(panel["month"] >= start) & (panel["month"] <= end)]["fatalities"]
    print(f"share of unit-months with ≥ 1 death: {(observed > 0).mean():.3f}; mean deaths per unit-month "
          f"{observed.mean():.2f}; max {observed.max():.0f}")
    print("\n-- pooled over horizons --")
    print(result.table()[["model", "cases", *METRICS]].round(4).to_string(index=False))
    print("\n-- per horizon (CRPS | Brier | AP) --")
    by_h = result.table(by_horizon=True)
    for score in ("crps", "brier", "ap"):
        print(f"{score}:")
        print(by_h.pivot(index="model", columns="horizon", values=score).round(4).to_string())
    print("\n-- skill = 1 − score/baseline (pooled) --")
    skill = result.skill()
    print(skill.pivot(index="model", columns="baseline", values=["crps", "brier"]).round(4).to_string())
    print("\n-- main model: skill by horizon --")
    sk_h = result.skill(by_horizon=True)
    sk_h = sk_h[sk_h["model"] == "main"]
    print(sk_h.pivot(index="baseline", columns="horizon", values=["crps", "brier"]).round(3).to_string())
    print("\n-- reliability error (ECE, 10 bins) with 90 % bootstrap interval over target months --")
    intervals = {model: result.reliability_error_interval(model, n_boot=300) for model in ALL_MODELS}
    for model, (err, lo, hi) in intervals.items():
        print(f"{model:>14}: {err:.4f}  [{lo:.4f}, {hi:.4f}]   noise floor {noise_floor(result, model):.4f}")
    print("(noise floor: the error a perfectly reliable forecaster with the same probabilities would show on this "
          "many cases — outcomes drawn from the forecasts themselves, mean of 200 draws)")
    print("\n-- time --")
    for model, t in result.timings.items():
        print(f"{model:>14}: fit {t['fit_s']:.2f} s over {t['fits']} fits, predict {t['predict_s']:.2f} s "
              f"over {len(result.scores[result.scores['model'] == model]) // len(hs) // panel['unit_id'].nunique()} "
              "target months")
    ceiling = hindsight_ceiling(panel, start, end)
    table = result.table().set_index("model")
    print("\n-- what the data allows: a hindsight oracle (knows each unit's share of fatal months and its 12 monthly "
          "counts in the target's own calendar year; not a forecast) --")
    print(f"oracle CRPS {ceiling['crps']:.4f} (skill vs zero {1 - ceiling['crps'] / table.loc['zero', 'crps']:+.3f}, "
          f"vs conflictology {1 - ceiling['crps'] / table.loc['conflictology', 'crps']:+.3f}); "
          f"oracle Brier {ceiling['brier']:.4f} (skill vs conflictology "
          f"{1 - ceiling['brier'] / table.loc['conflictology', 'brier']:+.3f})")
    print(f"whole backtest (every model: views, fits, forecasts, scoring): {backtest_s:.1f} s wall")
    targets = check_targets(result, intervals["main"])
    print("\n-- targets --")
    for line in targets["lines"]:
        print(line)
    if charts:
        slug = f"{country.lower()}_{unit}"
        for made in (reliability_diagram(result, charts / f"reliability_{slug}.png"),
                     skill_by_horizon(result, charts / f"skill_by_horizon_{slug}.png"),
                     skill_by_horizon(result, charts / f"skill_by_horizon_{slug}_vs_conflictology.png",
                                      baseline="conflictology")):
            print(f"wrote {made}")
    return targets


def hindsight_ceiling(panel: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> dict:
    """CRPS and Brier of the unit's own distribution over the target's calendar year, outcomes included: a
    yardstick of how much a forecaster that knew each unit-year's level of violence could gain."""
    t = panel.loc[(panel["month"] >= start) & (panel["month"] <= end), ["unit_id", "month", "fatalities"]]
    t = t.assign(year=t["month"].dt.year)
    y = t["fatalities"].to_numpy(float)
    p = t.groupby(["unit_id", "year"])["fatalities"].transform(lambda v: (v > 0).mean()).to_numpy()
    year_values = {k: np.sort(g.to_numpy(float)) for k, g in t.groupby(["unit_id", "year"])["fatalities"]}
    crps = [metrics.crps_samples(np.array([v]), year_values[(u, yr)][None, :])[0]
            for u, yr, v in zip(t["unit_id"], t["year"], y)]
    return {"crps": float(np.mean(crps)), "brier": metrics.brier_score(p, (y > 0).astype(float))}


def noise_floor(result, model: str, draws: int = 200) -> float:
    p = result.scores.loc[result.scores["model"] == model, "p_fatal"].to_numpy()
    rng = np.random.default_rng(0)
    return float(np.mean([metrics.reliability_error(p, (rng.random(len(p)) < p).astype(float))
                          for _ in range(draws)]))


def check_targets(result, interval: tuple[float, float, float] | None = None) -> dict:
    skill = result.skill().set_index(["model", "baseline"])
    crps_zero = skill.loc[("main", "zero"), "crps"]
    crps_conf = skill.loc[("main", "conflictology"), "crps"]
    brier_conf = skill.loc[("main", "conflictology"), "brier"]
    err, lo, hi = interval or result.reliability_error_interval("main", n_boot=300)
    checks = [("CRPS ≥ 15 % below zero", crps_zero >= 0.15, f"{crps_zero:+.3f}"),
              ("CRPS below conflictology", crps_conf > 0, f"{crps_conf:+.3f}"),
              ("CRPS ≥ 15 % below conflictology", crps_conf >= 0.15, f"{crps_conf:+.3f}"),
              ("Brier skill ≥ 10 % over conflictology", brier_conf >= 0.10, f"{brier_conf:+.3f}"),
              ("reliability error ≤ 0.03", err <= 0.03, f"{err:.4f} [{lo:.4f}, {hi:.4f}]")]
    return {"lines": [f"{'MET ' if ok else 'MISS'} {name}: {value}" for name, ok, value in checks]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--country", default="MLI")
    ap.add_argument("--units", default="admin1,grid")
    ap.add_argument("--db", default=None, help="Use this store (read-only) instead of building one.")
    ap.add_argument("--charts", type=Path, default=Path("out/bench"))
    args = ap.parse_args(argv)
    store = open_bench_store(args.db)
    t0 = time.perf_counter()
    for unit in args.units.split(","):
        bench_unit(store, args.country, unit.strip(), args.charts)
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
