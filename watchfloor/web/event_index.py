"""The server's in-memory index of events by admin-1 region for the server's busiest query: one region's events
in a date window, a page at a time, as GeoJSON (the map's points).

The server owns the store, so it knows when data changes: an index belongs to one generation of the events
and the server replaces it on every write of events. Each region is loaded on first use (one query, in the background),
sorted as the SQL path sorts (date_start, id), with each event's GeoJSON feature pre-serialised by the
same SQL expressions as `web_queries.events_geojson_page`, and kept month by month: a page is a binary
search and a slice per month in the window. After a write, the months it did not change are carried over
and only changed months are read again: an ingest of new events names its months (the server finds them
from the ingest's dataset); for any other write, months whose fingerprint (event count and sum of row
hashes over every shown column) is unchanged are kept.

Its SQL (the rows of a region, the months' fingerprints) is in store/web_index.py.

Only filters of the form country / region id / since / until / limit / offset are answered here; any
other filter (an admin-1 name, actor, type, no region) returns None and goes to SQL.
"""
from __future__ import annotations

import logging
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from datetime import date

import numpy as np

from watchfloor.store.connection import Store
from watchfloor.store.events import EventFilter
from watchfloor.store.web_index import placed_rows, region_event_rows, region_fingerprints

log = logging.getLogger(__name__)
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class MonthEvents:
    """One region's events of one calendar month, in (date_start, id) order."""
    days: np.ndarray          # int64 days since 1970-01-01 of date_start, ascending
    countries: np.ndarray     # int16 index into `country_names` (-1: no country)
    country_names: tuple
    starts: np.ndarray        # int64 byte offsets into `features`, len n + 1
    features: bytes           # each event's feature followed by ',' (nothing for events without a point)
    fingerprint: tuple        # (events, sum of their row hashes): what `region_fingerprints` gives for them

    @property
    def nbytes(self) -> int:
        return len(self.features) + self.days.nbytes + self.countries.nbytes + self.starts.nbytes


@dataclass(frozen=True)
class RegionEvents:
    """One region's events, month by month (months without events have no entry)."""
    months: tuple             # month keys (year * 12 + month - 1), ascending
    chunks: tuple             # MonthEvents per month key

    @property
    def nbytes(self) -> int:
        return sum(c.nbytes for c in self.chunks)

    def by_month(self) -> dict[int, MonthEvents]:
        return dict(zip(self.months, self.chunks))


def _by_region(months: Collection[tuple[str, int]]) -> dict[str, set]:
    """(region id, month key)s as region id -> month keys."""
    out: dict[str, set] = {}
    for rid, month in months:
        out.setdefault(rid, set()).add(month)
    return out


def _month_key(day: date) -> int:
    return day.year * 12 + day.month - 1


def _chunk(rows: list[tuple]) -> MonthEvents:
    names: dict[str, int] = {}
    days = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    countries = np.fromiter((-1 if r[2] is None else names.setdefault(r[2], len(names)) for r in rows),
                            dtype=np.int16, count=len(rows))
    parts = [b"" if lon is None or lat is None else
             ('{"type":"Feature","id":%s,"geometry":{"type":"Point","coordinates":[%r,%r]},"properties":%s},'
              % (ident, lon, lat, props)).encode()
             for _, _, _, ident, lon, lat, props, _ in rows]
    starts = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=starts[1:])
    return MonthEvents(days, countries, tuple(names), starts, b"".join(parts),
                       (len(rows), sum(r[7] for r in rows)))


@dataclass(frozen=True)
class Ingested:
    """What ingests of new events (no stored event replaced) added: their datasets, and the (region id, month
    key)s their events fall in."""
    datasets: frozenset
    months: frozenset
    # the newest dataset id stored when the ingests were noted (after their commits): a put-in places and counts
    # the events of datasets up to it (or up to its own, if newer), later ones being later ingests' — not up to
    # its own only, since an ingest of a file stored before takes that file's earlier dataset id
    newest: int = 0

    def __or__(self, other: "Ingested") -> "Ingested":
        return Ingested(self.datasets | other.datasets, self.months | other.months, max(self.newest, other.newest))

    @property
    def through(self) -> int | None:
        """The newest dataset whose events a put-in of these ingests places and counts."""
        return max([*self.datasets, self.newest]) if self.datasets else None


def merged(chunk: MonthEvents | None, rows: list[tuple], events: int) -> MonthEvents | None:
    """The month's events with new ones put in at their places (`rows`: place in the month, then the fields of
    `region_event_rows` from days on), or None when the month does not hold `events` events then (the chunk
    already held some of them, or other writes changed the month: it is read again)."""
    old = 0 if chunk is None else len(chunk.days)
    if old + len(rows) != events:
        return None
    names = list(chunk.country_names) if chunk is not None else []
    is_new = np.zeros(events, dtype=bool)
    places = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    is_new[places] = True
    fresh = _chunk([(0, *r[1:]) for r in rows])
    days = np.empty(events, dtype=np.int64)
    countries = np.empty(events, dtype=np.int16)
    lengths = np.empty(events, dtype=np.int64)
    names += [c for c in fresh.country_names if c not in names]
    codes = np.array([-1 if c < 0 else names.index(fresh.country_names[c]) for c in fresh.countries.tolist()],
                     dtype=np.int16)
    days[is_new], countries[is_new], lengths[is_new] = fresh.days, codes, np.diff(fresh.starts)
    if chunk is not None:
        days[~is_new], countries[~is_new], lengths[~is_new] = chunk.days, chunk.countries, np.diff(chunk.starts)
    # old events before each new one are one slice; views, so that the month's bytes are copied once, by the join
    held, new = memoryview(chunk.features if chunk is not None else b""), memoryview(fresh.features)
    held_starts = chunk.starts.tolist() if chunk is not None else [0]
    new_starts = fresh.starts.tolist()
    pieces, taken = [], 0
    for k, place in enumerate(places.tolist()):
        before = place - k
        pieces.append(held[held_starts[taken]:held_starts[before]])
        pieces.append(new[new_starts[k]:new_starts[k + 1]])
        taken = before
    pieces.append(held[held_starts[taken]:])
    starts = np.zeros(events + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    total_hash = (chunk.fingerprint[1] if chunk is not None else 0) + fresh.fingerprint[1]
    return MonthEvents(days, countries, tuple(names), starts, b"".join(pieces), (events, total_hash))


def placed(chunk: MonthEvents | None, rows: list[tuple]) -> list[tuple] | None:
    """New events of one region-month as `merged` takes them (place, then the fields from days on), from
    `placed_rows`' (events of the same day with a smaller id, events in the month, days, …) in (days, id) order:
    an event's place is the events held of earlier days, the new ones of earlier days and those of its own day
    with a smaller id. None when the places do not fit the month (it is read again)."""
    days = np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows))
    held = np.zeros(0, dtype=np.int64) if chunk is None else chunk.days
    places = (np.searchsorted(held, days, "left") + np.searchsorted(days, days, "left")
              + np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))
    if len(places) and (np.any(np.diff(places) <= 0) or places[-1] >= rows[0][1]):
        return None
    return [(place, *r[2:]) for place, r in zip(places.tolist(), rows)]


def load_months(store: Store, region_id: str, months: Collection[int] | None = None,
                through_dataset: int | None = None) -> dict[int, MonthEvents]:
    """A region's events (all months, or the months given; of datasets up to `through_dataset` when given) with
    their features, in the SQL path's order."""
    found: dict[int, list] = {}
    for row in region_event_rows(store, region_id, months, through_dataset):
        found.setdefault(row[0], []).append(row)
    return {m: _chunk(part) for m, part in found.items()}


def load_region(store: Store, region_id: str) -> RegionEvents:
    """One region's events with their features, in the order of the SQL path."""
    return region_of(load_months(store, region_id))


def region_of(chunks: dict[int, MonthEvents]) -> RegionEvents:
    months = tuple(sorted(chunks))
    return RegionEvents(months, tuple(chunks[m] for m in months))


def answerable(flt: EventFilter, known_regions: Collection[str]) -> bool:
    """Whether the index can answer this filter (else the caller asks SQL)."""
    return (flt.region is not None and flt.region in known_regions and not flt.actor and not flt.type
            and flt.limit is not None)


def page(region: RegionEvents, flt: EventFilter) -> tuple[bytes, int]:
    """(the features of one page joined by ',', the number of events matching) — as the SQL path: the
    page is cut first, then events without coordinates are left out."""
    first = 0 if flt.since is None else bisect_left(region.months, _month_key(flt.since))
    last = len(region.months) if flt.until is None else bisect_right(region.months, _month_key(flt.until))
    since = None if flt.since is None else (flt.since - _EPOCH).days
    until = None if flt.until is None else (flt.until - _EPOCH).days
    country = flt.country.upper() if flt.country else None
    pieces, total, skip, need = [], 0, flt.offset, flt.limit
    for chunk in region.chunks[first:last]:
        lo = 0 if since is None else int(np.searchsorted(chunk.days, since, "left"))
        hi = len(chunk.days) if until is None else int(np.searchsorted(chunk.days, until, "right"))
        hi = max(lo, hi)
        picked = None
        if country is not None:
            code = chunk.country_names.index(country) if country in chunk.country_names else None
            chosen = np.zeros(0, dtype=bool) if code is None else chunk.countries[lo:hi] == code
            if code is None or not chosen.all():
                picked = np.flatnonzero(chosen) + lo
        n = (hi - lo) if picked is None else len(picked)
        total += n
        if need <= 0 or skip >= n:
            skip -= min(skip, n)
            continue
        starts = chunk.starts
        if picked is None:
            a, b = lo + skip, min(lo + skip + need, hi)
            pieces.append(chunk.features[starts[a]:starts[b]])
            need -= b - a
        else:
            taken = picked[skip:skip + need].tolist()
            pieces.append(b"".join(chunk.features[starts[i]:starts[i + 1]] for i in taken))
            need -= len(taken)
        skip = 0
    return b"".join(pieces)[:-1], total


class EventIndex:
    """Regions' events for one write generation, within a memory budget. A region is loaded on first use
    by a background thread (`loader`); a request can wait for that load (without holding a thread) or
    go to SQL meanwhile."""

    def __init__(self, generation: int, budget_bytes: int, loader: Executor, open_reader: Callable[[], Store],
                 previous: "EventIndex | None" = None, changed: Ingested | None = None):
        self.generation = generation
        self.budget = budget_bytes
        self.used = 0
        self.stale = False                                    # set when a write replaces this index
        self._regions: dict[str, RegionEvents | None] = {}   # None: over budget, SQL answers
        self._loads: dict[str, Future] = {}
        # a region an ingest touched, as it was before, with the months the ingest changed: until the ingest's
        # events are put in, it answers windows that hold none of those months (`provisional`)
        self._provisional: dict[str, tuple[RegionEvents, frozenset]] = {}
        self._lock = threading.Lock()
        self._loader, self._open_reader = loader, open_reader
        self.months_read_again = 0      # region-months a put-in could not place and read again (see `_put_in`)
        # After a write, regions whose events did not change are carried over from the previous index instead
        # of being loaded again. When the write was an ingest of new events (`changed`), all other months are,
        # and its events are put in among those held (one query finds them and their places); else one grouped
        # query compares the months' fingerprints and changed months are read again.
        self._carry: Future | None = None
        if previous is not None and previous._carry is not None and not previous._carry.done():
            # the previous index is still carrying its regions over (a write that came quickly after another):
            # carry on from what it carries, once it has, rather than load every region it had not placed yet
            # (what it holds already and the write did not change is kept at once)
            if changed is not None:
                months_changed = _by_region(changed.months)
                with previous._lock:
                    earlier = dict(previous._provisional)
                with self._lock:
                    for rid, region in previous.loaded().items():
                        if rid not in months_changed:
                            self._place(rid, region)
                        else:
                            self._provisional[rid] = (region, frozenset(months_changed[rid]))
                    # a region the previous index is still putting events into: its snapshot from before, which
                    # answers windows that neither write changed
                    for rid, (region, months) in earlier.items():
                        if rid not in self._provisional and rid not in self._regions:
                            self._provisional[rid] = (region, months | months_changed.get(rid, set()))
            self._carry = loader.submit(self._carry_after, previous, changed)
            return
        kept = previous.loaded() if previous is not None else {}
        if kept and changed is not None:
            self._keep(kept, changed)
        elif kept:
            self._carry = loader.submit(self._carry_over, kept)

    @classmethod
    def put_in_now(cls, generation: int, budget_bytes: int, loader: Executor, open_reader: Callable[[], Store],
                   previous: "EventIndex", changed: Ingested) -> "EventIndex | None":
        """The index after an ingest of `changed` (generation `generation`), built from `previous` on the
        caller's thread: every region kept, the ingest's events put in. A write does this before its bump, so
        that its regions never answer provisionally (SQL for every month it changed, while a put-in in the
        background ran: under ingests a few seconds apart, a large part of the map's pages). None when
        `previous` is still carrying over or putting in (a new index then carries on from it, as `__init__`)."""
        if previous._carry is not None and not previous._carry.done():
            return None
        index = cls(generation, budget_bytes, loader, open_reader)
        kept = previous.loaded()
        touched = index._keep(kept, changed, later=False) if kept else None
        if touched:
            index._put_in(*touched)
        return index

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

    def provisional(self, region_id: str, since: date | None, until: date | None) -> RegionEvents | None:
        """While an ingest's events are being put into the region: the region as it was before, if the window
        [since, until] holds none of the months the ingest changed (its pages are then the same), else None."""
        found = self._provisional.get(region_id)
        if found is None or since is None or until is None:
            return None
        region, changed = found
        lo, hi = _month_key(since), _month_key(until)
        return None if any(lo <= m <= hi for m in changed) else region

    def pending(self, region_id: str) -> Future | None:
        """The region's queued or running load (its first use's, queued by `peek`), None once it is done or when
        none was queued. Not the carry-over or put-in after a write: a page of a region whose months a write changed
        is SQL's meanwhile (one range of the (region_id, date_start, id) index, 3-5 ms on either backend over 1 M
        events), where putting a 1,000-row ingest's events in takes 0.4 s on an idle machine and seconds under
        load, and ingests a few seconds apart kept the map's pages waiting out their whole wait."""
        future = self._loads.get(region_id)
        return None if future is None or future.done() else future

    def carrying(self) -> Future | None:
        """The carry-over or put-in after the write this index is of, None once it is done (or when none ran)."""
        return None if self._carry is None or self._carry.done() else self._carry

    def loading(self) -> bool:
        """Whether a region's load or the carry-over from the previous index is queued or running."""
        if self._carry is not None and not self._carry.done():
            return True
        with self._lock:
            return any(not f.done() for f in self._loads.values())

    def wait(self, region_id: str, timeout: float | None = None) -> RegionEvents | None:
        """Queue the region's load if needed and wait for it (for tests and tools)."""
        if self._carry is not None:
            self._carry.result(timeout)
        self.peek(region_id)
        future = self._loads.get(region_id)
        if future is not None:
            future.result(timeout)
        return self._regions.get(region_id)

    def _carry_after(self, previous: "EventIndex", changed: Ingested | None) -> None:
        """In a loader thread: wait for the previous index's carry-over (queued before this one, so it runs
        first), then carry over from its regions as `__init__` does, here and now."""
        try:
            previous._carry.result()
        except BaseException:       # it failed or the server is closing: its regions are loaded again
            return
        kept = previous.loaded()     # (even when this index is replaced already: the next one carries on from it)
        if not kept:
            return
        if changed is None:
            self._carry_over(kept)
            return
        touched = self._keep(kept, changed, later=False)
        if touched:
            self._put_in(*touched)

    def _keep(self, kept: dict[str, RegionEvents], changed: Ingested, later: bool = True):
        """Keep every region whose months the ingests did not change (no query here); put their events into
        the others in the background (`later`), else return what to put in."""
        months_changed = _by_region(changed.months)
        touched = {}
        with self._lock:
            for rid, region in kept.items():
                if months_changed.get(rid):
                    touched[rid] = region
                    self._provisional[rid] = (region, frozenset(months_changed[rid]))
                else:
                    self._place(rid, region)
        if touched and not later:
            return touched, months_changed, changed.datasets, changed.through
        if touched:
            self._carry = self._loader.submit(self._put_in, touched, months_changed, changed.datasets,
                                              changed.through)
        return None

    def _place(self, region_id: str, region: RegionEvents) -> None:
        """Call with the lock held: the region answers from the index now (its snapshot from before a write is
        no longer needed)."""
        self._provisional.pop(region_id, None)
        if region_id in self._regions:
            return
        if self.used + region.nbytes <= self.budget:
            self._regions[region_id] = region
            self.used += region.nbytes

    def _put_in(self, touched: dict[str, RegionEvents], months_changed: dict[str, set], datasets,
                through: int | None) -> None:
        """The ingests' events put in among each touched region's, at their places; a month that does not add
        up (see `merged`) is read again, here. (Run even when a write replaced this index meanwhile: the next index
        carries on from its regions, see `_carry_after`.)"""
        try:
            found: dict[tuple, list] = {}
            months = set().union(*(months_changed[rid] for rid in touched))
            for row in placed_rows(self._open_reader(), list(touched), months, datasets, through):
                found.setdefault((row[0], row[1]), []).append(row[2:])
        except Exception:       # the changed months are read again instead
            log.exception("cannot find the ingested events' places; reading their months again")
            found = {}
        for rid, region in touched.items():     # each region answers from the index as soon as it is done
            chunks, again = region.by_month(), set()
            for month in months_changed[rid]:
                rows = found.get((rid, month))
                places = placed(chunks.get(month), rows) if rows else None
                fresh = merged(chunks.get(month), places, rows[0][1]) if places is not None else None
                if fresh is None:
                    again.add(month)
                else:
                    chunks[month] = fresh
            if again:
                # Read here, not queued as a load of their own: a later write would find that load not yet run
                # (this index stale, the load skipped) and the region not carried over, so that under ingests a
                # few seconds apart regions fell out of the index for good. (A month does not add up when an
                # event the index held was changed or removed meanwhile; later ingests' events are left out of
                # the places, the counts and this read, by their datasets: they are put in after these.)
                self.months_read_again += len(again)
                try:
                    fresh_months = load_months(self._open_reader(), rid, again, through)
                except Exception:       # the region is loaded again on its next use
                    log.exception("cannot read region %s's changed months again", rid)
                    continue
                for month in again:
                    chunks.pop(month, None)
                chunks.update(fresh_months)
            with self._lock:
                self._place(rid, region_of(chunks))

    def _carry_over(self, kept: dict[str, RegionEvents]) -> None:
        """Keep each region's months whose fingerprint is unchanged and read the months that changed again;
        run even when replaced meanwhile, as `_put_in`."""
        now = region_fingerprints(self._open_reader())
        months_now: dict[str, set] = {}
        for rid, month in now:
            months_now.setdefault(rid, set()).add(month)
        changed = {}
        with self._lock:
            for rid, region in kept.items():
                if rid in self._regions:
                    continue
                same = {m: c for m, c in zip(region.months, region.chunks) if now.get((rid, m)) == c.fingerprint}
                want = months_now.get(rid, set())
                if len(same) == len(region.months) == len(want):
                    self._place(rid, region)
                else:
                    changed[rid] = same, want - set(same)
        for rid, (same, missing) in changed.items():    # only the changed months read again, here (see `_put_in`)
            try:
                chunks = {**same, **load_months(self._open_reader(), rid, missing)} if missing else same
            except Exception:       # the region is loaded again on its next use
                log.exception("cannot read region %s's changed months again", rid)
                continue
            with self._lock:
                self._place(rid, region_of(chunks))

    def _load(self, region_id: str) -> None:
        if self.stale or region_id in self._regions:
            return
        try:
            chunks = load_months(self._open_reader(), region_id)
        except Exception:     # the region stays with SQL for this generation
            log.exception("cannot load region %s into the events index", region_id)
            raise
        region = region_of(chunks)
        with self._lock:
            if self.used + region.nbytes > self.budget:
                self._regions[region_id] = None
            else:
                self.used += region.nbytes
                self._regions[region_id] = region


def geojson_page(features: bytes, total: int, flt: EventFilter) -> bytes:
    """The API's events FeatureCollection with its paging fields (the same bytes as the SQL path's)."""
    return (b'{"type":"FeatureCollection","features":[' + features
            + b'],"total": %d, "limit": %d, "offset": %d}' % (total, flt.limit, flt.offset))
