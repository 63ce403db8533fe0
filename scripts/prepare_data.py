"""Rebuild watchfloor/data/ from the project's shared source folder (a developer tool, not run by users).

Usage: python scripts/prepare_data.py SHARED_DATA_DIR

Copies and filters the real public datasets the package ships; fixes nothing silently:
known bad values are kept with a `flag` column that says what was changed and why.
"""
from __future__ import annotations

import csv
import shutil
import sys
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


if __name__ == "__main__":
    src = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    copy_tables(src)
    sahel_actors(src)
    force_presence(src)
