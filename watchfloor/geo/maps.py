"""Static maps with matplotlib: admin-1 regions shaded by a value, events as points. No web tiles."""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import Polygon as MplPolygon  # noqa: E402
from shapely.geometry import shape  # noqa: E402


def _patches(geometry: dict) -> list[MplPolygon]:
    geom = shape(geometry)
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    return [MplPolygon(list(p.exterior.coords), closed=True) for p in polys]


def choropleth(regions: pd.DataFrame, values: dict[str, float], path: str | Path, *, title: str,
               legend: str, points: pd.DataFrame | None = None, cmap: str = "OrRd",
               vmax: float | None = None, labels: bool = True) -> Path:
    """regions: id, name, geometry (GeoJSON text). values: region id -> number. points: latitude, longitude,
    optional `size` column. Writes a PNG and returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(8, 7), dpi=110)
    patches, shades = [], []
    for rec in regions.to_dict("records"):
        for patch in _patches(json.loads(rec["geometry"])):
            patches.append(patch)
            shades.append(values.get(rec["id"], 0.0))
    coll = PatchCollection(patches, cmap=cmap, edgecolor="#555555", linewidth=0.6)
    coll.set_array(shades)
    coll.set_clim(0, vmax if vmax is not None else max(max(shades, default=1.0), 1e-9))
    ax.add_collection(coll)
    fig.colorbar(coll, ax=ax, shrink=0.7, label=legend)
    if points is not None and not points.empty:
        size = points["size"] if "size" in points else 8
        ax.scatter(points["longitude"], points["latitude"], s=size, c="#1f3b73", alpha=0.55,
                   edgecolors="white", linewidths=0.3, zorder=3, label="events")
        ax.legend(loc="lower left", fontsize=8)
    if labels:
        for rec in regions.to_dict("records"):
            c = shape(json.loads(rec["geometry"])).representative_point()
            ax.annotate(rec["name"], (c.x, c.y), fontsize=7, ha="center", color="#222222", zorder=4)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
