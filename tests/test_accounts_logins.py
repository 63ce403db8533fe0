"""Logins: guessing is throttled per account and per client address with growing delays, decided before
any password hash (the server's own hash counter shows it), and refused answers are held back a moment;
a right password after the delay still works;
refused and accepted logins are audited and logged; behind TLS the server sends HSTS and Secure cookies."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import httpx
import pytest

from accounts_helpers import ThreadServer, accounts_db, accounts_template, login  # noqa: F401  (fixtures)
from web_helpers import PASSWORD, bearer, free_port
from watchfloor.web.app import create_app
from watchfloor.web.logins import LoginLimits


class Clock:
    """A clock the test moves by hand, so that "within the delay" does not depend on the machine's speed."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _serve(path, clock=None, **limits):
    """The app on a real server; refused tries answered without the default pause unless a test asks."""
    app = create_app(path, login_limits=LoginLimits(**{"refusal_pause": 0, **limits}))
    if clock is not None:
        app.state.logins.clock = clock
    return ThreadServer(app)


def test_the_51st_guess_is_refused_before_hashing_and_the_right_password_works_after_the_delay(accounts_db):
    path, tokens = accounts_db
    clock = Clock()
    with _serve(path, clock, account_free=3, first_delay=30, max_delay=900) as server:
        throttle = server.app.state.logins
        answers = [login(server.url, "analyst", f"guess number {i}") for i in range(50)]
        assert [a.status_code for a in answers[:4]] == [401] * 4
        assert {a.status_code for a in answers[4:]} == {429}
        assert answers[4].headers["retry-after"] == "30"
        assert throttle.hashes == 4 and throttle.refused == 46      # 46 answered without a hash

        right = login(server.url, "analyst")                        # the 51st try, with the right password
        assert right.status_code == 429 and "try again in 30 s" in right.text and throttle.hashes == 4
        clock.now += 30
        assert login(server.url, "analyst").status_code == 303 and throttle.hashes == 5
        # the right password cleared the account's failures: the next mistakes start free again
        assert login(server.url, "analyst", "one more typo").status_code == 401

        # another account from the same address still logs in; the address has its own, larger allowance
        assert login(server.url, "viewer").status_code == 303


def test_delays_grow_with_each_checked_failure_and_are_capped(accounts_db):
    path, _ = accounts_db
    clock = Clock()
    with _serve(path, clock, account_free=1, first_delay=10, max_delay=35) as server:
        waits = []
        for _ in range(5):
            answer = login(server.url, "editor", "not the password")
            while answer.status_code == 429:
                waits.append(int(answer.headers["retry-after"]))
                clock.now += waits[-1]
                answer = login(server.url, "editor", "not the password")
            assert answer.status_code == 401
        assert waits == [10, 20, 35]


def test_the_client_address_is_throttled_across_accounts(accounts_db):
    path, _ = accounts_db
    clock = Clock()
    with _serve(path, clock, account_free=5, address_free=3, first_delay=60) as server:
        names = [f"guessed-{i}" for i in range(8)]
        codes = [login(server.url, name, "letmein please").status_code for name in names]
        assert codes[:4] == [401] * 4 and set(codes[4:]) == {429}
        assert login(server.url, "admin").status_code == 429        # the address waits, whoever it claims
        assert server.app.state.logins.hashes == 4


def test_a_guesser_does_not_lock_the_owner_out_elsewhere_but_many_addresses_add_up(accounts_db):
    path, _ = accounts_db
    clock = Clock()
    with _serve(path, clock, account_free=2, account_wide_free=5, first_delay=60) as server:
        def from_(address: str, password: str = "a wrong guess") -> int:
            return httpx.post(server.url + "/login", data={"name": "editor", "password": password},
                              headers={"X-Forwarded-For": address}, follow_redirects=False).status_code

        assert [from_("10.0.0.1") for _ in range(4)] == [401, 401, 401, 429]
        assert from_("10.0.0.2", PASSWORD) == 303                  # the owner, elsewhere, logs in
        assert [from_(f"10.0.1.{i}") for i in range(6)] == [401] * 6     # five free, the sixth starts a delay
        assert from_("10.0.2.1", PASSWORD) == 429                  # six addresses in a row: the account waits
        clock.now += 60
        assert from_("10.0.2.1", PASSWORD) == 303


def test_parallel_guessers_get_no_more_hashes_than_the_allowance(accounts_db):
    path, _ = accounts_db
    with _serve(path, Clock(), account_free=5, address_free=1000, first_delay=60) as server:
        barrier, codes = threading.Barrier(16), []

        def guess(i: int) -> None:
            barrier.wait()
            codes.append(login(server.url, "admin", f"parallel guess {i}").status_code)

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        throttle = server.app.state.logins
        assert sorted(set(codes)) == [401, 429] and len(codes) == 16
        # the five free tries, and at most one more that starts the delay if it arrives after they failed
        assert codes.count(401) == throttle.hashes <= 6 and codes.count(429) == throttle.refused >= 10


def test_a_full_hash_queue_refuses_at_once_with_retry_after(accounts_db):
    path, _ = accounts_db
    with _serve(path, Clock(), account_free=100, address_free=1000, hash_slots=1, hash_queue=1) as server:
        barrier, answers = threading.Barrier(12), []

        def guess(i: int) -> None:
            barrier.wait()
            answers.append(login(server.url, f"someone-{i}", "a wrong guess"))

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        codes = [a.status_code for a in answers]
        assert set(codes) <= {401, 503} and 503 in codes
        assert all(a.headers["retry-after"] == "1" for a in answers if a.status_code == 503)
        assert server.app.state.logins.hashes == codes.count(401)


def test_failed_throttled_and_accepted_logins_are_audited(accounts_db):
    path, tokens = accounts_db
    with _serve(path, Clock(), account_free=2, first_delay=60) as server:
        login(server.url, "nobody", "a guess at a name")
        for _ in range(2):
            login(server.url, "viewer", "a guess at a password")
        for _ in range(3):
            assert login(server.url, "viewer", "a guess at a password").status_code in (401, 429)
        assert login(server.url, "analyst").status_code == 303     # written after the refusals' rows
        log = httpx.get(server.url + "/api/audit", params={"limit": 20}, headers=bearer(tokens["admin"])).json()
    rows = [(a["action"], a["target"], json.loads(a["detail"] or "{}")) for a in reversed(log)
            if a["action"].startswith("user.login")]
    reasons = [(action, target, detail.get("reason")) for action, target, detail in rows]
    assert reasons == [("user.login_failed", "nobody", "no such user"),
                       ("user.login_failed", "viewer", "wrong password"),
                       ("user.login_failed", "viewer", "wrong password"),
                       ("user.login_failed", "viewer", "wrong password"),
                       ("user.login_failed", "viewer", "throttled (account)"),   # once per delay, not per try
                       ("user.login", "analyst", None)]
    assert all(detail["client"] == "127.0.0.1" for _, _, detail in rows)


def test_refused_logins_during_a_long_write_hold_no_thread_that_answers_reads(accounts_db):
    path, tokens = accounts_db
    with _serve(path, Clock(), address_free=1000) as server:
        lock = server.app.state.store.lock           # what a long ingest holds
        with lock:
            codes = [login(server.url, f"somebody-{i}", "a wrong guess").status_code for i in range(12)]
            assert codes == [401] * 12                # answered although their audit rows cannot be written yet
            read = httpx.get(server.url + "/api/me", headers=bearer(tokens["viewer"]), timeout=30)
            assert read.status_code == 200 and server.app.state.logins.audits_pending > 0
        server.app.state.logins.drain()
        log = httpx.get(server.url + "/api/audit", params={"limit": 50}, headers=bearer(tokens["admin"])).json()
        assert sum(a["action"] == "user.login_failed" for a in log) == 12


def test_behind_tls_sends_hsts_and_secure_cookies_and_writes_an_access_log(accounts_db, tmp_path):
    path, tokens = accounts_db
    port, access = free_port(), tmp_path / "access.log"
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.log", "w") as output:
        server = subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "--db", str(path), "serve", "--host",
                                   "127.0.0.1", "--port", str(port), "--behind-tls", "--access-log", str(access)],
                                  stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "WATCHFLOOR_LOGIN_ACCOUNT_TRIES": "0",
                                       "WATCHFLOOR_LOGIN_FIRST_DELAY": "60"})
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    health = httpx.get(url + "/health", timeout=1)
                    break
                except httpx.HTTPError:
                    assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                    time.sleep(0.1)
            assert health.headers["strict-transport-security"].startswith("max-age=")
            ok = login(url, "editor")
            assert ok.status_code == 303 and "secure" in ok.headers["set-cookie"].lower()
            assert httpx.get(url + "/api/me", headers=bearer(tokens["viewer"])).status_code == 200
            assert login(url, "viewer", "wrong once").status_code == 401
            started = time.monotonic()
            refused = login(url, "viewer", "wrong twice")                      # the environment's limit
            assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
            assert time.monotonic() - started >= 1.0        # held back by the default refusal pause
        finally:
            server.terminate()
            server.wait(15)
    lines = access.read_text().splitlines()
    assert any('127.0.0.1 viewer "GET /api/me" 200' in line for line in lines), lines
    assert any('"POST /login" 429' in line for line in lines)
    assert any("login failed: 'viewer' from 127.0.0.1 (wrong password)" in line for line in lines)
    assert all(tokens["viewer"] not in line and PASSWORD not in line for line in lines)


@pytest.mark.parametrize("value", ["lots", "-"])
def test_a_bad_limit_in_the_environment_is_named(monkeypatch, value):
    monkeypatch.setenv("WATCHFLOOR_LOGIN_MAX_DELAY", value)
    with pytest.raises(ValueError, match="WATCHFLOOR_LOGIN_MAX_DELAY"):
        LoginLimits.from_env()
