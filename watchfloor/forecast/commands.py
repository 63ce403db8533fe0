"""`watchfloor forecast` and `watchfloor backtest`."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from watchfloor.forecast import DEFAULT_MODEL

UNIT_HELP = "admin1 (regions) or grid (PRIO-GRID 0.5° cells)."
SOURCE_HELP = ("Event source to train on: ucdp, acled or all (default: the store's default for forecasts, else "
               "the one source covering the country longest).")


def data_line(data: dict) -> str:
    """'sources ucdp; months used 1989-09 to 2020-12; missing: none'."""
    missing = data.get("months_missing") or []
    shown = ", ".join(missing[:6]) + (f" … ({len(missing)} months)" if len(missing) > 6 else "")
    text = (f"sources {', '.join(data.get('sources') or []) or 'none'}; months used "
            f"{' to '.join(data.get('months_used') or [])}; missing: {shown or 'none'}")
    if data.get("months_before_gap"):
        text += f"; not used (before the gap): {' to '.join(data['months_before_gap'])}"
    return text


def parse_horizons(text: str) -> list[int]:
    """'1-6' → [1..6]; '1,3,6' → [1, 3, 6]."""
    try:
        if "-" in text:
            a, b = text.split("-", 1)
            hs = list(range(int(a), int(b) + 1))
        else:
            hs = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ValueError(f"--horizons {text!r}: expected a range like 1-6 or a list like 1,3,6") from None
    if not hs or min(hs) < 1:
        raise ValueError(f"--horizons {text!r}: horizons are months ahead, 1 or more")
    return hs


def register(app: typer.Typer) -> None:
    @app.command()
    def forecast(ctx: typer.Context,
                 country: str = typer.Option(..., "--country", help="ISO3 code."),
                 unit: str = typer.Option("admin1", "--unit", help=UNIT_HELP),
                 horizon: int = typer.Option(6, "--horizon", min=1, max=36, help="Forecast months 1..N."),
                 as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM: the last month of data to use "
                                                     "(default: the data's last complete month)."),
                 scenario: Optional[str] = typer.Option(None, "--scenario", help="withdraw:ACTOR@REGION:YYYY-MM or "
                                                        "deploy:ACTOR@REGION:YYYY-MM[:STRENGTH]"),
                 model: str = typer.Option(DEFAULT_MODEL, "--model", help="ensemble, main, zero, last or conflictology."),
                 boot: int = typer.Option(10, "--boot", min=2, help="Bootstrap refits for a scenario's interval."),
                 source: Optional[str] = typer.Option(None, "--source", help=SOURCE_HELP),
                 as_json: bool = typer.Option(False, "--json", help="One JSON object per unit and month.")):
        """Forecast P(fatal event), P(≥ 25 fatalities) and fatalities per unit for the coming months."""
        from watchfloor.cli import console, fail, open_store, out, print_frame, Format
        from watchfloor.forecast.api import compare_scenario, run_forecast
        from watchfloor.forecast.panel import PanelError
        from watchfloor.forecast.scenario import ScenarioError
        with open_store(ctx) as store:
            try:
                result = run_forecast(store, country, unit, horizon, as_of, scenario, model, source=source)
                comparison = compare_scenario(store, country, scenario, unit, horizon, as_of, boot, source=source) \
                    if scenario else None
            except (PanelError, ScenarioError, ValueError) as exc:
                fail(str(exc), 2)
        frame = result.frame()
        frame["run_id"] = result.run_id
        frame["model"] = result.model
        frame["as_of"] = f"{result.meta['as_of']:%Y-%m}"
        frame["sources"] = ",".join(result.meta.get("sources") or [])
        if comparison is not None:
            diff_cols = ["p_fatal", "diff_p_fatal", "diff_p_fatal_lo", "diff_p_fatal_hi", "mean", "diff_mean",
                         "diff_mean_lo", "diff_mean_hi"]
            diffs = comparison.frame[["unit_id", "target_month", *diff_cols]].rename(
                columns={"p_fatal": "baseline_p_fatal", "mean": "baseline_mean"})
            frame = frame.merge(diffs, on=["unit_id", "target_month"], how="left")
            frame["scenario"] = comparison.scenario
        if as_json:
            frame["target_month"] = frame["target_month"].dt.strftime("%Y-%m")
            sys.stdout.write(json.dumps(frame.round(6).to_dict(orient="records"), ensure_ascii=False) + "\n")
            return
        shown = frame[["unit_name", "target_month", "horizon", "p_fatal", "p_25", "mean", "q05", "q50", "q95"]].copy()
        shown["target_month"] = shown["target_month"].dt.strftime("%Y-%m")
        print_frame(shown.round(3), Format.table,
                    title=f"{result.model} forecast {country.upper()} {unit}, data to {result.meta['as_of']:%Y-%m} "
                          f"(run {result.run_id})")
        if comparison is not None:
            t, r = comparison.total, comparison.region
            out.print(f"scenario {comparison.scenario}: {comparison.verdict()}")
            out.print(f"whole country: {t['diff_mean']:+.1f} expected fatalities over {horizon} months "
                      f"(90 % interval {t['diff_mean_lo']:+.1f} to {t['diff_mean_hi']:+.1f}, {boot} bootstrap refits)")
        out.print(data_line(result.meta), markup=False, highlight=False)
        console.print(f"stored as run {result.run_id}")

    @app.command()
    def backtest(ctx: typer.Context,
                 country: str = typer.Option(..., "--country", help="ISO3 code."),
                 unit: str = typer.Option("admin1", "--unit", help=UNIT_HELP),
                 horizons: str = typer.Option("1-6", "--horizons", help="e.g. 1-6 or 1,3,6"),
                 since: Optional[str] = typer.Option(None, "--since", help="YYYY-MM: first target month "
                                                     "(default: six years before the data's end)."),
                 charts: Optional[Path] = typer.Option(None, "--charts", help="Write the reliability diagram and "
                                                       "skill-by-horizon PNGs into this folder."),
                 source: Optional[str] = typer.Option(None, "--source", help=SOURCE_HELP),
                 as_json: bool = typer.Option(False, "--json", help="Print the pooled scores and skills as JSON.")):
        """Rolling-origin backtest: the main model and the ensemble against the zero, last, conflictology baselines."""
        from watchfloor.cli import console, fail, open_store, print_frame, Format
        from watchfloor.forecast.api import backtest as run
        from watchfloor.forecast.panel import PanelError
        try:
            hs = parse_horizons(horizons)
        except ValueError as exc:
            fail(str(exc), 2)
        with open_store(ctx) as store:
            try:
                result = run(store, country, unit, hs, start=since, source=source)
            except (PanelError, ValueError) as exc:
                fail(str(exc), 2)
        if charts is not None:
            from watchfloor.forecast.charts import reliability_diagram, skill_by_horizon
            slug = f"{country.lower()}_{unit}"
            for made in (reliability_diagram(result, charts / f"reliability_{slug}.png"),
                         skill_by_horizon(result, charts / f"skill_by_horizon_{slug}.png")):
                console.print(f"wrote {made}")
        if as_json:
            sys.stdout.write(json.dumps(result.summary()) + "\n")
            return
        title = f"backtest {country.upper()} {unit}, targets {result.start:%Y-%m}–{result.end:%Y-%m}, horizons {hs}"
        print_frame(result.table().round(4), Format.table, title=title)
        console.print(data_line(result.data), markup=False, highlight=False)
        skill = result.skill()
        print_frame(skill[skill["model"] != skill["baseline"]].round(4), Format.table,
                    title="skill = 1 − score / baseline score (positive is better)")
        console.print(f"stored as backtest {result.run_id}")
