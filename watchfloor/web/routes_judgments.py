"""Judgments: list, resolve with a note (reversible), auto-resolve, scores and the calibration chart."""
from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from watchfloor.web.app import render
from watchfloor.web.auth import Caller, analyst, viewer
from watchfloor.web.common import cached_answer, json_bytes, json_response, reader, stage_missing, writing

router = APIRouter()
_PLOTTING = threading.Lock()     # matplotlib's pyplot keeps global state: one figure at a time


def _tracker():
    try:
        from watchfloor.judgments import charts, resolution, scoring, tracking
    except ModuleNotFoundError:
        raise stage_missing("the judgment tracker")
    return tracking, resolution, scoring, charts


class Resolution(BaseModel):
    outcome: str                  # true, false or void
    note: str | None = None


def _resolve(request: Request, caller: Caller, judgment_id: int, outcome: str | None, note: str | None) -> dict:
    _, resolution, _, _ = _tracker()
    try:
        with writing(request) as store:
            if outcome == "reopen":
                found = resolution.reopen(store, judgment_id, note, user=caller.user.name)
            else:
                found = resolution.resolve(store, judgment_id, outcome, note, user=caller.user.name)
            store.audit("web.judgment.resolve", str(judgment_id), {"outcome": outcome}, actor=caller.user.name)
    except resolution.ResolutionError as exc:
        raise HTTPException(404 if "no judgment" in str(exc) else 400, str(exc))
    return found


@router.get("/api/judgments", tags=["judgments"])
async def list_judgments(request: Request, status: str | None = Query(None, pattern="^(open|resolved|due)$"),
                         source: str | None = Query(None, max_length=200), caller: Caller = Depends(viewer)):
    """Tracked judgments; `status=due` for open ones the data now covers."""
    tracking, _, _, _ = _tracker()
    handle = request.app.state.store

    def compute(store) -> bytes:
        # the coverage behind `due` (what the judging sources cover, per country) is kept until a write of
        # events or settings; the list itself until a write of reports too
        month_ends = handle.cached(("judgment_month_ends",), lambda st: {})
        return json_bytes(tracking.list_judgments(store, status, source, month_ends))
    body = await cached_answer(request, ("judgments", status, source), compute)
    return Response(body, media_type="application/json")


@router.get("/api/judgments/score", tags=["judgments"])
def score(request: Request, by: str | None = Query(None, max_length=40), caller: Caller = Depends(viewer)):
    """Brier score with its decomposition, calibration by term, and by term/source/author/horizon/period."""
    _, _, scoring, _ = _tracker()
    try:
        return json_response(scoring.score(reader(request), by))
    except ValueError as exc:
        raise HTTPException(422, str(exc))


@router.get("/api/judgments/reliability.png", tags=["judgments"])
def reliability(request: Request, caller: Caller = Depends(viewer)) -> Response:
    """The reliability diagram of every resolved judgment."""
    _, _, _, charts = _tracker()
    with _PLOTTING, tempfile.TemporaryDirectory() as tmp:
        png = charts.reliability_png(reader(request), Path(tmp) / "reliability.png").read_bytes()
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.get("/api/judgments/{judgment_id}", tags=["judgments"])
def get_judgment(request: Request, judgment_id: int, caller: Caller = Depends(viewer)):
    tracking, _, _, _ = _tracker()
    found = tracking.get_judgment(reader(request), judgment_id)
    if found is None:
        raise HTTPException(404, f"no judgment with id {judgment_id}")
    return json_response(found)


@router.post("/api/judgments/auto-resolve", tags=["judgments"])
def auto_resolve(request: Request, caller: Caller = Depends(analyst)) -> dict:
    """Resolve every open structured claim the store's events now cover."""
    _, resolution, _, _ = _tracker()
    with writing(request) as store:
        result = resolution.auto_resolve(store, user=caller.user.name)
        store.audit("web.judgment.auto-resolve", None, {"resolved": len(result["resolved"])}, actor=caller.user.name)
    return result


@router.post("/api/judgments/{judgment_id}/resolve", tags=["judgments"])
def resolve(request: Request, judgment_id: int, body: Resolution, caller: Caller = Depends(analyst)):
    """Resolve by hand: `true`, `false` or `void`, with a note; `reopen` undoes a resolution."""
    return json_response(_resolve(request, caller, judgment_id, body.outcome, body.note))


# -- page --------------------------------------------------------------------------------------------
@router.get("/judgments", include_in_schema=False)
def judgments_page(request: Request, caller: Caller = Depends(viewer)):
    tracking, _, scoring, _ = _tracker()
    store = reader(request)
    return render(request, "judgments.html", due=tracking.due_soon(store), open=tracking.list_judgments(store, "open"),
                  resolved=tracking.list_judgments(store, "resolved")[-50:], score=scoring.score(store, "term"))


@router.post("/judgments/{judgment_id}/resolve", include_in_schema=False)
async def resolve_form(request: Request, judgment_id: int, outcome: str = Form(...), note: str = Form(""),
                       caller: Caller = Depends(analyst)):
    await run_in_threadpool(_resolve, request, caller, judgment_id, outcome, note or None)
    return RedirectResponse("/judgments", 303)


@router.post("/judgments/auto-resolve", include_in_schema=False)
async def auto_resolve_form(request: Request, caller: Caller = Depends(analyst)):
    await run_in_threadpool(auto_resolve, request, caller)
    return RedirectResponse("/judgments", 303)
