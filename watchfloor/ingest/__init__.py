"""Ingest: what each source layout means (layouts.py) and one module per source choosing the layout from a file's
header; each file's rows become `events` rows, with row-level errors."""
from watchfloor.ingest.common import ingest_file
from watchfloor.store.staging import IngestError, RowError

__all__ = ["IngestError", "RowError", "ingest_file"]
