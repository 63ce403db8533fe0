"""Reading on a real Dask cluster (watchfloor/scale/): the client alone writes, a run stores what a one-process
`watchfloor read` stores, and a worker killed mid-run loses nothing — every report is stored exactly once."""
from __future__ import annotations

import json
import os
import shutil
import signal

import pytest
from typer.testing import CliRunner

from read_helpers import prose
from watchfloor.cli import app
from watchfloor.read.pipeline import reader_for
from watchfloor.scale.cluster import connect
from watchfloor.scale.corpus import plan
from watchfloor.scale.run import read_corpus
from watchfloor.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")


def _corpus(folder, n: int, seed: int = 0):
    folder.mkdir()
    for i in range(n):
        (folder / f"report-{i:03d}.txt").write_text(f"Situation note {seed + i}\n\n" + prose(1200, seed + i),
                                                    encoding="utf-8")
    return folder


def _stored(db) -> tuple[list, list]:
    with Store.open(db, read_only=True) as store:
        reports = store.rows("SELECT id, path, title, published, reliability FROM reports ORDER BY id")
        facts = store.rows("SELECT id, report_id, kind, start_char, end_char, value, actor_id, place_id, region_id, "
                           "credibility FROM facts ORDER BY id")
    return reports, facts


def _reference_copy(backend: str, request, path) -> str:
    """A new store with the bundled reference data on `backend`: a DuckDB file at `path`, or a PostgreSQL database."""
    if backend == "duckdb":
        shutil.copy(request.getfixturevalue("_reference_template"), path)
        return str(path)
    return request.getfixturevalue("pg_cluster").database(request.getfixturevalue("_pg_reference_template"))


def test_a_cluster_read_stores_what_a_plain_read_stores(tmp_path, backend, request):
    corpus = _corpus(tmp_path / "corpus", 10)
    plain_db = _reference_copy(backend, request, tmp_path / "plain.duckdb")
    cluster_db = _reference_copy(backend, request, tmp_path / "cluster.duckdb")
    runner = CliRunner()
    plain = runner.invoke(app, ["--db", str(plain_db), "read", str(corpus), "--no-model"])
    assert plain.exit_code == 0, plain.output
    args = ["--db", str(cluster_db), "read", str(corpus), "--no-model", "--workers", "2", "--partition-size", "2",
            "--batch", "3"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "Dask dashboard: http://" in first.output
    assert "10 report(s) read (10 stored, 0 already stored), 0 failed" in first.output
    assert _stored(cluster_db) == _stored(plain_db)
    with Store.open(cluster_db, read_only=True) as store:
        audit = store.scalar("SELECT count(*) FROM audit WHERE action = 'report.read'")
    again = runner.invoke(app, args)
    assert "10 report(s) read (0 stored, 10 already stored), 0 failed" in again.output
    assert _stored(cluster_db) == _stored(plain_db)
    with Store.open(cluster_db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'report.read'") == audit == 10


def test_an_existing_cluster_json_lines_and_failures_without_a_store(tmp_path):
    from distributed import LocalCluster
    corpus = _corpus(tmp_path / "corpus", 3, seed=20)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "feed.jsonl").write_text(json.dumps({"id": "wire-1", "text": prose(800, 30)}) + "\n{broken\n",
                                       encoding="utf-8")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        result = CliRunner().invoke(app, ["read", str(corpus), "--no-model", "--no-store", "--json",
                                          "--scheduler", cluster.scheduler_address])
        assert "1 workers" in result.output
    import dask
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        nobody = CliRunner().invoke(app, ["read", str(corpus), "--no-model", "--scheduler", "tcp://127.0.0.1:9",
                                          "--no-store"])
    assert nobody.exit_code == 1 and "no Dask scheduler answers at tcp://127.0.0.1:9" in nobody.output
    assert result.exit_code == 1                    # failures are named and make the exit status 1, as in `read`
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert sorted(x["path"] for x in lines if "error" in x) == [str(corpus / "empty.txt"), f"{corpus}/feed.jsonl:2"]
    assert sorted(x["path"] for x in lines if "id" in x) == sorted([str(corpus / f"report-{i:03d}.txt") for i in range(3)]
                                                      + ["wire-1"])
    assert f"{corpus}/empty.txt: empty file" in result.output and f"{corpus}/feed.jsonl:2: not JSON" in result.output
    assert "4 report(s) read, 2 failed" in result.output


class Interrupted(Exception):
    pass


def test_a_run_stopped_part_way_then_a_worker_killed_mid_run_lose_nothing(tmp_path, reference_db):
    corpus = _corpus(tmp_path / "corpus", 24, seed=100)
    partitions = plan([corpus], 1)
    killed: list[int] = []
    with Store.open(reference_db) as store, connect(workers=2) as client:
        reader = reader_for(store)
        pids = client.run(os.getpid)

        def stop_after_six(done, summary):
            if done == 6:
                raise Interrupted()
        with pytest.raises(Interrupted):        # the client stops (Ctrl-C, a crash): what it read is kept
            read_corpus(client, partitions, reader, model=False, store=store, batch=5, on_progress=stop_after_six)
        assert store.scalar("SELECT count(*) FROM reports") == 6

        def kill_a_busy_worker(done, summary):
            busy = [address for address, keys in client.processing().items() if keys and address in pids]
            if not killed and busy:                # the first time a worker is reading a partition
                killed.append(pids[busy[0]])
                os.kill(pids[busy[0]], signal.SIGKILL)

        summary = read_corpus(client, partitions, reader, model=False, store=store, batch=5,
                              on_progress=kill_a_busy_worker)
        after = client.run(os.getpid)
        assert killed and killed[0] not in after.values()         # it really died (its nanny started another)
        assert summary.read == 24 and summary.stored == 18 and summary.unchanged == 6 and not summary.failures
        assert store.scalar("SELECT count(*) FROM reports") == 24
        assert store.scalar("SELECT count(DISTINCT path) FROM reports") == 24
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'report.read'") == 24
        assert store.scalar("SELECT count(*) FROM facts") == store.scalar("SELECT count(DISTINCT id) FROM facts")
        # each report's facts are those a one-process read gives it: none lost, none twice
        for path, count in store.rows("SELECT r.path, count(f.id) FROM reports r LEFT JOIN facts f "
                                      "ON f.report_id = r.id GROUP BY r.path"):
            assert count == len(reader.read(path, (corpus / os.path.basename(path)).read_text(encoding="utf-8"),
                                             {}, None).facts())
