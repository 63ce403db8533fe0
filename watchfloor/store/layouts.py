"""How each source layout's columns become an `events` row, as portable SQL expressions.

Every staged column is text (read with all_varchar); expressions cast with TRY_CAST so that a
bad value becomes a row-level error naming the column, never an aborted scan.
Kept here, in the store package, because it is SQL; the ingest modules choose the layout.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    column: str
    bad: str          # SQL condition true when the row's value is unacceptable
    expected: str     # what the user should have written
    required: bool = False  # an empty value fails the check (R's `NA` there is a bad value, elsewhere empty)


@dataclass(frozen=True)
class LayoutSQL:
    layout: str                  # 'ucdp' or 'acled': the key events are upserted by, with source_id
    variant: str                 # e.g. 'ged-full', 'ged-reduced', 'acled'
    required: tuple[str, ...]    # columns the header must have; another column the SQL names is empty if absent
    checks: tuple[Check, ...]
    mapping: dict[str, str]      # events column -> SQL expression over the staged columns
    flags: tuple[tuple[str, str], ...] = ()  # (SQL condition, note): kept as published, but flagged
    derived: tuple[tuple[str, str], ...] = ()  # (name, SQL) computed once per row, usable by `mapping`
    dates: tuple[str, ...] = ()  # columns of dates a spreadsheet may have rewritten as 1/31/2020 or 31/01/2020


# Coordinates that are certainly wrong: kept, flagged, and never assigned to a region.
SUSPECT_COORDINATES = ("(latitude = longitude AND latitude <> 0)", "latitude equals longitude: suspect coordinates")
MISSING_COORDINATES = ("(latitude = 0 AND longitude = 0)", "coordinates 0,0: location missing")


def c(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def split_columns(columns: str) -> list[str]:
    """The quoted identifiers of a column list such as \"a\", \"b\" (a comma inside quotes stays)."""
    out, current, quoted = [], "", False
    for ch in columns:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        out.append(current.strip())
    return out


def _number(col: str) -> str:
    """The value as a number; a decimal comma (a European Excel's '14,53' or '3,0') reads as a point. A thousands
    separator is no decimal comma, but then '1,234' deaths reads 1.234, not a whole number: a row error."""
    return f"TRY_CAST(replace(trim({c(col)}), ',', '.') AS DOUBLE)"


def _int(col: str) -> str:
    return f"TRY_CAST({_number(col)} AS BIGINT)"


def _dbl(col: str) -> str:
    return _number(col)


def _is_whole(col: str) -> str:
    return f"({_number(col)} = floor({_number(col)}))"


def required_int(col: str, lo: int | None = None, hi: int | None = None, what: str = "a whole number") -> Check:
    cond = f"{c(col)} IS NULL OR {_number(col)} IS NULL OR NOT {_is_whole(col)}"
    if lo is not None:
        cond += f" OR {_number(col)} < {lo}"
    if hi is not None:
        cond += f" OR {_number(col)} > {hi}"
    return Check(col, cond, what, required=True)


def optional_int(col: str, lo: int | None = None, what: str = "a whole number or empty") -> Check:
    cond = f"{c(col)} IS NOT NULL AND ({_number(col)} IS NULL OR NOT {_is_whole(col)}"
    if lo is not None:
        cond += f" OR {_number(col)} < {lo}"
    return Check(col, cond + ")", what)


def coordinate(col: str, limit: int) -> Check:
    return Check(col, f"{c(col)} IS NULL OR {_dbl(col)} IS NULL OR abs({_dbl(col)}) > {limit}",
                 f"a decimal number between -{limit} and {limit}", required=True)


def required_text(col: str) -> Check:
    return Check(col, f"{c(col)} IS NULL OR trim({c(col)}) IN ('', 'NA')", "a non-empty value", required=True)


def date_expr(col: str) -> str:
    """A date from ISO ('2020-01-31', with or without time), ACLED's '31 January 2020' forms, or a European
    spreadsheet's day-first '31/01/2020' and '31.01.2020' (a time after the date, as Excel writes it, is dropped)."""
    v = f"trim({c(col)})"
    day = f"split_part({v}, ' ', 1)"
    return (f"coalesce(TRY_CAST(left({v}, 10) AS DATE), "
            f"CAST(try_strptime({v}, '%d %B %Y') AS DATE), CAST(try_strptime({v}, '%d-%B-%Y') AS DATE), "
            f"CAST(try_strptime({day}, '%d/%m/%Y') AS DATE), CAST(try_strptime({day}, '%d.%m.%Y') AS DATE), "
            f"CAST(try_strptime({v}, '%d %b %Y') AS DATE), CAST(try_strptime({v}, '%d-%b-%y') AS DATE))")


def required_date(col: str) -> Check:
    return Check(col, f"{c(col)} IS NULL OR {date_expr(col)} IS NULL OR year({date_expr(col)}) < 1900",
                 "a date such as 2020-01-31 or 31 January 2020", required=True)


UCDP_VIOLENCE = ("CASE {v} WHEN '1' THEN 'state-based' WHEN '2' THEN 'non-state' WHEN '3' THEN 'one-sided' "
                 "WHEN 'State-based violence' THEN 'state-based' WHEN 'Non-state violence' THEN 'non-state' "
                 "WHEN 'One-sided violence' THEN 'one-sided' END")
UCDP_TYPE_LABEL = ("CASE {v} WHEN '1' THEN 'State-based violence' WHEN '2' THEN 'Non-state violence' "
                   "WHEN '3' THEN 'One-sided violence' ELSE {v} END")
VIOLENCE_CHECK_VALUES = "'1','2','3','State-based violence','Non-state violence','One-sided violence'"

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

def _ged_common_mapping(best: str, low: str, high: str) -> dict[str, str]:
    """The fields both GED layouts fill the same way."""
    return {
        "latitude": _dbl("latitude"),
        "longitude": _dbl("longitude"),
        "actor1": c("side_a"),
        "actor2": c("side_b"),
        "violence_type": UCDP_VIOLENCE.format(v=f"trim({c('type_of_violence')})"),
        "event_type": "CAST(NULL AS VARCHAR)",
        "sub_event_type": "CAST(NULL AS VARCHAR)",
        "source_type": UCDP_TYPE_LABEL.format(v=f"trim({c('type_of_violence')})"),
        "fatalities": _int(best),
        "fatalities_low": _int(low),
        "fatalities_high": _int(high),
    }


def _order_flag(best: str, low: str, high: str) -> tuple[str, str]:
    return (f"{_int(low)} > {_int(best)} OR {_int(best)} > {_int(high)}",
            "fatality estimates out of order (low ≤ best ≤ high does not hold); kept as published")


_GED_COMMON_CHECKS = (
    required_int("id", 0, what="a positive whole-number event id"),
    coordinate("latitude", 90),
    coordinate("longitude", 180),
    Check("type_of_violence", f"{c('type_of_violence')} IS NULL OR trim({c('type_of_violence')}) "
          f"NOT IN ({VIOLENCE_CHECK_VALUES})", "1, 2 or 3 (state-based, non-state, one-sided)", required=True),
)

GED_FULL = LayoutSQL(
    layout="ucdp", variant="ged-full",
    required=("id", "type_of_violence", "side_a", "side_b", "latitude", "longitude", "country_id",
              "date_prec", "date_start", "date_end", "best", "high", "low"),
    checks=_GED_COMMON_CHECKS + (
        required_date("date_start"),
        required_date("date_end"),
        Check("date_end", f"{date_expr('date_end')} < {date_expr('date_start')}", "a date on or after date_start"),
        required_int("best", 0, what="a whole number of deaths, 0 or more"),
        required_int("low", 0, what="a whole number of deaths, 0 or more"),
        required_int("high", 0, what="a whole number of deaths, 0 or more"),
        required_int("country_id", 2, 999, "a Gleditsch-Ward country code"),
        optional_int("where_prec", 1),
        optional_int("date_prec", 1),
    ),
    mapping={
        "source_id": f"CAST({_int('id')} AS VARCHAR)",
        "date_start": "wf_date_start",
        "date_end": "wf_date_end",
        "date_precision": (f"CASE {_int('date_prec')} WHEN 1 THEN 'day' WHEN 2 THEN 'week' WHEN 3 THEN 'week' "
                           "WHEN 4 THEN 'month' WHEN 5 THEN 'year' END"),
        "country_iso3": f"(SELECT g.iso3 FROM country_gw_codes g WHERE g.gw_code = {_int('country_id')})",
        "admin1_source": c("adm_1"),
        "location_precision": _int("where_prec"),
        "location_name": c("where_coordinates"),
        "notes": f"concat_ws(' — ', {c('conflict_name')}, {c('where_description')}, {c('source_headline')})",
        **_ged_common_mapping("best", "low", "high"),
    },
    derived=(("wf_date_start", date_expr("date_start")), ("wf_date_end", date_expr("date_end"))),
    flags=(_order_flag("best", "low", "high"),),
    dates=("date_start", "date_end"),
)

GED_REDUCED_COLUMNS = ("id", "year", "month", "day", "country", "type_of_violence", "conflict_name",
                       "side_a", "side_b", "latitude", "longitude", "low_death", "best_death", "high_death")

_reduced_date = (f"coalesce(TRY_CAST(left(trim({c('date_start')}), 10) AS DATE), "
                 f"make_date({_int('year')}, {_int('month')}, {_int('day')}))")


def ged_reduced(has_date_start: bool, has_iso3: bool, has_admin1: bool) -> LayoutSQL:
    """The reduced GED layout (14 columns, optionally with iso3/date_start/ne_admin1_* added)."""
    day = _reduced_date if has_date_start else f"make_date({_int('year')}, {_int('month')}, {_int('day')})"
    day_valid = (f"TRY_CAST(printf('%04d-%02d-%02d', {_int('year')}, {_int('month')}, {_int('day')}) AS DATE)")
    iso3 = (f"coalesce(upper(trim({c('iso3')})), "
            f"(SELECT k.iso3 FROM country_names k WHERE k.name = lower(trim({c('country')}))))"
            if has_iso3 else
            f"(SELECT k.iso3 FROM country_names k WHERE k.name = lower(trim({c('country')})))")
    return LayoutSQL(
        layout="ucdp", variant="ged-reduced",
        required=GED_REDUCED_COLUMNS,
        checks=_GED_COMMON_CHECKS + (
            required_int("year", 1946, 2100, "a year such as 2020"),
            required_int("month", 1, 12, "a month number 1-12"),
            required_int("day", 1, 31, "a day of the month 1-31"),
            Check("day", f"{day_valid} IS NULL AND {_int('day')} BETWEEN 1 AND 31 "
                  f"AND {_int('month')} BETWEEN 1 AND 12", "a day that exists in that month"),
            required_int("best_death", 0, what="a whole number of deaths, 0 or more"),
            required_int("low_death", 0, what="a whole number of deaths, 0 or more"),
            required_int("high_death", 0, what="a whole number of deaths, 0 or more"),
            required_text("country"),
        ),
        mapping={
            "source_id": f"CAST({_int('id')} AS VARCHAR)",
            "date_start": day,
            "date_end": day,
            "date_precision": "'day'",
            "country_iso3": iso3,
            "admin1_source": c("ne_admin1_name") if has_admin1 else "CAST(NULL AS VARCHAR)",
            "location_precision": "CAST(NULL AS BIGINT)",
            "location_name": "CAST(NULL AS VARCHAR)",
            "notes": c("conflict_name"),
            **_ged_common_mapping("best_death", "low_death", "high_death"),
        },
        flags=(_order_flag("best_death", "low_death", "high_death"),),
        dates=("date_start",) if has_date_start else (),
    )


ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
ACLED_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                     "Riots", "Strategic developments")


def _acled_inter(col: str) -> str:
    """ACLED actor-type code 0-8 from the numeric code or the text label of newer exports."""
    v = f"lower(trim({c(col)}))"
    return (f"coalesce({_int(col)}, CASE WHEN {v} LIKE 'state forces%' THEN 1 WHEN {v} LIKE 'rebel%' THEN 2 "
            f"WHEN {v} LIKE 'political militia%' THEN 3 WHEN {v} LIKE 'identity militia%' THEN 4 "
            f"WHEN {v} LIKE 'rioters%' THEN 5 WHEN {v} LIKE 'protesters%' THEN 6 "
            f"WHEN {v} LIKE 'civilians%' THEN 7 WHEN {v} LIKE 'external%' THEN 8 ELSE 0 END)")


_ARMED = "(1, 2, 3, 4, 8)"
_STATE = "(1, 8)"
_NONSTATE = "(2, 3, 4)"
ACLED_VIOLENCE = (
    f"CASE WHEN trim({c('event_type')}) IN ('Protests', 'Riots', 'Strategic developments') THEN NULL "
    f"WHEN {{i1}} IN {_ARMED} AND (trim({c('event_type')}) = 'Violence against civilians' OR {{i2}} = 7) "
    f"THEN 'one-sided' "
    f"WHEN ({{i1}} IN {_STATE} AND {{i2}} IN {_ARMED}) OR ({{i2}} IN {_STATE} AND {{i1}} IN {_ARMED}) "
    f"THEN 'state-based' "
    f"WHEN {{i1}} IN {_NONSTATE} AND {{i2}} IN {_NONSTATE} THEN 'non-state' END"
).format(i1="wf_inter1", i2="wf_inter2")

ACLED = LayoutSQL(
    layout="acled", variant="acled",
    # An API request or an export may leave out columns (ACLED's `fields=`): precisions, sub-event type, admin-1,
    # location, notes and the numeric country code may be absent (the country then comes from its name).
    required=("event_id_cnty", "event_date", "event_type", "actor1", "inter1", "actor2", "inter2", "country",
              "latitude", "longitude", "fatalities"),
    checks=(
        required_text("event_id_cnty"),
        required_date("event_date"),
        coordinate("latitude", 90),
        coordinate("longitude", 180),
        required_int("fatalities", 0, what="a whole number of fatalities, 0 or more"),
        Check("iso", f"{c('iso')} IS NOT NULL AND ({_number('iso')} IS NULL OR NOT {_is_whole('iso')} "
              f"OR {_number('iso')} NOT BETWEEN 0 AND 999)", "an ISO 3166 numeric country code (or empty)"),
        Check("country", f"{c('iso')} IS NULL AND ({c('country')} IS NULL OR trim({c('country')}) = '')",
              "a country name where the row has no ISO code"),
        optional_int("time_precision", 1),
        optional_int("geo_precision", 1),
        Check("event_type", f"{c('event_type')} IS NULL OR trim({c('event_type')}) NOT IN "
              f"({', '.join(repr(t) for t in ACLED_EVENT_TYPES)})", "one of ACLED's six event types",
              required=True),
    ),
    mapping={
        "source_id": f"trim({c('event_id_cnty')})",
        "date_start": "wf_date",
        "date_end": "wf_date",
        "date_precision": f"CASE {_int('time_precision')} WHEN 1 THEN 'day' WHEN 2 THEN 'week' WHEN 3 THEN 'month' END",
        "country_iso3": f"coalesce((SELECT k.iso3 FROM countries k WHERE k.iso_numeric = {_int('iso')}), "
                        f"(SELECT k.iso3 FROM country_names k WHERE k.name = lower(trim({c('country')}))))",
        "admin1_source": c("admin1"),
        "latitude": _dbl("latitude"),
        "longitude": _dbl("longitude"),
        "location_precision": _int("geo_precision"),
        "location_name": c("location"),
        "actor1": c("actor1"),
        "actor2": c("actor2"),
        "violence_type": ACLED_VIOLENCE,
        "event_type": f"trim({c('event_type')})",
        "sub_event_type": f"trim({c('sub_event_type')})",
        "source_type": f"concat_ws(' / ', trim({c('event_type')}), trim({c('sub_event_type')}))",
        "fatalities": _int("fatalities"),
        "fatalities_low": "CAST(NULL AS BIGINT)",
        "fatalities_high": "CAST(NULL AS BIGINT)",
        "notes": c("notes"),
    },
    derived=(("wf_inter1", _acled_inter("inter1")), ("wf_inter2", _acled_inter("inter2")),
             ("wf_date", date_expr("event_date"))),
    dates=("event_date",),
)
