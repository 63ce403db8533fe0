"""Link a store's records into incidents: all of them (the command and the API), or only around new records
(after every ingest and every read report)."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from watchfloor.held import held_for, holding
from watchfloor.incidents.link import LinkSettings, actor_key, candidate_pairs, link
from watchfloor.store import incidents as stored


def link_store(store, country: str | None = None, settings: LinkSettings = LinkSettings(),
               by: str = "watchfloor") -> dict:
    """Re-link every record of `country` (all when None), keeping the analyst's merges and splits."""
    frame = stored.records(store, country)
    merges, splits = _decisions(store)
    links, members = link(frame, settings, actor_keys=_actor_keys(store), merges=merges, splits=splits)
    members = members.assign(source=frame["source"].to_numpy(), country=frame["country"].to_numpy())
    detail = stored.replace_links(store, links, members, country, by)
    detail["sources"] = sorted(frame["source"].dropna().unique().tolist())
    return detail


def link_new(store, seeds: Iterable[str] | None = None, settings: LinkSettings = LinkSettings(),
             by: str = "watchfloor", reason: str = "new records") -> dict:
    """Link the records `seeds` (default: every record not linked yet) and re-link what they touch, leaving
    the rest of the store's incidents as they are. Joins the caller's transaction.

    Exact, not approximate: linking takes candidate pairs best first, and what it decides for one connected
    group of candidates (pairs within max_days and max_km, scoring at least the threshold, or merged by an
    analyst) depends on that group alone. So the records to re-link are the groups that hold a new record,
    together with the incidents they were in before (a changed record may leave its old partners): found by
    following candidates outward from them — each record's candidates are among the records of other sources
    in a box around it (`records_near`: max_days either side, max_km around) — until no group grows. Only
    those neighbourhoods are read, never the store's whole period (an ingest of 1,000 events over ten years
    read every event of a million-event store). Re-linking a whole store gives the same incidents
    (tests/test_incidents_counted.py)."""
    held = held_for(_HELD, store)
    if held is not None and seeds is not None:
        held["seeds"].update(seeds)          # linked together when the batch ends (see `linking_held`)
        return {"reason": reason, "records": 0, "links": 0, "incidents": 0, "held": True}
    seeds = set(stored.unlinked(store) if seeds is None else seeds)
    if not seeds:
        return {"reason": reason, "records": 0, "links": 0, "incidents": 0}
    merges, splits = _decisions(store)
    with store.transaction():
        days = stored.record_days(store, sorted(stored.incident_mates(store, sorted(seeds))))
        if not days:
            return {"reason": reason, "records": 0, "links": 0, "incidents": 0}
        merged = {r for pair in merges for r in pair}
        layouts = stored.event_layouts(store)
        pool = stored.records_of(store, days)
        near = stored.records_near(store, pool, settings.max_days, settings.max_km, layouts)
        if not merged & set(days) and len(set(pool["source_key"]) | set(near["source_key"])) <= 1:
            # one source around them (a first ingest, a source's own period): nothing to link them to
            return stored.link_alone(store, sorted(set(days) | seeds), by, reason, dated=set(days))
        keys = _actor_keys(store)
        expanded = set(pool["rid"])
        pool = _with(pool, near)
        while True:
            found = stored.incident_mates(store, sorted(_groups_holding(pool, set(days), settings, keys, merges,
                                                                        splits)))
            wider = stored.record_days(store, sorted(found - set(days)))
            if not wider:
                break
            days.update(wider)
            pool = _with(pool, stored.records_of(store, set(wider) - set(pool["rid"])))
            frontier = pool[pool["rid"].isin(set(days) - expanded)]
            expanded |= set(frontier["rid"])
            pool = _with(pool, stored.records_near(store, frontier, settings.max_days, settings.max_km, layouts))
        sub = pool[pool["rid"].isin(days)].sort_values("rid", kind="stable").reset_index(drop=True)
        links, members = link(sub, settings, actor_keys=keys, merges=merges, splits=splits)
        members = members.assign(source=sub["source"].to_numpy(), country=sub["country"].to_numpy())
        return stored.replace_records(store, sorted(set(days) | seeds), links, members, by, reason)


def _with(pool: pd.DataFrame, more: pd.DataFrame) -> pd.DataFrame:
    """`pool` and the records of `more` it does not hold yet."""
    more = more[~more["rid"].isin(set(pool["rid"]))]
    return pool if more.empty else pd.concat([pool, more], ignore_index=True)


_HELD: ContextVar[dict | None] = ContextVar("watchfloor_linking_held", default=None)


@contextmanager
def linking_held(store, by: str = "watchfloor", reason: str = "new records") -> Iterator[dict]:
    """Inside, `link_new(store, seeds)` only collects its seeds; on leaving (without an error), one `link_new`
    links them all. A batch of read reports is linked set-wise — one records window, one candidate search —
    instead of once per report, each of which reloaded the window and the naming. The same incidents: linking
    is exact around its seeds whatever their number (see `link_new`). Yields the collected state (its
    'detail' is the linking's, once done)."""
    with holding(_HELD, store, "seeds", set(), lambda seeds: link_new(store, seeds, by=by, reason=reason)) as held:
        yield held


def _groups_holding(frame: pd.DataFrame, start: set[str], settings: LinkSettings, keys, merges, splits) -> set[str]:
    """The records of `frame` connected to `start` by candidate pairs that reach the threshold (and are not
    split) or by an analyst's merge; a merge partner outside `frame` is named too, so the window widens to it."""
    frame = frame.reset_index(drop=True)
    rid = frame["rid"].to_numpy(object)
    position = {r: k for k, r in enumerate(rid)}
    scored = candidate_pairs(frame, settings, keys)
    split = {tuple(sorted(p)) for p in splits}
    edges: dict[str, set[str]] = {}
    for i, j in zip(scored["i"].to_numpy(np.int64), scored["j"].to_numpy(np.int64)):
        a, b = rid[i], rid[j]
        if tuple(sorted((a, b))) in split:
            continue
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    for a, b in merges:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    seen, todo = set(), [r for r in start if r in position or r in edges]
    while todo:
        r = todo.pop()
        if r in seen:
            continue
        seen.add(r)
        todo.extend(n for n in edges.get(r, ()) if n not in seen)
    return seen | (start & set(position))


def _decisions(store) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    decided = stored.decisions(store)
    merges = [(a, b) for a, b, d in decided.itertuples(index=False) if d == "merge"]
    splits = [(a, b) for a, b, d in decided.itertuples(index=False) if d == "split"]
    return merges, splits


def _actor_keys(store):
    aliases, countries = stored.naming(store)
    cache: dict = {}

    def keys(name):
        if name not in cache:
            cache[name] = actor_key(name, aliases, countries)
        return cache[name]
    return keys
