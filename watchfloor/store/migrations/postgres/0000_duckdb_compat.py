"""PostgreSQL only: server-side functions with DuckDB's names and meaning, so that the store's SQL (written in
DuckDB's dialect) runs unchanged where only the function differs. TRY_CAST(x AS T) is rewritten to
try_cast_t(x) by watchfloor/store/postgres/sql.py; the rest keep their DuckDB names."""

COMPAT = r"""
-- Plain SQL (inlined into the query, no exception block: an exception block is a subtransaction per call).
CREATE OR REPLACE FUNCTION try_cast_double(v text) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
    -- at most 200 characters and a 2-digit exponent: never out of range (DuckDB takes larger exponents too)
    SELECT CASE WHEN length(v) <= 200 AND v ~ '^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d\d?)?\s*$'
                  OR v ~* '^\s*[-+]?(inf|infinity|nan)\s*$'
                THEN v::double precision END $$;
CREATE OR REPLACE FUNCTION try_cast_double(v double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS $$ SELECT v $$;
CREATE OR REPLACE FUNCTION try_cast_double(v numeric) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS $$ SELECT v::double precision $$;
CREATE OR REPLACE FUNCTION try_cast_double(v bigint) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS $$ SELECT v::double precision $$;

CREATE OR REPLACE FUNCTION try_cast_bigint(v double precision) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v >= -9.2e18 AND v <= 9.2e18 THEN v::bigint END $$;
CREATE OR REPLACE FUNCTION try_cast_bigint(v bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT v $$;
CREATE OR REPLACE FUNCTION try_cast_bigint(v text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT try_cast_bigint(try_cast_double(v)) $$;
CREATE OR REPLACE FUNCTION try_cast_integer(v double precision) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v >= -2147483648 AND v <= 2147483647 THEN v::integer END $$;
CREATE OR REPLACE FUNCTION try_cast_integer(v bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v >= -2147483648 AND v <= 2147483647 THEN v::integer END $$;
CREATE OR REPLACE FUNCTION try_cast_integer(v text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT try_cast_integer(try_cast_double(v)) $$;

CREATE OR REPLACE FUNCTION wf_ymd(y integer, m integer, d integer) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN y BETWEEN 1 AND 9999 AND m BETWEEN 1 AND 12 AND d >= 1
                 AND d <= extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day')
                THEN make_date(y, m, d) END $$;
CREATE OR REPLACE FUNCTION try_cast_date(v text) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v ~ '^\s*\d{4}-\d{1,2}-\d{1,2}\s*$'
                THEN wf_ymd(split_part(trim(v), '-', 1)::integer, split_part(trim(v), '-', 2)::integer,
                            split_part(trim(v), '-', 3)::integer) END $$;
CREATE OR REPLACE FUNCTION try_cast_date(v date) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT v $$;
CREATE OR REPLACE FUNCTION try_cast_date(v timestamp) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT v::date $$;
CREATE OR REPLACE FUNCTION try_cast_timestamp(v text) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$' THEN RETURN NULL; END IF;
    RETURN v::timestamp;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION try_cast_boolean(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN v::boolean;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

-- strftime/strptime formats (C's %-codes) as to_char/to_timestamp patterns.
CREATE OR REPLACE FUNCTION wf_pg_format(fmt text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        fmt, '%Y', 'YYYY'), '%m', 'MM'), '%d', 'DD'), '%H', 'HH24'), '%M', 'MI'), '%S', 'SS'),
        '%B', 'FMMonth'), '%b', 'Mon'), '%y', 'YY'), '%j', 'DDD'), '%%', '%') $$;
CREATE OR REPLACE FUNCTION strftime(v timestamp, fmt text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(v, wf_pg_format(fmt)) $$;
CREATE OR REPLACE FUNCTION strftime(v date, fmt text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(v::timestamp, wf_pg_format(fmt)) $$;
CREATE OR REPLACE FUNCTION strptime(v text, fmt text) RETURNS timestamp LANGUAGE sql IMMUTABLE AS $$
    SELECT to_timestamp(v, 'FX' || replace(wf_pg_format(fmt), 'FMMonth', 'Month'))::timestamp $$;
CREATE OR REPLACE FUNCTION try_strptime(v text, fmt text) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    pattern text := wf_pg_format(fmt);
    parsed timestamp;
BEGIN
    IF v IS NULL THEN RETURN NULL; END IF;
    parsed := to_timestamp(v, pattern)::timestamp;
    -- to_timestamp is lenient; DuckDB's strptime is not: the value must print back as it was written.
    -- (numbers compared without their leading zeros: %d takes '5' and '05')
    IF lower(regexp_replace(to_char(parsed, pattern), '(^|[^0-9])0+([0-9])', '\1\2', 'g'))
       <> lower(regexp_replace(trim(v), '(^|[^0-9])0+([0-9])', '\1\2', 'g')) THEN
        RETURN NULL;
    END IF;
    RETURN parsed;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

-- printf with %d / %0Nd conversions only (what the store's SQL uses), NULL when an argument is.
CREATE OR REPLACE FUNCTION printf(fmt text, VARIADIC args bigint[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    done text := '';
    rest text := fmt;
    part text[];
    i integer := 1;
BEGIN
    IF array_position(args, NULL) IS NOT NULL THEN RETURN NULL; END IF;
    LOOP
        part := regexp_match(rest, '^(.*?)%(0?)(\d*)d(.*)$');
        EXIT WHEN part IS NULL;
        done := done || part[1] || CASE WHEN part[3] = '' THEN args[i]::text
                                        ELSE lpad(args[i]::text, part[3]::integer, CASE part[2] WHEN '0' THEN '0' ELSE ' ' END) END;
        i := i + 1;
        rest := part[4];
    END LOOP;
    RETURN done || rest;
END $$;

CREATE OR REPLACE FUNCTION year(v date) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT extract(year FROM v)::bigint $$;
CREATE OR REPLACE FUNCTION year(v timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT extract(year FROM v)::bigint $$;
CREATE OR REPLACE FUNCTION month(v date) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT extract(month FROM v)::bigint $$;
CREATE OR REPLACE FUNCTION month(v timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT extract(month FROM v)::bigint $$;
CREATE OR REPLACE FUNCTION day(v date) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT extract(day FROM v)::bigint $$;
CREATE OR REPLACE FUNCTION day(v timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT extract(day FROM v)::bigint $$;
CREATE OR REPLACE FUNCTION epoch(v timestamp) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM v)::double precision $$;
CREATE OR REPLACE FUNCTION epoch(v date) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM v)::double precision $$;
CREATE OR REPLACE FUNCTION make_date(y bigint, m bigint, d bigint) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT make_date(y::integer, m::integer, d::integer) $$;
CREATE OR REPLACE FUNCTION date_trunc(part text, v date) RETURNS timestamp LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc(part, v::timestamp) $$;
CREATE OR REPLACE FUNCTION contains(v text, part text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT strpos(v, part) > 0 $$;
CREATE OR REPLACE FUNCTION today() RETURNS date LANGUAGE sql STABLE AS $$ SELECT current_date $$;

-- sum and avg as DuckDB types them (the translation calls these): integers sum to a wide number, averages are DOUBLE.
CREATE OR REPLACE FUNCTION wf_sum_int_step(state numeric, v bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN state ELSE coalesce(state, 0) + v END $$;
CREATE OR REPLACE FUNCTION wf_sum_int_step(state numeric, v integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN state ELSE coalesce(state, 0) + v END $$;
CREATE OR REPLACE FUNCTION wf_sum_dbl_step(state double precision, v double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL THEN state ELSE coalesce(state, 0) + v END $$;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'wf_sum') THEN
        CREATE AGGREGATE wf_sum(bigint) (SFUNC = wf_sum_int_step, STYPE = numeric);
        CREATE AGGREGATE wf_sum(integer) (SFUNC = wf_sum_int_step, STYPE = numeric);
        CREATE AGGREGATE wf_sum(double precision) (SFUNC = wf_sum_dbl_step, STYPE = double precision);
        CREATE AGGREGATE wf_sum(numeric) (SFUNC = numeric_add, STYPE = numeric);
        CREATE AGGREGATE wf_avg(double precision) (SFUNC = float8_accum, STYPE = double precision[],
                                                   FINALFUNC = float8_avg, INITCOND = '{0,0,0}');
    END IF;
END $$;
CREATE OR REPLACE FUNCTION round(v double precision, digits integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS $$ SELECT round(v::numeric, digits)::double precision $$;
CREATE OR REPLACE FUNCTION list_position(list anyarray, v anyelement) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT array_position(list, v) $$;

-- A value as DuckDB's CAST(x AS VARCHAR) writes it (row hashes must be the same on both backends):
-- a whole double keeps its '.0'.
CREATE OR REPLACE FUNCTION wf_duckdb_text(v double precision) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v = trunc(v) AND abs(v) < 1e15 THEN trunc(v)::bigint::text || '.0' ELSE v::text END $$;
CREATE OR REPLACE FUNCTION wf_duckdb_text(v bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT v::text $$;
CREATE OR REPLACE FUNCTION wf_duckdb_text(v integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT v::text $$;
CREATE OR REPLACE FUNCTION wf_duckdb_text(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT v $$;
CREATE OR REPLACE FUNCTION wf_duckdb_text(v date) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT v::text $$;
CREATE OR REPLACE FUNCTION wf_duckdb_text(v timestamp) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT v::text $$;
CREATE OR REPLACE FUNCTION wf_duckdb_text(v boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT v::text $$;

CREATE OR REPLACE FUNCTION wf_any_value_step(state anyelement, v anyelement) RETURNS anyelement
    LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(state, v) $$;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'any_value') THEN
        CREATE AGGREGATE any_value(anyelement) (SFUNC = wf_any_value_step, STYPE = anyelement);
    END IF;
END $$;
"""


def upgrade(store):
    store.con.raw.execute(COMPAT)
