"""Accounts: tokens expire and can be revoked (one or all, and a new password revokes all), disabled users
are refused everywhere, the last enabled admin stays, and a password policy refuses guessable passwords —
through the API of a real server, the CLI and the store."""
from __future__ import annotations

import re
import time

import httpx
import pytest
from typer.testing import CliRunner

from accounts_helpers import ThreadServer, login
from accounts_helpers import _pg_accounts_template, accounts_db, accounts_template, any_accounts_db  # noqa: F401
from web_helpers import PASSWORD, bearer
from watchfloor.cli import app as cli
from watchfloor.store import Store
from watchfloor.store import users
from watchfloor.web.app import create_app

runner = CliRunner()


@pytest.fixture
def served(any_accounts_db):
    path, tokens = any_accounts_db
    with ThreadServer(create_app(path)) as server:
        yield server, tokens


def _me(server, token) -> int:
    return httpx.get(server.url + "/api/me", headers=bearer(token)).status_code


def test_tokens_are_listed_and_revoked_one_or_all(served):
    server, tokens = served
    admin = bearer(tokens["admin"])
    second = httpx.post(server.url + "/api/users/analyst/tokens", json={"days": 30, "note": "laptop"},
                        headers=admin).json()["token"]
    third = httpx.post(server.url + "/api/me/tokens", json={"note": "script"},
                       headers=bearer(tokens["analyst"])).json()["token"]
    listed = httpx.get(server.url + "/api/users/analyst/tokens", headers=admin).json()
    assert [t["state"] for t in listed] == ["active"] * 3
    assert {t["note"] for t in listed} == {None, "laptop", "script"}
    assert all(t["expires_at"] for t in listed) and all(tokens["analyst"] not in str(t) for t in listed)

    laptop = next(t["id"] for t in listed if t["note"] == "laptop")
    assert httpx.delete(server.url + f"/api/users/analyst/tokens/{laptop}", headers=admin).json()["revoked"] == 1
    assert _me(server, second) == 401 and _me(server, tokens["analyst"]) == 200 and _me(server, third) == 200

    assert httpx.delete(server.url + "/api/users/analyst/tokens", headers=admin).json()["revoked"] == 2
    assert _me(server, tokens["analyst"]) == 401 and _me(server, third) == 401
    states = [t["state"] for t in httpx.get(server.url + "/api/users/analyst/tokens", headers=admin).json()]
    assert states == ["revoked"] * 3
    assert httpx.delete(server.url + "/api/users/analyst/tokens/abcdef12", headers=admin).status_code == 400
    log = httpx.get(server.url + "/api/audit", params={"actor": "admin"}, headers=admin).json()
    assert [(a["action"], a["target"]) for a in log][:2] == [("user.revoke", "analyst")] * 2


def test_a_user_revokes_their_own_token_but_no_one_elses(served):
    server, tokens = served
    mine = httpx.get(server.url + "/api/me/tokens", headers=bearer(tokens["viewer"])).json()
    assert httpx.get(server.url + "/api/users/viewer/tokens", headers=bearer(tokens["viewer"])).status_code == 403
    analysts = httpx.get(server.url + "/api/users/analyst/tokens", headers=bearer(tokens["admin"])).json()
    other = httpx.delete(server.url + f"/api/me/tokens/{analysts[0]['id']}", headers=bearer(tokens["viewer"]))
    assert other.status_code == 400 and _me(server, tokens["analyst"]) == 200
    assert httpx.delete(server.url + f"/api/me/tokens/{mine[0]['id']}",
                        headers=bearer(tokens["viewer"])).json()["revoked"] == 1
    assert _me(server, tokens["viewer"]) == 401


def test_a_new_password_revokes_every_token_and_session(served):
    server, tokens = served
    with httpx.Client() as browser:
        assert login(server.url, "editor", client=browser).status_code == 303
        assert browser.get(server.url + "/api/me").status_code == 200
        changed = httpx.post(server.url + "/api/users/editor/password", json={"password": "new tide at Mopti"},
                             headers=bearer(tokens["admin"]))
        assert changed.status_code == 200
        assert browser.get(server.url + "/api/me").status_code == 401
    assert _me(server, tokens["editor"]) == 401
    assert login(server.url, "editor").status_code == 401
    assert login(server.url, "editor", "new tide at Mopti").status_code == 303


def test_an_expired_token_is_refused(any_accounts_db):
    path, _ = any_accounts_db
    with Store.open(path) as store:
        brief = users.issue_token(store, "viewer", "test", days=0.5 / 86400)   # half a second
        forever = users.issue_token(store, "viewer", "test", days=0)
        assert users.user_for_token(store, brief).name == "viewer"
        time.sleep(0.6)
        assert users.user_for_token(store, brief) is None
        assert users.user_for_token(store, forever).name == "viewer"
        states = sorted((t.state, t.expires_at is None) for t in users.list_tokens(store, "viewer"))
        assert states == [("active", False), ("active", True), ("expired", False)]


def test_a_server_refuses_a_token_once_it_expires(served):
    server, tokens = served
    short = httpx.post(server.url + "/api/me/tokens", json={"days": 1 / 86400},     # one second
                       headers=bearer(tokens["viewer"])).json()["token"]
    assert _me(server, short) == 200          # and now in the server's token cache
    time.sleep(1.1)
    assert _me(server, short) == 401


def test_disabled_users_are_refused_and_come_back_when_enabled(served):
    server, tokens = served
    admin = bearer(tokens["admin"])
    with httpx.Client() as browser:
        assert login(server.url, "analyst", client=browser).status_code == 303
        assert httpx.post(server.url + "/api/users/analyst/disable", headers=admin).json()["disabled"] is True
        assert browser.get(server.url + "/api/me").status_code == 401
    assert _me(server, tokens["analyst"]) == 401
    assert login(server.url, "analyst").status_code == 401
    listed = {u["name"]: u["disabled"] for u in httpx.get(server.url + "/api/users", headers=admin).json()}
    assert listed["analyst"] is True and listed["viewer"] is False
    assert httpx.post(server.url + "/api/users/analyst/enable", headers=admin).status_code == 200
    assert _me(server, tokens["analyst"]) == 200 and login(server.url, "analyst").status_code == 303
    assert httpx.post(server.url + "/api/users/nobody/disable", headers=admin).status_code == 404


def test_the_last_enabled_admin_can_be_neither_demoted_nor_disabled(served):
    server, tokens = served
    admin = bearer(tokens["admin"])
    demote = httpx.post(server.url + "/api/users/admin/role", json={"role": "editor"}, headers=admin)
    assert demote.status_code == 400 and "last enabled admin" in demote.json()["detail"]
    disable = httpx.post(server.url + "/api/users/admin/disable", headers=admin)
    assert disable.status_code == 400 and "last enabled admin" in disable.json()["detail"]
    assert _me(server, tokens["admin"]) == 200
    assert httpx.post(server.url + "/api/users/editor/role", json={"role": "admin"}, headers=admin).status_code == 200
    assert httpx.post(server.url + "/api/users/editor/disable", headers=admin).status_code == 200
    # a disabled admin does not count: `admin` is still the last enabled one
    assert httpx.post(server.url + "/api/users/admin/role", json={"role": "viewer"}, headers=admin).status_code == 400
    assert httpx.post(server.url + "/api/users/editor/enable", headers=admin).status_code == 200
    assert httpx.post(server.url + "/api/users/admin/role", json={"role": "viewer"}, headers=admin).status_code == 200
    assert _me(server, tokens["admin"]) == 200     # still a user, now a viewer
    assert httpx.get(server.url + "/api/users", headers=admin).status_code == 403


GUESSABLE = [
    ("dana", "password", "common password"),
    ("dana", "12345678", "common password"),
    ("dana.keita", "dana.keita", "user's name"),
    ("dana", "Dana2024!", "user's name"),
    ("dana", "qwertyuiop", "too easy"),
    ("dana", "short", "at least 8 characters"),
    ("viewer", "viewer2024", "user's name"),
]


def test_guessable_passwords_are_refused(served):
    server, tokens = served
    admin = bearer(tokens["admin"])
    for name, password, why in GUESSABLE:
        made = httpx.post(server.url + "/api/users", json={"name": name, "role": "viewer", "password": password},
                          headers=admin)
        assert made.status_code == 400 and why in made.json()["detail"], (password, made.text)
        changed = httpx.post(server.url + f"/api/users/{name}/password", json={"password": password},
                             headers=admin)
        assert changed.status_code == 400 and why in changed.json()["detail"], (password, changed.text)
    assert _me(server, tokens["viewer"]) == 200        # a refused password changes nothing
    assert {u["name"] for u in httpx.get(server.url + "/api/users", headers=admin).json()} == {
        "viewer", "analyst", "editor", "admin"}


def test_cli_lists_revokes_disables_and_refuses_weak_passwords(any_accounts_db):
    path, tokens = any_accounts_db
    db = ["--db", str(path)]
    new = runner.invoke(cli, [*db, "users", "token", "viewer", "--days", "7", "--note", "cron"]).output.strip()
    rows = [line.split() for line in runner.invoke(cli, [*db, "users", "tokens", "viewer"]).output.splitlines()]
    assert len(rows) == 2 and {r[1] for r in rows} == {"active"} and any(r[-1] == "cron" for r in rows)
    cron = next(r[0] for r in rows if r[-1] == "cron")
    assert runner.invoke(cli, [*db, "users", "revoke", "viewer", cron]).output == "viewer: 1 token(s) revoked\n"
    assert runner.invoke(cli, [*db, "users", "revoke", "viewer"]).exit_code == 2      # neither an id nor --all
    assert runner.invoke(cli, [*db, "users", "revoke", "viewer", "--all"]).output == "viewer: 1 token(s) revoked\n"
    assert runner.invoke(cli, [*db, "users", "disable", "analyst"]).output == "analyst: disabled\n"
    listed = [line.split() for line in runner.invoke(cli, [*db, "users", "list"]).output.splitlines()]
    assert ["analyst", "analyst", "password", "disabled"] in listed and ["viewer", "viewer", "password"] in listed
    last = runner.invoke(cli, [*db, "users", "disable", "admin"])
    assert last.exit_code == 2 and "last enabled admin" in last.output
    weak = runner.invoke(cli, [*db, "users", "add", "musa", "--password", "musa1234"])
    assert weak.exit_code == 2 and "user's name" in weak.output
    common = runner.invoke(cli, [*db, "users", "password", "viewer", "--password", "password"])
    assert common.exit_code == 2 and "too easy to guess" in common.output
    with Store.open(path) as store:
        assert users.user_for_token(store, new) is None and users.user_for_token(store, tokens["viewer"]) is None
        assert users.user_for_token(store, tokens["analyst"]) is None           # disabled
        assert users.user_for_token(store, tokens["editor"]).name == "editor"


def test_the_users_page_disables_and_revokes(served):
    server, tokens = served
    with httpx.Client(base_url=server.url) as browser:
        assert login(server.url, "admin", client=browser).status_code == 303
        page = browser.get("/admin/users")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = browser.post("/admin/users/access", data={"csrf_token": csrf, "name": "viewer", "action": "disable"})
        assert "viewer: disabled" in done.text and _me(server, tokens["viewer"]) == 401
        done = browser.post("/admin/users/access", data={"csrf_token": csrf, "name": "viewer", "action": "enable"})
        assert "viewer: enabled" in done.text and _me(server, tokens["viewer"]) == 200
        done = browser.post("/admin/users/access", data={"csrf_token": csrf, "name": "viewer", "action": "revoke"})
        assert "viewer: 1 token(s) revoked" in done.text and _me(server, tokens["viewer"]) == 401
        last = browser.post("/admin/users/access", data={"csrf_token": csrf, "name": "admin", "action": "disable"})
        assert "last enabled admin" in last.text
        forged = browser.post("/admin/users/access", data={"name": "analyst", "action": "disable"})
        assert forged.status_code == 403 and _me(server, tokens["analyst"]) == 200
