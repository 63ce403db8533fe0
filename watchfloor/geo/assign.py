"""Point → admin-1 and admin-2, with the point's own country in mind (borders).

A point inside a region of its own country takes that region. A point that falls outside its country's
polygons (border jitter, a coastline, a neighbour's polygon) keeps its country: it takes the region the
source itself names (its admin-1, matched to that country's region names and aliases, or an admin-2
name whose parent is used), else the country's nearest admin-1 — flagged 'border' either way. A point of
a country with no boundaries loaded gets no region (never a neighbour's). A point with no country takes
the region it lies in, and that region's country.
Admin-2 is the child region of the chosen admin-1 that holds the point (its nearest child at a border).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from watchfloor.geo.regions import RegionIndex
from watchfloor.read.matching import fold_key

BORDER = "border"
_TYPE_WORDS = re.compile(r"\b(?:region|province|state|department|departement|prefecture|governorate|district|"
                         r"cercle|circle|county|municipality|commune|of|de|du|la|le|des)\b")


def name_key(name: str | None) -> str:
    """A region name as compared across sources: folded, type words and punctuation off
    ('Province du Soum' and 'Soum'; 'Tombouctou region' and 'Tombouctou')."""
    if not name:
        return ""
    return " ".join(_TYPE_WORDS.sub(" ", re.sub(r"[^\w\s]", " ", fold_key(name))).split())


@dataclass
class Assignment:
    region_id: list
    admin1: list
    admin2_id: list
    admin2: list
    region_flag: list
    country: list        # the point's country (its own, or its region's where it had none)


class AdminAssigner:
    """Admin-1 and admin-2 indexes of the loaded boundaries; `assign` places many points at once."""

    def __init__(self, level1: RegionIndex, level2: RegionIndex | None = None):
        self.level1 = level1
        self.level2 = level2 if level2 is not None and level2.ids else None
        self.by_country: dict[str, list[int]] = {}
        self.names: dict[tuple[str, str], int] = {}
        for k, (country, name, aliases) in enumerate(zip(level1.countries, level1.names, level1.aliases)):
            self.by_country.setdefault(country, []).append(k)
            for n in (name, *aliases):
                self.names.setdefault((country, name_key(n)), k)
        self.children: dict[str, list[int]] = {}
        self.level1_of = {rid: k for k, rid in enumerate(level1.ids)}
        if self.level2 is not None:
            for j, (country, name, aliases, parent) in enumerate(zip(self.level2.countries, self.level2.names,
                                                                     self.level2.aliases, self.level2.parents)):
                if parent in self.level1_of:
                    self.children.setdefault(parent, []).append(j)
                    for n in (name, *aliases):
                        self.names.setdefault((country, name_key(n)), self.level1_of[parent])

    def source_region(self, country: str, admin1_source: str | None) -> int:
        """The admin-1 (index) a source's own admin-1 text names in `country`, or -1."""
        return self.names.get((country, name_key(admin1_source)), -1) if admin1_source else -1

    def assign(self, lat, lon, country=None, admin1_source=None) -> Assignment:
        lat = np.asarray(lat, dtype=float)
        lon = np.asarray(lon, dtype=float)
        n = len(lat)
        country = list(country) if country is not None else [None] * n
        admin1_source = list(admin1_source) if admin1_source is not None else [None] * n
        k1 = self.level1.assign(lat, lon)
        chosen = np.full(n, -1, dtype=np.int64)
        flags: list = [None] * n
        out_country: list = list(country)
        for i in range(n):
            c = country[i] if isinstance(country[i], str) and country[i] else None
            k = int(k1[i])
            here = self.level1.countries[k] if k >= 0 else None
            if c is None or here == c:
                chosen[i] = k
                out_country[i] = c or here
                continue
            if c not in self.by_country or not np.isfinite(lat[i]) or not np.isfinite(lon[i]):
                continue          # no boundaries for its country: no region, never a neighbour's
            k = self.source_region(c, admin1_source[i] if isinstance(admin1_source[i], str) else None)
            if k < 0:
                k = self.level1.nearest(lat[i], lon[i], self.by_country[c])
            chosen[i], flags[i] = k, BORDER
        region_id, admin1 = _pick(self.level1.ids, chosen), _pick(self.level1.names, chosen)
        admin2_id, admin2 = self._admin2(lat, lon, region_id)
        return Assignment(region_id, admin1, admin2_id, admin2, flags, out_country)

    def _admin2(self, lat: np.ndarray, lon: np.ndarray, region_id: list) -> tuple[list, list]:
        n = len(lat)
        if self.level2 is None:
            return [None] * n, [None] * n
        k2 = self.level2.assign(lat, lon)
        chosen = np.full(n, -1, dtype=np.int64)
        for i in range(n):
            kids = self.children.get(region_id[i])
            if not kids:
                continue
            k = int(k2[i])
            chosen[i] = k if k >= 0 and self.level2.parents[k] == region_id[i] else \
                self.level2.nearest(lat[i], lon[i], kids)
        return _pick(self.level2.ids, chosen), _pick(self.level2.names, chosen)


def _pick(values: list, k: np.ndarray) -> list:
    return list(np.array(list(values) + [None], dtype=object)[k])
