"""A floor under the reader's accuracy on the frozen blind test set (tests/fixtures/test_blind/), so a
regression fails CI. The floors are the figures measured when they were last raised, less a small margin;
they are not the issue's targets (bench/read_accuracy.py checks those and exits non-zero below them).
The test set is never used to change the reader: this test only reads its figures."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# figure -> floor (measured on the test split, model path, less ~0.02-0.03; see the closing note of the change)
FLOORS = {
    "actors": 0.84,                      # actors F1, matched by any mention (measured 0.862 on 2026-12-04)
    "places admin-1 accuracy": 0.88,     # measured 0.917 (33/36)
    "citations": 0.97,                   # F1
    "judgments": 0.97,                   # recall
    "judgment band accuracy": 0.98,
    "snippet sub-type": 0.90,            # micro-F1 on the 300 test snippets (measured 0.930)
}


@pytest.fixture(scope="module")
def figures():
    spec = importlib.util.spec_from_file_location("read_accuracy", ROOT / "bench" / "read_accuracy.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.frozen_files_changed() == [], "the frozen test set was changed"
    return bench.evaluate("test", out=lambda *a, **k: None)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_reader_keeps_its_floor_on_the_frozen_test_set(figures, name):
    assert figures[name] >= FLOORS[name], f"{name} fell to {figures[name]:.3f} (floor {FLOORS[name]})"


# The second dev set (tests/fixtures/dev2/, written blind on 2026-12-03; its first read, before any change made
# for it: actors 0.784, authors 0.457, citations 0.865, quantities 0.776, recommendations 0.824). It is a dev set:
# the reader was improved on it, so these floors guard the gains, they do not estimate accuracy.
DEV2_FLOORS = {"actors": 0.90, "authors": 0.95, "citations": 0.97, "quantities": 0.82, "recommendations": 0.87,
               "places admin-1 accuracy": 0.93, "judgments": 0.95, "places": 0.80, "title accuracy": 0.9}
# The third dev set (tests/fixtures/dev3/), a little below its figures after the changes its first read led to.
DEV3_FLOORS = {"actors": 0.90, "authors": 0.95, "citations": 0.97, "places": 0.76, "places admin-1 accuracy": 0.92,
               "title accuracy": 0.9, "judgments": 0.95}

# The fourth dev set (tests/fixtures/dev4/, written blind on 2026-12-03; its first read, before any change made
# for it: actors 0.803, citations 0.763, judgments 0.975, places 0.817, publication dates 19/24), a little below
# its figures after the changes that read led to (actors 0.849, citations 0.895, judgments 1.0, places 0.826).
DEV4_FLOORS = {"actors": 0.87, "citations": 0.87, "judgments": 0.97, "places": 0.80, "places admin-1 accuracy": 0.95,
               "publication date accuracy": 0.87}
# The fifth dev set (tests/fixtures/dev5/, written blind on 2026-12-03; its first read, before any change made for
# it: actors 0.807, places 0.725, judgments 0.961, citations 0.889, recommendations 0.716, titles 20/23), a little
# below its figures after the changes that read led to (actors 0.833, places 0.763, judgments 1.0, citations 1.0,
# recommendations 0.824, titles 22/23).
DEV5_FLOORS = {"actors": 0.90, "places": 0.74, "judgments": 0.97, "citations": 0.97, "recommendations": 0.80,
               "title accuracy": 0.9, "places admin-1 accuracy": 0.95}
# The sixth dev set (tests/fixtures/dev6/, written blind on 2026-12-03; its first read, before any change made for
# it: actors 0.821, places 0.816, judgments 1.0, citations 1.0, recommendations 0.841, admin-1 0.970), a little
# below its figures after this session's reader changes (actors 0.848, places 0.813).
DEV6_FLOORS = {"actors": 0.87, "places": 0.79, "judgments": 0.97, "citations": 0.97, "recommendations": 0.81,
               "places admin-1 accuracy": 0.94, "dates": 0.76, "quantities": 0.77}
# The seventh dev set (tests/fixtures/dev7/, written blind on 2026-12-03; its first read, before any change made for
# it: actors 0.860 (rules path 0.815), places 0.801, dates 0.824, quantities 0.814, recommendations 0.822, admin-1
# 0.980, all facts 0.784), a little below its figures after this session's reader changes (actors 0.875, places
# 0.809, dates 0.873, quantities 0.831, recommendations 0.848).
DEV7_FLOORS = {"actors": 0.88, "places": 0.79, "dates": 0.85, "quantities": 0.80, "judgments": 0.97,
               "citations": 0.97, "recommendations": 0.82, "places admin-1 accuracy": 0.95, "title accuracy": 0.9}


# The eighth and ninth dev sets (tests/fixtures/dev8/, dev9/, written blind on 2026-12-04; their first read, before
# any change made for them, model path: dev8 actors 0.896, places 0.773, all facts 0.799; dev9 actors 0.895, places
# 0.837, all facts 0.821), a little below their figures after the changes that read led to (dev8 actors 0.950, places
# 0.814; dev9 actors 0.935, places 0.852).
DEV8_FLOORS = {"actors": 0.91, "places": 0.79, "dates": 0.87, "quantities": 0.79, "judgments": 0.97,
               "citations": 0.97, "recommendations": 0.82, "places admin-1 accuracy": 0.95, "title accuracy": 0.85}
DEV9_FLOORS = {"actors": 0.90, "places": 0.82, "dates": 0.85, "quantities": 0.84, "judgments": 0.95,
               "citations": 0.91, "recommendations": 0.86, "places admin-1 accuracy": 0.95, "title accuracy": 0.7}

# The tenth and eleventh (tests/fixtures/dev10/, dev11/, written blind on 2026-12-04; first read at 0c873fb, model
# path: dev10 actors 0.886, places 0.837, all facts 0.809; dev11 actors 0.893, places 0.826, all facts 0.806), a
# little below their figures after the changes that read led to (dev10 actors 0.917, places 0.844, titles 12/12;
# dev11 actors 0.908, places 0.826, titles 11/12).
DEV10_FLOORS = {"actors": 0.88, "places": 0.81, "dates": 0.84, "quantities": 0.70, "judgments": 0.95,
                "citations": 0.97, "recommendations": 0.86, "places admin-1 accuracy": 0.95, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.80}
DEV11_FLOORS = {"actors": 0.87, "places": 0.80, "dates": 0.82, "quantities": 0.72, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.82, "places admin-1 accuracy": 0.95, "title accuracy": 0.85,
                "places admin-1 accuracy, all countries": 0.85}

# The twelfth and thirteenth (tests/fixtures/dev12/, dev13/, written blind on 2026-12-04; first read at 1f3c4e4, model
# path: dev12 actors 0.887, places 0.856, all facts 0.816; dev13 actors 0.837, places 0.770, all facts 0.778), a
# little below their figures after the changes that read led to (dev12 actors 0.890, places 0.877, authors 0.952;
# dev13 actors 0.866, places 0.782, titles 12/12).
DEV12_FLOORS = {"actors": 0.86, "places": 0.84, "dates": 0.87, "quantities": 0.73, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.90, "places admin-1 accuracy": 0.95, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.85, "authors": 0.9}
DEV13_FLOORS = {"actors": 0.83, "places": 0.75, "dates": 0.89, "quantities": 0.81, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.77, "places admin-1 accuracy": 0.95, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.74, "authors": 0.9}

# The fourteenth and fifteenth (tests/fixtures/dev14/, dev15/, written blind on 2026-12-05; first read at 5efd0ad, model
# path: dev14 actors 0.848, places 0.824, all facts 0.793; dev15 actors 0.906, places 0.854, all facts 0.805), a
# little below their figures after the changes that read led to (dev14 actors 0.884, places 0.828, recommendations
# 0.881; dev15 actors 0.940, places 0.865, quantities 0.821).
DEV14_FLOORS = {"actors": 0.85, "places": 0.80, "dates": 0.80, "quantities": 0.78, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.85, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.76, "authors": 0.85}
DEV15_FLOORS = {"actors": 0.91, "places": 0.83, "dates": 0.81, "quantities": 0.79, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.92, "places admin-1 accuracy": 0.94, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.80, "authors": 0.92}

# The sixteenth and seventeenth (tests/fixtures/dev16/, dev17/, written blind on 2026-12-05; first read at 0f1872c,
# model path: dev16 actors 0.866, places 0.715, citations 0.892, all facts 0.772; dev17 actors 0.914, places 0.869,
# all facts 0.855), a little below their figures after the changes that read led to (dev16 actors 0.879, places
# 0.718, citations 1.0; dev17 actors 0.914, places 0.877).
DEV16_FLOORS = {"actors": 0.85, "places": 0.69, "dates": 0.83, "quantities": 0.78, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.84, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.69, "authors": 0.95}
DEV17_FLOORS = {"actors": 0.88, "places": 0.85, "dates": 0.86, "quantities": 0.73, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.93, "places admin-1 accuracy": 0.95, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.89, "authors": 0.95}
# dev18 and dev19 (written 2026-12-05), each figure ~0.03 below the model path's at 05f0e16 (first read at 1424a8f:
# dev18 actors .874, places .783; dev19 actors .889, places .810)
# (its all-countries admin-1 floor lowered 0.90 -> 0.82 on 2026-12-06: its gold spells Goma's province "Nord-Kivu",
# which the reader now gives as English reporting names it, "North Kivu" (data/admin1_english.csv); the other dev
# sets' gold writes "North Kivu" 50 times to "Nord-Kivu" 20, and the 30 sets pooled rose 0.827 -> 0.890)
DEV18_FLOORS = {"actors": 0.85, "places": 0.78, "dates": 0.91, "quantities": 0.74, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.86, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.82, "authors": 0.95}
DEV19_FLOORS = {"actors": 0.87, "places": 0.79, "dates": 0.89, "quantities": 0.74, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.84, "places admin-1 accuracy": 0.94, "title accuracy": 0.9,
                "places admin-1 accuracy, all countries": 0.93, "authors": 0.95}

# dev20 and dev21 (written 2026-12-05, third part), each figure ~0.03 below the model path's at a21c4b0 (first read at
# b839418: dev20 actors .841, places .753; dev21 actors .866, places .818)
DEV20_FLOORS = {"actors": 0.82, "places": 0.73, "dates": 0.86, "quantities": 0.79, "judgments": 0.97,
                "citations": 0.87, "recommendations": 0.81, "title accuracy": 0.88,
                "places admin-1 accuracy, all countries": 0.50, "authors": 0.92}
# (dev20's all-countries admin-1 is over the places found: its French sites, found since 2026-12-05 with no admin-1
# as most sets label them, where this set's writer gave their town's, lowered it from 49/84 to 49/92)
DEV21_FLOORS = {"actors": 0.86, "places": 0.79, "dates": 0.88, "quantities": 0.79, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.88, "places admin-1 accuracy": 0.95, "title accuracy": 0.95,
                "places admin-1 accuracy, all countries": 0.86, "authors": 0.97}

# dev22 and dev23 (written 2026-12-05, afternoon), each figure ~0.03 below the model path's at ad77c85 (first read at
# 02e831b: dev22 actors .877, places .824, citations .786; dev23 actors .895, places .794, citations .844)
DEV22_FLOORS = {"actors": 0.87, "places": 0.81, "dates": 0.87, "quantities": 0.78, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.91, "places admin-1 accuracy": 0.93, "title accuracy": 0.95,
                "places admin-1 accuracy, all countries": 0.85, "authors": 0.97}
DEV23_FLOORS = {"actors": 0.88, "places": 0.77, "dates": 0.88, "quantities": 0.78, "judgments": 0.95,
                "citations": 0.97, "recommendations": 0.89, "places admin-1 accuracy": 0.93, "title accuracy": 0.95,
                "places admin-1 accuracy, all countries": 0.67, "authors": 0.87}
# dev24 (written 2026-12-05, evening), each figure ~0.03 below the model path's at 3b0bcd5 (first read at a15c5d4:
# actors .850, places .800, authors .842, recommendations .783, quantities .810, citations .968)
DEV24_FLOORS = {"actors": 0.85, "places": 0.78, "dates": 0.88, "quantities": 0.79, "judgments": 0.97,
                "citations": 0.93, "recommendations": 0.82, "places admin-1 accuracy": 0.95, "title accuracy": 0.95,
                "places admin-1 accuracy, all countries": 0.78, "authors": 0.97}

# dev25 (written 2026-12-06), each figure ~0.03 below the model path's after its first changes (first read at b93a06c:
# actors .901, places .783, citations .950, authors .857, quantities .774, all facts .801)
DEV25_FLOORS = {"actors": 0.88, "places": 0.78, "dates": 0.85, "quantities": 0.74, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.91, "places admin-1 accuracy": 0.95, "title accuracy": 0.88,
                "places admin-1 accuracy, all countries": 0.76, "authors": 0.82}

# dev26 (written 2026-12-06), each figure ~0.03 below the model path's after its first changes (first read at 50fc712:
# actors .875, places .763, quantities .651, authors .762, all facts .795)
DEV26_FLOORS = {"actors": 0.84, "places": 0.74, "dates": 0.92, "quantities": 0.62, "judgments": 0.97,
                "citations": 0.94, "recommendations": 0.89, "places admin-1 accuracy": 0.91, "title accuracy": 0.72,
                "places admin-1 accuracy, all countries": 0.78, "authors": 0.73}

# dev27 and dev28 (written 2026-12-06), each figure ~0.03 below the model path's after its first changes (first reads at
# b113b6d: dev27 actors .851, places .772, authors .870, all facts .793; dev28 actors .852, places .738, authors .700,
# all facts .789)
DEV27_FLOORS = {"actors": 0.83, "places": 0.74, "dates": 0.87, "quantities": 0.77, "judgments": 0.97,
                "citations": 0.94, "recommendations": 0.88, "places admin-1 accuracy": 0.92, "title accuracy": 0.91,
                "places admin-1 accuracy, all countries": 0.77, "authors": 0.91}
DEV28_FLOORS = {"actors": 0.82, "places": 0.71, "dates": 0.90, "quantities": 0.76, "judgments": 0.97,
                "citations": 0.95, "recommendations": 0.95, "places admin-1 accuracy": 0.89, "title accuracy": 0.91,
                "places admin-1 accuracy, all countries": 0.82, "authors": 0.91}

# dev29 and dev30 (written 2026-12-06, afternoon), each figure ~0.03 below the model path's after its first changes
# (first reads at ec2887a: dev29 actors .895, places .815, authors .952, quantities .887, all facts .831; dev30 actors
# .885, places .775, authors .857, quantities .782, all facts .793)
DEV29_FLOORS = {"actors": 0.87, "places": 0.78, "dates": 0.92, "quantities": 0.86, "judgments": 0.97,
                "citations": 0.97, "recommendations": 0.87, "places admin-1 accuracy": 0.94, "title accuracy": 0.97,
                "places admin-1 accuracy, all countries": 0.75, "authors": 0.97}
# (dev30's admin-1 floor is lower: its gold gives named sites — "Tessalit airstrip" — their town's admin-1, which the
# labelling rules give no area; the reader follows the rules, 22/24 at edc2ec5)
DEV30_FLOORS = {"actors": 0.85, "places": 0.75, "dates": 0.89, "quantities": 0.82, "judgments": 0.97,
                "citations": 0.94, "recommendations": 0.84, "places admin-1 accuracy": 0.89, "title accuracy": 0.97,
                "places admin-1 accuracy, all countries": 0.65, "authors": 0.97}


def _figures(split: str) -> dict:
    spec = importlib.util.spec_from_file_location("read_accuracy", ROOT / "bench" / "read_accuracy.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.evaluate(split, out=lambda *a, **k: None)     # F1 per fact kind, ratios by name


# (actors floors raised on 2026-12-04, model path: dev2 0.937, dev3 0.925, dev4 0.896, dev5 0.931, dev6 0.899,
# dev7 0.908, each less ~0.03)
DEV_FLOORS = {"dev2": DEV2_FLOORS, "dev3": DEV3_FLOORS, "dev4": DEV4_FLOORS, "dev5": DEV5_FLOORS,
              "dev6": DEV6_FLOORS, "dev7": DEV7_FLOORS, "dev8": DEV8_FLOORS, "dev9": DEV9_FLOORS,
              "dev10": DEV10_FLOORS, "dev11": DEV11_FLOORS, "dev12": DEV12_FLOORS, "dev13": DEV13_FLOORS,
              "dev14": DEV14_FLOORS, "dev15": DEV15_FLOORS, "dev16": DEV16_FLOORS, "dev17": DEV17_FLOORS,
              "dev18": DEV18_FLOORS, "dev19": DEV19_FLOORS, "dev20": DEV20_FLOORS, "dev21": DEV21_FLOORS,
              "dev22": DEV22_FLOORS, "dev23": DEV23_FLOORS, "dev24": DEV24_FLOORS,
              "dev25": DEV25_FLOORS, "dev26": DEV26_FLOORS, "dev27": DEV27_FLOORS, "dev28": DEV28_FLOORS,
              "dev29": DEV29_FLOORS, "dev30": DEV30_FLOORS}
_DEV_FIGURES: dict[str, dict] = {}


@pytest.mark.parametrize("split, name", [(split, name) for split, floors in DEV_FLOORS.items() for name in sorted(floors)])
def test_the_reader_keeps_its_floor_on_the_blind_dev_sets(split, name):
    if split not in _DEV_FIGURES:
        _DEV_FIGURES[split] = _figures(split)         # each set read once
    value, floor = _DEV_FIGURES[split][name], DEV_FLOORS[split][name]
    assert value >= floor, f"{split}: {name} fell to {value:.3f} (floor {floor})"
