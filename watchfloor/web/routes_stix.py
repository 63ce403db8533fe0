"""STIX 2.1 over the API: a country's bundle out, a partner's bundle in (see watchfloor/exchange/stix.py)."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Query, Request, UploadFile

from watchfloor.exchange.stix import StixError, export_bundle, keep_objects, read_bundle
from watchfloor.web.auth import Caller, analyst, viewer
from watchfloor.web.common import json_response, known_country, reader, writing

router = APIRouter()


@router.get("/api/stix", tags=["stix"])
def stix_bundle(request: Request, country: str = Query(..., max_length=3, pattern="^[A-Za-z]{3}$"),
                since: date | None = Query(None, description="YYYY-MM-DD"), caller: Caller = Depends(viewer)):
    """A STIX 2.1 bundle of the country's events, actors, places, reports and judgments, and the objects
    imported for it."""
    return json_response(export_bundle(reader(request), known_country(request, country), since),
                         media_type="application/stix+json;version=2.1")


@router.post("/api/stix", tags=["stix"])
def stix_import(request: Request, file: UploadFile, caller: Caller = Depends(analyst)) -> dict:
    """Import a STIX 2.1 bundle (refused whole when it does not validate); counts added/updated/unchanged."""
    origin = file.filename or "upload"
    try:      # validated before the write lock is taken: validating a large bundle takes seconds
        objects = read_bundle(file.file.read().decode("utf-8", errors="replace"), origin)
    except StixError as exc:
        raise HTTPException(400, str(exc))
    with writing(request) as store:
        return keep_objects(store, objects, origin, caller.user.name)
