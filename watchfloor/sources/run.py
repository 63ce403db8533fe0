"""Run a source: fetch from its cursor, apply the batch and store the next cursor in one transaction.

A batch of event rows goes through the ingest of its layout (staging, checks, upsert by source id, coverage,
incident linking), so a row the source sends again is `unchanged` and a revised one `updated`; rows the source
withdrew leave the store; a UCDP final release replaces the Candidate rows of the period it covers. A batch of
documents is read by the reader, each stored once (by URL and content hash). A failed run stores nothing but
its run row (status, error); the cursor stays, so the next run fetches the same rows again.
"""
from __future__ import annotations

import csv
import logging
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from watchfloor.sources import Batch, Item, SourceError, connector_for
from watchfloor.sources import ledger
from watchfloor.store.connection import Store

log = logging.getLogger("watchfloor.sources")
MAX_ROUNDS = 50      # fetches per run while a source says it has more (a long gap is caught up over runs)


@dataclass
class RunResult:
    source: str
    status: str = "ok"
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    withdrawn: int = 0
    reports: int = 0
    attempts: int = 0
    error: str | None = None
    skipped: list[str] = field(default_factory=list)
    report_ids: list[str] = field(default_factory=list)
    dataset_ids: list[int] = field(default_factory=list)
    backfill: bool = False          # the source's first run (no cursor yet): it brings the past, not news
    run_id: int | None = None

    def add(self, counts: dict) -> None:
        for key, value in counts.items():
            setattr(self, key, getattr(self, key) + value)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.withdrawn or self.reports)


def run_source(store: Store, name: str, *, model: bool | None = None) -> RunResult:
    """Run the source `name` once (several fetches while it has more); never raises for the source's faults:
    they end up in the result and the run row."""
    result, started = RunResult(name), ledger.now()
    connector = None
    try:
        config = ledger.source(store, name)
        connector = connector_for(config.kind)(name, config.settings)
        connector.seen = lambda url, content_hash=None: ledger.item_seen(store, url, content_hash)
        since = ledger.cursor(store, name)
        result.backfill = since is None
        for _ in range(MAX_ROUNDS):
            batch = connector.fetch(since)
            with store.transaction():
                result.add(apply_batch(store, name, batch, config.settings, model, result.report_ids,
                                       result.dataset_ids))
                ledger.save_cursor(store, name, batch.cursor)
            result.fetched += batch.fetched
            result.skipped += batch.skipped
            since = batch.cursor
            if not batch.more:
                break
    except SourceError as exc:
        result.status, result.error = "failed", str(exc)
        log.warning("source %s: %s", name, result.error)
    except Exception as exc:      # a bug or a store fault: reported as the run's error, the others go on
        message = str(exc)
        if connector is not None:
            message = connector.fetcher.redact(message)
        result.status, result.error = "failed", f"{exc.__class__.__name__}: {message}"
        log.warning("source %s: %s", name, result.error)
    result.attempts = connector.fetcher.attempts if connector is not None else 0
    with store.transaction():
        result.run_id = ledger.record_run(store, name, started, result.status, result.as_dict(), result.attempts,
                                          result.error)
        if result.changed or result.error:
            store.audit("source.run", name, {k: v for k, v in result.as_dict().items()
                                             if k not in ("skipped", "report_ids", "dataset_ids")})
    return result


def apply_batch(store: Store, name: str, batch: Batch, settings: dict, model: bool | None,
                report_ids: list[str], dataset_ids: list[int] | None = None) -> dict:
    """Store what a batch brought; joins the caller's transaction. Returns the counts."""
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "rejected": 0, "withdrawn": 0, "reports": 0}
    if batch.replaces_candidates:
        first, last = batch.replaces_candidates
        counts["withdrawn"] += ledger.withdraw_events(
            store, ledger.candidate_events(store, name, first, last), f"{name} release {batch.release}")
    if batch.rows:
        found = _ingest_rows(store, name, batch)
        if dataset_ids is not None and (found["inserted"] or found["updated"]):
            dataset_ids.append(found["dataset_id"])
        for key in ("inserted", "updated", "unchanged", "rejected"):
            counts[key] += found[key]
    if batch.withdrawn:
        counts["withdrawn"] += ledger.withdraw_events(store, [f"{batch.layout}:{i}" for i in batch.withdrawn],
                                                      f"withdrawn by {name}")
    use_model = settings.get("model", True) if model is None else model
    for item in batch.documents:
        report_id = read_item(store, name, item, use_model)
        if report_id:
            counts["reports"] += 1
            report_ids.append(report_id)
    return counts


def _ingest_rows(store: Store, name: str, batch: Batch) -> dict:
    from watchfloor.bundled import ensure_countries
    from watchfloor.ingest.common import link_ingested
    from watchfloor.ingest import acled, ucdp
    from watchfloor.sources import gdelt
    from watchfloor.store.staging import ingest_csv
    specs = {"acled": (acled.layout_for, acled.LICENCE), "ucdp": (ucdp.layout_for, ucdp.LICENCE),
             "gdelt": (lambda path, header: gdelt.LAYOUT, gdelt.LICENCE)}
    layout_for, licence = specs[batch.layout]
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    with tempfile.TemporaryDirectory(prefix="watchfloor-source-") as tmp:
        path = Path(tmp) / f"{name}-{batch.release or batch.layout}-{stamp}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(batch.columns), extrasaction="ignore", restval="")
            writer.writeheader()
            writer.writerows(batch.rows)
        header = list(batch.columns)
        spec = layout_for(path, header)
        ensure_countries(store)
        with store.transaction():
            result = ingest_csv(store, path, spec, header, licence=licence, skip_bad_rows=True)
            ledger.note_dataset(store, result.dataset_id, name, batch.release, batch.candidate)
            if result.inserted or result.updated:
                link_ingested(store, result.dataset_id, str(path))
    return result.as_dict() | {"dataset_id": result.dataset_id}


def read_item(store: Store, name: str, item: Item, model: bool) -> str | None:
    """Read one feed or folder item and store its report, once by URL and content hash; the report's id."""
    from watchfloor.read import document as documents
    from watchfloor.read.pipeline import reader_for
    from watchfloor.store.reports import corroborated_events, store_report
    if ledger.item_seen(store, item.url, item.content_hash):
        return None
    try:
        text, meta = _text(item, documents)
        reader = reader_for(store)
        if model:
            from watchfloor.read.nlp import ModelUnavailable, model_reader, warn_unavailable
            try:
                reader = model_reader(reader)
            except ModelUnavailable as exc:
                warn_unavailable(exc)
        result = reader.read(item.url, text, meta | item.meta)
    except documents.DocumentError as exc:
        log.warning("source %s: %s", name, exc)
        ledger.note_item(store, item.url, item.content_hash, name, None)   # unreadable: not tried again
        return None
    result.corroborated = {("event", e["start"]) for e in corroborated_events(store, result.report_id, result.events)}
    report_id, created = store_report(store, result)
    ledger.note_item(store, item.url, item.content_hash, name, report_id)
    return report_id if created else None


def _text(item: Item, documents) -> tuple[str, dict]:
    kind = item.content_type.split(";")[0].strip().lower()
    suffix = Path(item.url.split("?")[0]).suffix.lower()
    if kind == "application/pdf" or item.content.startswith(b"%PDF") or suffix == ".pdf":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "item.pdf"
            path.write_bytes(item.content)
            _, text, meta = documents.load(path)[0]
            return text, meta
    text = documents.decode(item.content, item.url)
    head = text[:2000].lstrip().lower()
    if "html" in kind or suffix in documents.HTML_SUFFIXES or head.startswith(("<!doctype html", "<html")):
        return documents.html_to_text(text, item.url)
    return text, {}
