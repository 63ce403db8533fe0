"""The reference data watchfloor ships (see data/ATTRIBUTION.md), loaded into a store."""
from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pycountry

from watchfloor.config import DATA_DIR
from watchfloor.geo.regions import read_admin_geojson
from watchfloor.model import Actor, Place
from watchfloor.store import Store
from watchfloor.store import reference

BUNDLED_EVENTS = DATA_DIR / "ucdp_ged_sahel.csv"
UCDP_LICENCE = "CC BY 4.0 — UCDP GED 21.1 (Sundberg & Melander 2013; Högbladh 2021)"

# UCDP actor dataset 'Org' codes.
UCDP_ORG_KIND = {"1": "armed group", "2": "organised supporters", "3": "communal group", "4": "government"}
UCDP_ACTORS = DATA_DIR / "ucdp_actors.csv"      # the whole UCDP actor list 22.1 (1,725 actors)
# Names the GED uses that differ from ISO's.
EXTRA_COUNTRY_NAMES = {"Ivory Coast": "CIV", "DR Congo (Zaire)": "COD", "DR Congo": "COD", "Russia (Soviet Union)": "RUS",
                       "Yemen (North Yemen)": "YEM", "Cambodia (Kampuchea)": "KHM", "Myanmar (Burma)": "MMR",
                       "Zimbabwe (Rhodesia)": "ZWE", "Madagascar (Malagasy)": "MDG", "Serbia (Yugoslavia)": "SRB",
                       "Bosnia-Herzegovina": "BIH", "Kingdom of eSwatini (Swaziland)": "SWZ", "Turkey": "TUR",
                       "Iran": "IRN", "Syria": "SYR", "Tanzania": "TZA", "Bolivia": "BOL", "Venezuela": "VEN",
                       "Laos": "LAO", "Vietnam (North Vietnam)": "VNM", "Congo": "COG", "Macedonia, FYR": "MKD"}


def ensure_countries(store: Store) -> None:
    """The country code tables every ingest needs (ISO 3166 from pycountry, Gleditsch-Ward from data/)."""
    if reference.countries_loaded(store):
        return
    countries, names = [], {}
    for k in pycountry.countries:
        common = getattr(k, "common_name", None)
        countries.append((k.alpha_3, int(k.numeric), k.alpha_2, common or k.name))
        for spelling in (k.name, common, getattr(k, "official_name", None), k.alpha_3):
            if spelling:
                names[spelling] = k.alpha_3
    countries.append(("XKX", None, "XK", "Kosovo"))
    with open(DATA_DIR / "gw_countries.csv", newline="", encoding="utf-8") as fh:
        gw_rows = list(csv.DictReader(fh))
    names.update({r["name"]: r["iso3"] for r in gw_rows})
    names.update(EXTRA_COUNTRY_NAMES)
    reference.replace_countries(store, countries, names, [(int(r["gw_code"]), r["iso3"]) for r in gw_rows])


def load_reference(store: Store) -> dict[str, int]:
    """Boundaries, gazetteer, actors and force presence — everything but events."""
    ensure_countries(store)
    counts = {}
    with store.transaction():
        regions = (read_admin_geojson(DATA_DIR / "admin0.geojson", level=0, code_field="iso_a3")
                   + read_admin_geojson(DATA_DIR / "admin1.geojson", level=1)
                   + read_admin_geojson(DATA_DIR / "admin2.geojson", level=2))
        counts["regions"] = reference.replace_regions(store, regions)
        index = reference.region_index(store)
        assigner = reference.admin_assigner(store)
        counts["places"] = reference.replace_places(store, _gazetteer(assigner), "geonames")
        ucdp_actors = _ucdp_actors()
        counts["actors"] = reference.replace_actors(store, ucdp_actors, "ucdp-actors-22.1")
        # The report reader's dictionary, Sahel places supplement and regions-as-places (watchfloor/read/reference.py).
        from watchfloor.read import reference as reader_reference
        counts["actors_dictionary"] = reference.replace_actors(store, reader_reference.dictionary_actors(ucdp_actors),
                                                               "dictionary")
        counts["places_supplement"] = reference.replace_places(store, reader_reference.supplement_places(assigner),
                                                               "supplement")
        counts["places_regions"] = reference.replace_places(store, reader_reference.region_places(regions), "regions")
        counts["force_presence"] = reference.replace_force_presence(store, _force_presence(index))
        if store.scalar("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)"):
            counts["events_reassigned"] = reference.reassign_event_regions(store)   # boundaries may have changed
        store.audit("init.reference", store.path, counts)
    return counts


def _iso3(alpha2: str) -> str | None:
    found = pycountry.countries.get(alpha_2=alpha2)
    return found.alpha_3 if found else None


def _gazetteer(assigner) -> list[Place]:
    frame = pd.read_csv(DATA_DIR / "gazetteer_geonames.csv", dtype={"geonames_admin1_code": str}, keep_default_na=False)
    countries = [_iso3(c) for c in frame["country_code"]]
    found = reference.place_regions(assigner, frame["latitude"].to_numpy(float), frame["longitude"].to_numpy(float),
                                    countries)
    places = []
    for row, iso3, rid, a1, a2id, a2 in zip(frame.itertuples(index=False), countries, *found):
        alts = tuple(sorted({a for a in str(row.alternatenames).split("|") if a and a != row.name}))
        places.append(Place(id=f"geonames:{row.geonameid}", name=row.name, country=iso3,
                            latitude=float(row.latitude), longitude=float(row.longitude), region_id=rid, admin1=a1,
                            population=int(row.population or 0), kind="populated place", alt_names=alts,
                            source="geonames", admin2_id=a2id, admin2=a2))
    return places


def _ucdp_actors() -> list[Actor]:
    """Every actor of the UCDP actor dataset, with its names (a renamed group's new names split) as aliases."""
    with open(DATA_DIR / "gw_countries.csv", newline="", encoding="utf-8") as fh:
        gw = {r["gw_code"]: r["iso3"] for r in csv.DictReader(fh)}
    actors = []
    with open(UCDP_ACTORS, newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            names = {r["NameData"], r["NameOrig"], r["NameOrigFullEng"], r["NewNameFullEng"],
                     *r["NewName"].split(",")}
            names = {" ".join(n.split()) for n in names} - {"", "n/a"}
            codes = [x.strip() for x in r["GWNOLoc"].split(",") if x.strip()]
            actors.append(Actor(id=f"ucdp:{r['ActorId']}", name=" ".join(r["NameData"].split()),
                                kind=UCDP_ORG_KIND.get(r["Org"], None), country=gw.get(codes[0]) if codes else None,
                                aliases=tuple((n, None) for n in sorted(names)), source="ucdp-actors-22.1"))
    return actors


def _force_presence(index) -> pd.DataFrame:
    frame = pd.read_csv(DATA_DIR / "force_presence.csv", keep_default_na=False)
    frame["region_id"], _ = reference.assign_regions(index, frame["latitude"].to_numpy(float),
                                                     frame["longitude"].to_numpy(float))
    frame["id"] = frame["source"] + ":" + frame["source_row"].astype(str)
    frame["period_start"] = [date(int(y), 1, 1) for y in frame["year"]]
    frame["period_end"] = [date(int(y), 12, 31) for y in frame["year"]]
    frame["strength"] = pd.to_numeric(frame["strength"], errors="coerce")
    for col in ("contributor", "flag"):
        frame[col] = frame[col].replace("", None)
    return frame[["id", "actor", "contributor", "place", "latitude", "longitude", "region_id", "period_start",
                  "period_end", "strength", "strength_kind", "source", "source_row", "flag"]]
