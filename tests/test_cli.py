"""The command line: store selection, ingest counts, event listings in every format, summary, demo."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from typer.testing import CliRunner

from ingest_helpers import REDUCED_COLUMNS, reduced_row, write_csv
from watchfloor.cli import app
from watchfloor.store import Store

runner = CliRunner()


def run(*args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result


def test_db_option_beats_environment(tmp_path):
    env_db, opt_db = tmp_path / "env.duckdb", tmp_path / "opt.duckdb"
    assert run("--db", opt_db, "init", env={"WATCHFLOOR_DB": str(env_db)}).exit_code == 0
    assert opt_db.exists() and not env_db.exists()
    assert run("init", env={"WATCHFLOOR_DB": str(env_db)}).exit_code == 0
    assert env_db.exists()
    with Store.open(opt_db) as store:
        assert store.scalar("SELECT count(*) FROM regions WHERE level = 1") == 30     # 9 + 13 + 8 regions
        assert store.scalar("SELECT count(*) FROM regions WHERE level = 2") == 45     # Burkina Faso's provinces
        assert store.scalar("SELECT count(*) FROM events") == 0
        assert store.scalar("SELECT count(*) FROM force_presence WHERE flag LIKE 'longitude sign corrected%'") == 11


def test_ingest_json_counts_and_rerun(tmp_path, reference_db):
    r1 = run("--db", reference_db, "ingest", "ucdp", "--bundled", "--json")
    assert r1.exit_code == 0, r1.output
    assert json.loads(r1.stdout) == {"inserted": 1541, "updated": 0, "unchanged": 0, "rejected": 0}
    r2 = run("--db", reference_db, "ingest", "ucdp", "--bundled", "--json")
    assert json.loads(r2.stdout) == {"inserted": 0, "updated": 0, "unchanged": 1541, "rejected": 0}


def test_bad_file_exits_non_zero_with_the_line(tmp_path, reference_db):
    path = write_csv(tmp_path / "bad.csv", REDUCED_COLUMNS, [reduced_row(1), reduced_row(2, latitude="999")])
    result = subprocess.run([sys.executable, "-m", "watchfloor.cli", "--db", str(reference_db), "ingest", "ucdp",
                             str(path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "line 3, column 'latitude': got '999'" in result.stderr


def test_events_filters_and_formats(bundled_db):
    base = ["--db", bundled_db, "events", "--country", "MLI", "--region", "Mopti", "--since", "2020-01-01",
            "--until", "2020-12-31"]
    rows = json.loads(run(*base, "--format", "json").stdout)
    assert rows and all(r["admin1"] == "Mopti" and r["date_start"].startswith("2020") for r in rows)
    parsed = list(csv.DictReader(io.StringIO(run(*base, "--format", "csv").stdout)))
    assert [r["id"] for r in parsed] == [r["id"] for r in rows]
    geo = json.loads(run(*base, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(rows)
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 10 < lat < 20 and -6 < lon < 0
    jnim = json.loads(run("--db", bundled_db, "events", "--actor", "jnim", "--type", "one-sided",
                          "--format", "json").stdout)
    assert jnim and all("JNIM" in (r["actor1"] + r["actor2"]) and r["violence_type"] == "one-sided" for r in jnim)
    table = run(*base)
    assert table.exit_code == 0 and "Mopti" in table.stdout


def test_bad_date_option_is_explained(bundled_db):
    result = run("--db", bundled_db, "events", "--since", "yesterday")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_summary_counts_match_events(bundled_db):
    rows = json.loads(run("--db", bundled_db, "summary", "--country", "MLI", "--format", "json").stdout)
    with Store.open(bundled_db) as store:
        assert sum(r["events"] for r in rows) == store.scalar("SELECT count(*) FROM events WHERE country_iso3='MLI'")
        assert sum(r["fatalities"] for r in rows) == \
            store.scalar("SELECT sum(fatalities) FROM events WHERE country_iso3='MLI'")
    gao2019 = [r for r in rows if r["region"] == "Gao" and r["year"] == 2019]
    assert gao2019 and gao2019[0]["events"] > 0


def test_python_api(bundled_db):
    import watchfloor
    with watchfloor.open(bundled_db) as wf:
        frame = wf.events(country="MLI", since="2020-01-01")
        assert len(frame) > 100 and set(frame["country_iso3"]) == {"MLI"}
        assert frame["date_start"].min().year == 2020


def test_printed_ids_are_never_turned_into_emoji(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Weekly note\nPublished: 3 May 2021\n\nOn 2 May 2021 gunmen attacked a market near Gao, "
                    "killing 4 traders.\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert run("--db", db, "read", note).exit_code == 0
    with Store.open(db) as store:
        report_id = store.scalar("SELECT id FROM reports")
    listed = run("--db", db, "facts", "list", report_id[:16])
    assert listed.exit_code == 0, listed.output
    assert ":date:" in listed.output and "📅" not in listed.output
