"""The in-app bell's API through a real `watchfloor serve`, on a DuckDB file and on PostgreSQL: GET /api/alerts (the caller's
alerts, newest first, read or not, paged) and POST /api/alerts/{id}/ack (audited); a user sees and
acknowledges only the alerts of the rules they own, and nothing without a token."""
from __future__ import annotations

import json

import httpx

from test_alerts_delivery import teams, trigger
from web_helpers import Server, add_users, bearer
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule, raise_alerts
from watchfloor.store import Store


def _bell_store(path: str) -> tuple:
    """A fresh store with one user per role, and alerts for 'viewer' (severity 3 only), 'analyst' (2 and up) and
    a team none of them is: (path, tokens, alert ids by owner)."""
    tokens = add_users(path)
    with Store.open(path) as store:
        teams(store, "sahel-team")
        rules = {owner: add_rule(store, AlertRule(f"{owner} bell", owner, "in-app", countries=["MLI"],
                                                  min_severity=severity))
                 for owner, severity in (("viewer", 3), ("analyst", 2), ("sahel-team", 1))}
        raised = raise_alerts(store, "MLI", [trigger(1, 3), trigger(2, 2), trigger(3, 3)])
    owners = {rule_id: owner for owner, rule_id in rules.items()}
    by_owner: dict[str, list[int]] = {}
    for alert in raised:
        by_owner.setdefault(owners[alert["rule_id"]], []).append(alert["id"])
    return path, tokens, by_owner


def _get(server: Server, token: str | None, query: str = "") -> httpx.Response:
    return httpx.get(f"{server.url}/api/alerts{query}", headers=bearer(token) if token else {}, timeout=30)


def _ack(server: Server, token: str, alert_id: int) -> httpx.Response:
    return httpx.post(f"{server.url}/api/alerts/{alert_id}/ack", headers=bearer(token), timeout=30)


def test_the_bell_shows_a_user_their_own_alerts_and_acknowledges_them(any_fresh_db, tmp_path):
    path, tokens, mine = _bell_store(any_fresh_db)
    assert len(mine["viewer"]) == 2 and len(mine["analyst"]) == 3 and len(mine["sahel-team"]) == 3
    with Server(path, tmp_path / "server.log") as server:
        assert _get(server, None).status_code == 401
        assert _get(server, tokens["viewer"] + "x").status_code == 401
        assert httpx.post(f"{server.url}/api/alerts/{mine['viewer'][0]}/ack", timeout=30).status_code == 401

        bell = _get(server, tokens["viewer"]).json()
        assert [a["id"] for a in bell["alerts"]] == sorted(mine["viewer"], reverse=True)      # newest first
        assert bell["unread"] == 2 and bell["total"] == 2 and not any(a["read"] for a in bell["alerts"])
        assert all(a["severity"] == 3 and a["rule_name"] == "viewer bell" for a in bell["alerts"])
        assert bell["alerts"][0]["evidence"] == [{"type": "event", "id": "acled:MLI31003", "source": "acled"}]
        assert _get(server, tokens["editor"]).json() == {"alerts": [], "total": 0, "unread": 0, "limit": 50,
                                                         "offset": 0}

        # pages of two: every one of the analyst's alerts once, newest first
        pages = [_get(server, tokens["analyst"], f"?limit=2&offset={o}").json() for o in (0, 2, 4)]
        assert [len(p["alerts"]) for p in pages] == [2, 1, 0] and {p["total"] for p in pages} == {3}
        assert [a["id"] for p in pages for a in p["alerts"]] == sorted(mine["analyst"], reverse=True)
        assert _get(server, tokens["analyst"], "?limit=0").status_code == 422
        assert _get(server, tokens["analyst"], "?limit=201").status_code == 422

        # another's alert is as good as none: not acknowledged, and still unread for its owner
        assert _ack(server, tokens["viewer"], mine["analyst"][0]).status_code == 404
        assert _ack(server, tokens["admin"], mine["sahel-team"][0]).status_code == 404
        assert _ack(server, tokens["viewer"], 99999).status_code == 404
        assert _get(server, tokens["analyst"]).json()["unread"] == 3

        first = _ack(server, tokens["viewer"], mine["viewer"][0])
        assert first.status_code == 200 and first.json() == {"id": mine["viewer"][0], "read": True,
                                                              "acknowledged_now": True}
        again = _ack(server, tokens["viewer"], mine["viewer"][0])
        assert again.status_code == 200 and again.json()["acknowledged_now"] is False
        bell = _get(server, tokens["viewer"]).json()
        assert bell["unread"] == 1 and bell["total"] == 2
        assert {a["id"]: a["read"] for a in bell["alerts"]} == {mine["viewer"][0]: True, mine["viewer"][1]: False}
        assert {a["id"]: a["acknowledged_by"] for a in bell["alerts"]}[mine["viewer"][0]] == "viewer"
        unread = _get(server, tokens["viewer"], "?unread=true").json()
        assert [a["id"] for a in unread["alerts"]] == [mine["viewer"][1]]

    with Store.open(path) as store:
        audited = store.rows("SELECT actor, target FROM audit WHERE action = 'alert.acknowledge'")
        acknowledged = store.rows("SELECT id, acknowledged_by FROM alerts WHERE acknowledged_at IS NOT NULL")
    assert audited == [("viewer", str(mine["viewer"][0]))]          # once, by the user who read it
    assert acknowledged == [(mine["viewer"][0], "viewer")]
