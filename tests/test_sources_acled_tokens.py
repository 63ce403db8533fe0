"""ACLED's tokens: the access token is kept (in memory) across runs while it is valid, renewed with the refresh
token when it has expired or the API refuses it, and the password is sent again only when the refresh token is
refused. A local server answers the token endpoint and the read API in ACLED's published layouts."""
from __future__ import annotations

import urllib.parse

import pytest

from fixtures.sources.recorded import Recorded, Reply, fixture_json
from test_sources_acled import EMAIL, PASSWORD, add, creds  # noqa: F401  (fixture)
from watchfloor.sources import acled
from watchfloor.sources.run import run_source
from watchfloor.store import Store

LOGIN = fixture_json("acled_token.json")
REFRESHED = fixture_json("acled_token_refreshed.json")


class TokenServer:
    """ACLED's token endpoint and read API: the password login gives LOGIN's tokens (lasting `lasts` seconds), the
    refresh grant with a known refresh token gives REFRESHED's; the read API takes only the tokens in `valid`."""

    def __init__(self, server: Recorded, lasts: int = 86400):
        self.server, self.lasts = server, lasts
        self.valid = set()
        self.refreshable = {LOGIN["refresh_token"]}
        server.route("/oauth/token", self.token)
        server.route("/api/acled/read", self.read)
        server.route("/api/deleted/read", Reply(200, fixture_json("acled_deleted_none.json")))

    def token(self, req):
        form = dict(urllib.parse.parse_qsl(req.body.decode()))
        if form.get("grant_type") == "password" and form.get("password") == PASSWORD:
            self.valid.add(LOGIN["access_token"])
            return Reply(200, LOGIN | {"expires_in": self.lasts})
        if form.get("grant_type") == "refresh_token" and form.get("refresh_token") in self.refreshable:
            self.valid.add(REFRESHED["access_token"])
            self.refreshable.add(REFRESHED["refresh_token"])
            return Reply(200, REFRESHED)
        return Reply(400, fixture_json("acled_token_invalid_grant.json"))

    def read(self, req):
        if req.headers.get("authorization", "").removeprefix("Bearer ") not in self.valid:
            return Reply(401, {"status": 401, "success": False, "error": "Unauthorized"})
        return Reply(200, fixture_json("acled_read_page2.json" if req.query.get("page") != "1"
                                       else "acled_read_page1.json"))

    def grants(self) -> list[str]:
        return [dict(urllib.parse.parse_qsl(h.body.decode()))["grant_type"] for h in self.server.hits("/oauth/token")]


@pytest.fixture(autouse=True)
def fresh_process():
    acled.forget_sessions()
    yield
    acled.forget_sessions()


def test_a_valid_token_is_kept_and_an_expired_one_renewed_with_the_refresh_token(any_reference_db, creds):
    with Recorded() as server, Store.open(any_reference_db) as store:
        api = TokenServer(server, lasts=60)        # the login's access token is (nearly) expired at once
        add(store, server.url)
        assert run_source(store, "acled").status == "ok"
        assert api.grants() == ["password"]
        second = run_source(store, "acled")
        assert second.status == "ok", second.error
        assert api.grants() == ["password", "refresh_token"]          # renewed, no password sent
        renewal = dict(urllib.parse.parse_qsl(server.hits("/oauth/token")[1].body.decode()))
        assert renewal["refresh_token"] == LOGIN["refresh_token"] and "password" not in renewal
        assert server.hits("/api/acled/read")[-1].headers["authorization"] == f"Bearer {REFRESHED['access_token']}"
        assert run_source(store, "acled").status == "ok"
        assert api.grants() == ["password", "refresh_token"]          # the renewed token is valid: kept


def test_a_refused_access_token_is_renewed_once(any_reference_db, creds):
    with Recorded() as server, Store.open(any_reference_db) as store:
        api = TokenServer(server)
        add(store, server.url)
        assert run_source(store, "acled").status == "ok"
        api.valid.discard(LOGIN["access_token"])                      # revoked by ACLED before its expiry
        result = run_source(store, "acled")
        assert result.status == "ok", result.error
        assert api.grants() == ["password", "refresh_token"]


def test_a_refused_refresh_token_means_a_new_login(any_reference_db, creds):
    with Recorded() as server, Store.open(any_reference_db) as store:
        api = TokenServer(server, lasts=60)
        add(store, server.url)
        assert run_source(store, "acled").status == "ok"
        api.refreshable.clear()                                        # the refresh token has expired too
        result = run_source(store, "acled")
        assert result.status == "ok", result.error
        assert api.grants() == ["password", "refresh_token", "password"]
        dump = "\n".join(repr(r) for t in store.table_counts() for r in store.rows(f'SELECT * FROM "{t}"'))
        for secret in (LOGIN["access_token"], LOGIN["refresh_token"], REFRESHED["refresh_token"], PASSWORD):
            assert secret not in dump
