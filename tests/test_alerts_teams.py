"""Teams (migration 0123), on a DuckDB file and on PostgreSQL: `watchfloor teams` makes a team and adds or takes out
members; an alert rule's owner must be an existing user or team; a team's rule reaches every member's bell and one
member's acknowledgement marks it read for the whole team (audited once, naming who); a member taken out of the
team no longer sees its alerts. The users page's teams form does the same through a real server; stores made
before teams keep their rules (a free owner becomes a team). A team is deleted (CLI, API, users page) only with
its rules, and its alerts' record stays."""
from __future__ import annotations

import json
import re
import threading

import httpx
from typer.testing import CliRunner

from test_alerts_delivery import trigger
from web_helpers import PASSWORD, Server, _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401
from watchfloor.alerts import ledger
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import acknowledge_own, add_rule, bell, raise_alerts, unread
from watchfloor.cli import app
from watchfloor.store import Store
from watchfloor.store.teams import add_team, delete_team, get_team, list_teams
from watchfloor.store.users import UserError

runner = CliRunner()


def _cli(db: str, *args: str):
    return runner.invoke(app, ["--db", db, *args])


def test_team_rules_reach_every_member_and_one_ack_serves_the_team(any_fresh_db):
    db = any_fresh_db
    for name in ("ana", "bob", "cem"):
        assert _cli(db, "users", "add", name).exit_code == 0
    made = _cli(db, "teams", "add", "sahel-desk", "--member", "ana")
    assert made.exit_code == 0 and made.output.strip() == "team sahel-desk: ana", made.output
    assert _cli(db, "teams", "join", "sahel-desk", "bob").output.strip() == "team sahel-desk: ana, bob"

    # refusals name what is wrong, and change nothing
    joined = _cli(db, "teams", "join", "sahel-desk", "cem", "zed")          # all or none
    assert joined.exit_code == 2 and "no user 'zed'" in joined.output
    assert _cli(db, "teams", "list").output.split("\n")[0].split() == ["sahel-desk", "ana", "bob"]
    clash = _cli(db, "teams", "add", "ana")
    assert clash.exit_code == 2 and "'ana' is a user's name" in clash.output
    taken = _cli(db, "users", "add", "sahel-desk")
    assert taken.exit_code == 2 and "'sahel-desk' is a team's name" in taken.output
    assert _cli(db, "teams", "join", "no-such-team", "ana").exit_code == 2
    nobody = _cli(db, "alerts", "rule", "lost", "--owner", "nobody", "--country", "MLI")
    assert nobody.exit_code == 1 and "owner 'nobody' is neither a user nor a team" in nobody.output
    assert _cli(db, "alerts", "rule", "desk", "--owner", "sahel-desk", "--country", "MLI").exit_code == 0
    assert _cli(db, "alerts", "rule", "own", "--owner", "cem", "--country", "MLI", "--min-severity", "3").exit_code == 0

    with Store.open(db) as store:
        assert [r["owner"] for r in ledger.rules(store)] == ["sahel-desk", "cem"]
        raised = raise_alerts(store, "MLI", [trigger(1, 3), trigger(2, 2)])
        team_alerts = sorted(a["id"] for a in raised if a["rule_id"] == 1)
        assert len(team_alerts) == 2 and len(raised) == 3
        for member in ("ana", "bob"):
            mine = bell(store, member, 50)
            assert sorted(a["id"] for a in mine["alerts"]) == team_alerts and mine["unread"] == 2
            assert {a["owner"] for a in mine["alerts"]} == {"sahel-desk"}
        assert [a["rule_name"] for a in bell(store, "cem", 50)["alerts"]] == ["own"]      # not a member
        assert acknowledge_own(store, team_alerts[0], "cem") is None

        assert acknowledge_own(store, team_alerts[0], "bob") is True
        assert acknowledge_own(store, team_alerts[0], "ana") is False              # read already, for the team
        ana = {a["id"]: a for a in bell(store, "ana", 50)["alerts"]}
        assert ana[team_alerts[0]]["read"] and ana[team_alerts[0]]["acknowledged_by"] == "bob"
        assert bell(store, "ana", 50)["unread"] == 1 and bell(store, "bob", 50)["unread"] == 1
        assert [a["id"] for a in unread(store, "ana")] == [team_alerts[1]]            # the CLI's list: her teams' too
        assert store.rows("SELECT actor, target FROM audit WHERE action = 'alert.acknowledge'") == [
            ("bob", str(team_alerts[0]))]

    left = _cli(db, "teams", "leave", "sahel-desk", "bob")
    assert left.exit_code == 0 and left.output.strip() == "team sahel-desk: ana"
    assert _cli(db, "teams", "leave", "sahel-desk", "bob").exit_code == 2             # not a member any more
    with Store.open(db) as store:
        assert bell(store, "bob", 50) == {"alerts": [], "total": 0, "unread": 0, "limit": 50, "offset": 0}
        assert acknowledge_own(store, team_alerts[1], "bob") is None
        assert bell(store, "ana", 50)["unread"] == 1
        audited = store.rows("SELECT action, target, detail FROM audit WHERE action LIKE 'team.%' ORDER BY id")
    assert [(a, t) for a, t, _ in audited] == [("team.add", "sahel-desk"), ("team.member_add", "sahel-desk"),
                                               ("team.member_add", "sahel-desk"), ("team.member_remove", "sahel-desk")]
    assert ['"bob"' in (d or "") for _, _, d in audited] == [False, False, True, True]


def test_a_store_from_before_teams_keeps_its_rules(any_fresh_db):
    """Migration 0123 on a store whose rules name free owners: each owner that is no user becomes a team."""
    with Store.open(any_fresh_db) as store:
        store.execute("INSERT INTO users (name, role, created_at) VALUES ('ana', 'analyst', current_timestamp)")
        store.execute("DROP TABLE team_members")
        store.execute("DROP TABLE teams")
        store.execute("DELETE FROM schema_version WHERE version = 123")
        for owner in ("ops", "ana", "ops"):
            ledger.add_rule(store, AlertRule(f"{owner} rule", owner, "in-app"))    # as before: no owner check
    with Store.open(any_fresh_db) as store:
        assert 123 in store.applied_migrations()
        assert [(t.name, t.members) for t in list_teams(store)] == [("ops", ())]
        assert get_team(store, "ana") is None


def _csrf(html: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', html).group(1)


def test_the_users_page_makes_teams(any_web_db, tmp_path):
    path, tokens = any_web_db
    with Server(path, tmp_path / "server.log") as server, httpx.Client(base_url=server.url, timeout=30) as web:
        assert web.post("/login", data={"name": "admin", "password": PASSWORD}).status_code == 303
        csrf = _csrf(web.get("/admin/users").text)

        def form(team: str, user: str, action: str) -> str:
            page = web.post("/admin/teams", data={"csrf_token": csrf, "team": team, "user": user, "action": action})
            assert page.status_code == 200
            return re.search(r'id="users-message">([^<]*)<', page.text).group(1)

        assert form("sahel-desk", "analyst", "create") == "team sahel-desk added: analyst"
        assert form("sahel-desk", "editor", "add") == "team sahel-desk: editor added"
        assert form("sahel-desk", "analyst", "remove") == "team sahel-desk: analyst removed"
        assert form("viewer", "", "create") == ("error: &#39;viewer&#39; is a user&#39;s name; a team needs a name "
                                                "of its own")
        assert form("sahel-desk", "nobody", "add") == "error: no user &#39;nobody&#39;"
        page = web.get("/admin/users").text
        assert re.search(r'<tr data-team="sahel-desk"><td>sahel-desk</td><td>editor</td></tr>', page)
        # without the session's CSRF token the form is refused; a non-admin cannot use it
        assert web.post("/admin/teams", data={"team": "x", "user": "", "action": "create"}).status_code == 403
        analyst = httpx.post(f"{server.url}/admin/teams", data={"team": "x", "user": "", "action": "create"},
                             headers=bearer(tokens["analyst"]), timeout=30)
        assert analyst.status_code == 403

        # the same over the API, for admins
        api = httpx.Client(base_url=server.url, headers=bearer(tokens["admin"]), timeout=30)
        assert api.get("/api/teams").json() == [{"name": "sahel-desk", "members": ["editor"]}]
        made = api.post("/api/teams", json={"name": "ops", "members": ["viewer"]})
        assert made.status_code == 201 and made.json() == {"name": "ops", "members": ["viewer"]}
        assert api.post("/api/teams/ops/members", json={"user": "analyst"}).json()["members"] == ["analyst", "viewer"]
        assert api.delete("/api/teams/ops/members/viewer").json() == {"name": "ops", "members": ["analyst"]}
        assert api.post("/api/teams", json={"name": "ops"}).status_code == 400                  # taken
        assert api.post("/api/teams/nope/members", json={"user": "analyst"}).status_code == 404
        assert api.post("/api/teams/ops/members", json={"user": "nobody"}).status_code == 404
        assert api.delete("/api/teams/ops/members/viewer").status_code == 400                   # not a member
        assert httpx.get(f"{server.url}/api/teams", headers=bearer(tokens["editor"]), timeout=30).status_code == 403
        assert api.get("/api/teams").json()[0] == {"name": "ops", "members": ["analyst"]}



def test_deleting_a_team_refuses_while_it_owns_rules_and_keeps_the_record(any_fresh_db):
    """`watchfloor teams delete`: refused (naming the rules) while the team owns alert rules; with --with-rules
    the team, its memberships and its rules go, audited, while the alerts raised and their acknowledgements stay
    on record; a team made later under the same name inherits nothing."""
    db = any_fresh_db
    for name in ("ana", "bob"):
        assert _cli(db, "users", "add", name).exit_code == 0
    assert _cli(db, "teams", "add", "sahel-desk", "--member", "ana", "--member", "bob").exit_code == 0
    assert _cli(db, "teams", "add", "spare").exit_code == 0
    assert _cli(db, "alerts", "rule", "desk", "--owner", "sahel-desk", "--country", "MLI").exit_code == 0
    assert _cli(db, "alerts", "rule", "ana's", "--owner", "ana", "--country", "MLI").exit_code == 0
    with Store.open(db) as store:
        raised = raise_alerts(store, "MLI", [trigger(1, 3), trigger(2, 2)])
        desk = sorted(a["id"] for a in raised if a["rule_id"] == 1)
        assert len(desk) == 2 and acknowledge_own(store, desk[0], "bob") is True

    assert "Refused while alert rules are owned by the team" in " ".join(
        _cli(db, "teams", "delete", "--help").output.split())
    refused = _cli(db, "teams", "delete", "sahel-desk")
    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.output.split())
    assert "team 'sahel-desk' still owns 1 alert rule(s): 1 'desk'" in said and "--with-rules" in said
    assert [line.split() for line in _cli(db, "teams", "list").output.splitlines()] == [
        ["sahel-desk", "ana", "bob"], ["spare", "-"]]                                          # nothing changed
    missing = _cli(db, "teams", "delete", "nope")
    assert missing.exit_code == 2 and "no team 'nope'" in missing.output

    spare = _cli(db, "teams", "delete", "spare")
    assert spare.exit_code == 0 and spare.output.strip() == "team spare deleted (members were: none)"
    gone = _cli(db, "teams", "delete", "sahel-desk", "--with-rules")
    assert gone.exit_code == 0, gone.output
    assert gone.output.strip() == "team sahel-desk deleted (members were: ana, bob; rules deleted: 1)"
    assert _cli(db, "teams", "list").output == ""

    with Store.open(db) as store:
        assert [r["name"] for r in ledger.rules(store)] == ["ana's"]              # her own rule stays
        assert store.scalar("SELECT count(*) FROM team_members") == 0
        assert [a["rule_name"] for a in bell(store, "bob", 50)["alerts"]] == []
        assert {a["rule_name"] for a in bell(store, "ana", 50)["alerts"]} == {"ana's"}
        # the alerts raised and the acknowledgement stay on record, in the alerts and in the audit trail
        assert store.rows("SELECT id, acknowledged_by FROM alerts WHERE rule_id = 1 ORDER BY id") == [
            (desk[0], "bob"), (desk[1], None)]
        assert store.rows("SELECT actor, target FROM audit WHERE action = 'alert.acknowledge'") == [
            ("bob", str(desk[0]))]
        audited = store.rows("SELECT action, target, detail FROM audit WHERE action IN ('team.delete', "
                             "'alert_rule.delete') ORDER BY id")
    assert [(a, t) for a, t, _ in audited] == [("team.delete", "spare"), ("alert_rule.delete", "1"),
                                               ("team.delete", "sahel-desk")]
    assert json.loads(audited[2][2]) == {"members": ["ana", "bob"], "rules": [1]}
    assert json.loads(audited[1][2])["name"] == "desk"

    # a new team under the old name starts empty: no old rule, no old alert reaches its members
    assert _cli(db, "teams", "add", "sahel-desk", "--member", "bob").exit_code == 0
    with Store.open(db) as store:
        assert bell(store, "bob", 50)["total"] == 0
    orphan = _cli(db, "alerts", "ack", str(desk[1]), "--user", "bob")
    assert orphan.exit_code == 1 and f"alert {desk[1]}'s rule is deleted (with its team)" in orphan.output


def test_teams_are_deleted_over_the_api_and_the_users_page(any_web_db, tmp_path):
    """DELETE /api/teams/NAME for editors and admins (409 naming the rules while the team owns any, unless
    with_rules); the users page's teams form deletes too; every deletion audited with who did it."""
    path, tokens = any_web_db
    with Store.open(path) as store:
        for name, members in (("sahel-desk", ["analyst", "viewer"]), ("spare", []), ("ops", ["editor"])):
            add_team(store, name, "admin", members)
        rule_id = add_rule(store, AlertRule("mopti desk", "sahel-desk", "in-app", countries=["MLI"]))
        ops_rule = add_rule(store, AlertRule("ops hook", "ops", "in-app", countries=["NER"]))
        raised = raise_alerts(store, "MLI", [trigger(1, 3)])
        assert acknowledge_own(store, raised[0]["id"], "viewer") is True
    with Server(path, tmp_path / "server.log") as server:
        def delete(role: str, team: str, **params) -> httpx.Response:
            return httpx.delete(f"{server.url}/api/teams/{team}", params=params, headers=bearer(tokens[role]),
                                timeout=30)

        for role in ("viewer", "analyst"):
            denied = delete(role, "spare")
            assert denied.status_code == 403 and "needs the editor role" in denied.json()["detail"]
        busy = delete("editor", "sahel-desk")
        assert busy.status_code == 409
        assert f"still owns 1 alert rule(s): {rule_id} 'mopti desk'" in busy.json()["detail"]
        assert delete("editor", "nope").status_code == 404
        assert delete("editor", "spare").json() == {"name": "spare", "deleted": True, "members": [], "rules": []}
        done = delete("admin", "sahel-desk", with_rules="true")
        assert done.status_code == 200 and done.json() == {
            "name": "sahel-desk", "deleted": True, "members": ["analyst", "viewer"],
            "rules": [{"id": rule_id, "name": "mopti desk"}]}
        assert _alerts_of(server, tokens["viewer"])["total"] == 0             # no longer in the bell

        # the users page (admins): delete action, refused while rules exist is the same message
        web = httpx.Client(base_url=server.url, timeout=30)
        assert web.post("/login", data={"name": "admin", "password": PASSWORD}).status_code == 303
        csrf = _csrf(web.get("/admin/users").text)
        def form(action: str) -> tuple[str, str]:
            page = web.post("/admin/teams", data={"csrf_token": csrf, "team": "ops", "user": "", "action": action})
            return re.search(r'id="users-message">([^<]*)<', page.text).group(1), page.text

        said, page = form("delete")
        assert said == f"error: team &#39;ops&#39; still owns 1 alert rule(s): {ops_rule} &#39;ops hook&#39;; " \
                       "delete them with the team (`watchfloor teams delete ops --with-rules`) or keep the team"
        assert 'data-team="ops"' in page
        said, page = form("delete-with-rules")
        assert said == f"team ops deleted with its rules {ops_rule}" and 'data-team="ops"' not in page
        api = httpx.Client(base_url=server.url, headers=bearer(tokens["admin"]), timeout=30)
        assert api.get("/api/teams").json() == []
        audit = api.get("/api/audit", params={"limit": 50}).json()
        web.close()
        api.close()
    deleted = [(a["action"], a["actor"], a["target"]) for a in reversed(audit)
               if a["action"] in ("team.delete", "alert_rule.delete")]
    assert deleted == [("team.delete", "editor", "spare"), ("alert_rule.delete", "admin", str(rule_id)),
                       ("team.delete", "admin", "sahel-desk"), ("alert_rule.delete", "admin", str(ops_rule)),
                       ("team.delete", "admin", "ops")]
    assert [(a["actor"], a["target"]) for a in audit if a["action"] == "alert.acknowledge"] == [
        ("viewer", str(raised[0]["id"]))]


def _alerts_of(server: Server, token: str) -> dict:
    return httpx.get(f"{server.url}/api/alerts", headers=bearer(token), timeout=30).json()


def test_a_rule_added_while_its_team_is_deleted_is_never_left_without_owner(pg_cluster):
    """PostgreSQL, two writers: a rule for a team is added in a transaction still open while another process
    deletes the team. The deletion waits for that transaction and then sees the rule: refused, naming it."""
    url = pg_cluster.database()
    with Store.open(url) as first, Store.open(url) as second:
        add_team(first, "desk", "test")
        outcome: dict = {}

        def delete() -> None:
            try:
                delete_team(second, "desk", "test")
                outcome["deleted"] = True
            except UserError as exc:
                outcome["refused"] = str(exc)

        with first.transaction():
            rule_id = add_rule(first, AlertRule("late", "desk", "in-app", countries=["MLI"]))
            deleting = threading.Thread(target=delete)
            deleting.start()
            deleting.join(1.0)
            assert deleting.is_alive()                      # waits for the rule's transaction
        deleting.join(30)
        assert outcome == {"refused": f"team 'desk' still owns 1 alert rule(s): {rule_id} 'late'; delete them with "
                                      "the team (`watchfloor teams delete desk --with-rules`) or keep the team"}
        assert get_team(second, "desk") is not None
