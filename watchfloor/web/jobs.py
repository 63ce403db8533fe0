"""Report uploads as background jobs: read in a worker process, then stored under the write lock for the write alone.

Reading is CPU-bound Python (it holds the GIL) and a large text takes minutes, so the server reads nothing
itself: each lane has one worker process that loads, reads and sends the result back; the server thread of
the lane then stores it (`store_report`: one short transaction). Two lanes — small documents never queue
behind a large one — and a deadline per document: a reading that overruns it is stopped (the worker is
killed and restarted) and the job fails with a message saying so.

The worker gets the server's Reader (reference data from the store) pickled, once per reference
signature, and adds the statistical model itself. Job state lives in memory: an upload that a restart
interrupts is simply uploaded again (the report id is the text's hash, so nothing is stored twice).
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

LARGE_BYTES = 512 * 1024        # uploads from this size on go to the large lane
READ_SECONDS = float(os.environ.get("WATCHFLOOR_READ_TIMEOUT", "900"))
KEPT_JOBS = 200                 # finished jobs remembered for the upload page
STATES = ("queued", "reading", "storing", "done", "failed")


@dataclass
class Job:
    id: str
    file: str
    size: int
    user: str
    lane: str
    state: str = "queued"
    message: str | None = None
    refused: bool = False          # the document itself cannot be read (the user can fix it)
    reports: list[dict] = field(default_factory=list)    # {report_id, created, title, facts}
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    read_done: float | None = None
    finished: float | None = None
    done_event: threading.Event = field(default_factory=threading.Event, repr=False)

    def as_json(self) -> dict:
        now = time.time()
        return {"id": self.id, "file": self.file, "size": self.size, "user": self.user, "lane": self.lane,
                "state": self.state, "message": self.message, "reports": self.reports,
                "submitted": _iso(self.submitted), "started": _iso(self.started), "finished": _iso(self.finished),
                "seconds": round((self.finished or now) - (self.started or self.submitted), 3),
                "read_seconds": round(self.read_done - self.started, 3) if self.read_done and self.started else None}


def _iso(ts: float | None) -> str | None:
    return None if ts is None else time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts % 1 * 1000):03d}Z"


# -- the worker process -----------------------------------------------------------------------------------------
def _worker(conn, model: bool) -> None:
    """Loop: (reader key, pickled Reader or None, path, label) → ('ok', [ReadResult]) | ('refused', message)
    | ('error', message). Loads the statistical model first, so the first job does not wait for it."""
    from watchfloor.read import document as documents
    from watchfloor.read.pipeline import _with_model

    readers: dict = {}
    if model:
        try:
            from watchfloor.read.nlp import load_model
            load_model("en")
        except Exception:  # the reader falls back to rules with its own warning; nothing to do here
            pass
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        key, reader_bytes, path, label = message
        try:
            if key not in readers:
                readers.clear()
                readers[key] = _with_model(pickle.loads(reader_bytes), model)
                readers[key].read("warm-up", "Fighting was reported near the town on 3 March 2020.")
            folder = str(Path(path).parent) + "/"
            # the document's label is the uploaded file's name, never the server's temporary folder
            results = [readers[key].read(source.replace(folder, ""), text, meta)
                       for source, text, meta in documents.load(path)]
            conn.send(("ok", results))
        except documents.DocumentError as exc:
            conn.send(("refused", str(exc).replace(str(Path(path).parent) + "/", "")))
        except RecursionError:
            conn.send(("refused", f"{label}: document nests too deeply to read"))
        except Exception as exc:  # any reader bug fails this job, not the worker
            conn.send(("error", f"{label}: the reader failed ({type(exc).__name__}: {exc})"))


# -- lanes and the queue ----------------------------------------------------------------------------------------
class _Lane:
    """One worker process and the server thread that feeds it, stores its results and keeps it alive."""

    def __init__(self, name: str, jobs: "ReadingJobs"):
        self.name, self.jobs = name, jobs
        self.queue: queue.Queue = queue.Queue()
        self.process = None
        self.conn = None
        self.reader_key = None
        self.thread = threading.Thread(target=self._run, name=f"wf-read-{name}", daemon=True)
        self.thread.start()

    def _start_worker(self) -> None:
        context = multiprocessing.get_context("spawn")   # never fork a threaded server
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, self.jobs.model), daemon=True,
                                       name=f"watchfloor-reader-{self.name}")
        self.process.start()
        child.close()
        self.reader_key = None

    def stop_worker(self) -> None:
        if self.process is None:
            return
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()
        self.process = self.conn = None

    def _kill_worker(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()
        self.process = self.conn = None

    def _run(self) -> None:
        while True:
            job = self.queue.get()
            if job is None:
                self.stop_worker()
                return
            try:
                if self.jobs.stopping:
                    self.jobs.finish(job, "failed", f"{job.file}: the server stopped before reading it; "
                                                    "upload it again")
                else:
                    self._do(job)
            except Exception as exc:  # a job must end, whatever happened
                self.jobs.finish(job, "failed", f"{job.file}: {type(exc).__name__}: {exc}")
            finally:
                shutil.rmtree(self.jobs.folders.pop(job.id, ""), ignore_errors=True)

    def _do(self, job: Job) -> None:
        job.state, job.started = "reading", time.time()
        key, reader_bytes = self.jobs.reader_snapshot()
        if self.process is None or not self.process.is_alive():
            self._start_worker()
        self.conn.send((key, reader_bytes if key != self.reader_key else None, str(self.jobs.paths[job.id]),
                        job.file))
        self.reader_key = key
        deadline = time.monotonic() + READ_SECONDS
        while not self.conn.poll(0.25):
            if self.jobs.stopping:
                self._kill_worker()
                return self.jobs.finish(job, "failed", f"{job.file}: the server stopped while reading it; "
                                                       "upload it again")
            if not self.process.is_alive():
                code = self.process.exitcode
                self.conn.close()
                self.process = self.conn = None
                return self.jobs.finish(job, "failed", f"{job.file}: the reader stopped unexpectedly "
                                                       f"(exit code {code}); upload it again or split it")
            if time.monotonic() > deadline:
                self._kill_worker()
                return self.jobs.finish(job, "failed", f"{job.file}: reading took longer than {READ_SECONDS:.0f} s "
                                                       "and was stopped; split the document into smaller files",
                                        refused=True)
        outcome, payload = self.conn.recv()
        job.read_done = time.time()
        if outcome != "ok":
            return self.jobs.finish(job, "failed", payload, refused=outcome == "refused")
        job.state = "storing"
        job.reports = self.jobs.store(job, payload)
        self.jobs.finish(job, "done")


class ReadingJobs:
    """The server's report-reading queue: submit an uploaded file, follow its job, get its reports."""

    def __init__(self, handle, model: bool = True):
        self.handle, self.model = handle, model
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.paths: dict[str, Path] = {}
        self.folders: dict[str, str] = {}
        self.stopping = False
        self._lock = threading.Lock()
        self._reader: tuple | None = None      # (key, pickled Reader)
        self._lanes: dict[str, _Lane] = {}

    def submit(self, path: Path, label: str, user: str) -> Job:
        """Queue a saved upload (the job owns and deletes its folder). Returns at once."""
        size = path.stat().st_size
        lane = "large" if size >= LARGE_BYTES else "small"
        job = Job(uuid.uuid4().hex[:16], label, size, user, lane)
        with self._lock:
            self.jobs[job.id] = job
            self.paths[job.id], self.folders[job.id] = path, str(path.parent)
            while len(self.jobs) > KEPT_JOBS:
                oldest = next(iter(self.jobs.values()))
                if oldest.state not in ("done", "failed"):
                    break
                self.jobs.popitem(last=False)
            if lane not in self._lanes:
                self._lanes[lane] = _Lane(lane, self)
        self._lanes[lane].queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def recent(self, limit: int = 50) -> list[Job]:
        return list(reversed(list(self.jobs.values())))[:limit]

    def finish(self, job: Job, state: str, message: str | None = None, refused: bool = False) -> None:
        job.state, job.message, job.refused, job.finished = state, message, refused, time.time()
        self.paths.pop(job.id, None)
        job.done_event.set()

    def reader_snapshot(self) -> tuple[tuple, bytes]:
        """(key, pickled Reader) for the store's current reference data; rebuilt when it changes."""
        from watchfloor.read.pipeline import reader_for
        from watchfloor.store.reports import reference_signature

        store = self.handle.reader()
        key = reference_signature(store)
        with self._lock:
            if self._reader is None or self._reader[0] != key:
                self._reader = (key, pickle.dumps(reader_for(store), protocol=pickle.HIGHEST_PROTOCOL))
            return self._reader

    def store(self, job: Job, results: list) -> list[dict]:
        """Store each read document: corroboration looked up with a read cursor, then the write alone."""
        from watchfloor.store.reports import corroborated_events, prepare_report, store_report

        prepared = []
        for result in results:
            result.corroborated = {("event", e["start"])
                                   for e in corroborated_events(self.handle.reader(), result.report_id, result.events)}
            prepared.append(prepare_report(result))     # rows and JSON built before the write lock is taken
        stored = []
        with self.handle.writer() as store:
            for result, rows in zip(results, prepared):
                report_id, created = result.stored = store_report(store, result, rows)
                stored.append({"report_id": report_id, "created": created, "title": result.document.title,
                               "facts": len(result.facts())})
            store.audit("web.read", job.file, {"report_id": stored[0]["report_id"] if stored else None,
                                               "created": any(s["created"] for s in stored),
                                               "reports": [s["report_id"] for s in stored], "job": job.id},
                        actor=job.user)
        return stored

    def close(self) -> None:
        self.stopping = True
        for lane in self._lanes.values():
            lane.queue.put(None)
        for lane in self._lanes.values():
            lane.thread.join(10)
        for folder in list(self.folders.values()):
            shutil.rmtree(folder, ignore_errors=True)
