"""What-if: change force presence in a region from a month on, and pass the changed panel to the model.

`withdraw:ACTOR@REGION:YYYY-MM` removes ACTOR's share of the troops stationed in REGION from that month;
ACTOR is a force (e.g. MINUSMA) or one contributing country of it (its share is taken from the
per-contributor table for the latest year before the month). `deploy:ACTOR@REGION:YYYY-MM[:STRENGTH]`
adds STRENGTH troops (default: the force's median site strength) at the region's centre.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from shapely.geometry import shape

from watchfloor.forecast.panel import force_presence_monthly, neighbour_sum, panel_units, prio_gid
from watchfloor.store import Store
from watchfloor.store.reference import force_presence_frame, regions_frame

SCENARIO = re.compile(r"^(withdraw|deploy):([^@:]+)@([^:]+):(\d{4})-(\d{2})(?::(\d+(?:\.\d+)?))?$")


class ScenarioError(ValueError):
    """A scenario that cannot be applied, saying which part is wrong."""


@dataclass(frozen=True)
class Scenario:
    action: str          # 'withdraw' or 'deploy'
    actor: str
    region: str          # as written; resolved against the country's admin-1 regions
    month: pd.Timestamp
    strength: float | None = None
    text: str = ""


def parse_scenario(text: str) -> Scenario:
    m = SCENARIO.match(text.strip())
    if not m:
        raise ScenarioError(f"scenario {text!r}: expected withdraw:ACTOR@REGION:YYYY-MM or "
                            "deploy:ACTOR@REGION:YYYY-MM[:STRENGTH], e.g. withdraw:MINUSMA@Kidal:2019-06")
    action, actor, region, year, month, strength = m.groups()
    if action == "withdraw" and strength:
        raise ScenarioError(f"scenario {text!r}: a withdrawal takes no strength (it removes the actor's share)")
    if not 1 <= int(month) <= 12:
        raise ScenarioError(f"scenario {text!r}: month {month} is not 01–12")
    return Scenario(action, actor.strip(), region.strip(), pd.Timestamp(int(year), int(month), 1),
                    float(strength) if strength else None, text.strip())


def resolve_region(store: Store, country: str, name: str) -> tuple[str, str, dict]:
    """(region id, name, geometry) of the country's admin-1 region named by id, name or alternative name."""
    regions = regions_frame(store, country, level=1, geometry=True)
    key = name.casefold()
    for r in regions.itertuples(index=False):
        alts = [a.casefold() for a in (r.name_alt or "").split("|") if a]
        if key in (r.id.casefold(), r.name.casefold(), *alts):
            return r.id, r.name, json.loads(r.geometry)
    raise ScenarioError(f"region {name!r} is not an admin-1 region of {country}; "
                        f"known: {', '.join(sorted(regions['name']))}")


def withdrawn_share(store: Store, country: str, actor: str, region_id: str, month: pd.Timestamp) -> float:
    """Share of the troops in the region that belong to `actor` (a force or a contributing country)."""
    fp = force_presence_frame(store, country)
    fp = fp[(fp["region_id"] == region_id) & (pd.to_datetime(fp["period_start"]) <= month)]
    key = actor.casefold()
    by_contributor = fp["contributor"].fillna("").str.casefold() == key
    by_actor = fp["actor"].str.casefold() == key
    if by_actor.any():
        rows, match = fp, by_actor
    elif by_contributor.any():
        rows = fp[fp["source"].isin(fp.loc[by_contributor, "source"].unique())]
        match = rows["contributor"].fillna("").str.casefold() == key
    else:
        raise ScenarioError(f"no {actor} presence recorded in {region_id} by {month:%Y-%m}: nothing to withdraw")
    latest = pd.to_datetime(rows.loc[match, "period_start"]).max()
    year = rows[pd.to_datetime(rows["period_start"]) == latest]
    total = year["strength"].fillna(0).sum()
    mine = year.loc[match.loc[year.index], "strength"].fillna(0).sum()
    return float(mine / total) if total else 1.0


def apply_scenario(store: Store, panel: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """A copy of `panel` with troops (and troops nearby, bases) changed from the scenario's month on."""
    country, unit = panel.attrs["country"], panel.attrs["unit"]
    region_id, _, geometry = resolve_region(store, country, scenario.region)
    out = panel.copy()
    out.attrs.update(panel.attrs)
    later = out["month"] >= scenario.month
    if scenario.action == "withdraw":
        share = withdrawn_share(store, country, scenario.actor, region_id, scenario.month)
        rows = later & (out["region_id"] == region_id)
        out.loc[rows, "troops"] *= 1 - share
        if share >= 1:
            out.loc[rows, "bases"] = 0.0
    else:
        strength = scenario.strength or _typical_strength(store, country, scenario.actor)
        if unit == "admin1":
            target = region_id
        else:
            point = shape(geometry).representative_point()
            target = "pg:%d" % prio_gid(np.array([point.y]), np.array([point.x]))[0]
            if target not in set(out["unit_id"]):
                target = out.loc[out["region_id"] == region_id, "unit_id"].iloc[0]
        rows = later & (out["unit_id"] == target)
        out.loc[rows, "troops"] += strength
        out.loc[rows, "bases"] += 1
    neighbours = panel_units(store, country, unit).neighbours
    out["troops_nearby"] = out["troops"].to_numpy() + neighbour_sum(out, "troops", neighbours)
    return out


def _typical_strength(store: Store, country: str, actor: str) -> float:
    fp = force_presence_monthly(store, country)
    mine = fp[fp["actor"].str.casefold() == actor.casefold()]
    if mine.empty:
        raise ScenarioError(f"no {actor} deployments recorded in {country} to size a deployment by; "
                            "give the strength: deploy:ACTOR@REGION:YYYY-MM:STRENGTH")
    return float(mine.groupby(["place", "month"])["strength"].sum().median())
