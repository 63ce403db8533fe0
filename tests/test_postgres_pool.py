"""The server on PostgreSQL shares a pool of connections among its threads (store/postgres/pool.py): many
concurrent requests on a few connections, writes that wait do not hold up reads or other writes, and the pool
closes with the server. A real server (subprocess) on a database of the tests' throwaway cluster."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from pg_helpers import database_name
from web_helpers import Server, _pg_web_template, bearer, bundled_events_csv  # noqa: F401  (fixtures)

from watchfloor.store import Store


@pytest.fixture
def pg_web(pg_cluster, _pg_web_template) -> tuple[str, dict[str, str]]:
    name, tokens = _pg_web_template
    return pg_cluster.database(name), tokens


def _events_csv(n: int, first_id: int) -> bytes:
    return bundled_events_csv(n, first_id)


def _server_connections(admin_url: str, database: str) -> int:
    with psycopg.connect(admin_url, autocommit=True) as con:
        return con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                           [database]).fetchone()[0]


def test_fifty_concurrent_requests_run_on_a_pool_of_three_and_it_closes_with_the_server(pg_web, pg_cluster,
                                                                                       tmp_path):
    url, tokens = pg_web
    database = database_name(url)
    admin_url = pg_cluster.url()
    seen: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            seen.append(_server_connections(admin_url, database))
            time.sleep(0.02)

    reads = [("/api/events", {"country": "MLI", "limit": 50}), ("/api/regions", {"country": "MLI"}),
             ("/api/reports", {}), ("/api/me", {}), ("/api/timeline", {"country": "BFA"})]
    with Server(url, tmp_path / "server.log", env={"WATCHFLOOR_PG_POOL": "3"}) as server:
        sampler = threading.Thread(target=sample)
        sampler.start()

        def read(i: int) -> int:
            path, params = reads[i % len(reads)]
            return httpx.get(server.url + path, params=params, headers=bearer(tokens["viewer"]), timeout=60).status_code

        def upload(i: int) -> tuple[int, str]:
            upload = {"file": (f"more{i}.csv", _events_csv(5, 8_000_000 + 10 * i), "text/csv")}
            r = httpx.post(server.url + "/api/ingest", files=upload, data={"layout": "ucdp"},
                           headers=bearer(tokens["analyst"]), timeout=60)
            return r.status_code, r.text

        try:
            with ThreadPoolExecutor(50) as pool:
                uploads = [pool.submit(upload, i) for i in range(4)]
                statuses = list(pool.map(read, range(46)))
                written = [u.result() for u in uploads]
        finally:
            done.set()
            sampler.join()
        assert statuses == [200] * 46
        assert all(status == 200 for status, _ in written), written
        assert 1 <= max(seen) <= 3, seen          # the pool's size bounds the server's connections
    with Store.open(url) as store:
        assert store.scalar("SELECT count(*) FROM events WHERE source_id LIKE '80000%'") == 20
    deadline = time.monotonic() + 10
    while _server_connections(admin_url, database) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _server_connections(admin_url, database) == 0   # the server closed its pool on shutdown


def test_a_write_waiting_on_a_lock_holds_up_neither_reads_nor_other_writes(pg_web, tmp_path):
    url, tokens = pg_web
    with Server(url, tmp_path / "server.log", env={"WATCHFLOOR_PG_POOL": "2"}) as server, \
            psycopg.connect(url, autocommit=True) as other:
        # Another process's ingest holds the ingest lock (store.lock("ingest")): the server's upload waits on it.
        other.execute("SELECT pg_advisory_lock(hashtext('ingest'))")
        holder = ThreadPoolExecutor(1)
        waiting = holder.submit(httpx.post, server.url + "/api/ingest",
                                files={"file": ("late.csv", _events_csv(3, 8_100_000), "text/csv")},
                                data={"layout": "ucdp"}, headers=bearer(tokens["analyst"]), timeout=60)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not other.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()[0]:
            time.sleep(0.05)
        assert not waiting.done()
        t0 = time.monotonic()
        for path in ("/api/events?country=MLI&limit=20", "/api/regions?country=MLI", "/api/reports", "/api/me"):
            assert httpx.get(server.url + path, headers=bearer(tokens["viewer"]), timeout=10).status_code == 200
        token = httpx.post(server.url + "/api/me/tokens", json={"days": 1, "note": "while an ingest waits"},
                           headers=bearer(tokens["editor"]), timeout=10)
        assert token.status_code == 201, token.text     # a write of its own, not queued behind the waiting one
        assert time.monotonic() - t0 < 8
        assert not waiting.done()
        other.execute("SELECT pg_advisory_unlock(hashtext('ingest'))")
        answer = waiting.result(60)
        holder.shutdown()
        assert answer.status_code == 200 and answer.json()["inserted"] == 3, answer.text


def test_what_lives_in_a_session_keeps_its_pooled_connection(pg_cluster):
    """A session-level advisory lock (sources/exclusive.py) and a registered frame outlive single statements: the
    pool lends their connection until the unlock / unregister, whatever statements run in between."""
    import pandas as pd
    url = pg_cluster.database()
    with Store.open(url, pool_size=3) as store:
        other = Store(store.con.cursor(), url)
        busy = [Store(store.con.cursor(), url) for _ in range(2)]
        assert store.scalar("SELECT pg_try_advisory_lock(hashtext(?))", ["watchfloor:test"]) is True
        for _ in range(5):          # statements between, on the store and on others (other pooled connections)
            assert store.scalar("SELECT 1") == 1 and all(b.scalar("SELECT 2") == 2 for b in busy)
        assert other.scalar("SELECT pg_try_advisory_lock(hashtext(?))", ["watchfloor:test"]) is False
        store.execute("SELECT pg_advisory_unlock(hashtext(?))", ["watchfloor:test"])
        assert other.scalar("SELECT pg_try_advisory_lock(hashtext(?))", ["watchfloor:test"]) is True
        other.execute("SELECT pg_advisory_unlock(hashtext(?))", ["watchfloor:test"])
        store.con.register("wf_frame", pd.DataFrame({"n": [1, 2, 3]}))
        for _ in range(5):
            assert store.scalar("SELECT sum(n) FROM wf_frame") == 6 and all(b.scalar("SELECT 2") == 2 for b in busy)
        store.con.unregister("wf_frame")
        assert store.con._held is None      # every connection back in the pool
