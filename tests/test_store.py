"""The store: schema versions, migrations on first use, transactions, and plain errors when locked.
Each test that takes `any_fresh_db` runs on DuckDB and on PostgreSQL."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from watchfloor.store import Store, StoreBusyError, StoreError
from watchfloor.store.connection import _migrations


def test_first_open_creates_every_migration(any_fresh_db, backend):
    with Store.open(any_fresh_db) as store:
        assert store.dialect == backend
        versions = [r[0] for r in store.rows("SELECT version FROM schema_version ORDER BY version")]
        tables = set(store.table_counts())
    assert versions == [v for v, _, _ in _migrations(backend)]
    assert {"datasets", "events", "actors", "actor_aliases", "regions", "places", "force_presence",
            "rejected_rows", "audit", "reports", "facts", "forecasts"} <= tables


def test_reopening_applies_nothing_twice(any_fresh_db, backend):
    path = any_fresh_db
    Store.open(path).close()
    with Store.open(path) as store:
        n = store.scalar("SELECT count(*) FROM schema_version")
        assert store.migrate() == max(v for v, _, _ in _migrations(backend))
        assert store.scalar("SELECT count(*) FROM schema_version") == n


def test_a_newer_schema_is_refused(any_fresh_db):
    path = any_fresh_db
    with Store.open(path) as store:
        store.execute("INSERT INTO schema_version VALUES (9999, 'future', now())")
    with pytest.raises(StoreError, match="newer than this watchfloor"):
        Store.open(path)


def test_transaction_rolls_back_on_error(any_fresh_db):
    with Store.open(any_fresh_db) as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.audit("test.write", "x")
                raise RuntimeError("boom")
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'test.write'") == 0
        with store.transaction():
            store.audit("test.write", "x", {"k": 1}, actor="tester")
        assert store.rows("SELECT actor, action, target FROM audit WHERE action = 'test.write'") == \
            [("tester", "test.write", "x")]


def test_a_store_held_by_another_process_gives_a_plain_message(tmp_path):
    path = tmp_path / "held.duckdb"
    Store.open(path).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect({str(path)!r})
        print("held", flush=True)
        time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusyError, match="in use by another process.*watchfloor serve"):
            Store.open(path)
    finally:
        holder.kill()
        holder.wait()


def test_a_migration_numbered_below_an_applied_one_is_still_applied(any_fresh_db, backend):
    """Parallel branches add migrations out of order: a store that lacks a lower-numbered one still gets it."""
    path = any_fresh_db
    version, name, sql = next(m for m in _migrations(backend) if m[0] == 2)      # reports and facts
    with Store.open(path) as store:
        tables_before = set(store.table_counts())
        assert max(v for v, _, _ in _migrations(backend)) > version
        for stmt in sql.split(";"):
            words = " ".join(line.split("--", 1)[0] for line in stmt.splitlines()).split()
            if words[:2] == ["CREATE", "TABLE"]:
                store.execute(f"DROP TABLE {words[2]}")
        store.execute("DELETE FROM schema_version WHERE version = ?", [version])
        assert "reports" not in store.table_counts()
    with Store.open(path) as store:
        assert store.scalar("SELECT name FROM schema_version WHERE version = ?", [version]) == name
        assert set(store.table_counts()) == tables_before


def test_a_postgres_url_opens_postgres_not_a_file_named_after_it(pg_cluster, tmp_path, monkeypatch):
    url = pg_cluster.database()
    monkeypatch.chdir(tmp_path)
    done = subprocess.run([sys.executable, "-m", "watchfloor.cli", "--db", url, "init"], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.iterdir()) == []               # no DuckDB file named 'postgresql:…'
    with Store.open(url) as store:
        assert store.dialect == "postgres"
        assert store.scalar("SELECT count(*) FROM regions") > 0


def test_an_unreachable_postgres_server_gives_a_plain_message(pg_cluster):
    url = pg_cluster.url("no_such_database")
    with pytest.raises(StoreError, match="cannot open the store postgresql://.*no_such_database"):
        Store.open(url)


def test_two_postgres_stores_write_at_once(pg_cluster):
    """Unlike a DuckDB file, a PostgreSQL store is not held by one process: two open stores both write."""
    url = pg_cluster.database()
    with Store.open(url) as first, Store.open(url) as second:
        with first.transaction():
            first.audit("test.first", "a")
            second.audit("test.second", "b")       # outside the first's transaction, not blocked by it
        assert sorted(r[0] for r in second.rows("SELECT action FROM audit WHERE action LIKE 'test.%'")) == \
            ["test.first", "test.second"]
