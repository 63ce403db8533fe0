"""Reader accuracy: precision / recall / F1 per fact kind on labelled reports, and event sub-type
micro-F1 on ACLED-style snippets, on one split of the labelled data.

    .venv/bin/python bench/read_accuracy.py              # the frozen blind TEST set; exits 1 below the targets
    .venv/bin/python bench/read_accuracy.py --set dev    # the dev split (settings are chosen here)
    .venv/bin/python bench/read_accuracy.py --set train  # the reports the rules were developed on
    .venv/bin/python bench/read_accuracy.py --set dev2   # a second blind-written dev set (tests/fixtures/dev2/)
    .venv/bin/python bench/read_accuracy.py --set dev3   # a third (tests/fixtures/dev3/)
    .venv/bin/python bench/read_accuracy.py --set dev4   # a fourth (tests/fixtures/dev4/)
    .venv/bin/python bench/read_accuracy.py --set dev5   # a fifth (tests/fixtures/dev5/)
    .venv/bin/python bench/read_accuracy.py --set dev6   # a sixth (tests/fixtures/dev6/); dev7 … dev17 likewise
    .venv/bin/python bench/read_accuracy.py --no-model   # the rules-only reader
    .venv/bin/python bench/read_accuracy.py --errors     # also list what it missed and what it invented
    .venv/bin/python bench/read_accuracy.py --gold       # score the gold against itself (must print 1.000)

The test set (tests/fixtures/test_blind/) was written by writers who had not seen the reader, and is
frozen: its files' SHA-256 are in tests/fixtures/test_blind/SHA256SUMS, checked here and by a test.
Only its figures are reported; code is never changed because of a test sentence. Gold conventions and
the split: tests/fixtures/reports/README.md. Admin-1 is scored for places in countries whose boundaries
the bundled data loads (read_scoring.ADMIN1_SCORED).
"""
from __future__ import annotations

import argparse
import csv
import inspect
import json
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import read_scoring as rs  # noqa: E402

REPORTS = ROOT / "tests" / "fixtures" / "reports"
SNIPPETS = ROOT / "tests" / "fixtures" / "snippets"   # acled_snippets.jsonl, acled_snippets_blind.jsonl
TEST_SET = ROOT / "tests" / "fixtures" / "test_blind"
GAZETTEER = ROOT / "watchfloor" / "data" / "gazetteer_geonames.csv"

# split -> (reports folder, report glob, snippet files)
SPLITS = {
    "test": (TEST_SET / "reports", "*", lambda: sorted(TEST_SET.glob("snippets*.jsonl"))),
    "dev": (REPORTS, "{blind,dev}_*", lambda: sorted(SNIPPETS.glob("*.jsonl"))),
    # a second dev set, written blind on 2026-12-03 and first scored before any change made for it
    "dev2": (ROOT / "tests" / "fixtures" / "dev2", "*", lambda: []),
    "dev3": (ROOT / "tests" / "fixtures" / "dev3", "*", lambda: []),
    "dev4": (ROOT / "tests" / "fixtures" / "dev4", "*", lambda: []),
    "dev5": (ROOT / "tests" / "fixtures" / "dev5", "*", lambda: []),
    "dev6": (ROOT / "tests" / "fixtures" / "dev6", "*", lambda: []),
    "dev7": (ROOT / "tests" / "fixtures" / "dev7", "*", lambda: []),
    "dev8": (ROOT / "tests" / "fixtures" / "dev8", "*", lambda: []),
    "dev9": (ROOT / "tests" / "fixtures" / "dev9", "*", lambda: []),
    "dev10": (ROOT / "tests" / "fixtures" / "dev10", "*", lambda: []),
    "dev11": (ROOT / "tests" / "fixtures" / "dev11", "*", lambda: []),
    "dev12": (ROOT / "tests" / "fixtures" / "dev12", "*", lambda: []),
    "dev13": (ROOT / "tests" / "fixtures" / "dev13", "*", lambda: []),
    "dev14": (ROOT / "tests" / "fixtures" / "dev14", "*", lambda: []),
    "dev15": (ROOT / "tests" / "fixtures" / "dev15", "*", lambda: []),
    "dev16": (ROOT / "tests" / "fixtures" / "dev16", "*", lambda: []),
    "dev17": (ROOT / "tests" / "fixtures" / "dev17", "*", lambda: []),
    "dev18": (ROOT / "tests" / "fixtures" / "dev18", "*", lambda: []),
    "dev19": (ROOT / "tests" / "fixtures" / "dev19", "*", lambda: []),
    "dev20": (ROOT / "tests" / "fixtures" / "dev20", "*", lambda: []),
    "dev21": (ROOT / "tests" / "fixtures" / "dev21", "*", lambda: []),
    "dev22": (ROOT / "tests" / "fixtures" / "dev22", "*", lambda: []),
    "dev23": (ROOT / "tests" / "fixtures" / "dev23", "*", lambda: []),
    "dev24": (ROOT / "tests" / "fixtures" / "dev24", "*", lambda: []),
    "dev25": (ROOT / "tests" / "fixtures" / "dev25", "*", lambda: []),
    "dev26": (ROOT / "tests" / "fixtures" / "dev26", "*", lambda: []),
    "dev27": (ROOT / "tests" / "fixtures" / "dev27", "*", lambda: []),
    "dev28": (ROOT / "tests" / "fixtures" / "dev28", "*", lambda: []),
    "dev29": (ROOT / "tests" / "fixtures" / "dev29", "*", lambda: []),
    "dev30": (ROOT / "tests" / "fixtures" / "dev30", "*", lambda: []),
    "train": (REPORTS, "*", lambda: []),   # less the blind_* and dev_* reports (dev)
}

DEV_PREFIXES = ("blind_", "dev_")


def _braces(glob: str) -> list[str]:
    """'{a,b}_*' -> ['a_*', 'b_*'] (pathlib's glob has no braces)."""
    m = re.match(r"\{([^}]*)\}(.*)", glob)
    return [alt + m.group(2) for alt in m.group(1).split(",")] if m else [glob]


TARGETS = {"actors": ("f1", 0.92), "places admin-1 accuracy": ("value", 0.92),
           "judgments": ("recall", 0.97), "judgment band accuracy": ("value", 0.98),
           "citations": ("f1", 0.97), "snippet sub-type": ("f1", 0.80)}


def frozen_files_changed() -> list[str]:
    """The test set's files whose SHA-256 differs from SHA256SUMS (or that are missing or not listed)."""
    import hashlib
    sums = TEST_SET / "SHA256SUMS"
    if not sums.exists():
        return ["SHA256SUMS missing"]
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            listed[name.strip().lstrip("*")] = digest
    present = {str(p.relative_to(TEST_SET)) for p in TEST_SET.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    changed = sorted(present - set(listed)) + sorted(set(listed) - present)
    for name in sorted(present & set(listed)):
        if hashlib.sha256((TEST_SET / name).read_bytes()).hexdigest() != listed[name]:
            changed.append(name)
    return changed


def gazetteer_aliases():
    """A place's other names in the bundled gazetteer (Tombouctou for Timbuktu), for name matching."""
    groups: dict[str, set[str]] = {}
    with open(GAZETTEER, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names = {row["name"], *[a for a in (row.get("alternatenames") or "").split("|") if a]}
            keys = {rs._place_key(n) for n in names}
            for k in keys:
                groups.setdefault(k, set()).update(keys)
    return lambda name: groups.get(rs._place_key(name), ())


# ---------------------------------------------------------------------------------------- the reader

class Reader:
    """Calls watchfloor.read.pipeline.read_document however it wants to be called, and returns dicts."""

    def __init__(self, model: bool | None = None):
        from watchfloor.read.pipeline import read_document
        self.read_document = read_document
        self.kwargs = {}
        self._tmp = None
        params = inspect.signature(read_document).parameters
        if model is not None and "model" in params:
            self.kwargs["model"] = model
        if "store" in params and params["store"].default is inspect.Parameter.empty:
            from watchfloor.bundled import load_reference
            from watchfloor.store.connection import Store
            self._tmp = tempfile.TemporaryDirectory()
            store = Store.open(Path(self._tmp.name) / "bench.duckdb")
            load_reference(store)
            self.kwargs["store"] = store

    def __call__(self, path: Path) -> dict:
        result = self.read_document(path, **self.kwargs)
        results = result if isinstance(result, (list, tuple)) else [result]
        dicts = []
        for r in results:
            if isinstance(r, dict):
                dicts.append(r)
            elif hasattr(r, "as_json"):
                dicts.append(r.as_json())
            else:
                raise TypeError(f"read_document returned {type(r).__name__}, expected an object with .as_json()")
        return rs.merge_results(dicts) if dicts else {}


# --------------------------------------------------------------------------------------------- output

def row(name: str, t: rs.Tally) -> str:
    return f"  {name:<28} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f}   {t.tp:5d} {t.fp:5d} {t.fn:5d}"


def target_note(name: str, value: float) -> str:
    if name not in TARGETS:
        return ""
    _, goal = TARGETS[name]
    return f"   (target >= {goal:.2f}: {'met' if value >= goal else 'NOT met'})"


def print_errors(gold: dict, pred: dict, aliases) -> None:
    """What the reader missed (-) and invented (+) in one report, kind by kind."""
    name = gold["path"]
    g_names = [rs._actor_names(a) for a in gold["actors"]]
    p_names = [rs._actor_names(a) for a in pred.get("actors", []) or []]
    missed = sorted(min(g) for g in g_names if g and not any(g & p for p in p_names))
    invented = sorted(min(p) for p in p_names if p and not any(g & p for g in g_names))
    lines = [f"  actors -{missed} +{invented}"] if missed or invented else []
    title, published, authors = rs.score_metadata(gold, pred)
    if not title.hits:
        lines.append(f"  title: gold {gold['title'][:60]!r} got {str(pred.get('title'))[:60]!r}")
    if not published.hits:
        lines.append(f"  publication date: gold {gold['date']} got {pred.get('date')}")
    if authors.fp or authors.fn:
        lines.append(f"  authors: gold {gold['authors']} got {pred.get('authors')}")
    preds = pred.get("places", []) or []
    for g in gold["places"]:
        hits = [p for p in preds if rs._place_key(g["name"]) in rs._pred_place_names(p, aliases)]
        if not hits:
            lines.append(f"  place - {g['name']} ({g.get('admin1')})")
        elif all(rs.normalise(h.get("admin1")) != rs.normalise(g["admin1"]) for h in hits):
            lines.append(f"  place admin1 {g['name']}: gold {g['admin1']} got {hits[0].get('admin1')}")
    gold_names = {rs._place_key(g["name"]) for g in gold["places"]}
    for p in preds:
        if not rs._pred_place_names(p, aliases) & gold_names:
            lines.append(f"  place + {p.get('name')} ({p.get('admin1')})")
    g_dates = {(d["value"], d["precision"]) for d in gold["dates"]}
    p_dates = {(str(d.get("value")), d.get("precision")) for d in pred.get("dates", []) or []}
    for d in sorted(g_dates):
        if not any(d[1] == p[1] and rs._date_values_agree(d[0], p[0]) for p in p_dates):
            lines.append(f"  date - {d}")
    for p in sorted(p_dates):
        if not any(p[1] == d[1] and rs._date_values_agree(d[0], p[0]) for d in g_dates):
            texts = [x.get("text") for x in pred["dates"] if str(x.get("value")) == p[0]]
            lines.append(f"  date + {p} {texts[:1]}")
    g_q = Counter((float(q["value"]), q["unit"]) for q in gold["quantities"])
    p_q = Counter((rs._number(q.get("value")), rs.unit_key(q.get("unit"))) for q in pred.get("quantities", []) or [])
    if g_q != p_q:
        lines.append(f"  quantities -{sorted((g_q - p_q).elements())} +{sorted((p_q - g_q).elements(), key=str)}")
    for kind, key in (("judgments", "text"), ("possibilities", "text"), ("recommendations", "action")):
        g_items, p_items = gold[kind], pred.get(kind, []) or []
        for g in g_items:
            best = max((rs.overlap(g[key], p.get(key) or p.get("text")) for p in p_items), default=0.0)
            if best < rs.SENTENCE_OVERLAP:
                lines.append(f"  {kind} - [{g.get('term', '')}] {g[key][:100]}")
            elif kind == "judgments":
                same = [p for p in p_items if rs.overlap(g[key], p.get(key)) >= rs.SENTENCE_OVERLAP]
                if all(rs._band(p.get("band")) != rs._band(g["band"]) for p in same):
                    lines.append(f"  band {g['term']} gold {g['band']} got {[p.get('band') for p in same]}")
        for p in p_items:
            best = max((rs.overlap(g[key], p.get(key) or p.get("text")) for g in g_items), default=0.0)
            if best < rs.SENTENCE_OVERLAP:
                lines.append(f"  {kind} + [{p.get('term', '')}] {str(p.get(key) or p.get('text'))[:100]}")
    t = rs.score_citations(gold, pred)
    if t.fp or t.fn:
        lines.append(f"  citations tp={t.tp} fp={t.fp} fn={t.fn}")
    g_ev = Counter((e.get("event_type"), e.get("sub_type") or e.get("sub_event_type"),
                    e["place"].get("name") if isinstance(e.get("place"), dict) else e.get("place"))
                   for e in gold["events"])
    p_ev = Counter((e.get("event_type"), e.get("sub_type") or e.get("sub_event_type"),
                    (e.get("place") or {}).get("name") if isinstance(e.get("place"), dict) else e.get("place"))
                   for e in pred.get("events", []) or [])
    for e in (g_ev - p_ev).elements():
        lines.append(f"  event - {e}")
    for e in (p_ev - g_ev).elements():
        lines.append(f"  event + {e}")
    if lines:
        print(f"{name}:")
        print("\n".join(lines))


def classify_snippets(reader: Reader | None, path: Path) -> tuple[list[str], list[str | None], list[str]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [i["sub_event_type"] for i in items]
    if reader is None:
        return gold, list(gold), []
    predicted, errors = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n, item in enumerate(items):
            path = Path(tmp) / f"snippet_{n:04d}.txt"
            path.write_text(item["text"] + "\n", encoding="utf-8")
            try:
                events = reader(path).get("events") or []
            except Exception as exc:  # a measurement: one failure is one miss
                errors.append(f"snippet {n}: {type(exc).__name__}: {exc}")
                events = []
            first = events[0] if events else None
            predicted.append((first.get("sub_type") or first.get("sub_event_type")) if first else None)
    return gold, predicted, errors


def evaluate(split: str = "test", *, model: bool | None = None, match: str | None = None, errors: bool = False,
             gold_only: bool = False, out=print) -> dict[str, float]:
    """Score the reader on one split; print the table through `out`; return {figure: value} for the targets."""
    folder, glob, snippet_files = SPLITS[split]
    reader = None if gold_only else Reader(model)
    aliases = gazetteer_aliases()
    globs = [match] if match else _braces(glob)
    paths = sorted({p for g in globs for p in folder.glob(g + ".gold.json")})
    golds = [(p.parent, json.loads(p.read_text(encoding="utf-8"))) for p in paths
             if not (split == "train" and p.name.startswith(DEV_PREFIXES))]
    scores, words, started = [], 0, time.perf_counter()
    for parent, gold in golds:
        path = parent / gold["path"]
        words += len(path.read_text(encoding="utf-8", errors="replace").split())
        if reader is None:
            pred = json.loads(json.dumps(gold))
        else:
            try:
                pred = reader(path)
            except Exception as exc:
                out(f"{gold['path']}: reader failed: {type(exc).__name__}: {exc}")
                if errors:
                    traceback.print_exc()
                pred = {}
        scores.append(rs.score_report(gold, pred, aliases, rs.ADMIN1_SCORED))
        if errors and reader is not None:
            print_errors(gold, pred, aliases)
    elapsed = time.perf_counter() - started
    total = rs.add_scores(scores)
    figures: dict[str, float] = {}

    out(f"\nReader accuracy, {split} split: {len(golds)} labelled reports ({words} words, {elapsed:.1f} s)"
        + ("  [gold scored against itself]" if reader is None else ""))
    out(f"  {'fact kind':<28} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>5} {'fp':>5} {'fn':>5}")
    for name, tally in total.tallies.items():
        goal = TARGETS.get(name, ("f1", 0))[0]
        figures[name] = getattr(tally, goal)
        out(row(name, tally) + target_note(name, getattr(tally, goal)))
    all_facts = rs.Tally()
    for name, tally in total.tallies.items():
        if "(" not in name:
            all_facts = all_facts + tally
    out(row("ALL FACTS (micro)", all_facts))
    for name, ratio in total.ratios.items():
        figures[name] = ratio.value
        out(f"  {name:<28} {ratio.value:6.3f}   ({ratio.hits}/{ratio.total})" + target_note(name, ratio.value))
    for name, count in total.counts.items():
        out(f"  {name:<28} {count:6d}" + ("   (target: 0)" if "may/could" in name else ""))

    pooled = rs.Tally()
    for path in snippet_files():
        gold_types, predicted, errs = classify_snippets(reader, path)
        t = rs.snippet_micro_f1(gold_types, predicted)
        pooled = pooled + t
        out(f"\nEvent sub-type on {len(gold_types)} ACLED-style snippets in {path.name} (first event found, or none)")
        out(f"  {'':<28} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>5} {'fp':>5} {'fn':>5}")
        out(row("snippet sub-type (micro)", t) + target_note("snippet sub-type", t.f1))
        none = sum(p is None for p in predicted)
        out(f"  snippets with no event: {none}/{len(predicted)}")
        confusions = Counter((g, p) for g, p in zip(gold_types, predicted) if p != g)
        if confusions:
            out("  most frequent confusions (gold -> predicted):")
            for (g, p), n in confusions.most_common(8):
                out(f"    {n:3d}  {g} -> {p}")
        for e in errs[:5]:
            out(f"  {e}")
    if pooled.tp + pooled.fn:
        figures["snippet sub-type"] = pooled.f1
    return figures


def below_targets(figures: dict[str, float]) -> list[str]:
    return [f"{name} {figures[name]:.3f} < {TARGETS[name][1]:.2f}" for name in TARGETS
            if name in figures and figures[name] < TARGETS[name][1]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", dest="split", choices=sorted(SPLITS), default="test", help="which split to score")
    ap.add_argument("--gold", action="store_true", help="score the gold files against themselves")
    ap.add_argument("--match", default=None, help="only the reports whose file name matches this glob")
    ap.add_argument("--errors", action="store_true", help="list missed (-) and invented (+) facts per report")
    ap.add_argument("--no-model", action="store_true", help="the rules-only reader (no statistical model)")
    args = ap.parse_args(argv)

    if args.split == "test":
        changed = frozen_files_changed()
        if changed:
            print(f"the frozen test set differs from tests/fixtures/test_blind/SHA256SUMS: {changed[:5]}")
            return 2
    try:
        figures = evaluate(args.split, model=False if args.no_model else None, match=args.match,
                           errors=args.errors, gold_only=args.gold)
    except ImportError as exc:
        print(f"reader unavailable ({exc}); nothing to measure. Run with --gold to check the scorer.")
        return 2
    missed = below_targets(figures)
    if missed and args.split == "test" and not args.match and not args.gold:
        print("\nBELOW TARGET: " + "; ".join(missed))
        return 1
    print("\nall targets met" if not missed else "\nbelow target (not the test split): " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
