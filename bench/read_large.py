"""Large documents: a 20 MB text is refused at once with a message; a text just under the reader's limit
(3 million characters) is read, and its time printed, with and without the statistical model. One core.

    .venv/bin/python bench/read_large.py [--mb 19.5] [--near 2.9] [--no-model]

Target (issue 10): a 20 MB text refused with a clear message or read in ≤ 60 s.
The text is sentences of the fixture reports in a random order (tests/read_helpers.py).
"""
from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from read_helpers import prose  # noqa: E402
from watchfloor.read.pipeline import ReadFailure, read_paths  # noqa: E402


def timed_read(path: Path, model: bool) -> tuple[float, object]:
    started = time.perf_counter()
    results = list(read_paths([path], model=model))
    return time.perf_counter() - started, results[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=19.5, help="size of the text that must be refused or read (MB)")
    ap.add_argument("--near", type=float, default=2.9, help="size of the text read just under the limit (MB)")
    ap.add_argument("--no-model", action="store_true", help="only the rules-only reader")
    args = ap.parse_args()
    missed = False
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        big.write_text(prose(int(args.mb * 1e6), 11), encoding="utf-8")
        (Path(tmp) / "warm.txt").write_text("Fighting was reported near Gao on 3 March 2020.\n", encoding="utf-8")
        for model in ([False] if args.no_model else [False, True]):
            list(read_paths([Path(tmp) / "warm.txt"], model=model))          # reference data and model loaded
            seconds, result = timed_read(big, model)
            label = "model" if model else "rules"
            if isinstance(result, ReadFailure):
                print(f"{args.mb:.0f} MB text, {label}: refused in {seconds * 1000:.0f} ms: {result.error}")
            else:
                print(f"{args.mb:.0f} MB text, {label}: read in {seconds:.1f} s ({len(result.events)} events)")
                missed |= seconds > 60
        near = Path(tmp) / "near.txt"
        near.write_text(prose(int(args.near * 1e6), 12), encoding="utf-8")
        for model in ([False] if args.no_model else [False, True]):
            seconds, result = timed_read(near, model)
            label = "model" if model else "rules"
            if isinstance(result, ReadFailure):
                print(f"{args.near} MB text, {label}: refused: {result.error}")
            else:
                print(f"{args.near} MB text, {label}: read in {seconds:.1f} s "
                      f"({args.near / seconds:.2f} MB/s; {len(result.actors)} actors, {len(result.events)} events)")
    print("target (20 MB refused, or read in ≤ 60 s): " + ("MISSED" if missed else "met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
