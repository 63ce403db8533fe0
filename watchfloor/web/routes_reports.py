"""API and pages for reports, their facts (with review) and report upload through the reader."""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass

import anyio

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import escape
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from watchfloor.store import web_reports as wr
from watchfloor.web.app import render
from watchfloor.web.auth import Caller, analyst, viewer
from watchfloor.web.common import (cached_answer, json_bytes, loads, plain_records, reader, run_write,
                                    save_upload, stage_missing, writing)
from watchfloor.web.highlight import highlight

router = APIRouter()


def _fact_json(fact: dict) -> dict:
    out = plain_records([fact])[0]
    out["value"] = loads(fact.get("value"), fact.get("value"))
    out["edited_value"] = loads(fact.get("edited_value"))
    return out


def _report_or_404(store, report_id: str) -> dict:
    report = wr.get_report(store, report_id)
    if report is None:
        raise HTTPException(404, f"no report {report_id!r}")
    return report


@router.get("/api/reports", tags=["reports"], response_model=list[dict])
async def list_reports(request: Request, limit: int = Query(200, ge=1, le=2000), offset: int = Query(0, ge=0),
                       caller: Caller = Depends(viewer)) -> Response:
    """Stored reports, newest first, with their number of facts."""
    body = await cached_answer(request, ("reports", limit, offset),
                               lambda store: json_bytes(plain_records(wr.list_reports(store, limit, offset))))
    return Response(body, media_type="application/json")


@router.get("/api/reports/{report_id}", tags=["reports"], response_model=dict)
async def get_report(request: Request, report_id: str, caller: Caller = Depends(viewer)) -> Response:
    """A report: metadata, plain text, sections and every extracted fact with its character span."""
    def compute(store) -> bytes:
        report = _report_or_404(store, report_id)
        out = plain_records([report])[0]
        for key in ("authors", "editors", "sections"):
            out[key] = loads(report.get(key), report.get(key))
        out["facts"] = [_fact_json(f) for f in wr.report_facts(store, report_id)]
        return json_bytes(out)
    return Response(await cached_answer(request, ("report", report_id), compute), media_type="application/json")


@router.post("/api/reports", tags=["reports"], status_code=202)
async def upload_report(request: Request, file: UploadFile = File(...),
                        wait: float = Query(0, ge=0, le=600, description="Seconds to wait for the reading"),
                        caller: Caller = Depends(analyst)):
    """Upload a report (.txt, .md, .html, .pdf, RSS/Atom) for the reader — `watchfloor read` over HTTP.

    The reading is a background job (202 with the job; follow it at `/api/jobs/{id}`). With `wait`, the
    answer waits up to that many seconds: 201 with the stored report when it is done, 400 with the reader's
    message when the document cannot be read. Re-sending the same text changes nothing (`created` false)."""
    try:
        import watchfloor.read.pipeline  # noqa: F401
    except ModuleNotFoundError:
        raise stage_missing("the report reader")
    path = await run_in_threadpool(save_upload, file)
    job = request.app.state.jobs.submit(path, path.name, caller.user.name)
    deadline = time.monotonic() + wait
    while not job.done_event.is_set() and time.monotonic() < deadline:
        await anyio.sleep(0.05)
    return job_answer(job)


def job_answer(job) -> JSONResponse:
    """201 with the report for a finished job, 400/500 with the message for a failed one, else 202."""
    body = job.as_json()
    if job.state == "done":
        first = job.reports[0] if job.reports else {}
        return JSONResponse({"file": job.file, "report_id": first.get("report_id"), "created": first.get("created"),
                             "title": first.get("title"), "reports": job.reports, "job": body}, 201)
    if job.state == "failed":
        raise HTTPException(400 if job.refused else 500, job.message)
    return JSONResponse({"job": body, "status_url": f"/api/jobs/{job.id}"}, 202)


@router.get("/api/jobs", tags=["reports"])
def list_jobs(request: Request, limit: int = Query(50, ge=1, le=200), caller: Caller = Depends(analyst)) -> list[dict]:
    """Report-reading jobs of this server, newest first: state (queued, reading, storing, done, failed),
    timing, message and the stored reports."""
    return [job.as_json() for job in request.app.state.jobs.recent(limit)]


@router.get("/api/jobs/{job_id}", tags=["reports"])
def get_job(request: Request, job_id: str, caller: Caller = Depends(analyst)) -> dict:
    """One report-reading job."""
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r} (jobs are kept until the server restarts)")
    return job.as_json()


class FactReview(BaseModel):
    status: str                    # confirmed, edited, rejected
    value: dict | None = None      # the corrected value, for 'edited'
    note: str | None = None


@router.post("/api/facts/{fact_id}", tags=["reports"])
async def review_fact(request: Request, fact_id: str, body: FactReview, caller: Caller = Depends(analyst)) -> dict:
    """Confirm, correct or reject an extracted fact; briefs use only facts that stand."""
    def work() -> dict:
        with writing(request) as store:
            wr.review_fact(store, fact_id, body.status, caller.user.name, body.value, body.note)
            return _fact_json(wr.get_fact(store, fact_id))

    try:
        return await run_write(request, work)
    except wr.FactError as exc:
        raise HTTPException(404 if "no fact" in str(exc) else 400, str(exc))


# -- pages -------------------------------------------------------------------------------------------
@router.get("/reports", include_in_schema=False)
def reports_page(request: Request, caller: Caller = Depends(viewer)):
    return render(request, "reports.html", reports=wr.list_reports(reader(request)))


@router.get("/reports/{report_id}", include_in_schema=False)
def report_page(request: Request, report_id: str, caller: Caller = Depends(viewer)):
    store = reader(request)
    report = _report_or_404(store, report_id)
    facts = [_fact_json(f) for f in wr.report_facts(store, report_id)]
    for fact in facts:
        fact["fields"] = value_fields(fact["edited_value"] if fact["status"] == "edited" and fact["edited_value"]
                                      else fact["value"])
    return render(request, "report.html", report=report, facts=facts, body=highlight(report["text"], facts),
                  authors=loads(report.get("authors"), []) or [], editors=loads(report.get("editors"), []) or [])


FACTS_PER_PAGE = 25
HIDDEN_FIELDS = {"start", "end", "term_start", "term_end", "text", "markers"}


def value_fields(value) -> list[tuple[str, str]]:
    """A fact's value as (field, text) pairs for people: spans and the quoted text left out, empty fields too."""
    if not isinstance(value, dict):
        return [("value", str(value))] if value not in (None, "") else []
    out = []
    for key, item in value.items():
        if key in HIDDEN_FIELDS or item in (None, "", [], {}):
            continue
        if isinstance(item, bool):
            item = "yes" if item else "no"
        elif isinstance(item, (list, dict)):
            item = json.dumps(item, ensure_ascii=False, default=str)
        out.append((key.replace("_", " "), str(item)))
    return out


def in_context(fact: dict) -> dict:
    """The report text around a fact, cut at word boundaries: {before, span, after}."""
    before, after = fact.get("before") or "", fact.get("after") or ""
    if len(before) >= wr.CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if len(after) >= wr.CONTEXT_CHARS and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return {"before": before, "span": fact["text"], "after": after}


@router.get("/facts", include_in_schema=False)
async def facts_page(request: Request, status: str | None = Query("extracted", max_length=20),
                     kind: str | None = Query(None, max_length=30), report: str | None = Query(None, max_length=80),
                     q: str | None = Query(None, max_length=200), page: int = Query(1, ge=1, le=100_000),
                     per: int = Query(FACTS_PER_PAGE, ge=5, le=100), caller: Caller = Depends(viewer)):
    """The facts review page. Its HTML is cached per filter and role until a write of reports (`RESTS_ON`),
    rendered for no one in particular: the caller's name and CSRF token are put in per request (`for_caller`)."""
    status, kind, report, q = status or None, kind or None, report or None, (q or "").strip() or None
    if status and status not in wr.FACT_STATUSES:
        raise HTTPException(422, f"status {status!r}: expected one of {', '.join(wr.FACT_STATUSES)}")
    message = request.query_params.get("message")
    key = ("facts_page", status, kind, report, q, page, per, message, caller.user.role)

    def compute(store) -> str:
        return _facts_html(request, store, status, kind, report, q, page, per, message, caller.user.role)

    html = await cached_answer(request, key, compute)
    return HTMLResponse(for_caller(html, caller))


# Stand-ins for the caller's name and CSRF token in a cached page (random per server: no stored text holds them)
_NAME_SLOT, _CSRF_SLOT = (f"wf{secrets.token_hex(12)}" for _ in range(2))


@dataclass(frozen=True)
class _Anyone:
    """The user a cached page is rendered for: the caller's role, a stand-in for the name."""
    role: str
    name: str = _NAME_SLOT


def for_caller(html: str, caller: Caller) -> str:
    """A page rendered for `_Anyone` of the caller's role, with the caller's name and CSRF token put in."""
    return html.replace(_NAME_SLOT, str(escape(caller.user.name))).replace(_CSRF_SLOT, str(escape(caller.csrf or "")))


def _facts_html(request: Request, store, status, kind, report, q, page: int, per: int, message, role: str) -> str:
    total = wr.count_facts_for_review(store, status, kind, report, q)
    pages = max(1, -(-total // per))
    page = min(page, pages)
    facts = []
    for f in wr.facts_for_review(store, status, kind, per, (page - 1) * per, report, q):
        fact = _fact_json(f)
        fact["fields"] = value_fields(fact["edited_value"] if fact["status"] == "edited" and fact["edited_value"]
                                      else fact["value"])
        fact["context"] = in_context(f)
        facts.append(fact)
    filters = {"status": status or "", "kind": kind or "", "report": report or "", "q": q or "", "per": per}
    return request.app.state.templates.get_template("facts.html").render(
        request=request, user=_Anyone(role), csrf=_CSRF_SLOT, path=request.url.path, facts=facts, filters=filters,
        statuses=wr.FACT_STATUSES, kinds=wr.fact_counts_by_kind(store, status), reports=wr.list_reports(store, 500),
        total=total, page=page, pages=pages, first=(page - 1) * per + 1, last=(page - 1) * per + len(facts),
        message=message)


@router.post("/facts/{fact_id}", include_in_schema=False)
async def facts_form(request: Request, fact_id: str, caller: Caller = Depends(analyst)):
    form = await request.form()
    status, back = str(form.get("status", "")), str(form.get("back", "/facts"))
    back = back if back.startswith("/") and not back.startswith("//") else "/facts"
    value = None
    if status == "edited":
        try:
            value = json.loads(str(form.get("value", "")))
        except ValueError as exc:
            return RedirectResponse(f"/facts?message=correction+is+not+JSON:+{exc.msg}", 303)

    def work():
        with writing(request) as store:
            wr.review_fact(store, fact_id, status, caller.user.name, value, str(form.get("note", "")) or None)

    try:
        await run_write(request, work)
    except wr.FactError as exc:
        raise HTTPException(404 if "no fact" in str(exc) else 400, str(exc))
    return RedirectResponse(back, 303)
