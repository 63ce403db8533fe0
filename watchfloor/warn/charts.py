"""The brief's two pictures: a map of P(fatal event) next month, and a timeline with the forecast band."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from watchfloor.geo.maps import choropleth  # noqa: E402


def risk_map(regions: pd.DataFrame, p_next: dict[str, float], events: pd.DataFrame, path: Path, *,
             country: str, month: date, since: date) -> Path:
    """Admin-1 regions shaded by P(≥ 1 fatal event) next month; recent events as points sized by deaths."""
    points = None
    if not events.empty:
        points = events[["latitude", "longitude"]].dropna().copy()
        points["size"] = 6 + events.loc[points.index, "fatalities"].clip(upper=100) * 1.2
    return choropleth(regions, p_next, path, points=points, vmax=1.0, cmap="OrRd",
                      title=f"{country}: P(at least one fatal event), {month:%B %Y}\n"
                            f"points: events {since:%b %Y}–{_last_month(month):%b %Y}",
                      legend="P(≥ 1 fatal event)")


def _last_month(month: date) -> date:
    k = month.year * 12 + month.month - 2
    return date(k // 12, k % 12 + 1, 1)


def timeline_chart(observed: pd.DataFrame, band: pd.DataFrame, path: Path, *, title: str) -> Path:
    """observed: month, fatalities. band: target_month, q05, q50, q95 (and mean)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=110)
    if not observed.empty:
        ax.bar(pd.to_datetime(observed["month"]), observed["fatalities"], width=25, color="#1f3b73",
               label="recorded fatalities")
    if not band.empty:
        x = pd.to_datetime(band["target_month"])
        ax.fill_between(x, band["q05"], band["q95"], color="#e34a33", alpha=0.25, step="mid",
                        label="forecast 90% interval")
        ax.plot(x, band["q50"], color="#e34a33", marker="o", ms=3, label="forecast median")
    ax.set_ylabel("fatalities per month")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
