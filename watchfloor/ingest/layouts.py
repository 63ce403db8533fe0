"""What each source layout means, as data: its columns, the checks a row must pass, and each events field's value.

Written in the terms of watchfloor/layout_terms.py; the store's compiler (`watchfloor.store.layouts.layout_sql`)
turns a layout into the SQL that stages, checks and maps a file. The ingest modules choose the layout from a
file's header. GDELT's layout is with its connector (watchfloor/sources/gdelt.py).
"""
from __future__ import annotations

from watchfloor.layout_terms import (
    AllOf, AnyOf, AsText, CodeOrLabel, Coded, Coalesce, Column, Constant, Coordinate, Date, DateFromParts, DayExists,
    Decide, Derived, Equals, Flag, In, Integer, IsoDate, JoinedWith, KnownCode, Layout, Lookup, Lower, NonEmpty,
    NotBefore, Null, Number, OneOf, OutOfOrder, PresentWhereEmpty, Trimmed, Upper, ValidDate, Value, WholeNumber,
)

DEATHS = "a whole number of deaths, 0 or more"
OPTIONAL_WHOLE = "a whole number or empty"


def _out_of_order(low: str, best: str, high: str) -> Flag:
    return Flag(OutOfOrder(Integer(low), Integer(best), Integer(high)),
                "fatality estimates out of order (low ≤ best ≤ high does not hold); kept as published")


def _country_by_name(column: str) -> Lookup:
    return Lookup("country_names", "name", Lower(Trimmed(column)), "iso3")


# UCDP GED

GED_FULL_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)
GED_REDUCED_COLUMNS = ("id", "year", "month", "day", "country", "type_of_violence", "conflict_name",
                       "side_a", "side_b", "latitude", "longitude", "low_death", "best_death", "high_death")

# type_of_violence: UCDP's code, or (in some exports) its label
UCDP_TYPE_LABELS = {"1": "State-based violence", "2": "Non-state violence", "3": "One-sided violence"}
_UCDP_KINDS = {"1": "state-based", "2": "non-state", "3": "one-sided"}
UCDP_VIOLENCE = _UCDP_KINDS | {UCDP_TYPE_LABELS[code]: kind for code, kind in _UCDP_KINDS.items()}
GED_DATE_PRECISION = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}


def _ged_common_fields(best: str, low: str, high: str) -> dict[str, Value]:
    """The fields both GED layouts fill the same way."""
    violence = Trimmed("type_of_violence")
    return {
        "latitude": Number("latitude"),
        "longitude": Number("longitude"),
        "actor1": Column("side_a"),
        "actor2": Column("side_b"),
        "violence_type": Coded(violence, UCDP_VIOLENCE),
        "event_type": Null("text"),
        "sub_event_type": Null("text"),
        "source_type": Coded(violence, UCDP_TYPE_LABELS, otherwise=violence),
        "fatalities": Integer(best),
        "fatalities_low": Integer(low),
        "fatalities_high": Integer(high),
    }


_GED_COMMON_CHECKS = (
    WholeNumber("id", 0, expected="a positive whole-number event id"),
    Coordinate("latitude", 90),
    Coordinate("longitude", 180),
    KnownCode("type_of_violence", UCDP_VIOLENCE, "1, 2 or 3 (state-based, non-state, one-sided)"),
)

GED_FULL = Layout(
    layout="ucdp", variant="ged-full", columns=GED_FULL_COLUMNS,
    required=("id", "type_of_violence", "side_a", "side_b", "latitude", "longitude", "country_id",
              "date_prec", "date_start", "date_end", "best", "high", "low"),
    checks=_GED_COMMON_CHECKS + (
        ValidDate("date_start"),
        ValidDate("date_end"),
        NotBefore("date_end", "date_start"),
        WholeNumber("best", 0, expected=DEATHS),
        WholeNumber("low", 0, expected=DEATHS),
        WholeNumber("high", 0, expected=DEATHS),
        WholeNumber("country_id", 2, 999, "a Gleditsch-Ward country code"),
        WholeNumber("where_prec", 1, expected=OPTIONAL_WHOLE, required=False),
        WholeNumber("date_prec", 1, expected=OPTIONAL_WHOLE, required=False),
    ),
    fields={
        "source_id": AsText(Integer("id")),
        "date_start": Derived("wf_date_start"),
        "date_end": Derived("wf_date_end"),
        "date_precision": Coded(Integer("date_prec"), GED_DATE_PRECISION),
        "country_iso3": Lookup("country_gw_codes", "gw_code", Integer("country_id"), "iso3"),
        "admin1_source": Column("adm_1"),
        "location_precision": Integer("where_prec"),
        "location_name": Column("where_coordinates"),
        "notes": JoinedWith(" — ", Column("conflict_name"), Column("where_description"), Column("source_headline")),
        **_ged_common_fields("best", "low", "high"),
    },
    derived=(("wf_date_start", Date("date_start")), ("wf_date_end", Date("date_end"))),
    flags=(_out_of_order("low", "best", "high"),),
    dates=("date_start", "date_end"),
)


def ged_reduced(has_date_start: bool, has_iso3: bool, has_admin1: bool) -> Layout:
    """The reduced GED layout (14 columns), optionally with date_start, iso3 and ne_admin1_name added: a
    date_start wins over year/month/day where it is an ISO date, an iso3 over the country's name."""
    parts = DateFromParts("year", "month", "day")
    day = Coalesce(IsoDate("date_start"), parts) if has_date_start else parts
    by_name = _country_by_name("country")
    added = (("date_start",) if has_date_start else ()) + (("iso3",) if has_iso3 else ()) \
        + (("ne_admin1_name",) if has_admin1 else ())
    return Layout(
        layout="ucdp", variant="ged-reduced", columns=GED_REDUCED_COLUMNS + added,
        required=GED_REDUCED_COLUMNS,
        checks=_GED_COMMON_CHECKS + (
            WholeNumber("year", 1946, 2100, "a year such as 2020"),
            WholeNumber("month", 1, 12, "a month number 1-12"),
            WholeNumber("day", 1, 31, "a day of the month 1-31"),
            DayExists("year", "month", "day"),
            WholeNumber("best_death", 0, expected=DEATHS),
            WholeNumber("low_death", 0, expected=DEATHS),
            WholeNumber("high_death", 0, expected=DEATHS),
            NonEmpty("country"),
        ),
        fields={
            "source_id": AsText(Integer("id")),
            "date_start": day,
            "date_end": day,
            "date_precision": Constant("day"),
            "country_iso3": Coalesce(Upper(Trimmed("iso3")), by_name) if has_iso3 else by_name,
            "admin1_source": Column("ne_admin1_name") if has_admin1 else Null("text"),
            "location_precision": Null("integer"),
            "location_name": Null("text"),
            "notes": Column("conflict_name"),
            **_ged_common_fields("best_death", "low_death", "high_death"),
        },
        flags=(_out_of_order("low_death", "best_death", "high_death"),),
        dates=("date_start",) if has_date_start else (),
    )


# ACLED

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
ACLED_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                     "Riots", "Strategic developments")
ACLED_TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
# inter1/inter2: the actor-type code 0-8, or (2024+ exports) the label it begins with; another label is 0
ACLED_ACTOR_TYPES = {"state forces": 1, "rebel": 2, "political militia": 3, "identity militia": 4, "rioters": 5,
                     "protesters": 6, "civilians": 7, "external": 8}
_ARMED, _STATE, _NON_STATE, _CIVILIANS = (1, 2, 3, 4, 8), (1, 8), (2, 3, 4), 7


def _acled_violence(event_type: Value, actor1: Value, actor2: Value) -> Decide:
    """UCDP's violence category of an ACLED event, from its event type and its two actors' types: none for
    demonstrations and strategic developments; an armed actor against civilians is one-sided; state forces
    against an armed actor state-based; two non-state armed actors non-state."""
    return Decide(
        (In(event_type, ("Protests", "Riots", "Strategic developments")), None),
        (AllOf(In(actor1, _ARMED), AnyOf(Equals(event_type, "Violence against civilians"),
                                         Equals(actor2, _CIVILIANS))), "one-sided"),
        (AnyOf(AllOf(In(actor1, _STATE), In(actor2, _ARMED)), AllOf(In(actor2, _STATE), In(actor1, _ARMED))),
         "state-based"),
        (AllOf(In(actor1, _NON_STATE), In(actor2, _NON_STATE)), "non-state"),
    )


ACLED = Layout(
    layout="acled", variant="acled", columns=ACLED_COLUMNS,
    # An API request or an export may leave out columns (ACLED's `fields=`): precisions, sub-event type, admin-1,
    # location, notes and the numeric country code may be absent (the country then comes from its name).
    required=("event_id_cnty", "event_date", "event_type", "actor1", "inter1", "actor2", "inter2", "country",
              "latitude", "longitude", "fatalities"),
    checks=(
        NonEmpty("event_id_cnty"),
        ValidDate("event_date"),
        Coordinate("latitude", 90),
        Coordinate("longitude", 180),
        WholeNumber("fatalities", 0, expected="a whole number of fatalities, 0 or more"),
        WholeNumber("iso", 0, 999, "an ISO 3166 numeric country code (or empty)", required=False),
        PresentWhereEmpty("country", "iso", "a country name where the row has no ISO code"),
        WholeNumber("time_precision", 1, expected=OPTIONAL_WHOLE, required=False),
        WholeNumber("geo_precision", 1, expected=OPTIONAL_WHOLE, required=False),
        OneOf("event_type", ACLED_EVENT_TYPES, "one of ACLED's six event types"),
    ),
    fields={
        "source_id": Trimmed("event_id_cnty"),
        "date_start": Derived("wf_date"),
        "date_end": Derived("wf_date"),
        "date_precision": Coded(Integer("time_precision"), ACLED_TIME_PRECISION),
        "country_iso3": Coalesce(Lookup("countries", "iso_numeric", Integer("iso"), "iso3"),
                                 _country_by_name("country")),
        "admin1_source": Column("admin1"),
        "latitude": Number("latitude"),
        "longitude": Number("longitude"),
        "location_precision": Integer("geo_precision"),
        "location_name": Column("location"),
        "actor1": Column("actor1"),
        "actor2": Column("actor2"),
        "violence_type": _acled_violence(Trimmed("event_type"), Derived("wf_inter1"), Derived("wf_inter2")),
        "event_type": Trimmed("event_type"),
        "sub_event_type": Trimmed("sub_event_type"),
        "source_type": JoinedWith(" / ", Trimmed("event_type"), Trimmed("sub_event_type")),
        "fatalities": Integer("fatalities"),
        "fatalities_low": Null("integer"),
        "fatalities_high": Null("integer"),
        "notes": Column("notes"),
    },
    derived=(("wf_inter1", CodeOrLabel("inter1", ACLED_ACTOR_TYPES, otherwise=0)),
             ("wf_inter2", CodeOrLabel("inter2", ACLED_ACTOR_TYPES, otherwise=0)),
             ("wf_date", Date("event_date"))),
    dates=("event_date",),
)
