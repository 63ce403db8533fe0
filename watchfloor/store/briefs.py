"""Briefs and their versions, and the reads the warning stage needs (events per month, forecasts, facts).

A published brief version is immutable: every write here checks the status first.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pandas as pd

from watchfloor.store.connection import Store

STATUSES = ("draft", "reviewed", "published")


class BriefError(Exception):
    """A brief workflow step that cannot be done (unknown id, wrong status, published is immutable)."""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# -- briefs -------------------------------------------------------------------------------------------
def insert_brief_version(store: Store, *, brief_id: int | None, country: str, region: str | None, title: str,
                         severity: int, as_of: date, forecast_run_id: str | None, authors: list[str],
                         editors: list[str], content: dict, assets: dict[str, tuple[str, str]],
                         judgments: list[dict], created_by: str) -> tuple[int, int]:
    """Store a new draft version (a new brief when brief_id is None). Returns (brief_id, version)."""
    now = _now()
    with store.transaction():
        if brief_id is None:
            brief_id = store.scalar(
                "INSERT INTO briefs (country, region, created_at, created_by, current_version) "
                "VALUES (?, ?, ?, ?, 1) RETURNING id", [country, region, now, created_by])
            version = 1
        else:
            if store.scalar("SELECT count(*) FROM briefs WHERE id = ?", [brief_id]) == 0:
                raise BriefError(f"no brief with id {brief_id}")
            version = store.scalar("SELECT max(version) FROM brief_versions WHERE brief_id = ?", [brief_id]) + 1
            store.execute("UPDATE briefs SET current_version = ?, region = ? WHERE id = ?",
                          [version, region, brief_id])
        store.execute(
            "INSERT INTO brief_versions (brief_id, version, status, title, severity, as_of, forecast_run_id, "
            "authors, editors, content, created_at, created_by) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [brief_id, version, title, severity, as_of, forecast_run_id, json.dumps(authors), json.dumps(editors),
             json.dumps(content, ensure_ascii=False, default=str), now, created_by])
        for name, (mime, b64) in assets.items():
            store.execute("INSERT INTO brief_assets (brief_id, version, name, mime, data) VALUES (?, ?, ?, ?, ?)",
                          [brief_id, version, name, mime, b64])
        for j in judgments:
            store.execute(
                "INSERT INTO brief_judgments (brief_id, version, n, claim, term, probability, band_lo, band_hi, "
                "run_id, unit_id, target_month, deadline, criteria) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [brief_id, version, j["n"], j["claim"], j["term"], j["probability"], j.get("band_lo"),
                 j.get("band_hi"), j.get("run_id"), j.get("unit_id"), j.get("target_month"), j.get("deadline"),
                 j.get("criteria")])
        store.audit("brief.create" if version == 1 else "brief.version", f"brief:{brief_id}",
                    {"version": version, "country": country, "title": title}, actor=created_by)
    return brief_id, version


JSON_FIELDS = ("authors", "editors", "content")     # a version's fields stored as JSON text


def brief_version(store: Store, brief_id: int, version: int | None = None, decoded: bool = True) -> dict:
    """One version (the current one by default) with its content decoded (`decoded=False`: its JSON fields
    as the JSON text stored, for an answer that passes them on)."""
    if version is None:
        version = store.scalar("SELECT current_version FROM briefs WHERE id = ?", [brief_id])
        if version is None:
            raise BriefError(f"no brief with id {brief_id}")
    recs = store.records("SELECT v.*, b.country, b.region FROM brief_versions v JOIN briefs b ON b.id = v.brief_id "
                         "WHERE v.brief_id = ? AND v.version = ?", [brief_id, version])
    if not recs:
        raise BriefError(f"brief {brief_id} has no version {version}")
    rec = recs[0]
    if decoded:
        for key in JSON_FIELDS:
            rec[key] = json.loads(rec[key])
    return rec


def brief_assets(store: Store, brief_id: int, version: int) -> dict[str, tuple[str, str]]:
    return {n: (m, d) for n, m, d in store.rows(
        "SELECT name, mime, data FROM brief_assets WHERE brief_id = ? AND version = ?", [brief_id, version])}


def brief_judgments(store: Store, brief_id: int, version: int) -> list[dict]:
    return store.records("SELECT * FROM brief_judgments WHERE brief_id = ? AND version = ? ORDER BY n",
                         [brief_id, version])


def set_judgment_id(store: Store, brief_id: int, version: int, n: int, judgment_id: str) -> None:
    store.execute("UPDATE brief_judgments SET judgment_id = ? WHERE brief_id = ? AND version = ? AND n = ?",
                  [str(judgment_id), brief_id, version, n])


def advance_status(store: Store, brief_id: int, version: int, to: str, editor: str) -> None:
    """draft -> reviewed -> published; the editor is added to the version's editors; audited."""
    rec = brief_version(store, brief_id, version)
    order = {s: i for i, s in enumerate(STATUSES)}
    if rec["status"] == "published":
        raise BriefError(f"brief {brief_id} version {version} is published and cannot change; "
                         "make a correction as a new version (watchfloor brief revise)")
    if order[to] != order[rec["status"]] + 1:
        raise BriefError(f"brief {brief_id} version {version} is {rec['status']}; it cannot become {to} "
                         f"(the order is draft → reviewed → published)")
    editors = rec["editors"] + ([editor] if editor not in rec["editors"] else [])
    col = "reviewed" if to == "reviewed" else "published"
    with store.transaction():
        store.execute(f"UPDATE brief_versions SET status = ?, editors = ?, {col}_at = ?, {col}_by = ? "
                      "WHERE brief_id = ? AND version = ?", [to, json.dumps(editors), _now(), editor, brief_id, version])
        store.audit(f"brief.{'review' if to == 'reviewed' else 'publish'}", f"brief:{brief_id}",
                    {"version": version, "editor": editor}, actor=editor)


def list_briefs(store: Store, country: str | None = None) -> list[dict]:
    sql = ("SELECT b.id, b.country, b.region, v.version, v.status, v.title, v.severity, v.as_of, v.created_at, "
           "v.created_by, v.published_at FROM briefs b JOIN brief_versions v ON v.brief_id = b.id "
           "AND v.version = b.current_version")
    params: list = []
    if country:
        sql += " WHERE b.country = ?"
        params.append(country.upper())
    return store.records(sql + " ORDER BY b.id", params)


def brief_audit(store: Store, brief_id: int) -> list[dict]:
    return store.records("SELECT happened_at, actor, action, detail FROM audit WHERE target = ? ORDER BY id",
                         [f"brief:{brief_id}"])


# -- reads for the warning stage ----------------------------------------------------------------------
def monthly_counts(store: Store, country: str, until: date) -> pd.DataFrame:
    """region_id, admin1, month, events, fatalities per admin-1 region and month up to `until` (inclusive)."""
    return store.frame(
        "SELECT region_id, admin1, CAST(date_trunc('month', date_start) AS DATE) AS month, count(*) AS events, "
        "sum(fatalities) AS fatalities FROM events WHERE country_iso3 = ? AND date_start < ? "
        "AND region_id IS NOT NULL GROUP BY ALL ORDER BY month, region_id",
        [country, _next_month(until)])


def events_between(store: Store, country: str, since: date, until: date) -> pd.DataFrame:
    """Events in [since, until) with the dataset each came from."""
    return store.frame(
        "SELECT e.*, d.licence AS dataset_licence, d.path AS dataset_path FROM events e "
        "LEFT JOIN datasets d ON d.id = e.dataset_id WHERE e.country_iso3 = ? AND e.date_start >= ? "
        "AND e.date_start < ? ORDER BY e.date_start, e.id", [country, since, until])


def first_event_month(store: Store, country: str) -> date | None:
    return store.scalar("SELECT CAST(date_trunc('month', min(date_start)) AS DATE) FROM events "
                        "WHERE country_iso3 = ?", [country])


def active_months(store: Store, country: str, since: date, until: date) -> int:
    return store.scalar("SELECT count(DISTINCT date_trunc('month', date_start)) FROM events WHERE country_iso3 = ? "
                        "AND date_start >= ? AND date_start < ?", [country, since, _next_month(until)])


def find_forecast_run(store: Store, country: str, unit: str, as_of: date, model: str,
                      scenario: str | None = None) -> str | None:
    """The newest stored run matching exactly (None when there is none)."""
    sql = ("SELECT run_id FROM forecast_runs WHERE country = ? AND unit = ? AND as_of = ? AND model = ? AND "
           + ("scenario IS NULL" if scenario is None else "scenario = ?") + " ORDER BY created_at DESC LIMIT 1")
    params = [country, unit, as_of, model] + ([] if scenario is None else [scenario])
    return store.scalar(sql, params)


def forecast_rows(store: Store, run_id: str) -> pd.DataFrame:
    return store.frame("SELECT * FROM forecasts WHERE run_id = ? ORDER BY target_month, unit_id", [run_id])


def forecast_run(store: Store, run_id: str) -> dict | None:
    recs = store.records("SELECT * FROM forecast_runs WHERE run_id = ?", [run_id])
    return recs[0] if recs else None


def region_names(store: Store, country: str) -> dict[str, str]:
    return dict(store.rows("SELECT id, name FROM regions WHERE level = 1 AND country = ?", [country]))


def country_name(store: Store, country: str) -> str:
    return (store.scalar("SELECT name FROM regions WHERE level = 0 AND country = ?", [country])
            or store.scalar("SELECT name FROM countries WHERE iso3 = ?", [country]) or country)


def actor_kinds(store: Store) -> dict[str, str]:
    """lower-case actor name or alias -> kind; the analysts' dictionary ('dict:' ids) wins over dataset lists,
    whose kinds are coarser ('armed group')."""
    kinds: dict[str, str] = {}
    for name, kind in store.rows(
            "SELECT name, kind FROM (SELECT a.name, a.kind, a.id FROM actors a WHERE a.kind IS NOT NULL UNION ALL "
            "SELECT l.alias, a.kind, a.id FROM actor_aliases l JOIN actors a ON a.id = l.actor_id "
            "WHERE a.kind IS NOT NULL) ORDER BY CASE WHEN id LIKE 'dict:%' THEN 0 ELSE 1 END, id"):
        kinds.setdefault(name.lower(), kind)
    return kinds


def _has_table(store: Store, name: str) -> bool:
    return bool(store.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]))


def standing_facts(store: Store, country: str, kinds: tuple[str, ...]) -> list[dict]:
    """Facts of the given kinds that stand (not rejected) from reports about the country, with their report's
    title, outlet, date and URL. An analyst's correction (edited_value) replaces the extracted value."""
    if not _has_table(store, "facts"):
        return []
    name = country_name(store, country)
    marks = ", ".join("?" for _ in kinds)
    recs = store.records(
        "WITH relevant AS (SELECT DISTINCT r.id FROM reports r LEFT JOIN facts f ON f.report_id = r.id "
        "LEFT JOIN places p ON p.id = f.place_id LEFT JOIN regions g ON g.id = f.region_id "
        "WHERE lower(coalesce(r.region_of_concern, '')) LIKE ? OR p.country = ? OR g.country = ?) "
        "SELECT f.id, f.report_id, f.kind, f.start_char, f.end_char, f.text, coalesce(f.edited_value, f.value) "
        "AS value, f.actor_id, f.region_id, f.status, r.title, r.outlet, r.published, r.source_url, r.path "
        f"FROM facts f JOIN reports r ON r.id = f.report_id WHERE f.report_id IN (SELECT id FROM relevant) "
        f"AND f.kind IN ({marks}) AND f.status <> 'rejected' ORDER BY r.published, f.report_id, f.start_char",
        ["%" + name.lower() + "%", country, country, *kinds])
    for rec in recs:
        try:
            rec["value"] = json.loads(rec["value"]) if rec["value"] else {}
        except (TypeError, ValueError):
            rec["value"] = {}
    return recs


def region_for_name(store: Store, country: str, name: str) -> str | None:
    """A region id for an admin-1 name or a place name in the country."""
    rid = store.scalar("SELECT id FROM regions WHERE level = 1 AND country = ? AND lower(name) = lower(?)",
                       [country, name])
    if rid:
        return rid
    return store.scalar("SELECT region_id FROM places WHERE country = ? AND lower(name) = lower(?) "
                        "AND region_id IS NOT NULL ORDER BY population DESC NULLS LAST LIMIT 1", [country, name])


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def report_texts(store: Store, report_ids: list[str]) -> dict[str, str]:
    if not report_ids:
        return {}
    marks = ", ".join("?" for _ in report_ids)
    return dict(store.rows(f"SELECT id, text FROM reports WHERE id IN ({marks})", list(report_ids)))


def rejected_spans(store: Store, report_ids: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Spans of facts an analyst rejected, per report: sentences holding one are not used."""
    if not report_ids:
        return {}
    marks = ", ".join("?" for _ in report_ids)
    found: dict[str, list[tuple[int, int]]] = {}
    for rid, start, end in store.rows(f"SELECT report_id, start_char, end_char FROM facts WHERE status = 'rejected' "
                                      f"AND report_id IN ({marks})", list(report_ids)):
        found.setdefault(rid, []).append((start, end))
    return found


def report_citations(store: Store, report_id: str) -> list[dict]:
    """The report's own footnotes (citation facts that stand), with their marker positions."""
    recs = store.records("SELECT coalesce(edited_value, value) AS value FROM facts WHERE report_id = ? "
                         "AND kind = 'citation' AND status <> 'rejected' ORDER BY start_char", [report_id])
    out = []
    for rec in recs:
        try:
            out.append(json.loads(rec["value"]))
        except (TypeError, ValueError):
            continue
    return out


def scenario_comparison(store: Store, key: dict) -> dict | None:
    recs = store.records("SELECT * FROM brief_scenarios WHERE country = ? AND as_of = ? AND scenario = ? AND model = ? "
                         "AND n_boot = ? AND unit_id = ? AND target_month = ?",
                         [key["country"], key["as_of"], key["scenario"], key["model"], key["n_boot"], key["unit_id"],
                          key["target_month"]])
    return recs[0] if recs else None


def save_scenario_comparison(store: Store, key: dict, values: dict) -> None:
    with store.transaction():
        store.execute("DELETE FROM brief_scenarios WHERE country = ? AND as_of = ? AND scenario = ? AND model = ? "
                      "AND n_boot = ? AND unit_id = ? AND target_month = ?",
                      [key["country"], key["as_of"], key["scenario"], key["model"], key["n_boot"], key["unit_id"],
                       key["target_month"]])
        store.execute("INSERT INTO brief_scenarios (country, as_of, scenario, model, n_boot, unit_id, target_month, "
                      "p_fatal, p_fatal_scenario, diff_p_fatal, diff_lo, diff_hi, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [key["country"], key["as_of"], key["scenario"], key["model"], key["n_boot"], key["unit_id"],
                       key["target_month"], values["p_fatal"], values["p_fatal_scenario"], values["diff_p_fatal"],
                       values.get("diff_lo"), values.get("diff_hi"), _now()])
        store.audit("brief.scenario", key["scenario"], {**key, **values})
