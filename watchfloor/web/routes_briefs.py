"""Briefs: list, view, metadata (authors, as a new version), render/download, draft -> reviewed -> published.

The same functions as `watchfloor brief`; only an editor reviews and publishes; the workflow steps are
audited by the brief store under the acting user's name, and every web write adds a `web.*` audit row.
"""
from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from watchfloor.store.web_queries import has_events
from watchfloor.web.app import render
from watchfloor.web.auth import Caller, analyst, editor, viewer
from watchfloor.web.common import (cached_answer, clean, json_bytes, known_country, plain_records, reader,
                                    stage_missing, writing)

router = APIRouter()
MIME = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}


def _warn():
    try:
        from watchfloor.store import briefs as db
        from watchfloor.warn import brief, render as brief_render
    except ModuleNotFoundError:
        raise stage_missing("the briefs stage")
    return brief, brief_render, db


def _names(text: str | None) -> list[str] | None:
    names = [n.strip() for n in (text or "").replace(";", ",").split(",") if n.strip()]
    return names or None


class NewBrief(BaseModel):
    country: str
    region: str | None = None
    as_of: date | None = None
    authors: list[str] | None = None
    horizon: int = 6


class Revision(BaseModel):
    authors: list[str] | None = None


def _create(request: Request, caller: Caller, country: str, region: str | None, as_of: date | None,
            authors: list[str] | None, horizon: int) -> int:
    brief, _, db = _warn()
    if not (len(country) == 3 and country.isalpha()):
        raise HTTPException(422, f"country {country!r}: expected an ISO3 code")
    if not has_events(reader(request), known_country(request, country)):
        raise HTTPException(404, f"no events stored for {country.upper()}: a brief needs the country's events "
                                 "(ingest them first: POST /api/ingest or the upload page)")
    try:
        with writing(request) as store:
            brief_id = brief.create_brief(store, country.upper(), region=region or None, as_of=as_of,
                                          authors=authors or [caller.user.name], horizon=horizon)
            store.audit("web.brief.create", f"brief:{brief_id}", {"country": country.upper()}, actor=caller.user.name)
    except (db.BriefError, ValueError, LookupError) as exc:
        raise HTTPException(400, f"cannot draft a brief: {exc}")
    return brief_id


def _step(request: Request, caller: Caller, brief_id: int, step: str, authors: list[str] | None = None):
    brief, _, db = _warn()
    try:
        with writing(request) as store:
            if step == "review":
                result = brief.review(store, brief_id, caller.user.name)
            elif step == "publish":
                result = brief.publish(store, brief_id, caller.user.name)
            else:
                result = brief.revise(store, brief_id, authors=authors)
            store.audit(f"web.brief.{step}", f"brief:{brief_id}", {"result": result}, actor=caller.user.name)
    except db.BriefError as exc:
        raise HTTPException(409, str(exc))
    return result


@router.get("/api/briefs", tags=["briefs"], response_model=list[dict])
async def list_briefs(request: Request, country: str | None = Query(None, pattern="^[A-Za-z]{3}$"),
                      caller: Caller = Depends(viewer)) -> Response:
    brief, _, _ = _warn()
    code = None
    if country:     # the store's countries are cached too; a miss is a query, in a worker thread
        code = (known_country(request, country) if request.app.state.store.peek(("country_codes",)) is not None
                else await run_in_threadpool(known_country, request, country))
    body = await cached_answer(request, ("briefs", code),
                               lambda store: json_bytes(plain_records(brief.list_briefs(store, code))))
    return Response(body, media_type="application/json")


@router.post("/api/briefs", tags=["briefs"], status_code=201)
def create_brief(request: Request, body: NewBrief, caller: Caller = Depends(analyst)) -> dict:
    """Draft a brief for a country (optionally a region of concern and an as-of month)."""
    return {"id": _create(request, caller, body.country, body.region, body.as_of, body.authors, body.horizon)}


@router.get("/api/briefs/{brief_id}", tags=["briefs"])
async def get_brief(request: Request, brief_id: int, version: int | None = None, caller: Caller = Depends(viewer)):
    """A brief version (the current one by default): status, authors, editors, content, audit trail."""
    _, _, db = _warn()
    try:
        # The same bytes until a brief is written again (a brief's content runs to hundreds of kB).
        body = await cached_answer(request, ("brief", brief_id, version),
                                   lambda store: _brief_json(store, db, brief_id, version))
    except db.BriefError as exc:
        raise HTTPException(404, str(exc))
    return Response(body, media_type="application/json")


def _brief_json(store, db, brief_id: int, version: int | None) -> bytes:
    """The version as JSON, its stored JSON fields passed on as stored rather than decoded and encoded again
    (unless they hold a value JSON has no words for, such as NaN)."""
    rec = db.brief_version(store, brief_id, version, decoded=False)
    stored = {key: rec.pop(key) for key in db.JSON_FIELDS}
    if any(word in text for text in stored.values() for word in ("NaN", "Infinity")):
        stored = {key: json.dumps(clean(json.loads(text)), ensure_ascii=False, allow_nan=False)
                  for key, text in stored.items()}
    head = json.dumps(clean({**rec, "audit": plain_records(db.brief_audit(store, brief_id))}), ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False)
    return (head[:-1] + "".join(f',"{key}":{text}' for key, text in stored.items()) + "}").encode()


@router.get("/api/briefs/{brief_id}/render", tags=["briefs"])
def render_brief(request: Request, brief_id: int, format: str = Query("html", pattern="^(html|md|pdf)$"),
                 version: int | None = None, download: bool = False, caller: Caller = Depends(viewer)):
    """The brief as self-contained HTML, Markdown or PDF (`download=true` for an attachment)."""
    _, brief_render, db = _warn()
    store = reader(request)
    try:
        body = brief_render.render(store, brief_id, format, version)
        stem = brief_render.brief_stem(store, brief_id)
    except db.BriefError as exc:
        raise HTTPException(404, str(exc))
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{format}"'} if download or format == "pdf" else {}
    if format == "html":   # shown in a sandboxed frame: no scripts, no same-origin rights
        headers["Content-Security-Policy"] = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                                              "frame-ancestors 'self'; sandbox")
    return Response(body, media_type=MIME[format], headers=headers)


@router.post("/api/briefs/{brief_id}/revise", tags=["briefs"])
def revise_brief(request: Request, brief_id: int, body: Revision, caller: Caller = Depends(analyst)) -> dict:
    """A new draft version composed again (with new authors if given); published versions never change."""
    return {"id": brief_id, "version": _step(request, caller, brief_id, "revise", body.authors)}


@router.post("/api/briefs/{brief_id}/review", tags=["briefs"])
def review_brief(request: Request, brief_id: int, caller: Caller = Depends(editor)) -> dict:
    """Mark the current draft reviewed (editors only)."""
    _step(request, caller, brief_id, "review")
    return {"id": brief_id, "status": "reviewed"}


@router.post("/api/briefs/{brief_id}/publish", tags=["briefs"])
def publish_brief(request: Request, brief_id: int, caller: Caller = Depends(editor)) -> dict:
    """Publish the reviewed version (editors only); its judgments go to the judgment tracker."""
    return {"id": brief_id, "status": "published", "judgments": _step(request, caller, brief_id, "publish")}


# -- pages -------------------------------------------------------------------------------------------
@router.get("/briefs", include_in_schema=False)
def briefs_page(request: Request, caller: Caller = Depends(viewer)):
    brief, _, _ = _warn()
    from watchfloor.store.web_queries import countries_with_events
    store = reader(request)
    return render(request, "briefs.html", briefs=brief.list_briefs(store), countries=countries_with_events(store))


@router.post("/briefs", include_in_schema=False)
async def briefs_form(request: Request, country: str = Form(...), region: str = Form(""), as_of: str = Form(""),
                      authors: str = Form(""), caller: Caller = Depends(analyst)):
    try:
        month = date.fromisoformat(as_of + "-01" if len(as_of) == 7 else as_of) if as_of else None
    except ValueError:
        raise HTTPException(422, f"as of {as_of!r}: expected YYYY-MM")
    brief_id = await run_in_threadpool(_create, request, caller, country, region, month, _names(authors), 6)
    return RedirectResponse(f"/briefs/{brief_id}", 303)


@router.get("/briefs/{brief_id}", include_in_schema=False)
def brief_page(request: Request, brief_id: int, version: int | None = None, caller: Caller = Depends(viewer)):
    _, _, db = _warn()
    store = reader(request)
    try:
        rec = db.brief_version(store, brief_id, version)
        current = db.brief_version(store, brief_id)["version"]
    except db.BriefError as exc:
        raise HTTPException(404, str(exc))
    return render(request, "brief.html", b=rec, current=current, audit=db.brief_audit(store, brief_id),
                  judgments=db.brief_judgments(store, brief_id, rec["version"]))


@router.post("/briefs/{brief_id}/revise", include_in_schema=False)
async def brief_revise_form(request: Request, brief_id: int, authors: str = Form(""),
                            caller: Caller = Depends(analyst)):
    await run_in_threadpool(_step, request, caller, brief_id, "revise", _names(authors))
    return RedirectResponse(f"/briefs/{brief_id}", 303)


@router.post("/briefs/{brief_id}/review", include_in_schema=False)
async def brief_review_form(request: Request, brief_id: int, caller: Caller = Depends(editor)):
    await run_in_threadpool(_step, request, caller, brief_id, "review")
    return RedirectResponse(f"/briefs/{brief_id}", 303)


@router.post("/briefs/{brief_id}/publish", include_in_schema=False)
async def brief_publish_form(request: Request, brief_id: int, caller: Caller = Depends(editor)):
    await run_in_threadpool(_step, request, caller, brief_id, "publish")
    return RedirectResponse(f"/briefs/{brief_id}", 303)
