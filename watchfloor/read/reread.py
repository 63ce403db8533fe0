"""Re-reading stored reports with the current reader.

A report's id is the hash of its text, so re-reading keeps it; what changes are its extracted facts. The
analysts' work and what other records rest on stay exactly as they are:

- facts an analyst confirmed, edited or rejected (status other than 'extracted');
- facts a tracked judgment was made from (judgments.fact_id);
- report events an analyst merged or split in incident links.

A newly read fact on the same kind and span as a kept one is not added (the kept one stands for it). Every
other fact of the report is replaced; automatic incident links of removed report events go with them (the
next `watchfloor incidents link` makes new ones). New judgments are tracked as on first reading. One
transaction per report: a failure leaves that report as it was.

The reader's version (components.READER_REVISION and its config) is stored with each report; migration 0101
re-reads reports read before versions were stored, and `watchfloor reports reread` those of another version.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from watchfloor.read import document as documents


@dataclass
class RereadSummary:
    version: str
    reports: int = 0
    added: int = 0
    removed: int = 0
    kept: int = 0
    failed: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"version": self.version, "reports": self.reports, "facts_added": self.added,
                "facts_removed": self.removed, "facts_kept": self.kept, "failed": self.failed}


def stale_reports(store, version: str) -> list[str]:
    return [r for (r,) in store.rows("SELECT id FROM reports WHERE reader_version IS DISTINCT FROM ? ORDER BY id",
                                     [version])]


def reread_reports(store, *, every: bool = False, model: bool = True, progress=None,
                   user: str | None = None) -> RereadSummary:
    """Re-read the stored reports whose reader version differs from the current one (all with `every`)."""
    from watchfloor.read.pipeline import _with_model, reader_for
    reader = _with_model(reader_for(store), model)
    version = reader.version
    ids = [r for (r,) in store.rows("SELECT id FROM reports ORDER BY id")] if every else stale_reports(store, version)
    summary = RereadSummary(version)
    for report_id in ids:
        try:
            added, removed, kept = reread_one(store, reader, report_id, user=user)
        except (documents.DocumentError, RecursionError) as exc:
            summary.failed.append({"report": report_id, "error": str(exc)})
            continue
        summary.reports += 1
        summary.added += added
        summary.removed += removed
        summary.kept += kept
        if progress:
            progress(report_id)
    return summary


def reread_one(store, reader, report_id: str, user: str | None = None) -> tuple[int, int, int]:
    """Re-read one stored report: (facts added, facts removed, facts kept)."""
    from watchfloor.judgments.tracking import track_report
    from watchfloor.store.reports import corroborated_events, fact_frame
    row = store.records("SELECT path, title, published, authors, editors, region_of_concern, source_url, outlet, "
                        "language, text FROM reports WHERE id = ?", [report_id])[0]
    meta = {"title": row["title"], "published": row["published"], "authors": json.loads(row["authors"] or "[]"),
            "editors": json.loads(row["editors"] or "[]"), "source_url": row["source_url"], "outlet": row["outlet"],
            "language": row["language"]}
    result = reader.read(row["path"] or report_id, row["text"], {k: v for k, v in meta.items() if v})
    if result.report_id != report_id:       # the text is stored as read, so this cannot happen unless it was edited
        raise documents.DocumentError(f"report {report_id}: its stored text no longer has its hash; not re-read")
    result.corroborated = {("event", e["start"]) for e in corroborated_events(store, report_id, result.events)}
    kept = _kept_facts(store, report_id)
    kept_spans = {(f["kind"], f["start_char"], f["end_char"]) for f in kept}
    new = [f for f in result.facts() if (f["kind"], f["start"], f["end"]) not in kept_spans]
    frame = fact_frame(report_id, new, taken={f["id"] for f in kept})
    with store.transaction():
        gone = [r for (r,) in store.rows(
            "SELECT id FROM facts WHERE report_id = ? AND id NOT IN (SELECT unnest(?::TEXT[]))",
            [report_id, [f["id"] for f in kept]])]
        if gone:
            _drop_auto_links(store, gone)
            store.execute("DELETE FROM facts WHERE report_id = ? AND id IN (SELECT unnest(?::TEXT[]))",
                          [report_id, gone])
        if len(frame):
            from watchfloor.store.reports import insert_fact_frame
            insert_fact_frame(store, frame)
        store.execute("UPDATE reports SET reader_version = ? WHERE id = ?", [reader.version, report_id])
        store.audit("report.reread", report_id, {"version": reader.version, "added": len(frame),
                                                 "removed": len(gone), "kept": len(kept)}, actor=user)
        track_report(store, report_id, user)
    return len(frame), len(gone), len(kept)


def _kept_facts(store, report_id: str) -> list[dict]:
    return store.records(
        "SELECT f.id, f.kind, f.start_char, f.end_char FROM facts f WHERE f.report_id = ? AND (f.status <> 'extracted' "
        "OR f.id IN (SELECT fact_id FROM judgments WHERE fact_id IS NOT NULL) "
        "OR f.id IN (SELECT record_a FROM incident_links WHERE decision <> 'auto' "
        "UNION SELECT record_b FROM incident_links WHERE decision <> 'auto'))", [report_id])


def _drop_auto_links(store, fact_ids: list[str]) -> None:
    store.execute("DELETE FROM incident_links WHERE decision = 'auto' AND (record_a IN (SELECT unnest(?::TEXT[])) "
                  "OR record_b IN (SELECT unnest(?::TEXT[])))", [fact_ids, fact_ids])
    store.execute("DELETE FROM incident_members WHERE record_id IN (SELECT unnest(?::TEXT[]))", [fact_ids])
