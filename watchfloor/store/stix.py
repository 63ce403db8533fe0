"""Imported STIX objects (SQL only; the mapping lives in watchfloor/exchange/stix.py)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from watchfloor.store.connection import Store


def _country(spec: dict, extension_id: str) -> str | None:
    """The ISO3 code an object states: our extension's country, else a location's ISO2 country (upper)."""
    ours = (spec.get("extensions") or {}).get(extension_id) or {}
    return ours.get("country") or None


def keep(store: Store, objects: list[dict], origin: str, by: str, extension_id: str) -> dict[str, int]:
    """Store each object by STIX id; one already held is replaced only by a newer `modified`."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with store.transaction():
        for spec in objects:
            held = store.rows("SELECT modified FROM stix_objects WHERE id = ?", [spec["id"]])
            modified = spec.get("modified")
            if held and (held[0][0] or "") >= (modified or ""):
                counts["unchanged"] += 1
                continue
            if held:
                store.execute("DELETE FROM stix_objects WHERE id = ?", [spec["id"]])
            country = _country(spec, extension_id)
            store.execute("INSERT INTO stix_objects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [spec["id"], spec["type"], modified, spec.get("created_by_ref"), country,
                           json.dumps(spec, ensure_ascii=False, sort_keys=True), origin, by, now])
            counts["updated" if held else "added"] += 1
        store.audit("stix.import", origin, counts, actor=by)
    return counts


def imported(store: Store, country: str) -> list[dict]:
    """The imported objects that belong with an export of `country`: those that state it, and every object
    that states no country (actors, reports, relationships, producers)."""
    return [json.loads(spec) for (spec,) in store.rows(
        "SELECT spec FROM stix_objects WHERE country = ? OR country IS NULL ORDER BY id", [country])]
