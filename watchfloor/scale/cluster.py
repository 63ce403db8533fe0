"""The Dask cluster a run uses, and the reader installed on each of its workers.

`connect(workers=N)` starts a local cluster (one process per worker, one thread each: the reader is pure
Python, so threads would only share one core); `connect(scheduler="tcp://HOST:8786")` joins an existing one,
whose workers need watchfloor installed and the corpus at the same path.

The reader (its gazetteer and actor index, built by the client from the store) goes to the workers as a
worker plugin: the scheduler gives it to every worker that joins, so a worker that was killed and restarted
gets it again before its first task.
"""
from __future__ import annotations

import hashlib
import pickle
import threading
from contextlib import contextmanager
from typing import Any, Iterator

try:
    from distributed import WorkerPlugin
except ImportError:             # connect() says what to install
    WorkerPlugin = object

DASK_MISSING = ("reading on a cluster (--workers/--scheduler) needs Dask distributed, which is not installed: "
                "pip install 'dask[distributed,diagnostics]==2026.8.0' (a dependency of watchfloor; "
                "reinstall with: pip install -e .)")


class ClusterError(Exception):
    """No cluster could be had: Dask missing, a scheduler that does not answer, a bad worker count."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ClusterError(DASK_MISSING) from None
    return distributed


@contextmanager
def connect(workers: int | None = None, scheduler: str | None = None,
            dashboard: str | None = ":0") -> Iterator[Any]:
    """A client on a new local cluster of `workers` processes, or on the cluster at `scheduler`."""
    distributed = _distributed()
    if (workers is None) == (scheduler is None):
        raise ClusterError("give either a number of workers (a local cluster) or a scheduler address, not both")
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler)     # waits distributed.comm.timeouts.connect (30 s)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"no Dask scheduler answers at {scheduler} ({exc}); start one with "
                               "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise ClusterError(f"--workers {workers}: expected at least 1")
    import dask
    # a worker that dies mid-task: its tasks run again elsewhere, up to this many deaths per task
    with dask.config.set({"distributed.scheduler.allowed-failures": 5}):
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=dashboard, silence_logs=40)
        try:
            with distributed.Client(cluster) as client:
                yield client
        finally:
            cluster.close()


def total_threads(client) -> int:
    return sum(client.nthreads().values()) or 1


# -- the reader on the workers ------------------------------------------------------------------------
_READERS: dict[str, object] = {}
_LOCK = threading.Lock()            # a worker with several threads reads one document at a time


def worker_reader(name: str):
    reader = _READERS.get(name)
    if reader is None:
        raise RuntimeError(f"the reader {name} is not installed on this worker (the plugin did not run)")
    return reader


def reading_lock() -> threading.Lock:
    return _LOCK


class ReaderPlugin(WorkerPlugin):
    """Installs the pickled reader (and, for the model path, the spaCy model) on each worker, warmed up:
    its components are built before the first task, not during it."""

    def __init__(self, reader, model: bool):
        self.payload = pickle.dumps(reader, protocol=pickle.HIGHEST_PROTOCOL)
        self.model = model
        self.name = "watchfloor-reader-" + hashlib.sha256(self.payload + bytes([model])).hexdigest()[:16]

    def setup(self, worker=None) -> None:
        reader = pickle.loads(self.payload)
        if self.model:
            from watchfloor.read.nlp import model_reader
            reader = model_reader(reader)
        reader.read("warm-up", "JNIM attacked a FAMa position near Boulkessi on 3 March 2021, killing 12 soldiers.")
        _READERS[self.name] = reader

    def teardown(self, worker=None) -> None:
        _READERS.pop(self.name, None)


def install_reader(client, reader, model: bool) -> str:
    """Put the reader on every worker (and every worker that joins later); returns its name."""
    plugin = ReaderPlugin(reader, model)
    client.register_plugin(plugin, name=plugin.name)
    return plugin.name


def remove_reader(client, name: str) -> None:
    try:
        client.unregister_worker_plugin(name)
    except Exception:          # a worker gone meanwhile, or an older scheduler: the reader is only memory there
        pass
