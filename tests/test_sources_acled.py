"""ACLED read API connector against a local server answering in ACLED's published JSON layout."""
from __future__ import annotations

import logging

import pytest

from fixtures.sources.recorded import Recorded, Reply, fixture, fixture_json
from watchfloor.sources import ledger
from watchfloor.sources.run import run_source
from watchfloor.store import Store

EMAIL, PASSWORD = "analyst@example.org", "s3cret-Pa55word!"
TOKEN = fixture_json("acled_token.json")["access_token"]
FAST = {"backoff": 0.01, "retries": 2, "timeout": 2}


def acled_server(server: Recorded, update: bool = False) -> None:
    def read(req):
        if req.headers.get("authorization") != f"Bearer {TOKEN}":
            return Reply(401, {"status": 401, "success": False, "error": "Unauthorized"})
        if "timestamp" in req.query:
            return Reply(200, fixture_json("acled_read_update.json" if req.query["page"] == "1"
                                           else "acled_deleted_none.json"))
        return Reply(200, fixture_json("acled_read_page1.json" if req.query.get("page") == "1"
                                       else "acled_read_page2.json"))
    server.route("/oauth/token", Reply(200, fixture_json("acled_token.json")))
    server.route("/api/acled/read", read)
    server.route("/api/deleted/read", lambda req: Reply(200, fixture_json(
        "acled_deleted.json" if "deleted_timestamp" in req.query or update else "acled_deleted_none.json")))


@pytest.fixture(autouse=True)
def fresh_process():
    """Each test starts as a new process would: no ACLED token kept from another test."""
    from watchfloor.sources.acled import forget_sessions
    forget_sessions()
    yield
    forget_sessions()


@pytest.fixture
def creds(monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)


def add(store: Store, base: str, **settings) -> None:
    ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
        "base_url": base, "countries": ["MLI"], "start": "2024-01-01", "limit": 2, **FAST, **settings}))


def events(store: Store) -> dict:
    return dict(store.rows("SELECT source_id, fatalities FROM events WHERE layout = 'acled'"))


def test_pages_then_incremental_updates_and_deletions(any_reference_db, creds):
    with Recorded() as server, Store.open(any_reference_db) as store:
        acled_server(server)
        add(store, server.url)
        first = run_source(store, "acled")
        assert first.status == "ok", first.error
        assert (first.inserted, first.updated, first.withdrawn) == (3, 0, 0)
        assert events(store) == {"MLI31001": 11, "MLI31002": 5, "MLI31003": 0}
        login = server.hits("/oauth/token")[0]
        assert b"grant_type=password" in login.body and login.method == "POST"
        pages = server.hits("/api/acled/read")
        assert [p.query["page"] for p in pages] == ["1", "2"]
        assert pages[0].query["iso"] == "466" and pages[0].query["event_date_where"] == "BETWEEN"
        assert ledger.cursor(store, "acled")["timestamp"] == 1717400200

        second = run_source(store, "acled")
        assert second.status == "ok", second.error
        assert (second.inserted, second.updated, second.withdrawn) == (1, 1, 1)
        assert events(store) == {"MLI31001": 11, "MLI31002": 6, "MLI31004": 41}
        incremental = server.hits("/api/acled/read")[-1]
        assert incremental.query["timestamp"] == "1717400200" and incremental.query["timestamp_where"] == ">="
        assert "event_date" not in incremental.query

        before = store.rows("SELECT * FROM events ORDER BY id")
        third = run_source(store, "acled")
        assert third.status == "ok" and (third.inserted, third.updated, third.withdrawn) == (0, 0, 0)
        assert third.unchanged == 2
        assert store.rows("SELECT * FROM events ORDER BY id") == before
        assert store.scalar("SELECT count(*) FROM datasets d JOIN source_datasets s ON s.dataset_id = d.id") >= 2


def test_missing_credential_names_the_variable(any_reference_db, monkeypatch, tmp_path):
    monkeypatch.delenv("ACLED_EMAIL", raising=False)
    monkeypatch.setenv("WATCHFLOOR_CREDENTIALS", str(tmp_path / "none.toml"))
    with Store.open(any_reference_db) as store:
        add(store, "http://127.0.0.1:9")
        result = run_source(store, "acled")
    assert result.status == "failed" and "ACLED_EMAIL" in result.error


def test_credentials_file(any_reference_db, monkeypatch, tmp_path):
    monkeypatch.delenv("ACLED_EMAIL", raising=False)
    monkeypatch.delenv("ACLED_PASSWORD", raising=False)
    path = tmp_path / "credentials.toml"
    path.write_text(f'ACLED_EMAIL = "{EMAIL}"\nACLED_PASSWORD = "{PASSWORD}"\n')
    monkeypatch.setenv("WATCHFLOOR_CREDENTIALS", str(path))
    with Recorded() as server, Store.open(any_reference_db) as store:
        acled_server(server)
        add(store, server.url)
        assert run_source(store, "acled").status == "ok"
        assert EMAIL.encode() in server.hits("/oauth/token")[0].body.replace(b"%40", b"@")


def test_refused_login_is_not_retried_and_says_so(any_reference_db, creds):
    with Recorded() as server, Store.open(any_reference_db) as store:
        server.route("/oauth/token", Reply(401, {"error": "invalid_grant", "message": f"bad password {PASSWORD}"}))
        add(store, server.url)
        result = run_source(store, "acled")
        assert result.status == "failed" and "HTTP 401" in result.error
        assert len(server.hits("/oauth/token")) == 1
        assert PASSWORD not in result.error


@pytest.mark.parametrize("fault", [Reply(500, "Internal Server Error"), Reply(429, "slow down", {"Retry-After": "0"}),
                                   Reply(200, "<html><body>Gateway error</body></html>"),
                                   Reply(200, {"status": 200, "success": True})])
def test_a_fault_is_retried_then_the_run_completes(any_reference_db, creds, fault):
    with Recorded() as server, Store.open(any_reference_db) as store:
        acled_server(server)
        good = server.routes["/api/acled/read"]
        answers = iter([fault])
        server.route("/api/acled/read", lambda req: next(answers, None) or good(req))
        add(store, server.url)
        result = run_source(store, "acled")
        assert result.status == "ok", result.error
        assert result.inserted == 3 and result.attempts == 4     # login, the fault, pages 1 and 2


def test_a_source_that_keeps_failing_leaves_the_cursor_and_a_later_run_catches_up(any_reference_db, creds):
    with Recorded() as server, Store.open(any_reference_db) as store:
        acled_server(server)
        good = server.routes["/api/acled/read"]
        server.route("/api/acled/read", Reply(503, "maintenance"))
        add(store, server.url)
        failed = run_source(store, "acled")
        assert failed.status == "failed" and "HTTP 503" in failed.error and "3 attempts" in failed.error
        assert ledger.cursor(store, "acled") is None and not events(store)
        server.route("/api/acled/read", good)
        assert run_source(store, "acled").inserted == 3
        assert [r["status"] for r in store.records("SELECT status FROM source_runs ORDER BY id")] == ["failed", "ok"]


def test_a_slow_answer_times_out(any_reference_db, creds):
    with Recorded() as server, Store.open(any_reference_db) as store:
        acled_server(server)
        server.route("/api/acled/read", Reply(200, fixture_json("acled_read_page2.json"), delay=1.0))
        add(store, server.url, timeout=0.3, retries=1)
        result = run_source(store, "acled")
        assert result.status == "failed" and "within 0.3 s" in result.error


def test_no_credential_in_logs_store_or_errors(any_reference_db, creds, caplog):
    caplog.set_level(logging.DEBUG)
    with Recorded() as server, Store.open(any_reference_db) as store:
        acled_server(server)
        add(store, server.url)
        assert run_source(store, "acled").status == "ok"
        # a failing run (a new process: it logs in) whose answer echoes the credentials
        from watchfloor.sources.acled import forget_sessions
        forget_sessions()
        server.route("/oauth/token", Reply(500, f"login {EMAIL} {PASSWORD} failed"))
        failed = run_source(store, "acled")
        assert failed.status == "failed"
        dump = []
        for table in store.table_counts():
            dump += [repr(r) for r in store.rows(f'SELECT * FROM "{table}"')]
        text = "\n".join(dump) + caplog.text + failed.error
    for secret in (EMAIL, PASSWORD, TOKEN, fixture_json("acled_token.json")["refresh_token"]):
        assert secret not in text
