"""Run a source: fetch from its cursor, apply the batch and store the next cursor in one transaction.

The network and the reader come first, with no write: a fetch, then the batch's documents read; only then
the write (`writer`, the server's write lock when the watch runs inside the server) for one short
transaction. The documents of a batch are stored one by one but tracked and linked set-wise at the end of
the batch (`tracking_held`, `linking_held`): the same judgments and incidents as one at a time, without
reloading the vocabulary, the naming and the records window for every report.

A batch of event rows goes through the ingest of its layout (staging, checks, upsert by source id, coverage,
incident linking), so a row the source sends again is `unchanged` and a revised one `updated`; rows the source
withdrew leave the store; a UCDP final release replaces the Candidate rows of the period it covers. A batch of
documents is read by the reader, each stored once (by URL and content hash). A failed run stores nothing but
its run row (status, error); the cursor stays, so the next run fetches the same rows again.
"""
from __future__ import annotations

import csv
import json
import logging
import tempfile
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from watchfloor.sources import Batch, Item, SourceError, connector_for
from watchfloor.sources import ledger
from watchfloor.sources.exclusive import exclusive
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
    note: str | None = None         # why a run was skipped

    def add(self, counts: dict) -> None:
        for key, value in counts.items():
            setattr(self, key, getattr(self, key) + value)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.withdrawn or self.reports)


Writer = Callable[[], AbstractContextManager[Store]]


@dataclass
class ReadItem:
    """A batch's document as read before the write: the reader's result, or why it could not be read."""
    item: Item
    result: object | None = None
    error: str | None = None


def run_source(store: Store, name: str, *, model: bool | None = None, writer: Writer | None = None) -> RunResult:
    """Run the source `name` once (several fetches while it has more); never raises for the source's faults:
    they end up in the result and the run row. `store` is read from at any time; each write goes through
    `writer()` (default: `store` itself), taken only after the fetch and the reading. A source is run by one
    thread and process at a time: a run started while another runs it is skipped (status 'skipped', no run row),
    so that two watches on one PostgreSQL store, or a watch and `sources run`, never ingest one batch twice."""
    with exclusive(store, f"source:{name}", wait=False) as mine:
        if not mine:
            # another thread or process runs this source now: its run stores the batch (one run, not two)
            result = RunResult(name, status="skipped", note=f"source {name} is being run by another process "
                               "or thread now; this run is skipped (see `watchfloor sources status` for its result)")
            log.info("%s", result.note)
            _note_skip(writer or (lambda: nullcontext(store)), name)
            return result
        return _run_held(store, name, model, writer or (lambda: nullcontext(store)))


def _note_skip(writing: Writer, name: str) -> None:
    """Leave the skip's trace for the status and the Sources page; a store fault here only costs the trace."""
    try:
        with writing() as target, target.transaction():
            ledger.record_skip(target, name)
    except Exception as exc:
        log.warning("source %s: the skipped run could not be noted: %s", name, exc)


def _run_held(store: Store, name: str, model: bool | None, writing: Writer) -> RunResult:
    result, started = RunResult(name), ledger.now()
    connector = None
    try:
        config = ledger.source(store, name)
        connector = connector_for(config.kind)(name, config.settings)
        connector.seen = lambda url, content_hash=None: ledger.item_seen(store, url, content_hash)
        since = ledger.cursor(store, name)
        result.backfill = since is None
        use_model = config.settings.get("model", True) if model is None else model
        for _ in range(MAX_ROUNDS):
            batch = connector.fetch(since)
            read = read_items(store, name, batch.documents, use_model)
            with writing() as target, target.transaction():
                result.add(apply_batch(target, name, batch, config.settings, model, result.report_ids,
                                       result.dataset_ids, read))
                ledger.save_cursor(target, name, batch.cursor)
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
    with writing() as target, target.transaction():
        result.run_id = ledger.record_run(target, name, started, result.status, result.as_dict(), result.attempts,
                                          result.error)
        if result.changed or result.error:
            target.audit("source.run", name, {k: v for k, v in result.as_dict().items()
                                              if k not in ("skipped", "report_ids", "dataset_ids")})
    return result


def apply_batch(store: Store, name: str, batch: Batch, settings: dict, model: bool | None,
                report_ids: list[str], dataset_ids: list[int] | None = None,
                read: list[ReadItem] | None = None) -> dict:
    """Store what a batch brought; joins the caller's transaction. Returns the counts. `read`: the batch's
    documents as `read_items` read them (read here when not given)."""
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
    if read is None:
        use_model = settings.get("model", True) if model is None else model
        read = read_items(store, name, batch.documents, use_model)
    for report_id in store_items(store, name, read):
        counts["reports"] += 1
        report_ids.append(report_id)
    return counts


def _ingest_rows(store: Store, name: str, batch: Batch) -> dict:
    from watchfloor.bundled import ensure_countries
    from watchfloor.ingest.common import link_ingested
    from watchfloor.ingest import acled, ucdp
    from watchfloor.sources import gdelt
    from watchfloor.store.layouts import layout_sql
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
            result = ingest_csv(store, path, layout_sql(spec), header, licence=licence, skip_bad_rows=True)
            ledger.note_dataset(store, result.dataset_id, name, batch.release, batch.candidate)
            if result.inserted or result.updated:
                link_ingested(store, result.dataset_id, str(path))
    return result.as_dict() | {"dataset_id": result.dataset_id}


def read_items(store: Store, name: str, items: list[Item], model: bool) -> list[ReadItem]:
    """Read a batch's documents, writing nothing (items already stored are left out)."""
    from watchfloor.read import document as documents
    from watchfloor.read.pipeline import reader_for
    found = []
    seen = ledger.contents_seen(store, [item.content_hash for item in items])
    for item in items:
        if item.content_hash in seen:
            continue
        seen.add(item.content_hash)            # a copy later in the batch is not read twice
        try:
            text, meta = _text(item, documents)
            reader = reader_for(store)
            if model:
                from watchfloor.read.nlp import ModelUnavailable, model_reader, warn_unavailable
                try:
                    reader = model_reader(reader)
                except ModelUnavailable as exc:
                    warn_unavailable(exc)
            found.append(ReadItem(item, reader.read(item.url, text, meta | item.meta)))
        except documents.DocumentError as exc:
            found.append(ReadItem(item, error=str(exc)))
    return found


def store_items(store: Store, name: str, read: list[ReadItem]) -> list[str]:
    """Store read documents, each once by URL and content hash, in the order they came; the new reports' ids.
    Joins the caller's transaction. Their judgments are tracked and their events linked set-wise once all are
    stored."""
    from watchfloor.incidents.service import linking_held
    from watchfloor.judgments.tracking import tracking_held
    from watchfloor.store.reports import store_reports
    noted = []
    with store.transaction(), tracking_held(store), \
            linking_held(store, reason=f"read reports from {name}"):
        # looked up again here, in the write: another run may have stored some since they were read
        seen = ledger.contents_seen(store, [entry.item.content_hash for entry in read])
        stated = StatedEvents(store) if read else None
        ids = sorted({entry.result.report_id for entry in read if entry.result is not None})
        fresh = set(ids) - ledger.reports_stored(store, ids)     # reports this batch will store
        prepared = []
        for entry in read:
            item = entry.item
            if item.content_hash in seen:          # stored before, or an earlier item of this batch
                continue
            seen.add(item.content_hash)
            if entry.result is None:
                log.warning("source %s: %s", name, entry.error)
                noted.append((item.url, item.content_hash, name, None))   # unreadable: not tried again
                continue
            prepared.append(_prepare_read(entry.result, stated, fresh))
            noted.append((item.url, item.content_hash, name, entry.result.report_id))
        created = store_reports(store, prepared)
        created_ids = [row[0] for (row, _), new in zip(prepared, created) if new]
        ledger.note_items(store, noted)
    return created_ids


def _prepare_read(result, stated: "StatedEvents", fresh: set[str]):
    """A batch's report as `store_reports` inserts it, corroborated against the stored reports and the batch's
    earlier ones (as one at a time); the events of a report the batch stores (the first time it comes: `fresh`
    loses it) join `stated` for the later ones."""
    from watchfloor.store.reports import prepare_report_rows
    events = stated.corroborated(result.report_id, result.events)
    result.corroborated = {("event", e["start"]) for e in events}
    prepared = prepare_report_rows(result)
    if result.report_id in fresh:
        fresh.discard(result.report_id)
        stated.add_facts(result.report_id, prepared[1])
    return prepared


def read_item(store: Store, name: str, item: Item, model: bool) -> str | None:
    """Read one feed or folder item and store its report, once by URL and content hash; the report's id (None
    when it was stored before). Item by item: tracked and linked at once (`store_items` does a batch)."""
    read = read_items(store, name, [item], model)
    if not read:
        return None
    if read[0].result is None:
        log.warning("source %s: %s", name, read[0].error)
        ledger.note_item(store, item.url, item.content_hash, name, None)
        return None
    report_id, created = _store_read(store, item, read[0].result)
    ledger.note_item(store, item.url, item.content_hash, name, report_id)
    return report_id if created else None


def _store_read(store: Store, item: Item, result) -> tuple[str, bool]:
    from watchfloor.store.reports import corroborated_events, store_report
    events = corroborated_events(store, result.report_id, result.events)      # against the reports stored so far
    result.corroborated = {("event", e["start"]) for e in events}
    return store_report(store, result)


class StatedEvents:
    """What the stored reports' standing events state — (sub-type, place, date) → the reports stating it — read
    once for a batch: `corroborated_events` (which reads every report's events again for each report) for a
    batch, kept up to date as the batch's reports are stored."""

    def __init__(self, store: Store):
        from watchfloor.store.incidents import report_event_values
        self.reports_of: dict[tuple, set[str]] = {}
        for report_id, value in report_event_values(store):
            self._add(report_id, value)

    def _add(self, report_id: str, value: str) -> None:
        v = json.loads(value)
        try:
            self.reports_of.setdefault((v.get("sub_type"), v.get("place"), v.get("date")), set()).add(report_id)
        except TypeError:          # a value no event of a report can equal
            pass

    def corroborated(self, report_id: str, events: list[dict]) -> list[dict]:
        """The events another stored report also states: same sub-type, place and date."""
        return [e for e in events if e.get("place") and e.get("date")
                and self.reports_of.get((e["sub_type"], e["place"], e["date"]), set()) - {report_id}]

    def add_facts(self, report_id: str, facts: list[tuple]) -> None:
        """A report about to be stored: its event facts (rows from `fact_rows`), as the store will hold them."""
        for fact in facts:
            if fact[2] == "event":            # (id, report_id, kind, start, end, text, value, …)
                self._add(report_id, fact[6])


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
