"""The reader's reference data as store records: the actor dictionary, the Sahel places supplement and
admin regions as places. `watchfloor init` (bundled.load_reference) loads them."""
from __future__ import annotations

import csv

import shapely.geometry

from watchfloor.config import DATA_DIR
from watchfloor.model import Actor, Place, Region
from watchfloor.read.actors import load_dictionary, slug

SUPPLEMENT_PATH = DATA_DIR / "places_supplement.csv"


def dictionary_actors(ucdp: list[Actor] = ()) -> list[Actor]:
    """Dictionary entries as actors ('dict:<slug>'), with parent, validity and successor links. The names of
    the UCDP actors an entry stands for become its aliases, their language field naming the UCDP id."""
    entries = load_dictionary()
    ids = {e.name: e.id for e in entries}
    ucdp_by_id = {a.id: a for a in ucdp}
    actors = []
    for e in entries:
        aliases: dict[str, str | None] = {}
        for alias, lang in e.aliases:
            aliases.setdefault(alias, lang)
        for alias in e.abbreviations + e.descriptions + e.state_names:
            aliases.setdefault(alias, None)
        for u in e.ucdp:
            for alias, _ in getattr(ucdp_by_id.get(f"ucdp:{u}"), "aliases", ()):
                aliases.setdefault(alias, f"ucdp:{u}")
        actors.append(Actor(id=e.id, name=e.name, kind=e.type, country=e.country, parent_id=ids.get(e.parent),
                            valid_from=e.valid_from, valid_until=e.valid_until, successor_id=ids.get(e.successor),
                            aliases=tuple(sorted(aliases.items())), source="dictionary"))
    return actors


def supplement_places(index) -> list[Place]:
    """Places cities500 lacks; admin-1 by point-in-polygon against `index`. A row's optional `admin1` column
    overrides the polygon test for a place within ~0.1° of a border the coarse polygons misplace (its `note`
    says why); the override must name a region of that country in `index`."""
    from watchfloor.store.reference import assign_regions
    import numpy as np
    with open(SUPPLEMENT_PATH, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    lat = np.array([float(r["latitude"]) for r in rows])
    lon = np.array([float(r["longitude"]) for r in rows])
    region_ids, admin1 = assign_regions(index, lat, lon)
    by_name = {(n, c): i for i, n, c in zip(index.ids, index.names, index.countries)}
    out, seen = [], set()
    for r, rid, a1 in zip(rows, region_ids, admin1):
        wanted = (r.get("admin1") or "").strip()
        if wanted and (wanted, r["country"]) in by_name:
            rid, a1 = by_name[(wanted, r["country"])], wanted
        pid = f"supplement:{slug(r['name'])}"
        if pid in seen:                       # the same name in another country (Koutougou, BFA and NER)
            pid = f"{pid}-{(r['country'] or 'xx').lower()}"
        seen.add(pid)
        out.append(Place(id=pid, name=r["name"], country=r["country"] or None,
                         latitude=float(r["latitude"]), longitude=float(r["longitude"]), region_id=rid, admin1=a1,
                         population=0, kind=r.get("kind") or "populated place",
                         alt_names=tuple(a for a in (r.get("alt_names") or "").split("|") if a), source="supplement"))
    return out


def region_places(regions: list[Region]) -> list[Place]:
    """Admin-0 and admin-1 regions as places (a representative point inside each)."""
    out = []
    for r in regions:
        point = shapely.geometry.shape(r.geometry).representative_point()
        out.append(Place(id=f"region:{r.id}", name=r.name, country=r.country, latitude=round(point.y, 5),
                         longitude=round(point.x, 5), region_id=r.id if r.level == 1 else None,
                         admin1=r.name if r.level == 1 else None, population=0,
                         kind="region" if r.level == 1 else "country", alt_names=tuple(r.name_alt), source="regions"))
    return out
