"""Tracked judgments: their rows, their resolution history, and the events and facts they are read against."""
from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np
import pandas as pd

from watchfloor.store.connection import Store, _now

JUDGMENT_COLUMNS = ("claim", "term", "yardstick", "band_name", "band_lo", "band_hi", "probability", "explicit",
                    "negated", "made_by", "authors", "source", "made_at", "deadline", "deadline_rule", "criteria",
                    "source_kind", "source_id", "fact_id")


# -- writing judgments -----------------------------------------------------------------------------
def insert_judgment(store: Store, row: dict) -> int:
    cols = ", ".join(JUDGMENT_COLUMNS)
    marks = ", ".join("?" for _ in JUDGMENT_COLUMNS)
    return store.scalar(
        f"INSERT INTO judgments ({cols}, status, manual_only, created_at) VALUES ({marks}, 'open', FALSE, ?) "
        "RETURNING id", [row.get(c) for c in JUDGMENT_COLUMNS] + [_now()])


def insert_judgments_frame(store: Store, frame: pd.DataFrame, resolved_by: str | None = None,
                           note: str | None = None) -> int:
    """Bulk insert (columns: JUDGMENT_COLUMNS, and `outcome` for judgments already resolved, each with its
    history row); returns the rows written."""
    outcomes = frame["outcome"] if "outcome" in frame else pd.Series(None, index=frame.index, dtype=object)
    frame = frame.reindex(columns=list(JUDGMENT_COLUMNS))
    for column in ("made_at", "deadline"):  # DuckDB reads datetime64 columns far faster than Python dates
        frame[column] = pd.to_datetime(frame[column])
    now = _now()
    frame["outcome"] = outcomes.to_numpy()
    frame["status"] = np.where(outcomes.notna().to_numpy(), "resolved", "open")
    before = store.rows("SELECT coalesce(max(id), 0) FROM judgments")[0][0]
    store.con.register("judgments_new", frame)
    try:
        store.execute(f"INSERT INTO judgments ({', '.join(JUDGMENT_COLUMNS)}, status, outcome, resolved_at, "
                      "resolved_by, resolution_note, manual_only, created_at) "
                      f"SELECT {', '.join(JUDGMENT_COLUMNS)}, status, outcome, "
                      "CASE WHEN outcome IS NULL THEN NULL ELSE ?::TIMESTAMP END, "
                      "CASE WHEN outcome IS NULL THEN NULL ELSE ? END, CASE WHEN outcome IS NULL THEN NULL ELSE ? END, "
                      "FALSE, ? FROM judgments_new", [now, resolved_by, note, now])
    finally:
        store.con.unregister("judgments_new")
    store.execute("INSERT INTO judgment_resolutions (judgment_id, action, outcome, note, done_by, done_at) "
                  "SELECT id, 'resolve', outcome, resolution_note, resolved_by, resolved_at FROM judgments "
                  "WHERE id > ? AND outcome IS NOT NULL", [before])
    return len(frame)


def find_judgment(store: Store, source_kind: str, source_id: str | None, claim: str,
                  fact_id: str | None = None) -> int | None:
    """The judgment already tracked from this fact, else from this source with this claim."""
    if fact_id is not None:
        return store.scalar("SELECT id FROM judgments WHERE fact_id = ? ORDER BY id LIMIT 1", [fact_id])
    return store.scalar("SELECT id FROM judgments WHERE source_kind = ? AND source_id IS NOT DISTINCT FROM ? "
                        "AND claim = ? ORDER BY id LIMIT 1", [source_kind, source_id, claim])


# -- reading judgments -----------------------------------------------------------------------------
def get_judgment(store: Store, judgment_id: int) -> dict | None:
    found = store.records("SELECT * FROM judgments WHERE id = ?", [judgment_id])
    return found[0] if found else None


def judgment_records(store: Store, status: str | None = None, source: str | None = None) -> list[dict]:
    """status: None, 'open' or 'resolved'; source: a source kind ('brief'), an outlet, or a source id."""
    clauses, params = [], []
    if status:
        clauses.append("status = ?")
        params.append(status)
    if source:
        clauses.append("(source_kind = ? OR source = ? OR source_id = ?)")
        params += [source] * 3
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.records(f"SELECT * FROM judgments {where} ORDER BY made_at, id", params)


def open_judgments(store: Store) -> list[dict]:
    return store.records("SELECT * FROM judgments WHERE status = 'open' ORDER BY id")


def scored_frame(store: Store) -> pd.DataFrame:
    """Resolved judgments, one row each, with what scoring needs."""
    return store.frame(
        "SELECT id, probability, band_lo, band_hi, band_name, authors, source, made_at, deadline, outcome "
        "FROM judgments WHERE status = 'resolved' ORDER BY id")


def count_open(store: Store) -> int:
    return store.scalar("SELECT count(*) FROM judgments WHERE status = 'open'")


def resolution_history(store: Store, judgment_id: int) -> list[dict]:
    return store.records("SELECT * FROM judgment_resolutions WHERE judgment_id = ? ORDER BY id", [judgment_id])


# -- resolving -------------------------------------------------------------------------------------
def write_resolution(store: Store, judgment_id: int, action: str, outcome: str | None, note: str | None,
                     evidence: dict | None, as_of: date | None, by: str) -> None:
    """Set (or, with outcome None, clear) a judgment's resolution and append it to the history."""
    now = _now()
    evidence_json = json.dumps(evidence, default=str, sort_keys=True) if evidence else None
    if outcome is None:
        store.execute("UPDATE judgments SET status = 'open', outcome = NULL, resolved_at = NULL, resolved_by = NULL, "
                      "resolution_note = NULL, evidence = NULL, manual_only = TRUE WHERE id = ?", [judgment_id])
    else:
        store.execute("UPDATE judgments SET status = 'resolved', outcome = ?, resolved_at = ?, resolved_by = ?, "
                      "resolution_note = ?, evidence = ? WHERE id = ?",
                      [outcome, now, by, note, evidence_json, judgment_id])
    store.execute("INSERT INTO judgment_resolutions (judgment_id, action, outcome, note, evidence, as_of, done_by, "
                  "done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  [judgment_id, action, outcome, note, evidence_json, as_of, by, now])


def settings_with_prefix(store: Store, prefix: str) -> dict[str, str]:
    """Store settings whose key starts with prefix, keyed by the rest of the key."""
    return {key[len(prefix):]: value for key, value in
            store.rows("SELECT key, value FROM settings WHERE starts_with(key, ?)", [prefix])}


# -- what claims are read against ------------------------------------------------------------------
def claim_vocabulary(store: Store) -> dict[str, list[dict]]:
    """Regions (admin-1 and countries), places with their region, and actors with their aliases."""
    return {
        "regions": store.records("SELECT id, country, level, name, name_alt FROM regions ORDER BY level, id"),
        "places": store.records("SELECT p.name, p.alt_names, p.region_id, p.country, p.population FROM places p "
                                "WHERE p.region_id IS NOT NULL ORDER BY p.population DESC NULLS LAST, p.id"),
        "actors": store.records("SELECT a.id, a.name, string_agg(al.alias, '|') AS aliases FROM actors a "
                                "LEFT JOIN actor_aliases al ON al.actor_id = a.id GROUP BY a.id, a.name "
                                "ORDER BY a.id"),
    }


def matching_events(store: Store, *, since: date, until: date, violence_types: list[str],
                    event_types: list[str], region_ids: list[str], countries: list[str],
                    actor_sets: list[list[str]], sources: list[str] | None = None) -> pd.DataFrame:
    """Events in [since, until] of the given kinds and places, involving every actor set (any of its names),
    from the given sources (layouts; all when None)."""
    clauses = ["date_start >= ?", "date_start <= ?"]
    params: list = [since, until]
    if sources is not None:
        clauses.append(f"layout IN ({', '.join('?' for _ in sources) or 'NULL'})")
        params += list(sources)
    for alternatives in ((("violence_type", violence_types), ("event_type", event_types)),
                         (("region_id", region_ids), ("country_iso3", countries))):
        found = [(f"{column} IN ({', '.join('?' for _ in values)})", list(values))
                 for column, values in alternatives if values]
        if found:  # an event of any listed kind; in any listed place
            clauses.append("(" + " OR ".join(sql for sql, _ in found) + ")")
            params += [v for _, values in found for v in values]
    for names in actor_sets:
        marks = ", ".join("?" for _ in names)
        # ACLED dates its actor names ('Military Forces of Mali (2021-)'): compare without the brackets
        clauses.append(f"(lower(regexp_replace(coalesce(actor1, ''), '\\s*\\(.*\\)$', '')) IN ({marks}) "
                       f"OR lower(regexp_replace(coalesce(actor2, ''), '\\s*\\(.*\\)$', '')) IN ({marks}))")
        params += [n.lower() for n in names] * 2
    return store.frame(f"SELECT id, date_start, region_id, fatalities FROM events WHERE {' AND '.join(clauses)} "
                       "ORDER BY date_start, id", params)


# -- judgments found in reports --------------------------------------------------------------------
def untracked_report_judgments(store: Store, report_ids: list[str] | None = None) -> list[dict]:
    """Standing judgment facts (not rejected) that no tracked judgment comes from yet, with their report
    (of the reports `report_ids` when given, report by report in their order)."""
    found = store.records(
        "SELECT f.id AS fact_id, f.report_id, f.text, f.value, f.edited_value, f.status, "
        "r.published, r.authors, r.outlet, r.title, r.read_at FROM facts f JOIN reports r ON r.id = f.report_id "
        "WHERE f.kind = 'judgment' AND f.status <> 'rejected' "
        "AND f.id NOT IN (SELECT fact_id FROM judgments WHERE fact_id IS NOT NULL)"
        + ("" if report_ids is None else
           f" AND f.report_id IN ({', '.join('?' for _ in report_ids)})") + " ORDER BY r.published, f.id",
        [] if report_ids is None else list(report_ids))
    if report_ids is not None:
        order = {r: k for k, r in enumerate(dict.fromkeys(report_ids))}
        found.sort(key=lambda f: order[f["report_id"]])       # stable: by published, id within a report
    return found


def open_judgments_of_rejected_facts(store: Store) -> list[int]:
    return [r[0] for r in store.rows(
        "SELECT j.id FROM judgments j JOIN facts f ON f.id = j.fact_id "
        "WHERE f.status = 'rejected' AND NOT (j.status = 'resolved' AND j.outcome = 'void') ORDER BY j.id")]


def insert_report(store: Store, *, report_id: str, text: str, published: date | None, authors: list[str],
                  outlet: str | None = None, title: str | None = None) -> None:
    """A report row as the reader writes it (for stores built without the reader, e.g. in tests)."""
    with store.transaction():
        store.execute("INSERT INTO reports (id, title, published, authors, editors, outlet, text, read_at) "
                      "VALUES (?, ?, ?, ?, '[]', ?, ?, ?)",
                      [report_id, title, published, json.dumps(authors), outlet, text, _now()])
        store.audit("judgments.report.insert", report_id, {"title": title})


def insert_fact(store: Store, *, fact_id: str, report_id: str, kind: str, start: int, end: int, text: str,
                value: dict, status: str = "extracted") -> None:
    """A fact row as the reader writes it (for stores built without the reader, e.g. in tests)."""
    with store.transaction():
        store.execute("INSERT INTO facts (id, report_id, kind, start_char, end_char, text, value, status) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [fact_id, report_id, kind, start, end, text, json.dumps(value), status])
        store.audit("judgments.fact.insert", fact_id, {"kind": kind})


def set_fact_status(store: Store, fact_id: str, status: str, by: str) -> None:
    with store.transaction():
        store.execute("UPDATE facts SET status = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                      [status, by, _now(), fact_id])
        store.audit("judgments.fact.status", fact_id, {"status": status}, actor=by)


def as_date(value: date | datetime | str | None) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])
