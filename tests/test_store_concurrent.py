"""Many writers at once on a PostgreSQL store lose nothing: processes ingesting at the same time, the same file
ingested by several at once, threads auditing, two processes storing the same report. (A DuckDB file has one
writer: test_store.py checks that a second is refused plainly.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

from ingest_helpers import REDUCED_COLUMNS, reduced_row, write_csv
from watchfloor.config import DATA_DIR
from watchfloor.store import Store

WRITERS = 4


def _start(db: str, *args: str, pause: str = "1") -> subprocess.Popen:
    env = dict(os.environ, WATCHFLOOR_FAULT_PAUSE_BEFORE_COMMIT=pause)    # hold each transaction open a while
    return subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "--db", db, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def _finish(procs: list[subprocess.Popen]) -> list[str]:
    outputs = []
    for proc in procs:
        output, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, output
        outputs.append(output)
    return outputs


def test_processes_ingesting_at_once_lose_nothing(pg_cluster, _pg_reference_template, tmp_path):
    db = pg_cluster.database(_pg_reference_template)
    files = [write_csv(tmp_path / f"part{k}.csv", REDUCED_COLUMNS,
                       [reduced_row(k * 1000 + i, day=1 + i % 28) for i in range(300)]) for k in range(WRITERS)]
    outputs = _finish([_start(db, "ingest", "ucdp", str(f), "--json") for f in files])
    assert all('"inserted": 300' in out for out in outputs), outputs
    with Store.open(db) as store:
        assert store.scalar("SELECT count(*) FROM events") == WRITERS * 300
        assert store.scalar("SELECT count(DISTINCT id) FROM datasets") == WRITERS
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'ingest'") == WRITERS


def test_the_same_file_ingested_by_several_at_once_is_stored_once(pg_cluster, _pg_reference_template, tmp_path):
    db = pg_cluster.database(_pg_reference_template)
    path = write_csv(tmp_path / "same.csv", REDUCED_COLUMNS, [reduced_row(i, day=1 + i % 28) for i in range(200)])
    outputs = _finish([_start(db, "ingest", "ucdp", str(path), "--json") for _ in range(WRITERS)])
    results = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    assert sorted(r["inserted"] for r in results) == [0] * (WRITERS - 1) + [200]
    assert sorted(r["unchanged"] for r in results) == [0] + [200] * (WRITERS - 1)
    with Store.open(db) as store:
        assert store.scalar("SELECT count(*) FROM events") == 200
        assert store.scalar("SELECT count(*) FROM datasets") == 1


def test_threads_writing_at_once_lose_no_row(pg_cluster):
    db = pg_cluster.database()
    Store.open(db).close()
    errors = []

    def write(k: int) -> None:
        try:
            with Store.open(db) as store:
                for i in range(40):
                    with store.transaction():
                        store.audit("test.concurrent", f"{k}:{i}")
                        store.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                                      ["shared", f"{k}:{i}"])
        except Exception as exc:          # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store.open(db) as store:
        assert store.scalar("SELECT count(DISTINCT target) FROM audit WHERE action = 'test.concurrent'") == 320
        assert store.scalar("SELECT count(*) FROM settings WHERE key = 'shared'") == 1


def test_two_processes_storing_the_same_report_store_it_once(pg_cluster, _pg_reference_template):
    db = pg_cluster.database(_pg_reference_template)
    report = DATA_DIR / "reports" / "wire_sokolo_2020-01-27.txt"
    _finish([_start(db, "read", str(report), "--json", pause="0") for _ in range(2)])
    with Store.open(db) as store:
        assert store.scalar("SELECT count(*) FROM reports") == 1
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'report.read'") == 1
        facts = store.scalar("SELECT count(*) FROM facts")
        assert facts and store.scalar("SELECT count(DISTINCT id) FROM facts") == facts
