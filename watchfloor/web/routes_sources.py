"""The Sources page: each live source's last run, next run, rows added and updated, errors, and a run-now
button for editors (the run goes through the server's write lock, see web/watching.py)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from watchfloor.sources import ledger
from watchfloor.sources.watch import status
from watchfloor.web.app import render
from watchfloor.web.auth import Caller, editor, viewer
from watchfloor.web.watching import run_once

router = APIRouter(include_in_schema=False)


def _page(request: Request, message: str | None = None, status_code: int = 200):
    rows = status(request.app.state.store.reader())
    watch = request.app.state.watch
    scheduled = watch.next_runs() if watch is not None else {}
    for row in rows:
        row["scheduled"] = scheduled.get(row["name"])
    return render(request, "sources.html", status_code, sources=rows, watching=bool(watch and watch.running),
                  message=message)


@router.get("/sources")
def sources_page(request: Request, caller: Caller = Depends(viewer)):
    return _page(request)


@router.post("/sources/{name}/run")
async def run_now(request: Request, name: str, caller: Caller = Depends(editor)):
    """Run one source now (then its triggers and alerts), whether or not the watch runs in this server."""
    handle = request.app.state.store

    def work() -> dict | None:
        if not any(s.name == name for s in ledger.sources(handle.reader())):
            return None
        return run_once(handle, name)

    cycle = await run_in_threadpool(work)
    if cycle is None:
        raise HTTPException(404, f"no source named {name!r}")
    run = cycle["runs"][0]
    message = (f"{name}: {run['status']}, {run['inserted']} added, {run['updated']} updated, "
               f"{run['withdrawn']} withdrawn, {run['reports']} report(s) read"
               + (f"; error: {run['error']}" if run["error"] else "")
               + (f"; {len(cycle['alerts'])} alert(s) raised" if cycle["alerts"] else ""))
    with handle.writer() as store:
        store.audit("source.run_now", name, {"status": run["status"]}, actor=caller.user.name)
    return _page(request, message)
