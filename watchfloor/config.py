"""Settings: where the store lives and where the shipped data is."""
from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DB = "watchfloor.duckdb"


def store_path(explicit: str | os.PathLike | None = None) -> str:
    """The store to use: an explicit path, else $WATCHFLOOR_DB, else ./watchfloor.duckdb."""
    if explicit:
        return str(explicit)
    return os.environ.get("WATCHFLOOR_DB") or DEFAULT_DB


def current_user() -> str:
    """Who the audit log names for CLI work: $WATCHFLOOR_USER, else the OS user."""
    return os.environ.get("WATCHFLOOR_USER") or os.environ.get("USER") or "cli"
