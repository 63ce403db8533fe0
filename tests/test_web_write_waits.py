"""A write waits only for the writes whose work it builds on (web/app.py: `StoreHandle.new_generation`): a fact
review's generation starts while an ingest's events are still being put into the events index (under ingests on
PostgreSQL fact reviews had waited seconds behind them), and the answers worked out ahead by writes that overlap
are kept only where no other write's bump came between, so that readers get the latest data after both. Writes
of events and incidents still take their turns."""
from __future__ import annotations

import asyncio
import threading
import time
from types import SimpleNamespace

from fastapi.testclient import TestClient

from test_web_cache import FACT, _ingest, _pages_as_sql, _regions_with, _warm, desk_db  # noqa: F401  (fixture)
from test_web_index import _new_events
from web_helpers import _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.ingest import ingest_file
from watchfloor.store import web_reports
from watchfloor.web.app import EVENTS, INCIDENTS, REPORTS, StoreHandle, create_app
from watchfloor.web.common import cached_answer

HELD = 20      # seconds a write is given to end while another one is held (the old code waited for good)


def _in_thread(name: str, work) -> tuple[threading.Thread, dict]:
    """work() started in a thread of its own: (the thread, {"value": …} or {"error": …} once it ends)."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = work()
        except BaseException as exc:        # reported by the test's thread
            out["error"] = exc
    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread, out


def _until(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_fact_review_does_not_wait_for_an_ingests_events_put_into_the_index(desk_db):
    """An ingest puts its events into the events index before its bump (`put_in_ahead`) while the index is
    busy (its lock held, as a loader thread placing a region holds it): a fact review meanwhile is answered and
    its generation started, the ingest's not yet; once the index is free the ingest's index, with its events
    put in, is the current one and its pages are SQL's."""
    path, tokens = desk_db
    app = create_app(path)
    handle = app.state.store
    handle.put_in_ahead = True        # (PostgreSQL's default)
    body, _ = _new_events(40)
    with TestClient(app) as client:
        index, loaded, _, _ = _warm(client, handle, tokens)
        events, reports = handle.generations[EVENTS], handle.generations[REPORTS]
        seen = set(handle._audit.ids)
        index._lock.acquire()
        try:
            ingest, ingested = _in_thread("ingest", lambda: _ingest(client, tokens, "more.csv", body, 40))
            # its audit rows taken into account: the write is now working out what comes after it
            _until(lambda: handle._audit.ids - seen or not ingest.is_alive(), "the ingest's write was not noticed")
            review, reviewed = _in_thread("review", lambda: client.post(
                f"/api/facts/{FACT}", json={"status": "rejected", "note": "test"}, headers=bearer(tokens["analyst"])))
            review.join(HELD)
            review_done, ingest_held = not review.is_alive(), ingest.is_alive()
            during = dict(handle.generations)
        finally:
            index._lock.release()
        ingest.join(60)
        review.join(60)
        assert "error" not in ingested and "error" not in reviewed, (ingested, reviewed)
        assert review_done, "the fact review waited for the ingest's events to be put into the index"
        assert ingest_held, "the ingest's put-in was not held (the test did not hold what it means to)"
        assert reviewed["value"].status_code == 200 and reviewed["value"].json()["status"] == "rejected"
        assert during[REPORTS] > reports and during[EVENTS] == events
        newest = handle._index
        assert handle.generations[EVENTS] > events and newest.generation == handle.generations[EVENTS]
        assert newest is not index and index.stale and newest.carrying() is None and not newest._provisional
        store = handle.reader()
        touched = _regions_with(store, "id LIKE 'ucdp:8000%'")
        assert touched and all(newest.peek(r) is not loaded[r] for r in touched)
        _pages_as_sql(client, tokens, store, touched)


def _held_ingest(path, tmp_path):
    """A store handle over `path`, with an answer that rests on everything asked for (the fact's status), and an
    ingest's write whose working out ahead of that answer is held once it read the status, until `gate` is set:
    (handle, the answer's key, status(store), ingest(), gate, computing)."""
    csv_path = tmp_path / "more.csv"
    csv_path.write_bytes(_new_events(40)[0])
    handle = StoreHandle(path)
    key = ("fact status", FACT)         # not in RESTS_ON: rests on everything
    gate, computing = threading.Event(), threading.Event()

    def status(store) -> str:
        value = store.scalar("SELECT status FROM facts WHERE id = ?", [FACT])
        if threading.current_thread().name == "ingest":     # the ingest's working out ahead, held
            computing.set()
            gate.wait(60)
        return value

    def ingest() -> None:
        with handle.writer(frozenset((EVENTS, INCIDENTS))) as store:
            assert ingest_file(store, csv_path, "ucdp").inserted == 40

    assert asyncio.run(cached_answer(_request(handle), key, status)) == "extracted"
    return handle, key, status, ingest, gate, computing


def _request(handle: StoreHandle) -> SimpleNamespace:
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(store=handle)))


def test_after_overlapping_writes_the_answers_are_of_the_latest_data(desk_db, tmp_path):
    """An answer that rests on everything, asked for lately, is worked out ahead by both an ingest and a fact
    review. The ingest's computation reads the fact's status and is held; the fact review meanwhile ends, its
    own answer (the fact rejected) current. The ingest's answer, of the store before the review, is not kept
    when it bumps: a reader gets the fact rejected."""
    handle, key, status, ingest, gate, computing = _held_ingest(desk_db[0], tmp_path)

    def review() -> None:
        with handle.writer(frozenset((REPORTS,))) as store:
            web_reports.review_fact(store, FACT, "rejected", "analyst", None, "test")

    try:
        before = dict(handle.generations)
        try:
            writer, ingested = _in_thread("ingest", ingest)
            _until(lambda: computing.is_set() or not writer.is_alive(), "the ingest did not work out the answer")
            reviewer, reviewed = _in_thread("review", review)
            reviewer.join(HELD)
            review_done = not reviewer.is_alive()
            after_review = handle.peek(key)
            during = dict(handle.generations)
        finally:
            gate.set()
        for thread in (writer, reviewer):
            thread.join(60)
        assert "error" not in ingested and "error" not in reviewed, (ingested, reviewed)
        assert review_done, "the fact review waited for the ingest's working out ahead"
        assert after_review == "rejected"           # the review's own answer, current until the ingest's bump
        # (on PostgreSQL the look for other writers may count a write's audit rows too: a bump more)
        assert during[REPORTS] > before[REPORTS] and during[EVENTS] == before[EVENTS]
        assert handle.generations[EVENTS] > before[EVENTS]
        assert handle.peek(key) in (None, "rejected")    # never the ingest's answer of before the review
        assert asyncio.run(cached_answer(_request(handle), key, status)) == "rejected"
    finally:
        gate.set()
        handle.close()


def test_writes_of_incidents_take_their_turns_after_an_ingest(desk_db, tmp_path):
    """A write of incidents (a report's events linked) that comes while an ingest works out what comes after
    it waits for the ingest's bump: the index and the map's totals after it are worked out from the ingest's."""
    handle, key, status, ingest, gate, computing = _held_ingest(desk_db[0], tmp_path)

    def link() -> None:
        with handle.writer(frozenset((INCIDENTS,))):
            pass

    try:
        before = dict(handle.generations)
        try:
            writer, ingested = _in_thread("ingest", ingest)
            _until(lambda: computing.is_set() or not writer.is_alive(), "the ingest did not work out the answer")
            linker, linked = _in_thread("link", link)
            linker.join(1)
            link_waited = linker.is_alive()
            during = dict(handle.generations)
        finally:
            gate.set()
        for thread in (writer, linker):
            thread.join(60)
        assert "error" not in ingested and "error" not in linked, (ingested, linked)
        assert link_waited and during[INCIDENTS] == before[INCIDENTS] and during[EVENTS] == before[EVENTS]
        assert handle.generations[EVENTS] > before[EVENTS]
        assert handle.generations[INCIDENTS] >= before[INCIDENTS] + 2
        assert asyncio.run(cached_answer(_request(handle), key, status)) == "extracted"
    finally:
        gate.set()
        handle.close()
