"""Time to produce a brief from a ready store (target ≤ 5 s).

A ready store holds the bundled data and the stage outputs a brief reads: the forecasts (base, the
month-before run the escalation trigger compares against, and the what-if run) and the what-if
comparison. The script builds such a store once (timed separately, as "cold"), then times
`create_brief` + rendering Markdown, HTML and PDF on it several times.

    .venv/bin/python bench/brief.py [--country MLI] [--repeat 5] [--scenario-boot 3]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from watchfloor.bundled import BUNDLED_EVENTS, load_reference
from watchfloor.ingest import ingest_file
from watchfloor.store import Store
from watchfloor.warn.brief import create_brief
from watchfloor.warn.render import render


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--country", default="MLI")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scenario-boot", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        load_reference(store)
        ingest_file(store, BUNDLED_EVENTS, "ucdp")
        t0 = time.perf_counter()
        first = create_brief(store, args.country, scenario_boot=args.scenario_boot)
        cold_compose = time.perf_counter() - t0
        t1 = time.perf_counter()
        for fmt in ("md", "html", "pdf"):
            render(store, first, fmt)
        cold_render = time.perf_counter() - t1
        print(f"cold (forecasts and what-if computed): compose+store {cold_compose:.2f} s, "
              f"render md+html+pdf {cold_render:.2f} s, total {cold_compose + cold_render:.2f} s")
        compose, rend, total = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            bid = create_brief(store, args.country, scenario_boot=args.scenario_boot)
            t1 = time.perf_counter()
            sizes = {fmt: len(render(store, bid, fmt)) for fmt in ("md", "html", "pdf")}
            t2 = time.perf_counter()
            compose.append(t1 - t0)
            rend.append(t2 - t1)
            total.append(t2 - t0)
        print(f"ready store, {args.repeat} briefs on {args.country}: compose+store median {statistics.median(compose):.2f} s, "
              f"render md+html+pdf median {statistics.median(rend):.2f} s, "
              f"total median {statistics.median(total):.2f} s (min {min(total):.2f}, max {max(total):.2f}); "
              f"target ≤ 5 s")
        print(f"sizes: md {sizes['md']:,} chars, html {sizes['html']:,} chars, pdf {sizes['pdf']:,} bytes")
        store.close()


if __name__ == "__main__":
    main()
