"""A process killed with SIGKILL in the middle of an ingest leaves no partial load; the next run completes it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

from ingest_helpers import REDUCED_COLUMNS, reduced_row, write_csv
from watchfloor.store import Store


def _cli(db, *args, env=None):
    return subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "--db", str(db), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def test_kill_9_mid_ingest_leaves_nothing_and_rerun_completes(any_reference_db, tmp_path):
    rows = [reduced_row(i, day=1 + i % 28, best_death=i % 7, high_death=i % 7 + 1, low_death=0)
            for i in range(1, 20001)]
    path = write_csv(tmp_path / "big.csv", REDUCED_COLUMNS, rows)
    with Store.open(any_reference_db) as store:
        before = store.table_counts()

    env = dict(os.environ, WATCHFLOOR_FAULT_PAUSE_BEFORE_COMMIT="60")
    proc = _cli(any_reference_db, "ingest", "ucdp", str(path), env=env)
    try:
        # The fault point prints this line after every row is written inside the open transaction.
        for line in proc.stdout:
            if "paused before commit" in line:
                break
        else:
            raise AssertionError("ingest never reached the commit point")
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()

    with Store.open(any_reference_db) as store:
        assert store.table_counts() == before        # no events, no dataset row, no audit row

    rerun = _cli(any_reference_db, "ingest", "ucdp", str(path), "--json")
    output, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, output
    assert '"inserted": 20000' in output
    with Store.open(any_reference_db) as store:
        assert store.scalar("SELECT count(*) FROM events") == 20000
        assert store.scalar("SELECT count(*) FROM datasets") == 1
