"""Event study of real base closures: violence in a closed base's region before and after, against regions
without a change.

A closure is a deployment site listed in a force-presence source one year and absent the next year the
source still reports (the data are annual, so a closure is dated to January of the first year without the
site). Its effect is a difference in differences on log(1 + mean monthly fatalities): the change in the
base's admin-1 region from the `window` months before January to the `window` months from it, less the
mean change over the regions with no site opened or closed in those months. The interval resamples
closures (few: the estimate is as uncertain as they are few), and says nothing causal: peacekeepers leave
places for reasons that also change violence there.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from watchfloor.store import Store
from watchfloor.store.reference import force_presence_frame


@dataclass
class EventStudy:
    estimate: float                 # mean difference in differences of log(1 + mean monthly fatalities)
    interval: tuple[float, float]   # 90 % bootstrap interval over closures
    closures: pd.DataFrame          # one row per closure used: place, region, month, treated and control changes
    skipped: int                    # closures whose window leaves the event data
    source: str

    @property
    def n(self) -> int:
        return len(self.closures)

    def sentence(self) -> str:
        lo, hi = self.interval
        if not self.n:
            return "No base closure falls inside the event data: the data cannot tell what a closure does."
        ratio = np.expm1(self.estimate)
        side = ("cannot tell a rise from a fall" if lo <= 0 <= hi else
                "show more violence after closures" if lo > 0 else "show less violence after closures")
        return (f"Across {self.n} base closures, violence in the closed base's region changed by {ratio:+.0%} "
                f"against regions without a change (90 % interval {np.expm1(lo):+.0%} to {np.expm1(hi):+.0%}): "
                f"the data {side}; closures are not random, so this is an association, not the effect of leaving.")


def site_changes(store: Store, country: str, source: str | None = None) -> tuple[pd.DataFrame, str]:
    """(closures and openings: place, region_id, kind, month; the source used). By default the source
    reporting the most years (sources count sites differently and are not mixed)."""
    fp = force_presence_frame(store, country)
    if fp.empty:
        return pd.DataFrame(columns=["place", "region_id", "kind", "month"]), ""
    fp = fp.assign(year=pd.to_datetime(fp["period_start"]).dt.year)
    if source is None:
        years = fp.groupby("source")["year"].nunique()
        source = years.sort_values(ascending=False, kind="stable").index[0]
    fp = fp[fp["source"] == source]
    reported = sorted(fp["year"].unique())
    sites = fp.groupby("place").agg(region_id=("region_id", "first"), years=("year", lambda y: set(y)))
    rows = []
    for place, r in sites.iterrows():
        for year, following in zip(reported[:-1], reported[1:]):
            if year in r.years and following not in r.years:
                rows.append((place, r.region_id, "closure", pd.Timestamp(following, 1, 1)))
            if year not in r.years and following in r.years:
                rows.append((place, r.region_id, "opening", pd.Timestamp(following, 1, 1)))
    return pd.DataFrame(rows, columns=["place", "region_id", "kind", "month"]), source


def closure_event_study(panel: pd.DataFrame, changes: pd.DataFrame, source: str = "", window: int = 12,
                        n_boot: int = 2000, seed: int = 0) -> EventStudy:
    """Difference in differences around each closure (admin-1 panel), with a bootstrap interval over closures."""
    wide = panel.pivot_table(index="unit_id", columns="month", values="fatalities", aggfunc="sum", dropna=False)
    first, last = wide.columns.min(), wide.columns.max()
    rows, skipped = [], 0
    for c in changes[changes["kind"] == "closure"].itertuples(index=False):
        before = pd.date_range(c.month - pd.DateOffset(months=window), periods=window, freq="MS")
        after = pd.date_range(c.month, periods=window, freq="MS")
        if before[0] < first or after[-1] > last or c.region_id not in wide.index:
            skipped += 1
            continue
        span = (changes["month"] >= before[0]) & (changes["month"] <= after[-1])
        changed = set(changes.loc[span, "region_id"])
        controls = [u for u in wide.index if u not in changed]
        if wide[before.union(after)].isna().to_numpy().any():  # a month no source covers: no comparison
            skipped += 1
            continue
        change = np.log1p(wide[after].mean(axis=1)) - np.log1p(wide[before].mean(axis=1))
        rows.append({"place": c.place, "region_id": c.region_id, "month": f"{c.month:%Y-%m}",
                     "before": float(wide.loc[c.region_id, before].mean()),
                     "after": float(wide.loc[c.region_id, after].mean()),
                     "treated": float(change[c.region_id]),
                     "control": float(change[controls].mean()) if controls else np.nan,
                     "controls": len(controls)})
    used = pd.DataFrame(rows, columns=["place", "region_id", "month", "before", "after", "treated", "control",
                                       "controls"]).dropna(subset=["control"])
    did = (used["treated"] - used["control"]).to_numpy()
    if not len(did):
        return EventStudy(float("nan"), (float("nan"), float("nan")), used, skipped, source)
    rng = np.random.default_rng(seed)
    boot = did[rng.integers(0, len(did), (n_boot, len(did)))].mean(axis=1)
    lo, hi = np.quantile(boot, [0.05, 0.95])
    return EventStudy(float(did.mean()), (float(lo), float(hi)), used, skipped, source)
