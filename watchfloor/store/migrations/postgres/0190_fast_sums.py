"""wf_sum (the translation of DuckDB's sum: integers add up exactly and come back as numeric, as DuckDB's HUGEINT
does) on PostgreSQL's own C step functions instead of the SQL ones of 0000: a SQL step function costs a call per
row (5.4 s against 0.4 s for the built-in sum over 1 M events). Same results, NULL when there is no value. Sent
as it is (not through the dialect translation, which would rewrite `sum(`)."""

FAST_SUMS = """
CREATE OR REPLACE FUNCTION wf_numeric(v bigint) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT v::numeric $$;
DROP AGGREGATE IF EXISTS wf_sum(integer);
CREATE AGGREGATE wf_sum(integer) (SFUNC = int4_sum, STYPE = bigint, FINALFUNC = wf_numeric, PARALLEL = SAFE);
DROP AGGREGATE IF EXISTS wf_sum(bigint);
CREATE AGGREGATE wf_sum(bigint) (SFUNC = int8_avg_accum, STYPE = internal, FINALFUNC = numeric_poly_sum,
    COMBINEFUNC = int8_avg_combine, SERIALFUNC = int8_avg_serialize, DESERIALFUNC = int8_avg_deserialize,
    PARALLEL = SAFE);
DROP AGGREGATE IF EXISTS wf_sum(double precision);
CREATE AGGREGATE wf_sum(double precision) (SFUNC = float8pl, STYPE = double precision, PARALLEL = SAFE);
"""


def upgrade(store) -> None:
    store.con.raw.execute(FAST_SUMS)
