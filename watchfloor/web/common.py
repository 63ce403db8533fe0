"""Helpers the route modules share: the store handle, event filters from query strings, uploads, JSON."""
from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

import pandas as pd
from fastapi import HTTPException, Query, Request, Response, UploadFile

from watchfloor.store import Store
from watchfloor.store.events import EventFilter

MAX_PAGE = 5000
# Threads for writes, apart from the readers' (web/app.py WORKER_THREADS): a fact review waiting for DuckDB's one
# writer behind a long ingest holds its thread for seconds, and with the readers' threads five such writes left
# three threads for every page that is not cached.
WRITE_THREADS = 4


def reader(request: Request) -> Store:
    return request.app.state.store.reader()


# What the writes of these routes change, for the server's caches (web/app.py: StoreHandle); the writes of
# any other route may change everything. A fact's review changes its status (and the judgment tracked from
# it), never an event or an incident; an ingest adds events and links them into incidents.
ROUTE_CHANGES = {
    "/api/facts/{fact_id}": frozenset(("reports",)),
    "/facts/{fact_id}": frozenset(("reports",)),
    "/api/ingest": frozenset(("events", "incidents")),
}


@contextmanager
def writing(request: Request) -> Iterator[Store]:
    route = request.scope.get("route")
    changes = ROUTE_CHANGES.get(getattr(route, "path", None))
    handle = request.app.state.store
    with handle.writer() if changes is None else handle.writer(changes) as store:
        yield store


async def run_write(request: Request, work, long: bool = False):
    """`work()` (a write) in one of the server's write threads (`WRITE_THREADS`), not a reader's. `long`: a write
    that may hold its thread for seconds (an ingest); such writes take at most all threads but one, so a short write
    (a fact review) never waits for a thread behind them (PostgreSQL, 5 writers: ingests of 3-11 s held all four
    threads and a fact review waited up to 2.4 s for one)."""
    import anyio
    state = request.app.state
    if getattr(state, "write_limiter", None) is None:
        state.write_limiter = anyio.CapacityLimiter(WRITE_THREADS)
        state.long_write_limiter = anyio.CapacityLimiter(max(1, WRITE_THREADS - 1))
    if not long:
        return await anyio.to_thread.run_sync(work, limiter=state.write_limiter)
    async with state.long_write_limiter:
        return await anyio.to_thread.run_sync(work, limiter=state.write_limiter)


def known_country(request: Request, country: str | None) -> str | None:
    """The ISO3 code upper-cased, or 404 when the store has no such country (a typo gets a message, not an
    empty answer)."""
    if not country:
        return None
    from watchfloor.store.web_queries import country_codes
    code = country.upper()
    if code not in request.app.state.store.cached(("country_codes",), country_codes):
        raise HTTPException(404, f"no country {country!r} in this store: expected the ISO3 code of a "
                                 "country it holds (e.g. from /api/countries)")
    return code


async def event_filter(
        request: Request,
        country: str | None = Query(None, max_length=3, pattern="^[A-Za-z]{3}$", description="ISO3"),
        region: str | None = Query(None, max_length=200, description="Admin-1 name or region id"),
        since: date | None = Query(None, description="YYYY-MM-DD"),
        until: date | None = Query(None, description="YYYY-MM-DD"),
        actor: str | None = Query(None, max_length=200, description="Part of an actor's name"),
        type: str | None = Query(None, max_length=100, description="Violence type or (sub-)event type"),
        limit: int = Query(500, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0)) -> EventFilter:
    """The CLI's event filters, as query parameters (validated; bound as SQL parameters downstream).
    Async only so that FastAPI runs it on the event loop rather than in a worker thread."""
    return EventFilter(known_country(request, country), region or None, since, until, actor or None, type or None,
                       limit, offset)


def plain(value):
    """A JSON-safe scalar (dates as ISO text, NaN as null, numpy as Python)."""
    if value is None:
        return None
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    return value


def plain_records(records) -> list[dict]:
    if isinstance(records, pd.DataFrame):
        records = records.to_dict("records")
    return [{k: plain(v) for k, v in rec.items()} for rec in records]


def loads(text: str | None, default=None):
    try:
        return json.loads(text) if text else default
    except (TypeError, ValueError):
        return default


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def save_upload(upload: UploadFile) -> Path:
    """The upload saved under its own (sanitised) file name in a new private temporary folder; the caller
    removes the folder."""
    name = _SAFE_NAME.sub("_", Path(upload.filename or "upload").name).strip("._") or "upload"
    folder = Path(tempfile.mkdtemp(prefix="wf-upload-"))
    path = folder / name[:120]
    try:
        with open(path, "wb") as fh:
            shutil.copyfileobj(upload.file, fh, 1 << 20)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


@contextmanager
def saved_upload(upload: UploadFile) -> Iterator[Path]:
    """The upload saved (see save_upload) for the length of the block."""
    path = save_upload(upload)
    try:
        yield path
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def without_folder(message: str, path: Path) -> str:
    """Error text that names the uploaded file, not the server's temporary folder."""
    return message.replace(str(path.parent) + "/", "")


def stage_missing(what: str) -> HTTPException:
    return HTTPException(503, f"{what} is not part of this build of watchfloor")


def clean(value):
    """Recursively JSON-safe: NaN becomes null, dates ISO text, numpy scalars Python."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return plain(value)


def json_response(payload, status_code: int = 200, media_type: str = "application/json") -> Response:
    return Response(json_bytes(payload), status_code, media_type=media_type)


def json_bytes(payload) -> bytes:
    return json.dumps(clean(payload), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


async def cached_answer(request: Request, key: tuple, compute) -> bytes:
    """An answer's bytes as the server's cache holds them until a write of what it rests on (web/app.py:
    `RESTS_ON`, by the key's first part): served on the event loop when cached, else `compute(store)` once in
    a worker thread, requests that miss it meanwhile waiting on the event loop (`StoreHandle.answer`; PostgreSQL
    under load, 50 readers: the reports list, a report, the facts page and the judgments had p95 300-600 ms, for
    answers computed in 1-40 ms, while each waiting request held a worker thread)."""
    handle = request.app.state.store
    body = handle.peek(key)
    if body is None:
        return await handle.answer(key, compute)
    handle.asked(key)
    return body
