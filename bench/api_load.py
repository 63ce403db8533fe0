"""API load: 1,000,000 synthetic events in a store, `watchfloor serve` on 127.0.0.1, 50 concurrent clients
for 30 s against the events-GeoJSON endpoint (one country-region-month, limit 500) and the regions endpoint
(a country with a 12-month window, as the map asks). Prints p50/p95/p99 latency, throughput and errors.

    .venv/bin/python bench/api_load.py [--events 1000000] [--clients 50] [--seconds 30] [--db PATH|URL]
        [--write-every SECONDS]   # also upload 20 events through POST /api/ingest that often (writes!)

The synthetic events resample the bundled events' places (jittered by up to 0.25°), actors and violence
types over ten years of random days, written in date order (as UCDP and ACLED release them) as a UCDP
reduced-layout CSV and loaded with the ingest.
Only 127.0.0.1 is ever contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from watchfloor.bundled import BUNDLED_EVENTS, load_reference  # noqa: E402
from watchfloor.ingest import ingest_file  # noqa: E402
from watchfloor.store import Store  # noqa: E402
from watchfloor.store import users  # noqa: E402

COLUMNS = ["id", "year", "month", "day", "country", "type_of_violence", "conflict_name", "side_a", "side_b",
           "latitude", "longitude", "low_death", "best_death", "high_death", "iso3", "date_start"]
HOST = "127.0.0.1"


def write_events(path: Path, n: int, seed: int = 11, first_id: int = 1) -> None:
    rnd = random.Random(seed)
    with open(BUNDLED_EVENTS, newline="", encoding="utf-8") as fh:
        seeds = list(csv.DictReader(fh))
    start = date(2011, 1, 1)
    offsets = sorted(rnd.randrange(3652) for _ in range(n))   # in date order, as datasets are released
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i, offset in enumerate(offsets, first_id):
            s = seeds[rnd.randrange(len(seeds))]
            day = start + timedelta(days=offset)
            best = rnd.choice((0, 0, 1, 1, 2, 3, 5, 8, 13, 40))
            lat = round(float(s["latitude"]) + rnd.uniform(-0.25, 0.25), 2)
            lon = round(float(s["longitude"]) + rnd.uniform(-0.25, 0.25), 2)
            w.writerow([i, day.year, day.month, day.day, s["country"], s["type_of_violence"], s["conflict_name"],
                        s["side_a"], s["side_b"], lat, lon, best, best, best + 2, s["iso3"], day.isoformat()])


def build_store(db: Path, n: int) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The store with n events and a forecast per country; returns (token, [(country, region)], countries)."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "synthetic.csv"
        t0 = time.perf_counter()
        write_events(csv_path, n)
        print(f"wrote {n:,} synthetic events in {time.perf_counter() - t0:.1f} s", flush=True)
        with Store.open(db) as store:
            load_reference(store)
            t0 = time.perf_counter()
            result = ingest_file(store, csv_path, "ucdp")
            print(f"ingested {result.inserted:,} events in {time.perf_counter() - t0:.1f} s", flush=True)
    with Store.open(db) as store:
        from watchfloor.forecast.api import run_forecast
        countries = [r[0] for r in store.rows("SELECT DISTINCT country_iso3 FROM events ORDER BY 1")]
        t0 = time.perf_counter()
        for iso3 in countries:
            run_forecast(store, iso3, model="last")
        print(f"forecast runs ('last' baseline) for {', '.join(countries)} in {time.perf_counter() - t0:.1f} s")
        users.add_user(store, "bench", "viewer", None, "bench")
        token = users.issue_token(store, "bench", "bench")
        pairs = store.rows("SELECT country_iso3, region_id FROM events WHERE region_id IS NOT NULL "
                           "GROUP BY 1, 2 HAVING count(*) > 1000 ORDER BY 1, 2")
        total = store.scalar("SELECT count(*) FROM events")
    print(f"store: {total:,} events, {len(pairs)} country-regions with events")
    return token, pairs, countries


def has_events(db: str) -> bool:
    if not db.startswith(("postgresql://", "postgres://")):
        return Path(db).exists()
    with Store.open(db) as store:
        return bool(store.scalar("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)"))


def reuse_store(db: Path) -> tuple[str, list[tuple[str, str]], list[str]]:
    with Store.open(db) as store:
        token = users.issue_token(store, "bench", "bench")
        pairs = store.rows("SELECT country_iso3, region_id FROM events WHERE region_id IS NOT NULL "
                           "GROUP BY 1, 2 HAVING count(*) > 1000 ORDER BY 1, 2")
        countries = [r[0] for r in store.rows("SELECT DISTINCT country_iso3 FROM events ORDER BY 1")]
        print(f"reusing {db}: {store.scalar('SELECT count(*) FROM events'):,} events")
    return token, pairs, countries


def writer_token(db: Path) -> str:
    """An analyst's token (for --write-every), the user made on first use."""
    with Store.open(db) as store:
        if users.get_user(store, "bench-writer") is None:
            users.add_user(store, "bench-writer", "analyst", None, "bench")
        return users.issue_token(store, "bench-writer", "bench")


async def writer(port: int, token: str, every: float, stop_at: float, log: list) -> None:
    """Every `every` seconds, upload 20 new events (UCDP layout) through POST /api/ingest, as an analyst
    would: each write replaces the server's cached answers and events index."""
    n = 0
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}", timeout=60) as http:
        while time.perf_counter() + every < stop_at:
            await asyncio.sleep(every)
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "more.csv"
                write_events(path, 20, seed=1000 + n, first_id=50_000_000 + 20 * n)
                data = path.read_bytes()
            t0 = time.perf_counter()
            r = await http.post("/api/ingest", files={"file": ("more.csv", data, "text/csv")},
                                data={"layout": "ucdp"}, headers={"Authorization": f"Bearer {token}"})
            log.append((time.perf_counter() - t0, r.status_code))
            n += 1


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

    async def get(self, path: str, params: dict) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.streams
        try:
            writer.write(f"GET {path}?{urlencode(params)} HTTP/1.1\r\nHost: {HOST}\r\n"
                         f"Authorization: Bearer {self.token}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
            return status, await reader.readexactly(length)
        except Exception:
            writer.close()
            self.streams = None
            raise


async def client(conn: Connection, rnd: random.Random, pairs, countries, stop_at: float,
                 record: bool, samples: dict, errors: dict) -> None:
    all_months = months()
    while time.perf_counter() < stop_at:
        m = rnd.choice(all_months)
        if rnd.random() < 0.8:
            kind = "events"
            country, region = rnd.choice(pairs)
            url, params = "/api/events", {"country": country, "region": region, "since": m.isoformat(),
                                          "until": month_end(m).isoformat(), "limit": 500, "format": "geojson"}
        else:
            kind = "regions"
            first = date(m.year - 1, m.month, 1) if m.month == 12 else date(m.year - 1, m.month + 1, 1)
            url, params = "/api/regions", {"country": rnd.choice(countries), "since": first.isoformat(),
                                           "until": month_end(m).isoformat()}
        t0 = time.perf_counter()
        try:
            status, body = await conn.get(url, params)
            ok = status == 200 and body.startswith(b'{"type":"FeatureCollection"')
            why = None if ok else f"HTTP {status}"
        except (OSError, asyncio.IncompleteReadError, ValueError, AttributeError) as exc:
            ok, why = False, type(exc).__name__
        elapsed = time.perf_counter() - t0
        if record:
            samples[kind].append(elapsed)
            if not ok:
                errors[why] = errors.get(why, 0) + 1


async def load(port: int, token: str, pairs, countries, clients: int, seconds: float, warmup: float,
               write_every: float = 0, write_token: str = "", writes: list | None = None) -> tuple:
    samples: dict = {"events": [], "regions": []}
    errors: dict = {}
    conns = [Connection(port, token) for _ in range(clients)]
    stop = time.perf_counter() + warmup
    await asyncio.gather(*(client(c, random.Random(100 + i), pairs, countries, stop, False, samples, errors)
                           for i, c in enumerate(conns)))
    t0 = time.perf_counter()
    extra = [writer(port, write_token, write_every, t0 + seconds, writes)] if write_every else []
    await asyncio.gather(*(client(c, random.Random(i), pairs, countries, t0 + seconds, True, samples, errors)
                           for i, c in enumerate(conns)), *extra)
    wall = time.perf_counter() - t0
    for c in conns:
        if c.streams:
            c.streams[1].close()
    return samples, errors, wall


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(samples: dict, errors: dict, wall: float, clients: int) -> None:
    print(f"\n{clients} concurrent clients, {wall:.1f} s measured on {HOST}")
    print(f"{'endpoint':<16}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    every = samples["events"] + samples["regions"]
    for name, xs in (("events geojson", samples["events"]), ("regions", samples["regions"]), ("all", every)):
        if not xs:
            continue
        ms = np.array(xs) * 1000
        print(f"{name:<16}{len(ms):>10,}{len(ms) / wall:>9.1f}{np.percentile(ms, 50):>9.1f}"
              f"{np.percentile(ms, 95):>9.1f}{np.percentile(ms, 99):>9.1f}{ms.max():>9.1f}")
    print(f"errors: {sum(errors.values())}" + (f" {errors}" if errors else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--warmup", type=float, default=3, help="seconds of load before measuring (not counted)")
    ap.add_argument("--db", help="keep the store here (and reuse it when it holds events): a DuckDB file, or a "
                                 "PostgreSQL database's URL (postgresql://…)")
    ap.add_argument("--write-every", type=float, default=0,
                    help="also upload 20 new events through the API every this many seconds while measuring "
                         "(writes adds events to the store: use a throw-away --db)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "load.duckdb")
        token, pairs, countries = reuse_store(db) if has_events(db) else build_store(db, args.events)
        write_token = writer_token(db) if args.write_every else ""
        writes: list = []
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "--db", str(db), "serve", "--host", HOST,
                                   "--port", str(port)], env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            url = f"http://{HOST}:{port}"
            for _ in range(300):
                try:
                    if httpx.get(url + "/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            load_before = os.getloadavg()[0]
            cpu0 = cpu_seconds(server.pid)
            samples, errors, wall = asyncio.run(load(port, token, pairs, countries, args.clients, args.seconds,
                                                     args.warmup, args.write_every, write_token, writes))
            server_cpu = cpu_seconds(server.pid) - cpu0
            server_rss = rss_mb(server.pid)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    report(samples, errors, wall, args.clients)
    n = len(samples["events"]) + len(samples["regions"])
    print(f"server CPU: {1000 * server_cpu / max(n, 1):.1f} ms per request (warm-up included), "
          f"{server_cpu / (wall + args.warmup):.2f} cores busy on average, {server_rss:,.0f} MB resident at the end")
    if args.write_every:
        ms = [1000 * t for t, _ in writes]
        print(f"writes: {len(writes)} uploads of 20 events, statuses {sorted({s for _, s in writes})}, "
              f"{np.median(ms) if ms else float('nan'):.0f} ms median, {max(ms, default=float('nan')):.0f} ms max")
    print(f"machine: {os.cpu_count()} CPUs; load average {load_before:.1f} before the run, "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine competes with both sides)")


if __name__ == "__main__":
    main()
