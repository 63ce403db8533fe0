"""Answers the server caches (web/common.py: cached_answer): requests that miss the same answer while it is being
worked out wait for that one computation on the event loop, holding none of the server's worker threads."""
from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

import anyio

from watchfloor.web.app import StoreHandle
from watchfloor.web.common import cached_answer


def _request(handle: StoreHandle) -> SimpleNamespace:
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(store=handle)))


def test_requests_that_miss_an_answer_together_share_one_computation_and_one_thread(any_bundled_db):
    handle = StoreHandle(any_bundled_db)
    request = _request(handle)
    gate, calls = threading.Event(), []

    def compute(store) -> bytes:
        calls.append(store.scalar("SELECT count(*) FROM events"))
        gate.wait(20)
        return b"%d" % calls[-1]

    async def main():
        waiting = [asyncio.create_task(cached_answer(request, ("reports", 200, 0), compute)) for _ in range(20)]
        await asyncio.sleep(0.5)
        busy = anyio.to_thread.current_default_thread_limiter().borrowed_tokens
        gate.set()
        return busy, await asyncio.gather(*waiting)

    try:
        busy, answers = asyncio.run(main())
    finally:
        gate.set()
        handle.close()
    assert busy == 1 and len(calls) == 1
    assert answers == [b"%d" % calls[0]] * 20


def test_a_request_that_goes_away_leaves_the_computation_to_the_others_and_a_write_starts_a_new_one(any_bundled_db):
    handle = StoreHandle(any_bundled_db)
    request = _request(handle)
    gate, calls = threading.Event(), []

    def compute(store) -> bytes:
        calls.append(1)
        gate.wait(20)
        return b"answer %d" % len(calls)

    async def main():
        first = asyncio.create_task(cached_answer(request, ("reports", 200, 0), compute))
        second = asyncio.create_task(cached_answer(request, ("reports", 200, 0), compute))
        await asyncio.sleep(0.3)
        first.cancel()                              # its client went away
        gate.set()
        kept = await second
        again = await cached_answer(request, ("reports", 200, 0), compute)      # cached now
        handle.new_generation({"reports"})                                     # a write of reports
        after = await cached_answer(request, ("reports", 200, 0), compute)
        return first.cancelled(), kept, again, after

    try:
        cancelled, kept, again, after = asyncio.run(main())
    finally:
        gate.set()
        handle.close()
    assert cancelled and kept == again == b"answer 1" and after == b"answer 2" and len(calls) == 2
