"""The SQL of the server's events index (watchfloor/web/event_index.py): one region's events with each one's
GeoJSON feature pre-serialised by the same SQL expressions as `web_queries.events_geojson_page`, and per region
and month the fingerprint (event count and sum of row hashes over every shown column) that tells the index
which months a write changed. The index itself, which lives in the server's memory, is in web/.
"""
from __future__ import annotations

from collections.abc import Collection
from datetime import date

from watchfloor.model import EVENT_COLUMNS
from watchfloor.store.connection import Store

_ROW_HASH = "hash(" + ", ".join(f'"{c}"' for c in EVENT_COLUMNS) + ")"    # every column an event shows
_PROPERTIES = "struct_pack(" + ", ".join(f'"{c}" := "{c}"' for c in EVENT_COLUMNS
                                         if c not in ("latitude", "longitude")) + ")"


def _month_bounds(months: Collection[int]) -> tuple[list[date], list[date]]:
    """The first day of each month key and the first day of the month after it."""
    firsts = [date(m // 12, m % 12 + 1, 1) for m in months]
    afters = [date(m // 12 + (m % 12 == 11), (m + 1) % 12 + 1, 1) for m in months]
    return firsts, afters


def region_event_rows(store: Store, region_id: str, months: Collection[int] | None = None,
                      through_dataset: int | None = None) -> list[tuple]:
    """A region's events (all months, or the months given; of datasets up to `through_dataset` when given) in
    the SQL path's order (date_start, id), each as (month key, days since 1970-01-01, country, JSON id,
    longitude, latitude, JSON properties, row hash). On PostgreSQL the months are ranges of the (region_id,
    date_start, id) index: a filter on the month key read every event of the region (1-6 s for a big region
    under load, for a few months)."""
    columns = (f"year(date_start) * 12 + month(date_start) - 1 AS m, date_start - DATE '1970-01-01', "
               f"country_iso3, to_json(id)::TEXT, longitude, latitude, to_json({_PROPERTIES})::TEXT, {_ROW_HASH}")
    params: list = [region_id]
    if months is not None and store.dialect == "postgres":
        firsts, afters = _month_bounds(sorted(months))
        sql = (f"SELECT {columns} FROM (SELECT unnest(?::DATE[]) AS first, unnest(?::DATE[]) AS after) k "
               "JOIN events ON region_id = ? AND date_start >= k.first AND date_start < k.after")
        params = [firsts, afters, region_id]
    else:
        sql = f"SELECT {columns} FROM events WHERE region_id = ?"
        if months is not None:
            sql += " AND year(date_start) * 12 + month(date_start) - 1 IN (SELECT unnest(?))"
            params.append(sorted(months))
    if through_dataset is not None:
        sql += " AND dataset_id <= ?"
        params.append(through_dataset)
    return store.rows(sql + " ORDER BY date_start, id", params)


def region_fingerprints(store: Store) -> dict[tuple[str, int], tuple[int, int]]:
    """Per region and month with events: (events, sum of their row hashes). A month whose fingerprint is
    unchanged after a write has the same events as before (up to a 64-bit hash collision that also keeps
    the sum)."""
    return {(r[0], r[1]): (r[2], int(r[3])) for r in store.rows(
        f"SELECT region_id, year(date_start) * 12 + month(date_start) - 1, count(*), sum({_ROW_HASH}) "
        f"FROM events WHERE region_id IS NOT NULL GROUP BY 1, 2")}


def audit_since(store: Store, after: int) -> list[tuple[int, str, str | None]]:
    """(id, action, detail of an ingest's row) of the audit rows after id `after`: what writes did since."""
    return store.rows("SELECT id, action, CASE WHEN action = 'ingest' THEN detail END FROM audit WHERE id > ? "
                      "ORDER BY id", [after])


def newest_audit_id(store: Store) -> int:
    return int(store.scalar("SELECT coalesce(max(id), 0) FROM audit"))


def ingested_region_months(store: Store, ingests: list[dict]) -> tuple[set[int], set[tuple[str, int]], int] | None:
    """(the datasets of these ingests (their audit rows' details), the (region id, month key)s their events
    fall in, the newest dataset id stored now), or None when one of them replaced stored events (their former
    region-months are not known)."""
    if any(i.get("updated") for i in ingests):
        return None
    datasets: set[int] = set()
    for ingest in ingests:
        if ingest.get("inserted"):
            datasets.update(int(r) for r, in store.rows("SELECT id FROM datasets WHERE sha256 = ? AND layout = ?",
                                                        [ingest.get("sha256"), ingest.get("layout")]))
    if not datasets:
        return datasets, set(), 0
    # the events by the dataset index (joined to `datasets` by checksum, PostgreSQL scanned all 1 M events)
    months = {(region, int(month)) for region, month in store.rows(
        "SELECT DISTINCT region_id, year(date_start) * 12 + month(date_start) - 1 FROM events "
        f"WHERE dataset_id IN ({', '.join('?' * len(datasets))}) AND region_id IS NOT NULL", sorted(datasets))}
    return datasets, months, int(store.scalar("SELECT coalesce(max(id), 0) FROM datasets"))


def new_events(store: Store, datasets: Collection[int]) -> int:
    """How many events the datasets hold (by the dataset index)."""
    if not datasets:
        return 0
    return store.scalar(f"SELECT count(*) FROM events WHERE dataset_id IN ({', '.join('?' * len(datasets))})",
                        sorted(datasets))


def placed_rows(store: Store, regions: Collection[str], months: Collection[int],
                datasets: Collection[int], through: int | None = None) -> list[tuple]:
    """The events of `datasets` in these regions and months, each with what places it in its region-month in
    the SQL path's order (date_start, id) and the region-month's number of events: (region id, month key,
    events of the same region and day with a smaller id, events in the month, then `region_event_rows`' fields
    from days on). With the days of the events the index holds, that is each new event's place
    (`event_index.placed`): the index puts an ingest's events among those it holds without reading the months
    again. No window over the months' events (ranking every event of the months an ingest touched took 3 s on
    DuckDB and 4.4 s on PostgreSQL over 1 M events): the new events (by the dataset index), their day's events
    and a count per month, both ranges of the (region_id, date_start, id) index.

    Places and counts are of the datasets up to `through` (at least the newest of `datasets`; the newest
    stored when the ingests were noted, see `event_index.Ingested`): ingests run one at a time and number new
    datasets in that order, so events of later datasets are later ingests', put in after these. (Counted with
    them, a month an ingest committed into meanwhile did not add up and was read again: under ingests a few
    seconds apart, most of the months of every put-in.)"""
    month = "year(date_start) * 12 + month(date_start) - 1"
    through = max([*datasets, through or 0])
    fresh = store.rows(
        f"SELECT region_id, {month} AS m, (SELECT count(*) FROM events o WHERE o.region_id = e.region_id "
        "AND o.date_start = e.date_start AND o.id < e.id AND o.dataset_id <= ?), "
        "date_start - DATE '1970-01-01' AS days, country_iso3, "
        f"to_json(id)::TEXT, longitude, latitude, to_json({_PROPERTIES})::TEXT, {_ROW_HASH} FROM events e "
        f"WHERE dataset_id IN ({', '.join('?' * len(datasets))}) AND region_id IN (SELECT unnest(?)) "
        "ORDER BY 1, 2, 4, 3", [through, *sorted(datasets), sorted(regions)])
    wanted = set(months)
    fresh = [r for r in fresh if r[1] in wanted]
    pairs = sorted({(r[0], r[1]) for r in fresh})
    if not pairs:
        return []
    firsts, afters = _month_bounds([m for _, m in pairs])
    if store.dialect == "postgres":     # per month, a range of the index (PostgreSQL sorted 1 M rows to group)
        sizes = store.rows(             # less the later datasets' events (by the dataset index), in one snapshot
            "SELECT k.region_id, k.m, (SELECT count(*) FROM events o WHERE o.region_id = k.region_id "
            "AND o.date_start >= k.first AND o.date_start < k.after) - coalesce(l.n, 0) "
            "FROM (SELECT unnest(?) AS region_id, unnest(?) AS m, unnest(?) AS first, unnest(?) AS after) k "
            f"LEFT JOIN (SELECT region_id, {month} AS m, count(*) AS n FROM events WHERE dataset_id > ? "
            "GROUP BY 1, 2) l ON l.region_id = k.region_id AND l.m = k.m",
            [[r for r, _ in pairs], [m for _, m in pairs], firsts, afters, through])
    else:                               # DuckDB: one grouped scan (its range joins per month took 1-2 s)
        sizes = store.rows(f"SELECT region_id, {month}, count(*) FILTER (WHERE dataset_id <= ?) FROM events "
                           f"WHERE region_id IN (SELECT unnest(?)) AND {month} IN (SELECT unnest(?)) GROUP BY 1, 2",
                           [through, sorted({r for r, _ in pairs}), sorted({m for _, m in pairs})])
    sizes = {(r, m): n for r, m, n in sizes}
    return [(r[0], r[1], r[2], sizes[(r[0], r[1])], *r[3:]) for r in fresh]


def regions_with_events(store: Store) -> list[str]:
    """The region ids events fall in: what the server loads into its events index when it starts."""
    return [r[0] for r in store.rows("SELECT DISTINCT region_id FROM events WHERE region_id IS NOT NULL ORDER BY 1")]
