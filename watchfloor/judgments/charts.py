"""The reliability diagram: how often each estimative word came true, against the band it promises."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the non-interactive backend)

from watchfloor.judgments.scoring import score  # noqa: E402
from watchfloor.store.connection import Store  # noqa: E402


def reliability_figure(result: dict, title: str = "How often our judgments came true"):
    """A matplotlib figure from a `score()` result: one point per term, its band as a shaded span."""
    fig, (ax, hist) = plt.subplots(2, 1, figsize=(6.4, 7.2), gridspec_kw={"height_ratios": [4, 1]}, sharex=True)
    ax.plot([0, 1], [0, 1], color="#888888", lw=1, ls="--", label="perfect calibration")
    rows = result.get("calibration") or []
    for i, row in enumerate(rows):
        if row["band"]:
            ax.axvspan(row["band"][0], row["band"][1], color="#4c72b0" if i % 2 else "#55a868", alpha=0.12, lw=0)
            ax.plot(row["band"], row["band"], color="#4c72b0", lw=3, alpha=0.5)
    if rows:
        x = [r["mean_probability"] for r in rows]
        y = [r["observed"] for r in rows]
        err = [[r["observed"] - r["interval"][0] for r in rows], [r["interval"][1] - r["observed"] for r in rows]]
        ax.errorbar(x, y, yerr=err, fmt="o", color="#c44e52", ecolor="#c44e52", capsize=3,
                    label="observed frequency (95 % Wilson interval)")
        for r in rows:
            ax.annotate(f"{r['group']}\nn={r['n']}", (r["mean_probability"], r["observed"]), fontsize=7,
                        xytext=(4, -14), textcoords="offset points")
        hist.bar(x, [r["n"] for r in rows], width=0.03, color="#4c72b0")
    else:
        ax.text(0.5, 0.5, "no resolved judgments yet", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share that came true")
    brier = result.get("brier")
    subtitle = f"n = {result.get('n', 0)} resolved"
    if brier is not None:
        subtitle += (f"; Brier {brier:.3f} (reliability {result['reliability']:.3f}, "
                     f"resolution {result['resolution']:.3f}, uncertainty {result['uncertainty']:.3f})")
    ax.set_title(f"{title}\n{subtitle}", fontsize=9)
    ax.legend(loc="upper left", fontsize=7)
    hist.set_xlabel("stated probability (band midpoint or stated number)")
    hist.set_ylabel("judgments")
    fig.tight_layout()
    return fig


def reliability_png(store: Store, path: str | Path) -> Path:
    """Write the reliability diagram of every resolved judgment to a PNG; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig = reliability_figure(score(store, by=[]))
    try:
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)
    return path
