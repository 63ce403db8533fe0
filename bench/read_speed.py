"""Reader speed: reports/s and words/s on one core, for ~600-word reports.

    .venv/bin/python bench/read_speed.py [--reports 300] [--words 600] [--model]

The reports are generated here from sentence templates (actors, places, dates, numbers and likelihood
words vary), so the text is new to the reader each time. Reference data is built once, before timing.
`--model` also times the optional spaCy path (`nlp` extra), if it is installed.

Targets (issue #10, ~600-word reports, one core, CPU time): rules only (`--no-model` in the CLI) >= 100 reports/s,
the default path with the statistical model >= 20 reports/s. The script exits 1 when a path it timed misses its
target (CPU time is the measure: other work on the machine slows the wall clock, not this process's CPU).
"""
from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")       # one core: no BLAS thread pools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGETS = {"rules": 100.0, "rules + spaCy model": 20.0}      # reports/s of CPU time, one core

ACTORS = ["JNIM", "FAMa", "the Malian army", "ISSP", "the CSP", "Wagner Group mercenaries", "MINUSMA", "VDP auxiliaries",
          "Katiba Macina", "the junta", "Burkinabe soldiers", "Nigerien troops", "ECOWAS", "Dan Na Ambassagou"]
PLACES = ["Boulkessi", "Ménaka", "Gao", "Kidal", "Djibo", "Arbinda", "Ouallam", "Tillabéri", "Mopti", "Ségou",
          "Douentza", "Hombori", "Ber", "Anefis", "Tessit", "Niono", "Bankass", "Sévaré", "Dori", "Kaya"]
TERMS = ["will likely", "very likely", "is unlikely to", "will almost certainly", "probably", "may", "could",
         "is not likely to", "highly likely", "a realistic possibility that"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November"]
TEMPLATES = [
    "On {month} {day}, {a1} attacked a {a2} position near {p1}, killing {n} soldiers.[{fn}]",
    "{a1} fighters ambushed a convoy between {p1} and {p2} on {month} {day}, {year}, and {n} civilians were killed.",
    "An improvised explosive device struck a {a2} patrol outside {p1} last week, wounding {n} people.",
    "Analysts judge that {a1} {term} expand operations toward {p2} before the rainy season.",
    "Local sources reported that about {n},000 people were displaced from villages around {p1} in {month} {year}.",
    "The {a2} said it had retaken the town of {p2} after several days of fighting with {a1}.",
    "{a1} {term} try to cut the road between {p1} and {p2}, which would isolate the garrison.",
    "Residents of {p1} told reporters that the market had been closed since {month} because of insecurity.",
    "Humanitarian agencies said access to {p2} remained restricted and that food prices had doubled since {year}.",
    "The government should reinforce the posts around {p1} and negotiate safe passage for traders to {p2}.",
    "A drone strike by {a2} hit a gathering near {p2} on {month} {day}, according to local officials.",
    "Protesters marched in {p1} to denounce the presence of {a1} and demanded the return of the state.",
]


def make_report(rng: random.Random, words: int) -> str:
    lines = [f"Weekly security update: central Sahel ({rng.choice(MONTHS)} {rng.randint(2019, 2024)})",
             f"Published: {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2020, 2024)}", "", "Event:"]
    count, notes = 0, 0
    while count < words:
        t = rng.choice(TEMPLATES)
        notes += "{fn}" in t
        sentence = t.format(a1=rng.choice(ACTORS), a2=rng.choice(ACTORS), p1=rng.choice(PLACES), p2=rng.choice(PLACES),
                            n=rng.randint(2, 90), month=rng.choice(MONTHS), day=rng.randint(1, 28),
                            year=rng.randint(2015, 2024), term=rng.choice(TERMS), fn=notes)
        sentence = sentence[0].upper() + sentence[1:]
        lines.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.2:
            lines.append("")
    lines.append("")
    for n in range(1, notes + 1):
        lines.append(f"[{n}] Attack near the border, Example Wire, {rng.choice(MONTHS)} 2023, https://example.org/{n}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--model", action="store_true", help="also time the spaCy path (needs the nlp extra)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})      # one core
    from watchfloor.read.pipeline import reader_for
    rng = random.Random(7)
    reports = [make_report(rng, args.words) for _ in range(args.reports)]
    words = sum(len(r.split()) for r in reports)
    t0 = time.perf_counter()
    reader = reader_for()
    setup = time.perf_counter() - t0
    reader.read("warm-up", reports[0])
    runs = [("rules", reader)]
    if args.model:
        try:
            from watchfloor.read.nlp import model_reader
            runs.append(("rules + spaCy model", model_reader(reader)))
        except ImportError as exc:
            print(f"model path not timed: {exc}")
    print(f"{len(reports)} generated reports, {words / len(reports):.0f} words each on average; "
          f"reference data built in {setup:.1f} s (once per process)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work on the machine slows the "
          "wall clock; CPU time is this process's own)")
    missed = []
    for name, r in runs:
        t0, c0 = time.perf_counter(), time.process_time()
        facts = 0
        for i, text in enumerate(reports):
            result = r.read(f"r{i}", text)
            facts += len(result.facts())
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"{name:<22} wall {len(reports) / dt:7.1f} reports/s {words / dt:9.0f} words/s | "
              f"CPU {len(reports) / cpu:7.1f} reports/s {words / cpu:9.0f} words/s  "
              f"({facts / len(reports):.0f} facts per report, one core)")
        rate = len(reports) / cpu
        print(f"{'':<22} target >= {TARGETS[name]:.0f} reports/s: " + ("met" if rate >= TARGETS[name] else
                                                                       f"MISSED by {TARGETS[name] - rate:.1f}"))
        if rate < TARGETS[name]:
            missed.append(name)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
