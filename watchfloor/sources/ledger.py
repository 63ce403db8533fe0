"""The sources' tables (migration 0110): configured sources, cursors, runs, ingested datasets, read items.

The SQL the sources stage writes is kept in this one module (it belongs in store/ by the house rules; it
lives here while store/ is another team's ground and moves there unchanged).
"""
from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import date, datetime, timezone

from watchfloor.config import current_user
from watchfloor.sources.http import SourceError
from watchfloor.store.connection import Store

SECRET_WORDS = ("password", "token", "secret", "key", "credential")
SKIPPED = "skipped (running elsewhere)"      # the status shown for a run another thread or process held


@dataclass
class SourceConfig:
    name: str
    kind: str
    every_seconds: int
    settings: dict
    enabled: bool = True


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def add_source(store: Store, config: SourceConfig, by: str | None = None) -> None:
    bad = [k for k in config.settings if any(w in k.lower() for w in SECRET_WORDS)]
    if bad:
        raise SourceError(f"setting {bad[0]!r} looks like a credential; credentials come from the environment "
                          "or the credentials file, never from the store")
    with store.transaction():
        existed = store.scalar("SELECT count(*) FROM sources WHERE name = ?", [config.name])
        store.execute("DELETE FROM sources WHERE name = ?", [config.name])
        store.execute("INSERT INTO sources (name, kind, every_seconds, settings, enabled, added_by, added_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [config.name, config.kind, config.every_seconds, json.dumps(config.settings, sort_keys=True),
                       config.enabled, by or current_user(), now()])
        store.audit("source.change" if existed else "source.add", config.name,
                    {"kind": config.kind, "every_seconds": config.every_seconds, **config.settings}, actor=by)


def remove_source(store: Store, name: str, by: str | None = None) -> bool:
    with store.transaction():
        found = store.scalar("SELECT count(*) FROM sources WHERE name = ?", [name])
        store.execute("DELETE FROM sources WHERE name = ?", [name])
        if found:
            store.audit("source.remove", name, actor=by)
    return bool(found)


def source(store: Store, name: str) -> SourceConfig:
    row = store.rows("SELECT name, kind, every_seconds, settings, enabled FROM sources WHERE name = ?", [name])
    if not row:
        known = ", ".join(n for n, in store.rows("SELECT name FROM sources ORDER BY name")) or "none yet"
        raise SourceError(f"no source named {name!r} (configured: {known}; add one with `watchfloor sources add`)")
    n, kind, every, settings, enabled = row[0]
    return SourceConfig(n, kind, every, json.loads(settings), enabled)


def sources(store: Store) -> list[SourceConfig]:
    return [SourceConfig(n, k, e, json.loads(s), en) for n, k, e, s, en in
            store.rows("SELECT name, kind, every_seconds, settings, enabled FROM sources ORDER BY name")]


def cursor(store: Store, name: str) -> dict | None:
    value = store.scalar("SELECT cursor FROM source_cursors WHERE source = ?", [name])
    return json.loads(value) if value else None


def save_cursor(store: Store, name: str, value: dict | None) -> None:
    store.execute("DELETE FROM source_cursors WHERE source = ?", [name])
    store.execute("INSERT INTO source_cursors VALUES (?, ?, ?)",
                  [name, json.dumps(value, sort_keys=True, default=str) if value else None, now()])


def record_run(store: Store, name: str, started: datetime, status: str, counts: dict, attempts: int,
               error: str | None = None) -> int:
    run_id = store.scalar("SELECT nextval('source_runs_seq')")
    store.execute("INSERT INTO source_runs (id, source, started_at, finished_at, status, fetched, inserted, updated, "
                  "unchanged, withdrawn, reports, attempts, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  [run_id, name, started, now(), status, counts.get("fetched", 0), counts.get("inserted", 0),
                   counts.get("updated", 0), counts.get("unchanged", 0), counts.get("withdrawn", 0),
                   counts.get("reports", 0), attempts, error])
    return run_id


def record_skip(store: Store, name: str) -> datetime:
    """Note that a run of `name` was skipped because another thread or process was running it; its time."""
    at = now()
    store.execute("INSERT INTO source_skips (id, source, skipped_at, process) "
                  "VALUES (nextval('source_skips_seq'), ?, ?, ?)", [name, at, f"{socket.gethostname()}:{os.getpid()}"])
    return at


def last_runs(store: Store) -> dict[str, dict]:
    """Each source's last run (`last`), its last successful one (`last_ok`) and its last skipped run's time
    (`last_skipped`). When a skip came after the last run ended (the run it gave way to is still going), `last`
    is the skip: status SKIPPED, its time as start and end, nothing added; `last_run` stays the run before."""
    out: dict[str, dict] = {}
    for rec in store.records("SELECT * FROM source_runs ORDER BY id"):
        entry = out.setdefault(rec["source"], {})
        entry["last"] = entry["last_run"] = rec
        if rec["status"] == "ok":
            entry["last_ok"] = rec
    for name, at in store.rows("SELECT source, max(skipped_at) FROM source_skips GROUP BY source"):
        entry = out.setdefault(name, {})
        entry["last_skipped"] = at
        run = entry.get("last")
        if run is None or run["finished_at"] is None or at > run["finished_at"]:
            entry["last"] = {"id": None, "source": name, "started_at": at, "finished_at": at, "status": SKIPPED,
                             "fetched": 0, "inserted": 0, "updated": 0, "unchanged": 0, "withdrawn": 0,
                             "reports": 0, "attempts": 0, "error": None}
    return out


def note_dataset(store: Store, dataset_id: int, name: str, release: str | None, candidate: bool) -> None:
    store.execute("DELETE FROM source_datasets WHERE dataset_id = ?", [dataset_id])
    store.execute("INSERT INTO source_datasets VALUES (?, ?, ?, ?)", [dataset_id, name, release, candidate])


def candidate_events(store: Store, name: str, first: date, last: date) -> list[str]:
    """Events stored from a source's Candidate releases dated within [first, last]."""
    return [r for r, in store.rows(
        "SELECT e.id FROM events e JOIN source_datasets d ON d.dataset_id = e.dataset_id "
        "WHERE d.source = ? AND d.candidate AND e.date_start BETWEEN ? AND ? ORDER BY 1", [name, first, last])]


def withdraw_events(store: Store, ids: list[str], reason: str) -> int:
    """Remove events their source withdrew (with their incident links; analysts' decisions stay) and re-link
    the records they were linked with."""
    from watchfloor.incidents.service import link_new
    from watchfloor.store.incidents import incident_mates
    if not ids:
        return 0
    present = [r for r, in store.rows(f"SELECT id FROM events WHERE id IN ({', '.join('?' * len(ids))})", ids)]
    if not present:
        return 0
    marks = ", ".join("?" * len(present))
    with store.transaction():
        mates = incident_mates(store, present) - set(present)
        store.execute(f"DELETE FROM incident_links WHERE decision = 'auto' AND (record_a IN ({marks}) "
                      f"OR record_b IN ({marks}))", present + present)
        store.execute(f"DELETE FROM incident_members WHERE record_id IN ({marks})", present)
        store.execute(f"DELETE FROM events WHERE id IN ({marks})", present)
        store.audit("events.withdraw", reason, {"events": present[:200], "count": len(present)})
        if mates:
            store.execute(f"DELETE FROM incident_members WHERE record_id IN ({', '.join('?' * len(mates))})",
                          sorted(mates))
            link_new(store, sorted(mates), reason=reason)
    return len(present)


def item_seen(store: Store, url: str, content_hash: str | None = None) -> bool:
    """A feed or folder item already read: the same URL (with this content, when given)."""
    if content_hash is None:
        return bool(store.scalar("SELECT count(*) FROM feed_items WHERE url = ?", [url]))
    return bool(store.scalar("SELECT count(*) FROM feed_items WHERE (url = ? AND content_hash = ?) "
                             "OR content_hash = ?", [url, content_hash, content_hash]))


def contents_seen(store: Store, content_hashes: list[str]) -> set[str]:
    """Which of these contents were read already (under any URL): `item_seen` for a batch, in one query."""
    wanted = sorted(set(content_hashes))
    if not wanted:
        return set()
    return {h for h, in store.rows(f"SELECT DISTINCT content_hash FROM feed_items WHERE content_hash IN "
                                   f"({', '.join('?' for _ in wanted)})", wanted)}


def reports_stored(store: Store, report_ids: list[str]) -> set[str]:
    """Which of these reports the store holds already."""
    if not report_ids:
        return set()
    return {r for r, in store.rows(f"SELECT id FROM reports WHERE id IN ({', '.join('?' * len(report_ids))})",
                                   report_ids)}


def note_items(store: Store, rows: list[tuple[str, str, str, str | None]]) -> None:
    """`note_item` for a batch: (url, content hash, source, report id) rows in one statement."""
    if rows:
        at = now()
        store.execute("INSERT INTO feed_items VALUES " + ", ".join("(?, ?, ?, ?, ?)" for _ in rows)
                      + " ON CONFLICT DO NOTHING", [v for row in rows for v in (*row, at)])


def note_item(store: Store, url: str, content_hash: str, name: str, report_id: str | None) -> None:
    store.execute("INSERT INTO feed_items VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  [url, content_hash, name, report_id, now()])


def newest_day(store: Store, country: str) -> date | None:
    """The newest day of the country's data: its latest event, or the latest read report placed in it."""
    return store.scalar(
        "SELECT max(d) FROM (SELECT max(date_start) AS d FROM events WHERE country_iso3 = ? UNION ALL "
        "SELECT max(r.published) FROM reports r WHERE EXISTS (SELECT 1 FROM facts f JOIN places p "
        "ON p.id = f.place_id WHERE f.report_id = r.id AND p.country = ?))", [country, country])


def graded_mentions(store: Store, report_ids: list[str], grades: tuple[str, ...], country: str) -> list[dict]:
    """The reports among `report_ids` whose source is graded in `grades` and that name a place in `country`:
    one row per report and region, with the places named there."""
    if not report_ids:
        return []
    marks = ", ".join("?" * len(report_ids))
    return store.records(
        "SELECT r.id AS report_id, r.title, r.outlet, r.reliability, r.published, r.source_url, p.region_id, "
        "min(p.admin1) AS admin1, string_agg(DISTINCT p.name, ', ') AS places FROM reports r JOIN facts f "
        "ON f.report_id = r.id AND f.kind = 'place' AND f.status <> 'rejected' JOIN places p ON p.id = f.place_id "
        f"WHERE r.id IN ({marks}) AND r.reliability IN ({', '.join('?' * len(grades))}) AND p.country = ? "
        "GROUP BY ALL ORDER BY r.id, p.region_id", report_ids + list(grades) + [country])


def actors_in_new_regions(store: Store, dataset_ids: list[int], country: str, months: int, since) -> list[dict]:
    """Events of `dataset_ids` (coded datasets only, dated on or after `since`) whose named actor had events in
    the country in the `months` before, but none in the event's region."""
    if not dataset_ids:
        return []
    marks = ", ".join("?" * len(dataset_ids))
    return store.records(
        # both backends' SQL: the two actors as two selects (not a list), the window as months times an interval
        "WITH recent AS (SELECT e.id, e.actor1, e.actor2, e.region_id, e.admin1, e.date_start, e.location_name, "
        f"e.layout FROM events e WHERE e.dataset_id IN ({marks}) AND e.country_iso3 = ? "
        "AND e.layout IN ('acled', 'ucdp') AND e.region_id IS NOT NULL AND e.date_start >= ?), "
        "new AS (SELECT id, actor1 AS actor, 1 AS side, region_id, admin1, date_start, location_name, layout "
        "FROM recent UNION ALL SELECT id, actor2, 2, region_id, admin1, date_start, location_name, layout "
        "FROM recent) "
        "SELECT n.* FROM new n WHERE n.actor IS NOT NULL AND lower(n.actor) NOT LIKE 'civilians%' "
        "AND lower(n.actor) NOT LIKE 'unidentified%' "
        "AND EXISTS (SELECT 1 FROM events o WHERE o.country_iso3 = ? AND o.id <> n.id AND (o.actor1 = n.actor "
        "OR o.actor2 = n.actor) AND o.date_start >= n.date_start - CAST(? AS INTEGER) * INTERVAL '1 month' "
        "AND o.date_start < n.date_start) "
        "AND NOT EXISTS (SELECT 1 FROM events o WHERE o.region_id = n.region_id AND o.id <> n.id "
        "AND (o.actor1 = n.actor OR o.actor2 = n.actor) "
        "AND o.date_start >= n.date_start - CAST(? AS INTEGER) * INTERVAL '1 month' "
        "AND o.date_start < n.date_start) ORDER BY n.date_start, n.id, n.side",
        dataset_ids + [country, since, country, months, months])


def previous_run(store: Store, run_id: str) -> str | None:
    """The baseline forecast run before `run_id` for the same country and unit (an earlier data month)."""
    return store.scalar(
        "SELECT p.run_id FROM forecast_runs r JOIN forecast_runs p ON p.country = r.country AND p.unit = r.unit "
        "AND p.scenario IS NULL AND p.as_of < r.as_of WHERE r.run_id = ? "
        "ORDER BY p.as_of DESC, p.created_at DESC, p.run_id LIMIT 1", [run_id])


def shared_forecasts(store: Store, new: str, old: str) -> list[dict]:
    """P(at least one fatal event) of each unit and target month both runs forecast."""
    return store.records(
        "SELECT n.unit_id, n.unit_name, n.target_month, n.p_fatal AS p_new, o.p_fatal AS p_old FROM forecasts n "
        "JOIN forecasts o ON o.unit_id = n.unit_id AND o.target_month = n.target_month AND o.run_id = ? "
        "WHERE n.run_id = ? ORDER BY n.unit_id, n.target_month", [old, new])
