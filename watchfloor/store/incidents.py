"""Incidents in the store: the records to link, the links (automatic and an analyst's), the members.

Records are the events of every source ('<layout>:<source_id>') and the events read from reports (their
fact ids, placed by the fact's place). Re-linking a country replaces its automatic links and keeps the
analyst's decisions: a 'split' pair is never linked again, a 'merge' pair always is.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Iterator

import numpy as np
import pandas as pd

from watchfloor.store.connection import Store

EPOCH = date(1970, 1, 1)


def records(store: Store, country: str | None = None, since: date | None = None,
            until: date | None = None) -> pd.DataFrame:
    """rid, source, day, lat, lon, violence, actor1, actor2, fatalities, country — events and report events
    (of `country`, all when None; dated within [since, until] when given)."""
    clauses, params = [], []
    if country:
        clauses.append("country_iso3 = ?")
        params.append(country)
    if since is not None:
        clauses.append("date_start >= ?")
        params.append(since)
    if until is not None:
        clauses.append("date_start <= ?")
        params.append(until)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    events = store.frame(f"{_EVENT_RECORDS} {where}", params)
    return _finished(events, _report_records(store, country, since, until))


# An event as a record to link (the columns of `records`, with date_start for `day`).
_EVENT_RECORDS = ("SELECT e.id AS rid, e.layout AS source, e.date_start, e.latitude AS lat, e.longitude AS lon, "
                  "e.violence_type AS violence, e.actor1, e.actor2, CAST(e.fatalities AS DOUBLE) AS fatalities, "
                  "e.country_iso3 AS country, e.layout AS source_key FROM events e")
_RECORD_COLUMNS = ["rid", "source", "date_start", "lat", "lon", "violence", "actor1", "actor2", "fatalities",
                   "country", "source_key"]


def _finished(events: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """Events and report records as one frame of `records`' columns."""
    frame = pd.concat([events, pd.DataFrame(rows, columns=events.columns)], ignore_index=True) if rows else events
    frame["day"] = (pd.to_datetime(frame["date_start"]) - pd.Timestamp(EPOCH)).dt.days.astype("int64")
    frame["violence"] = frame["violence"].astype(object).where(frame["violence"].notna(), None)
    return frame.drop(columns=["date_start"])


def _report_records(store: Store, country: str | None, since: date | None, until: date | None,
                    ids: list[str] | None = None) -> list[dict]:
    """Read reports' standing events that have a place, dated by their own date, else the report's (only the
    facts `ids` when given)."""
    if ids is not None and not ids:
        return []
    with _id_table(store, ids or []) if ids is not None else _no_table():
        facts = store.frame(
            "SELECT f.id AS rid, coalesce(f.edited_value, f.value) AS value, p.latitude AS lat, "
            "p.longitude AS lon, p.country AS country, r.published FROM facts f JOIN reports r ON r.id = f.report_id "
            "JOIN places p ON p.id = f.place_id "
            + ("JOIN wf_ids w ON w.id = f.id " if ids is not None else "")
            + "WHERE f.kind = 'event' AND f.status <> 'rejected'"
            + (" AND p.country = ?" if country else ""), [country] if country else [])
    rows = []
    for fact in facts.itertuples(index=False):
        value = json.loads(fact.value)
        day = _day(value.get("date")) or (pd.Timestamp(fact.published).date() if pd.notna(fact.published) else None)
        if day is None or (since is not None and day < since) or (until is not None and day > until):
            continue
        fatalities = value.get("fatalities")
        rows.append({"rid": fact.rid, "source": "report", "date_start": day, "lat": fact.lat, "lon": fact.lon,
                     "violence": None, "actor1": value.get("actor1"), "actor2": value.get("actor2"),
                     "fatalities": float(fatalities) if isinstance(fatalities, (int, float)) else float("nan"),
                     "country": fact.country, "source_key": "report:" + fact.rid.split(":")[0]})
    return rows


def report_event_values(store: Store, report_id: str | None = None) -> list[tuple[str, str]]:
    """(report id, the event's JSON value as read) of the standing event facts of every read report (or one)."""
    return store.rows("SELECT f.report_id, f.value FROM facts f JOIN reports r ON r.id = f.report_id "
                      "WHERE f.kind = 'event' AND f.status <> 'rejected'"
                      + (" AND f.report_id = ?" if report_id else ""), [report_id] if report_id else [])


def _day(value) -> date | None:
    """A report event's date: 'YYYY-MM-DD', or the first day of a range ('start/end'); months and years
    are too coarse to link by."""
    if not isinstance(value, str):
        return None
    first = value.split("/")[0]
    if len(first) != 10:
        return None
    try:
        return date.fromisoformat(first)
    except ValueError:
        return None


def naming(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """(folded alias → actor id, folded country name or demonym → ISO3) from the store's reference data.
    State forces and governments map to 'state:<ISO3>' so that an army and its government are one side.
    Built once for the actors, aliases and country names as they are (every ingest and read report links)."""
    from watchfloor.store.reference import built_for
    return built_for(store, "naming",
                     "SELECT (SELECT count(*) FROM actors), (SELECT sum(hash(id, name, kind, country)) FROM actors), "
                     "(SELECT count(*) FROM actor_aliases), (SELECT sum(hash(actor_id, alias)) FROM actor_aliases), "
                     "(SELECT count(*) FROM country_names), (SELECT sum(hash(iso3, name)) FROM country_names)",
                     lambda: _naming(store))


def _naming(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    from watchfloor.incidents.link import fold
    aliases: dict[str, str] = {}
    kinds = {aid: (kind or "", country) for aid, kind, country in store.rows("SELECT id, kind, country FROM actors")}

    def key(actor_id: str) -> str:
        kind, country = kinds.get(actor_id, ("", None))
        if country and any(w in kind for w in ("state", "government", "police", "military")) \
                and "foreign" not in kind:
            return f"state:{country}"
        return actor_id
    for actor_id, name in store.rows("SELECT id, name FROM actors"):
        aliases.setdefault(fold(name), key(actor_id))
    for actor_id, alias in store.rows("SELECT actor_id, alias FROM actor_aliases"):
        aliases.setdefault(fold(alias), key(actor_id))
    countries: dict[str, str] = {}
    for iso3, name in store.rows("SELECT iso3, name FROM country_names"):
        countries.setdefault(fold(name), iso3)
    return aliases, countries


def decisions(store: Store) -> pd.DataFrame:
    return store.frame("SELECT record_a, record_b, decision FROM incident_links WHERE decision <> 'auto'")


def replace_links(store: Store, links: pd.DataFrame, members: pd.DataFrame, country: str | None,
                  by: str) -> dict:
    """Store a fresh linking of `country` (all countries when None): automatic links and members replaced,
    the analyst's decisions kept. One transaction."""
    with store.transaction():
        if country:
            ids = members["rid"].tolist()
            store.execute("DELETE FROM incident_members WHERE country = ? OR record_id IN "
                          "(SELECT unnest(?::TEXT[]))", [country, ids])
            store.execute("DELETE FROM incident_links WHERE decision = 'auto' AND (record_a IN "
                          "(SELECT unnest(?::TEXT[])) OR record_b IN (SELECT unnest(?::TEXT[])))", [ids, ids])
        else:
            store.execute("DELETE FROM incident_members")
            store.execute("DELETE FROM incident_links WHERE decision = 'auto'")
        detail = {"country": country, **_insert(store, links, members, by)}
        store.audit("incidents.link", country, detail, actor=by)
    return detail


def replace_records(store: Store, ids: list[str], links: pd.DataFrame, members: pd.DataFrame, by: str,
                    reason: str) -> dict:
    """Store a fresh linking of the records `ids` alone (the incremental linking after an ingest or a read
    report): their members and automatic links replaced, the analyst's decisions kept; audited with `reason`.
    Joins the caller's transaction (an ingest: its rows and their links, or neither)."""
    with store.transaction(), _id_table(store, ids):
        store.execute("DELETE FROM incident_members WHERE record_id IN (SELECT id FROM wf_ids)")
        store.execute("DELETE FROM incident_links WHERE decision = 'auto' AND (record_a IN (SELECT id FROM wf_ids) "
                      "OR record_b IN (SELECT id FROM wf_ids))")
        detail = {"reason": reason, **_insert(store, links, members, by)}
        if ids:
            store.audit("incidents.link", reason, detail, actor=by)
    return detail


def _insert(store: Store, links: pd.DataFrame, members: pd.DataFrame, by: str) -> dict:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    auto = links[links["rule"] != "manual"]
    if len(auto):
        rows = auto.assign(decision="auto", decided_by=by, decided_at=now, note=None)[
            ["rid_a", "rid_b", "score", "rule", "decision", "decided_by", "decided_at", "note"]]
        store.con.register("wf_links", rows)
        try:
            store.execute("INSERT INTO incident_links SELECT * FROM wf_links ON CONFLICT DO NOTHING")
        finally:
            store.con.unregister("wf_links")
    if len(members):
        store.con.register("wf_members", members[["rid", "incident", "source", "country", "n_sources"]])
        try:
            store.execute("INSERT INTO incident_members SELECT * FROM wf_members")
        finally:
            store.con.unregister("wf_members")
    return {"records": int(len(members)), "links": int(len(auto)),
            "incidents": int(members["incident"].nunique()) if len(members) else 0}


# -- what the incremental linking starts from --------------------------------------------------------------
@contextmanager
def _id_table(store: Store, ids) -> Iterator[None]:
    """Record ids as a table wf_ids(id) for the statements inside (an ingest may name a million of them)."""
    store.con.register("wf_ids", pd.DataFrame({"id": pd.Series(list(ids), dtype=object)}))
    try:
        yield
    finally:
        store.con.unregister("wf_ids")


@contextmanager
def _no_table() -> Iterator[None]:
    yield


def records_of(store: Store, ids) -> pd.DataFrame:
    """The records `ids` as `records` gives them (events; report events that stand, have a place and a date);
    the other ids are left out."""
    ids = sorted(set(ids))
    with _id_table(store, ids):
        events = store.frame(f"{_EVENT_RECORDS} JOIN wf_ids w ON w.id = e.id")
    found = set(events["rid"].tolist())
    facts = [r for r in ids if r not in found]
    return _finished(events, _report_records(store, None, None, None, ids=facts))


def event_layouts(store: Store) -> list[str]:
    """The layouts (sources) the stored events come from, each found by one index probe on PostgreSQL
    (events_layout_date) instead of a scan of every event."""
    return [r for r, in store.rows(
        "WITH RECURSIVE l(layout) AS (SELECT min(layout) FROM events UNION ALL "
        "SELECT (SELECT min(e.layout) FROM events e WHERE e.layout > l.layout) FROM l WHERE l.layout IS NOT NULL) "
        "SELECT layout FROM l WHERE layout IS NOT NULL")]


KM_PER_DEGREE = 110.0     # less than a degree of latitude (111.2 km at the linking's Earth radius): boxes err wide


def _boxes(around: pd.DataFrame, max_days: int, max_km: float) -> pd.DataFrame:
    """Per record of `around` (with coordinates), a box holding every point within max_km of it and every day
    within max_days: d0, d1 (days since 1970-01-01), lat0, lat1, lon0, lon1 (longitude unbounded near the poles
    and the antimeridian)."""
    placed = around[np.isfinite(around["lat"].to_numpy(float)) & np.isfinite(around["lon"].to_numpy(float))]
    lat, lon = placed["lat"].to_numpy(float), placed["lon"].to_numpy(float)
    day = placed["day"].to_numpy(np.int64)
    dlat = max_km / KM_PER_DEGREE
    # a point max_km away differs in longitude by at most max_km / (km per degree at the higher latitude)
    cos = np.cos(np.radians(np.minimum(np.abs(lat) + dlat, 90.0)))
    with np.errstate(divide="ignore"):
        dlon = np.where(cos > 0.02, max_km / (KM_PER_DEGREE * np.maximum(cos, 1e-9)), 360.0)
    wide = (dlon >= 180) | (lon - dlon < -180) | (lon + dlon > 180)
    return pd.DataFrame({
        "d0": (day - max_days).astype(np.int32), "d1": (day + max_days).astype(np.int32),    # since 1970-01-01
        "lat0": lat - dlat, "lat1": lat + dlat,
        "lon0": np.where(wide, -180.0, lon - dlon), "lon1": np.where(wide, 180.0, lon + dlon),
        "source": placed["source"].to_numpy(object)})


def records_near(store: Store, around: pd.DataFrame, max_days: int, max_km: float,
                 layouts: list[str] | None = None) -> pd.DataFrame:
    """Every record that can be a linking candidate of a record of `around` (a frame of `records`' columns): the
    events of another source and the report records within max_days and (at most) max_km of one of them — and
    possibly a few more (boxes, not distances). `layouts`: the events' sources (`event_layouts`), when known."""
    boxes = _boxes(around, max_days, max_km)
    if boxes.empty:
        return _finished(pd.DataFrame(columns=_RECORD_COLUMNS), [])
    parts = []
    for layout in (event_layouts(store) if layouts is None else layouts):
        mine = boxes[boxes["source"] != layout].drop(columns=["source"]).drop_duplicates()
        if mine.empty:
            continue
        store.con.register("wf_boxes", mine)
        try:
            # driven by the boxes: each one a range of the layout's days (PostgreSQL: events_layout_date); an
            # event in several boxes comes once
            found = store.frame(
                f"{_EVENT_RECORDS} JOIN wf_boxes b ON e.layout = ? AND e.date_start BETWEEN DATE '1970-01-01' + b.d0 "
                "AND DATE '1970-01-01' + b.d1 AND e.latitude BETWEEN b.lat0 AND b.lat1 "
                "AND e.longitude BETWEEN b.lon0 AND b.lon1", [layout])
        finally:
            store.con.unregister("wf_boxes")
        parts.append(found.drop_duplicates(subset=["rid"]).reset_index(drop=True))
    # report records: the places of the standing report events first (few columns, no JSON), then the records
    # of those in a box
    places = store.frame("SELECT f.id AS rid, p.latitude AS lat, p.longitude AS lon FROM facts f "
                         "JOIN places p ON p.id = f.place_id WHERE f.kind = 'event' AND f.status <> 'rejected'")
    hits = _in_boxes(places, boxes)
    lo, hi = (EPOCH + timedelta(days=int(d)) for d in (boxes["d0"].min(), boxes["d1"].max()))
    reports = _report_records(store, None, lo, hi, ids=sorted(hits))
    events = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_RECORD_COLUMNS)
    return _finished(events, reports)


def _in_boxes(points: pd.DataFrame, boxes: pd.DataFrame) -> set[str]:
    """The rids of `points` (rid, lat, lon) inside at least one of `boxes` (space only): by latitude order, from
    whichever side is smaller (a few report places against an ingest's thousand boxes, or the reverse)."""
    lat, lon = points["lat"].to_numpy(float), points["lon"].to_numpy(float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    rid, lat, lon = points["rid"].to_numpy(object)[ok], lat[ok], lon[ok]
    b = boxes[["lat0", "lat1", "lon0", "lon1"]].drop_duplicates().to_numpy(float)
    if not len(rid) or not len(b):
        return set()
    order = np.argsort(lat, kind="stable")
    rid, lat, lon = rid[order], lat[order], lon[order]
    hit = np.zeros(len(rid), dtype=bool)
    if len(b) <= len(rid):
        for (lat0, lat1, lon0, lon1), i, j in zip(b, np.searchsorted(lat, b[:, 0], side="left"),
                                                 np.searchsorted(lat, b[:, 1], side="right")):
            if i < j:
                hit[i:j] |= (lon[i:j] >= lon0) & (lon[i:j] <= lon1)
        return set(rid[hit].tolist())
    b = b[np.argsort(b[:, 0], kind="stable")]
    width = float((b[:, 1] - b[:, 0]).max())
    for k, (y, x) in enumerate(zip(lat, lon)):
        i, j = np.searchsorted(b[:, 0], y - width, side="left"), np.searchsorted(b[:, 0], y, side="right")
        near = b[i:j]
        hit[k] = bool(((near[:, 1] >= y) & (near[:, 2] <= x) & (near[:, 3] >= x)).any())
    return set(rid[hit].tolist())


def link_alone(store: Store, ids: list[str], by: str, reason: str, dated: set[str] | None = None) -> dict:
    """Store the records `ids` as incidents of their own (no record of another source near them in time): the
    events, and the standing placed report events among them that can be dated (`dated`: the ids that can; all
    when None) — as linking them with the rest of the store would, so that they are not taken for unlinked
    records again at the next scan."""
    facts = sorted(set(ids) if dated is None else set(ids) & set(dated))
    with store.transaction(), _id_table(store, ids):
        store.execute("DELETE FROM incident_members WHERE record_id IN (SELECT id FROM wf_ids)")
        store.execute("DELETE FROM incident_links WHERE decision = 'auto' AND (record_a IN (SELECT id FROM wf_ids) "
                      "OR record_b IN (SELECT id FROM wf_ids))")
        n = store.scalar("SELECT count(*) FROM events e JOIN wf_ids w ON w.id = e.id")
        store.execute("INSERT INTO incident_members SELECT e.id, e.id, e.layout, e.country_iso3, 1 FROM events e "
                      "JOIN wf_ids w ON w.id = e.id")
    with store.transaction(), _id_table(store, facts):
        m = store.scalar("SELECT count(*) FROM facts f JOIN places p ON p.id = f.place_id JOIN wf_ids w ON w.id = f.id "
                         "WHERE f.kind = 'event' AND f.status <> 'rejected'")
        store.execute("INSERT INTO incident_members SELECT f.id, f.id, 'report', p.country, 1 FROM facts f "
                      "JOIN places p ON p.id = f.place_id JOIN wf_ids w ON w.id = f.id "
                      "WHERE f.kind = 'event' AND f.status <> 'rejected'")
        detail = {"reason": reason, "records": int(n + m), "links": 0, "incidents": int(n + m)}
        if n + m:
            store.audit("incidents.link", reason, detail, actor=by)
    return detail


_UNLINKED = ("SELECT e.id FROM events e WHERE NOT EXISTS (SELECT 1 FROM incident_members m WHERE m.record_id = e.id) "
             "UNION ALL SELECT f.id FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'event' "
             "AND f.status <> 'rejected' AND NOT EXISTS (SELECT 1 FROM incident_members m WHERE m.record_id = f.id) "
             "ORDER BY 1")


def unlinked(store: Store) -> list[str]:
    """Records stored since they were last linked: events and standing report events (placed) with no member
    row. A report event whose date is too coarse to link by stays here, and is skipped by the linking.

    Every ingest asks this. On PostgreSQL it runs in one process, as a merge of the two id indexes: the planner's
    parallel hash anti join over 1 M events and their member rows took three processes, about 1.4 s of CPU on an
    idle machine against 0.3 s, on every 1,000-row ingest (in the API load bench, most of the database's CPU)."""
    if store.dialect != "postgres":
        return [r for r, in store.rows(_UNLINKED)]
    with store.transaction():       # one connection for the setting and the query; the setting ends with it
        store.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        found = [r for r, in store.rows(_UNLINKED)]
        store.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
    return found


def dataset_records(store: Store, dataset_id: int) -> list[str]:
    """The events a dataset's ingest inserted or changed (rows it left unchanged keep their earlier dataset)."""
    return [r for r, in store.rows("SELECT id FROM events WHERE dataset_id = ? ORDER BY id", [dataset_id])]


def incident_mates(store: Store, ids: list[str]) -> set[str]:
    """Every record of the incidents the records `ids` belong to as stored now (themselves included)."""
    if not ids:
        return set()
    with _id_table(store, ids):
        return {r for r, in store.rows(
            "SELECT m.record_id FROM incident_members m WHERE m.incident_id IN (SELECT incident_id FROM "
            "incident_members WHERE record_id IN (SELECT id FROM wf_ids)) AND m.n_sources > 1")} | set(ids)


def record_days(store: Store, ids: list[str]) -> dict[str, date]:
    """The date linking uses for each record (events: date_start; report events: their date, else the
    report's); records that are gone or cannot be dated are left out."""
    if not ids:
        return {}
    with _id_table(store, ids):
        found = dict(store.rows("SELECT e.id, e.date_start FROM events e JOIN wf_ids w ON w.id = e.id"))
        facts = store.rows("SELECT f.id, coalesce(f.edited_value, f.value), r.published FROM facts f JOIN reports r "
                           "ON r.id = f.report_id JOIN wf_ids w ON w.id = f.id WHERE f.kind = 'event'")
    for rid, value, published in facts:
        try:
            day = _day(json.loads(value).get("date")) if value else None
        except (TypeError, ValueError, AttributeError):
            day = None
        day = day or (pd.Timestamp(published).date() if published is not None else None)
        if day is not None:
            found[rid] = day
    return found


# -- counting incidents, not records ---------------------------------------------------------------------
def incident_members_of(store: Store, ids: list[str]) -> pd.DataFrame:
    """record_id, incident_id, member_id, member_source, member_report: for each of the records `ids`, every
    record of its incident (a report event an analyst rejected since is left out; a record never linked is an
    incident of its own, with itself as its only member and no source named)."""
    ids = list(dict.fromkeys(ids))
    columns = ["record_id", "incident_id", "member_id", "member_source", "member_report"]
    if not ids:
        return pd.DataFrame(columns=columns)
    found = store.frame(
        "WITH mine AS (SELECT record_id, incident_id FROM incident_members "
        "WHERE record_id IN (SELECT unnest(?::TEXT[]))) "
        "SELECT mine.record_id, mine.incident_id, m.record_id AS member_id, m.source AS member_source, "
        "f.report_id AS member_report FROM mine JOIN incident_members m ON m.incident_id = mine.incident_id "
        "LEFT JOIN facts f ON f.id = m.record_id WHERE f.id IS NULL OR f.status <> 'rejected' ORDER BY 1, 3", [ids])
    alone = [r for r in ids if r not in set(found["record_id"])]
    if alone:
        found = pd.concat([found, pd.DataFrame({"record_id": alone, "incident_id": alone, "member_id": alone,
                                                "member_source": [None] * len(alone),
                                                "member_report": [None] * len(alone)})], ignore_index=True)
    return found[columns]


def one_per_incident(where: str = "", params: list | None = None, prefer: list[str] | None = None
                     ) -> tuple[str, list]:
    """(SQL, parameters) of a subquery: the events matching `where` (a WHERE clause on the events' columns),
    one row per incident — the record of the first source in `prefer` (then by source name, then id), with
    its own date, region and fatalities (figures are never added across sources: each source counts by its
    own rules, and the preferred one's keeps a count comparable with months only it recorded) — and
    `incident_id`, `incident_records`. Records never linked are incidents of their own. Use it in place of
    `events` wherever several sources are counted together: `SELECT count(*) FROM ({sql}) e`."""
    # A record alone in its incident (never linked, or a member with n_sources = 1: the members of an incident
    # are written together, n_sources their number, and a lone record is its own incident id) is its own row;
    # only linked records are joined and ranked. Over a million events, joining every event to its membership
    # and ranking them all in one window took PostgreSQL 12 s a query.
    condition = where.strip()
    if condition[:5].upper() == "WHERE":
        condition = condition[5:]
    also = f" AND ({condition})" if condition.strip() else ""
    sql = ("SELECT * EXCLUDE (wf_rank) FROM ("
           "SELECT e.*, e.id AS incident_id, CAST(1 AS BIGINT) AS incident_records, CAST(1 AS BIGINT) AS wf_rank "
           "FROM events e WHERE NOT EXISTS (SELECT 1 FROM incident_members m WHERE m.record_id = e.id "
           f"AND m.n_sources > 1){also} "
           f"UNION ALL {_linked_ranked(also)})")
    params = list(params or [])
    return sql, params + [list(prefer or [])] + params


def _linked_ranked(also: str) -> str:
    """The linked records' part of `one_per_incident`: each incident of several sources' preferred record
    among its records matching `also` (parameters: the preference, then those of `also`)."""
    return ("SELECT * FROM (SELECT e.*, m.incident_id AS incident_id, "
            "count(*) OVER (PARTITION BY m.incident_id) AS incident_records, "
            "row_number() OVER (PARTITION BY m.incident_id ORDER BY "
            "coalesce(list_position(?::TEXT[], e.layout), 1000000), e.layout, e.id) AS wf_rank "
            f"FROM events e JOIN incident_members m ON m.record_id = e.id WHERE m.n_sources > 1{also}) "
            "WHERE wf_rank = 1")


def linked_parts(where: str) -> tuple[str, str]:
    """(SQL of the records of `where` that belong to an incident of several sources, SQL of the rows
    `one_per_incident(where)` takes for those incidents; the second takes the preference as its first
    parameter). `one_per_incident(where)` = the events of `where` minus the first plus the second."""
    linked = ("SELECT e.* FROM events e WHERE e.id IN (SELECT record_id FROM incident_members "
              f"WHERE n_sources > 1) AND ({where})")
    return linked, "SELECT * EXCLUDE (wf_rank) FROM (" + _linked_ranked(f" AND ({where})") + ")"


def source_rank(preference: list[str]):
    """A sort key for sources: those in `preference` in its order, then the other datasets by name, reports
    last (a dataset's record is coded and placed by the source; a report's is what the reader found)."""
    order = {s: k for k, s in enumerate(preference)}

    def rank(source) -> tuple:
        source = source if isinstance(source, str) else ""
        return (order.get(source, len(order)), source == "report", source)
    return rank


def decide(store: Store, record_a: str, record_b: str, decision: str, by: str, note: str | None = None) -> None:
    """An analyst's merge or split of two records; audited. The members are recomputed by the next link run
    (the command does it at once)."""
    if decision not in ("merge", "split"):
        raise ValueError(f"decision must be 'merge' or 'split', not {decision!r}")
    a, b = sorted((record_a, record_b))
    known = {r for r, in store.rows("SELECT id FROM events WHERE id IN (?, ?) UNION "
                                    "SELECT id FROM facts WHERE id IN (?, ?) AND kind = 'event'", [a, b, a, b])}
    missing = [r for r in (a, b) if r not in known]
    if missing:
        raise KeyError(f"no event record {', '.join(missing)}")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with store.transaction():
        store.execute("DELETE FROM incident_links WHERE record_a = ? AND record_b = ?", [a, b])
        store.execute("INSERT INTO incident_links VALUES (?, ?, ?, 'manual', ?, ?, ?, ?)",
                      [a, b, 1.0 if decision == "merge" else 0.0, decision, by, now, note])
        store.audit(f"incidents.{decision}", f"{a} {b}", {"note": note}, actor=by)


def incident_of(store: Store, record_id: str) -> list[dict]:
    """The records of the incident `record_id` belongs to, with the links between them."""
    inc = store.scalar("SELECT incident_id FROM incident_members WHERE record_id = ?", [record_id])
    if inc is None:
        return []
    return store.records(
        "SELECT m.record_id, m.source, e.date_start, e.location_name, e.actor1, e.actor2, e.fatalities, "
        "l.score, l.rule, l.decision FROM incident_members m LEFT JOIN events e ON e.id = m.record_id "
        "LEFT JOIN incident_links l ON (l.record_a = m.record_id OR l.record_b = m.record_id) "
        "AND l.decision <> 'split' WHERE m.incident_id = ? ORDER BY m.record_id", [inc])


def incident_counts(store: Store, country: str) -> dict:
    """{'records', 'incidents', 'linked'}: how many events a country's sources hold and how many
    incidents they are once linked (records never linked count as one incident each)."""
    n_records = store.scalar("SELECT count(*) FROM events WHERE country_iso3 = ?", [country]) or 0
    linked = store.scalar("SELECT count(*) FROM incident_members m JOIN events e ON e.id = m.record_id "
                          "WHERE e.country_iso3 = ? AND m.n_sources > 1", [country]) or 0
    merged_away = store.scalar(
        "SELECT count(*) - count(DISTINCT m.incident_id) FROM incident_members m JOIN events e ON e.id = m.record_id "
        "WHERE e.country_iso3 = ? AND m.n_sources > 1", [country]) or 0
    return {"records": int(n_records), "incidents": int(n_records - merged_away), "linked": int(linked)}
