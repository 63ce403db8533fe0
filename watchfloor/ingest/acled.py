"""ACLED CSV in ACLED's standard export layout."""
from __future__ import annotations

from pathlib import Path

from watchfloor.store.layouts import ACLED, LayoutSQL

LICENCE = "ACLED terms of use (not redistributable)"


def layout_for(path: Path, header: list[str]) -> LayoutSQL:
    return ACLED
