"""Ingest speed: 1,000,000 synthetic rows in each layout (UCDP GED full release and ACLED), into a store
that holds the bundled reference data (so point-in-polygon runs against real boundaries).

Prints rows/s, peak memory (RSS of a fresh process per run) and the ratio to DuckDB's own read_csv
scan of the same file (all columns materialised as text: the ceiling for any CSV ingest).

    .venv/bin/python bench/ingest.py [--rows 1000000]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from ingest_helpers import acled_row, ged_full_row  # noqa: E402
from watchfloor.ingest.layouts import ACLED_COLUMNS, GED_FULL_COLUMNS  # noqa: E402

SUB_TYPES = [("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
             ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Protests", "Peaceful protest"),
             ("Strategic developments", "Looting/property destruction")]


def generate(path: Path, layout: str, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    start = date(2012, 1, 1)
    cols = GED_FULL_COLUMNS if layout == "ucdp" else ACLED_COLUMNS
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        base = ged_full_row(0) if layout == "ucdp" else acled_row(0)
        for i in range(1, rows + 1):
            # Points over the three countries' bounding box (some fall outside any region: realistic misses).
            lat, lon = round(rnd.uniform(9.5, 24.5), 5), round(rnd.uniform(-12.0, 15.5), 5)
            day = start + timedelta(days=rnd.randrange(3650))
            best = rnd.choice((0, 0, 1, 1, 2, 3, 5, 8, 13, 40))
            row = dict(base)
            if layout == "ucdp":
                row.update(id=str(i), latitude=str(lat), longitude=str(lon), best=str(best), low=str(best),
                           high=str(best + 2), date_start=day.isoformat(), date_end=day.isoformat(),
                           type_of_violence=str(1 + i % 3))
            else:
                et, st = SUB_TYPES[i % len(SUB_TYPES)]
                row.update(event_id_cnty=f"SYN{i}", event_date=day.strftime("%d %B %Y"), latitude=str(lat),
                           longitude=str(lon), fatalities=str(best), event_type=et, sub_event_type=st)
            w.writerow([row[c] for c in cols])


def child(mode: str, layout: str, csv_path: str, db_path: str) -> None:
    """Runs in a fresh process so its peak RSS is its own."""
    import duckdb
    from watchfloor.bundled import load_reference
    from watchfloor.ingest import ingest_file
    from watchfloor.store import Store
    if mode == "scan":
        con = duckdb.connect(db_path)
        t0 = time.perf_counter()
        con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{csv_path}', header = true, all_varchar = true)")
        n = con.execute("SELECT count(*) FROM raw").fetchone()[0]
        seconds = time.perf_counter() - t0
    else:
        with Store.open(db_path) as store:
            load_reference(store)
        with Store.open(db_path) as store:
            t0 = time.perf_counter()
            result = ingest_file(store, csv_path, layout)
            seconds = time.perf_counter() - t0
            n = result.inserted
            if mode == "reingest":
                t0 = time.perf_counter()
                again = ingest_file(store, csv_path, layout)
                seconds = time.perf_counter() - t0
                assert again.unchanged == n, again
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": n, "seconds": seconds, "peak_mb": peak_mb}))


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=4)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(f"watchfloor ingest benchmark: {args.rows:,} synthetic rows per layout")
    print(f"{'layout':8} {'MB':>6} {'scan s':>7} {'ingest s':>9} {'rows/s':>10} {'vs scan':>8} {'peak MB':>8} "
          f"{'re-ingest s':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for layout in ("ucdp", "acled"):
            path = Path(tmp) / f"{layout}.csv"
            generate(path, layout, args.rows)
            scan = run_child("scan", layout, str(path), str(Path(tmp) / f"scan_{layout}.duckdb"))
            load = run_child("ingest", layout, str(path), str(Path(tmp) / f"ingest_{layout}.duckdb"))
            again = run_child("reingest", layout, str(path), str(Path(tmp) / f"again_{layout}.duckdb"))
            print(f"{layout:8} {path.stat().st_size / 1e6:6.0f} {scan['seconds']:7.2f} {load['seconds']:9.2f} "
                  f"{load['rows'] / load['seconds']:10,.0f} {scan['seconds'] / load['seconds']:8.0%} "
                  f"{load['peak_mb']:8.0f} {again['seconds']:12.2f}")
    print("targets: 1M rows <= 10 s; >= 50 % of the raw read_csv scan speed ('vs scan' = scan time / ingest time)")


if __name__ == "__main__":
    main()
