"""ACLED CSV in ACLED's standard export layout (the 2024+ columns and the older ones with numeric actor codes)."""
from __future__ import annotations

from pathlib import Path

from watchfloor.ingest.layouts import ACLED
from watchfloor.layout_terms import Layout
from watchfloor.store.staging import IngestError

LICENCE = "ACLED terms of use (not redistributable)"
AGGREGATED = {"week", "events", "fatalities", "admin1"}     # ACLED's weekly aggregated data (per admin-1)
GED = {"id", "side_a", "side_b", "type_of_violence"}


def layout_for(path: Path, header: list[str]) -> Layout:
    cols = set(header)
    if "event_id_cnty" not in cols and AGGREGATED <= cols:
        raise IngestError(f"{path}: line 1: ACLED's aggregated data (events and fatalities per week and admin-1), "
                          "not events; expected an event export (one row per event, with event_id_cnty) from "
                          "ACLED's data export tool")
    if "event_id_cnty" not in cols and GED <= cols:
        raise IngestError(f"{path}: line 1: a UCDP GED file (id, side_a, side_b, type_of_violence), not an ACLED "
                          "export; ingest it with `watchfloor ingest ucdp`")
    return ACLED
