"""The watch inside the server (`watchfloor serve --watch`): on the embedded DuckDB store only one process may
write, so the server runs the sources' schedule itself (sources/watch.py's scheduler and cycle, unchanged).

Each run holds the server's write lock (`StoreHandle.writer`) from its fetch to its alerts, so the dashboard's
own writes wait for it and every cached answer of the old write generation is dropped afterwards. A run-now
from the Sources page goes through the same lock, with or without the schedule.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from watchfloor.sources.watch import Watch

log = logging.getLogger("watchfloor.watch")


def run_once(handle, name: str) -> dict:
    """One cycle of source `name` (its run, then triggers and alerts) under the server's write lock."""
    with handle.writer() as store:
        return Watch(store, say=log.info).cycle(name)


class ServerWatch(Watch):
    """The schedule of `Watch.schedule`, whose every cycle takes the server's write lock."""

    def __init__(self, handle):
        super().__init__(handle.reader(), say=log.info)
        self.handle = handle
        self.scheduler = None

    def cycle(self, name: str) -> dict:
        return run_once(self.handle, name)

    def begin(self) -> None:
        self.scheduler = self.schedule()
        log.info("watching %d source(s) inside the server", len(self.scheduler.get_jobs()))

    def stop(self) -> None:
        """Stop the schedule, waiting for a run under way to finish."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=True)

    @property
    def running(self) -> bool:
        return bool(self.scheduler is not None and self.scheduler.running)

    def next_runs(self) -> dict[str, datetime]:
        """Each scheduled source's next run (UTC, naive like the store's times)."""
        if not self.running:
            return {}
        return {job.id: job.next_run_time.astimezone(timezone.utc).replace(tzinfo=None)
                for job in self.scheduler.get_jobs() if job.next_run_time is not None}
