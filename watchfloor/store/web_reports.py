"""Reports and their facts as the dashboard reads them, and the analyst's review of a fact."""
from __future__ import annotations

from datetime import datetime, timezone

from watchfloor.store.connection import Store

FACT_STATUSES = ("extracted", "confirmed", "edited", "rejected")
REPORT_COLUMNS = ("id, path, title, published, authors, editors, region_of_concern, source_url, outlet, "
                  "reliability, language, read_at")


class FactError(ValueError):
    """A review that cannot be applied (unknown fact, bad status or value)."""


def list_reports(store: Store, limit: int = 200, offset: int = 0) -> list[dict]:
    return store.records(
        f"SELECT {REPORT_COLUMNS}, (SELECT count(*) FROM facts f WHERE f.report_id = r.id) AS facts "
        "FROM reports r ORDER BY published DESC NULLS LAST, read_at DESC LIMIT ? OFFSET ?", [limit, offset])


def get_report(store: Store, report_id: str) -> dict | None:
    found = store.records(f"SELECT {REPORT_COLUMNS}, text, sections FROM reports WHERE id = ?", [report_id])
    return found[0] if found else None


def report_facts(store: Store, report_id: str) -> list[dict]:
    return store.records("SELECT * FROM facts WHERE report_id = ? ORDER BY start_char, end_char DESC, id",
                         [report_id])


CONTEXT_CHARS = 160     # report text shown either side of a fact on the review page


def _review_where(status: str | None, kind: str | None, report_id: str | None, contains: str | None):
    clauses, params = [], []
    for column, value in (("f.status", status), ("f.kind", kind), ("f.report_id", report_id)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if contains:
        clauses.append("(f.text ILIKE ? ESCAPE '\\' OR f.value ILIKE ? ESCAPE '\\')")
        needle = "%" + contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [needle, needle]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def facts_for_review(store: Store, status: str | None = None, kind: str | None = None, limit: int = 200,
                     offset: int = 0, report_id: str | None = None, contains: str | None = None) -> list[dict]:
    """Facts with their report's title and the report text just before and after the span (`before`, `after`)."""
    where, params = _review_where(status, kind, report_id, contains)
    return store.records(
        "SELECT f.*, r.title AS report_title, r.published AS report_published, "
        "substr(r.text, greatest(f.start_char - ?, 0) + 1, f.start_char - greatest(f.start_char - ?, 0)) AS before, "
        "substr(r.text, f.end_char + 1, ?) AS after "
        f"FROM facts f JOIN reports r ON r.id = f.report_id {where} "
        "ORDER BY r.read_at DESC, f.report_id, f.start_char, f.id LIMIT ? OFFSET ?",
        [CONTEXT_CHARS, CONTEXT_CHARS, CONTEXT_CHARS] + params + [limit, offset])


def count_facts_for_review(store: Store, status: str | None = None, kind: str | None = None,
                           report_id: str | None = None, contains: str | None = None) -> int:
    where, params = _review_where(status, kind, report_id, contains)
    return store.scalar(f"SELECT count(*) FROM facts f {where}", params)


def fact_counts_by_kind(store: Store, status: str | None = None) -> dict[str, int]:
    where, params = _review_where(status, None, None, None)
    return dict(store.rows(f"SELECT f.kind, count(*) FROM facts f {where} GROUP BY 1 ORDER BY 1", params))


def get_fact(store: Store, fact_id: str) -> dict | None:
    found = store.records("SELECT * FROM facts WHERE id = ?", [fact_id])
    return found[0] if found else None


def review_fact(store: Store, fact_id: str, status: str, by: str, edited_value: dict | None = None,
                note: str | None = None) -> None:
    """Confirm, correct (status 'edited' with a new value) or reject a fact; audited. Rejections and
    corrections go through the reader's own functions (the same as `watchfloor facts reject|edit`)."""
    from watchfloor.store import reports

    if status not in FACT_STATUSES[1:]:
        raise FactError(f"unknown review {status!r}; expected confirmed, edited or rejected")
    try:
        if status == "rejected":
            reports.reject_fact(store, fact_id, note, user=by)
            return
        if status == "edited":
            reports.edit_fact(store, fact_id, edited_value, note, user=by)
            return
    except reports.FactError as exc:
        raise FactError(str(exc)) from None
    with store.transaction():
        if get_fact(store, fact_id) is None:
            raise FactError(f"no fact with id {fact_id!r}")
        store.execute("UPDATE facts SET status = 'confirmed', updated_by = ?, updated_at = ? WHERE id = ?",
                      [by, datetime.now(timezone.utc).replace(tzinfo=None), fact_id])
        store.audit("fact.confirm", fact_id, {"note": note} if note else None, actor=by)
