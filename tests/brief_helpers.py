"""A drafted brief on the made-up country, shared by the brief tests."""
from __future__ import annotations

from pathlib import Path

from warn_helpers import freedonia_store, read_freedonia_report

from watchfloor.warn.brief import create_brief


def freedonia_brief(tmp: Path, scenario_boot: int = -1, db: str | None = None):
    """(store, brief id) for a brief on Freedonia, with its report read (what-ifs left out unless asked:
    their bootstrap refits take seconds); the store in `tmp`, or at `db` (a path or a PostgreSQL URL)."""
    store = freedonia_store(tmp, db)
    read_freedonia_report(store, tmp)
    brief_id = create_brief(store, "XFD", authors=["Ada Field"], editors=["Ben Stone"], scenario_boot=scenario_boot)
    return store, brief_id


def sentences(content: dict) -> list[dict]:
    return [s for name in ("event", "significance", "recommendations") for s in content["sections"][name]]
