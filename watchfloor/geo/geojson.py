"""Events and regions as GeoJSON FeatureCollections."""
from __future__ import annotations

import json
import math
from datetime import date, datetime

import pandas as pd


def _plain(value):
    if value is None:
        return None
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return value.isoformat()[:10]
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def events_geojson(events: pd.DataFrame) -> dict:
    features = []
    for rec in events.to_dict("records"):
        lat, lon = rec.get("latitude"), rec.get("longitude")
        if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
            continue
        props = {k: _plain(v) for k, v in rec.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature", "id": rec["id"],
                         "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def regions_geojson(regions: pd.DataFrame, values: dict[str, dict] | None = None) -> dict:
    """regions: a frame with id, name, country and geometry (GeoJSON text); values: extra properties by id."""
    features = []
    for rec in regions.to_dict("records"):
        props = {"id": rec["id"], "name": rec["name"], "country": rec["country"]}
        props.update((values or {}).get(rec["id"], {}))
        features.append({"type": "Feature", "id": rec["id"], "geometry": json.loads(rec["geometry"]),
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}
