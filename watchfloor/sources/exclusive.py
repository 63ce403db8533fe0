"""One at a time across threads and processes: a source's run, the watch's trigger scan with the alerts it
raises, and the sending of alert messages.

Two watches (or a watch and `watchfloor sources run NAME`) may share a PostgreSQL store. Were both to run one
source from the same cursor, both would fetch and store the same batch; were both to scan after new data, both
would forecast a month that just closed and raise alerts from two forecasts; were both to send the outbox, a
message would go out twice. So each of these holds a named lock while it works: within a process a thread
lock, across processes a PostgreSQL session-level advisory lock (released when the work ends, or by the server
when the process dies, `kill -9` included). On DuckDB one process holds the file, so the thread lock is all
there is to take (the server's Run now beside its own schedule).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from watchfloor.store.connection import Store

_locks: dict[tuple[str, str], threading.Lock] = {}
_locks_guard = threading.Lock()


def _thread_lock(store: Store, name: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault((store.path, name), threading.Lock())


@contextmanager
def exclusive(store: Store, name: str, wait: bool = True) -> Iterator[bool]:
    """Hold `name` on this store while the block runs. With `wait=False` the block runs at once with False when
    another thread or process holds it (the caller then leaves the work to the holder), else with True."""
    local = _thread_lock(store, name)
    if not local.acquire(blocking=wait):
        yield False
        return
    try:
        if store.dialect != "postgres":
            yield True
            return
        key = f"watchfloor:{name}"
        if wait:
            store.con.execute("SELECT pg_advisory_lock(hashtext(?))", [key])
        elif not store.con.execute("SELECT pg_try_advisory_lock(hashtext(?))", [key]).fetchone()[0]:
            yield False
            return
        try:
            yield True
        finally:
            store.con.execute("SELECT pg_advisory_unlock(hashtext(?))", [key])
    finally:
        local.release()
