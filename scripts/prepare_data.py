"""Rebuild watchfloor/data/ from the project's shared source folder (a developer tool, not run by users).

Usage: python scripts/prepare_data.py SHARED_DATA_DIR

Copies and filters the real public datasets the package ships; fixes nothing silently:
known bad values are kept with a `flag` column that says what was changed and why.

    python scripts/prepare_data.py SHARED_DATA_DIR --only admin    # just the admin hierarchy step

The admin hierarchy step: where a country's Natural Earth "admin-1" features are really its second level
(Burkina Faso's 45 provinces), a mapping file (child ISO 3166-2 code → parent code and name) moves them to
`admin2.geojson` and writes the parents, dissolved from their children (shapely `unary_union`), into
`admin1.geojson`. Natural Earth's spellings stay as `name_alt` aliases.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
from pathlib import Path

SAHEL_GW = {"432", "439", "436"}  # Gleditsch-Ward: Mali, Burkina Faso, Niger
OUT = Path(__file__).resolve().parent.parent / "watchfloor" / "data"


def copy_tables(src: Path) -> None:
    shutil.copy(src / "ucdp_ged_sahel_v21_1_subset/ged211_precise_mli_bfa_ner.csv", OUT / "ucdp_ged_sahel.csv")
    shutil.copy(src / "boundaries_natural_earth_sahel/ne_10m_admin1_mli_bfa_ner.geojson", OUT / "admin1.geojson")
    shutil.copy(src / "boundaries_natural_earth_sahel/ne_10m_admin0_mli_bfa_ner.geojson", OUT / "admin0.geojson")
    shutil.copy(src / "gazetteer_geonames_sahel/geonames_cities500_ml_bf_ne.csv", OUT / "gazetteer_geonames.csv")


def sahel_actors(src: Path) -> None:
    with open(src / "ucdp_actors_v22_1/ucdp-actor-221.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    keep = [r for r in rows if SAHEL_GW & {c.strip() for c in r["GWNOLoc"].split(",")}]
    cols = ["ActorId", "NameData", "NameOrig", "NameOrigFullEng", "NewName", "NewNameFullEng", "Org",
            "Location", "GWNOLoc", "NameAlliance", "ActorIdAlliance", "GroupName", "ActorIdGroup", "Version"]
    with open(OUT / "ucdp_actors_sahel.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(keep)
    print(f"actors: {len(keep)} of {len(rows)}")


def force_presence(src: Path) -> None:
    out = []
    with open(src / "geopko_minusma/geopko_v2_3_frontmap_minusma.csv", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            out.append({
                "source": "geopko_v2_3_frontmap", "source_row": i, "actor": r["mission"], "contributor": "",
                "place": r["location"], "latitude": r["latitude"], "longitude": r["longitude"],
                "year": r["year"], "strength": r["ave.no.troops"], "strength_kind": "troops (unit-size convention)",
                "flag": "",
            })
    with open(src / "radpko_minusma/radpko_minusma_tcc_long.csv", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            lon, flag = r["longitude"], ""
            if r["base"] == "menaka" and float(lon) < 0:
                flag = f"longitude sign corrected from {lon}: RADPKO source error (Geo-PKO places Ménaka at 2.4022 E)"
                lon = str(-float(lon))
            out.append({
                "source": "radpko_bases_base_year", "source_row": i, "actor": r["mission"],
                "contributor": r["tcc"], "place": r["base"], "latitude": r["latitude"], "longitude": lon,
                "year": r["year"], "strength": r["untrp"], "strength_kind": "UN troops (mean monthly personnel)",
                "flag": flag,
            })
    with open(OUT / "force_presence.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(out[0]))
        w.writeheader()
        w.writerows(out)
    print(f"force presence rows: {len(out)}, flagged: {sum(1 for r in out if r['flag'])}")


# Names the mapping file gives a province where Natural Earth spells it otherwise (README of the mapping).
PROVINCE_NAMES = {"BF-MOU": "Mouhoun", "BF-COM": "Comoé"}


def admin_hierarchy(src: Path) -> None:
    """Split Natural Earth's admin-1 file into true admin-1 (regions dissolved from provinces) and admin-2."""
    import shapely
    from shapely.geometry import mapping, shape
    shutil.copy(src / "admin_hierarchy_bfa/bfa_province_region.csv", OUT / "bfa_province_region.csv")
    with open(OUT / "bfa_province_region.csv", newline="", encoding="utf-8") as fh:
        parent = {r["province_iso_3166_2"]: r for r in csv.DictReader(fh)}
    doc = json.loads((src / "boundaries_natural_earth_sahel/ne_10m_admin1_mli_bfa_ner.geojson").read_text("utf-8"))
    keep, children, groups = [], [], {}
    for feat in doc["features"]:
        code = feat["properties"].get("iso_3166_2")
        if code not in parent:
            keep.append(feat)
            continue
        props = dict(feat["properties"])
        ne_name = props["name"]
        props["name"] = PROVINCE_NAMES.get(code, ne_name)
        if props["name"] != ne_name:
            props["name_alt"] = ne_name
        props["parent_iso_3166_2"] = parent[code]["region_iso_3166_2"]
        props["type_en"] = "Province"
        children.append({"type": "Feature", "properties": props, "geometry": feat["geometry"]})
        groups.setdefault(parent[code]["region_iso_3166_2"], []).append((feat, parent[code]))
    for code, members in sorted(groups.items()):
        row = members[0][1]
        geom = shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f, _ in members])
        geom = shapely.make_valid(geom.buffer(0))
        first = members[0][0]["properties"]
        keep.append({"type": "Feature", "geometry": mapping(geom), "properties": {
            "adm0_a3": first["adm0_a3"], "admin": first.get("admin"), "name": row["region_name"],
            "name_en": row["region_name"], "iso_3166_2": code, "type_en": "Region",
            "capital": row["region_capital"], "source": "dissolved from Natural Earth provinces"}})
    for name, feats in (("admin1.geojson", keep), ("admin2.geojson", children)):
        (OUT / name).write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False),
                                encoding="utf-8")
    print(f"admin-1: {len(keep)} features ({len(groups)} dissolved regions); admin-2: {len(children)} provinces")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="the shared data folder")
    ap.add_argument("--only", choices=["admin"], help="run one step only")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only != "admin":
        copy_tables(args.src)
        sahel_actors(args.src)
        force_presence(args.src)
    admin_hierarchy(args.src)
