"""Property-based tests of the row parsers: whatever valid row we write comes back as the same event;
whatever invalid value we write is refused with its line and column."""
from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest_helpers import REDUCED_COLUMNS, acled_row, reduced_row, write_csv
from watchfloor.ingest import IngestError, ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS
from watchfloor.store import Store

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_counter = itertools.count()

days = st.dates(min_value=date(1989, 1, 1), max_value=date(2030, 12, 31))
lats = st.floats(min_value=-89.99, max_value=89.99, allow_nan=False).map(lambda x: round(x, 5))
lons = st.floats(min_value=-179.99, max_value=179.99, allow_nan=False).map(lambda x: round(x, 5))
deaths = st.integers(min_value=0, max_value=100_000)
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40) \
    .filter(lambda s: s.strip() == s and s.strip() != "")


@pytest.fixture
def fresh(backend, tmp_path, request):
    """A function giving a new store with the reference data, on each backend (one per generated example)."""
    if backend == "duckdb":
        reference_db = request.getfixturevalue("reference_db")

        def new() -> Store:
            path = tmp_path / f"p{next(_counter)}.duckdb"
            path.write_bytes(reference_db.read_bytes())
            return Store.open(path)
        return new
    cluster, template = request.getfixturevalue("pg_cluster"), request.getfixturevalue("_pg_reference_template")
    return lambda: Store.open(cluster.database(template))


@SETTINGS
@given(day=days, lat=lats, lon=lons, best=deaths, side_a=text, side_b=text,
       kind=st.sampled_from(["State-based violence", "Non-state violence", "One-sided violence"]))
def test_reduced_ged_round_trip(tmp_path, fresh, day, lat, lon, best, side_a, side_b, kind):
    row = reduced_row(7, year=day.year, month=day.month, day=day.day, date_start=day.isoformat(), latitude=lat,
                      longitude=lon, low_death=best, best_death=best, high_death=best + 1, side_a=side_a,
                      side_b=side_b, type_of_violence=kind)
    path = write_csv(tmp_path / f"r{next(_counter)}.csv", REDUCED_COLUMNS, [row])
    with fresh() as store:
        assert ingest_file(store, path, "ucdp").inserted == 1
        ev = store.records("SELECT * FROM events")[0]
    assert ev["date_start"] == day and ev["date_end"] == day
    assert (ev["latitude"], ev["longitude"]) == (lat, lon)
    assert ev["fatalities"] == best and ev["fatalities_high"] == best + 1
    assert (ev["actor1"], ev["actor2"]) == (side_a, side_b)
    assert ev["violence_type"] == kind.split(" ")[0].lower()


@SETTINGS
@given(day=days, fmt=st.sampled_from(["%d %B %Y", "%Y-%m-%d", "%d-%B-%Y"]), fatalities=deaths, notes=text)
def test_acled_date_forms_and_values(tmp_path, fresh, day, fmt, fatalities, notes):
    row = acled_row(3, event_date=day.strftime(fmt), fatalities=fatalities, notes=notes)
    path = write_csv(tmp_path / f"a{next(_counter)}.csv", ACLED_COLUMNS, [row])
    with fresh() as store:
        ingest_file(store, path, "acled")
        ev = store.records("SELECT * FROM events")[0]
    assert ev["date_start"] == day and ev["fatalities"] == fatalities and ev["notes"] == notes


bad_values = st.one_of(
    st.tuples(st.just("latitude"), st.floats(min_value=90.001, max_value=1e6).map(str)),
    st.tuples(st.just("longitude"), st.floats(max_value=-180.001, min_value=-1e6).map(str)),
    st.tuples(st.just("best_death"), st.integers(max_value=-1, min_value=-10**6).map(str)),
    st.tuples(st.just("month"), st.integers(min_value=13, max_value=10**4).map(str)),
    st.tuples(st.just("day"), st.text(alphabet="abcxyz", min_size=1, max_size=5)),
    st.tuples(st.just("id"), st.text(alphabet="abc-", min_size=1, max_size=5)),
)


@SETTINGS
@given(bad=bad_values, position=st.integers(min_value=0, max_value=4))
def test_any_bad_value_is_refused_with_its_line_and_column(tmp_path, fresh, bad, position):
    column, value = bad
    rows = [reduced_row(i + 1) for i in range(5)]
    rows[position] = reduced_row(position + 1, **{column: value})
    path = write_csv(tmp_path / f"b{next(_counter)}.csv", REDUCED_COLUMNS, rows)
    with fresh() as store:
        try:
            ingest_file(store, path, "ucdp")
            raise AssertionError(f"{column}={value!r} was accepted")
        except IngestError as exc:
            assert any(e.line == position + 2 and e.column == column and e.value == value for e in exc.errors), \
                str(exc)
        assert store.scalar("SELECT count(*) FROM events") == 0


def test_day_that_does_not_exist_is_refused(tmp_path, fresh):
    path = write_csv(tmp_path / "feb.csv", REDUCED_COLUMNS,
                     [reduced_row(1, year=2019, month=2, day=30, date_start="")])
    with fresh() as store:
        try:
            ingest_file(store, path, "ucdp")
            raise AssertionError("30 February was accepted")
        except IngestError as exc:
            assert exc.errors[0].column == "day" and "exists" in exc.errors[0].expected
