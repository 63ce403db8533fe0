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


def supplement_places(assigner) -> list[Place]:
    """Places cities500 lacks; admin-1 and admin-2 by point-in-polygon (geo/assign.py). A row's optional `admin1`
    column overrides the polygon test for a place within ~0.1° of a border the coarse polygons misplace (its
    `note` says why); the override must name an admin-1 (or admin-2) region of that country."""
    import numpy as np
    with open(SUPPLEMENT_PATH, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    lat = np.array([float(r["latitude"]) for r in rows])
    lon = np.array([float(r["longitude"]) for r in rows])
    found = assigner.assign(lat, lon, [r["country"] or None for r in rows])
    index = assigner.level1
    out, seen = [], set()
    for r, rid, a1, a2id, a2 in zip(rows, found.region_id, found.admin1, found.admin2_id, found.admin2):
        k = assigner.source_region(r["country"], (r.get("admin1") or "").strip())
        if k >= 0 and index.ids[k] != rid:
            rid, a1, a2id, a2 = index.ids[k], index.names[k], None, None
        pid = f"supplement:{slug(r['name'])}"
        if pid in seen:                       # the same name in another country (Koutougou, BFA and NER)
            pid = f"{pid}-{(r['country'] or 'xx').lower()}"
        seen.add(pid)
        out.append(Place(id=pid, name=r["name"], country=r["country"] or None,
                         latitude=float(r["latitude"]), longitude=float(r["longitude"]), region_id=rid, admin1=a1,
                         population=0, kind=r.get("kind") or "populated place",
                         alt_names=tuple(a for a in (r.get("alt_names") or "").split("|") if a), source="supplement",
                         admin2_id=a2id, admin2=a2))
    return out


def region_places(regions: list[Region]) -> list[Place]:
    """Admin-0, admin-1 and admin-2 regions as places (a representative point inside each); an admin-2 region
    (kind 'admin2') carries its parent admin-1."""
    names = {r.id: r.name for r in regions}
    out = []
    for r in regions:
        point = shapely.geometry.shape(r.geometry).representative_point()
        admin1_id = r.id if r.level == 1 else r.parent_id if r.level == 2 else None
        out.append(Place(id=f"region:{r.id}", name=r.name, country=r.country, latitude=round(point.y, 5),
                         longitude=round(point.x, 5), region_id=admin1_id, admin1=names.get(admin1_id),
                         population=0, kind={0: "country", 1: "region"}.get(r.level, "admin2"),
                         alt_names=tuple(r.name_alt), source="regions",
                         admin2_id=r.id if r.level == 2 else None, admin2=r.name if r.level == 2 else None))
    return out
