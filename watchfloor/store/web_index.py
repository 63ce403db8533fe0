"""An in-memory index of events by admin-1 region for the server's busiest query: one region's events
in a date window, a page at a time, as GeoJSON (the map's points).

The server owns the store, so it knows when data changes: an index belongs to one write generation and
the server replaces it on every write, carrying over the regions whose fingerprint (event count and sum
of row hashes over every shown column) the write left unchanged. Each region is loaded on first use (one
query, in the background), sorted as the SQL path sorts (date_start, id), with each event's GeoJSON
feature pre-serialised by the same SQL expressions as `web_queries.events_geojson_page`. A page is then
two binary searches and a slice.

Only filters of the form country / region id / since / until / limit / offset are answered here; any
other filter (an admin-1 name, actor, type, no region) returns None and goes to SQL.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from datetime import date

import numpy as np

from watchfloor.model import EVENT_COLUMNS
from watchfloor.store.connection import Store
from watchfloor.store.events import EventFilter

log = logging.getLogger(__name__)
_EPOCH = date(1970, 1, 1)
_ROW_HASH = "hash(" + ", ".join(f'"{c}"' for c in EVENT_COLUMNS) + ")"    # every column an event shows
_PROPERTIES = "struct_pack(" + ", ".join(f'"{c}" := "{c}"' for c in EVENT_COLUMNS
                                         if c not in ("latitude", "longitude")) + ")"


@dataclass(frozen=True)
class RegionEvents:
    """One region's events in (date_start, id) order."""
    days: np.ndarray          # int64 days since 1970-01-01 of date_start, ascending
    countries: np.ndarray     # int16 index into `country_names` (-1: no country)
    country_names: tuple
    starts: np.ndarray        # int64 byte offsets into `features`, len n + 1
    features: bytes           # each event's feature followed by ',' (nothing for events without a point)
    fingerprint: tuple        # (events, sum of their row hashes): what `region_fingerprints` gives for them

    @property
    def nbytes(self) -> int:
        return len(self.features) + self.days.nbytes + self.countries.nbytes + self.starts.nbytes


def load_region(store: Store, region_id: str) -> RegionEvents:
    """One region's events with their features, in the order of the SQL path."""
    rows = store.rows(
        f"SELECT date_start - DATE '1970-01-01', country_iso3, to_json(id)::TEXT, longitude, latitude, "
        f"to_json({_PROPERTIES})::TEXT, {_ROW_HASH} FROM events WHERE region_id = ? ORDER BY date_start, id",
        [region_id])
    names: dict[str, int] = {}
    days = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    countries = np.fromiter((-1 if r[1] is None else names.setdefault(r[1], len(names)) for r in rows),
                            dtype=np.int16, count=len(rows))
    parts = [b"" if lon is None or lat is None else
             ('{"type":"Feature","id":%s,"geometry":{"type":"Point","coordinates":[%r,%r]},"properties":%s},'
              % (ident, lon, lat, props)).encode()
             for _, _, ident, lon, lat, props, _ in rows]
    starts = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=starts[1:])
    return RegionEvents(days, countries, tuple(names), starts, b"".join(parts),
                        (len(rows), sum(r[6] for r in rows)))


def region_fingerprints(store: Store) -> dict[str, tuple[int, int]]:
    """Per region with events: (events, sum of their row hashes). A region whose fingerprint is unchanged
    after a write has the same events as before (up to a 64-bit hash collision that also keeps the sum)."""
    return {r[0]: (r[1], int(r[2])) for r in store.rows(
        f"SELECT region_id, count(*), sum({_ROW_HASH}) FROM events WHERE region_id IS NOT NULL GROUP BY 1")}


def answerable(flt: EventFilter, known_regions: Collection[str]) -> bool:
    """Whether the index can answer this filter (else the caller asks SQL)."""
    return (flt.region is not None and flt.region in known_regions and not flt.actor and not flt.type
            and flt.limit is not None)


def page(bucket: RegionEvents, flt: EventFilter) -> tuple[bytes, int]:
    """(the features of one page joined by ',', the number of events matching) — as the SQL path: the
    page is cut first, then events without coordinates are left out."""
    lo = 0 if flt.since is None else int(np.searchsorted(bucket.days, (flt.since - _EPOCH).days, "left"))
    hi = len(bucket.days) if flt.until is None else int(
        np.searchsorted(bucket.days, (flt.until - _EPOCH).days, "right"))
    hi = max(lo, hi)
    if flt.country:
        try:
            code = bucket.country_names.index(flt.country.upper())
        except ValueError:
            return b"", 0
        chosen = bucket.countries[lo:hi] == code
        if not chosen.all():
            picked = np.flatnonzero(chosen)[flt.offset:flt.offset + flt.limit] + lo
            starts = bucket.starts
            body = b"".join(bucket.features[starts[i]:starts[i + 1]] for i in picked.tolist())
            return body[:-1], int(chosen.sum())
    first = min(lo + flt.offset, hi)
    last = min(first + flt.limit, hi)
    return bucket.features[bucket.starts[first]:bucket.starts[last]][:-1], hi - lo


class EventIndex:
    """Regions' events for one write generation, within a memory budget. A region is loaded on first use
    by a background thread (`loader`); a request can wait for that load (without holding a thread) or
    go to SQL meanwhile."""

    def __init__(self, generation: int, budget_bytes: int, loader: Executor, open_reader: Callable[[], Store],
                 previous: "EventIndex | None" = None):
        self.generation = generation
        self.budget = budget_bytes
        self.used = 0
        self.stale = False                                    # set when a write replaces this index
        self._regions: dict[str, RegionEvents | None] = {}   # None: over budget, SQL answers
        self._loads: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._loader, self._open_reader = loader, open_reader
        # After a write, regions whose events did not change are carried over from the previous index
        # (one grouped query compares fingerprints) instead of being loaded again.
        kept = previous.loaded() if previous is not None else {}
        self._carry: Future | None = loader.submit(self._carry_over, kept) if kept else None

    def loaded(self) -> dict[str, RegionEvents]:
        with self._lock:
            return {rid: b for rid, b in self._regions.items() if b is not None}

    def peek(self, region_id: str) -> RegionEvents | None:
        """The region's events if loaded, else None (and the load is queued); no database access."""
        if region_id in self._regions:
            return self._regions[region_id]
        if self._carry is not None and not self._carry.done():
            return None             # it may be carried over: `pending` waits for that first
        with self._lock:
            if region_id not in self._loads and not self.stale:
                self._loads[region_id] = self._loader.submit(self._load, region_id)
        return None

    def pending(self, region_id: str) -> Future | None:
        """The region's queued or running load (or the carry-over from the previous index), None once it
        is done (or when none was queued)."""
        future = self._carry if self._carry is not None and not self._carry.done() else self._loads.get(region_id)
        return None if future is None or future.done() else future

    def wait(self, region_id: str, timeout: float | None = None) -> RegionEvents | None:
        """Queue the region's load if needed and wait for it (for tests and tools)."""
        if self._carry is not None:
            self._carry.result(timeout)
        self.peek(region_id)
        future = self._loads.get(region_id)
        if future is not None:
            future.result(timeout)
        return self._regions.get(region_id)

    def _carry_over(self, kept: dict[str, RegionEvents]) -> None:
        if self.stale:
            return
        now = region_fingerprints(self._open_reader())
        with self._lock:
            for rid, bucket in kept.items():
                if now.get(rid, (0, 0)) == bucket.fingerprint and rid not in self._regions \
                        and self.used + bucket.nbytes <= self.budget:
                    self._regions[rid] = bucket
                    self.used += bucket.nbytes

    def _load(self, region_id: str) -> None:
        if self.stale or region_id in self._regions:
            return
        try:
            bucket = load_region(self._open_reader(), region_id)
        except Exception:     # the region stays with SQL for this generation
            log.exception("cannot load region %s into the events index", region_id)
            raise
        with self._lock:
            if self.used + bucket.nbytes > self.budget:
                bucket = None
            else:
                self.used += bucket.nbytes
            self._regions[region_id] = bucket


def geojson_page(features: bytes, total: int, flt: EventFilter) -> bytes:
    """The API's events FeatureCollection with its paging fields (the same bytes as the SQL path's)."""
    return (b'{"type":"FeatureCollection","features":[' + features
            + b'],"total": %d, "limit": %d, "offset": %d}' % (total, flt.limit, flt.offset))
