"""The in-app bell: the signed-in user's alerts (those of the rules they own, newest first, read or not) and
their acknowledgement, which is audited like `watchfloor alerts ack`."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from watchfloor.alerts import service
from watchfloor.web.auth import Caller, viewer
from watchfloor.web.common import json_response, reader, writing

router = APIRouter()
MAX_ALERTS = 200


@router.get("/api/alerts", tags=["alerts"])
def list_alerts(request: Request, limit: int = Query(50, ge=1, le=MAX_ALERTS), offset: int = Query(0, ge=0),
                unread: bool = Query(False, description="Only the alerts not acknowledged yet"),
                caller: Caller = Depends(viewer)):
    """Your alerts, newest first, each with `read`; `unread` and `total` count all of them (not only the page)."""
    return json_response(service.bell(reader(request), caller.user.name, limit, offset, unread))


@router.post("/api/alerts/{alert_id}/ack", tags=["alerts"])
def acknowledge(request: Request, alert_id: int, caller: Caller = Depends(viewer)):
    """Mark one of your alerts read — one addressed to you or to a team you belong to, the rule of `watchfloor
    alerts ack` — (audited as `alert.acknowledge`); acknowledging it again changes nothing; any other is 404."""
    with writing(request) as store:
        done = service.acknowledge_own(store, alert_id, caller.user.name)
    if done is None:      # another's alert is as good as none: the same answer, saying nothing of its owner
        raise HTTPException(404, f"no alert {alert_id} is addressed to {caller.user.name} or to a team "
                                 f"{caller.user.name} belongs to: not acknowledged")
    return json_response({"id": alert_id, "read": True, "acknowledged_now": done})
