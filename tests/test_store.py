"""The store: schema versions, migrations on first use, transactions, and plain errors when locked."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from watchfloor.store import Store, StoreBusyError, StoreError
from watchfloor.store.connection import _migrations


def test_first_open_creates_every_migration(tmp_path):
    with Store.open(tmp_path / "new.duckdb") as store:
        versions = [r[0] for r in store.rows("SELECT version FROM schema_version ORDER BY version")]
        tables = set(store.table_counts())
    assert versions == [v for v, _, _ in _migrations()]
    assert {"datasets", "events", "actors", "actor_aliases", "regions", "places", "force_presence",
            "rejected_rows", "audit", "reports", "facts", "forecasts"} <= tables


def test_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    with Store.open(path) as store:
        n = store.scalar("SELECT count(*) FROM schema_version")
        assert store.migrate() == max(v for v, _, _ in _migrations())
        assert store.scalar("SELECT count(*) FROM schema_version") == n


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.execute("INSERT INTO schema_version VALUES (9999, 'future', now())")
    with pytest.raises(StoreError, match="newer than this watchfloor"):
        Store.open(path)


def test_transaction_rolls_back_on_error(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
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


def test_a_migration_numbered_below_an_applied_one_is_still_applied(tmp_path):
    """Parallel branches add migrations out of order: a store that lacks a lower-numbered one still gets it."""
    path = tmp_path / "s.duckdb"
    version, name, sql = next(m for m in _migrations() if m[0] == 2)      # reports and facts
    with Store.open(path) as store:
        tables_before = set(store.table_counts())
        assert max(v for v, _, _ in _migrations()) > version
        for stmt in sql.split(";"):
            words = " ".join(line.split("--", 1)[0] for line in stmt.splitlines()).split()
            if words[:2] == ["CREATE", "TABLE"]:
                store.execute(f"DROP TABLE {words[2]}")
        store.execute("DELETE FROM schema_version WHERE version = ?", [version])
        assert "reports" not in store.table_counts()
    with Store.open(path) as store:
        assert store.scalar("SELECT name FROM schema_version WHERE version = ?", [version]) == name
        assert set(store.table_counts()) == tables_before
