"""Backtest charts as PNG: a reliability diagram and skill by horizon."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from watchfloor.forecast import metrics  # noqa: E402
from watchfloor.forecast.backtest import BacktestResult  # noqa: E402


def reliability_diagram(result: BacktestResult, path: str | Path, bins: int = 10) -> Path:
    """Observed frequency of a fatal event against the forecast probability, per model."""
    path = Path(path)
    fig, ax = plt.subplots(figsize=(5.5, 5.5), dpi=110)
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfectly reliable")
    for model, g in result.scores.groupby("model", sort=False):
        if model == "zero":
            continue
        table = metrics.reliability_table(g["p_fatal"], (g["y"] > 0).astype(float), bins)
        err = metrics.reliability_error(g["p_fatal"], (g["y"] > 0).astype(float), bins)
        ax.plot(table["mean_forecast"], table["observed_frequency"], marker="o", ms=4,
                label=f"{model} (error {err:.3f})")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="forecast P(≥ 1 fatal event)", ylabel="observed frequency",
           title=f"Reliability, {result.country} {result.unit}, {result.start:%Y-%m}–{result.end:%Y-%m}")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def skill_by_horizon(result: BacktestResult, path: str | Path, baseline: str = "zero") -> Path:
    """CRPS and Brier skill against one baseline, per horizon, for every other model."""
    path = Path(path)
    skill = result.skill(by_horizon=True)
    skill = skill[(skill["baseline"] == baseline) & (skill["model"] != baseline)]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), dpi=110, sharex=True)
    for ax, score in zip(axes, ("crps", "brier")):
        for model, g in skill.groupby("model", sort=False):
            g = g.sort_values("horizon")
            ax.plot(g["horizon"], g[score], marker="o", label=model)
        ax.axhline(0, color="0.5", lw=1)
        ax.set(xlabel="horizon (months ahead)", ylabel=f"{score.upper()} skill vs {baseline}",
               title=f"{score.upper()} skill (1 − score/{baseline})")
        ax.legend(fontsize=8)
    fig.suptitle(f"{result.country} {result.unit}, targets {result.start:%Y-%m}–{result.end:%Y-%m}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
