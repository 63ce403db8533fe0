"""The forecast stage's public functions: what the CLI, the brief writer and the web layer call."""
from __future__ import annotations

import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Callable

import numpy as np
import pandas as pd

from watchfloor.forecast.backtest import BacktestResult, run_backtest
from watchfloor.forecast.baselines import BASELINES
from watchfloor.forecast import DEFAULT_MODEL
from watchfloor.forecast.contract import Forecast, Forecaster, horizon_list, make_run_id
from watchfloor.forecast.ensemble import EnsembleForecaster
from watchfloor.forecast.models import MODELS, HurdleForecaster
from watchfloor.forecast.panel import PanelError, add_months, build_panel, extend_panel, last_unbroken, observed_span
from watchfloor.forecast.scenario import Scenario, apply_scenario, parse_scenario, resolve_region
from watchfloor.store import Store
from watchfloor.store import coverage
from watchfloor.store import forecasts as forecast_store

ALL_MODELS = {**BASELINES, **MODELS, "ensemble": EnsembleForecaster}
ENSEMBLE_MEMBERS = ("main", "conflictology", "last")  # the first is the fallback without a validation window
BACKTEST_YEARS = 6

# map(refit, seeds) for a scenario's bootstrap refits: the builtin map, or a cluster's (`forecasts_on`)
REFITS_MAP: ContextVar[Callable | None] = ContextVar("refits_map", default=None)


def parse_month(text: str | date | None) -> date | None:
    """'YYYY-MM' (or a date) → the first of that month."""
    if text is None or isinstance(text, date):
        return None if text is None else date(text.year, text.month, 1)
    try:
        y, m = str(text).strip().split("-")[:2]
        return date(int(y), int(m), 1)
    except ValueError:
        raise ValueError(f"month {text!r}: expected YYYY-MM") from None


# Settings of the main model per unit kind, chosen on Mali targets 2010–2014 (admin-1) and 2012–2014 (grid),
# before the 2015–2020 test period: with 9 admin-1 regions, training on the neighbouring countries' regions
# and a logistic stack of the model with the unit's own record help; on the grid (~500 cells) both hurt.
# Extra features kept where they improved the 36 validation months before each country's test period (Mali,
# Burkina Faso, Niger pooled; `bench/backtest.py --ablation`): on the grid, months since the last fatal month
# next door (CRPS +2.0 %, Brier +4.7 %); on admin-1, where the countries train together, the country (CRPS
# +0.35 %, Brier +0.7 %; with months since next door +0.26 %, +0.7 %, so that one stays out there). Base
# openings and closures (bases_change12) did not help; the report signal cannot be judged on the bundled data
# (reports cover a few months of 2020 only) and stays out. Pooled training on the grid (the other countries'
# cells as companions, with the country as a feature) scored CRPS −1.0 %, Brier +2.0 % on the same validation
# months (Mali and Niger): left off. The actor mix (shares of the unit's events over 12 months with a jihadist
# group, a foreign force or a militia on a side; `--ablation --mix`) lost on admin-1 (CRPS −0.01 %); with the
# violence-type shares (one-sided, non-state) −0.33 % on admin-1 and −4.5 % on the grid. The violence-type shares
# alone gained on the grid (CRPS +1.8 %, Brier +3.3 %) with the model's seed 0 but lost with seeds 1 and 2
# (−2.0 % / −2.1 %, −0.7 % / +0.2 %; only Mali's cells differ, Burkina Faso's and Niger's validation months
# being too quiet): a seed's noise, not a gain, so none of the mix is kept.
MAIN_SETTINGS = {"admin1": {"recalibrate": "stack", "recalibrate_c": 1.0, "companions": True,
                            "extra_features": ("country",)},
                 "grid": {"recalibrate": False, "companions": False, "extra_features": ("nb_since",)}}


def main_model(horizon: int = 6, unit: str = "admin1", companions: tuple = (), **extra) -> HurdleForecaster:
    settings = {**MAIN_SETTINGS.get(unit, MAIN_SETTINGS["admin1"]), **extra}
    use = settings.pop("companions")
    return HurdleForecaster(horizons=horizon, companions=companions if use else (), **settings)


def make_model(name: str, horizon: int = 6, companions: tuple = (), unit: str = "admin1",
               test_start: pd.Timestamp | None = None, neighbours: tuple | None = None) -> Forecaster:
    """A model by name; the main model (with its settings for the unit kind) may also train on `companions`
    (panels of other countries). The ensemble mixes the main model and baselines; in a backtest whose first
    test month is `test_start` its weights and calibration are learnt from months before it only, on the
    country's own months or, when those are too quiet, on `neighbours`' too (other countries' panels of the
    unit kind; by default the companions)."""
    if name not in ALL_MODELS:
        raise ValueError(f"model {name!r}: expected one of {', '.join(ALL_MODELS)}")
    if name == "ensemble":
        def members_for(others: tuple) -> dict:
            return {m: (lambda m=m: make_model(m, horizon, others, unit)) for m in ENSEMBLE_MEMBERS}
        return EnsembleForecaster(members_for(companions), horizons=horizon, frozen_until=test_start,
                                  neighbours=companions if neighbours is None else neighbours,
                                  members_for=members_for)
    return main_model(horizon, unit, companions) if name == "main" else ALL_MODELS[name]()


def _pools(model: str, unit: str) -> bool:
    return model in ("main", "ensemble") and MAIN_SETTINGS.get(unit, MAIN_SETTINGS["admin1"])["companions"]


def companion_panels(store: Store, country: str, unit: str = "admin1", until: date | None = None,
                     sources: list[str] | None = None) -> tuple:
    """Panels of the other countries with events in the store, same unit kind, months and sources: extra training
    rows for the main model (neighbouring wars share their dynamics; a country with 9 regions alone is a tiny
    sample). A country the same sources do not cover to `until` is left out."""
    out = []
    for other in forecast_store.event_countries(store):
        if other == country.upper():
            continue
        if sources is not None:
            theirs = [s for s in sources if s in coverage.stored_sources(store, other)]
            last = coverage.coverage_now(store, other, theirs)
            if not theirs or last is None or (until is not None and last < until):
                continue
        try:
            out.append(last_unbroken(build_panel(store, other, unit, until=until, sources=sources and theirs)))
        except PanelError:  # no regions or boundaries for it: nothing to learn from
            continue
    return tuple(out)


def forecast_sources(store: Store, country: str, source: str | None = None) -> list[str]:
    """The source(s) a forecast trains on: `source` ('ucdp', 'acled', 'all'), else the store's default for
    forecasts, else the one source covering the country longest (sources count differently; mixing them
    month by month would read a change of source as a change in the war)."""
    try:
        return coverage.resolve_sources(store, country, "forecast", source)
    except coverage.CoverageError as exc:
        raise ValueError(str(exc)) from None


def _now(store: Store, as_of: str | date | None, country: str | None = None,
         sources: list[str] | None = None) -> date:
    """The last month of data the forecast may use: --as-of, else the last month its sources cover."""
    sources = forecast_sources(store, country) if sources is None else sources
    last = coverage.coverage_now(store, country, sources)
    if last is None:
        raise PanelError(f"no stored source covers {country or 'any country'}; ingest a dataset first")
    month = parse_month(as_of) or last
    if month > last:
        raise ValueError(f"--as-of {month:%Y-%m} is after the data's last complete month {last:%Y-%m} (the last "
                         f"month {', '.join(sources)} covers); months without data are unknown, not quiet")
    return month


def months_note(panel: pd.DataFrame) -> dict:
    """What a forecast learnt from: its sources, the months used and the months missing (not covered)."""
    first, last = observed_span(panel)
    missing = list(panel.attrs.get("missing", ()))
    skipped = sorted({f"{m:%Y-%m}" for m in panel.loc[panel["month"] < first, "month"]} - set(missing))
    return {"sources": list(panel.attrs.get("sources", ())), "months_used": [f"{first:%Y-%m}", f"{last:%Y-%m}"],
            "months_missing": missing, "months_before_gap": [skipped[0], skipped[-1]] if skipped else None}


def run_forecast(store: Store, country: str, unit: str = "admin1", horizon: int = 6,
                 as_of: str | date | None = None, scenario: str | Scenario | None = None, model: str = DEFAULT_MODEL,
                 store_result: bool = True, source: str | None = None) -> Forecast:
    """Forecast months as_of+1 … as_of+horizon for every unit of the country (optionally under a what-if).

    The model learns from the last unbroken run of months its sources cover; `forecast.meta` says which
    sources and months it used and which months were missing."""
    country = country.upper()
    sources = forecast_sources(store, country, source)
    now = _now(store, as_of, country, sources)
    full = build_panel(store, country, unit, until=now, sources=sources)
    note = months_note(full)
    panel = last_unbroken(full)
    others = companion_panels(store, country, unit, until=now, sources=sources) if _pools(model, unit) or \
        model == "ensemble" else ()
    forecaster = make_model(model, horizon, others if _pools(model, unit) else (), unit, neighbours=others)
    forecaster.fit(panel, pd.Timestamp(add_months(now, 1)))
    future = extend_panel(panel, horizon)
    if scenario is not None:
        scenario = parse_scenario(scenario) if isinstance(scenario, str) else scenario
        future = apply_scenario(store, future, scenario)
    forecast = forecaster.predict(future, horizon)
    forecast.meta.update(country=country, unit=unit, as_of=now, scenario=scenario.text if scenario else None,
                         **note)
    # The id names everything that makes the run: a what-if that changes none of the inputs is still not
    # the base run, and storing it must not replace (relabel) the base run.
    forecast.run_id = make_run_id(forecast.model, forecaster.get_params(), future, forecast.origin,
                                  {"fit_until": str(getattr(forecaster, "until_", None)), "country": country,
                                   "unit": unit, "as_of": str(now), "scenario": forecast.meta["scenario"],
                                   "sources": sources})
    if store_result:
        forecast_store.save_forecast(store, {"run_id": forecast.run_id, "model": forecast.model, "country": country,
                                             "unit": unit, "as_of": now, "scenario": forecast.meta["scenario"],
                                             "params": {**forecaster.get_params(), "data": note}}, forecast.frame())
    return forecast


def latest_run(store: Store, country: str, unit: str = "admin1", scenario: bool = False) -> Forecast | None:
    """The newest stored forecast for the country (quantiles and probabilities, no draws)."""
    rec = forecast_store.latest_run_record(store, country.upper(), unit, scenario)
    return None if rec is None else stored_forecast(store, rec["run_id"])


def stored_forecast(store: Store, run_id: str) -> Forecast | None:
    rec = forecast_store.run_record(store, run_id)
    if rec is None:
        return None
    rows = forecast_store.forecast_rows(store, run_id)
    rows["target_month"] = pd.to_datetime(rows["target_month"])
    origin = pd.Timestamp(add_months(rec["as_of"], 1))
    params = json.loads(rec["params"] or "{}")
    return Forecast(rec["model"], run_id, origin, rows, rows["p_fatal"].to_numpy(), rows["p_25"].to_numpy(), None,
                    {"country": rec["country"], "unit": rec["unit"], "as_of": rec["as_of"],
                     "scenario": rec["scenario"], "params": params, **(params.get("data") or {})})


@dataclass
class ScenarioComparison:
    """A what-if against the forecast without it, per unit and month, with bootstrap intervals."""
    scenario: str
    as_of: date
    n_boot: int
    frame: pd.DataFrame       # per unit × month: p_fatal, p_fatal_scenario, diff_p_fatal(_lo/_hi), mean, …
    total: dict               # country-wide change in expected fatalities over the window, with interval
    region: dict              # the same for the scenario's region

    def verdict(self) -> str:
        lo, hi = self.region["diff_mean_lo"], self.region["diff_mean_hi"]
        if lo <= 0 <= hi:
            return (f"no distinguishable effect: the change in expected fatalities in {self.region['name']} "
                    f"({self.region['diff_mean']:+.1f}, 90 % interval {lo:+.1f} to {hi:+.1f}) straddles zero")
        word = "more" if lo > 0 else "fewer"
        return (f"{word} expected fatalities in {self.region['name']}: {self.region['diff_mean']:+.1f} "
                f"(90 % interval {lo:+.1f} to {hi:+.1f}) over the window; an association the model learnt "
                "from past deployments, not a measured causal effect")


def compare_scenario(store: Store, country: str, scenario: str | Scenario, unit: str = "admin1", horizon: int = 6,
                     as_of: str | date | None = None, n_boot: int = 10, source: str | None = None,
                     n_jobs: int = 1) -> ScenarioComparison:
    """Difference in P(fatal) and expected fatalities made by the scenario, with a 90 % interval from
    `n_boot` block-bootstrap refits of the main model (each scores both panels with the same fit), run in
    `n_jobs` processes, or as tasks of a Dask cluster inside `watchfloor.scale.backtest.forecasts_on`."""
    country = country.upper()
    scen = parse_scenario(scenario) if isinstance(scenario, str) else scenario
    sources = forecast_sources(store, country, source)
    now = _now(store, as_of, country, sources)
    panel = last_unbroken(build_panel(store, country, unit, until=now, sources=sources))
    base = extend_panel(panel, horizon)
    changed = apply_scenario(store, base, scen)
    until = pd.Timestamp(add_months(now, 1))
    companions = companion_panels(store, country, unit, until=now, sources=sources) if _pools("main", unit) else ()
    refits = [None, *range(n_boot)]
    refit = partial(_scenario_refit, panel, until, base, changed, horizon, unit, companions)
    if REFITS_MAP.get() is not None:          # on a cluster (watchfloor/scale/backtest.py: `forecasts_on`)
        diffs = REFITS_MAP.get()(refit, refits)
    elif n_jobs > 1:
        from joblib import Parallel, delayed
        diffs = Parallel(n_jobs=n_jobs)(delayed(refit)(b) for b in refits)
    else:
        diffs = [refit(b) for b in refits]
    cases = diffs[0][4]
    p0, p1, m0, m1 = diffs[0][:4]
    boot_p = np.array([d[1] - d[0] for d in diffs[1:]])
    boot_m = np.array([d[3] - d[2] for d in diffs[1:]])
    frame = cases[["unit_id", "unit_name", "target_month", "horizon"]].copy()
    frame["p_fatal"], frame["p_fatal_scenario"], frame["diff_p_fatal"] = p0, p1, p1 - p0
    frame["diff_p_fatal_lo"], frame["diff_p_fatal_hi"] = _interval(boot_p, p1 - p0)
    frame["mean"], frame["mean_scenario"], frame["diff_mean"] = m0, m1, m1 - m0
    frame["diff_mean_lo"], frame["diff_mean_hi"] = _interval(boot_m, m1 - m0)
    region_id = resolve_region(store, country, scen.region)[0]
    in_region = _region_mask(frame, panel, region_id)
    return ScenarioComparison(scen.text, now, n_boot, frame,
                              _summed(m1 - m0, boot_m, np.ones(len(frame), bool), country),
                              _summed(m1 - m0, boot_m, in_region, scen.region))


def _scenario_refit(panel, until, base, changed, horizon, unit, companions, resample):
    """(P0, P1, mean0, mean1, cases) of one (bootstrap) fit of the main model on the base and changed panels."""
    model = main_model(horizon, unit, companions, resample=resample).fit(panel, until)
    _, cases, p0, _, d0 = model.forecast_parts(base, horizon)
    _, _, p1, _, d1 = model.forecast_parts(changed, horizon)
    return p0, p1, d0.mean(axis=1), d1.mean(axis=1), cases


def _region_mask(frame: pd.DataFrame, panel: pd.DataFrame, region_id: str) -> np.ndarray:
    regions = panel.drop_duplicates("unit_id").set_index("unit_id")["region_id"]
    return (frame["unit_id"].map(regions) == region_id).to_numpy()


def _interval(boot: np.ndarray, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(boot) < 2:
        return point, point
    lo, hi = np.quantile(boot, [0.05, 0.95], axis=0)
    return np.minimum(lo, point), np.maximum(hi, point)


def _summed(point: np.ndarray, boot: np.ndarray, mask: np.ndarray, name: str) -> dict:
    total = float(point[mask].sum())
    sums = boot[:, mask].sum(axis=1) if len(boot) else np.array([total])
    lo, hi = (np.quantile(sums, [0.05, 0.95]) if len(sums) > 1 else (total, total))
    return {"name": name, "diff_mean": total, "diff_mean_lo": float(min(lo, total)),
            "diff_mean_hi": float(max(hi, total))}


def default_window(panel: pd.DataFrame, years: int = BACKTEST_YEARS) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The last `years` whole years of the panel (for the bundled data: 2015-01 … 2020-12)."""
    end = panel["month"].max()
    return end - pd.DateOffset(months=12 * years - 1), end


def backtest(store: Store, country: str, unit: str = "admin1", horizons: int | list[int] = 6,
             start: str | date | None = None, end: str | date | None = None, models: list[str] | None = None,
             store_result: bool = True, source: str | None = None) -> BacktestResult:
    """Rolling-origin backtest of the main model and the baselines over the panel's last six years (of the
    last unbroken run of months its sources cover)."""
    country = country.upper()
    hs = horizon_list(horizons)
    sources = forecast_sources(store, country, source)
    full = build_panel(store, country, unit, until=parse_month(end), sources=sources)
    panel = last_unbroken(full)
    first, last = default_window(panel)
    first = max(pd.Timestamp(parse_month(start)) if start else first, panel["month"].min())
    names = models or list(ALL_MODELS)
    others = companion_panels(store, country, unit, until=parse_month(end) or panel["month"].max().date(),
                              sources=sources) if any(_pools(n, unit) or n == "ensemble" for n in names) else ()
    companions = others if any(_pools(n, unit) for n in names) else ()
    result = run_backtest(panel, {n: (lambda n=n: make_model(n, max(hs), companions, unit, first, others))
                                  for n in names}, hs, first, last)
    result.data = months_note(full)
    if store_result:
        key = json.dumps([country, unit, hs, str(first), str(last), names, sources], default=str)
        run_id = "bt-" + hashlib.sha256(key.encode()).hexdigest()[:16]
        forecast_store.save_backtest(store, run_id, country, unit, hs, result.summary())
        result.run_id = run_id
    return result
