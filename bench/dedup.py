"""Incident linking: precision and recall on a synthetic set with known duplicates, and the time for 1 M records.

    .venv/bin/python bench/dedup.py                 # 1,000,000 records; targets: P, R >= 0.95, <= 60 s
    .venv/bin/python bench/dedup.py --records 100000 --seed 3

The set: incidents spread over a 1,700 x 1,500 km area, at a density held at 100,000 records per ten
years there (about 2.5 times ACLED's rate for the central Sahel, its densest theatre), whatever the count:
1 M records span a century. `--dense` keeps ten years for any count (10x denser for 1 M: a stress test,
no target). 30 % of incidents are recorded by
2-3 of the sources (ucdp, acled, report), the others by one. A duplicate differs from the incident's
first record by up to +-3 days, up to 25 km, the other source's naming of the actors (UCDP "Government
of Mali" vs ACLED "Military Forces of Mali (2021-)" vs a report's "Malian army"; group names and
aliases), and fatalities up to 50 % apart. Near misses that are NOT duplicates are added on purpose
(one for every fifth incident): the same place on another day (4-20 days apart), the same day 30-60 km
away, and the same actors, day and place with another violence type. Linking is scored on pairs of
records: a predicted pair is right when both records belong to the same true incident.
Exits 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from watchfloor.incidents.link import LinkSettings, actor_key, fold, link  # noqa: E402

SOURCES = np.array(["ucdp", "acled", "report"])
# (UCDP name, ACLED name, report name) per actor; states by three namings, groups by their aliases.
STATES = [("Mali", "Malian"), ("Burkina Faso", "Burkinabe"), ("Niger", "Nigerien"), ("Nigeria", "Nigerian"),
          ("Chad", "Chadian"), ("Somalia", "Somali"), ("Cameroon", "Cameroonian"), ("Mozambique", "Mozambican")]
ISO3 = {"Mali": "MLI", "Burkina Faso": "BFA", "Niger": "NER", "Nigeria": "NGA", "Chad": "TCD", "Somalia": "SOM",
        "Cameroon": "CMR", "Mozambique": "MOZ"}
GROUPS = [("JNIM", "JNIM: Jama'at Nusrat al-Islam wal-Muslimin", "al Qaeda's Sahel affiliate JNIM"),
          ("IS Sahel", "Islamic State (Sahel)", "ISSP"),
          ("Jama'atu Ahlis Sunna Lidda'awati wal-Jihad", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
           "Boko Haram"),
          ("IS West Africa", "Islamic State (West Africa)", "ISWAP"),
          ("Al-Shabaab", "Al Shabaab", "al-Shabaab militants"),
          ("Ansarul Islam", "Ansaroul Islam", "Ansaroul Islam fighters"),
          ("Dan Na Ambassagou", "Dan Na Ambassagou", "Dozo militia Dan Na Ambassagou"),
          ("CMA", "CMA: Coordination of Azawad Movements", "Coordination des Mouvements de l'Azawad")]
VIOLENCE = np.array(["state-based", "non-state", "one-sided"])


def naming_tables() -> tuple[dict[str, str], dict[str, str]]:
    """What the store's actor knowledge gives the linker: aliases of groups, names and demonyms of states."""
    aliases = {fold(name): f"group:{k}" for k, names in enumerate(GROUPS) for name in names}
    countries = {}
    for name, demonym in STATES:
        countries[fold(name)] = ISO3[name]
        countries[fold(demonym)] = ISO3[name]
    return aliases, countries


def state_name(k: int, source: str) -> str:
    country, demonym = STATES[k]
    return {"ucdp": f"Government of {country}", "acled": f"Military Forces of {country} (2021-)",
            "report": f"{demonym} army"}[source]


def actor_names(kind: np.ndarray, who: np.ndarray, source: str) -> list[str]:
    """kind 0 = state, 1 = group, 2 = civilians."""
    col = {"ucdp": 0, "acled": 1, "report": 2}[source]
    out = []
    for k, w in zip(kind.tolist(), who.tolist()):
        if k == 0:
            out.append(state_name(w % len(STATES), source))
        elif k == 1:
            out.append(GROUPS[w % len(GROUPS)][col])
        else:
            out.append("Civilians (Mali)" if source == "acled" else "Civilians")
    return out


def make_set(n_records: int, seed: int, dense: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_days = 3650 if dense else max(3650, int(3650 * n_records / 100_000))
    # incidents: 30 % in 2-3 sources (mean 2.5 records), 70 % in one; near misses: one per 5 incidents
    per_incident = 0.7 * 1 + 0.3 * 2.5 + 0.2
    n_inc = int(n_records / per_incident)
    lat0 = rng.uniform(10.0, 24.0, n_inc)
    lon0 = rng.uniform(-12.0, 4.0, n_inc)
    day0 = rng.integers(0, n_days, n_inc)
    vio = rng.integers(0, 3, n_inc)
    fat0 = rng.poisson(4, n_inc) + rng.integers(0, 2, n_inc) * rng.poisson(15, n_inc)
    a1_kind = np.where(vio == 2, 1, rng.integers(0, 2, n_inc))
    a1_who = rng.integers(0, 64, n_inc)
    a2_kind = np.where(vio == 2, 2, np.where(vio == 0, 0, 1))
    a2_who = rng.integers(0, 64, n_inc)
    multi = rng.random(n_inc) < 0.30
    n_src = np.where(multi, rng.integers(2, 4, n_inc), 1)
    perm = np.argsort(rng.random((n_inc, 3)), axis=1)          # which sources, in random order

    parts = []
    for slot in range(3):
        has = n_src > slot
        idx = np.nonzero(has)[0]
        src = SOURCES[perm[idx, slot]]
        first = slot == 0
        shift_days = np.zeros(len(idx), int) if first else rng.integers(-3, 4, len(idx))
        dist = np.zeros(len(idx)) if first else 25.0 * np.sqrt(rng.random(len(idx)))
        bearing = rng.uniform(0, 2 * math.pi, len(idx))
        lat = lat0[idx] + dist * np.cos(bearing) / 110.574
        lon = lon0[idx] + dist * np.sin(bearing) / (111.320 * np.cos(np.radians(lat0[idx])))
        fat = fat0[idx] if first else np.round(fat0[idx] * rng.uniform(0.5, 1.5, len(idx))).astype(int)
        parts.append(pd.DataFrame({"incident": idx, "source": src, "day": day0[idx] + shift_days, "lat": lat,
                                   "lon": lon, "violence": VIOLENCE[vio[idx]], "fatalities": fat.astype(float),
                                   "a1k": a1_kind[idx], "a1w": a1_who[idx], "a2k": a2_kind[idx], "a2w": a2_who[idx]}))
    # near misses: new incidents of their own, next to one in five real ones
    near = np.nonzero(rng.random(n_inc) < 0.2)[0]
    what = rng.integers(0, 3, len(near))
    src = SOURCES[rng.integers(0, 3, len(near))]
    day = day0[near] + np.where(what == 0, rng.choice([-1, 1], len(near)) * rng.integers(4, 21, len(near)), 0)
    dist = np.where(what == 1, rng.uniform(30.5, 60, len(near)), rng.uniform(0, 3, len(near)))
    bearing = rng.uniform(0, 2 * math.pi, len(near))
    lat = lat0[near] + dist * np.cos(bearing) / 110.574
    lon = lon0[near] + dist * np.sin(bearing) / (111.320 * np.cos(np.radians(lat0[near])))
    other_vio = np.where(what == 2, (vio[near] + rng.integers(1, 3, len(near))) % 3, vio[near])
    parts.append(pd.DataFrame({"incident": n_inc + np.arange(len(near)), "source": src, "day": day, "lat": lat,
                               "lon": lon, "violence": VIOLENCE[other_vio], "fatalities": fat0[near].astype(float),
                               "a1k": a1_kind[near], "a1w": a1_who[near], "a2k": a2_kind[near], "a2w": a2_who[near]}))
    frame = pd.concat(parts, ignore_index=True)
    a1, a2 = [], []
    for source in SOURCES:
        mask = (frame["source"] == source).to_numpy()
        sub = frame[mask]
        a1.append(pd.Series(actor_names(sub["a1k"].to_numpy(), sub["a1w"].to_numpy(), source), index=sub.index))
        a2.append(pd.Series(actor_names(sub["a2k"].to_numpy(), sub["a2w"].to_numpy(), source), index=sub.index))
    frame["actor1"] = pd.concat(a1).sort_index()
    frame["actor2"] = pd.concat(a2).sort_index()
    frame["rid"] = frame["source"] + ":" + pd.Series(np.arange(len(frame))).astype(str)
    return frame.drop(columns=["a1k", "a1w", "a2k", "a2w"])


def pair_counts(truth: np.ndarray, predicted: np.ndarray) -> tuple[int, int, int]:
    """(true pairs, predicted pairs, pairs in both) over records grouped by incident."""
    def pairs(groups: np.ndarray) -> set[tuple[int, int]]:
        out = set()
        s = pd.Series(np.arange(len(groups))).groupby(groups)
        for members in s.apply(list):
            if len(members) > 1:
                out.update((a, b) for x, a in enumerate(members) for b in members[x + 1:])
        return out
    t, p = pairs(truth), pairs(predicted)
    return len(t), len(p), len(t & p)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=11, help="the threshold was chosen on seed 3; report on 11")
    ap.add_argument("--dense", action="store_true", help="ten years whatever the count (stress; no target)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    frame = make_set(args.records, args.seed, args.dense)
    made = time.perf_counter() - t0
    aliases, countries = naming_tables()
    settings = LinkSettings()
    t0 = time.perf_counter()
    links, incidents = link(frame, settings, actor_keys=lambda name: actor_key(name, aliases, countries))
    elapsed = time.perf_counter() - t0
    n_true, n_pred, n_both = pair_counts(frame["incident"].to_numpy(), incidents["incident"].to_numpy())
    precision = n_both / n_pred if n_pred else 1.0
    recall = n_both / n_true if n_true else 1.0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    years = (frame["day"].max() - frame["day"].min()) / 365.25
    print(f"Incident linking on {len(frame):,} synthetic records ({frame['incident'].nunique():,} true incidents "
          f"over {years:.0f} years; set made in {made:.1f} s)")
    print(f"  settings: {settings}")
    print(f"  true duplicate pairs   {n_true:>10,}")
    print(f"  linked pairs           {n_pred:>10,}")
    print(f"  precision              {precision:10.4f}   (target >= 0.95)")
    print(f"  recall                 {recall:10.4f}   (target >= 0.95)")
    print(f"  linking time           {elapsed:10.1f} s (target <= 60 s for 1 M records)")
    print(f"  peak RSS               {rss:10.0f} MB")
    missed = [name for name, ok in (("precision", precision >= 0.95), ("recall", recall >= 0.95)) if not ok]
    if args.records >= 1_000_000 and elapsed > 60:
        missed.append("time")
    if args.dense:
        print("(dense stress set: no target)")
        return 0
    if missed:
        print("BELOW TARGET: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
