"""Admin boundaries from GeoJSON, and fast point → admin-1 assignment."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from watchfloor.model import Region

# Property names tried, in order, when the caller does not name them (Natural Earth, geoBoundaries, GADM).
NAME_FIELDS = ("name", "shapeName", "NAME_1", "name_en", "ADM1_EN", "admin1Name", "NAME_2", "ADM2_EN", "admin2Name")
CODE_FIELDS = ("iso_3166_2", "shapeISO", "GID_1", "adm1_code", "ADM1_PCODE", "GID_2", "ADM2_PCODE", "shapeID")
COUNTRY_FIELDS = ("adm0_a3", "shapeGroup", "GID_0", "iso_a3", "ADM0_PCODE")
ALT_NAME_FIELDS = ("name_en", "name_fr", "gn_name", "name_alt", "VARNAME_1", "VARNAME_2")
# An admin-2 feature's admin-1 code (our prepared files, GADM, OCHA CODs); without one the parent is found
# by point-in-polygon when the regions are stored.
PARENT_FIELDS = ("parent_iso_3166_2", "GID_1", "ADM1_PCODE")

NEAREST_TOLERANCE_DEG = 0.1  # border points within this distance of a polygon still get it (coastline/border jitter)


class BoundaryError(ValueError):
    """A boundary file that cannot be used, with the feature and field at fault."""


def read_admin_geojson(path: str | Path, level: int = 1, name_field: str | None = None,
                       code_field: str | None = None, country: str | None = None) -> list[Region]:
    """Regions from a GeoJSON FeatureCollection; errors name the file, feature and field."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise BoundaryError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BoundaryError(f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or not features:
        raise BoundaryError(f"{path}: expected a GeoJSON FeatureCollection with at least one feature")
    regions = []
    for i, feat in enumerate(features):
        props = feat.get("properties") or {}
        where = f"{path}: feature {i}"
        name = _pick(props, name_field, NAME_FIELDS, where, "name")
        iso3 = (country or _pick(props, None, COUNTRY_FIELDS, where, "country")).upper()
        code = _pick(props, code_field, CODE_FIELDS, where, "code", required=False) or f"{iso3}-{i}"
        geom = feat.get("geometry")
        if not geom or geom.get("type") not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(f"{where} ({name}): geometry must be Polygon or MultiPolygon, "
                                f"got {geom.get('type') if geom else 'none'}")
        try:
            poly = shape(geom)
        except Exception as exc:  # shapely raises several types for bad coordinates
            raise BoundaryError(f"{where} ({name}): unreadable geometry: {exc}") from None
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        alts = tuple(sorted({str(props[f]) for f in ALT_NAME_FIELDS if props.get(f) and props[f] != name}))
        parent = next((props[f] for f in PARENT_FIELDS if level >= 2 and props.get(f) and props[f] != code), None)
        regions.append(Region(id=f"{iso3}.{code}", country=iso3, level=level, name=str(name), code=str(code),
                              geometry=shapely.geometry.mapping(poly), name_alt=alts, source=path.name,
                              parent_id=f"{iso3}.{parent}" if parent else None))
    return regions


def _pick(props: dict, explicit: str | None, candidates: tuple[str, ...], where: str, what: str,
          required: bool = True) -> str | None:
    if explicit:
        if explicit not in props:
            raise BoundaryError(f"{where}: no property {explicit!r} (has: {', '.join(sorted(props))})")
        return props[explicit]
    for key in candidates:
        if props.get(key) not in (None, ""):
            return props[key]
    if required:
        raise BoundaryError(f"{where}: no {what} property; expected one of {', '.join(candidates)} "
                            f"(name it with --{what}-field)")
    return None


class RegionIndex:
    """Point-in-polygon over a set of admin regions, vectorised (bbox prefilter + prepared geometry)."""

    def __init__(self, regions: list[tuple]):
        """regions: (region_id, name, GeoJSON geometry, country ISO3[, parent region id[, '|'-joined aliases]])."""
        self.ids = [r[0] for r in regions]
        self.names = [r[1] for r in regions]
        self.geoms = [shape(r[2]) if isinstance(r[2], dict) else r[2] for r in regions]
        self.countries = [r[3] for r in regions]
        self.parents = [r[4] if len(r) > 4 else None for r in regions]
        self.aliases = [tuple(a for a in (r[5] or "").split("|") if a) if len(r) > 5 else () for r in regions]
        for g in self.geoms:
            shapely.prepare(g)
        self.bounds = np.array([g.bounds for g in self.geoms]) if self.geoms else np.zeros((0, 4))
        self.tree = shapely.STRtree(self.geoms) if self.geoms else None
        self._near = None

    def _near_area(self):
        """Everything within the tolerance of some region (simplified, then padded so it stays a superset):
        points outside it skip the costly nearest-polygon search."""
        if self._near is None:
            slack = NEAREST_TOLERANCE_DEG / 10
            self._near = shapely.union_all([g.simplify(slack) for g in self.geoms]).buffer(
                NEAREST_TOLERANCE_DEG + slack, quad_segs=2)
            shapely.prepare(self._near)
        return self._near

    def assign(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Index of the region containing each point (-1 if none within tolerance)."""
        lat = np.asarray(lat, dtype=float)
        lon = np.asarray(lon, dtype=float)
        out = np.full(len(lat), -1, dtype=np.int64)
        if not self.geoms or len(lat) == 0:
            return out
        ok = np.isfinite(lat) & np.isfinite(lon)
        for k, g in enumerate(self.geoms):
            x0, y0, x1, y1 = self.bounds[k]
            cand = np.flatnonzero(ok & (out < 0) & (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
            if len(cand):
                hit = shapely.contains_xy(g, lon[cand], lat[cand])
                out[cand[hit]] = k
        missing = np.flatnonzero(ok & (out < 0))
        if len(missing):
            missing = missing[shapely.contains_xy(self._near_area(), lon[missing], lat[missing])]
        if len(missing):
            pts = shapely.points(lon[missing], lat[missing])
            idx, dist = self.tree.query_nearest(pts, max_distance=NEAREST_TOLERANCE_DEG,
                                                return_distance=True, all_matches=False)
            out[missing[idx[0]]] = idx[1]
        return out

    def nearest(self, lat: float, lon: float, among: list[int]) -> int:
        """Of the regions `among` (indexes), the one nearest the point (-1 if `among` is empty)."""
        if not among:
            return -1
        point = shapely.points(lon, lat)
        dist = shapely.distance(np.array([self.geoms[k] for k in among], dtype=object), point)
        return among[int(np.argmin(dist))]
