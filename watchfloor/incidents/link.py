"""Link records of the same incident across sources (UCDP, ACLED, reports) into incidents.

Records of one source are never linked to each other: a source counts each incident once. Two records
of different sources are candidates when they are at most `max_days` apart and within `max_km`
(blocking on a grid of `max_km` cells and `max_days + 1`-day buckets, so a million records take
seconds); a candidate with violence types that disagree (both known) is rejected. Each kept candidate
gets a score in [0, 1] from four agreements and is linked when the score reaches `threshold`:

    score = w_date · (1 − |Δdays| / (max_days + 1)) + w_place · (1 − km / max_km)
          + w_actors · actor overlap + w_fatalities · (1 − |fa − fb| / max(fa, fb, 1))

Unknown actors or fatalities count as half agreement. Links are taken best first, and a link is kept
only if the incident it makes still holds at most one record per source, so each incident is a set of
records no two of which come from the same source. Every link keeps its score and the rule that made
it ('auto:<components>'), so an analyst can see why, split it or merge records by hand.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np
import pandas as pd

EARTH_KM = 6371.0088
KM_PER_DEG_LAT = 110.574


@dataclass(frozen=True)
class LinkSettings:
    """Why these values: the duplicates UCDP and ACLED make of one incident differ by a few days (date of
    the event vs date of the report) and by the precision of the place (a village vs its district's
    centre, up to ~25 km); a neighbouring incident the same day is rarely closer than 30 km in these
    data. The weights favour date and place, which both sources record for every row; actors and
    fatalities break ties (their naming and estimates differ between sources)."""
    max_days: int = 3
    max_km: float = 30.0
    threshold: float = 0.45
    w_date: float = 0.30
    w_place: float = 0.30
    w_actors: float = 0.25
    w_fatalities: float = 0.15


# -- actor names from different sources, reduced to one key ------------------------------------------
_YEARS = re.compile(r"\((?:\d{4})?\s*[-–]\s*(?:\d{4})?\)|\(\d{4}\)")
_STATE = re.compile(r"^(?:government|military forces|police forces|armed forces|security forces|army|"
                    r"military|national army|gendarmerie|national guard|air force|navy) of (?:the )?(.+)$")
_STATE_SUFFIX = re.compile(r"^(.+?) (?:government|military|army|armed forces|security forces|police|"
                           r"forces|gendarmerie|national guard|air force|junta)$")
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip()


def actor_key(name, aliases: Mapping[str, str] | None = None, countries: Mapping[str, str] | None = None
              ) -> str | None:
    """One key per actor across the sources' namings: a state's government, army and police are
    'state:<ISO3>' ('Government of Mali', 'Military Forces of Mali (2021-)', 'Malian army'; `countries`
    maps folded country names and demonyms to ISO3), civilians are 'civilians', unidentified groups
    'unidentified'; other names through `aliases` (folded alias → canonical id), else the folded name
    without year ranges and bracketed countries."""
    countries = countries or {}
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return None
    text = fold(str(name))
    if not text:
        return None
    text = _YEARS.sub("", text).strip()
    if aliases and text in aliases:
        return aliases[text]
    bracket = _PAREN.search(text)
    bare = _PAREN.sub(" ", text).strip() if bracket else text
    if aliases and bare in aliases:
        return aliases[bare]
    if bare.startswith(("civilians", "civilian")):
        return "civilians"
    if bare.startswith(("unidentified", "unknown")):
        return "unidentified"
    m = _STATE.match(bare) or _STATE_SUFFIX.match(bare)
    if m:
        country = m.group(1).strip()
        return "state:" + countries.get(country, country)
    if bare in countries:
        return "state:" + countries[bare]
    return bare


# -- candidates by blocking on space and time ---------------------------------------------------------
def _source_keys(frame: pd.DataFrame) -> np.ndarray:
    """What "one source" means for linking: the dataset ('ucdp', 'acled'), and for read reports each report
    on its own (`source_key` 'report:<report>'): two reports of one incident are two witnesses of it, while
    a dataset counts each incident once."""
    column = "source_key" if "source_key" in frame.columns else "source"
    return frame[column].to_numpy(object)



def _candidates(frame: pd.DataFrame, s: LinkSettings) -> pd.DataFrame:
    """Pairs (i, j) of row positions, i from another source than j, within max_days and max_km."""
    lat = frame["lat"].to_numpy(float)
    lon = frame["lon"].to_numpy(float)
    y = lat * KM_PER_DEG_LAT
    x = lon * 111.320 * np.cos(np.radians(lat))
    cell = s.max_km
    width = s.max_days + 1
    base = pd.DataFrame({
        "pos": np.arange(len(frame), dtype=np.int64),
        "cx": np.floor(x / cell).astype(np.int64),
        "cy": np.floor(y / cell).astype(np.int64),
        "ct": (frame["day"].to_numpy(np.int64) // width),
    })
    base = base[np.isfinite(x) & np.isfinite(y)]
    # one source against another only: a town where one source files thousands of records at one centroid
    # would otherwise make millions of same-source pairs before they could be dropped
    # (blocks are the datasets, with all read reports in one block: reports are few, and pairs inside that block
    # are kept only between different reports)
    keys = _source_keys(frame)
    block = frame["source"].to_numpy(object)[base["pos"].to_numpy()]
    by_block = [part for _, part in base.groupby(block, sort=True)]
    offsets = [(dx, dy, dt) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dt in (-1, 0, 1)]
    pairs = [pd.DataFrame({"pos_i": np.array([], np.int64), "pos_j": np.array([], np.int64)})]
    for k, left in enumerate(by_block):
        mixed = len(set(keys[left["pos"].to_numpy()])) > 1
        for right in ([left] if mixed else []) + by_block[k + 1:]:
            # small sides (an ingest's or a report's neighbourhood): the 27 shifted copies in one merge;
            # large ones (a whole store): one merge per shift, to keep memory flat
            shifts = [offsets] if len(right) <= 20_000 else [[o] for o in offsets]
            for group in shifts:
                shifted = pd.concat([right.assign(cx=right["cx"] + dx, cy=right["cy"] + dy, ct=right["ct"] + dt)
                                     for dx, dy, dt in group], ignore_index=True)
                m = left.merge(shifted, on=["cx", "cy", "ct"], suffixes=("_i", "_j"))
                if right is left:
                    i, j = m["pos_i"].to_numpy(), m["pos_j"].to_numpy()
                    m = m[(i < j) & (keys[i] != keys[j])]
                pairs.append(m[["pos_i", "pos_j"]])
    out = pd.concat(pairs, ignore_index=True)
    return pd.DataFrame({"i": out["pos_i"].to_numpy(np.int64), "j": out["pos_j"].to_numpy(np.int64)})


def _haversine(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def score_pairs(frame: pd.DataFrame, pairs: pd.DataFrame, s: LinkSettings = LinkSettings()) -> pd.DataFrame:
    """Scores for candidate pairs: columns i, j, days, km, score, rule (only pairs within the limits and
    with compatible violence types)."""
    i, j = pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64)
    day = frame["day"].to_numpy(np.int64)
    lat, lon = frame["lat"].to_numpy(float), frame["lon"].to_numpy(float)
    days = np.abs(day[i] - day[j])
    km = _haversine(lat[i], lon[i], lat[j], lon[j])
    violence = frame["violence"].to_numpy(object)
    vi, vj = violence[i], violence[j]
    known = pd.notna(vi) & pd.notna(vj)
    ok = (days <= s.max_days) & (km <= s.max_km) & ~(known & (vi != vj))
    i, j, days, km = i[ok], j[ok], days[ok], km[ok]
    a1 = frame["actor1_key"].to_numpy(object)
    a2 = frame["actor2_key"].to_numpy(object)
    actors = np.array([_actor_overlap(a1[x], a2[x], a1[y], a2[y]) for x, y in zip(i, j)], dtype=float)
    fat = frame["fatalities"].to_numpy(float)
    fi, fj = fat[i], fat[j]
    both = ~np.isnan(fi) & ~np.isnan(fj)
    fat_agree = np.where(both, 1 - np.abs(fi - fj) / np.maximum(np.maximum(fi, fj), 1), 0.5)
    fat_agree = np.clip(np.nan_to_num(fat_agree, nan=0.5), 0, 1)
    date_agree = 1 - days / (s.max_days + 1)
    place_agree = 1 - km / s.max_km
    score = (s.w_date * date_agree + s.w_place * place_agree + s.w_actors * actors + s.w_fatalities * fat_agree)
    return pd.DataFrame({"i": i, "j": j, "days": days, "km": km, "actors": actors, "fatalities": fat_agree,
                         "score": score})


def _actor_overlap(a1, a2, b1, b2) -> float:
    a = {k for k in (a1, a2) if k}
    b = {k for k in (b1, b2) if k}
    if not a or not b:
        return 0.5
    return len(a & b) / len(a | b)


def candidate_pairs(frame: pd.DataFrame, s: LinkSettings = LinkSettings(),
                    actor_keys: Callable[[object], str | None] | None = None) -> pd.DataFrame:
    """The pairs of `frame`'s rows (positions i, j) that may be linked: from different sources, within the
    limits, with compatible violence types and a score reaching the threshold (columns as `score_pairs`)."""
    frame = frame.reset_index(drop=True)
    key = actor_keys or actor_key
    cache: dict = {}

    def keyed(col):
        return [cache.setdefault(v, key(v)) if isinstance(v, str) else None for v in frame[col].tolist()]
    frame = frame.assign(actor1_key=keyed("actor1"), actor2_key=keyed("actor2"))
    scored = score_pairs(frame, _candidates(frame, s), s)
    return scored[scored["score"] >= s.threshold]


def link(frame: pd.DataFrame, s: LinkSettings = LinkSettings(),
         actor_keys: Callable[[object], str | None] | None = None,
         merges: list[tuple[str, str]] = (), splits: list[tuple[str, str]] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Link the records of `frame` (columns: rid, source, day (int, days since epoch), lat, lon, violence,
    actor1, actor2, fatalities). Returns (links: rid_a, rid_b, score, days, km, rule) and
    (incidents: rid, incident, n_sources) with one row per record (a record alone is its own incident).
    An analyst's `merges` are linked first whatever their score (rule 'manual'); the two records of a `splits`
    pair never end up in one incident, neither directly nor through a third record linked to both."""
    frame = frame.reset_index(drop=True)
    scored = candidate_pairs(frame, s, actor_keys)
    # best first; equal scores (records at one town's centroid) by record id, so that the same records link
    # the same way whatever order they come in (a whole store or the part an ingest re-links)
    rank = np.empty(len(frame), dtype=np.int64)
    rank[np.argsort(frame["rid"].to_numpy(str), kind="stable")] = np.arange(len(frame))
    ri, rj = rank[scored["i"].to_numpy(np.int64)], rank[scored["j"].to_numpy(np.int64)]
    scored = scored.iloc[np.lexsort((np.maximum(ri, rj), np.minimum(ri, rj), -scored["score"].to_numpy()))]

    parent = np.arange(len(frame))
    sources = {k: {src} for k, src in enumerate(_source_keys(frame).tolist())}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    position = {r: k for k, r in enumerate(frame["rid"].tolist())}
    apart: dict[int, set[int]] = {}     # incident root -> records its incident must not join (analysts' splits)
    for a, b in splits:
        if a in position and b in position:
            apart.setdefault(position[a], set()).add(position[b])
            apart.setdefault(position[b], set()).add(position[a])

    def kept_apart(ri: int, rj: int) -> bool:
        return any(find(x) == rj for x in apart.get(ri, ())) or any(find(x) == ri for x in apart.get(rj, ()))
    manual = []
    for a, b in merges:
        if a in position and b in position:
            ri, rj = find(position[a]), find(position[b])
            if ri != rj:
                parent[rj] = ri
                sources[ri] |= sources.pop(rj)
                if rj in apart:
                    apart.setdefault(ri, set()).update(apart.pop(rj))
            manual.append((a, b))
    kept = []
    for row in scored.itertuples(index=False):
        ri, rj = find(row.i), find(row.j)
        if ri == rj or sources[ri] & sources[rj]:
            continue            # one record per source in an incident
        if apart and kept_apart(ri, rj):
            continue
        parent[rj] = ri
        sources[ri] |= sources.pop(rj)
        if rj in apart:
            apart.setdefault(ri, set()).update(apart.pop(rj))
        kept.append(row)
    rid = frame["rid"].to_numpy(object)
    pairs_out = [tuple(sorted((rid[r.i], rid[r.j]))) for r in kept] + [tuple(sorted(m)) for m in manual]
    links = pd.DataFrame({
        "rid_a": [a for a, _ in pairs_out], "rid_b": [b for _, b in pairs_out],
        "score": [round(float(r.score), 4) for r in kept] + [1.0] * len(manual),
        "days": [int(r.days) for r in kept] + [None] * len(manual),
        "km": [round(float(r.km), 2) for r in kept] + [None] * len(manual),
        "rule": [f"auto:days={int(r.days)},km={r.km:.1f},actors={r.actors:.2f},fatalities={r.fatalities:.2f}"
                 for r in kept] + ["manual"] * len(manual)})
    roots = np.array([find(k) for k in range(len(frame))])
    first = pd.Series(rid).groupby(roots).transform("min").to_numpy(object)
    size = pd.Series(roots).map(pd.Series(roots).value_counts()).to_numpy()
    incidents = pd.DataFrame({"rid": rid, "incident": first, "n_sources": size})
    return links, incidents
