"""Who may acknowledge an alert: a user acknowledges only the alerts addressed to them or to a team they belong
to, by `watchfloor alerts ack ID --user NAME` (any other is refused, exit 1, naming the alert and the user, and
nothing is recorded) and by POST /api/alerts/ID/ack on a real server (404 naming the alert and the caller, the
same answer as for no alert at all). On a DuckDB file and on PostgreSQL."""
from __future__ import annotations

import httpx
from typer.testing import CliRunner

from test_alerts_delivery import trigger
from web_helpers import Server, _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule, bell, raise_alerts
from watchfloor.cli import app
from watchfloor.store import Store
from watchfloor.store.teams import add_team

runner = CliRunner()


def _ack(db: str, alert_id: int, user: str):
    result = runner.invoke(app, ["--db", db, "alerts", "ack", str(alert_id), "--user", user])
    return result.exit_code, " ".join(result.output.split())


def _record(db: str) -> tuple[list, list]:
    with Store.open(db) as store:
        return (store.rows("SELECT id, acknowledged_by FROM alerts WHERE acknowledged_at IS NOT NULL ORDER BY id"),
                store.rows("SELECT actor, target FROM audit WHERE action = 'alert.acknowledge' ORDER BY id"))


def test_the_cli_acknowledges_only_alerts_addressed_to_the_user_or_their_team(any_fresh_db):
    db = any_fresh_db
    with Store.open(db) as store:
        store.execute("INSERT INTO users (name, role, created_at) SELECT name, 'analyst', current_timestamp FROM "
                      "(VALUES ('ana'), ('bob'), ('cem')) AS t(name)")
        add_team(store, "desk", "test", ["ana", "bob"])
        add_rule(store, AlertRule("desk rule", "desk", "in-app", countries=["MLI"]))
        add_rule(store, AlertRule("cem's rule", "cem", "in-app", countries=["MLI"], min_severity=3))
        raised = raise_alerts(store, "MLI", [trigger(1, 3), trigger(2, 2)])
    desk = sorted(a["id"] for a in raised if a["rule_id"] == 1)
    cems = [a["id"] for a in raised if a["rule_id"] == 2]
    assert len(desk) == 2 and len(cems) == 1

    code, said = _ack(db, desk[0], "cem")                                   # not a member of the team
    assert code == 1
    assert f"alert {desk[0]} is not addressed to user 'cem' nor to a team 'cem' belongs to" in said
    assert "not acknowledged" in said
    code, said = _ack(db, cems[0], "ana")                                   # another user's own alert
    assert code == 1 and f"alert {cems[0]} is not addressed to user 'ana'" in said
    code, said = _ack(db, desk[0], "desk")                                  # a team's name is no user
    assert code == 1 and f"cannot acknowledge alert {desk[0]} as 'desk': no user is named 'desk'" in said
    code, said = _ack(db, desk[0], "nobody")
    assert code == 1 and "no user is named 'nobody'" in said
    code, said = _ack(db, 99999, "ana")
    assert code == 1 and "no alert 99999" in said and "'ana'" in said
    assert _record(db) == ([], [])                                          # nothing was recorded

    assert _ack(db, desk[0], "bob") == (0, f"alert {desk[0]} acknowledged by bob")
    code, said = _ack(db, desk[0], "ana")                                   # read already, for the whole team
    assert code == 0 and said.startswith(f"alert {desk[0]} was acknowledged already (by bob at ")
    assert _ack(db, cems[0], "cem") == (0, f"alert {cems[0]} acknowledged by cem")
    assert _record(db) == ([(desk[0], "bob"), (cems[0], "cem")], [("bob", str(desk[0])), ("cem", str(cems[0]))])
    with Store.open(db) as store:
        assert bell(store, "ana", 50)["unread"] == 1


def test_the_api_applies_the_same_rule(any_web_db, tmp_path):
    path, tokens = any_web_db
    with Store.open(path) as store:
        add_team(store, "desk", "admin", ["analyst"])
        add_rule(store, AlertRule("desk rule", "desk", "in-app", countries=["MLI"], min_severity=3))
        add_rule(store, AlertRule("editor's rule", "editor", "in-app", countries=["MLI"], min_severity=3))
        raised = {a["rule_id"]: a["id"] for a in raise_alerts(store, "MLI", [trigger(1, 3)])}
    desk, editors = sorted(raised.values())

    with Server(path, tmp_path / "server.log") as server:
        def ack(role: str, alert_id: int) -> httpx.Response:
            return httpx.post(f"{server.url}/api/alerts/{alert_id}/ack", headers=bearer(tokens[role]), timeout=30)

        for role, alert_id in (("viewer", desk), ("editor", desk), ("analyst", editors), ("admin", editors)):
            refused = ack(role, alert_id)
            assert refused.status_code == 404, (role, alert_id, refused.text)
            assert refused.json()["detail"] == (f"no alert {alert_id} is addressed to {role} or to a team {role} "
                                                "belongs to: not acknowledged")
        assert ack("viewer", 99999).json()["detail"].startswith("no alert 99999 is addressed to viewer")
        assert ack("analyst", desk).json() == {"id": desk, "read": True, "acknowledged_now": True}
        assert ack("editor", editors).json()["acknowledged_now"] is True
        assert ack("analyst", desk).json()["acknowledged_now"] is False
    assert _record(path) == ([(desk, "analyst"), (editors, "editor")],
                             [("analyst", str(desk)), ("editor", str(editors))])
