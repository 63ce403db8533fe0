"""Reports and their facts: store a read report in one transaction, list them, review facts.

A report's id is the sha256 of its extracted text, so reading the same document twice changes nothing.
Analysts review facts: `reject_fact` and `edit_fact` set the status (never delete) and leave an audit row;
briefs use `standing_facts`, which leaves rejected ones out.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import shapely.geometry

from watchfloor.config import current_user
from watchfloor.store.connection import Store

FACT_KINDS = ("actor", "place", "date", "quantity", "judgment", "possibility", "recommendation", "citation", "event")


class FactError(Exception):
    """A fact that does not exist, or an edit that does not fit it."""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def report_exists(store: Store, report_id: str) -> bool:
    return bool(store.scalar("SELECT count(*) FROM reports WHERE id = ?", [report_id]))


def store_report(store: Store, result, prepared: "PreparedReport | None" = None) -> tuple[str, bool]:
    """(report id, created). One transaction: the report and all its facts, or nothing.

    Everything that can be worked out beforehand (the fact rows, their JSON) is, so the transaction holds
    the store only for the inserts themselves; the rows go in as one frame, not one statement per row."""
    report_id = result.report_id
    if report_exists(store, report_id):
        return report_id, False
    doc = result.document
    report_row, rows = prepared or prepare_report(result)
    with store.transaction():
        store.lock(f"report:{report_id}")      # two writers storing the same report: the second finds it
        if report_exists(store, report_id):    # stored meanwhile by another writer
            return report_id, False
        store.execute(_REPORT_INSERT, report_row)
        if len(rows):
            insert_fact_frame(store, rows)
        store.audit("report.read", report_id, {"path": doc.path, "facts": len(rows), "title": doc.title})
        # the report's judgments become tracked forecasts with it (same transaction: both or neither)
        from watchfloor.judgments.tracking import track_report
        track_report(store, report_id)
        # its placed events join the incidents other sources recorded (same transaction)
        seeds = [r for r, in store.rows("SELECT f.id FROM facts f JOIN places p ON p.id = f.place_id "
                                        "WHERE f.report_id = ? AND f.kind = 'event'", [report_id])]
        if seeds:
            from watchfloor.incidents.service import link_new
            link_new(store, seeds, reason=f"read report {report_id[:16]}")
    return report_id, True


PreparedReport = tuple  # (the report's row, its facts as a frame or, for store_reports, as rows)
_REPORT_INSERT = ("INSERT INTO reports (id, path, title, published, authors, editors, region_of_concern, source_url, "
                  "outlet, reliability, language, text, sections, read_at, reader_version) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def store_reports(store: Store, prepared: list[PreparedReport]) -> list[bool]:
    """`store_report` for a batch of reports prepared by `prepare_report_rows`, in one transaction (joins the
    caller's): which of them were created (one stored before, or earlier in the batch, is not). The reports go
    in with one executemany,
    all their facts as one frame, their audit rows with one executemany, instead of some six statements per
    report; judgments are tracked and events linked as `store_report` does (set-wise when the caller holds
    `tracking_held` and `linking_held`, as a watch's batch does)."""
    from watchfloor.incidents.service import link_new
    from watchfloor.judgments.tracking import track_report
    if not prepared:
        return []
    ids = [row[0] for row, _ in prepared]
    with store.transaction():
        for report_id in sorted(set(ids)):          # sorted: two writers of overlapping batches cannot deadlock
            store.lock(f"report:{report_id}")
        marks = ", ".join("?" * len(set(ids)))
        stored = {r for r, in store.rows(f"SELECT id FROM reports WHERE id IN ({marks})", sorted(set(ids)))}
        created, new = [], []
        for row, facts in prepared:
            created.append(row[0] not in stored)
            if created[-1]:
                stored.add(row[0])
                new.append((row, facts))
        if not new:
            return created
        store.con.executemany(_REPORT_INSERT, [row for row, _ in new])
        facts = [fact for _, rows in new for fact in rows]
        if facts:
            insert_fact_frame(store, rows_frame(facts))
        at, actor = _now(), current_user()
        store.con.executemany(
            "INSERT INTO audit (happened_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            [[at, actor, "report.read", row[0], json.dumps({"path": row[1], "facts": len(facts), "title": row[2]},
                                                           default=str, sort_keys=True)] for row, facts in new])
        for row, _ in new:
            track_report(store, row[0])
        new_ids = [row[0] for row, _ in new]
        seeds = [r for r, in store.rows(
            "SELECT f.id FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'event' AND f.report_id IN "
            f"({', '.join('?' * len(new_ids))}) ORDER BY f.id", new_ids)]
        if seeds:
            link_new(store, seeds, reason=f"read {len(new_ids)} reports")
    return created


def prepare_report(result) -> PreparedReport:
    """The rows store_report inserts, worked out without the store (a caller holding a write lock can do
    this before taking it)."""
    return _report_row(result), fact_frame(result.report_id, result.facts())


def prepare_report_rows(result) -> PreparedReport:
    """`prepare_report` with the facts as plain rows (`fact_rows`), for `store_reports`: a batch builds one
    frame of all its reports' facts rather than a frame per report."""
    return _report_row(result), fact_rows(result.report_id, result.facts())


def _report_row(result) -> list:
    doc = result.document
    return [result.report_id, doc.path, doc.title, doc.published, json.dumps(doc.authors, ensure_ascii=False),
            json.dumps(doc.editors, ensure_ascii=False), doc.region_of_concern, doc.source_url, doc.outlet,
            result.reliability, doc.language, doc.text,
            json.dumps([{"name": s.name, "start": s.start, "end": s.end} for s in doc.sections], ensure_ascii=False),
            _now(), getattr(result, "reader_version", None)]


_FACT_COLUMNS = ("id", "report_id", "kind", "start_char", "end_char", "text", "value", "actor_id", "place_id",
                 "region_id", "credibility")


def insert_fact_frame(store: Store, rows: pd.DataFrame) -> None:
    """Insert a frame from `fact_frame` in one statement (the caller holds the transaction)."""
    store.con.register("facts_new", rows)
    try:
        store.execute(f"INSERT INTO facts ({', '.join(_FACT_COLUMNS)}) SELECT {', '.join(_FACT_COLUMNS)} FROM facts_new")
    finally:
        store.con.unregister("facts_new")


def fact_rows(report_id: str, facts: list[dict], taken: set[str] = frozenset()) -> list[tuple]:
    """The facts as rows of the facts table; ids '<report>:<kind>:<start>:<end>:<n>', avoiding `taken` ones
    (facts kept from an earlier reading)."""
    def fact_id(n: int, f: dict) -> str:
        base = f"{report_id[:16]}:{f['kind']}:{f['start']}:{f['end']}:{n}"
        k, out = 1, base
        while out in taken:
            k += 1
            out = f"{base}.{k}"
        return out
    return [(fact_id(n, f), report_id, f["kind"], f["start"], f["end"],
             f["text"], json.dumps(f["value"], ensure_ascii=False, default=str), f.get("actor_id"),
             f.get("place_id"), f.get("region_id"), f.get("credibility")) for n, f in enumerate(facts)]


def fact_frame(report_id: str, facts: list[dict], taken: set[str] = frozenset()) -> pd.DataFrame:
    """The facts as a frame of the facts table's rows (`fact_rows`)."""
    return rows_frame(fact_rows(report_id, facts, taken))


def rows_frame(rows: list[tuple]) -> pd.DataFrame:
    """Fact rows (`fact_rows`, of one report or many) as a frame for `insert_fact_frame`."""
    frame = pd.DataFrame(rows, columns=list(_FACT_COLUMNS))
    # object columns keep None as NULL; integers stay integers (credibility may be missing)
    frame["start_char"] = frame["start_char"].astype("int64")
    frame["end_char"] = frame["end_char"].astype("int64")
    frame["credibility"] = frame["credibility"].astype("Int64")
    for column in ("actor_id", "place_id", "region_id"):
        frame[column] = frame[column].astype(object)
    return frame


def list_reports(store: Store, limit: int | None = None) -> list[dict]:
    sql = ("SELECT r.id, r.path, r.title, r.published, r.outlet, r.reliability, r.language, r.read_at, "
           "(SELECT count(*) FROM facts f WHERE f.report_id = r.id) AS facts "
           "FROM reports r ORDER BY r.read_at DESC, r.id")
    params: list = []
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    return store.records(sql, params)


def get_report(store: Store, report_id: str) -> dict | None:
    rows = store.records("SELECT * FROM reports WHERE id = ? OR id LIKE ? ORDER BY id LIMIT 2",
                         [report_id, report_id + "%"])
    return rows[0] if len(rows) == 1 else None


def facts_for_report(store: Store, report_id: str, kind: str | None = None,
                     include_rejected: bool = True) -> list[dict]:
    sql = "SELECT * FROM facts WHERE report_id = ?"
    params: list[Any] = [report_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    if not include_rejected:
        sql += " AND status <> 'rejected'"
    return [_decoded(r) for r in store.records(sql + " ORDER BY start_char, id", params)]


def standing_facts(store: Store, kind: str | None = None, region_id: str | None = None,
                   actor_id: str | None = None, since: Any = None) -> list[dict]:
    """Facts an analyst has not rejected (edited ones carry their corrected value), newest reports first."""
    sql = ("SELECT f.*, r.published, r.title AS report_title, r.reliability FROM facts f "
           "JOIN reports r ON r.id = f.report_id WHERE f.status <> 'rejected'")
    params: list[Any] = []
    for col, val in (("f.kind", kind), ("f.region_id", region_id), ("f.actor_id", actor_id)):
        if val is not None:
            sql += f" AND {col} = ?"
            params.append(val)
    if since is not None:
        sql += " AND r.published >= ?"
        params.append(since)
    return [_decoded(r) for r in store.records(sql + " ORDER BY r.published DESC NULLS LAST, f.report_id, f.start_char",
                                               params)]


def _decoded(row: dict) -> dict:
    row = dict(row)
    row["value"] = json.loads(row["value"]) if row.get("value") else None
    row["edited_value"] = json.loads(row["edited_value"]) if row.get("edited_value") else None
    row["current_value"] = row["edited_value"] if row["status"] == "edited" and row["edited_value"] is not None \
        else row["value"]
    return row


def _fact(store: Store, fact_id: str) -> dict:
    rows = store.records("SELECT * FROM facts WHERE id = ?", [fact_id])
    if not rows:
        raise FactError(f"no fact with id {fact_id!r} (see `watchfloor facts list REPORT`)")
    return rows[0]


def reject_fact(store: Store, fact_id: str, note: str | None = None, user: str | None = None) -> dict:
    user = user or current_user()
    with store.transaction():
        before = _fact(store, fact_id)
        store.execute("UPDATE facts SET status = 'rejected', updated_by = ?, updated_at = ? WHERE id = ?",
                      [user, _now(), fact_id])
        store.audit("fact.reject", fact_id, {"previous_status": before["status"], "note": note}, actor=user)
    return _decoded(_fact(store, fact_id))


def edit_fact(store: Store, fact_id: str, value: Any, note: str | None = None, user: str | None = None) -> dict:
    user = user or current_user()
    if not isinstance(value, dict):
        raise FactError("the edited value must be a JSON object, like the fact's value")
    with store.transaction():
        before = _fact(store, fact_id)
        store.execute("UPDATE facts SET status = 'edited', edited_value = ?, updated_by = ?, updated_at = ? "
                      "WHERE id = ?", [json.dumps(value, ensure_ascii=False), user, _now(), fact_id])
        store.audit("fact.edit", fact_id, {"previous_status": before["status"], "value": value, "note": note},
                    actor=user)
    return _decoded(_fact(store, fact_id))


# -- reference data the reader matches against -------------------------------------------------
def gazetteer_rows(store: Store) -> list[dict]:
    """Places, plus admin regions and countries the places table does not already hold."""
    rows = store.records("SELECT id, name, country, latitude, longitude, region_id, admin1, population, kind, "
                         "alt_names, admin2_id, admin2 FROM places ORDER BY id")
    have = {r["id"] for r in rows}
    region_names = dict(store.rows("SELECT id, name FROM regions WHERE level = 1"))
    for r in store.records("SELECT id, country, level, name, name_alt, geometry, parent_id FROM regions ORDER BY id"):
        pid = f"region:{r['id']}"
        if pid in have:
            continue
        centre = shapely.geometry.shape(json.loads(r["geometry"])).representative_point()
        admin1_id = r["id"] if r["level"] == 1 else r["parent_id"] if r["level"] == 2 else None
        rows.append({"id": pid, "name": r["name"], "country": r["country"], "latitude": round(centre.y, 4),
                     "longitude": round(centre.x, 4), "region_id": admin1_id, "admin1": region_names.get(admin1_id),
                     "population": 0, "kind": {0: "country", 1: "region"}.get(r["level"], "admin2"),
                     "alt_names": r["name_alt"], "admin2_id": r["id"] if r["level"] == 2 else None,
                     "admin2": r["name"] if r["level"] == 2 else None})
    level0 = {r["country"] for r in rows if r["kind"] == "country"}
    names: dict[str, list[str]] = {}
    for name, iso3 in store.rows("SELECT name, iso3 FROM country_names"):
        if len(name) > 3:
            names.setdefault(iso3, []).append(name.title())
    for iso3, name in store.rows("SELECT iso3, name FROM countries ORDER BY iso3"):
        if iso3 in level0:
            continue
        rows.append({"id": f"country:{iso3}", "name": name, "country": iso3, "latitude": None, "longitude": None,
                     "region_id": None, "admin1": None, "population": 0, "kind": "country",
                     "alt_names": "|".join(names.get(iso3, [])), "admin2_id": None, "admin2": None})
    return rows


def actor_rows(store: Store) -> list[tuple[str, str, str | None, list[str]]]:
    """(id, name, kind, aliases) for actors not from the reader's own dictionary."""
    aliases: dict[str, list[str]] = {}
    for actor_id, alias in store.rows("SELECT actor_id, alias FROM actor_aliases"):
        aliases.setdefault(actor_id, []).append(alias)
    return [(i, n, k, aliases.get(i, [])) for i, n, k in
            store.rows("SELECT id, name, kind FROM actors WHERE source IS DISTINCT FROM 'dictionary' ORDER BY id")]


def reference_signature(store: Store) -> tuple[int, int, int]:
    """(actors, places, regions) counts — the reader rebuilds its indexes when they change."""
    return (store.scalar("SELECT count(*) FROM actors"), store.scalar("SELECT count(*) FROM places"),
            store.scalar("SELECT count(*) FROM regions"))


def corroborated_events(store: Store, report_id: str, events: list[dict]) -> list[dict]:
    """The events another stored report (from a different source) also states: same sub-type, place and date."""
    if not events:
        return []
    keys = {}
    for e in events:
        if e.get("place") and e.get("date"):
            keys.setdefault((e["sub_type"], e["place"], e["date"]), []).append(e)
    if not keys:
        return []
    out = []
    for value, in store.rows("SELECT f.value FROM facts f JOIN reports r ON r.id = f.report_id "
                             "WHERE f.kind = 'event' AND f.report_id <> ? AND f.status <> 'rejected'", [report_id]):
        v = json.loads(value)
        out.extend(keys.pop((v.get("sub_type"), v.get("place"), v.get("date")), []))
        if not keys:
            break
    return out
