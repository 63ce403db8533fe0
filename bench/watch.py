"""The watch under a day's load: 96 GDELT 15-minute export files (real layout, ~2,000 rows each, generated)
and 500 feed items (~600 words each) served by a local server, through `watch` into a store holding the
bundled reference data.

Prints the total time of one watch cycle with the reader's rules path and with its default path (the
statistical model), and the latency from an item's arrival on the feed to its alert (items published one
after another while the watch runs its schedule).

    .venv/bin/python bench/watch.py [--files 96] [--rows 2000] [--items 500] [--latency-items 20] [--skip-model]
                                    [--profile OUT.prof] [--db postgresql://… | --pg-cluster]

By default each run's store is a copy of a DuckDB file holding the reference data. With --db postgresql://…
the stores are databases on that PostgreSQL server (the URL's database is only connected to: the bench
creates a reference database and a copy of it per run with CREATE DATABASE … TEMPLATE, so the role needs
CREATEDB, and drops them at the end); --pg-cluster starts a throwaway cluster for it the way the tests do
(tests/pg_helpers.py: Debian's initdb and pg_ctl, run as `postgres`, fsync off) and removes it at the end.

With --profile, the rules-path cycle runs under cProfile (slower than without): the split of its time between
fetching, reading (the reader), storing the reports (with their tracking and linking), ingesting the event
rows, and triggers and alerts is printed, the stats written to OUT.prof for `python -m pstats`.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.sources.recorded import Recorded, Reply  # noqa: E402
from test_sources_gdelt import gdelt_row  # noqa: E402
from watchfloor.alerts.rules import AlertRule  # noqa: E402
from watchfloor.alerts.service import add_rule  # noqa: E402
from watchfloor.bundled import load_reference  # noqa: E402
from watchfloor.sources import ledger  # noqa: E402
from watchfloor.sources.watch import Watch  # noqa: E402
from watchfloor.store import Store  # noqa: E402

FIRST = "20240603000000"
GROUPS = ["JNIM", "the Islamic State Sahel Province", "Malian soldiers", "Dozo militiamen", "unidentified gunmen"]
FILLER = ("Residents said that the road to the market had been closed for several days and that traders could not "
          "reach the weekly fair. Humanitarian workers reported that families had left their fields before the "
          "harvest, and that the price of millet had risen in the district. Local officials called for more patrols "
          "along the river and for the reopening of the health centre, which had been shut since the last attack. ")


def export_files(n: int, rows: int, seed: int = 3) -> dict[str, bytes]:
    rnd = random.Random(seed)
    files, at, k = {}, time.strptime(FIRST, "%Y%m%d%H%M%S"), 0
    start = time.mktime(at)
    for f in range(n):
        stamp = time.strftime("%Y%m%d%H%M%S", time.localtime(start + 900 * f))
        lines = []
        for _ in range(rows):
            k += 1
            in_mali = rnd.random() < 0.1
            root = rnd.choice(["01", "04", "05", "14", "17", "18", "19", "20"])
            base = {"18": "183", "19": rnd.choice(["190", "193", "195"]), "20": "202"}.get(root, root + "0")
            lines.append(gdelt_row(k, root=root, base=base, code=base,
                                   country="ML" if in_mali else rnd.choice(["US", "UK", "NI", "SU", "IN"]),
                                   lat=f"{rnd.uniform(11, 20) if in_mali else rnd.uniform(-30, 50):.4f}",
                                   lon=f"{rnd.uniform(-11, 3) if in_mali else rnd.uniform(-20, 60):.4f}",
                                   a1type=rnd.choice(["MIL", "REB", "CVL"])))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stamp}.export.CSV", "\n".join(lines) + "\n")
        files[stamp] = buf.getvalue()
    return files


def item_page(i: int, places: list[str], alerting: bool, day: date) -> str:
    rnd = random.Random(i)
    place = places[i % len(places)]
    lead = (f"On {day.day} {day:%B %Y}, {rnd.choice(GROUPS)} attacked the village of {place} in Mali and killed "
            f"{rnd.randint(30, 60)} civilians, according to local officials." if alerting else
            f"On {day.day} {day:%B %Y}, clashes were reported near {place} in Mali; no casualties were reported.")
    words = [lead]
    while sum(len(p.split()) for p in words) < 600:
        words.append(FILLER)
    paragraphs = "".join(f"<p>{p}</p>" for p in words)
    return (f"<!DOCTYPE html><html lang='en'><head><title>Report {i} from {place}</title>"
            f"<meta property='article:published_time' content='{day.isoformat()}T08:00:00Z'></head>"
            f"<body><article><h1>Report {i} from {place}</h1>{paragraphs}</article></body></html>")


def feed_xml(base: str, ids: list[int]) -> str:
    items = "".join(f"<item><title>Report {i}</title><link>{base}/items/{i}</link><guid>{base}/items/{i}</guid>"
                    f"<pubDate>Thu, 06 Jun 2024 08:00:00 GMT</pubDate></item>" for i in ids)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench feed</title><link>{base}/</link>"
            f"<description>bench</description>{items}</channel></rss>")


class DuckDBStores:
    """Each run's store: a copy of the file holding the reference data."""
    backend = "DuckDB"

    def __init__(self, folder: Path):
        self.folder = folder
        self.template = folder / "reference.duckdb"

    def reference(self) -> str:
        with Store.open(self.template) as store:
            load_reference(store)
        return str(self.template)

    def copy(self, name: str) -> str:
        path = self.folder / f"{name}.duckdb"
        shutil.copy(self.template, path)
        return str(path)

    def server_cpu(self) -> float | None:
        return None            # the store runs in the bench's own process: its CPU is counted there

    def close(self) -> None:
        pass


class PostgresStores:
    """Each run's store: a new database on the server `url` reaches, copied from the database holding the
    reference data (CREATE DATABASE … TEMPLATE: a file copy, as on DuckDB); all dropped by `close`."""
    backend = "PostgreSQL"

    def __init__(self, url: str, data_dir: Path | None = None):
        self.url = url
        self.data_dir = data_dir          # a server on this machine whose CPU the bench can read, or None
        self.prefix = f"wf_bench_{uuid.uuid4().hex[:8]}"
        self.made: list[str] = []

    def _database(self, name: str, template: str | None = None) -> str:
        import psycopg
        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.made.append(name)
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/" + name))

    def reference(self) -> str:
        url = self._database(f"{self.prefix}_reference")
        with Store.open(url) as store:
            load_reference(store)
        return url

    def copy(self, name: str) -> str:
        return self._database(f"{self.prefix}_{name}", template=f"{self.prefix}_reference")

    def server_cpu(self) -> float | None:
        """CPU seconds the server has used so far (None when it is not a cluster the bench started)."""
        return None if self.data_dir is None else server_cpu(self.data_dir)

    def close(self) -> None:
        import psycopg
        with psycopg.connect(self.url, autocommit=True) as con:
            for name in reversed(self.made):
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_cpu(data_dir: Path) -> float:
    """User and system CPU seconds of a PostgreSQL server on this machine: its postmaster's, its running
    processes' and its ended backends' (added to the postmaster's children's time when it reaps them)."""
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:            # a process that ended meanwhile
            continue
        pid = int(stat.parent.name)
        if pid == postmaster or int(fields[1]) == postmaster:
            ticks += sum(int(f) for f in fields[11:15])       # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def setup(server: Recorded, files: dict[str, bytes], pages: dict[int, str], feed_ids: list[int]) -> None:
    stamps = sorted(files)
    listing = "".join(f"{len(b)} {hashlib.md5(b).hexdigest()} {server.url}/{s}.export.CSV.zip\n"
                      for s, b in sorted(files.items()))
    server.route("/gdelt/masterfilelist.txt", Reply(200, listing))
    last = files[stamps[-1]]
    server.route("/gdelt/lastupdate.txt", Reply(200, f"{len(last)} {hashlib.md5(last).hexdigest()} "
                                                     f"x/{stamps[-1]}.export.CSV.zip\n"))
    for stamp, body in files.items():
        server.route(f"/gdelt/{stamp}.export.CSV.zip", Reply(200, body))
    for i, html in pages.items():
        server.route(f"/items/{i}", Reply(200, html, {"Content-Type": "text/html"}))
    server.route("/feed.xml", Reply(200, feed_xml(server.url, feed_ids), {"Content-Type": "application/rss+xml"}))


def configure(store: Store, server: Recorded, files: int, model: bool, feed_every: int = 1800) -> None:
    start = time.strftime("%Y-%m-%d %H:%M", time.strptime(FIRST, "%Y%m%d%H%M%S"))
    ledger.add_source(store, ledger.SourceConfig("gdelt", "gdelt", 900, {
        "base_url": f"{server.url}/gdelt", "countries": ["MLI"], "start": start, "max_files": files}))
    ledger.add_source(store, ledger.SourceConfig("bench-feed", "feed", feed_every, {
        "url": f"{server.url}/feed.xml", "model": model, "max_items": 10_000}))
    _bench_team(store)
    add_rule(store, AlertRule("desk", "bench", "in-app", countries=["MLI"], kinds=["mass_casualty"], min_severity=2))


def _bench_team(store) -> None:
    """The team the bench's alert rule is owned by (a rule's owner is an existing user or team)."""
    from watchfloor.store.teams import add_team, get_team
    if get_team(store, "bench") is None:
        add_team(store, "bench", "bench")


SPLIT = [("fetching (network, parsing, GDELT filtering)", "fetch", ("watchfloor/sources/",)),
         ("reading the items (the reader)", "read_items", ("watchfloor/sources/run.py",)),
         ("storing the reports (facts, judgments tracked, events linked)", "store_items", ("watchfloor/sources/run.py",)),
         ("ingesting the event rows (staging, upsert, coverage, linking)", "_ingest_rows", ("watchfloor/sources/run.py",)),
         ("triggers and alerts", "after", ("watchfloor/sources/watch.py",))]


def print_split(profile: cProfile.Profile, total: float, out: str) -> None:
    stats = pstats.Stats(profile)
    stats.dump_stats(out)
    print(f"profile of the rules-path cycle ({total:.1f} s under cProfile; stats in {out}):")
    for label, name, files in SPLIT:
        seconds = sum(entry[3] for (path, _, function), entry in stats.stats.items()
                      if function == name and any(path.endswith(f) or f in path for f in files))
        print(f"  {seconds:7.1f} s  {100 * seconds / total:5.1f} %  {label}")


def throughput(stores: DuckDBStores | PostgresStores, files: dict, pages: dict, model: bool,
               profile: str | None = None) -> dict:
    path = stores.copy(f"throughput_{'model' if model else 'rules'}")
    with Recorded() as server, Store.open(path) as store:
        setup(server, files, pages, sorted(pages))
        configure(store, server, len(files), model)
        profiler = cProfile.Profile() if profile else None
        t0, c0, s0 = time.perf_counter(), time.process_time(), stores.server_cpu()
        if profiler:
            profiler.enable()
        cycle = Watch(store, countries=["MLI"], model=model).run_all()[0]
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        server = None if s0 is None else stores.server_cpu() - s0
        if profiler:
            print_split(profiler, elapsed, profile)
        runs = {r["source"]: r for r in cycle["runs"]}
    return {"seconds": elapsed, "cpu": cpu, "server_cpu": server,
            "gdelt_rows_read": runs["gdelt"]["fetched"], "gdelt_inserted": runs["gdelt"]["inserted"],
            "reports": runs["bench-feed"]["reports"], "alerts": len(cycle["alerts"]),
            "errors": [r["error"] for r in cycle["runs"] if r["error"]]}


def latency(stores: DuckDBStores | PostgresStores, places: list[str], n: int, gap: float) -> list[float]:
    """Publish n alerting items one by one (every `gap` s) while the watch runs its schedule (feed every 1 s)."""
    path = stores.copy("latency")
    day = date(2024, 6, 5)
    pages = {i: item_page(i, places, True, day + timedelta(days=i % 20)) for i in range(10_000, 10_000 + n)}
    arrived: dict[int, float] = {}
    with Recorded() as server, Store.open(path) as store:
        setup(server, {FIRST: b""}, pages, [])
        ledger.add_source(store, ledger.SourceConfig("bench-feed", "feed", 1, {
            "url": f"{server.url}/feed.xml", "model": False}))
        _bench_team(store)
        add_rule(store, AlertRule("desk", "bench", "in-app", countries=["MLI"], kinds=["mass_casualty"], min_severity=2))
        watch = Watch(store, countries=["MLI"], model=False)

        def publish():
            for k, i in enumerate(sorted(pages)):
                arrived[i] = time.time()
                server.route("/feed.xml", Reply(200, feed_xml(server.url, sorted(pages)[: k + 1]),
                                                {"Content-Type": "application/rss+xml"}))
                time.sleep(gap)
        publisher = threading.Thread(target=publish, daemon=True)
        publisher.start()
        watch.start(stop_after=n * gap + 15)
        publisher.join()
        raised = store.scalar("SELECT count(*) FROM alerts")
        alerts = store.rows("SELECT a.created_at, f.source_url FROM alerts a, "
                            "LATERAL (SELECT r.source_url FROM reports r WHERE a.evidence LIKE '%' || r.id || '%') f")
        print(f"latency run: {len(pages)} items published, {raised} alerts raised, {len(alerts)} traced to their item",
              flush=True)
    from datetime import timezone
    out = []
    for created, url in alerts:
        i = int(url.rsplit("/", 1)[-1])
        out.append(created.replace(tzinfo=timezone.utc).timestamp() - arrived[i])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=96)
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--latency-items", type=int, default=20)
    ap.add_argument("--gap", type=float, default=2.0, help="seconds between two items' arrival (latency run)")
    ap.add_argument("--skip-model", action="store_true", help="skip the default (statistical model) path")
    ap.add_argument("--profile", metavar="OUT", help="profile the rules-path cycle; print the split, write the stats")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="postgresql://…", help="a PostgreSQL server to run on (the bench creates "
                       "and drops its own databases there; the role needs CREATEDB); default: DuckDB files")
    where.add_argument("--pg-cluster", action="store_true", help="run on a throwaway PostgreSQL cluster started "
                       "as the tests start theirs (tests/pg_helpers.py), removed at the end")
    args = ap.parse_args()
    if args.db and not args.db.startswith(("postgresql://", "postgres://")):
        ap.error(f"--db {args.db}: expected a PostgreSQL URL (postgresql://…); without --db the bench runs on DuckDB")
    cluster = None
    if args.pg_cluster:
        from pg_helpers import Cluster
        cluster = Cluster()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or (cluster.url() if cluster else None)
        stores = PostgresStores(url, cluster.data if cluster else None) if url else DuckDBStores(Path(tmp))
        try:
            run(args, stores)
        finally:
            stores.close()
            if cluster:
                cluster.stop()


def run(args: argparse.Namespace, stores: DuckDBStores | PostgresStores) -> None:
    t0 = time.perf_counter()
    reference = stores.reference()
    with Store.open(reference) as store:
        places = [n for n, in store.rows("SELECT name FROM places WHERE country = 'MLI' AND kind = "
                                         "'populated place' ORDER BY population DESC NULLS LAST, name, id LIMIT 300")]
    files = export_files(args.files, args.rows)
    day = date(2024, 6, 1)
    pages = {i: item_page(i, places, i % 10 == 0, day + timedelta(days=i % 25)) for i in range(args.items)}
    print(f"store: {stores.backend}; setup (reference store, {args.files} export files x {args.rows} rows, "
          f"{args.items} items): {time.perf_counter() - t0:.1f} s", flush=True)
    rules = throughput(stores, files, pages, model=False, profile=args.profile)
    print(f"watch, rules path: {rules['seconds']:.1f} s (target <= 60 s; CPU {rules['cpu']:.1f} s{_server(rules)}) — "
          f"GDELT rows read {rules['gdelt_rows_read']:,}, kept {rules['gdelt_inserted']:,}; reports {rules['reports']}; "
          f"alerts {rules['alerts']}; errors {rules['errors'] or 'none'}", flush=True)
    if not args.skip_model:
        model = throughput(stores, files, pages, model=True)
        print(f"watch, default path (statistical model): {model['seconds']:.1f} s (CPU {model['cpu']:.1f} s"
              f"{_server(model)}) — "
              f"reports {model['reports']}; alerts {model['alerts']}; errors {model['errors'] or 'none'}", flush=True)
    if args.latency_items:
        waits = sorted(latency(stores, places, args.latency_items, args.gap))
        if waits:
            p95 = waits[min(len(waits) - 1, int(round(0.95 * (len(waits) - 1))))]
            print(f"arrival -> alert, rules path, feed polled every 1 s: {len(waits)} alerts, median "
                  f"{statistics.median(waits):.1f} s, p95 {p95:.1f} s (target p95 <= 10 s)")
        else:
            print("arrival -> alert: no alert raised")


def _server(figures: dict) -> str:
    return "" if figures["server_cpu"] is None else f", PostgreSQL server CPU {figures['server_cpu']:.1f} s"


if __name__ == "__main__":
    main()
