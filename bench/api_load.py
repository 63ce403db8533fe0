"""API load as a desk makes it: 1,000,000 synthetic events in a store, `watchfloor serve` on 127.0.0.1, 50 readers
with no pause between requests over what analysts open (map events and regions, reports list, one report, the
facts page, briefs list, one brief, judgments) and 5 writers (report uploads, fact reviews, 1,000-row event
ingests) for 60 s, on a DuckDB file or a PostgreSQL database. Prints p50/p95/p99 per endpoint, errors, each
write kind's latency and the refused writes (any answer but 2xx, and uploads whose reading job failed).

    .venv/bin/python bench/api_load.py [--events 1000000] [--readers 50] [--writers 5] [--seconds 60]
        [--db PATH|postgresql://… [--copy-of]] [--write-pause SECONDS]

The synthetic events resample the bundled events' places (jittered by up to 0.25°), actors and violence
types over ten years of random days, generated with numpy and written in date order (as UCDP and ACLED
release them) as a UCDP reduced-layout CSV by Arrow's CSV writer, then loaded with the ingest (COPY on
PostgreSQL). The bundled sample reports are read into the store through the API before measuring, and a
brief is composed for Niger (with the 'last' baseline). Measuring starts once the server's events index is loaded
(`/health`; the server loads it from its start, as a desk's long-running server has it). Writes add to the
store: use a throw-away --db, or --copy-of to run on a copy of it (before/after comparisons then start from the same
store). Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import subprocess
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from watchfloor.bundled import BUNDLED_EVENTS, DATA_DIR, load_reference  # noqa: E402
from watchfloor.ingest import ingest_file  # noqa: E402
from watchfloor.store import Store  # noqa: E402
from watchfloor.store import users  # noqa: E402

COLUMNS = ["id", "year", "month", "day", "country", "type_of_violence", "conflict_name", "side_a", "side_b",
           "latitude", "longitude", "low_death", "best_death", "high_death", "iso3", "date_start"]
HOST = "127.0.0.1"


def write_events(path: Path, n: int, seed: int = 11, first_id: int = 1) -> None:
    """n synthetic events (UCDP reduced layout), in date order, as one CSV (numpy draws, Arrow writes)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv
    rng = np.random.default_rng(seed)
    seeds = pd.read_csv(BUNDLED_EVENTS, dtype=str, keep_default_na=False)
    pick = rng.integers(len(seeds), size=n)
    days = np.datetime64("2011-01-01") + np.sort(rng.integers(3652, size=n)).astype("timedelta64[D]")
    best = rng.choice(np.array([0, 0, 1, 1, 2, 3, 5, 8, 13, 40]), size=n)
    when = pd.DatetimeIndex(days)
    frame = pd.DataFrame({
        "id": np.arange(first_id, first_id + n), "year": when.year, "month": when.month, "day": when.day,
        **{c: seeds[c].to_numpy()[pick] for c in ("country", "type_of_violence", "conflict_name", "side_a",
                                                  "side_b")},
        "latitude": np.round(seeds["latitude"].astype(float).to_numpy()[pick] + rng.uniform(-0.25, 0.25, n), 2),
        "longitude": np.round(seeds["longitude"].astype(float).to_numpy()[pick] + rng.uniform(-0.25, 0.25, n), 2),
        "low_death": best, "best_death": best, "high_death": best + 2, "iso3": seeds["iso3"].to_numpy()[pick],
        "date_start": when.strftime("%Y-%m-%d")})
    pacsv.write_csv(pa.Table.from_pandas(frame[COLUMNS], preserve_index=False), path,
                    pacsv.WriteOptions(quoting_style="needed"))


def build_store(db: str, n: int) -> None:
    """The store with n events, a forecast per country and the bench's users."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "synthetic.csv"
        t0 = time.perf_counter()
        write_events(csv_path, n)
        print(f"wrote {n:,} synthetic events in {time.perf_counter() - t0:.1f} s", flush=True)
        with Store.open(db) as store:
            load_reference(store)
            t0, c0 = time.perf_counter(), time.process_time()
            result = ingest_file(store, csv_path, "ucdp")
            print(f"ingested {result.inserted:,} events in {time.perf_counter() - t0:.1f} s wall, "
                  f"{time.process_time() - c0:.1f} s CPU of this process", flush=True)
    with Store.open(db) as store:
        from watchfloor.forecast.api import run_forecast
        countries = [r[0] for r in store.rows("SELECT DISTINCT country_iso3 FROM events ORDER BY 1")]
        t0 = time.perf_counter()
        for iso3 in countries:
            run_forecast(store, iso3, model="last")
        print(f"forecast runs ('last' baseline) for {', '.join(countries)} in {time.perf_counter() - t0:.1f} s")


@contextmanager
def copied(db: str, folder: Path) -> Iterator[str]:
    """A throw-away copy of the store `db` (its file copied into `folder`, or a PostgreSQL database created with
    `db` as its template), removed at the end."""
    if not db.startswith(("postgresql://", "postgres://")):
        copy = folder / "copy.duckdb"
        shutil.copyfile(db, copy)
        if Path(db + ".wal").exists():          # what DuckDB has not checkpointed into the file yet
            shutil.copyfile(db + ".wal", str(copy) + ".wal")
        yield str(copy)
        return
    import psycopg
    head, _, rest = db.partition("://")
    authority, _, path = rest.partition("/")
    source, _, query = path.partition("?")

    def url(name: str) -> str:
        return f"{head}://{authority}/{name}" + (f"?{query}" if query else "")
    name = f"{source}_copy_{os.getpid()}"
    with psycopg.connect(url("postgres"), autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    try:
        yield url(name)
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def has_events(db: str) -> bool:
    if not db.startswith(("postgresql://", "postgres://")):
        return Path(db).exists()
    with Store.open(db) as store:
        return bool(store.scalar("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)"))


def bench_tokens(db: str) -> tuple[str, str, list, list]:
    """(a viewer's token, an analyst's token, [(country, region)] for the map, countries); users made once."""
    with Store.open(db) as store:
        tokens = []
        for name, role in (("bench", "viewer"), ("bench-writer", "analyst")):
            if users.get_user(store, name) is None:
                users.add_user(store, name, role, None, "bench")
            tokens.append(users.issue_token(store, name, "bench"))
        pairs = store.rows("SELECT country_iso3, region_id FROM events WHERE region_id IS NOT NULL "
                           "GROUP BY 1, 2 HAVING count(*) > 1000 ORDER BY 1, 2")
        countries = [r[0] for r in store.rows("SELECT DISTINCT country_iso3 FROM events ORDER BY 1")]
        print(f"store: {store.scalar('SELECT count(*) FROM events'):,} events, {len(pairs)} country-regions "
              "with more than 1,000", flush=True)
    return tokens[0], tokens[1], pairs, countries


SAMPLE_REPORTS = sorted((DATA_DIR / "reports").glob("*.txt")) + sorted((DATA_DIR / "reports").glob("*.md"))


def desk_brief(db: str) -> None:
    """A brief for Niger (once), composed before the server starts with the 'last' baseline: the default
    ensemble, and Mali's what-if runs (forces present), take over ten minutes on 1 M events here: the brief's
    bench, not this one."""
    from watchfloor.warn.brief import create_brief, list_briefs
    with Store.open(db) as store:
        if not list_briefs(store, None):
            t0 = time.perf_counter()
            create_brief(store, "NER", authors=["Bench Analyst"], model="last")
            print(f"brief for NER composed in {time.perf_counter() - t0:.1f} s", flush=True)


def desk_material(url: str, write_token: str) -> dict:
    """What the readers open besides the map: the sample reports read into the store through the API (once);
    returns report ids, fact ids (for reviews) and brief ids."""
    auth = {"Authorization": f"Bearer {write_token}"}
    with httpx.Client(base_url=url, headers=auth, timeout=600) as http:
        if not http.get("/api/reports").json():
            for path in SAMPLE_REPORTS:
                r = http.post("/api/reports", files={"file": (path.name, path.read_bytes(), "text/plain")},
                              params={"wait": 600})
                assert r.status_code == 201, r.text
        reports = [r["id"] for r in http.get("/api/reports").json()]
        facts = [f["id"] for rid in reports for f in http.get(f"/api/reports/{rid}").json()["facts"]]
        briefs = [b["id"] for b in http.get("/api/briefs").json()]
    print(f"desk: {len(reports)} reports, {len(facts)} facts, {len(briefs)} briefs", flush=True)
    return {"reports": reports, "facts": facts, "briefs": briefs}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def months() -> list[date]:
    return [date(y, m, 1) for y in range(2011, 2021) for m in range(1, 13)]


def month_end(m: date) -> date:
    return date(m.year + m.month // 12, m.month % 12 + 1, 1) - timedelta(days=1)


class Connection:
    """A minimal HTTP/1.1 keep-alive client (GET only), so the load generator spends little CPU of the
    machine it shares with the server."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.streams = None

    retries = 0     # GETs sent again because the server had closed an idle keep-alive connection

    async def get(self, path: str, params: dict) -> tuple[int, bytes]:
        """One GET; on a reused connection the server closed before answering anything, once more on a new one
        (as HTTP clients do with idempotent requests)."""
        reused = self.streams is not None
        try:
            return await self._get(path, params)
        except asyncio.IncompleteReadError as exc:
            if not reused or exc.partial:
                raise
            Connection.retries += 1
            return await self._get(path, params)

    async def _get(self, path: str, params: dict) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.streams
        query = f"?{urlencode(params)}" if params else ""
        try:
            writer.write(f"GET {path}{query} HTTP/1.1\r\nHost: {HOST}\r\n"
                         f"Authorization: Bearer {self.token}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
            return status, await reader.readexactly(length)
        except Exception:
            writer.close()
            self.streams = None
            raise


# What analysts open, with how often (of every 100 requests).
READS = {"map events": 30, "map regions": 15, "reports list": 10, "one report": 10, "facts page": 10,
         "briefs list": 5, "one brief": 10, "judgments": 10}


def next_read(rnd: random.Random, pairs, countries, desk: dict) -> tuple[str, str, dict, bytes]:
    """(endpoint name, path, query, how a good answer starts)."""
    kind = rnd.choices(list(READS), weights=list(READS.values()))[0]
    m = rnd.choice(months())
    if kind == "map events":
        country, region = rnd.choice(pairs)
        return kind, "/api/events", {"country": country, "region": region, "since": m.isoformat(),
                                     "until": month_end(m).isoformat(), "limit": 500, "format": "geojson"}, \
            b'{"type":"FeatureCollection"'
    if kind == "map regions":
        first = date(m.year - 1, m.month, 1) if m.month == 12 else date(m.year - 1, m.month + 1, 1)
        return kind, "/api/regions", {"country": rnd.choice(countries), "since": first.isoformat(),
                                      "until": month_end(m).isoformat()}, b'{"type":"FeatureCollection"'
    if kind == "reports list":
        return kind, "/api/reports", {}, b"["
    if kind == "one report":
        return kind, f"/api/reports/{rnd.choice(desk['reports'])}", {}, b"{"
    if kind == "facts page":
        return kind, "/facts", {}, b"<!"
    if kind == "briefs list":
        return kind, "/api/briefs", {}, b"["
    if kind == "one brief":
        return kind, f"/api/briefs/{rnd.choice(desk['briefs'])}", {}, b"{"
    return kind, "/api/judgments", {}, b"["


async def reader_loop(conn: Connection, rnd: random.Random, pairs, countries, desk: dict, stop_at: float,
                      record: bool, samples: dict, errors: dict) -> None:
    while time.perf_counter() < stop_at:
        kind, path, params, good = next_read(rnd, pairs, countries, desk)
        t0 = time.perf_counter()
        try:
            status, body = await conn.get(path, params)
            ok = status == 200 and body.lstrip().startswith(good)
            why = None if ok else f"{kind}: HTTP {status}"
        except (OSError, asyncio.IncompleteReadError, ValueError, AttributeError) as exc:
            ok, why = False, f"{kind}: {type(exc).__name__}"
        elapsed = time.perf_counter() - t0
        if record:
            samples.setdefault(kind, []).append(elapsed)
            if not ok:
                errors[why] = errors.get(why, 0) + 1


WRITES = ("report upload", "fact review", "1,000-row ingest")
# Event ids of this run's ingests: new on every run, so that a reused --db store gets new events (with the same
# ids as a run before, an ingest finds every row unchanged and writes nothing).
RUN_IDS = 60_000_000 + (time.time_ns() // 1_000_000_000 % 10_000_000) * 10_000_000


async def writer_loop(k: int, port: int, token: str, desk: dict, pause: float, stop_at: float, writes: list,
                      jobs: list) -> None:
    """One analyst writing in turn: a report upload (a new copy of a sample report, read in the background),
    a fact review (confirm or reject), an ingest of 1,000 new events; `pause` seconds between writes."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLE_REPORTS]
    rnd = random.Random(500 + k)
    n = 0
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}", timeout=120,
                                 headers={"Authorization": f"Bearer {token}"}) as http:
        while time.perf_counter() < stop_at:
            kind = WRITES[(k + n) % len(WRITES)]
            t0 = time.perf_counter()
            try:
                if kind == "report upload":
                    text = rnd.choice(texts) + f"\n\nDesk copy {k}-{n} filed {time.time():.6f}.\n"
                    r = await http.post("/api/reports", files={"file": (f"desk-{k}-{n}.txt", text.encode(),
                                                                        "text/plain")})
                    if r.status_code in (201, 202):
                        jobs.append(r.json()["job"]["id"])
                elif kind == "fact review":
                    r = await http.post(f"/api/facts/{rnd.choice(desk['facts'])}",
                                        json={"status": rnd.choice(("confirmed", "rejected")), "note": "bench"})
                else:
                    with tempfile.TemporaryDirectory() as tmp:
                        path = Path(tmp) / "more.csv"
                        write_events(path, 1000, seed=10_000 + 1000 * k + n, first_id=RUN_IDS + 1_000_000 * k
                                     + 1000 * n)
                        data = path.read_bytes()
                    r = await http.post("/api/ingest", files={"file": ("more.csv", data, "text/csv")},
                                        data={"layout": "ucdp"})
                status, detail = r.status_code, ("" if r.status_code < 300 else r.text[:200])
            except httpx.HTTPError as exc:
                status, detail = 0, f"{type(exc).__name__}: {exc}"
            writes.append((kind, time.perf_counter() - t0, status, detail))
            n += 1
            await asyncio.sleep(pause)


async def load(port: int, token: str, write_token: str, pairs, countries, desk: dict, readers: int, writers: int,
               seconds: float, warmup: float, pause: float) -> tuple:
    samples: dict = {}
    errors: dict = {}
    writes: list = []
    jobs: list = []
    conns = [Connection(port, token) for _ in range(readers)]
    stop = time.perf_counter() + warmup
    await asyncio.gather(*(reader_loop(c, random.Random(100 + i), pairs, countries, desk, stop, False, samples,
                                       errors) for i, c in enumerate(conns)))
    t0 = time.perf_counter()
    await asyncio.gather(*(reader_loop(c, random.Random(i), pairs, countries, desk, t0 + seconds, True, samples,
                                       errors) for i, c in enumerate(conns)),
                         *(writer_loop(k, port, write_token, desk, pause, t0 + seconds, writes, jobs)
                           for k in range(writers)))
    wall = time.perf_counter() - t0
    for c in conns:
        if c.streams:
            c.streams[1].close()
    return samples, errors, writes, jobs, wall


def job_outcomes(url: str, token: str, jobs: list, wait: float = 300) -> dict:
    """The uploads' reading jobs after the run: state -> count (waiting up to `wait` s for them to end)."""
    states: dict = {}
    deadline = time.monotonic() + wait
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
        for job_id in jobs:
            while True:
                state = http.get(f"/api/jobs/{job_id}").json()
                if state["state"] in ("done", "failed") or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            key = state["state"] + (f" ({state.get('message')})" if state["state"] == "failed" else "")
            states[key] = states.get(key, 0) + 1
    return states


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its live children (the server's reading workers)."""
    total = cpu_seconds(pid)
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for c in child.read_text().split():
            try:
                total += tree_cpu_seconds(int(c))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return total


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(samples: dict, errors: dict, writes: list, outcomes: dict, wall: float, readers: int,
           writers: int) -> None:
    print(f"\n{readers} readers (no pause) and {writers} writers, {wall:.1f} s measured on {HOST}")
    print(f"{'endpoint':<16}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    every = [x for xs in samples.values() for x in xs]
    for name, xs in [*((k, samples.get(k, [])) for k in READS), ("all reads", every)]:
        if not xs:
            continue
        ms = np.array(xs) * 1000
        print(f"{name:<16}{len(ms):>10,}{len(ms) / wall:>9.1f}{np.percentile(ms, 50):>9.1f}"
              f"{np.percentile(ms, 95):>9.1f}{np.percentile(ms, 99):>9.1f}{ms.max():>9.1f}")
    print(f"read errors: {sum(errors.values())}" + (f" {errors}" if errors else "")
          + f"; {Connection.retries} GETs sent again on a new connection (the server had closed an idle one)")
    print(f"{'write':<18}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  statuses")
    for kind in WRITES:
        mine = [w for w in writes if w[0] == kind]
        if not mine:
            continue
        ms = np.array([w[1] for w in mine]) * 1000
        statuses = sorted({w[2] for w in mine})
        print(f"{kind:<18}{len(mine):>7}{np.percentile(ms, 50):>9.0f}{np.percentile(ms, 95):>9.0f}{ms.max():>9.0f}"
              f"  {statuses}")
    refused = [w for w in writes if not 200 <= w[2] < 300]
    failed_jobs = sum(v for k, v in outcomes.items() if k.startswith("failed"))
    print(f"refused writes: {len(refused) + failed_jobs} ({len(refused)} answers not 2xx, {failed_jobs} uploads "
          f"whose reading failed); upload jobs after the run: {outcomes}")
    for kind, _, status, detail in refused[:5]:
        print(f"  {kind}: {status} {detail}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--writers", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=3, help="seconds of reads before measuring (not counted)")
    ap.add_argument("--write-pause", type=float, default=1.0, help="seconds a writer waits between its writes")
    ap.add_argument("--db", help="keep the store here (and reuse it when it holds events): a DuckDB file, or a "
                                 "PostgreSQL database's URL (postgresql://…); writes add to it")
    ap.add_argument("--copy-of", action="store_true", help="run on a throw-away copy of --db (a copy of the file, "
                    "or a database created from it as template), so that runs compared with each other start from "
                    "the same store; the copy is removed at the end")
    args = ap.parse_args()
    if args.copy_of and not args.db:
        ap.error("--copy-of needs --db (the store to copy)")
    with tempfile.TemporaryDirectory() as tmp, copied(args.db, Path(tmp)) if args.copy_of else nullcontext(args.db) \
            as db:
        db = db or str(Path(tmp) / "load.duckdb")
        if not has_events(db):
            build_store(db, args.events)
        token, write_token, pairs, countries = bench_tokens(db)
        desk_brief(db)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "--db", str(db), "serve", "--host", HOST,
                                   "--port", str(port), "--access-log", "off"],
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            url = f"http://{HOST}:{port}"
            for _ in range(600):
                try:
                    if httpx.get(url + "/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            desk = desk_material(url, write_token)
            t0 = time.perf_counter()
            while httpx.get(url + "/health", timeout=10).json().get("events_index_loading") \
                    and time.perf_counter() - t0 < 900:
                time.sleep(0.5)
            print(f"events index loaded {time.perf_counter() - t0:.1f} s after the desk material (the server "
                  "loads it from its start)", flush=True)
            load_before = os.getloadavg()
            cpu0, own0 = tree_cpu_seconds(server.pid), time.process_time()
            samples, errors, writes, jobs, wall = asyncio.run(load(
                port, token, write_token, pairs, countries, desk, args.readers, args.writers, args.seconds,
                args.warmup, args.write_pause))
            server_cpu, own_cpu = tree_cpu_seconds(server.pid) - cpu0, time.process_time() - own0
            load_after = os.getloadavg()
            server_rss = rss_mb(server.pid)
            outcomes = job_outcomes(url, write_token, jobs)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    report(samples, errors, writes, outcomes, wall, args.readers, args.writers)
    n = sum(len(xs) for xs in samples.values())
    print(f"backend: {'PostgreSQL' if str(db).startswith('postgres') else 'DuckDB'}; server CPU (with its reading "
          f"workers): {server_cpu:.1f} s = {server_cpu / (wall + args.warmup):.2f} cores busy on average, "
          f"{1000 * server_cpu / max(n, 1):.1f} ms per read (writes included); load generator CPU {own_cpu:.1f} s; "
          f"server {server_rss:,.0f} MB resident at the end")
    print(f"machine: {os.cpu_count()} CPUs, shared; load average (1/5/15 min) {load_before[0]:.1f}/"
          f"{load_before[1]:.1f}/{load_before[2]:.1f} before the run, {load_after[0]:.1f}/{load_after[1]:.1f}/"
          f"{load_after[2]:.1f} after (other work on the machine competes with both sides)")


if __name__ == "__main__":
    main()
