"""The layout compiler: a source layout (watchfloor/ingest/layouts.py, in the terms of watchfloor/layout_terms.py)
becomes the portable SQL that checks a staged file's rows and maps them to `events` rows (`layout_sql`).

Every staged column is text (read with all_varchar); expressions cast with TRY_CAST so that a
bad value becomes a row-level error naming the column, never an aborted scan. The SQL is DuckDB's dialect; the
PostgreSQL backend translates it (store/postgres/sql.py). What a layout means is data in the ingest package;
how that is said in SQL is here, with the rest of the store's SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from watchfloor import layout_terms as t


@dataclass(frozen=True)
class Check:
    column: str
    bad: str          # SQL condition true when the row's value is unacceptable
    expected: str     # what the user should have written
    required: bool = False  # an empty value fails the check (R's `NA` there is a bad value, elsewhere empty)


@dataclass(frozen=True)
class LayoutSQL:
    layout: str                  # 'ucdp', 'acled' or 'gdelt': the key events are upserted by, with source_id
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


def _is_whole(col: str) -> str:
    return f"({_number(col)} = floor({_number(col)}))"


def date_expr(col: str) -> str:
    """A date from ISO ('2020-01-31', with or without time), ACLED's '31 January 2020' forms, or a European
    spreadsheet's day-first '31/01/2020' and '31.01.2020' (a time after the date, as Excel writes it, is dropped)."""
    v = f"trim({c(col)})"
    day = f"split_part({v}, ' ', 1)"
    forms = [_strptime(v, "%d %B %Y"), _strptime(v, "%d-%B-%Y"), _strptime(day, "%d/%m/%Y"),
             _strptime(day, "%d.%m.%Y"), _strptime(v, "%d %b %Y"), _strptime(v, "%d-%b-%y")]
    return f"coalesce({', '.join([_iso_date(col), *forms])})"


def _iso_date(col: str) -> str:
    return f"TRY_CAST(left(trim({c(col)}), 10) AS DATE)"


# The reference tables a Lookup may read, and the alias each one's subquery uses.
REFERENCE_TABLES = {"country_gw_codes": "g", "country_names": "k", "countries": "k"}
_TYPES = {"text": "VARCHAR", "integer": "BIGINT"}


def layout_sql(spec: t.Layout) -> LayoutSQL:
    """The SQL of a source layout: each check's condition, each events field's expression, the flags' conditions
    and the derived values, in the layout's order (staging.py runs them)."""
    return LayoutSQL(
        layout=spec.layout, variant=spec.variant, required=spec.required,
        checks=tuple(Check(ch.column, _bad(ch), ch.expected, ch.required) for ch in spec.checks),
        mapping={name: value_sql(value) for name, value in spec.fields.items()},
        flags=tuple((condition_sql(flag.condition), flag.note) for flag in spec.flags),
        derived=tuple((name, value_sql(value)) for name, value in spec.derived),
        dates=spec.dates,
    )


def _literal(value: str | int | None) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def _strptime(v: str, fmt: str) -> str:
    return f"CAST(try_strptime({v}, {_literal(fmt)}) AS DATE)"


def value_sql(value: t.Value) -> str:
    """The SQL expression of a value, over the staged columns and the layout's derived values."""
    match value:
        case t.Column(name):
            return c(name)
        case t.Trimmed(name):
            return f"trim({c(name)})"
        case t.Integer(name, decimal_comma):
            return _int(name) if decimal_comma else f"TRY_CAST({c(name)} AS BIGINT)"
        case t.Number(name, decimal_comma):
            return _number(name) if decimal_comma else f"TRY_CAST({c(name)} AS DOUBLE)"
        case t.Date(name):
            return date_expr(name)
        case t.IsoDate(name):
            return _iso_date(name)
        case t.DateIn(name, fmt):
            return _strptime(f"trim({c(name)})", fmt)
        case t.DateFromParts(year, month, day):
            return f"make_date({_int(year)}, {_int(month)}, {_int(day)})"
        case t.Constant(int() as n):
            return f"CAST({n} AS BIGINT)"
        case t.Constant(text):
            return _literal(text)
        case t.Null(kind):
            return f"CAST(NULL AS {_TYPES[kind]})"
        case t.Derived(name):
            return name
        case t.AsText(inner):
            return f"CAST({value_sql(inner)} AS VARCHAR)"
        case t.Lower(inner):
            return f"lower({value_sql(inner)})"
        case t.Upper(inner):
            return f"upper({value_sql(inner)})"
        case t.NullIfEmpty(inner):
            return f"nullif({value_sql(inner)}, '')"
        case t.Lookup(table, key, inner, returns):
            a = REFERENCE_TABLES[table]
            return f"(SELECT {a}.{returns} FROM {table} {a} WHERE {a}.{key} = {value_sql(inner)})"
        case t.Coded(inner, table, otherwise):
            v = value_sql(inner)
            whens = " ".join(f"WHEN {_literal(code)} THEN {_literal(label)}" for code, label in table.items())
            other = "" if otherwise is None else f" ELSE {value_sql(otherwise)}"
            return f"CASE {v} {whens}{other} END"
        case t.CodeOrLabel(name, labels, otherwise):
            v = f"lower(trim({c(name)}))"
            whens = " ".join(f"WHEN {v} LIKE {_literal(label + '%')} THEN {code}" for label, code in labels.items())
            return f"coalesce({_int(name)}, CASE {whens} ELSE {otherwise} END)"
        case t.Coalesce(terms=terms):
            return f"coalesce({', '.join(value_sql(v) for v in terms)})"
        case t.Concat(terms=terms):
            return " || ".join(value_sql(v) for v in terms)
        case t.JoinedWith(separator, terms):
            return f"concat_ws({_literal(separator)}, {', '.join(value_sql(v) for v in terms)})"
        case t.Decide(terms=rules):
            whens = " ".join(f"WHEN {condition_sql(cond)} THEN {_literal(outcome)}" for cond, outcome in rules)
            return f"CASE {whens} END"
    raise TypeError(f"not a layout value: {value!r}")


def condition_sql(condition: t.Condition) -> str:
    """The SQL condition of a condition (an AND inside an OR, or an OR inside an AND, is parenthesised)."""
    match condition:
        case t.In(inner, values):
            return f"{value_sql(inner)} IN ({', '.join(_literal(v) for v in values)})"
        case t.Equals(inner, other):
            return f"{value_sql(inner)} = {_literal(other)}"
        case t.AllOf(terms=terms):
            return " AND ".join(_nested(cond, t.AnyOf) for cond in terms)
        case t.AnyOf(terms=terms):
            return " OR ".join(_nested(cond, t.AllOf) for cond in terms)
        case t.OutOfOrder(terms=terms):
            return " OR ".join(f"{value_sql(a)} > {value_sql(b)}" for a, b in pairwise(terms))
        case t.Always():
            return "true"
    raise TypeError(f"not a layout condition: {condition!r}")


def _nested(condition: t.Condition, other: type) -> str:
    sql = condition_sql(condition)
    return f"({sql})" if isinstance(condition, other) else sql


def _bad(check: t.CheckSpec) -> str:
    """The SQL condition true where a row's value fails the check."""
    col = c(check.column)
    match check:
        case t.WholeNumber(name, low, high, _, required):
            n = _number(name)
            if required:
                cond = f"{col} IS NULL OR {n} IS NULL OR NOT {_is_whole(name)}"
                cond += "" if low is None else f" OR {n} < {low}"
                return cond + ("" if high is None else f" OR {n} > {high}")
            cond = f"{col} IS NOT NULL AND ({n} IS NULL OR NOT {_is_whole(name)}"
            if low is not None and high is not None:
                cond += f" OR {n} NOT BETWEEN {low} AND {high}"
            elif low is not None:
                cond += f" OR {n} < {low}"
            elif high is not None:
                cond += f" OR {n} > {high}"
            return cond + ")"
        case t.Coordinate(name, limit):
            return f"{col} IS NULL OR {_number(name)} IS NULL OR abs({_number(name)}) > {limit}"
        case t.ValidDate(name, since):
            return f"{col} IS NULL OR {date_expr(name)} IS NULL OR year({date_expr(name)}) < {since}"
        case t.NonEmpty():
            return f"{col} IS NULL OR trim({col}) IN ('', 'NA')"
        case t.OneOf(values=values):
            return f"{col} IS NULL OR trim({col}) NOT IN ({', '.join(_literal(v) for v in values)})"
        case t.KnownCode(table=table):
            return f"{col} IS NULL OR trim({col}) NOT IN ({','.join(_literal(code) for code in table)})"
        case t.NotBefore(name, other):
            return f"{date_expr(name)} < {date_expr(other)}"
        case t.DayExists(year, month, day):
            exists = f"TRY_CAST(printf('%04d-%02d-%02d', {_int(year)}, {_int(month)}, {_int(day)}) AS DATE)"
            return f"{exists} IS NULL AND {_int(day)} BETWEEN 1 AND 31 AND {_int(month)} BETWEEN 1 AND 12"
        case t.PresentWhereEmpty(name, other):
            return f"{c(other)} IS NULL AND ({col} IS NULL OR trim({col}) = '')"
        case t.Readable(value=value):
            return f"{col} IS NULL OR {value_sql(value)} IS NULL"
    raise TypeError(f"not a layout check: {check!r}")
