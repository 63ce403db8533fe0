"""`watchfloor demo` builds a fresh store from the bundled data and writes its outputs; it never
overwrites a store that holds anything else."""
from __future__ import annotations

import json
import subprocess
import sys

from PIL import Image

from watchfloor.store import Store


def test_demo_refuses_a_store_with_other_data(bundled_db, tmp_path):
    result = subprocess.run([sys.executable, "-m", "watchfloor.cli", "--db", str(bundled_db), "demo",
                             "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 1 and "refusing to overwrite" in result.stderr
    with Store.open(bundled_db) as store:
        assert store.scalar("SELECT count(*) FROM events") == 1541


def test_demo_writes_map_geojson_and_summary(tmp_path):
    out = tmp_path / "out"
    db = tmp_path / "demo.duckdb"
    cmd = [sys.executable, "-m", "watchfloor.cli", "--db", str(db), "demo", "--out", str(out)]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "Mopti" in first.stdout and "Gao" in first.stdout
    geo = json.loads((out / "events_mali.geojson").read_text())
    assert len(geo["features"]) == 891
    img = Image.open(out / "events_mali.png").convert("RGB")
    assert img.size[0] > 400 and len(set(img.get_flattened_data())) > 50
    # A second run rebuilds its own demo store rather than refusing.
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    with Store.open(db) as store:
        assert store.scalar("SELECT count(*) FROM events") == 1541
