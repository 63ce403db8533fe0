"""The alerts' tables (migrations 0111, 0112): rules, alerts (one per rule and incident), deliveries, and the
outbox of messages recorded before they are sent.

The SQL of the alerts stage is kept in this one module (by the house rules it belongs in store/; it moves
there unchanged)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from watchfloor.config import current_user
from watchfloor.store.connection import Store


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def add_rule(store: Store, rule) -> int:
    with store.transaction():
        rule_id = store.scalar("SELECT nextval('alert_rules_seq')")
        store.execute(
            "INSERT INTO alert_rules (id, name, owner, countries, regions, kinds, min_severity, channel, target, "
            "secret_env, digest, enabled, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [rule_id, rule.name, rule.owner, json.dumps(rule.countries), json.dumps(rule.regions),
             json.dumps(rule.kinds), rule.min_severity, rule.channel, rule.target, rule.secret_env, rule.digest,
             rule.enabled, current_user(), now()])
        store.audit("alert_rule.add", str(rule_id), {"name": rule.name, "owner": rule.owner, "channel": rule.channel})
    return rule_id


def rules(store: Store) -> list[dict]:
    out = []
    for r in store.records("SELECT * FROM alert_rules WHERE enabled ORDER BY id"):
        for key in ("countries", "regions", "kinds"):
            r[key] = json.loads(r[key] or "[]")
        out.append(r)
    return out


def insert_alert(store: Store, rule: dict, incident: str, alert: dict) -> int | None:
    """The new alert's id; None when the rule already alerted on this incident."""
    if store.scalar("SELECT count(*) FROM alerts WHERE rule_id = ? AND incident = ?", [rule["id"], incident]):
        return None
    alert_id = store.scalar("SELECT nextval('alerts_seq')")
    store.execute("INSERT INTO alerts (id, rule_id, incident, kind, severity, country, region, month, title, body, "
                  "evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  [alert_id, rule["id"], incident, alert["kind"], alert["severity"], alert["country"],
                   alert["region"], alert["month"], alert["title"], alert["body"],
                   json.dumps(alert["evidence"], default=str), now()])
    if rule["channel"] != "in-app":
        store.execute("INSERT INTO alert_deliveries (alert_id, channel, target, status, attempts) "
                      "VALUES (?, ?, ?, 'pending', 0)",
                      [alert_id, rule["channel"], rule["target"]])
    store.audit("alert.raise", str(alert_id), {"rule": rule["id"], "incident": incident, "title": alert["title"]})
    return alert_id


def pending(store: Store, max_attempts: int) -> list[dict]:
    """Deliveries no outbox message carries yet (an alert in a message is retried with that message)."""
    return store.records(
        "SELECT d.alert_id, d.channel, d.target, d.attempts, a.title, a.body, a.kind, a.severity, a.country, "
        "a.region, a.month, a.evidence, a.incident, a.created_at, r.id AS rule_id, r.name AS rule_name, r.owner, "
        "r.secret_env FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id JOIN alert_rules r ON "
        "r.id = a.rule_id WHERE d.status <> 'sent' AND d.delivery_id IS NULL AND d.attempts < ? "
        "ORDER BY d.alert_id", [max_attempts])


def queue_message(store: Store, message: dict) -> None:
    """Record a message before it is sent (joins the caller's transaction); its alerts wait for it."""
    store.execute("INSERT INTO alert_outbox (delivery_id, channel, target, alert_ids, title, body, payload, "
                  "secret_env, status, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?)",
                  [message["delivery_id"], message["channel"], message["target"], json.dumps(message["alerts"]),
                   message["title"], message["body"], message["payload"], message["secret_env"], now()])
    for alert_id in message["alerts"]:
        store.execute("UPDATE alert_deliveries SET delivery_id = ? WHERE alert_id = ? AND channel = ?",
                      [message["delivery_id"], alert_id, message["channel"]])


def unsent(store: Store, max_attempts: int) -> list[dict]:
    """Messages recorded and not known to be sent: new ones, failed ones, and any a crash left between its send
    and its record (sent again as recorded, under the same delivery id)."""
    found = store.records("SELECT * FROM alert_outbox WHERE status <> 'sent' AND attempts < ? ORDER BY created_at, "
                          "delivery_id", [max_attempts])
    for m in found:
        m["alerts"] = json.loads(m.pop("alert_ids"))
    return found


def mark_message(store: Store, message: dict, error: str | None) -> None:
    """The outcome of one send: the message and each of its alerts' deliveries."""
    with store.transaction():
        store.execute("UPDATE alert_outbox SET status = ?, attempts = attempts + 1, sent_at = ?, error = ? "
                      "WHERE delivery_id = ?", ["failed" if error else "sent", None if error else now(), error,
                                                message["delivery_id"]])
        for alert_id in message["alerts"]:
            mark(store, alert_id, message["channel"], error is None, error)


def mark(store: Store, alert_id: int, channel: str, ok: bool, error: str | None) -> None:
    with store.transaction():
        store.execute("UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, sent_at = ?, error = ? "
                      "WHERE alert_id = ? AND channel = ?",
                      ["sent" if ok else "failed", now() if ok else None, error, alert_id, channel])
        store.audit("alert.deliver" if ok else "alert.deliver_failed", str(alert_id),
                    {"channel": channel, **({"error": error} if error else {})})


# The rules a user reads the alerts of: their own and their teams' (migration 0123). Two parameters: the user twice.
MINE = "(r.owner = ? OR r.owner IN (SELECT team FROM team_members WHERE user_name = ?))"


def unread(store: Store, owner: str | None = None) -> list[dict]:
    """Unread alerts; of `owner`'s rules (a team, or a user with their teams') when given."""
    where = f" AND {MINE}" if owner else ""
    return store.records("SELECT a.* FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.acknowledged_at "
                         f"IS NULL{where} ORDER BY a.id", [owner, owner] if owner else [])


def owned(store: Store, owner: str, limit: int, offset: int = 0, unread_only: bool = False) -> list[dict]:
    """The alerts of `owner`'s rules and of their teams' rules (any channel), newest first, each with its rule's
    name and owner and `read`."""
    where = " AND a.acknowledged_at IS NULL" if unread_only else ""
    found = store.records(
        "SELECT a.id, a.rule_id, r.name AS rule_name, r.owner, r.channel, a.incident, a.kind, a.severity, a.country, "
        "a.region, a.month, a.title, a.body, a.evidence, a.created_at, a.acknowledged_by, a.acknowledged_at "
        f"FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE {MINE}{where} "
        "ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?", [owner, owner, limit, offset])
    for a in found:
        a["evidence"] = json.loads(a["evidence"] or "[]")
        a["read"] = a["acknowledged_at"] is not None
    return found


def owned_counts(store: Store, owner: str) -> tuple[int, int]:
    """(all, unread) alerts of `owner`'s and their teams' rules: the bell's number and the pager's total."""
    total, unread_count = store.rows(
        "SELECT count(*), count(*) FILTER (WHERE a.acknowledged_at IS NULL) FROM alerts a "
        f"JOIN alert_rules r ON r.id = a.rule_id WHERE {MINE}", [owner, owner])[0]
    return int(total), int(unread_count)


def owner_of(store: Store, alert_id: int) -> str | None:
    """The owner of the rule that raised alert `alert_id`; '' when the rule is deleted (with its team), None when
    there is no such alert."""
    return store.scalar("SELECT coalesce(r.owner, '') FROM alerts a LEFT JOIN alert_rules r ON r.id = a.rule_id "
                        "WHERE a.id = ?", [alert_id])


def region_ids(store: Store, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The admin-1 region ids of (country, region name) pairs, for links to a region's timeline."""
    found: dict[tuple[str, str], str] = {}
    for country, name in sorted(pairs):
        region = store.scalar("SELECT min(id) FROM regions WHERE level = 1 AND country = ? AND name = ?",
                              [country, name])
        if region:
            found[(country, name)] = region
    return found


def is_mine(store: Store, alert_id: int, user: str) -> bool:
    """Did a rule of `user`, or of a team `user` is a member of, raise alert `alert_id`?"""
    return bool(store.scalar(f"SELECT count(*) FROM alerts a JOIN alert_rules r ON r.id = a.rule_id "
                             f"WHERE a.id = ? AND {MINE}", [alert_id, user, user]))


def acknowledgement(store: Store, alert_id: int) -> tuple[str, datetime] | None:
    """Who acknowledged alert `alert_id` and when; None while it is unread (or there is no such alert)."""
    found = store.rows("SELECT acknowledged_by, acknowledged_at FROM alerts WHERE id = ? AND acknowledged_at IS NOT "
                       "NULL", [alert_id])
    return (found[0][0], found[0][1]) if found else None


def acknowledge(store: Store, alert_id: int, user: str) -> bool:
    with store.transaction():
        found = store.scalar("SELECT count(*) FROM alerts WHERE id = ? AND acknowledged_at IS NULL", [alert_id])
        if found:
            store.execute("UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
                          [user, now(), alert_id])
            store.audit("alert.acknowledge", str(alert_id), actor=user)
    return bool(found)


def incident_of(store: Store, record_ids: list[str]) -> str | None:
    """The incident a trigger's evidence records belong to (the smallest incident id among them)."""
    if not record_ids:
        return None
    return store.scalar(f"SELECT min(incident_id) FROM incident_members WHERE record_id IN "
                        f"({', '.join('?' * len(record_ids))})", record_ids)
