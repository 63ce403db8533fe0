"""Sources side by side: stores holding UCDP, ACLED and report-derived events for the same country, overlapping
and not, through every stage (summary, panel, forecast, triggers, brief, judgments), by the CLI and the Python
API. Every stage names the sources it used, and no missing value is ever printed as text."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import watchfloor
from mixed_helpers import acled_months, boni_attack, missing_words, write_acled
from watchfloor.cli import app
from watchfloor.forecast.api import run_forecast
from watchfloor.forecast.panel import build_panel
from watchfloor.ingest import ingest_file
from watchfloor.judgments import auto_resolve, list_judgments
from watchfloor.read.pipeline import read_document
from watchfloor.store import Store
from watchfloor.store.reports import store_report
from watchfloor.warn.brief import create_brief
from watchfloor.warn.render import render
from watchfloor.warn.triggers import scan

REPORT = """Title: Central Mali: militants strike civilians near Boni
Sahel Security Monitor, 18 December 2020

On 15 December 2020, JNIM militants attacked civilians near Boni in the Mopti region, killing three people.
Attacks on civilians in Mopti will very likely continue through April 2021.
"""


def _strings(value) -> list[str]:
    """Every string inside a JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _read_report(store: Store, folder: Path) -> str:
    path = folder / "boni.txt"
    path.write_text(REPORT, encoding="utf-8")
    report_id, created = store_report(store, read_document(path))
    assert created
    return report_id


def _mixed_store(tmp_path_factory, template: Path, name: str, acled_rows: list[dict]) -> Path:
    """The bundled UCDP store with these ACLED rows ingested and the Boni report read."""
    folder = tmp_path_factory.mktemp(name)
    db = folder / "store.duckdb"
    shutil.copy(template, db)
    with Store.open(db) as store:
        ingest_file(store, write_acled(folder / "acled.csv", acled_rows), "acled")
        _read_report(store, folder)
    return db


@pytest.fixture(scope="module")
def overlapping(tmp_path_factory, _bundled_template) -> Path:
    """UCDP to December 2020, the ACLED Boni row in December 2020 (same incident a report tells), the report."""
    return _mixed_store(tmp_path_factory, _bundled_template, "overlap", [boni_attack()])


@pytest.fixture(scope="module")
def apart(tmp_path_factory, _bundled_template) -> Path:
    """UCDP ending in 2020 and ACLED for 2023–2024 only (two years no source covers), and the report."""
    return _mixed_store(tmp_path_factory, _bundled_template, "apart",
                        acled_months(date(2023, 1, 1), date(2024, 6, 1)))


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store.duckdb"
    shutil.copy(db, target)
    return target


def _cli(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_the_boni_row_no_longer_breaks_triggers_or_the_brief_on_the_cli(overlapping, tmp_path):
    db = str(_copy(overlapping, tmp_path))
    shown = _cli("--db", db, "triggers", "--country", "MLI").output
    assert "now = December 2020" in shown and not missing_words(shown)
    assert "sources: counts from UCDP GED" in shown and "ACLED" in shown and "read report" in shown
    doc = json.loads(_cli("--db", db, "triggers", "--country", "MLI", "--json").stdout)
    assert [d["source"] for d in doc["sources"]["counts"]] == ["ucdp"]
    assert {d["source"] for d in doc["sources"]["events"]} == {"ucdp", "acled"}
    assert doc["sources"]["reports"] >= 1
    assert not [s for t in doc["triggers"] for s in _strings(t) if missing_words(s)]
    out = tmp_path / "out"
    _cli("--db", db, "brief", "--country", "MLI", "--format", "md,html", "--out", str(out), "--scenario-boot", "-1")
    for path in sorted(out.glob("brief-*.*")):
        if path.suffix in (".md", ".html"):
            text = path.read_text(encoding="utf-8")
            assert not missing_words(text), (path.name, missing_words(text)[:3])
            assert "Data:" in text and "UCDP GED" in text and "ACLED" in text


def test_every_stage_through_the_python_api_on_the_overlapping_store(overlapping, tmp_path):
    db = _copy(overlapping, tmp_path)
    with watchfloor.open(db) as wf:
        summary = wf.summary("MLI")
        assert set(summary["source"]) == {"ucdp", "acled"}  # side by side, never added up
        acled = summary[summary["source"] == "acled"]
        assert acled["events"].sum() == 1 and acled["fatalities"].sum() == 3
        assert {c["source"] for c in wf.coverage("MLI")} == {"ucdp", "acled"}
        store = wf.store
        panel = build_panel(store, "MLI")
        assert panel.attrs["sources"] == ("ucdp",) and panel.attrs["missing"] == ()
        forecast = run_forecast(store, "MLI", horizon=2, model="conflictology")
        assert forecast.meta["sources"] == ["ucdp"] and forecast.meta["months_missing"] == []
        assert forecast.meta["as_of"] == date(2020, 12, 1)
        found = scan(store, "MLI", run_forecasts=False)
        assert found.now == date(2020, 12, 1) and found.sources.counts == ["ucdp"]
        assert "acled" in found.sources.events
        for t in found.triggers:
            assert not missing_words(t.summary) and not missing_words(t.label)
        brief_id = create_brief(store, "MLI", scenario_boot=-1, model="conflictology")
        for fmt in ("md", "html"):
            text = render(store, brief_id, fmt)
            assert not missing_words(text)
            assert "UCDP GED (1989-09 to 2020-12)" in text
        # the report's judgment was tracked when it was read, and auto-resolution names its source
        tracked = [j for j in list_judgments(store) if j["source_kind"] == "report"]
        assert tracked and tracked[0]["deadline"] == "2021-04-30"
        result = auto_resolve(store)
        assert tracked[0]["id"] in result["not_due"]  # UCDP ends in December 2020: April 2021 is not covered


def test_sources_apart_every_stage_says_which_it_used(apart, tmp_path):
    db = str(_copy(apart, tmp_path))
    # summary: per source, through the CLI
    rows = json.loads(_cli("--db", db, "summary", "--country", "MLI", "--format", "json").stdout)
    assert {r["source"] for r in rows} == {"ucdp", "acled"}
    assert max(r["year"] for r in rows if r["source"] == "ucdp") == 2020
    assert min(r["year"] for r in rows if r["source"] == "acled") == 2023
    # forecast: one source by default, the one covering Mali longest
    fc = json.loads(_cli("--db", db, "forecast", "--country", "MLI", "--horizon", "1", "--model", "conflictology",
                         "--json").stdout)
    assert {r["sources"] for r in fc} == {"ucdp"} and {r["as_of"] for r in fc} == {"2020-12"}
    # forecast on ACLED: now follows the source
    fc = json.loads(_cli("--db", db, "forecast", "--country", "MLI", "--horizon", "1", "--model", "conflictology",
                         "--source", "acled", "--json").stdout)
    assert {r["sources"] for r in fc} == {"acled"} and {r["target_month"] for r in fc} == {"2024-07"}
    # triggers on every source: now is the last month any of them covers, counts from the one covering it
    doc = json.loads(_cli("--db", db, "triggers", "--country", "MLI", "--json").stdout)
    assert doc["now"] == "2024-06"
    assert [d["source"] for d in doc["sources"]["counts"]] == ["acled"]
    shown = _cli("--db", db, "triggers", "--country", "MLI", "--source", "ucdp").output
    assert "now = December 2020" in shown and not missing_words(shown)
    bad = CliRunner().invoke(app, ["--db", db, "triggers", "--country", "MLI", "--source", "gdelt"])
    assert bad.exit_code == 2 and "ucdp, acled or all" in bad.output


def test_sources_apart_through_the_python_api(apart, tmp_path):
    db = _copy(apart, tmp_path)
    with Store.open(db) as store:
        found = scan(store, "MLI", run_forecasts=False)
        assert found.now == date(2024, 6, 1) and found.sources.counts == ["acled"]
        for t in found.triggers:
            assert not missing_words(t.summary)
            # no escalation read against months ACLED does not cover
            if t.family == "escalation" and "baseline_mean" in t.numbers:
                assert t.numbers["baseline_mean"] == t.numbers["baseline_mean"]  # a number, not NaN
        panel = build_panel(store, "MLI", sources=["ucdp", "acled"])
        gap = panel[(panel["month"] >= "2021-01-01") & (panel["month"] <= "2022-12-01")]
        assert len(gap) and gap["fatalities"].isna().all() and gap["events"].isna().all()
        covered = panel[panel["month"] == pd.Timestamp("2024-06-01")]
        assert covered["fatalities"].notna().all()
        brief_id = create_brief(store, "MLI", source="ucdp", scenario_boot=-1, model="conflictology")
        text = render(store, brief_id, "md")
        assert not missing_words(text) and "December 2020" in text and "UCDP GED" in text
