"""The watch inside the server (`watchfloor serve --watch`): on the embedded DuckDB store only one process may
write, so the server runs the sources' schedule itself (sources/watch.py's scheduler and cycle, unchanged).

A run reads with its thread's own cursor and takes the server's write lock (`StoreHandle.writer`) only to
write: after a source's fetch and the reading of its documents (one short transaction per batch), for
triggers and alerts, and around each alert message's record — never during network time or the reader's. The
dashboard's own writes wait only for those; every cached answer of the old write generation is dropped after
each. A run-now from the Sources page goes the same way, with or without the schedule. Sources added, changed
or removed while the server runs are picked up at the schedule's next tick (`Watch.refresh`).
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from watchfloor.sources.watch import REFRESH_JOB, Watch

log = logging.getLogger("watchfloor.watch")


def run_once(handle, name: str) -> dict:
    """One cycle of source `name` (its run, then triggers and alerts), writing under the server's write lock."""
    return Watch(handle.reader(), say=log.info, writer=handle.writer).cycle(name)


class ServerWatch(Watch):
    """The schedule of `Watch.schedule`, whose every cycle takes the server's write lock."""

    def __init__(self, handle):
        super().__init__(handle.reader(), say=log.info)
        self.handle = handle
        self.scheduler = None

    def cycle(self, name: str) -> dict:
        return run_once(self.handle, name)

    def reading(self):
        return self.handle.reader()

    def begin(self) -> None:
        self.scheduler = self.schedule()
        log.info("watching %d source(s) inside the server", len(self.scheduler.get_jobs()) - 1)

    def stop(self) -> None:
        """Stop the schedule, waiting for a run under way to finish."""
        if self.scheduler is not None and self.scheduler.running:
            self.stop_schedule(self.scheduler)

    @property
    def running(self) -> bool:
        return bool(self.scheduler is not None and self.scheduler.running)

    def next_runs(self) -> dict[str, datetime]:
        """Each scheduled source's next run (UTC, naive like the store's times)."""
        if not self.running:
            return {}
        return {job.id: job.next_run_time.astimezone(timezone.utc).replace(tzinfo=None)
                for job in self.scheduler.get_jobs() if job.next_run_time is not None and job.id != REFRESH_JOB}
