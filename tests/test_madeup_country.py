"""Nothing assumes Mali: a made-up country with its own boundaries and events behaves the same."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from ingest_helpers import acled_row, write_csv
from watchfloor.cli import app
from watchfloor.ingest.layouts import ACLED_COLUMNS
from watchfloor.store import Store

runner = CliRunner()


def square(x0, y0, size=1.0):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size],
                                                [x0, y0 + size], [x0, y0]]]}


def write_country(tmp_path):
    """Freedonia (ISO3 'XFD', numeric code 999 unknown to ISO): two provinces, geoBoundaries-style properties."""
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"shapeName": "North March", "shapeISO": "XF-NM", "shapeGroup": "XFD"},
         "geometry": square(40.0, 41.0)},
        {"type": "Feature", "properties": {"shapeName": "South March", "shapeISO": "XF-SM", "shapeGroup": "XFD"},
         "geometry": square(40.0, 40.0)},
    ]}
    path = tmp_path / "freedonia.geojson"
    path.write_text(json.dumps(geo))
    return path


def test_madeup_country_regions_events_summary(tmp_path):
    db = tmp_path / "f.duckdb"
    assert runner.invoke(app, ["--db", str(db), "init"]).exit_code == 0
    events = write_csv(tmp_path / "f.csv", ACLED_COLUMNS, [
        acled_row(1, event_id_cnty="XFD1", country="Freedonia", iso="999", latitude=41.5, longitude=40.5,
                  admin1="North March", fatalities=4),
        acled_row(2, event_id_cnty="XFD2", country="Freedonia", iso="999", latitude=40.5, longitude=40.7,
                  admin1="South March", fatalities=1, event_date="01 October 2023"),
    ])
    # Events first: they have no region yet ...
    assert runner.invoke(app, ["--db", str(db), "ingest", "acled", str(events)]).exit_code == 0
    with Store.open(db) as store:
        assert store.scalar("SELECT count(*) FROM events WHERE region_id IS NULL") == 2
    # ... then the country's boundaries: the stored events are re-assigned.
    result = runner.invoke(app, ["--db", str(db), "regions", "load", str(write_country(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "2 events re-assigned" in result.stdout
    with Store.open(db) as store:
        assigned = dict(store.rows("SELECT source_id, admin1 FROM events ORDER BY 1"))
        assert assigned == {"XFD1": "North March", "XFD2": "South March"}
        # ISO has no code 999: the country comes from the region the event falls in.
        assert {r[0] for r in store.rows("SELECT country_iso3 FROM events")} == {"XFD"}
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'regions.load'") == 1
    summary = json.loads(runner.invoke(app, ["--db", str(db), "summary", "--country", "XFD",
                                             "--format", "json"]).stdout)
    assert {(r["region"], r["fatalities"]) for r in summary} == {("North March", 4), ("South March", 1)}


def test_bad_boundary_file_names_the_feature(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"shapeName": "A", "shapeGroup": "XFD"}, "geometry": square(0, 0)},
        {"type": "Feature", "properties": {"label": "B", "shapeGroup": "XFD"}, "geometry": square(1, 1)},
    ]}))
    result = runner.invoke(app, ["--db", str(tmp_path / "x.duckdb"), "regions", "load", str(path)])
    assert result.exit_code == 2
    assert "feature 1" in result.output and "--name-field" in result.output
    ok = runner.invoke(app, ["--db", str(tmp_path / "x.duckdb"), "regions", "load", str(path),
                             "--name-field", "label"])
    assert "feature 0" in ok.output   # feature 0 has no 'label'
