"""Ingest: one module per source layout; each maps a file's rows to `events` rows with row-level errors."""
from watchfloor.ingest.common import ingest_file
from watchfloor.store.staging import IngestError, RowError

__all__ = ["IngestError", "RowError", "ingest_file"]
