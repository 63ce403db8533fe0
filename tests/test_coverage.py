"""Coverage: what each dataset covers, 'now' per chosen source, and gaps kept missing (never zero)."""
from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from mixed_helpers import acled_months, boni_attack, write_acled
from watchfloor.cli import app
from watchfloor.forecast.api import run_forecast
from watchfloor.forecast.panel import build_panel
from watchfloor.ingest import IngestError, ingest_file
from watchfloor.store import Store
from watchfloor.store import coverage


@pytest.fixture
def later_acled(any_bundled_store, tmp_path) -> Store:
    """The bundled UCDP events (to December 2020) with ACLED rows for January 2023 – June 2024."""
    path = write_acled(tmp_path / "later.csv", acled_months(date(2023, 1, 1), date(2024, 6, 1)))
    ingest_file(any_bundled_store, path, "acled")
    return any_bundled_store


def test_each_dataset_records_the_period_and_countries_of_its_rows(later_acled):
    spans = {s.source: s for s in coverage.spans(later_acled, "MLI")}
    assert spans["acled"].covers_from == date(2023, 1, 5) and spans["acled"].covers_to == date(2024, 6, 28)
    assert not spans["acled"].stated
    assert spans["ucdp"].last_month == date(2020, 12, 1)
    assert {s.country for s in coverage.spans(later_acled) if s.source == "ucdp"} == {"MLI", "BFA", "NER"}
    assert coverage.spans(later_acled, "BFA", ["acled"]) == []  # the ACLED file has no Burkina Faso rows


def test_now_follows_the_chosen_source(later_acled):
    assert coverage.coverage_now(later_acled, "MLI", ["ucdp"]) == date(2020, 12, 1)
    assert coverage.coverage_now(later_acled, "MLI", ["acled"]) == date(2024, 6, 1)
    assert coverage.coverage_now(later_acled, "MLI", ["ucdp", "acled"]) == date(2024, 6, 1)
    # a forecast uses one source: the one covering the country longest, unless told otherwise
    assert coverage.resolve_sources(later_acled, "MLI", "forecast") == ["ucdp"]
    assert coverage.resolve_sources(later_acled, "MLI", "triggers") == ["acled", "ucdp"]
    coverage.set_default_choice(later_acled, "forecast", "acled")
    assert coverage.resolve_sources(later_acled, "MLI", "forecast") == ["acled"]
    with pytest.raises(coverage.CoverageError, match="no ACLED data is stored for BFA"):
        coverage.resolve_sources(later_acled, "BFA", "forecast", "acled")


def test_gap_months_are_missing_not_zero(later_acled):
    panel = build_panel(later_acled, "MLI", sources=["ucdp", "acled"])
    months = panel.drop_duplicates("month").set_index("month")
    gap = pd.date_range("2021-01-01", "2022-12-01", freq="MS")
    assert months.loc[gap, "fatalities"].isna().all() and months.loc[gap, "events"].isna().all()
    assert months.loc[gap, "nb_fatalities"].isna().all()
    assert panel.attrs["missing"][0] == "2021-01" and panel.attrs["missing"][-1] == "2022-12"
    assert len(panel.attrs["missing"]) == 24
    # months a source covers are counted, quiet ones as zero
    assert months.loc[pd.Timestamp("2020-12-01"), "fatalities"] == months.loc[pd.Timestamp("2020-12-01"),
                                                                              "fatalities"]
    by_month = panel.groupby("month")["fatalities"].sum(min_count=1)
    assert by_month[pd.Timestamp("2024-06-01")] > 0 and np.isnan(by_month[pd.Timestamp("2022-06-01")])


def test_the_forecast_says_which_months_it_used_and_which_were_missing(later_acled):
    both = run_forecast(later_acled, "MLI", horizon=1, model="conflictology", source="all")
    assert both.meta["as_of"] == date(2024, 6, 1)
    assert both.meta["months_used"] == ["2023-01", "2024-06"]
    assert both.meta["months_missing"][0] == "2021-01" and len(both.meta["months_missing"]) == 24
    assert both.meta["months_before_gap"][-1] == "2020-12"
    ucdp = run_forecast(later_acled, "MLI", horizon=1, model="conflictology")
    assert ucdp.meta["as_of"] == date(2020, 12, 1) and ucdp.meta["months_missing"] == []
    assert ucdp.meta["sources"] == ["ucdp"] and ucdp.run_id != both.run_id
    stored = json.loads(later_acled.scalar("SELECT params FROM forecast_runs WHERE run_id = ?", [both.run_id]))
    assert stored["data"]["months_used"] == ["2023-01", "2024-06"]


def test_stated_coverage_on_ingest_and_a_quiet_country(any_reference_db, tmp_path):
    path = write_acled(tmp_path / "boni.csv", [boni_attack()])
    result = CliRunner().invoke(app, ["--db", str(any_reference_db), "ingest", "acled", str(path), "--covers-from",
                                      "2020-10-01", "--covers-to", "2020-12-31", "--covers-country", "NER"])
    assert result.exit_code == 0, result.output
    with Store.open(any_reference_db) as store:
        spans = {s.country: s for s in coverage.spans(store)}
        assert set(spans) == {"MLI", "NER"} and all(s.stated for s in spans.values())
        assert coverage.months_by_source(store, "NER", ["acled"])["acled"] == {
            date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)}
        # one row in the middle of December still covers October to December, as stated
        assert coverage.coverage_now(store, "MLI", ["acled"]) == date(2020, 12, 1)
    bad = CliRunner().invoke(app, ["--db", str(any_reference_db), "ingest", "acled", str(path), "--covers-from",
                                   "2021-01-01", "--covers-to", "2020-12-31"])
    assert bad.exit_code == 2 and "--covers-from 2021-01-01 is after --covers-to 2020-12-31" in bad.output


def test_a_single_row_covers_no_whole_month(any_reference_store, tmp_path):
    ingest_file(any_reference_store, write_acled(tmp_path / "one.csv", [boni_attack()]), "acled")
    assert coverage.coverage_now(any_reference_store, "MLI", ["acled"]) is None
    line = coverage.describe(any_reference_store, "MLI", ["acled"])[0]
    assert line["from"] == "2020-12-15" and line["months"] == 0
    assert "no whole month" in coverage.sources_sentence([line])


def test_bad_stated_dates_are_refused(any_reference_store, tmp_path):
    path = write_acled(tmp_path / "boni.csv", [boni_attack()])
    with pytest.raises(IngestError, match="--covers-to 'soon': expected a date YYYY-MM-DD"):
        ingest_file(any_reference_store, path, "acled", covers_to="soon")
