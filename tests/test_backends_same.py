"""The same scenario on DuckDB and on PostgreSQL gives the same answers: ingest the bundled UCDP sample, read a
report into the store, list and summarise events, forecast. Outputs are compared whole (JSON, tables)."""
from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from forecast_helpers import COUNTRY, build_made_up_store

from watchfloor.cli import app
from watchfloor.forecast.panel import build_panel
from watchfloor.config import DATA_DIR
from watchfloor.store import Store

REPORT = DATA_DIR / "reports" / "wire_sokolo_2020-01-27.txt"
STEPS = [
    ("ingest", ["ingest", "ucdp", "--bundled", "--json"]),
    ("reingest", ["ingest", "ucdp", "--bundled", "--json"]),
    ("summary", ["summary", "--country", "MLI"]),
    ("events", ["events", "--country", "MLI", "--since", "2020-06-01", "--format", "geojson"]),
    ("read", ["read", str(REPORT), "--json"]),
    ("forecast", ["forecast", "--country", "MLI", "--horizon", "3", "--json"]),
]


def _scenario(db: str) -> dict[str, str]:
    runner = CliRunner()
    outputs = {}
    for name, args in STEPS:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, f"{name} on {db}: {result.output}"
        outputs[name] = result.output
    with Store.open(db) as store:
        outputs["facts"] = store.rows("SELECT id, kind, start_char, end_char, text, value, actor_id, place_id, "
                                      "region_id, credibility, status FROM facts ORDER BY id")
        outputs["event_rows"] = store.rows("SELECT * FROM events ORDER BY id")
        outputs["forecasts"] = store.rows("SELECT * FROM forecasts ORDER BY run_id, unit_id, target_month")
        outputs["counts"] = {t: n for t, n in store.table_counts().items() if t != "schema_version"}
    return outputs


def test_the_same_scenario_gives_the_same_results_on_both_backends(reference_db, pg_cluster, _pg_reference_template):
    on_duckdb = _scenario(str(reference_db))
    on_postgres = _scenario(pg_cluster.database(_pg_reference_template))
    assert json.loads(on_duckdb["ingest"]) == {"inserted": 1541, "updated": 0, "unchanged": 0, "rejected": 0}
    assert on_duckdb["facts"] and on_duckdb["forecasts"]
    for step in on_duckdb:
        if isinstance(on_duckdb[step], list):     # rows: name the first that differs
            differ = [[(k, a, b) for k, (a, b) in enumerate(zip(d, p)) if a != b]
                      for d, p in zip(on_duckdb[step], on_postgres[step]) if d != p]
            assert not differ, (step, differ[:2])
        assert on_postgres[step] == on_duckdb[step], step


def test_the_forecast_panel_is_the_same_on_both_backends(tmp_path, pg_cluster):
    """The made-up country (its own boundaries, events and force presence): the same panel from either store."""
    panels = []
    for db in (tmp_path / "x.duckdb", pg_cluster.database()):
        with Store.open(build_made_up_store(db, tmp_path)) as store:
            panels.append(build_panel(store, COUNTRY))
    assert len(panels[0]) and panels[0]["fatalities"].sum() > 0
    pd.testing.assert_frame_equal(panels[0], panels[1])
