"""Dashboard pages that draw from the JSON API in the browser: map, timeline, actor network, upload."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse

from watchfloor.store import web_queries as q
from watchfloor.store.reference import regions_frame
from watchfloor.web.app import render
from watchfloor.web.auth import Caller, analyst, viewer
from watchfloor.web.common import known_country, reader

router = APIRouter(include_in_schema=False)


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Up; `events_index_loading`: the map's events index is still being loaded (after a start or an ingest)."""
    return JSONResponse({"ok": True, "events_index_loading": request.app.state.store.index_loading()})


@router.get("/")
def home(request: Request, caller: Caller = Depends(viewer)):
    return RedirectResponse("/map", 303)


def _countries(request: Request) -> list[dict]:
    return q.countries_with_events(reader(request))


@router.get("/map")
def map_page(request: Request, caller: Caller = Depends(viewer)):
    return render(request, "map.html", countries=_countries(request))


@router.get("/timeline")
def timeline_page(request: Request, country: str | None = None, region: str | None = None,
                  caller: Caller = Depends(viewer)):
    countries = _countries(request)
    iso3 = known_country(request, country) or (countries[0]["iso3"] if countries else "")
    regions = regions_frame(reader(request), iso3 or None).to_dict("records") if iso3 else []
    # a region of another country (left over from the previous choice) gives way to the whole country
    region = region if any(r["id"] == region for r in regions) else ""
    return render(request, "timeline.html", countries=countries, country=iso3, regions=regions, region=region)


@router.get("/network")
def network_page(request: Request, caller: Caller = Depends(viewer)):
    return render(request, "network.html", countries=_countries(request))


@router.get("/upload")
def upload_page(request: Request, caller: Caller = Depends(analyst)):
    return render(request, "upload.html", limit_mb=request.app.state.upload_limit // (1024 * 1024))
