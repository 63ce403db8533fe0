"""The source layouts as data (watchfloor/ingest/layouts.py, GDELT's in sources/gdelt.py) and the store's compiler
that makes them SQL: every layout compiles, reads only its own columns, and means what its terms say."""
from __future__ import annotations

import itertools
import re
from datetime import date

import duckdb
import pytest

from watchfloor.ingest import ingest_file
from watchfloor.ingest.layouts import ACLED, GED_FULL, GED_REDUCED_COLUMNS, ged_reduced
from watchfloor.layout_terms import AllOf, AnyOf, Column, Decide, Equals, In, Layout, Trimmed
from watchfloor.sources import gdelt
from watchfloor.store.layouts import LayoutSQL, condition_sql, layout_sql, value_sql

REDUCED_FLAGS = list(itertools.product((False, True), repeat=3))
LAYOUTS = {"ged-full": GED_FULL, "acled": ACLED, "gdelt": gdelt.LAYOUT,
           **{f"ged-reduced-{''.join('1' if f else '0' for f in flags)}": ged_reduced(*flags)
              for flags in REDUCED_FLAGS}}
EVENTS_FIELDS = {"source_id", "date_start", "date_end", "date_precision", "country_iso3", "admin1_source",
                 "latitude", "longitude", "location_precision", "location_name", "actor1", "actor2",
                 "violence_type", "event_type", "sub_event_type", "source_type", "fatalities", "fatalities_low",
                 "fatalities_high", "notes"}


def _all_sql(sql: LayoutSQL) -> str:
    return " ".join([*sql.mapping.values(), *(ch.bad for ch in sql.checks), *(f for f, _ in sql.flags),
                     *(e for _, e in sql.derived)])


def _quoted(sql: str) -> set[str]:
    return {name.replace('""', '"') for name in re.findall(r'"((?:[^"]|"")+)"', sql)}


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_compiles_to_every_events_field(name):
    spec = LAYOUTS[name]
    sql = layout_sql(spec)
    assert isinstance(sql, LayoutSQL)
    assert set(sql.mapping) == EVENTS_FIELDS
    assert (sql.layout, sql.variant, sql.required, sql.dates) == (spec.layout, spec.variant, spec.required,
                                                                   spec.dates)
    assert [ch.column for ch in sql.checks] == [ch.column for ch in spec.checks]
    assert all(expr.strip() for expr in sql.mapping.values())


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_sql_reads_only_the_layouts_columns_and_derived_values(name):
    spec = LAYOUTS[name]
    sql = layout_sql(spec)
    assert _quoted(_all_sql(sql)) <= set(spec.columns)
    assert {ch.column for ch in sql.checks} <= set(spec.columns)
    derived = {n for n, _ in spec.derived}
    mapped = " ".join(sql.mapping.values())
    assert set(re.findall(r"\bwf_\w+\b", mapped)) - _quoted(mapped) <= derived   # names used bare are derived
    assert all(re.search(rf"\b{n}\b", mapped) for n in derived)                   # and each derived value is used


@pytest.mark.parametrize("name", LAYOUTS)
def test_required_columns_are_read_and_required_values_are_on_required_columns(name):
    spec = LAYOUTS[name]
    sql = layout_sql(spec)
    assert set(spec.required) <= _quoted(_all_sql(sql)) | {ch.column for ch in sql.checks}
    # a check that needs a value is on a column the header must have: a file without it is refused at line 1,
    # instead of rejecting every row
    assert {ch.column for ch in sql.checks if ch.required} <= set(spec.required)


@pytest.mark.parametrize("name", LAYOUTS)
def test_compiling_is_deterministic(name):
    assert repr(layout_sql(LAYOUTS[name])) == repr(layout_sql(LAYOUTS[name]))
    if name.startswith("ged-reduced"):
        flags = tuple(ch == "1" for ch in name.rsplit("-", 1)[1])
        assert repr(layout_sql(ged_reduced(*flags))) == repr(layout_sql(LAYOUTS[name]))


@pytest.mark.parametrize("flags", REDUCED_FLAGS)
def test_reduced_variants_differ_exactly_where_their_flags_say(flags):
    has_date_start, has_iso3, has_admin1 = flags
    base, variant = layout_sql(ged_reduced(False, False, False)), layout_sql(ged_reduced(*flags))
    differ = {k for k in base.mapping if base.mapping[k] != variant.mapping[k]}
    expected = ({"date_start", "date_end"} if has_date_start else set()) | ({"country_iso3"} if has_iso3 else set()) \
        | ({"admin1_source"} if has_admin1 else set())
    assert differ == expected
    assert (base.checks, base.flags, base.derived, base.required) == \
        (variant.checks, variant.flags, variant.derived, variant.required)
    assert variant.dates == (("date_start",) if has_date_start else ())
    read = _quoted(_all_sql(variant)) - set(GED_REDUCED_COLUMNS)
    assert read == {col for col, on in zip(("date_start", "iso3", "ne_admin1_name"), flags) if on}


def _evaluate(spec: Layout, field: str, row: dict[str, str | None]) -> object:
    """One events field of one staged row (every column text, absent ones empty), by DuckDB."""
    sql = layout_sql(spec)
    con = duckdb.connect()
    try:
        columns = ", ".join(f'CAST(? AS VARCHAR) AS "{col}"' for col in spec.columns)
        derived = "".join(f", {expr} AS {name}" for name, expr in sql.derived)
        return con.execute(f"SELECT {sql.mapping[field]} FROM (SELECT *{derived} FROM (SELECT {columns}))",
                           [row.get(col) for col in spec.columns]).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("event_type, inter1, inter2, expected", [
    ("Battles", "1", "2", "state-based"),
    ("Battles", "Rebel group", "State forces", "state-based"),
    ("Battles", "Political militia", "Identity militia", "non-state"),
    ("Violence against civilians", "2", "", "one-sided"),
    ("Explosions/Remote violence", "External/Other forces", "Civilians", "one-sided"),
    ("Riots", "1", "5", None),
    ("Battles", "Rioters", "Protesters", None),
    ("Battles", "Rioters", "Civilians", None),          # no armed actor: not one-sided
])
def test_acled_violence_decision_table(event_type, inter1, inter2, expected):
    row = {"event_type": event_type, "inter1": inter1, "inter2": inter2 or None}
    assert _evaluate(ACLED, "violence_type", row) == expected


def test_ucdp_codes_and_labels_read_the_same():
    for code, label, kind in (("1", "State-based violence", "state-based"), ("3", "One-sided violence", "one-sided")):
        for written in (code, f" {label} "):
            assert _evaluate(GED_FULL, "violence_type", {"type_of_violence": written}) == kind
            assert _evaluate(GED_FULL, "source_type", {"type_of_violence": written}) == label
    assert _evaluate(GED_FULL, "date_precision", {"date_prec": "4"}) == "month"
    assert _evaluate(GED_FULL, "source_id", {"id": " 0012 "}) == "12"


def test_conditions_nest_with_parentheses():
    a, b = Equals(Column("x"), 1), In(Trimmed("y"), ("p", "q"))
    assert condition_sql(AllOf(a, AnyOf(a, b))) == """"x" = 1 AND ("x" = 1 OR trim("y") IN ('p', 'q'))"""
    assert condition_sql(AnyOf(AllOf(a, b), a)) == """("x" = 1 AND trim("y") IN ('p', 'q')) OR "x" = 1"""
    assert value_sql(Decide((a, "it's"), (b, None))) == \
        """CASE WHEN "x" = 1 THEN 'it''s' WHEN trim("y") IN ('p', 'q') THEN NULL END"""


def test_a_reduced_file_is_mapped_as_its_layout_says(reference_store, tmp_path):
    path = tmp_path / "ged_reduced.csv"
    path.write_text(
        "id,year,month,day,country,type_of_violence,conflict_name,side_a,side_b,latitude,longitude,"
        "low_death,best_death,high_death,iso3,ne_admin1_name\n"
        "501,2020,2,29,Burkina Faso,2,JNIM - IS Sahel,JNIM,IS Sahel,\"14,10\",-1.62,3,4,6,,Sahel\n"
        "502,2020,3,1,Mali,One-sided violence,JNIM - Civilians,JNIM,Civilians,14.3,-3.6,1,2,1, mli ,\n",
        encoding="utf-8")
    result = ingest_file(reference_store, path, "ucdp")
    assert (result.inserted, result.rejected) == (2, 0)
    first, second = reference_store.records("SELECT * FROM events ORDER BY source_id")
    assert first["country_iso3"] == "BFA" and second["country_iso3"] == "MLI"     # by name; by iso3, upper-cased
    assert first["date_start"] == first["date_end"] == date(2020, 2, 29) and first["date_precision"] == "day"
    assert first["latitude"] == pytest.approx(14.10) and first["admin1_source"] == "Sahel"
    assert (first["violence_type"], first["source_type"]) == ("non-state", "Non-state violence")
    assert (second["violence_type"], second["source_type"]) == ("one-sided", "One-sided violence")
    assert second["admin1_source"] is None and second["notes"] == "JNIM - Civilians"
    assert (first["fatalities"], first["fatalities_low"], first["fatalities_high"]) == (4, 3, 6)
    assert first["flag"] is None and "out of order" in second["flag"]            # low 1 ≤ best 2 > high 1
