"""Per-month event and fatality totals by region, kept in the server's memory for one write generation: a
whole-month window's totals for the map are summed from them without a query (`region_totals_in`). The
query behind them is `store.web_queries.region_month_rows`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from watchfloor.store.connection import Store
from watchfloor.store.web_queries import region_month_rows


@dataclass(frozen=True)
class RegionMonths:
    """Events and fatalities per (region, country, month) of all events with a region: window totals for
    whole months without a query (`region_totals_in`)."""
    regions: tuple
    region: np.ndarray      # index into `regions`
    country: np.ndarray     # ISO3 (object; None when unknown)
    month: np.ndarray       # year * 12 + month - 1
    events: np.ndarray
    fatalities: np.ndarray


def region_months(store: Store) -> RegionMonths:
    rows = region_month_rows(store)
    names: dict[str, int] = {}
    region = np.array([names.setdefault(r[0], len(names)) for r in rows], dtype=np.int64)
    return RegionMonths(tuple(names), region, np.array([r[1] for r in rows], dtype=object),
                        *(np.array([r[i] for r in rows], dtype=np.int64) for i in (2, 3, 4)))


def whole_months(since: date | None, until: date | None) -> bool:
    """Whether a window starts on a month's first day and ends on a month's last (open ends count)."""
    return (since is None or since.day == 1) and (until is None or (until + timedelta(days=1)).day == 1)


def region_totals_in(months: RegionMonths, country: str | None, since: date | None,
                     until: date | None) -> dict[str, dict]:
    """`region_totals(EventFilter(country=..., since=..., until=...))` for a whole-month window."""
    keep = np.ones(len(months.month), dtype=bool)
    if country:
        keep &= months.country == country.upper()
    if since is not None:
        keep &= months.month >= since.year * 12 + since.month - 1
    if until is not None:
        keep &= months.month <= until.year * 12 + until.month - 1
    n = len(months.regions)
    events = np.bincount(months.region[keep], weights=months.events[keep], minlength=n)
    fatalities = np.bincount(months.region[keep], weights=months.fatalities[keep], minlength=n)
    seen = np.bincount(months.region[keep], minlength=n)
    return {months.regions[i]: {"events": int(events[i]), "fatalities": int(fatalities[i])}
            for i in np.flatnonzero(seen).tolist()}
