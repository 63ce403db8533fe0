"""Reading events: filters shared by the CLI, the Python API and the REST API."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from watchfloor.store.connection import Store
from watchfloor.store.incidents import one_per_incident


@dataclass(frozen=True)
class EventFilter:
    country: str | None = None
    region: str | None = None        # admin-1 name or region id
    since: date | None = None
    until: date | None = None
    actor: str | None = None         # substring of actor1 or actor2, case-insensitive
    type: str | None = None          # violence type, ACLED event type or sub-type
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.country:
            clauses.append("country_iso3 = ?")
            params.append(self.country.upper())
        if self.region:
            clauses.append("(lower(admin1) = lower(?) OR region_id = ?)")
            params += [self.region, self.region]
        if self.since:
            clauses.append("date_start >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("date_start <= ?")
            params.append(self.until)
        if self.actor:
            clauses.append("(actor1 ILIKE ? OR actor2 ILIKE ?)")
            pattern = "%" + self.actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
        if self.type:
            clauses.append("(violence_type = ? OR event_type = ? OR sub_event_type = ?)")
            params += [self.type] * 3
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def events_frame(store: Store, flt: EventFilter = EventFilter()) -> pd.DataFrame:
    where, params = flt.where()
    sql = f"SELECT * FROM events {where} ORDER BY date_start, id"
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(flt.limit), int(flt.offset)]
    return store.frame(sql, params)


def count_events(store: Store, flt: EventFilter = EventFilter()) -> int:
    where, params = flt.where()
    return store.scalar(f"SELECT count(*) FROM events {where}", params)


def summary_frame(store: Store, country: str | None = None, sources: list[str] | None = None,
                  prefer: list[str] | None = None) -> pd.DataFrame:
    """Events and fatalities per country, admin-1 region and year (and per source, when `sources` are named:
    two sources recording the same war are shown side by side, never added up).

    Without `sources` every stored source is counted together, so records linked into one incident
    (watchfloor/incidents) count once: as the record of the first source in `prefer` (default: by name),
    with that record's region, year and fatalities (figures are never added across sources)."""
    where, params = EventFilter(country=country).where()
    if sources is not None:
        where = (where + " AND " if where else "WHERE ") + f"layout IN ({', '.join('?' for _ in sources) or 'NULL'})"
        params += list(sources)
        return store.frame(
            f"SELECT country_iso3 AS country, layout AS source, coalesce(admin1, '(unassigned)') AS region, "
            f"year(date_start) AS year, count(*) AS events, sum(fatalities) AS fatalities FROM events {where} "
            f"GROUP BY ALL ORDER BY country, source, region, year", params)
    incidents, params = one_per_incident(where, params, prefer)
    return store.frame(
        "SELECT country_iso3 AS country, coalesce(admin1, '(unassigned)') AS region, year(date_start) AS year, "
        f"count(*) AS events, sum(fatalities) AS fatalities FROM ({incidents}) e GROUP BY ALL "
        "ORDER BY country, region, year", params)


def last_complete_month(store: Store, country: str | None = None) -> date | None:
    """'Now' for the data: the last calendar month whose end the stored events reach (or the last month seen)."""
    where, params = EventFilter(country=country).where()
    last = store.scalar(f"SELECT max(date_start) FROM events {where}", params)
    if last is None:
        return None
    nxt = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    month_end = nxt - timedelta(days=1)
    if last >= month_end - timedelta(days=3):
        return date(last.year, last.month, 1)
    prev = date(last.year, last.month, 1) - timedelta(days=1)
    return date(prev.year, prev.month, 1)
