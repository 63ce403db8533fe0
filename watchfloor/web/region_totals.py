"""Per-month event and fatality totals by region, kept in the server's memory: a whole-month window's totals
for the map are summed from them without a query (`region_totals_in`). The query behind them is
`store.web_queries.region_month_rows`; the server keeps them across writes (`RegionMonthTotals`), reading again
only the datasets a write added to and the records linked across sources.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from watchfloor.store.connection import Store
from watchfloor.store.web_queries import region_month_dataset_rows, region_month_linked_rows, region_month_rows


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
    """A full recompute (`region_month_rows`); the server keeps them with `RegionMonthTotals`."""
    return _from_rows(region_month_rows(store))


class RegionMonthTotals:
    """The per-month totals kept across writes: every record's totals per dataset, read again only for the
    datasets a write added to (an ingest's; all of them after a write that may have changed other events),
    and the records of incidents of several sources (few), read again each time: a report's events and an
    ingest's linking can change which record represents an incident, anywhere. Not thread-safe: the server
    refreshes them one at a time (`StoreHandle.region_months`)."""

    def __init__(self):
        self.by_dataset: dict | None = None     # dataset id -> {(region, country, month): (events, fatalities)}
        self.summed: dict[tuple, list[int]] = {}  # (region, country, month) -> [events, fatalities] of all datasets

    def refresh(self, store: Store, datasets: frozenset | None) -> RegionMonths:
        """The totals after writes that changed the events of `datasets` only (None: any events). The sum over
        the datasets is kept too: a write takes out and puts in only its datasets' cells (the bench's ingests
        are a dataset each, and summing them all again grew with every one)."""
        if self.by_dataset is None or datasets is None:
            self.by_dataset, self.summed = {}, {}
            found = region_month_dataset_rows(store)
        else:
            found = region_month_dataset_rows(store, datasets) if datasets else []
            for dataset in datasets:      # read again whole: a dataset read before is replaced, not added to
                self._add(self.by_dataset.pop(dataset, {}), -1)
        fresh: dict = {}
        for dataset, region, country, month, events, fatalities in found:
            fresh.setdefault(dataset, {})[(region, country, int(month))] = (int(events), int(fatalities))
        for dataset, cells in fresh.items():
            self.by_dataset[dataset] = cells
            self._add(cells, 1)
        totals = {key: list(total) for key, total in self.summed.items()}
        linked, chosen = region_month_linked_rows(store)
        for rows, sign in ((linked, -1), (chosen, 1)):
            for region, country, month, events, fatalities in rows:
                total = totals.setdefault((region, country, int(month)), [0, 0])
                total[0] += sign * int(events)
                total[1] += sign * int(fatalities)
        return _from_rows(sorted(((*key, *total) for key, total in totals.items() if total[0]),
                                  key=lambda r: (r[0], r[1] or "", r[2])))

    def _add(self, cells: dict, sign: int) -> None:
        for key, (events, fatalities) in cells.items():
            total = self.summed.setdefault(key, [0, 0])
            total[0] += sign * events
            total[1] += sign * fatalities


def _from_rows(rows: list[tuple]) -> RegionMonths:
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
