"""UCDP GED CSV: the full standard release layout (49 columns, GED 20.1+) and the reduced layout we ship."""
from __future__ import annotations

from pathlib import Path

from watchfloor.ingest.layouts import GED_FULL, GED_REDUCED_COLUMNS, ged_reduced
from watchfloor.layout_terms import Layout
from watchfloor.store.staging import IngestError

LICENCE = "CC BY 4.0 (UCDP)"


def layout_for(path: Path, header: list[str]) -> Layout:
    """Choose the GED variant from the header."""
    cols = set(header)
    if {"country_id", "date_prec", "best", "side_a"} <= cols:
        return GED_FULL
    if {"best_death", "side_a", "year", "month", "day"} <= cols:
        return ged_reduced(has_date_start="date_start" in cols, has_iso3="iso3" in cols,
                           has_admin1="ne_admin1_name" in cols)
    if "event_id_cnty" in cols:
        raise IngestError(f"{path}: line 1: an ACLED export (event_id_cnty), not a UCDP GED file; ingest it with "
                          "`watchfloor ingest acled`")
    raise IngestError(f"{path}: line 1: not a UCDP GED header; expected the standard release columns "
                      f"(id, date_start, country_id, best, …) or the reduced ones ({', '.join(GED_REDUCED_COLUMNS)})")
