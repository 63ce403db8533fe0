"""Writes run in the server's write threads; long writes (ingests) take all of them but one, so a short write (a fact
review) finds a thread free while ingests run. Real anyio limiters and threads; the request is the one attribute
run_write reads (the application's state)."""
from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import anyio

from watchfloor.web.common import WRITE_THREADS, run_write


def _request():
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace()))


def test_a_short_write_finds_a_thread_while_long_writes_hold_the_others():
    request, release, running = _request(), threading.Event(), []
    took: dict[str, float] = {}

    def long_work():
        running.append(1)
        release.wait(30)

    def short_work():
        return "reviewed"

    async def main():
        async with anyio.create_task_group() as tg:
            for _ in range(WRITE_THREADS + 1):          # more ingests than threads
                tg.start_soon(lambda: run_write(request, long_work, long=True))
            for _ in range(200):                            # (until the ingests that may run have started)
                if len(running) >= WRITE_THREADS - 1:
                    break
                await anyio.sleep(0.05)
            await anyio.sleep(0.3)                          # (time for one more to start, if it could)
            t0 = time.monotonic()
            with anyio.fail_after(10):
                took["answer"] = await run_write(request, short_work)
            took["seconds"] = time.monotonic() - t0
            took["long at once"] = len(running)
            release.set()

    anyio.run(main)
    assert took["answer"] == "reviewed" and took["seconds"] < 5
    assert took["long at once"] == WRITE_THREADS - 1      # the last thread was kept for short writes
    assert len(running) == WRITE_THREADS + 1             # and every ingest ran in the end


def test_short_writes_may_use_every_thread():
    request, release, running = _request(), threading.Event(), []

    def work():
        running.append(1)
        release.wait(30)

    async def main():
        async with anyio.create_task_group() as tg:
            for _ in range(WRITE_THREADS):
                tg.start_soon(run_write, request, work)
            for _ in range(200):
                if len(running) >= WRITE_THREADS:
                    break
                await anyio.sleep(0.05)
            seen = len(running)
            release.set()
        return seen

    assert anyio.run(main) == WRITE_THREADS
