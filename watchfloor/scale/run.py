"""A corpus read on a Dask cluster: the workers read their partitions, the client alone writes.

The store has one writer, so the workers never open it: each returns its partition's read reports, and the
client stores them through `store_report` (as `watchfloor read` does: once per content hash, corroboration
first) in batches of one transaction each. Partitions are written in the order they were planned, whatever
order they finish in, so a run stores exactly what a one-process `watchfloor read` of the same corpus would.

A worker killed mid-run loses nothing: the scheduler runs its unfinished partitions again on the others (or
on its restarted self), and a partition whose results already reached the client is never written twice — a
report already stored is recognised by its hash and left as it is. A run stopped part-way (Ctrl-C, a lost
client) keeps every batch it committed; running it again stores the rest.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from watchfloor.read import document as documents
from watchfloor.read.pipeline import ReadFailure, ReadResult
from watchfloor.scale import corpus
from watchfloor.scale.cluster import install_reader, reading_lock, remove_reader, total_threads, worker_reader

BATCH = 200


class RunError(Exception):
    """A partition that could not be read at all (not one bad document: those are failures in the summary)."""


@dataclass
class RunSummary:
    documents: int                  # planned
    read: int = 0
    stored: int = 0                 # new reports
    unchanged: int = 0              # already in the store (same content hash)
    failures: list[ReadFailure] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0
    dashboard: str | None = None

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict:
        return {"documents": self.documents, "read": self.read, "stored": self.stored, "unchanged": self.unchanged,
                "failed": len(self.failures), "seconds": round(self.seconds, 3),
                "reports_per_second": round(self.rate, 2), "workers": self.workers, "dashboard": self.dashboard}


# -- on a worker --------------------------------------------------------------------------------------
def read_partition(part: corpus.Partition, reader_name: str,
                   published: date | None = None) -> list[ReadResult | ReadFailure]:
    """Every document of one partition, read (a bad one becomes a ReadFailure; the partition goes on)."""
    reader = worker_reader(reader_name)
    out: list[ReadResult | ReadFailure] = []
    with reading_lock():
        for item in corpus.load(part):
            if isinstance(item, corpus.Failure):
                out.append(ReadFailure(item.source, item.error))
                continue
            source, text, meta = item
            try:
                out.append(reader.read(source, text, meta, published))
            except documents.DocumentError as exc:
                out.append(ReadFailure(source, str(exc)))
            except RecursionError:
                out.append(ReadFailure(source, f"{source}: document nests too deeply to read"))
            except Exception as exc:       # a reader bug on one document must not cost its partition the others
                out.append(ReadFailure(source, f"{source}: the reader failed ({type(exc).__name__}: {exc})"))
    return out


# -- on the client ------------------------------------------------------------------------------------
def store_results(store, results: list[ReadResult]) -> tuple[int, int, list[ReadFailure]]:
    """(stored, unchanged, failures): one transaction for the batch; if the store refuses one report, the
    batch is written again one report at a time so the others still go in."""
    try:
        with store.transaction():
            created = [_store_one(store, r) for r in results]
        return sum(created), len(created) - sum(created), []
    except Exception:
        pass
    stored = unchanged = 0
    failures = []
    for r in results:
        try:
            if _store_one(store, r):
                stored += 1
            else:
                unchanged += 1
        except Exception as exc:
            failures.append(ReadFailure(r.document.path, f"{r.document.path}: read, but not stored "
                                                         f"({type(exc).__name__}: {exc})"))
    return stored, unchanged, failures


def _store_one(store, result: ReadResult) -> bool:
    """As `watchfloor read` stores a report: corroboration against the stored reports, then `store_report`."""
    from watchfloor.store.reports import corroborated_events, store_report
    result.corroborated = {("event", e["start"]) for e in corroborated_events(store, result.report_id, result.events)}
    result.stored = store_report(store, result)
    return result.stored[1]


def read_corpus(client, partitions: list[corpus.Partition], reader, *, model: bool, store=None,
                published: date | None = None, batch: int = BATCH, window: int | None = None,
                on_result: Callable[[ReadResult | ReadFailure], None] | None = None,
                on_progress: Callable[[int, RunSummary], None] | None = None) -> RunSummary:
    """Read `partitions` on the cluster behind `client` with `reader` (built by the caller, e.g. from the
    store's reference data), storing the results when a store is given. `on_result` sees every result in
    planned order; `on_progress(documents_done, summary)` after every partition."""
    from distributed import as_completed
    summary = RunSummary(sum(p.documents for p in partitions), workers=len(client.nthreads()),
                         dashboard=client.dashboard_link)
    started = time.perf_counter()
    name = install_reader(client, reader, model)
    run_id = uuid.uuid4().hex[:12]
    window = window or max(4, 3 * total_threads(client))
    done: dict[int, list] = {}          # finished partitions not yet written, by their planned position
    buffer: list[ReadResult] = []
    next_submit = next_write = documents_done = 0
    running = as_completed()

    def submit_more() -> None:
        nonlocal next_submit
        # keep `window` partitions in flight, and never let finished ones wait unwritten beyond 2 windows
        while next_submit < len(partitions) and next_submit - next_write < 2 * window and \
                running.count() < window:
            running.add(client.submit(read_partition, partitions[next_submit], name, published,
                                      key=f"watchfloor-read-{run_id}-{next_submit}", pure=False))
            next_submit += 1

    def flush() -> None:
        nonlocal buffer
        if store is not None and buffer:
            stored, unchanged, failures = store_results(store, buffer)
            summary.stored += stored
            summary.unchanged += unchanged
            summary.failures += failures
        buffer = []

    try:
        submit_more()
        while running.count() or next_submit < len(partitions):
            future = next(running)
            position = int(future.key.rsplit("-", 1)[1])
            try:
                done[position] = future.result()
            except Exception as exc:
                raise RunError(_partition_error(partitions[position], exc)) from exc
            finally:
                future.release()
            while next_write in done:
                results = done.pop(next_write)
                next_write += 1
                for r in results:
                    if isinstance(r, ReadFailure):
                        summary.failures.append(r)
                    else:
                        summary.read += 1
                        buffer.append(r)
                    if on_result:
                        on_result(r)
                documents_done += partitions[next_write - 1].documents
                if len(buffer) >= batch:
                    flush()
                if on_progress:
                    on_progress(documents_done, summary)
            submit_more()
        flush()
    finally:
        try:
            flush()                     # what was read before an error is kept (each batch its own transaction)
        finally:
            remove_reader(client, name)
            summary.seconds = time.perf_counter() - started
    return summary


def _partition_error(part: corpus.Partition, exc: Exception) -> str:
    where = part.path if part.kind != "files" else f"{part.files[0]} … ({len(part.files)} files)"
    if type(exc).__name__ == "KilledWorker":
        return (f"{where}: every worker that read this partition died ({exc}); a document in it may need "
                "more memory than a worker has")
    return f"{where}: the partition could not be read ({type(exc).__name__}: {exc})"
