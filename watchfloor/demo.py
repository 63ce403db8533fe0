"""`watchfloor demo`: the whole pipeline on the bundled data, in a fresh store."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

from watchfloor.bundled import BUNDLED_EVENTS, load_reference
from watchfloor.geo.geojson import events_geojson
from watchfloor.geo.maps import choropleth
from watchfloor.ingest import ingest_file
from watchfloor.store import Store
from watchfloor.store.events import EventFilter, events_frame, summary_frame
from watchfloor.store.incidents import incident_counts
from watchfloor.store.reference import regions_frame
from watchfloor.store.settings import get_setting, set_setting

DEMO_FLAG = "built_by_demo"


class DemoRefused(RuntimeError):
    """The target store holds something other than demo data."""


def demo_store_path(db: str | None, out_dir: Path) -> Path:
    return Path(db or os.environ.get("WATCHFLOOR_DB") or out_dir / "demo.duckdb")


def fresh_demo_store(path: Path) -> Store:
    """Open `path` empty; refuse when it holds data that `watchfloor demo` did not put there."""
    if path.exists():
        store = Store.open(path)
        try:
            has_data = any(n for t, n in store.table_counts().items()
                           if t not in ("schema_version", "settings", "audit", "countries", "country_names",
                                        "country_gw_codes"))
            if has_data and get_setting(store, DEMO_FLAG) != "yes":
                raise DemoRefused(f"{path} holds data that `watchfloor demo` did not build; refusing to overwrite "
                                  "it (give another --db, or remove the file yourself)")
        finally:
            store.close()
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    store = Store.open(path)
    set_setting(store, DEMO_FLAG, "yes")
    return store


def pick_country(store: Store) -> str:
    """The country with the most stored events (the bundled data's main theatre)."""
    return store.scalar("SELECT country_iso3 FROM events WHERE country_iso3 IS NOT NULL "
                        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")


def country_slug(store: Store, iso3: str) -> str:
    name = store.scalar("SELECT name FROM regions WHERE level = 0 AND country = ?", [iso3]) or \
        store.scalar("SELECT name FROM countries WHERE iso3 = ?", [iso3]) or iso3
    return "".join(ch if ch.isalnum() else "_" for ch in name.lower()).strip("_")


def write_event_outputs(store: Store, iso3: str, out_dir: Path) -> tuple[Path, Path]:
    slug = country_slug(store, iso3)
    frame = events_frame(store, EventFilter(country=iso3))
    geo_path = out_dir / f"events_{slug}.geojson"
    geo_path.write_text(json.dumps(events_geojson(frame), ensure_ascii=False), encoding="utf-8")
    regions = regions_frame(store, iso3, geometry=True)
    totals = frame.groupby("region_id")["fatalities"].sum().to_dict()
    points = frame[["latitude", "longitude"]].copy()
    points["size"] = 4 + frame["fatalities"].clip(upper=100) * 1.5
    first, last = frame["date_start"].min(), frame["date_start"].max()
    png = choropleth(regions, totals, out_dir / f"events_{slug}.png", points=points,
                     title=f"{slug.replace('_', ' ').title()}: fatalities by admin-1 region, {first:%Y}–{last:%Y} "
                           f"({len(frame)} events)", legend="fatalities (best estimate)")
    return geo_path, png


def run_demo(db: str | None, out_dir: Path, country: str | None, say: Callable[[str], None] = print) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = demo_store_path(db, out_dir)
    outputs: dict = {"store": path}
    with fresh_demo_store(path) as store:
        counts = load_reference(store)
        say(f"store {path}: reference data loaded ({', '.join(f'{k} {v}' for k, v in counts.items())})")
        result = ingest_file(store, BUNDLED_EVENTS, "ucdp")
        say(f"bundled UCDP GED events: inserted {result.inserted}")
        iso3 = (country or pick_country(store)).upper()
        linked = incident_counts(store, iso3)
        say(f"incidents ({iso3}): {linked['records']} records, {linked['incidents']} incidents once linked across "
            f"sources ({linked['linked']} records linked; `watchfloor incidents show <record>`)")
        summary = summary_frame(store, iso3)
        pivot = summary.pivot_table(index="region", columns="year", values="fatalities", aggfunc="sum",
                                    fill_value=0)
        recent = [y for y in pivot.columns if y >= pivot.columns.max() - 5]
        say(f"\nFatalities per admin-1 region and year, {iso3} (UCDP GED, best estimate):")
        say(pivot[recent].to_string())
        outputs["geojson"], outputs["map"] = write_event_outputs(store, iso3, out_dir)
        say(f"\nwrote {outputs['geojson']}\nwrote {outputs['map']}")
        for step in _later_stages():
            outputs.update(step(store, iso3, out_dir, say) or {})
    return outputs


def _later_stages() -> list:
    """Pipeline steps after ingest (reader, forecast, brief), where this build has them."""
    steps = []
    try:
        from watchfloor.warn.pipeline import demo_step
        steps.append(demo_step)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("watchfloor.warn"):
            raise
    return steps
