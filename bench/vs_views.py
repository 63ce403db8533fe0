"""Our forecasts beside the published ViEWS baselines, all scored by the ViEWS evaluator, in one run.

    make views-venv                       # once: .venv-views with views-baseline, views-evaluation, views-frames
    .venv/bin/python bench/vs_views.py [--countries MLI,BFA,NER] [--units admin1,grid] [--work out/vs_views]

Side 1 (this venv): builds the bundled store, the panel and our rolling-origin backtest (every model, horizons
1–6, targets over the last six years), and writes Parquet files: panel.parquet (ViEWS layout: month_id, entity
id, ged_sb) and ours.parquet (one row per model × unit × origin × step with y_true, P(fatal), a point and the
draws). Side 2 (`--views-side`, run by .venv-views/bin/python): fits the ViEWS ZeroModel, LocfModel and
ConflictologyModel at every origin on the months before it, and scores theirs and ours with the ViEWS
NativeEvaluator (CRPS, MIS and coverage at 90 %, Brier from draws, MSLE on points, AP on P(fatal)); side 1
prints the table. ViEWS has no admin-1 level: admin-1 regions pass as integer entities at loa 'cm'.

Pooled (more than one country): every score but AP is a mean over cases, so the pooled figure is the
case-weighted mean of the countries' ViEWS scores; AP is not, so the ViEWS evaluator scores it again on the
countries' P(fatal) and outcomes together (`--views-pool`, from each side's classify.parquet).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEWS_PYTHON = ROOT / ".venv-views" / "bin" / "python"
TARGET = "ged_sb"          # ViEWS name for the fatalities target (here: all violence types)
VIEWS_MODELS = ("ZeroModel", "LocfModel", "ConflictologyModel")
GRID_DRAWS = 200            # draws kept per case on the grid (memory); admin-1 keeps all 1,000


def month_id(ts) -> int:
    """ViEWS month_id: 1 = January 1980."""
    return (ts.year - 1980) * 12 + ts.month


# ---------------------------------------------------------------- side 1: watchfloor venv
def prepare(country: str, unit: str, work: Path) -> dict:
    import numpy as np
    import pandas as pd

    from bench.backtest import open_bench_store
    from watchfloor.forecast.api import ALL_MODELS, MAIN_SETTINGS, companion_panels, default_window, make_model
    from watchfloor.forecast.backtest import run_backtest
    from watchfloor.forecast.metrics import msle_point
    from watchfloor.forecast.panel import build_panel

    store = open_bench_store(None)
    panel = build_panel(store, country, unit)
    start, end = default_window(panel)
    entities = {u: i + 1 for i, u in enumerate(sorted(panel["unit_id"].unique()))} if unit == "admin1" else \
        {u: int(u[3:]) for u in panel["unit_id"].unique()}
    out = work / country.lower() / unit
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"month_id": [month_id(m) for m in panel["month"]], "entity_id": panel["unit_id"].map(entities),
                  TARGET: panel["fatalities"].astype(float)}).to_parquet(out / "panel.parquet", index=False)
    keep = 1000 if unit == "admin1" else GRID_DRAWS
    hs = list(range(1, 7))
    others = companion_panels(store, country, unit)   # the ensemble validates on them when the country's months are quiet
    companions = others if MAIN_SETTINGS[unit]["companions"] else ()
    result = run_backtest(panel, {n: (lambda n=n: make_model(n, 6, companions, unit, start, others)) for n in ALL_MODELS}, hs,
                          start, end, keep_draws=keep)
    rows = []
    for name in ALL_MODELS:
        s = result.scores[result.scores["model"] == name].reset_index(drop=True)
        d = result.draws[name].astype(float)
        target = s["target_month"].map(month_id)
        rows.append(pd.DataFrame({
            "model": f"watchfloor:{name}", "entity_id": s["unit_id"].map(entities), "month_id": target,
            "origin": target - s["horizon"] + 1, "step": s["horizon"], "y_true": s["y"].astype(float),
            "p_fatal": s["p_fatal"], "point": msle_point(d), "draws": list(d)}))
    pd.concat(rows, ignore_index=True).to_parquet(out / "ours.parquet", index=False)
    spec = {"unit": unit, "loa": "cm" if unit == "admin1" else "pgm", "start": month_id(start),
            "end": month_id(end), "steps": hs, "n_samples": 1000 if unit == "admin1" else GRID_DRAWS,
            "timings": result.timings}
    (out / "spec.json").write_text(json.dumps(spec))
    store.close()
    return spec


def print_table(work: Path, unit: str) -> None:
    res = json.loads((work / unit / "views_scores.json").read_text())
    print(f"\n##### {work.name.upper()}")
    cols = ["CRPS", "MIS", "Coverage", "Brier_rgs_sample", "MSLE", "AP", "Brier_cls_point"]
    print(f"\n=== {unit}: scored by views_evaluation.NativeEvaluator, pooled over steps 1–6 "
          f"({res['cases']} cases per model; MIS and Coverage at α = 0.1) ===")
    print(f"{'model':<34}" + "".join(f"{c:>17}" for c in cols))
    for model, scores in res["pooled"].items():
        print(f"{model:<34}" + "".join(f"{scores.get(c, float('nan')):>17.4f}" for c in cols))
    print("CRPS by step:")
    for model, by_step in res["crps_by_step"].items():
        print(f"{model:<34}" + "".join(f"{v:>9.3f}" for v in by_step))
    print(f"ViEWS fit+predict time (s): {json.dumps(res['views_seconds'])}")
    if work.name == "pooled":
        print("(pooled: case-weighted means of the countries' ViEWS scores; AP scored on all their cases together)")


# ---------------------------------------------------------------- side 2: .venv-views
def views_side(folder: Path) -> None:
    import time

    import numpy as np
    import pandas as pd
    from views_baseline.model.catalog import BaselineModelCatalog
    from views_evaluation import EvaluationFrame, NativeEvaluator

    spec = json.loads((folder / "spec.json").read_text())
    entity = {"cm": "country_id", "pgm": "priogrid_id"}[spec["loa"]]   # the index names ViEWS insists on
    panel = pd.read_parquet(folder / "panel.parquet").rename(columns={"entity_id": entity})
    panel = panel.set_index(["month_id", entity]).sort_index()
    ours = pd.read_parquet(folder / "ours.parquet")
    steps, start, end = spec["steps"], spec["start"], spec["end"]
    config = {"regression_targets": [TARGET], "window_months": 12, "n_samples": spec["n_samples"], "seed": 1}
    theirs, seconds = [], {}
    for name in VIEWS_MODELS:
        t0, parts = time.perf_counter(), []
        for origin in range(start - max(steps) + 1, end + 1):
            seen = panel[panel.index.get_level_values("month_id") < origin]   # nothing from the origin on
            catalog = BaselineModelCatalog(config, {"train": (int(seen.index[0][0]), origin - 1),
                                                    "test": (origin, origin + max(steps) - 1)}, spec["loa"])
            frame = catalog.get_model(name).fit(seen).predict(seen, 0, max(steps))[TARGET]
            ids = frame.identifiers
            keep = (ids["time"] >= start) & (ids["time"] <= end)
            values = np.asarray(frame.values, float)[keep]
            parts.append(pd.DataFrame({"model": f"views:{name}", "entity_id": ids["unit"][keep],
                                       "month_id": ids["time"][keep], "origin": origin,
                                       "step": ids["time"][keep] - origin + 1, "draws": list(values)}))
        seconds[name] = round(time.perf_counter() - t0, 2)
        part = pd.concat(parts, ignore_index=True)
        truth = panel[TARGET].reindex(pd.MultiIndex.from_arrays([part["month_id"], part["entity_id"]]))
        part["y_true"] = truth.to_numpy()
        d = np.stack(part["draws"].to_numpy())
        part["p_fatal"] = (d > 0).mean(axis=1)
        part["point"] = np.expm1(np.log1p(d).mean(axis=1))
        theirs.append(part)
    both = pd.concat([ours, *theirs], ignore_index=True)
    evaluator = NativeEvaluator({
        "steps": steps, "regression_targets": [TARGET], "classification_targets": [f"{TARGET}_any"],
        "regression_sample_metrics": ["CRPS", "MIS", "Coverage", "Brier_rgs_sample"],
        "regression_point_metrics": ["MSLE"], "classification_point_metrics": ["AP", "Brier_cls_point"],
        "metric_hyperparameters": {"MIS": {"alpha": 0.1}, "Coverage": {"alpha": 0.1}}})
    pooled, by_step = {}, {}
    for model, g in both.groupby("model", sort=False):
        y = g["y_true"].to_numpy(float)
        d = np.stack(g["draws"].to_numpy()).astype(float)
        if d.shape[1] == 1:       # a point forecast as a one-value ensemble (CRPS = absolute error)
            d = np.repeat(d, 2, axis=1)
        ids = {"time": g["month_id"].to_numpy(), "origin": g["origin"].to_numpy(), "unit": g["entity_id"].to_numpy()}
        flat = {**ids, "step": np.ones(len(g), int)}
        frames = [EvaluationFrame(y, d, flat, {"target": TARGET}),
                  EvaluationFrame(y, g["point"].to_numpy(float)[:, None], flat, {"target": TARGET}),
                  EvaluationFrame((y > 0).astype(float), g["p_fatal"].to_numpy(float)[:, None], flat,
                                  {"target": f"{TARGET}_any"})]
        scores = {}
        for ef in frames:
            scores.update(vars(evaluator.evaluate(ef).get_schema_results("step")["step01"]))
        pooled[model] = {k: float(v) for k, v in scores.items() if v is not None}
        stepped = evaluator.evaluate(EvaluationFrame(y, d, {**ids, "step": g["step"].to_numpy()}, {"target": TARGET}))
        by_step[model] = [float(stepped.get_schema_results("step")[f"step{s:02d}"].CRPS) for s in steps]
    (folder / "views_scores.json").write_text(json.dumps(
        {"pooled": pooled, "crps_by_step": by_step, "views_seconds": seconds,
         "cases": int(len(both) / both["model"].nunique())}))
    both[["model", "y_true", "p_fatal"]].to_parquet(folder / "classify.parquet", index=False)


def views_pool(folders: list[Path], out: Path) -> None:
    """Pooled scores over countries: case-weighted means of each country's ViEWS scores (all means over
    cases), AP scored again by the ViEWS evaluator on the countries' cases together."""
    import numpy as np
    import pandas as pd
    from views_evaluation import EvaluationFrame, NativeEvaluator

    results = [json.loads((f / "views_scores.json").read_text()) for f in folders]
    cases = np.array([r["cases"] for r in results], float)
    pooled, by_step = {}, {}
    for model in results[0]["pooled"]:
        keys = set.intersection(*(set(r["pooled"][model]) for r in results))
        pooled[model] = {k: float(np.average([r["pooled"][model][k] for r in results], weights=cases))
                         for k in keys if k != "AP"}
        by_step[model] = list(np.average([r["crps_by_step"][model] for r in results], axis=0, weights=cases))
    both = pd.concat([pd.read_parquet(f / "classify.parquet") for f in folders], ignore_index=True)
    evaluator = NativeEvaluator({"steps": [1], "regression_targets": [],
                                 "classification_targets": [f"{TARGET}_any"],
                                 "classification_point_metrics": ["AP"], "metric_hyperparameters": {}})
    for model, g in both.groupby("model", sort=False):
        n = len(g)
        # one month, every case a unit of its own: the evaluator groups by month, and a month per case is slow
        ids = {"time": np.zeros(n, int), "origin": np.zeros(n, int), "unit": np.arange(n), "step": np.ones(n, int)}
        ef = EvaluationFrame((g["y_true"].to_numpy(float) > 0).astype(float), g["p_fatal"].to_numpy(float)[:, None],
                             ids, {"target": f"{TARGET}_any"})
        pooled[model]["AP"] = float(evaluator.evaluate(ef).get_schema_results("step")["step01"].AP)
    out.mkdir(parents=True, exist_ok=True)
    (out / "views_scores.json").write_text(json.dumps(
        {"pooled": pooled, "crps_by_step": by_step, "cases": int(cases.sum()),
         "views_seconds": {"countries": [r["views_seconds"] for r in results]}}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--countries", default="MLI,BFA,NER")
    ap.add_argument("--units", default="admin1,grid")
    ap.add_argument("--work", type=Path, default=ROOT / "out" / "vs_views")
    ap.add_argument("--views-side", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--views-pool", type=Path, nargs="+", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.views_side:
        views_side(args.views_side)
        return 0
    if args.views_pool:
        views_pool(args.views_pool[1:], args.views_pool[0])
        return 0
    if not VIEWS_PYTHON.exists():
        print(f"{VIEWS_PYTHON} is missing: run `make views-venv` first", file=sys.stderr)
        return 2
    countries = [c.strip().upper() for c in args.countries.split(",")]
    for unit in [u.strip() for u in args.units.split(",")]:
        for country in countries:
            work = args.work / country.lower()
            prepare(country, unit, args.work)
            if not _views(["--views-side", str(work / unit)], f"{country} {unit}"):
                return 1
            print_table(work, unit)
        if len(countries) > 1:
            pooled = args.work / "pooled"
            if not _views(["--views-pool", str(pooled / unit), *(str(args.work / c.lower() / unit) for c in countries)],
                          f"pooled {unit}"):
                return 1
            print_table(pooled, unit)
    return 0


def _views(arguments: list[str], what: str) -> bool:
    """Run this script's ViEWS side in .venv-views; say what failed."""
    done = subprocess.run([str(VIEWS_PYTHON), str(Path(__file__).resolve()), *arguments], capture_output=True,
                          text=True)
    if done.returncode:
        print(f"the ViEWS side failed for {what}:\n{done.stderr[-3000:]}", file=sys.stderr)
    return done.returncode == 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
