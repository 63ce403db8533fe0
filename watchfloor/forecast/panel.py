"""Panels: unit × month tables of fatalities, with neighbour sums and force-presence covariates.

A panel counts the events of its chosen sources (by default the one source covering the country longest,
see store/coverage.py). A month a chosen source covers and records nothing for is zero; a month no chosen
source covers is missing (NaN outcomes), never zero, and each source's events count only in the months it
covers. `panel.attrs` names the sources and the missing months.

A unit is an admin-1 region of the country or a PRIO-GRID cell (0.5°) over its admin-0 polygon. Events
count where they happened: by the region their point falls in (admin-1) or the cell that holds the point
(grid), whatever country the source filed them under. Events without a region (points outside every
polygon) drop out of admin-1 panels; border cells of a grid panel also hold the neighbour's events in the
part of the cell outside the country, as PRIO-GRID does.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box, shape

from watchfloor.store import Store
from watchfloor.store.coverage import months_by_source, resolve_sources
from watchfloor.store.forecasts import country_geometry, panel_events, report_signals
from watchfloor.store.reference import force_presence_frame, region_index, regions_frame

UNITS = ("admin1", "grid")
CELL_DEG = 0.5
VIOLENCE_COLUMNS = {"state-based": "fatalities_state_based", "non-state": "fatalities_non_state",
                    "one-sided": "fatalities_one_sided"}
# What a month reveals, known only once it is over (a view for an origin holds none of them from the origin on).
# report_events / report_judgments: the desk's own reading (read reports' events and estimative judgments
# per unit, by publication month), a covariate no peer uses.
# Events by the kind of actor on either side (the actors table's kinds, the analysts' dictionary first) and
# by violence type: the mix of who fights whom, for the candidate actor-mix features.
ACTOR_GROUPS = {"events_jihadist": ("jihadist group",),
                "events_foreign": ("foreign state", "foreign force", "peacekeeping mission", "PMC"),
                "events_militia": ("militia", "communal group", "militia coalition")}
EVENT_TYPE_COLUMNS = {"one-sided": "events_one_sided", "non-state": "events_non_state"}
MIX_COLUMNS = [*ACTOR_GROUPS, *EVENT_TYPE_COLUMNS.values()]
OUTCOME_COLUMNS = ["fatalities", "events", *VIOLENCE_COLUMNS.values(), *MIX_COLUMNS, "nb_fatalities", "nb_events",
                   "report_events", "report_judgments"]
COVARIATE_COLUMNS = ["troops", "troops_nearby", "bases"]


class PanelError(ValueError):
    """A panel that cannot be built: unknown unit kind, country without regions, no events."""


@dataclass(frozen=True)
class Units:
    """The units of a panel: ids, display names, the admin-1 region each sits in, and who touches whom."""
    ids: list[str]
    names: list[str]
    region_ids: list[str | None]
    neighbours: dict[str, list[str]]
    geometries: list  # shapely geometries, same order as ids


def prio_gid(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """PRIO-GRID cell id: gid = (row − 1)·720 + col, row = ⌊(lat + 90)/0.5⌋ + 1, col = ⌊(lon + 180)/0.5⌋ + 1."""
    row = np.floor((np.asarray(lat, float) + 90) / CELL_DEG).astype(np.int64) + 1
    col = np.floor((np.asarray(lon, float) + 180) / CELL_DEG).astype(np.int64) + 1
    return (row - 1) * 720 + col


def gid_centre(gid: int) -> tuple[float, float]:
    """(lat, lon) of a cell's centre."""
    row, col = (gid - 1) // 720 + 1, (gid - 1) % 720 + 1
    return -90 + (row - 0.5) * CELL_DEG, -180 + (col - 0.5) * CELL_DEG


def month_floor(d: date) -> date:
    return date(d.year, d.month, 1)


def add_months(d: date | pd.Timestamp, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def admin1_units(store: Store, country: str) -> Units:
    regions = regions_frame(store, country, level=1, geometry=True)
    if regions.empty:
        raise PanelError(f"no admin-1 regions stored for {country}; load boundaries with `watchfloor regions load`")
    geoms = [shape(json.loads(g)) for g in regions["geometry"]]
    ids = list(regions["id"])
    return Units(ids, list(regions["name"]), ids, _touching(ids, geoms), geoms)


def grid_units(store: Store, country: str) -> Units:
    text = country_geometry(store, country)
    if text is None:
        raise PanelError(f"no admin-0 boundary stored for {country}; a grid panel needs the country's outline")
    outline = shape(json.loads(text))
    shapely.prepare(outline)
    x0, y0, x1, y1 = outline.bounds
    lats = np.arange(np.floor(y0 / CELL_DEG) * CELL_DEG, y1, CELL_DEG)
    lons = np.arange(np.floor(x0 / CELL_DEG) * CELL_DEG, x1, CELL_DEG)
    cells = [box(lo, la, lo + CELL_DEG, la + CELL_DEG) for la in lats for lo in lons]
    keep = shapely.intersects(outline, cells)
    cells = [c for c, k in zip(cells, keep) if k]
    centres = np.array([[c.centroid.y, c.centroid.x] for c in cells])
    gids = prio_gid(centres[:, 0], centres[:, 1])
    index = region_index(store, country, level=1)
    k = index.assign(centres[:, 0], centres[:, 1])
    region_ids = [index.ids[i] if i >= 0 else _largest_overlap(index, c) for i, c in zip(k, cells)]
    names_by_id = dict(zip(index.ids, index.names))
    ids = [f"pg:{g}" for g in gids]
    names = [f"pg:{g} ({names_by_id.get(r, '?')})" for g, r in zip(gids, region_ids)]
    gid_set = {int(g): f"pg:{g}" for g in gids}
    neighbours = {}
    for g in gids:
        g = int(g)
        ring = [g + dr * 720 + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc]
        neighbours[f"pg:{g}"] = [gid_set[n] for n in ring if n in gid_set]
    return Units(ids, names, region_ids, neighbours, cells)


def _largest_overlap(index, cell) -> str | None:
    areas = [g.intersection(cell).area if g.intersects(cell) else 0.0 for g in index.geoms]
    return index.ids[int(np.argmax(areas))] if areas and max(areas) > 0 else None


def _touching(ids: list[str], geoms: list) -> dict[str, list[str]]:
    """Neighbours by shared boundary; a small buffer absorbs the slivers and gaps of real boundary files."""
    grown = [g.buffer(0.01) for g in geoms]
    tree = shapely.STRtree(grown)
    out = {}
    for i, g in enumerate(grown):
        hits = tree.query(g, predicate="intersects")
        out[ids[i]] = [ids[j] for j in sorted(hits) if j != i]
    return out


def panel_units(store: Store, country: str, unit: str) -> Units:
    if unit not in UNITS:
        raise PanelError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    return admin1_units(store, country) if unit == "admin1" else grid_units(store, country)


def build_panel(store: Store, country: str, unit: str = "admin1", until: date | None = None,
                sources: list[str] | None = None) -> pd.DataFrame:
    """unit × month from the first month the chosen sources cover to `until` (default: the last they cover).

    Columns: unit_id, unit_name, region_id, month, fatalities, events, fatalities by violence type,
    nb_fatalities / nb_events (the same month's sums over neighbouring units), troops (force strength
    stationed in the unit), troops_nearby (unit and neighbours), bases (deployment sites). Outcomes are NaN
    in months no chosen source covers. attrs: country, unit, sources, missing (months as 'YYYY-MM')."""
    country = country.upper()
    sources = list(sources) if sources is not None else resolve_sources(store, country, "forecast")
    units = panel_units(store, country, unit)
    by_source = months_by_source(store, country, sources)
    covered = set().union(*by_source.values()) if by_source else set()
    if not covered:
        raise PanelError(f"no stored source covers {country}"
                         + (f" ({', '.join(sources)})" if sources else "") + "; ingest a dataset first")
    start = min(covered)
    last = month_floor(until) if until else max(covered)
    if last < start:
        raise PanelError(f"{country}: the chosen sources cover nothing before {last:%Y-%m}")
    months = pd.date_range(pd.Timestamp(start), pd.Timestamp(last), freq="MS")
    grid = pd.MultiIndex.from_product([units.ids, months], names=["unit_id", "month"])
    end = add_months(last, 1)
    if unit == "admin1":
        ev = panel_events(store, units.ids, None, end, sources)
        ev["unit_id"] = ev["region_id"]
    else:
        bounds = shapely.union_all(units.geometries).bounds
        ev = panel_events(store, [], bounds, end, sources)
        ev["unit_id"] = ["pg:%d" % g for g in prio_gid(ev["latitude"], ev["longitude"])] if len(ev) else []
    ev = ev[ev["unit_id"].isin(set(units.ids))].copy()
    ev["month"] = pd.to_datetime(ev["month"])
    # a source's events count only in the months it covers (a stray row outside its period is not a record)
    inside = {(src, pd.Timestamp(m)) for src, ms in by_source.items() for m in ms}
    ev = ev[[(s_, m) in inside for s_, m in zip(ev["source"], ev["month"])]] if len(ev) else ev
    for vt, col in VIOLENCE_COLUMNS.items():
        ev[col] = np.where(ev["violence_type"] == vt, ev["fatalities"], 0)
    for vt, col in EVENT_TYPE_COLUMNS.items():
        ev[col] = (ev["violence_type"] == vt).astype(float)
    ev = add_actor_groups(store, ev)
    agg = ev.groupby(["unit_id", "month"]).agg(
        fatalities=("fatalities", "sum"), events=("fatalities", "size"),
        **{c: (c, "sum") for c in [*VIOLENCE_COLUMNS.values(), *MIX_COLUMNS]})
    panel = agg.reindex(grid, fill_value=0).astype(float).reset_index()
    missing = [m for m in months if m.date() not in covered]
    outcomes = ["fatalities", "events", *VIOLENCE_COLUMNS.values(), *MIX_COLUMNS]
    if missing:
        panel.loc[panel["month"].isin(missing), outcomes] = np.nan
    meta = pd.DataFrame({"unit_id": units.ids, "unit_name": units.names, "region_id": units.region_ids})
    panel = meta.merge(panel, on="unit_id")
    troops, bases = force_by_unit_month(store, country, units, unit, months)
    panel["troops"] = troops.reindex(grid, fill_value=0.0).to_numpy()
    panel["bases"] = bases.reindex(grid, fill_value=0.0).to_numpy()
    panel = add_neighbour_sums(panel, units.neighbours)
    signals = report_counts(store, units, unit, end).reindex(pd.MultiIndex.from_frame(panel[["unit_id", "month"]]))
    panel[["report_events", "report_judgments"]] = signals.fillna(0.0).to_numpy()
    if missing:
        panel.loc[panel["month"].isin(missing), ["nb_fatalities", "nb_events"]] = np.nan
    # attrs stay small: pandas deep-copies them on every operation
    panel.attrs.update(country=country, unit=unit, sources=tuple(sources),
                       missing=tuple(f"{m:%Y-%m}" for m in missing))
    return panel


def add_actor_groups(store: Store, ev: pd.DataFrame) -> pd.DataFrame:
    """1.0 in each ACTOR_GROUPS column where either side's actor (or one of a listed coalition's) is of that kind."""
    from watchfloor.store.briefs import actor_kinds
    kinds = actor_kinds(store) if len(ev) else {}
    memo: dict = {}

    def kinds_of(name) -> set:
        if not isinstance(name, str):
            return set()
        if name not in memo:
            whole = kinds.get(name.lower())
            memo[name] = {whole} if whole else {kinds.get(p.strip().lower()) for p in name.split(",")} - {None}
        return memo[name]

    sides = [kinds_of(a) | kinds_of(b) for a, b in zip(ev.get("actor1", []), ev.get("actor2", []))] \
        if len(ev) else []
    out = ev.copy()
    for col, group in ACTOR_GROUPS.items():
        out[col] = [float(bool(s & set(group))) for s in sides] if len(ev) else []
    return out


def report_counts(store: Store, units: Units, unit: str, until: date) -> pd.DataFrame:
    """report_events and report_judgments per (unit_id, month): admin-1 by the fact's region, grid by its place's
    point (a judgment about a region without a place falls on no cell)."""
    rows = report_signals(store, until)
    if unit == "admin1":
        rows = rows.assign(unit_id=rows["region_id"])
    else:
        placed = rows.dropna(subset=["latitude", "longitude"])
        rows = placed.assign(unit_id=["pg:%d" % g for g in prio_gid(placed["latitude"], placed["longitude"])])
    rows = rows[rows["unit_id"].isin(set(units.ids))].assign(month=lambda f: pd.to_datetime(f["month"]))
    counts = rows.groupby(["unit_id", "month", "kind"]).size().unstack("kind")
    return counts.reindex(columns=["event", "judgment"], fill_value=0).fillna(0.0).set_axis(
        ["report_events", "report_judgments"], axis=1).astype(float)


def observed_span(panel: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first, last) month of the panel's last unbroken run of observed months: what a forecast may learn
    from without reading a gap in the sources as months of peace."""
    months = pd.DatetimeIndex(sorted(panel.loc[panel["fatalities"].notna(), "month"].unique()))
    if months.empty:
        raise PanelError("the panel has no observed month")
    first = months[-1]
    for m in reversed(months[:-1]):
        if m != first - pd.DateOffset(months=1):
            break
        first = m
    return first, months[-1]


def last_unbroken(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel cut to its last unbroken run of observed months (see observed_span)."""
    first, _ = observed_span(panel)
    view = panel[panel["month"] >= first].reset_index(drop=True)
    view.attrs.update(panel.attrs)
    return view


def neighbour_sum(panel: pd.DataFrame, column: str, neighbours: dict[str, list[str]]) -> np.ndarray:
    """For each row, the same month's sum of `column` over the unit's neighbours."""
    pairs = pd.DataFrame([(u, n) for u, ns in neighbours.items() for n in ns], columns=["unit_id", "nb"])
    src = panel[["unit_id", "month", column]].rename(columns={"unit_id": "nb"})
    sums = pairs.merge(src, on="nb").groupby(["unit_id", "month"])[column].sum()
    return sums.reindex(pd.MultiIndex.from_frame(panel[["unit_id", "month"]]), fill_value=0.0).to_numpy()


def add_neighbour_sums(panel: pd.DataFrame, neighbours: dict[str, list[str]]) -> pd.DataFrame:
    """nb_fatalities, nb_events and troops_nearby from the per-unit columns (same month)."""
    out = panel.copy()
    out["nb_fatalities"] = neighbour_sum(panel, "fatalities", neighbours)
    out["nb_events"] = neighbour_sum(panel, "events", neighbours)
    out["troops_nearby"] = panel["troops"].to_numpy() + neighbour_sum(panel, "troops", neighbours)
    return out


def force_presence_monthly(store: Store, country: str) -> pd.DataFrame:
    """Force presence in the country, one row per site and month, from a single source.

    Sources count strength on different scales (unit-size conventions vs mean monthly personnel), so the
    source covering the most years is used alone rather than mixing scales across years."""
    fp = force_presence_frame(store, country)
    if fp.empty:
        return pd.DataFrame(columns=["actor", "contributor", "place", "latitude", "longitude", "region_id",
                                     "month", "strength", "source"])
    years = fp.assign(y=pd.to_datetime(fp["period_start"]).dt.year).groupby("source")["y"].nunique()
    fp = fp[fp["source"] == years.sort_values(ascending=False, kind="stable").index[0]]
    rows = []
    for r in fp.itertuples(index=False):
        for m in pd.date_range(pd.Timestamp(r.period_start).replace(day=1), pd.Timestamp(r.period_end), freq="MS"):
            rows.append((r.actor, r.contributor, r.place, r.latitude, r.longitude, r.region_id, m,
                         0.0 if pd.isna(r.strength) else float(r.strength), r.source))
    return pd.DataFrame(rows, columns=["actor", "contributor", "place", "latitude", "longitude", "region_id",
                                       "month", "strength", "source"])


def force_by_unit_month(store: Store, country: str, units: Units, unit: str,
                        months: pd.DatetimeIndex) -> tuple[pd.Series, pd.Series]:
    """(troops, bases) indexed by (unit_id, month)."""
    fp = force_presence_monthly(store, country)
    fp = fp[fp["month"].isin(set(months))]
    if unit == "admin1":
        fp = fp.assign(unit_id=fp["region_id"])
    else:
        fp = fp.assign(unit_id=["pg:%d" % g for g in prio_gid(fp["latitude"], fp["longitude"])])
    grouped = fp.groupby(["unit_id", "month"])
    return grouped["strength"].sum(), grouped["place"].nunique().astype(float)


def extend_panel(panel: pd.DataFrame, months_ahead: int) -> pd.DataFrame:
    """Add `months_ahead` future months per unit: outcomes unknown (NaN), covariates as last observed."""
    last = panel["month"].max()
    tail = panel[panel["month"] == last]
    future = []
    for k in range(1, months_ahead + 1):
        rows = tail.copy()
        rows["month"] = last + pd.DateOffset(months=k)
        rows[OUTCOME_COLUMNS] = np.nan
        future.append(rows)
    out = pd.concat([panel, *future], ignore_index=True).sort_values(["unit_id", "month"], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs.update(panel.attrs)
    return out


def history(panel: pd.DataFrame, origin: pd.Timestamp) -> pd.DataFrame:
    """What a forecaster standing at `origin` may see: months before it, nothing after."""
    view = panel[panel["month"] < pd.Timestamp(origin)].copy()
    view.attrs.update(panel.attrs)
    return view


def observed_until(panel: pd.DataFrame) -> pd.Timestamp:
    """The first month without observed fatalities (the forecast origin for this panel)."""
    seen = panel.loc[panel["fatalities"].notna(), "month"]
    return seen.max() + pd.DateOffset(months=1)
