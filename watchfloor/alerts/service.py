"""Raise alerts from triggers (one per incident and rule) and deliver them (each once; a failed delivery is
tried again on the next cycle, up to MAX_ATTEMPTS). Digest rules get one message per cycle for all their
pending alerts."""
from __future__ import annotations

import json
import logging
import os
import re
import time
from urllib.parse import quote, urlencode
from contextlib import AbstractContextManager, nullcontext
from typing import Callable

from watchfloor.alerts import ledger
from watchfloor.alerts.channels import DeliveryError, send_email, send_webhook
from watchfloor.alerts.rules import AlertRule, matches
from watchfloor.alerts.text import compose
from watchfloor.sources.exclusive import exclusive
from watchfloor.store.connection import Store

log = logging.getLogger("watchfloor.alerts")
MAX_ATTEMPTS = 5


def add_rule(store: Store, rule: AlertRule) -> int:
    """Store a rule; its owner must be an existing user or team (a ValueError names it otherwise)."""
    from watchfloor.store.teams import TEAMS_LOCK, owner_kind
    rule.check()
    with store.transaction():
        store.lock(TEAMS_LOCK)          # a team being deleted is gone, or still there with this rule to name
        owner_kind(store, rule.owner)
        return ledger.add_rule(store, rule)


def raise_alerts(store: Store, country: str, triggers: list,
                 draft_brief: Callable[[object, str], str] | None = None) -> list[dict]:
    """The alerts newly raised for `triggers` (a trigger a rule already alerted on raises nothing). For an
    imminent warning (severity 3), `draft_brief(trigger, country)` starts a draft brief and says where it is."""
    rules = ledger.rules(store)
    raised = []
    with store.transaction():
        store.lock("alerts.raise")        # PostgreSQL: another process raising waits, then sees these alerts
        for trigger in triggers:
            wanting = [r for r in rules if matches(r, trigger, country)]
            if not wanting:
                continue
            incident, records = incident_key(store, trigger)
            for rule in wanting:
                if records and _already_alerted(store, rule["id"], records):
                    continue       # the incident grew (another source joined it): still the same incident
                alert = compose(trigger, country)
                if trigger.severity >= 3 and draft_brief is not None:
                    alert["body"] += "\n\n" + draft_brief(trigger, country)
                alert_id = ledger.insert_alert(store, rule, incident, alert)
                if alert_id:
                    raised.append({"id": alert_id, "rule_id": rule["id"], **alert})
    return raised


def incident_key(store: Store, trigger) -> tuple[str, set[str]]:
    """What makes two triggers one alert: the incident of a trigger event's records; for a rate trigger, its
    kind, region and month."""
    if trigger.family == "escalation":
        return f"{trigger.kind}:{trigger.region_id}:{trigger.month:%Y-%m}", set()
    records = {f"{trigger.kind}:{e['id']}" if e.get("type") == "report" else str(e["id"]) for e in trigger.evidence}
    incident = ledger.incident_of(store, sorted(records))
    return (f"incident:{incident}" if incident else f"{trigger.kind}:" + ",".join(sorted(records))), records


def _already_alerted(store: Store, rule_id: int, records: set[str]) -> bool:
    for (evidence,) in store.rows("SELECT evidence FROM alerts WHERE rule_id = ?", [rule_id]):
        if records & {str(e.get("id")) for e in json.loads(evidence or "[]") if e.get("type") != "report"}:
            return True
    return False


def deliver_pending(store: Store, writer: Callable[[], AbstractContextManager[Store]] | None = None) -> list[dict]:
    """Send every delivery not yet sent; returns what happened to each message.

    Each message is recorded in the outbox before it is sent and marked after: the sends themselves run with no
    write held (`writer()`, default `store`, is taken for the two records only). A crash between a send and its
    record leaves the message queued, so the next call sends it again, the same message under the same delivery
    id (`X-Watchfloor-Delivery`, the email's Message-ID) for the receiver to drop as a repeat; nothing already
    recorded as sent is sent again. One thread or process sends at a time (another waits, then finds the
    messages sent)."""
    with exclusive(store, "alerts.send"):      # one sender at a time, in any process: no message sent twice
        return _deliver_held(store, writer or (lambda: nullcontext(store)))


def _deliver_held(store: Store, writing: Callable[[], AbstractContextManager[Store]]) -> list[dict]:
    with writing() as target, target.transaction():
        for message in compose_pending(target):
            ledger.queue_message(target, message)
        queued = ledger.unsent(target, MAX_ATTEMPTS)
    done = []
    for message in queued:
        error = _send(message)
        _fault_pause()
        with writing() as target:
            ledger.mark_message(target, message, error)
        done.append({"alerts": message["alerts"], "channel": message["channel"], "sent": error is None,
                     "error": error, "delivery_id": message["delivery_id"]})
    return done


def compose_pending(store: Store) -> list[dict]:
    """The messages for the deliveries no message carries yet: one per alert, one per digest rule."""
    messages = []
    digests: dict[int, list[dict]] = {}
    digest_rules = {r["id"] for r in ledger.rules(store) if r["digest"]}
    for d in ledger.pending(store, MAX_ATTEMPTS):
        if d["rule_id"] in digest_rules:
            digests.setdefault(d["rule_id"], []).append(d)
            continue
        messages.append(_message([d], d["title"], d["body"]))
    for rule_id, group in digests.items():
        title = f"watchfloor digest: {len(group)} alert(s) for {group[0]['rule_name']}"
        messages.append(_message(group, title, "\n\n".join(d["body"] for d in group)))
    return messages


def _message(group: list[dict], title: str, body: str) -> dict:
    first = group[0]
    ids = [d["alert_id"] for d in group]
    delivery_id = "alert-" + "-".join(str(i) for i in ids)
    payload = None
    if first["channel"] == "webhook":
        payload = json.dumps({
            "title": title, "body": body, "delivery": delivery_id,
            "alerts": [{k: d[k] for k in ("alert_id", "kind", "severity", "country", "region", "month", "incident",
                                          "title")} | {"evidence": json.loads(d["evidence"] or "[]")} for d in group],
            "rule": first["rule_name"], "owner": first["owner"]}, default=str, sort_keys=True)
    return {"delivery_id": delivery_id, "channel": first["channel"], "target": first["target"], "alerts": ids,
            "title": title, "body": body, "payload": payload, "secret_env": first["secret_env"]}


def _send(message: dict) -> str | None:
    """Send one recorded message; the error, or None."""
    try:
        if message["channel"] == "email":
            send_email(message["target"], message["title"], message["body"], f"<{message['delivery_id']}@watchfloor>")
        else:
            send_webhook(message["target"], json.loads(message["payload"]), message["secret_env"],
                         message["delivery_id"])
        return None
    except DeliveryError as exc:
        log.warning("alert %s: %s", message["delivery_id"], exc)
        return str(exc)


def _fault_pause() -> None:
    """Fault-injection point for the crash test: a message is sent and not yet recorded as sent."""
    seconds = os.environ.get("WATCHFLOOR_FAULT_PAUSE_AFTER_SEND")
    if seconds:
        print("alerts: sent, paused before recording", flush=True)
        time.sleep(float(seconds))


def acknowledge(store: Store, alert_id: int, user: str) -> bool:
    return ledger.acknowledge(store, alert_id, user)


def unread(store: Store, owner: str | None = None) -> list[dict]:
    return ledger.unread(store, owner)


def bell(store: Store, user: str, limit: int, offset: int = 0, unread_only: bool = False) -> dict:
    """The in-app bell of `user`: the alerts of their rules and of their teams' rules newest first (a page of
    `limit` from `offset`), how many there are and how many are unread. Each alert also carries what the
    dashboard shows: `lines` (the warning's first lines, before its evidence), `links` (the evidence in the
    dashboard) and `draft_brief` (the brief an imminent warning started, or None)."""
    total, unread_count = ledger.owned_counts(store, user)
    alerts = ledger.owned(store, user, limit, offset, unread_only)
    regions = ledger.region_ids(store, {(a["country"], a["region"]) for a in alerts if a["country"] and a["region"]})
    for a in alerts:
        a["lines"] = warning_lines(a["body"])
        a["links"] = evidence_links(a, regions.get((a["country"], a["region"])))
        a["draft_brief"] = draft_brief_of(a["body"])
    return {"alerts": alerts, "total": total, "unread": unread_count, "limit": limit, "offset": offset}


def warning_lines(body: str) -> list[str]:
    """The alert's words in our ICD 203 language: its lines up to the evidence list (no blank ones)."""
    lines = []
    for line in (body or "").splitlines():
        if line.strip() == "Evidence:":
            break
        if line.strip():
            lines.append(line.strip())
    return lines


_DRAFT = re.compile(r"A draft brief is started: \S*/briefs/(\d+) \(brief \1\)\.")


def draft_brief_of(body: str) -> dict | None:
    """The draft brief an imminent warning started (Watch.draft_brief's line in the body): its id and page."""
    found = _DRAFT.search(body or "")
    return {"id": int(found.group(1)), "href": f"/briefs/{found.group(1)}"} if found else None


def evidence_links(alert: dict, region_id: str | None = None) -> list[dict]:
    """The evidence as dashboard paths (same site; never a host taken from the data): a report or a fact its
    report's page, an event its region's timeline (`region_id`, else the country's)."""
    links = []
    for item in alert["evidence"][:10]:
        kind, ident = str(item.get("type") or ""), str(item.get("id") or "")
        if kind == "report":
            links.append({"label": f"report {ident}", "href": f"/reports/{quote(ident, safe='')}"})
        elif kind == "fact":
            report = str(item.get("report") or ident).split(":")[0]
            links.append({"label": f"fact {ident}", "href": f"/reports/{quote(report, safe='')}"})
        elif kind == "event" and alert.get("country"):
            query = urlencode({"country": alert["country"], **({"region": region_id} if region_id else {})})
            links.append({"label": f"event {ident}", "href": f"/timeline?{query}"})
    return links


class NotAddressed(ValueError):
    """An acknowledgement refused: the alert is not addressed to the user (nor to a team of theirs), or there
    is no such alert or user. The message names the alert and the user."""


def acknowledge_own(store: Store, alert_id: int, user: str) -> bool | None:
    """Acknowledge an alert of one of `user`'s rules or of a team's rule `user` is a member of: True when it was
    unread, False when it had been read already, None when `user` has no such alert (another's alert is as good
    as none). A team's alert is acknowledged once for the team: the first member to acknowledge it marks it read
    for every member (and is named as `acknowledged_by`)."""
    if not ledger.is_mine(store, alert_id, user):
        return None
    return ledger.acknowledge(store, alert_id, user)


def acknowledge_as(store: Store, alert_id: int, user: str) -> bool:
    """`watchfloor alerts ack ID --user NAME` and the API's rule: `user` (an existing user, not a team's name)
    acknowledges an alert addressed to them or to a team they belong to. True when it was unread, False when
    read already; NotAddressed otherwise, naming the alert, the user and whom the alert is for."""
    from watchfloor.store.teams import owner_kind
    try:
        is_user = owner_kind(store, user) == "user"
    except ValueError:
        is_user = False
    if not is_user:
        raise NotAddressed(f"cannot acknowledge alert {alert_id} as {user!r}: no user is named {user!r} "
                           f"(`watchfloor users list` names them; a team acknowledges through its members)")
    done = acknowledge_own(store, alert_id, user)
    if done is None:
        owner = ledger.owner_of(store, alert_id)
        if owner is None:
            raise NotAddressed(f"no alert {alert_id} (user {user!r} cannot acknowledge it)")
        if not owner:
            raise NotAddressed(f"alert {alert_id}'s rule is deleted (with its team): it is addressed to no one now, "
                               f"and user {user!r} cannot acknowledge it")
        raise NotAddressed(f"alert {alert_id} is not addressed to user {user!r} nor to a team {user!r} belongs to "
                           f"(it is for {owner!r}): not acknowledged")
    return done
