"""Scale-out: reports/s of `read --workers N` on a local Dask cluster, 1 and 2 workers, rules and model paths,
and a cluster plan for 1 M articles a day from the measured per-core rates.

    .venv/bin/python bench/scale.py [--n-rules 100000] [--n-model 10000] [--words 600] [--workers 1,2]
                                    [--store-n 200] [--out bench-scale.json]

The reports (~600 words) are generated here from varied templates and vocabularies (report kinds, sections,
bylines, footnotes, English and some French, actors, places, numbers, dates, likelihood words), written to a
JSONL corpus and read as `watchfloor read corpus.jsonl --workers N` reads it (watchfloor/scale/run.py):
partitions read on the workers, every read report sent back to the client. The timed runs do not store
(the store's one writer is measured on its own, `--store-n` reports through `store_report`, because what
it costs per report grows with the store; see the plan). Each run's clock starts before the reader is
shipped to the workers and stops at the last result; the steady rate leaves out the first partition (the
workers' warm-up). The machine's cores are shared: figures vary from run to run.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")       # one core per worker: no BLAS thread pools
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ACTORS = ["JNIM", "FAMa", "the Malian armed forces", "ISSP", "Islamic State Sahel Province", "the CSP",
          "Wagner Group mercenaries", "Africa Corps", "MINUSMA", "VDP auxiliaries", "Katiba Macina", "the junta",
          "Burkinabe soldiers", "Nigerien troops", "ECOWAS", "Dan Na Ambassagou", "Ansarul Islam", "Boko Haram",
          "ISWAP", "the Multinational Joint Task Force", "Chadian troops", "the Nigerian Army", "Koglweogo militia",
          "Fulani herders", "Dogon hunters", "the gendarmerie", "the Azawad Movement", "GATIA"]
PLACES = ["Boulkessi", "Ménaka", "Gao", "Kidal", "Djibo", "Arbinda", "Ouallam", "Tillabéri", "Mopti", "Ségou",
          "Douentza", "Hombori", "Ber", "Anefis", "Tessit", "Niono", "Bankass", "Sévaré", "Dori", "Kaya",
          "Fada N'Gourma", "Diffa", "Maiduguri", "Bama", "Tahoua", "Ansongo", "Léré", "Nampala", "Gorom-Gorom",
          "Sebba", "Titao", "Ouahigouya", "Timbuktu", "Goundam", "Konna", "Djenné", "Banamba", "Kayes"]
REGIONS = ["Mopti", "Ségou", "Gao", "Ménaka", "Timbuktu", "Sahel region", "Centre-Nord", "Est", "Tillabéri",
           "Diffa", "Borno", "Boucle du Mouhoun", "Kidal", "Nord"]
TERMS = ["will likely", "very likely will", "is unlikely to", "will almost certainly", "will probably", "may",
         "could", "is not likely to", "is highly likely to", "has a realistic possibility to", "might",
         "is expected to", "will very probably"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre"]
WEAPONS = ["an improvised explosive device", "mortar fire", "a suicide vehicle-borne IED", "small arms fire",
           "a drone strike", "rocket-propelled grenades", "a landmine"]
VICTIMS = ["soldiers", "civilians", "gendarmes", "VDP volunteers", "traders", "herders", "villagers", "militants",
           "police officers", "pupils"]
OUTLETS = ["Sahel Wire", "Example Monitor", "Regional Security Digest", "Crisis Desk", "Field Notes Service"]
AUTHORS = ["A. Diallo", "M. Traoré", "S. Ouédraogo", "F. Maïga", "K. Sawadogo", "J. Okafor", "L. Martin",
           "R. Cissé", "B. Keita", "H. Issoufou", "N. Bello", "C. Dupont"]
RECIPIENTS = ["The government", "ECOWAS", "Donors", "The transitional authorities", "The African Union",
              "Humanitarian agencies", "The United Nations"]
ACTIONS = ["reinforce the posts around {p1}", "open talks with {a1}", "negotiate safe passage for traders to {p2}",
           "fund emergency food distributions in {r}", "deploy observers to {p1}", "protect the road to {p2}",
           "investigate the killings reported near {p1}"]

EVENTS = [
    "On {month} {day}, {a1} attacked a {a2} position near {p1}, killing {n} {victims}.",
    "{a1} fighters ambushed a convoy between {p1} and {p2} on {month} {day}, {year}; {n} {victims} were killed.",
    "{Weapon} struck a {a2} patrol outside {p1} on {month} {day}, wounding {n} people.",
    "Local sources reported that about {k},000 people were displaced from villages around {p1} in {month} {year}.",
    "{a2} said it had retaken the town of {p2} after {d} days of fighting with {a1}.",
    "{Weapon} hit a gathering near {p2} on {month} {day}, killing at least {n} {victims}, according to officials.",
    "Gunmen believed to belong to {a1} abducted {n} {victims} near {p1} on the night of {month} {day}.",
    "Clashes between {a1} and {a2} in {r} left {n} dead on {month} {day}, {year}.",
    "Residents of {p1} told reporters that the market had been closed since {month} because of insecurity.",
    "Protesters marched in {p1} to denounce the presence of {a1} and demanded the return of the state.",
    "{a2} conducted airstrikes on suspected {a1} camps near {p2}, claiming to have killed {n} fighters.",
    "An attack on the {p1} checkpoint on {month} {day} killed {n} {victims} and destroyed two vehicles.",
]
ANALYSIS = [
    "We judge that {a1} {term} expand operations toward {p2} before the rainy season.",
    "{a1} {term} try to cut the road between {p1} and {p2}, which would isolate the garrison.",
    "Humanitarian access to {p2} remained restricted, and food prices have doubled since {year}.",
    "The withdrawal of {a2} from {p1} {term} leave the surrounding villages exposed.",
    "It is {likely} that violence in {r} rises over the next three months.",
    "{a2} {term} struggle to hold {p2} without air support.",
    "Negotiations between {a1} and local leaders in {p1} {term} collapse if the blockade continues.",
    "Displacement from {r} {term} exceed {k}0,000 people by the end of {year}.",
]
LIKELY = ["likely", "very likely", "unlikely", "almost certain", "probable", "highly unlikely", "a realistic possibility"]
FRENCH = [
    "Le {day} {mois} {year}, des hommes armés ont attaqué le poste de {p1}, tuant {n} soldats.",
    "Selon des sources locales, {k} 000 personnes ont fui les villages autour de {p2}.",
    "Il est probable que {a1} poursuive ses attaques dans la région de {r} au cours des prochains mois.",
    "Les autorités de transition devraient renforcer la sécurité sur l'axe {p1}-{p2}.",
    "Une embuscade tendue par {a1} près de {p2} a fait {n} morts parmi les civils le {day} {mois}.",
    "Il est peu probable que le dialogue avec {a1} reprenne avant la fin de l'année {year}.",
]
KINDS = ["Weekly security update", "Situation report", "Flash report", "Warning brief", "Monthly analysis",
         "Field note", "Incident digest", "Threat assessment"]


def make_report(rng: random.Random, words: int) -> str:
    """One report of about `words` words: a kind, a heading, a byline, sections of sentences drawn from the
    templates with fresh actors, places, figures and dates, recommendations and footnotes."""
    french = rng.random() < 0.08
    region = rng.choice(REGIONS)
    year = rng.randint(2018, 2025)
    head = [f"{rng.choice(KINDS)}: {region} ({rng.choice(MONTHS)} {year})",
            f"By {rng.choice(AUTHORS)}" + (f" and {rng.choice(AUTHORS)}" if rng.random() < 0.4 else ""),
            f"Published: {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}",
            f"Source: {rng.choice(OUTLETS)}", ""]
    lines, count, notes = list(head), 0, 0

    def fill(template: str, capital: bool = True) -> str:
        weapon = rng.choice(WEAPONS)
        a1, a2 = rng.sample(ACTORS, 2)
        p1, p2 = rng.sample(PLACES, 2)
        s = template.format(a1=a1, a2=a2, p1=p1, p2=p2, r=rng.choice(REGIONS), n=rng.randint(2, 120),
                            k=rng.randint(1, 40), d=rng.randint(2, 9), month=rng.choice(MONTHS),
                            mois=rng.choice(MOIS), day=rng.randint(1, 28), year=rng.randint(year - 2, year),
                            term=rng.choice(TERMS), likely=rng.choice(LIKELY), victims=rng.choice(VICTIMS),
                            Weapon=weapon[0].upper() + weapon[1:])
        return s[0].upper() + s[1:] if capital else s

    # the shares leave room for the heading, recommendations and notes: ~`words` in all
    sections = [("Event:", EVENTS, 0.47), ("Significance:", ANALYSIS, 0.25), ("Outlook:", ANALYSIS, 0.13)]
    target = 0.0
    for heading, templates, share in sections:
        lines.append(heading)
        paragraph: list[str] = []
        target += words * share
        while count < target:
            sentence = fill(rng.choice(FRENCH if french and rng.random() < 0.7 else templates))
            if rng.random() < 0.15:
                notes += 1
                sentence += f"[{notes}]"
            paragraph.append(sentence)
            count += len(sentence.split())
            if len(paragraph) >= rng.randint(2, 5):
                lines.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            lines.append(" ".join(paragraph))
        lines.append("")
    lines.append("Recommendations:")
    for _ in range(rng.randint(1, 3)):
        lines.append(f"- {rng.choice(RECIPIENTS)} should {fill(rng.choice(ACTIONS), capital=False)}.")
    lines.append("")
    for k in range(1, notes + 1):
        lines.append(f"[{k}] {rng.choice(['Attack', 'Clashes', 'Displacement', 'Ambush'])} near "
                     f"{rng.choice(PLACES)}, {rng.choice(OUTLETS)}, {rng.choice(MONTHS)} {year}, "
                     f"https://news.example.org/{rng.randint(1000, 99999)}")
    return "\n".join(lines)


def write_corpus(path: Path, n: int, words: int, seed: int) -> int:
    rng = random.Random(seed)
    total = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = make_report(rng, words)
            total += len(text.split())
            fh.write(json.dumps({"id": f"generated-{seed}-{i:06d}", "text": text}, ensure_ascii=False) + "\n")
    return total


def timed_run(corpus: Path, workers: int, model: bool, partition_size: int, reader, store=None) -> dict:
    from watchfloor.scale.cluster import connect
    from watchfloor.scale.corpus import plan
    from watchfloor.scale.run import read_corpus
    partitions = plan([corpus], partition_size)
    first: list[float] = []
    with connect(workers=workers) as client:
        started = time.perf_counter()

        def progress(done, summary):
            if not first:
                first.append((time.perf_counter(), done))
            bar = int(40 * done / total)
            print(f"\r  [{'#' * bar}{'.' * (40 - bar)}] {done}/{total}", end="", file=sys.stderr, flush=True)
        total = sum(p.documents for p in partitions)
        load_before = os.getloadavg()[0]
        cpu_before, client_before = client.run(_cpu), time.process_time()
        summary = read_corpus(client, partitions, reader, model=model, store=store, on_progress=progress)
        ended = time.perf_counter()
        client_cpu = time.process_time() - client_before
        cpu_after = client.run(_cpu)
        worker_cpu = sum(cpu_after[w] - cpu_before.get(w, 0.0) for w in cpu_after)
        memory = max(client.run(_rss).values())
        print(file=sys.stderr)
    t_first, n_first = first[0]
    steady = (summary.read - n_first) / (ended - t_first) if ended > t_first and summary.read > n_first else 0.0
    return {"workers": workers, "model": model, "reports": summary.read, "failed": len(summary.failures),
            "stored": summary.stored, "seconds": round(ended - started, 2),
            "reports_per_second": round(summary.read / (ended - started), 2), "steady_per_second": round(steady, 2),
            "worker_memory_gb": round(memory / 1e9, 2), "worker_cpu_s": round(worker_cpu, 1),
            "client_cpu_s": round(client_cpu, 1),
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}


def _cpu() -> float:
    import psutil
    times = psutil.Process().cpu_times()
    return times.user + times.system


def _rss() -> int:
    import psutil
    return psutil.Process().memory_info().rss


def cpu_figures(runs: list[dict]) -> dict:
    """Per path: reports per worker CPU-second (1 and 2 workers), the client's CPU per report, and the
    speed-up 2 workers would give on 2 cores of their own: one worker's CPU time against the 2-worker run's
    worker and client CPU time shared by 2 cores. On a shared machine the wall clock measures the neighbours;
    CPU time measures the work."""
    out = {}
    for key in ("rules", "model"):
        by = {r["workers"]: r for r in runs if r["path"] == key and r.get("worker_cpu_s")}
        if 1 in by and 2 in by:
            one, two = by[1], by[2]
            out[key] = {"per_worker_cpu_s_1": round(one["reports"] / one["worker_cpu_s"], 2),
                        "per_worker_cpu_s_2": round(two["reports"] / two["worker_cpu_s"], 2),
                        "client_ms_per_report_2": round(1000 * two["client_cpu_s"] / two["reports"], 3),
                        "speedup_estimate": round((one["worker_cpu_s"] / one["reports"]) /
                                                  ((two["worker_cpu_s"] + two["client_cpu_s"]) / 2 / two["reports"]),
                                                  2)}
    return out


def one_core_rate(corpus: Path, n: int, model: bool, reader) -> float:
    """Plain in-process reading (no Dask) of the corpus's first `n` reports: the per-core ceiling."""
    from watchfloor.read.nlp import model_reader
    texts = []
    with open(corpus, encoding="utf-8") as fh:
        for line, _ in zip(fh, range(n)):
            texts.append(json.loads(line)["text"])
    r = model_reader(reader) if model else reader
    r.read("warm-up", texts[0], {}, None)
    started = time.perf_counter()
    for k, text in enumerate(texts):
        r.read(f"r{k}", text, {}, None)
    return len(texts) / (time.perf_counter() - started)


def plan_text(rates: dict, store_rate: float | None, per_day: int = 1_000_000, peak: float = 3.0) -> str:
    """The written plan: cores and machines for `per_day` articles, from the measured rates."""
    mean = per_day / 86_400
    lines = [f"Cluster plan for {per_day:,} articles a day: {mean:.1f} articles/s on average; news comes in "
             f"bursts, so plan for a peak of {peak:.0f}x the mean ({mean * peak:.0f}/s) with the backlog cleared "
             "within the hour."]
    for label, key in (("rules path (--no-model)", "rules"), ("default path (statistical model)", "model")):
        if key not in rates:
            continue
        per_core = rates[key]["per_core"]
        if rates[key].get("per_cpu_s"):
            # CPU time measures the work; the wall clock of a shared machine mostly measures its neighbours
            usable = rates[key]["per_cpu_s"]
            basis = (f"{usable:.1f} reports per worker CPU-second with 2 workers (wall clock, 1 worker: "
                     f"{per_core:.1f}/s)")
        else:
            usable = per_core * min(rates[key]["efficiency"], 1.0)
            basis = (f"{per_core:.1f} reports/s per worker core measured (1 worker), scaling efficiency "
                     f"{rates[key]['efficiency']:.0%} at 2 workers, so {usable:.1f}/s per core")
        cores_mean = math.ceil(mean / usable)
        cores_peak = math.ceil(mean * peak / usable)
        lines.append(f"- {label}: {basis}: {cores_mean} worker "
                     f"core(s) keep up with the mean, {cores_peak} with the peak -> "
                     f"{math.ceil(cores_peak / 8)} machine(s) of 8 cores (+1 spare for a lost worker; "
                     f"{rates[key]['gb_per_worker']:.1f} GB memory measured per worker).")
    if store_rate is not None:
        lines.append(f"- the writer: the client stores {store_rate:.1f} reports/s through store_report on this "
                     f"store (one DuckDB writer; each report is also linked to incidents and its judgments "
                     f"tracked, and that cost grows with the store). {mean:.1f}/s needs "
                     f"{mean / store_rate:.0f}x that: at 1 M a day the single writer, not the readers, is the "
                     "limit — batch the linking and tracking per batch instead of per report, and write to "
                     "PostgreSQL (issue #13 item 1) from several clients, each owning a share of the partitions.")
    lines.append("- scheduler: one small machine (or the client's); the dashboard shows the backlog; the corpus "
                 "must be at the same path on every worker (shared or object storage).")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-rules", type=int, default=100_000, help="reports read on the rules path (default 100,000)")
    ap.add_argument("--n-model", type=int, default=10_000, help="reports read on the model path (default 10,000)")
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--store-n", type=int, default=200, help="reports stored through store_report (0: skip)")
    ap.add_argument("--one-core-n", type=int, default=300, help="reports read in-process, no Dask (0: skip)")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = ap.parse_args()
    from watchfloor.read.nlp import available
    from watchfloor.read.pipeline import reader_for
    counts = [int(x) for x in args.workers.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="watchfloor-scale-"))
    results: dict = {"cores": os.cpu_count(), "words": args.words, "runs": [], "one_core": {}}
    try:
        reader = reader_for()
        paths = [("rules", False, args.n_rules, 100)]
        if args.n_model and available():
            paths.append(("model", True, args.n_model, 25))
        for key, model, n, size in paths:
            if not n:
                continue
            corpus = tmp / f"{key}.jsonl"
            words = write_corpus(corpus, n, args.words, seed=13 if model else 7)
            print(f"{key}: {n:,} generated reports, {words / n:.0f} words each on average", file=sys.stderr)
            if args.one_core_n:
                rate = one_core_rate(corpus, min(n, args.one_core_n), model, reader)
                results["one_core"][key] = round(rate, 2)
                print(f"  in-process, one core, no Dask: {rate:.1f} reports/s", file=sys.stderr)
            for w in counts:
                run = timed_run(corpus, w, model, size, reader)
                run["path"] = key
                results["runs"].append(run)
                print(f"  {w} worker(s): {run['reports']:,} reports in {run['seconds']:.1f} s = "
                      f"{run['reports_per_second']:.1f} reports/s (steady {run['steady_per_second']:.1f}/s), "
                      f"{run['failed']} failed", file=sys.stderr)
        store_rate = None
        if args.store_n:
            store_rate = measure_store(tmp, args.store_n, args.words)
            results["store_reports_per_second"] = round(store_rate, 2)
        rates = {}
        for key in ("rules", "model"):
            runs = {r["workers"]: r for r in results["runs"] if r["path"] == key}
            if 1 in runs:
                one = runs[1]["steady_per_second"] or runs[1]["reports_per_second"]
                two = (runs[2]["steady_per_second"] or runs[2]["reports_per_second"]) if 2 in runs else None
                rates[key] = {"per_core": one, "speedup": (two / one) if two else None,
                              "efficiency": (two / one / 2) if two else 1.0,
                              "gb_per_worker": max(r["worker_memory_gb"] for r in runs.values())}
        results["speedup"] = {k: round(v["speedup"], 2) for k, v in rates.items() if v["speedup"]}
        print("\nreports/s (whole run, warm-up included; steady = after the first partition)")
        print(f"{'path':<7}{'workers':>8}{'reports':>10}{'seconds':>10}{'reports/s':>11}{'steady/s':>10}"
              f"{'GB/worker':>11}  load average before/after (2 cores, shared)")
        for r in results["runs"]:
            print(f"{r['path']:<7}{r['workers']:>8}{r['reports']:>10,}{r['seconds']:>10.1f}"
                  f"{r['reports_per_second']:>11.1f}{r['steady_per_second']:>10.1f}{r['worker_memory_gb']:>11.2f}"
                  f"  {r['load_average'][0]} / {r['load_average'][1]}")
        for key, v in rates.items():
            if v["speedup"]:
                print(f"speed-up {key}, 2 workers vs 1 (steady, wall clock): {v['speedup']:.2f}x (target >= 1.7x)")
        results["cpu"] = cpu_figures(results["runs"])
        for key, c in results["cpu"].items():
            print(f"CPU time, {key}: {c['per_worker_cpu_s_1']:.1f} reports per worker CPU-second with 1 worker, "
                  f"{c['per_worker_cpu_s_2']:.1f} with 2; the client (and scheduler) {c['client_ms_per_report_2']:.2f} "
                  f"ms CPU per report -> on 2 cores of its own, 2 workers would be {c['speedup_estimate']:.2f}x one "
                  "(an estimate from CPU time, not a wall-clock measurement)")
        for key, rate in results["one_core"].items():
            print(f"one core without Dask, {key}: {rate:.1f} reports/s")
        if store_rate is not None:
            print(f"store_report, one writer: {store_rate:.1f} reports/s over {args.store_n} reports")
        for key, c in results["cpu"].items():
            rates[key]["per_cpu_s"] = c["per_worker_cpu_s_2"]
        results["plan"] = plan_text(rates, store_rate)
        print("\n" + results["plan"])
        if args.out:
            args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure_store(tmp: Path, n: int, words: int) -> float:
    """Reports/s through the one writer: `n` generated reports read on 2 workers and stored by the client in
    batches, on a fresh store with the bundled reference data (its rate is the run's, reading included)."""
    from watchfloor.bundled import load_reference
    from watchfloor.read.pipeline import reader_for
    from watchfloor.store import Store
    corpus = tmp / "stored.jsonl"
    write_corpus(corpus, n, words, seed=29)
    with Store.open(tmp / "store.duckdb") as store:
        load_reference(store)
        run = timed_run(corpus, 2, False, 25, reader_for(store), store=store)
    print(f"  stored {run['stored']} of {n} reports in {run['seconds']:.1f} s on 2 workers: "
          f"{run['reports_per_second']:.1f} reports/s", file=sys.stderr)
    return run["reports_per_second"]


if __name__ == "__main__":
    main()
