"""Golden output of the reader: everything it finds in every fixture report and snippet, on the rules path and
on the model path, plus the reports `read_speed.py` generates, written to one JSON file. Run it before and
after a change that must not change any output (a speed-up) and compare the two files.

    .venv/bin/python bench/read_golden.py /tmp/golden_before.json [--no-model] [--bench-reports 300]
    .venv/bin/python bench/read_golden.py /tmp/golden_after.json --compare /tmp/golden_before.json

Read: tests/fixtures/{reports,dev2,…,dev17}/ (every readable file; the *.gold.json labels are not reports),
the article and feed under tests/fixtures/sources/, the texts of tests/fixtures/snippets/*.jsonl and
tests/fixtures/places_admin1_dev.jsonl. Never tests/fixtures/test_blind/ (the frozen blind test set).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FIXTURES = ROOT / "tests" / "fixtures"
REPORT_FOLDERS = ("reports", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12",
                  "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21",
                  "dev22", "dev23")
SOURCE_FILES = ("sources/article_bourem.html", "sources/article_diallassagou.html", "sources/feed_sahel.xml")
SNIPPET_FILES = ("snippets/acled_snippets.jsonl", "snippets/acled_snippets_blind.jsonl", "places_admin1_dev.jsonl")


def fixture_documents() -> list[tuple[str, str, dict]]:
    """(label, text, meta) of every fixture document, in a fixed order; test_blind/ is never listed."""
    from watchfloor.read import document as documents
    paths = []
    for folder in REPORT_FOLDERS:
        paths += sorted(p for p in (FIXTURES / folder).iterdir()
                        if p.is_file() and not p.name.endswith(".json") and not p.name.startswith(".")
                        and p.suffix.lower() in documents.READABLE_SUFFIXES and p.suffix.lower() != "")
    paths += [FIXTURES / name for name in SOURCE_FILES]
    out = []
    for path in paths:
        assert "test_blind" not in path.parts
        for source, text, meta in documents.load(path):
            out.append((str(Path(source).relative_to(ROOT)) if Path(source).is_absolute() else source, text, meta))
    for name in SNIPPET_FILES:
        for n, line in enumerate((FIXTURES / name).read_text(encoding="utf-8").splitlines()):
            if line.strip():
                out.append((f"{name}:{n + 1}", json.loads(line)["text"], {}))
    return out


def bench_documents(count: int) -> list[tuple[str, str, dict]]:
    from read_speed import make_report
    rng = random.Random(7)
    return [(f"bench:r{i}", make_report(rng, 600), {}) for i in range(count)]


def read_all(reader, docs) -> dict:
    out = {}
    for source, text, meta in docs:
        result = reader.read(source, text, dict(meta))
        out[source] = {"json": result.as_json(), "facts": result.facts()}
    return json.loads(json.dumps(out, ensure_ascii=False, default=str))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--no-model", action="store_true", help="the rules path only")
    ap.add_argument("--bench-reports", type=int, default=300)
    ap.add_argument("--compare", type=Path, help="a golden file to compare with; exit 1 on any difference")
    args = ap.parse_args()
    from watchfloor.read.pipeline import reader_for
    reader = reader_for()
    docs = fixture_documents() + bench_documents(args.bench_reports)
    golden = {"rules": read_all(reader, docs)}
    if not args.no_model:
        from watchfloor.read.nlp import model_reader
        golden["model"] = read_all(model_reader(reader), docs)
    args.out.write_text(json.dumps(golden, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    print(f"{len(docs)} documents, paths {', '.join(golden)} → {args.out}")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = [(path, source) for path in golden for source in golden[path]
                  if before.get(path, {}).get(source) != golden[path][source]]
        for path, source in differ[:20]:
            print(f"DIFFERS: {path} {source}")
        print(f"{len(differ)} documents differ" if differ else "identical")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
