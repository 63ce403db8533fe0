"""The watchfloor web app: REST API under /api, dashboard pages, one store owned by the server process.

DuckDB lets one process hold a file for writing. The server opens the store once; each worker thread
reads through its own cursor, and writes are serialised by a lock (`StoreHandle.writer`). On PostgreSQL the
threads share a pool of connections (`WATCHFLOOR_PG_POOL`, store/postgres/pool.py) and write at once, each in
its own row-level transactions, as other processes do; those processes' writes are noticed by their audit
rows and start a new generation as well.

Because the server owns the store it knows when data changes: every write bumps the generation of what it
changes (events, incidents, reports, users or the rest; a write that does not say changes all of them), and
what is kept in memory belongs to the generations of what it rests on — cached answers (`cached`, `peek`;
`RESTS_ON`) and the events index of pre-serialised GeoJSON points by region (`event_index`, see
web/event_index.py) that answers the map's region-month pages without a query. So a fact review keeps the
map's caches, a report keeps the events index, and an ingest has the index read again only the region-months
its new events fall in.
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
import operator
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager, nullcontext
from pathlib import Path
from collections.abc import Collection
from typing import Iterator

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from watchfloor.store import Store
from watchfloor.store import users as user_store
from watchfloor.web import region_totals
from watchfloor.web.event_index import EventIndex, Ingested
from watchfloor.store.web_index import (audit_since, ingested_region_months, new_events, newest_audit_id,
                                         regions_with_events)
from watchfloor.store.web_queries import serve_with_threads
from watchfloor.web.access_log import AccessLog
from watchfloor.web.auth import LoginRequired
from watchfloor.web.jobs import ReadingJobs
from watchfloor.web.logins import LoginLimits, LoginThrottle

log = logging.getLogger(__name__)
WEB_DIR = Path(__file__).resolve().parent
UPLOAD_LIMIT = 20 * 1024 * 1024     # bytes per request body
WORKER_THREADS = int(os.environ.get("WATCHFLOOR_WEB_THREADS", "8"))
QUERY_THREADS = int(os.environ.get("WATCHFLOOR_WEB_QUERY_THREADS", "1"))
# Memory for the in-memory events index (pre-serialised GeoJSON points by region); regions beyond it use SQL.
INDEX_BUDGET = int(os.environ.get("WATCHFLOOR_WEB_INDEX_MB", "2048")) * 1024 * 1024
INDEX_LOADERS = 2
# PostgreSQL: connections the server's threads share (a statement or a transaction holds one while it runs).
POOL_SIZE = int(os.environ.get("WATCHFLOOR_PG_POOL", str(WORKER_THREADS + INDEX_LOADERS + 4)))
OTHER_WRITERS_EVERY = 0.5   # seconds between looks for other processes' writes (PostgreSQL stores)
# A write works out again, before its bump, the cached answers readers asked for within the last AHEAD_RECENT
# seconds that rest on what it changed (at most AHEAD_MOST of them): see `StoreHandle._ahead`.
AHEAD_RECENT = 30.0
AHEAD_MOST = 32

# What a write can change, as far as the server's memory goes (each has its own write generation).
EVENTS, INCIDENTS, REPORTS, USERS, OTHER = "events", "incidents", "reports", "users", "other"
EVERYTHING = frozenset((EVENTS, INCIDENTS, REPORTS, USERS, OTHER))
# What the events index and the map's per-month totals rest on: the writes that change it are bumped one after
# another, in the order their audit rows are seen, each working out the index and the totals after it from those
# of the write before (`StoreHandle.new_generation`); other writes do not wait for them.
IN_TURN = frozenset((EVENTS, INCIDENTS))
# What each cached answer rests on, by its key (or its key's first part); any other answer rests on everything.
# Counts on the map take one record per incident, so they rest on incidents too (a report's events can join
# two sources' records into one incident); the listed events (the index) do not.
RESTS_ON = {
    "country_codes": frozenset((EVENTS, OTHER)),
    "region_ids": frozenset((OTHER,)),
    "regions_base": frozenset((OTHER,)),                  # latest forecast run, its risk, region shapes
    "region_months": frozenset((EVENTS, INCIDENTS)),
    "regions": frozenset((EVENTS, INCIDENTS, OTHER)),
    "actor_names": frozenset((OTHER,)),
    "brief": frozenset((OTHER,)),                         # a brief version and its audit trail
    "briefs": frozenset((OTHER,)),                        # the briefs list
    "reports": frozenset((REPORTS,)),                     # the reports list (with their facts' numbers)
    "report": frozenset((REPORTS,)),                      # a report and its facts
    "facts_page": frozenset((REPORTS,)),                  # the facts review page: facts, their reports
    # judgments, their status and whether they are due (what the judging sources cover, the store's settings)
    "judgments": frozenset((EVENTS, REPORTS, OTHER)),
    "judgment_month_ends": frozenset((EVENTS, OTHER)),    # per country, the last day the judging sources cover
}
# What other processes' writes change, by their audit rows' action (PostgreSQL); any other action: everything.
AUDITED_CHANGES = {
    "judgment.record": frozenset((REPORTS,)), "judgments.import": frozenset((REPORTS,)),
    "fact.confirm": frozenset((REPORTS,)), "fact.reject": frozenset((REPORTS,)), "fact.edit": frozenset((REPORTS,)),
    "report.read": frozenset((REPORTS, INCIDENTS)), "web.read": frozenset((REPORTS, INCIDENTS)),
    "judgments.fact.status": frozenset((REPORTS,)), "judgments.fact.insert": frozenset((REPORTS,)),
    "judgments.report.insert": frozenset((REPORTS,)), "incidents.link": frozenset((INCIDENTS,)),
    "ingest": frozenset((EVENTS, INCIDENTS)), "web.ingest": frozenset((EVENTS, INCIDENTS)),
    "user.login_failed": frozenset(), "user.login": frozenset((USERS,)), "user.logout": frozenset((USERS,)),
}


class StoreHandle:
    """The server's one store: per-thread read cursors, a lock around writes (DuckDB's one writer; on
    PostgreSQL only the server's own audit of refused logins takes it), write generations per kind of data."""

    def __init__(self, path: str | Path, pool_size: int = POOL_SIZE):
        self.root = Store.open(path, pool_size=pool_size)
        serve_with_threads(self.root, QUERY_THREADS)
        self.path = str(path)
        self.lock = threading.RLock()
        self._serial_writes = self.root.dialect != "postgres"
        self._bump = threading.Lock()
        self._audit_lock = threading.Lock()
        # Writes of what the events index and the totals rest on (`IN_TURN`) take turns, numbered under the audit
        # lock: `_turns_given` numbers given, `_turn` the number whose write works out and bumps now.
        self._turns = threading.Condition(threading.Lock())
        self._turns_given = 0
        self._turn = 0
        self.generation = 0          # bumped by every write that changed something
        self.generations = dict.fromkeys(EVERYTHING, 0)    # per kind of data, bumped by the writes that change it
        # events generation -> what its write added (None: it may have changed any events)
        self._event_changes: dict[int, Ingested | None] = {}
        self._audit = AuditSeen(self.root)
        self._local = threading.local()
        self._tokens: dict[str, tuple[int, float, user_store.User | None]] = {}
        self._answers: dict = {}
        self._computing: dict = {}   # key -> lock: threads that miss the same answer wait for one computation
        self._inflight: dict = {}    # key -> (stamp, task): answers being worked out for the event loop's requests
        # answers the event loop asks for (`answer`): how to work each out, when it was last asked for
        self._recipes: dict = {}
        self._asked: dict = {}
        self._index: EventIndex | None = None
        self._index_lock = threading.Lock()
        # A write of new events puts them into the events index before its bump (`_index_ahead`); when off (or
        # when the index is not current), the index after it puts them in in the background (`EventIndex`), and
        # meanwhile SQL answers the pages of the months it changed. On PostgreSQL (bench/api_load.py, 1 M events,
        # ingests 2-3 s apart) those pages took 100-500 ms and were most of the map's slow answers; on DuckDB
        # they take a few ms, and the write lock held for the put-in slowed the other writes (ingests p50
        # 11 -> 16 s, fact reviews 9 -> 15 s), so there the put-in stays in the background.
        self.put_in_ahead = self.root.dialect == "postgres"
        # ... for ingests of at most this many events: a bigger one is put in in the background, as the next
        # writes of events or incidents wait while a write puts its events in (a 1,000-event put-in takes 0.2-1 s
        # under load; other writes do not wait for it, see `new_generation`)
        self.put_in_ahead_most = 20_000
        # The map's per-month totals, kept across writes: events generation they are of, what writes since added
        self._totals = region_totals.RegionMonthTotals()
        self._totals_generation: int | None = None
        self._totals_changes: dict[int, Ingested | None] = {}
        self._totals_lock = threading.Lock()
        # Threads that load regions into the events index, in the background (see routes_data.list_events).
        self._index_loader = ThreadPoolExecutor(INDEX_LOADERS, thread_name_prefix="wf-index")
        self._warming: Future | None = None    # `start_warming`: listing the regions to load, then queueing them
        self._closing = threading.Event()
        self._watcher = None
        if self.root.dialect == "postgres":      # other processes write too: see _notice_other_writers
            self._watcher = threading.Thread(target=self._notice_other_writers, name="wf-other-writers", daemon=True)
            self._watcher.start()

    def reader(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.root.con.cursor(), self.path)
        return store

    @contextmanager
    def writer(self, changes: Collection[str] = EVERYTHING) -> Iterator[Store]:
        """The store to write to; `changes`: the kinds of data the write may change (default: all). The new
        generation starts after DuckDB's write lock is let go: the next write need not wait for what this one
        works out before its bump (its events put into the index, answers worked out ahead), as on PostgreSQL,
        where writers do not take that lock; see `new_generation` for the order of the bumps."""
        try:
            with self.lock if self._serial_writes else nullcontext():
                yield self.reader()
        finally:
            self.new_generation(changes)

    def new_generation(self, changes: Collection[str] = EVERYTHING, store: Store | None = None) -> None:
        """A write changed `changes`: their generations start anew, with those of what the audit rows not
        yet seen say (other processes' writes). For events, the region-months of new ingests are noted for
        the events index, unless a write may have changed others.

        What readers will want after the write is worked out before its generation is bumped: the map's
        per-month totals, the events index (`_index_ahead`), the answers asked for lately (`_ahead`). The readers
        keep the answers of the last generation meanwhile and find the new ones ready, instead of all waiting for
        them after the bump (what made the map's regions slow under ingests).

        Only the audit rows are read under the audit lock. Writes of what the index and the totals rest on
        (`IN_TURN`: events, incidents) then take turns in the order their rows were seen: each works out the
        index and the totals after it from those of the write before it, and bumps before the next one starts.
        Any other write (a fact review, a user's) works out its answers and bumps at once: it does not wait for
        an ingest's events to be put into the index (under ingests on PostgreSQL fact reviews waited seconds
        behind them, p95 ~8 s). Bumps of each of the index's kinds stay in the order the rows were seen; another
        kind's bump may come before that of a write seen earlier, which is harmless: every write seen earlier
        has committed by then, so the later generation is not missing it. An answer worked out ahead is kept
        only if the generations it rests on are those of before its computation, bumped by this write alone
        (`_install`): one worked out while another write of what it rests on was bumped is never taken as
        current (it is worked out again when next asked for)."""
        # The audit rows are read under a lock of their own, not the counters' (`_bump`), which the event loop takes
        # to find the events index (PostgreSQL's look for other writers ran these queries twice a second and held
        # the loop meanwhile).
        store = store or self.reader()
        with self._audit_lock:
            try:
                changes, months = self._audit.changes(store, frozenset(changes))
            except Exception:      # the write stands; only what it changed is not known
                log.exception("cannot read the audit rows of the latest writes")
                changes, months = EVERYTHING, None
            if not changes:
                return
            turn = None
            if changes & IN_TURN:
                turn, self._turns_given = self._turns_given, self._turns_given + 1
        try:
            if turn is not None:
                with self._turns:
                    self._turns.wait_for(lambda: self._turn == turn)
            with self._bump:        # what the answers worked out ahead rest on: taken before they are
                before = dict(self.generations)
            totals = (EVENTS in changes or INCIDENTS in changes) and "region_months" in self._answers
            with self._totals_lock if totals else nullcontext():
                fresh = self._refreshed_totals(store, changes, months) if totals else None
                index = self._index_ahead(changes, months)
                ahead = self._ahead(store, changes)
                with self._index_lock, self._bump:
                    self._bump_generations(changes, months)
                    self._install_totals(fresh)
                    self._install(ahead, before, changes)
                    self._install_index(index)
        finally:
            if turn is not None:        # the next write of events or incidents may go on (even if this one failed)
                with self._turns:
                    self._turn += 1
                    self._turns.notify_all()

    def _index_ahead(self, changes: frozenset, months: Ingested | None) -> tuple | None:
        """(the events index after this ingest, with its events put in now, the index it was built from), or
        None (not an ingest of new events, or no current index to build on: a new index is built when next
        asked for). Call in the write's turn (`new_generation`: no other write of events is bumped meanwhile),
        before the bump (see `EventIndex.put_in_now`)."""
        if EVENTS not in changes or months is None or not self.put_in_ahead:
            return None
        previous = self._index
        if previous is None or previous.generation != self.generations[EVENTS] or previous.stale:
            return None
        try:
            if new_events(self.reader(), months.datasets) > self.put_in_ahead_most:
                return None
            index = EventIndex.put_in_now(previous.generation + 1, INDEX_BUDGET, self._index_loader, self.reader,
                                          previous, months)
        except Exception:       # the write stands; the next index is built when asked for
            log.exception("cannot put an ingest's events into the events index")
            return None
        return None if index is None else (index, previous)

    def _install_index(self, ahead: tuple | None) -> None:
        """Call with `_index_lock` and `_bump` held, right after the bump."""
        if ahead is None:
            return
        index, previous = ahead
        if self._index is previous and index.generation == self.generations[EVENTS]:
            previous.stale = True
            self._index = index

    def _ahead(self, store: Store, changes: frozenset) -> dict:
        """The answers readers asked for lately (`asked`) that rest on `changes`, worked out after the write and
        before its bump (other writes may be bumped meanwhile: `_install` keeps only the answers they left
        current). Readers keep the last generation's answers meanwhile and find these ready after the bump,
        instead of all waiting for one computation each (PostgreSQL under ingests, uploads and fact reviews, 50
        readers: the reports list, a report, the facts page and the judgments, answers of 0.3-5 ms, had p95
        230-400 ms, queued after each write behind the map's work). A cached answer an answer rests on (the
        judgments' coverage) is worked out afresh here too when the write changed what it rests on (`cached`),
        and kept with them."""
        if not changes:
            return {}
        now = time.monotonic()
        keys = [key for key, when in list(self._asked.items())
                if now - when < AHEAD_RECENT and key in self._recipes and self._rests_on(key) & changes]
        if not keys:
            return {}
        fresh: dict = {}
        self._local.ahead = (changes, fresh)
        try:
            for key in keys[:AHEAD_MOST]:
                try:
                    fresh[key] = self._recipes[key](store)
                except Exception:       # (a report deleted meanwhile, …): worked out when next asked for
                    self._recipes.pop(key, None)
        finally:
            self._local.ahead = None
        return fresh

    def _install(self, fresh: dict, before: dict, changes: frozenset) -> None:
        """Call with `_bump` held, right after the bump: `fresh` are answers worked out after the write of
        `changes`, from the generations `before` (taken before they were worked out). Each is kept only where the
        generations it rests on are those bumped by this write alone: where another write's bump came between,
        the answer may have been worked out before that write and is left to be worked out when next asked for."""
        if len(self._answers) + len(fresh) > 512:
            self._answers.clear()
            self._computing.clear()
        for key, value in fresh.items():
            stamp = self._stamp(key)
            if stamp == tuple(before[kind] + (kind in changes) for kind in sorted(self._rests_on(key))):
                self._answers[key] = (stamp, value)

    def asked(self, key) -> None:
        """A reader asked for the answer `key` (see `_ahead`)."""
        self._asked[key] = time.monotonic()

    def _refreshed_totals(self, store: Store, changes: frozenset, months: Ingested | None
                          ) -> region_totals.RegionMonths | None:
        """The per-month totals once this write's events are in (call with `_totals_lock` held); None where
        they cannot be worked out here (the reader path then does it after the bump)."""
        if self._totals_generation is None:
            return None
        try:
            with self._bump:
                generation = self.generations[EVENTS]
                found = [self._totals_changes.get(g) for g in sorted(self._totals_changes) if g <= generation]
            if EVENTS in changes:
                found.append(months)
            datasets = None if any(f is None for f in found) else frozenset().union(*(f.datasets for f in found))
            return self._totals.refresh(store, datasets)
        except Exception:          # the write stands; the totals are worked out when next asked for
            log.exception("cannot work out the map's totals after a write")
            self._totals = region_totals.RegionMonthTotals()
            self._totals_generation = None
            return None

    def _install_totals(self, fresh: region_totals.RegionMonths | None) -> None:
        """Call with `_totals_lock` and `_bump` held, right after the bump: `fresh` are the current totals (the
        write's turn: only other writes' bumps of what the totals do not rest on came between)."""
        if fresh is None:
            return
        generation = self.generations[EVENTS]
        for g in [g for g in self._totals_changes if g <= generation]:
            del self._totals_changes[g]
        self._totals_generation = generation
        self._answers["region_months"] = (self._stamp("region_months"), fresh)

    def _bump_generations(self, changes: frozenset, months: Ingested | None) -> None:
        """Call with `_bump` held."""
        for kind in changes:
            self.generations[kind] += 1
        if EVENTS in changes:
            self._event_changes[self.generations[EVENTS]] = months
            if len(self._totals_changes) > 10_000:      # the map's totals not asked for in a long while
                self._totals_changes.clear()
                months = None
            self._totals_changes[self.generations[EVENTS]] = months
        if changes:
            self.generation += 1

    @staticmethod
    def _rests_on(key) -> frozenset:
        return RESTS_ON.get(key[0] if isinstance(key, tuple) else key, EVERYTHING)

    def _stamp(self, key) -> tuple:
        return tuple(self.generations[kind] for kind in sorted(self._rests_on(key)))

    def cached(self, key, compute):
        """compute(store) once per generation of what the answer rests on (`RESTS_ON`); threads that miss
        it together wait for one computation."""
        ahead = getattr(self._local, "ahead", None)
        if ahead is not None and self._rests_on(key) & ahead[0]:     # a write works out answers ahead (`_ahead`)
            if key not in ahead[1]:
                ahead[1][key] = compute(self.reader())
            return ahead[1][key]
        stamp = self._stamp(key)   # read first: a write that lands meanwhile makes this entry stale
        hit = self._answers.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        with self._computing.setdefault(key, threading.Lock()):
            stamp = self._stamp(key)
            hit = self._answers.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            value = compute(self.reader())
            if len(self._answers) > 512:
                self._answers.clear()
                self._computing.clear()
            self._answers[key] = (stamp, value)
        return value

    async def answer(self, key, compute):
        """`cached` from the event loop: a miss is worked out in a worker thread, and requests that miss it while
        it is being worked out wait for that computation on the event loop, holding no thread (each had held one
        of the few worker threads while one of them computed it, and every other query queued behind them)."""
        stamp = self._stamp(key)
        if len(self._recipes) > 512:
            self._recipes.clear()
            self._asked.clear()
        self._recipes[key] = compute
        self._asked[key] = time.monotonic()
        running = self._inflight.get(key)
        if running is None or running[0] != stamp:     # none under way, or one of an earlier generation
            task = asyncio.ensure_future(run_in_threadpool(self.cached, key, compute))
            self._inflight[key] = running = (stamp, task)

            def finished(done) -> None:
                if self._inflight.get(key, (None, None))[1] is done:
                    del self._inflight[key]
                if not done.cancelled():
                    done.exception()    # retrieved: every request that wanted it has it (or has gone)
            task.add_done_callback(finished)
        return await asyncio.shield(running[1])       # a request that goes away leaves the computation to the others

    def computed_now(self, key, compute):
        """compute() on the caller's thread, kept as `cached` would keep it (for answers cheap enough to work out
        on the event loop from other cached answers: no lock, no store)."""
        stamp = self._stamp(key)   # read first: a write that lands meanwhile makes this entry stale
        value = compute()
        if len(self._answers) > 512:
            self._answers.clear()
            self._computing.clear()
        self._answers[key] = (stamp, value)
        return value

    def peek(self, key):
        """A cached answer that no write has made stale, or None (no database access)."""
        hit = self._answers.get(key)
        return hit[1] if hit is not None and hit[0] == self._stamp(key) else None

    def region_months(self) -> region_totals.RegionMonths:
        """The map's per-month totals of the current generation of events and incidents; a write refreshes only
        the datasets it added to (`RegionMonthTotals`), or all after a write that may have changed any events."""
        return self.cached("region_months", self._refresh_region_months)

    def _refresh_region_months(self, store: Store) -> region_totals.RegionMonths:
        with self._totals_lock:
            with self._bump:
                generation = self.generations[EVENTS]
                since = self._totals_generation
                found = [self._totals_changes.pop(g, None) for g in sorted(self._totals_changes) if g <= generation]
            datasets = None if since is None or any(f is None for f in found) \
                else frozenset().union(*(f.datasets for f in found))
            months = self._totals.refresh(store, datasets)
            self._totals_generation = generation
            return months

    def event_index(self) -> EventIndex:
        """The events index of the current events generation (a write of events starts a new one, which
        keeps what the write did not change)."""
        generation = self.generations[EVENTS]
        index = self._index
        if index is None or index.generation != generation:
            with self._index_lock:
                index = self._index
                if index is None or index.generation != generation:
                    previous = index
                    if previous is not None:
                        previous.stale = True
                    index = self._index = EventIndex(generation, INDEX_BUDGET, self._index_loader, self.reader,
                                                     previous, self._events_changed(previous, generation))
        return index

    def start_warming(self) -> None:
        """Queue `warm_index`; `index_loading` is true from now on until every region it queues is loaded."""
        self._warming = self._index_loader.submit(self.warm_index)

    def warm_index(self) -> None:
        """Queue every region's load into the events index (in its loader threads), so that the map's first
        pages after a start are answered from memory rather than each waiting for its region (on 1 M events the
        whole index took 37 s to load on PostgreSQL, during which the map's pages waited up to `INDEX_WAIT`)."""
        try:
            regions = regions_with_events(self.reader())
        except Exception:       # the map's pages load their regions on first use instead
            log.exception("cannot list the regions to load into the events index")
            return
        index = self.event_index()
        for region_id in regions:
            index.peek(region_id)

    def index_loading(self) -> bool:
        """Whether the events index is still loading (or putting in) regions."""
        if self._warming is not None and not self._warming.done():
            return True     # the regions are still being listed: the index may not even exist yet
        return self._index is not None and self._index.loading()

    def _events_changed(self, previous: EventIndex | None, generation: int) -> Ingested | None:
        """What the writes since `previous` added (None: they may have changed any events)."""
        if previous is None:
            return None
        with self._bump:
            since = range(previous.generation + 1, generation + 1)
            found = [self._event_changes.get(g) for g in since]
            for g in [g for g in self._event_changes if g <= generation]:
                del self._event_changes[g]
        if any(f is None for f in found):
            return None
        return functools.reduce(operator.or_, found, Ingested(frozenset(), frozenset()))

    def cached_token_user(self, token: str, lookup: bool = True) -> user_store.User | None:
        """Token lookups are cached for 30 s, until the next write (a changed role, a revoked token or a
        disabled user takes effect then) or until the token expires. With lookup=False only the cache answers
        (None on a miss)."""
        generation = self.generations[USERS]
        hit = self._tokens.get(token)
        if hit and hit[0] == generation and time.monotonic() < hit[1]:
            return hit[2]
        if not lookup:
            return None
        user, expires_in = user_store.token_holder(self.reader(), token)
        if len(self._tokens) > 10_000:
            self._tokens.clear()
        self._tokens[token] = (generation, time.monotonic() + min(30.0, expires_in), user)
        return user

    def _notice_other_writers(self) -> None:
        """A PostgreSQL store has other writers (the CLI, the watch, another server), whose writes this
        process's counters never see. Every write leaves audit rows: new ones start new generations of what
        their actions change (`AUDITED_CHANGES`; looked for twice a second, on a connection of its own)."""
        store = Store(self.root.con.cursor(), self.path)
        try:
            while not self._closing.wait(OTHER_WRITERS_EVERY):
                self.new_generation(frozenset(), store)
        finally:
            store.close()

    def close(self) -> None:
        self._closing.set()
        if self._index is not None:
            self._index.stale = True
        self._index_loader.shutdown(wait=True, cancel_futures=True)
        if self._watcher is not None:
            self._watcher.join(5)
        self.root.close()       # on PostgreSQL: the pool and all its connections


class WritesOf:
    """The store handle for a part of the server that writes one kind of data: its writes change `changes`."""

    def __init__(self, handle: StoreHandle, changes: frozenset):
        self._handle, self._changes = handle, changes

    def writer(self):
        return self._handle.writer(self._changes)

    def __getattr__(self, name: str):
        return getattr(self._handle, name)


class AuditSeen:
    """The audit rows a server has taken into account, so that each write is counted once: by the write itself
    or, for other processes' writes, by the look for them. Rows are looked for over the last 1,000 ids, not
    only past the newest id seen: a transaction that took its id earlier may commit after a later one."""

    LAG = 1000

    def __init__(self, store: Store):
        self.floor = newest_audit_id(store) - self.LAG
        self.ids = {r[0] for r in audit_since(store, self.floor)}

    def changes(self, store: Store, declared: frozenset) -> tuple[frozenset, Ingested | None]:
        """(what changed: `declared` and what the new audit rows' actions say, what new ingests added or None
        when a write may have changed other events). Call with the server's audit lock held (the writes take
        their turns in the order their rows are seen)."""
        if not declared and store.dialect != "postgres":
            return declared, None           # DuckDB: only this process writes, and a write declares its changes
        rows = [r for r in audit_since(store, self.floor) if r[0] not in self.ids]
        self.ids.update(r[0] for r in rows)
        if self.ids:
            self.floor = max(self.floor, max(self.ids) - self.LAG)
            self.ids = {i for i in self.ids if i > self.floor}
        changes = declared.union(*(AUDITED_CHANGES.get(action, EVERYTHING) for _, action, _ in rows))
        if EVENTS not in changes or EVERYTHING <= changes:
            return changes, None
        ingests = [json.loads(detail) for _, action, detail in rows if action == "ingest" and detail]
        found = ingested_region_months(store, ingests)
        return changes, None if found is None else Ingested(frozenset(found[0]), frozenset(found[1]), found[2])


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    # Readable JSON for people; a plain str, so autoescape still escapes it.
    env.filters["json_text"] = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    env.globals["bell_poll"] = os.environ.get("WATCHFLOOR_BELL_POLL", "30")    # seconds between the bell's reads
    return env


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    caller = getattr(request.state, "caller", None)
    html = request.app.state.templates.get_template(name).render(
        request=request, user=caller.user if caller else None, csrf=caller.csrf if caller else "",
        path=request.url.path, **context)
    return HTMLResponse(html, status_code)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path not in ("/docs", "/openapi.json")


_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'")


HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Security headers on every response (a plain ASGI middleware: it only touches the response head);
    behind TLS also Strict-Transport-Security."""

    def __init__(self, app, hsts: bool = False):
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if headers.get("content-type", "").startswith("text/html") and scope["path"] != "/docs":
                    headers.setdefault("Content-Security-Policy", _CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def behind_tls_from_env() -> bool:
    return os.environ.get("WATCHFLOOR_BEHIND_TLS", "").strip().lower() in ("1", "true", "yes", "on")


def create_app(db_path: str | Path, behind_tls: bool | None = None, login_limits: LoginLimits | None = None,
               watch: bool = False) -> FastAPI:
    """The app over the store at db_path. behind_tls (default $WATCHFLOOR_BEHIND_TLS): a TLS proxy in front,
    so HSTS and Secure cookies; login_limits (default from the environment): see web/logins.py; watch: run the
    sources' schedule inside the server from startup to shutdown (web/watching.py)."""
    handle = StoreHandle(db_path)
    behind_tls = behind_tls_from_env() if behind_tls is None else behind_tls

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Fewer worker threads than anyio's 40: DuckDB runs queries outside the GIL, and many more Python
        # threads than cores only queue on the GIL and each other.
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        handle.start_warming()
        if watch:
            from watchfloor.web.watching import ServerWatch
            app.state.watch = ServerWatch(handle)
            app.state.watch.begin()
        yield
        if app.state.watch is not None:
            app.state.watch.stop()
        app.state.jobs.close()
        app.state.logins.close()
        handle.close()

    app = FastAPI(title="watchfloor", version="0.1.0", lifespan=lifespan, max_body_size=UPLOAD_LIMIT,
                  docs_url=None, redoc_url=None,
                  description="Conflict early warning: events, regions and risk, forecasts, reports and facts, "
                              "briefs, judgments. Authenticate with `Authorization: Bearer <token>` "
                              "(`watchfloor users token NAME`).")
    app.state.store = handle
    app.state.jobs = ReadingJobs(WritesOf(handle, frozenset((REPORTS, INCIDENTS))))   # reports and their links
    app.state.templates = templates()
    app.state.upload_limit = UPLOAD_LIMIT
    app.state.behind_tls = behind_tls
    app.state.logins = LoginThrottle(login_limits or LoginLimits.from_env())
    app.state.watch = None          # the ServerWatch while `serve --watch` runs

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        if _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={target}", 303)
        return JSONResponse({"detail": "authentication required: send a bearer token"}, 401,
                            headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 413:   # from FastAPI's body limit, by Content-Length or while streaming
            exc = HTTPException(413, f"the upload is larger than the {UPLOAD_LIMIT // (1024 * 1024)} MB limit",
                                headers={"Connection": "close"})
        if _wants_html(request) and exc.status_code >= 400:
            return render(request, "error.html", exc.status_code, status=exc.status_code, message=exc.detail)
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
                    for e in exc.errors()]
        if _wants_html(request):
            return render(request, "error.html", 422, status=422, message="; ".join(problems))
        return JSONResponse({"detail": problems}, 422)

    app.add_middleware(SecurityHeaders, hsts=behind_tls)
    app.add_middleware(AccessLog)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        # Swagger UI from the npm package the Makefile installs into static/vendor: no CDN.
        return get_swagger_ui_html(openapi_url="/openapi.json", title="watchfloor API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="data:,")

    from watchfloor.web import (routes_alerts, routes_briefs, routes_data, routes_judgments, routes_pages,
                                routes_reports, routes_sources, routes_stix, routes_users)
    for module in (routes_users, routes_data, routes_reports, routes_briefs, routes_judgments, routes_pages,
                   routes_stix, routes_sources, routes_alerts):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    return app


def all_routes(app: FastAPI) -> list:
    """Every route of the app, included routers flattened (FastAPI keeps them nested)."""
    found = []
    for route in app.routes:
        inner = getattr(route, "original_router", None)
        found.extend(inner.routes if inner is not None else [route])
    return found


def required_role(route) -> str | None:
    """The least role a route demands (from its `require(...)` dependency), None for public routes."""
    for dep in getattr(getattr(route, "dependant", None), "dependencies", []):
        role = getattr(dep.call, "role", None)
        if role:
            return role
    return None
