"""Triggers that open a candidate warning: escalation in the numbers, and trigger events in reports and data.

Each trigger carries its evidence (event ids, fact ids, forecast run ids) and a severity
(1 note, 2 warning, 3 imminent). "Now" is the last month the chosen sources cover, or `as_of`.
Thresholds and trigger phrases are data: data/trigger_thresholds.yaml.

Sources (store/coverage.py): trigger events come from every chosen source (default: all stored ones) and
from read reports; escalation counts come from one source that covers "now" (the one covering the country
longest), so that a month is never compared with months another source counted, and months that source
does not cover are missing from the baseline, not quiet.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml
from scipy.stats import poisson

from watchfloor.config import DATA_DIR
from watchfloor.forecast import DEFAULT_MODEL
from watchfloor.store import briefs as db
from watchfloor.store import coverage
from watchfloor.store.connection import Store

THRESHOLDS_FILE = DATA_DIR / "trigger_thresholds.yaml"


class TriggerError(Exception):
    """Triggers cannot be computed (no events for the country, bad --as-of)."""


@dataclass
class Trigger:
    kind: str                 # 'escalation.forecast_band', 'escalation.poisson', 'escalation.baseline_change',
                              # or an event kind: declaration_of_war, end_of_ceasefire, coup, capture, ...
    label: str
    severity: int             # 1 note, 2 warning, 3 imminent
    month: date               # the month it happened in
    region_id: str | None
    region: str | None
    summary: str              # plain statement of what was observed (no estimative words)
    evidence: list[dict] = field(default_factory=list)   # {"type": "event"|"fact"|"run", "id": ...}
    numbers: dict = field(default_factory=dict)
    actors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)     # who recorded it: 'ucdp', 'acled', 'report' (preferred first)

    @property
    def family(self) -> str:
        return self.kind.split(".")[0]

    def as_dict(self) -> dict:
        d = asdict(self)
        d["month"] = self.month.isoformat()[:7]
        return d


@lru_cache(maxsize=1)
def thresholds() -> dict:
    return yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def parse_month(text: str | date | None) -> date | None:
    """'YYYY-MM' or 'YYYY-MM-DD' -> first of that month."""
    if text is None or isinstance(text, date):
        return month_start(text) if text else None
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise TriggerError(f"--as-of {text!r}: expected YYYY-MM")
    return date(int(m.group(1)), int(m.group(2)), 1)


@dataclass(frozen=True)
class TriggerSources:
    """Which sources a scan used: trigger events from `events`, escalation counts from `counts`."""
    now: date
    events: list[str]
    counts: list[str]
    explicit: bool = False   # chosen with --source (else the stage's defaults)

    def as_dict(self, store: Store, country: str, reports: int = 0) -> dict:
        return {"events": coverage.describe(store, country, self.events),
                "counts": coverage.describe(store, country, self.counts), "reports": reports}

    def sentence(self, store: Store, country: str, reports: int = 0) -> str:
        """'counts from UCDP GED (1989-09 to 2020-12); trigger events from UCDP GED (…), ACLED (…) and 3 reports'."""
        events = coverage.sources_sentence(coverage.describe(store, country, self.events))
        if not self.events:
            events = "no event source"
        tail = f" and {reports} read report{'s' * (reports != 1)}" if reports else ""
        return (f"counts from {coverage.sources_sentence(coverage.describe(store, country, self.counts))}; "
                f"trigger events from {events}{tail}")


def trigger_sources(store: Store, country: str, as_of: str | date | None = None,
                    source: str | None = None) -> TriggerSources:
    """The sources and 'now' of a trigger scan (see the module docstring)."""
    country = country.upper()
    try:
        chosen = coverage.resolve_sources(store, country, "triggers", source)
    except coverage.CoverageError as exc:
        raise TriggerError(str(exc)) from None
    last = coverage.coverage_now(store, country, chosen)
    now = parse_month(as_of) or last
    if now is None:
        raise TriggerError(f"no events stored for {country}; ingest some first (watchfloor ingest ...)")
    by = coverage.months_by_source(store, country, chosen)
    covering = [s for s in chosen if now in by[s]]
    if source and source.lower() != coverage.ALL:
        counts = covering or chosen
    else:
        # one source for the numbers: the one covering the country longest among those covering "now"
        counts = sorted(covering or chosen, key=lambda s: (-len(by[s]), s))[:1]
    return TriggerSources(now, chosen, counts, bool(source))


def data_now(store: Store, country: str, as_of: str | date | None = None, source: str | None = None) -> date:
    """'Now' for the country: --as-of, else the last month the chosen sources cover."""
    return trigger_sources(store, country, as_of, source).now


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with missing values as None (pandas gives NaN for a missing text value)."""
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NaT


# -- escalation -------------------------------------------------------------------------------------------
def _month_table(store: Store, country: str, now: date, window: int, sources: list[str]) -> pd.DataFrame:
    """events and fatalities per region x month over [now - window, now] from `sources`: zero where they cover
    a month and recorded nothing, missing (NaN) where the sources covering a month are not those covering now."""
    by = coverage.months_by_source(store, country, sources)
    now_set = {s for s in sources if now in by[s]}
    counts = coverage.monthly_counts(store, country, now, sources)
    regions = db.region_names(store, country)
    months = [add_months(now, -k) for k in range(window, -1, -1)]
    idx = pd.MultiIndex.from_product([sorted(regions), months], names=["region_id", "month"])
    if counts.empty:
        table = pd.DataFrame(0.0, index=idx, columns=["events", "fatalities"])
    else:
        counts["month"] = pd.to_datetime(counts["month"]).dt.date
        counts = counts[[m in by[s] for s, m in zip(counts["source"], counts["month"])]]
        summed = counts.groupby(["region_id", "month"])[["events", "fatalities"]].sum()
        table = summed.reindex(idx, fill_value=0).astype(float)
    unlike = [m for m in months if {s for s in sources if m in by[s]} != now_set]
    table.loc[table.index.get_level_values("month").isin(unlike), :] = np.nan
    return table.reset_index()


def _event_ids(store_events: pd.DataFrame, region_id: str, month: date, limit: int = 50) -> list[dict]:
    sel = store_events[(store_events["region_id"] == region_id) & (store_events["_month"] == month)]
    sel = sel.sort_values("fatalities", ascending=False).head(limit)
    return [{"type": "event", "id": i} for i in sel["id"]]


def escalation_triggers(store: Store, country: str, now: date, prior_run_id: str | None,
                        sources: list[str] | None = None) -> list[Trigger]:
    t = thresholds()["escalation"]
    window = max(t["poisson"]["window_months"], t["baseline_change"]["window_months"])
    sources = coverage.stored_sources(store, country) if sources is None else sources
    table = _month_table(store, country, now, window, sources)
    names = db.region_names(store, country)
    events = db.events_between(store, country, now, add_months(now, 1))
    events = events[events["layout"].isin(sources)]
    events["_month"] = [month_start(d) for d in events["date_start"]]
    actors = _top_actors(events)
    found: list[Trigger] = []
    current = table[(table["month"] == now) & table["events"].notna()].set_index("region_id")
    history = table[table["month"] < now]

    band = t["forecast_band"]
    if prior_run_id:
        fc = db.forecast_rows(store, prior_run_id)
        fc = fc[pd.to_datetime(fc["target_month"]).dt.date == now].set_index("unit_id")
        for rid, row in fc.iterrows():
            if rid not in current.index or pd.isna(row.get(band["quantile"])):
                continue
            observed, upper = int(current.at[rid, "fatalities"]), float(row[band["quantile"]])
            if observed > upper and observed >= band["min_fatalities"]:
                sev = band["severity"] + (observed >= band["severity_high_ratio"] * max(upper, 1.0))
                found.append(Trigger(
                    "escalation.forecast_band", "fatalities above the forecast band", min(sev, 3), now, rid,
                    names.get(rid, rid),
                    f"{observed} fatalities were recorded in {names.get(rid, rid)} in {now:%B %Y}, above the "
                    f"upper {band['quantile'][1:]}% bound of {upper:.0f} forecast for that month",
                    _event_ids(events, rid, now) + [{"type": "run", "id": prior_run_id}],
                    {"observed": observed, "upper": upper, "quantile": band["quantile"],
                     "mean": _num(row.get("mean"))}, actors.get(rid, [])))

    pt = t["poisson"]
    recent = history[history["month"] >= add_months(now, -pt["window_months"])]
    rate = recent.groupby("region_id")["events"].mean().dropna()  # over the months the source covers
    for rid, row in current.iterrows():
        observed = int(row["events"])
        lam = max(float(rate.get(rid, 0.0)), 1.0 / pt["window_months"])
        p = float(poisson.sf(observed - 1, lam)) if observed else 1.0
        if observed >= pt["min_events"] and p < pt["p_value"]:
            sev = pt["severity"] + (p < pt["severity_high_p"])
            found.append(Trigger(
                "escalation.poisson", "more events than the recent rate", min(sev, 3), now, rid, names.get(rid, rid),
                f"{observed} events were recorded in {names.get(rid, rid)} in {now:%B %Y}, against an average of "
                f"{lam:.1f} a month over the previous {pt['window_months']} months",
                _event_ids(events, rid, now), {"observed": observed, "rate": round(lam, 3), "p_value": p},
                actors.get(rid, [])))

    bt = t["baseline_change"]
    base = history[history["month"] >= add_months(now, -bt["window_months"])].groupby("region_id")["fatalities"]
    mean, sd = base.mean().dropna(), base.std(ddof=0).dropna()
    for rid, row in current.iterrows():
        observed, m, s = int(row["fatalities"]), float(mean.get(rid, 0.0)), float(sd.get(rid, 0.0))
        if observed >= bt["min_fatalities"] and observed >= bt["min_ratio"] * m and observed > m + bt["sd_above"] * s:
            ratio = observed / m if m else float("inf")
            sev = bt["severity"] + (ratio >= bt["severity_high_ratio"])
            found.append(Trigger(
                "escalation.baseline_change", "fatalities above the regional baseline", min(sev, 3), now, rid,
                names.get(rid, rid),
                f"{observed} fatalities were recorded in {names.get(rid, rid)} in {now:%B %Y}, against a baseline "
                f"of {m:.1f} a month over the previous {bt['window_months']} months",
                _event_ids(events, rid, now), {"observed": observed, "baseline_mean": round(m, 2),
                                               "baseline_sd": round(s, 2)}, actors.get(rid, [])))
    return found


def _top_actors(events: pd.DataFrame, k: int = 3) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rid, grp in events.groupby("region_id"):
        names = pd.concat([grp["actor1"], grp["actor2"]]).dropna()
        names = names[~names.str.lower().isin(["civilians", ""])]
        out[rid] = list(names.value_counts().index[:k])
    return out


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


# -- trigger events --------------------------------------------------------------------------------------------
def _matches(kind_cfg: dict, text: str, sub_type: str | None, fatalities: int | None) -> bool:
    low = text.lower()
    if sub_type and sub_type in kind_cfg.get("sub_event_types", []):
        return True
    if "min_fatalities" in kind_cfg and fatalities is not None and fatalities >= kind_cfg["min_fatalities"]:
        return True
    if any(p in low for p in kind_cfg.get("phrases", [])):
        return True
    return any(re.search(p, text, re.IGNORECASE) for p in kind_cfg.get("patterns", []))


def _severity(kind_cfg: dict, fatalities: int | None) -> int:
    sev = kind_cfg["severity"]
    if fatalities is not None and fatalities >= kind_cfg.get("severity_high_fatalities", 10 ** 9):
        sev += 1
    return min(sev, 3)


def _what(rec: dict) -> str:
    """'an attack by X on civilians', 'fighting between X and Y', from a dataset row."""
    a1, a2 = rec.get("actor1"), rec.get("actor2")
    if rec.get("sub_event_type"):
        who = " and ".join(a for a in (a1, a2) if a)
        return f"{str(rec['sub_event_type']).lower()} involving {who or 'unnamed actors'}"
    if a2 and a2.lower() == "civilians":
        return f"an attack by {a1 or 'unnamed actors'} on civilians"
    if a1 and a2:
        return f"fighting between {a1} and {a2}"
    return f"violence involving {a1 or a2 or 'unnamed actors'}"


def _int(v) -> int | None:
    try:
        return None if v is None or v == "" else int(float(v))
    except (TypeError, ValueError):
        return None


def event_triggers(store: Store, country: str, now: date, sources: list[str] | None = None,
                   prefer: list[str] | None = None) -> list[Trigger]:
    """Trigger events in the dataset rows of `sources` (all when None) and in read reports, one incident once
    (see `once_per_incident`; `prefer`: the sources whose record leads, the counting source first)."""
    cfg = thresholds()["events"]
    since, until = add_months(now, -cfg["lookback_months"]), add_months(now, 1)
    names = db.region_names(store, country)
    found: list[Trigger] = []
    # dataset rows: mass-casualty events and ACLED sub-event types
    events = db.events_between(store, country, since, until)
    if sources is not None:
        events = events[events["layout"].isin(sources)]
    for rec in _records(events):
        text = " ".join(str(rec.get(k) or "") for k in ("notes", "sub_event_type", "event_type"))
        for kind, kc in cfg["kinds"].items():
            if not _matches(kc, text, rec.get("sub_event_type"), _int(rec.get("fatalities"))):
                continue
            where = (f"near {rec['location_name']}" if rec.get("location_name")
                     else f"in {rec.get('admin1') or country}")
            found.append(Trigger(
                kind, kc["label"], _severity(kc, _int(rec.get("fatalities"))), month_start(rec["date_start"]),
                rec.get("region_id"), rec.get("admin1"),
                f"On {rec['date_start'].day} {rec['date_start']:%B %Y}, {_what(rec)} {where} left "
                f"{int(rec['fatalities'])} dead",
                [{"type": "event", "id": rec["id"], "source": rec.get("layout")}],
                {"fatalities": int(rec["fatalities"])},
                [a for a in (rec.get("actor1"), rec.get("actor2")) if a and a.lower() != "civilians"],
                [rec.get("layout")] if rec.get("layout") else []))
    found += report_triggers(store, country, since, until, names, cfg)
    used = None if sources is None else set(sources) | {"report"}
    return once_per_incident(store, found, prefer or sorted(sources or []), used)


def once_per_incident(store: Store, found: list[Trigger], prefer: list[str],
                      used: set[str] | None = None) -> list[Trigger]:
    """Trigger events of one kind whose records (dataset rows, report events) are linked into one incident
    (watchfloor/incidents) become one trigger. Its text, month, region and numbers are those of the record of
    the preferred source: the counting source first, then the other datasets, reports last (a dataset's
    fatalities are its coded estimate; figures are never added or averaged across sources, and the others are
    kept in numbers['fatalities_by_source']). Its evidence lists every record of the incident, each once with
    its source, and `sources` names who recorded it. Records of sources the scan did not choose (`used`) are
    left out. Escalation triggers pass unchanged (their counts come from one source)."""
    from watchfloor.store.incidents import incident_members_of, source_rank
    rank = source_rank(prefer)
    events = [t for t in found if t.family != "escalation" and t.evidence]
    members = incident_members_of(store, [t.evidence[0]["id"] for t in events])
    incident = dict(zip(members["record_id"], members["incident_id"]))
    mates: dict[str, list[tuple]] = {}
    for inc, mid, src, rep in members[["incident_id", "member_id", "member_source", "member_report"]].itertuples(
            index=False):
        if isinstance(src, str) and (used is None or src in used):
            mates.setdefault(inc, []).append((mid, src, rep))
    groups: dict[tuple, list[Trigger]] = {}
    for t in events:
        groups.setdefault((t.kind, incident.get(t.evidence[0]["id"], t.evidence[0]["id"])), []).append(t)
    merged = {id(ts[0]): _one_trigger(ts, mates.get(inc, []), rank) for (_, inc), ts in groups.items()}
    return [merged[id(t)] if id(t) in merged else t for t in found
            if t.family == "escalation" or not t.evidence or id(t) in merged]


def source_names(sources: list[str]) -> list[str]:
    """'UCDP GED', 'ACLED', 'a read report': the sources of an incident as a brief names them."""
    return ["a read report" if s == "report" else coverage.source_label(s) for s in sources]


def _source_of(t: Trigger) -> str:
    first = t.evidence[0]
    return "report" if first["type"] == "fact" else (first.get("source") or "")


def _one_trigger(same: list[Trigger], mates: list[tuple], rank) -> Trigger:
    """The triggers of one incident and kind as one: led by the preferred source's record."""
    same = sorted(same, key=lambda t: (rank(_source_of(t)), -t.severity, t.evidence[0]["id"]))
    lead = same[0]
    evidence, seen = [], set()
    for e in [e for t in same for e in t.evidence] + [
            {"type": "fact", "id": mid, "report_id": rep} if src == "report" else
            {"type": "event", "id": mid, "source": src} for mid, src, rep in mates]:
        if (e["type"], e["id"]) not in seen:
            seen.add((e["type"], e["id"]))
            evidence.append(e)
    sources = sorted(({_source_of(t) for t in same} | {src for _, src, _ in mates}) - {""}, key=rank)
    numbers = dict(lead.numbers)
    by_source = {_source_of(t): t.numbers["fatalities"] for t in reversed(same) if "fatalities" in t.numbers}
    if len(by_source) > 1:
        numbers["fatalities_by_source"] = dict(sorted(by_source.items(), key=lambda kv: rank(kv[0])))
    actors = list(dict.fromkeys(a for t in same for a in t.actors))
    region = next(((t.region_id, t.region) for t in same if t.region_id), (None, None))
    return Trigger(lead.kind, lead.label, max(t.severity for t in same), lead.month,
                   lead.region_id or region[0], lead.region or region[1], lead.summary, evidence, numbers, actors,
                   sources)


SENTENCE_END = re.compile(r"(?<=[.!?])(?:\[\d+\])*\s+|\n\s*\n")
SECTION_LABEL = re.compile(r"^\s*(?:Event|Events|Significance|Recommendations?|Summary|BLUF|Key Takeaways?)\s*:\s*",
                           re.IGNORECASE)
CITATION_MARK = re.compile(r"\s*\[\d+\]")
# a wire dateline: "PARIS, Nov 3, 2020 (Sahel Wire) - "
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+,\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2},?\s+\d{4}\s*(?:\([^)]*\))?\s*[-–—]+\s*")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of `text` that holds [start, end)."""
    s0 = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        s0 = m.end()
    m = SENTENCE_END.search(text, max(start, s0))
    return s0, (m.start() if m else len(text))


def clean_sentence(text: str) -> str:
    """A report sentence as a brief quotes it: no section label, no footnote markers."""
    return DATELINE.sub("", CITATION_MARK.sub("", SECTION_LABEL.sub("", " ".join(text.split())))).strip()


def report_triggers(store: Store, country: str, since: date, until: date, names: dict, cfg: dict) -> list[Trigger]:
    """Trigger events in read reports: sentences the reader found an event or a dated statement in.
    Only facts that stand count, and a sentence holding a fact an analyst rejected is not used."""
    facts = db.standing_facts(store, country, ("event", "date"))
    texts = db.report_texts(store, sorted({f["report_id"] for f in facts}))
    rejected = db.rejected_spans(store, sorted(texts))
    # the placed places of each report, for a sentence whose fact carries no region of its own
    placed: dict[str, list[tuple[int, str]]] = {}
    for p in db.standing_facts(store, country, ("place",)):
        if p.get("region_id") in names:
            placed.setdefault(p["report_id"], []).append((p["start_char"], p["region_id"]))
    sentences: dict[tuple, dict] = {}
    for fact in facts:
        text = texts.get(fact["report_id"], "")
        s0, s1 = sentence_bounds(text, fact["start_char"], fact["end_char"])
        if any(a < s1 and b > s0 for a, b in rejected.get(fact["report_id"], [])):
            continue
        key = (fact["report_id"], s0, s1)
        if key not in sentences or (fact["kind"] == "event" and sentences[key]["kind"] != "event"):
            sentences[key] = {**fact, "sentence": text[s0:s1], "s0": s0, "s1": s1}
    found = []
    for (report_id, s0, s1), fact in sorted(sentences.items()):
        if fact.get("title") and clean_sentence(fact["sentence"]).rstrip(".").lower() == \
                fact["title"].strip().rstrip(".").lower():
            continue  # the headline, not a statement of its own
        value = fact["value"] if isinstance(fact["value"], dict) else {}
        when = _fact_month(value.get("date") if fact["kind"] == "event" else value.get("value"), fact.get("published"))
        if when is not None and not since <= when < until:
            continue
        fatalities = _int(value.get("fatalities")) if fact["kind"] == "event" else None
        rid = fact.get("region_id") or (db.region_for_name(store, country, value["place"])
                                        if value.get("place") else None) or \
            _one_region(placed.get(report_id, []), s0, s1)
        # a sub-type the reader guessed is not enough on its own (a dataset's coded sub-type is): the words must say it
        for kind, kc in cfg["kinds"].items():
            if not _matches(kc, fact["sentence"], None, fatalities):
                continue
            found.append(Trigger(
                kind, kc["label"], _severity(kc, fatalities), when or add_months(until, -1), rid,
                names.get(rid) if rid else None, clean_sentence(fact["sentence"]),
                [{"type": "fact", "id": fact["id"], "report_id": report_id, "start": s0, "end": s1}],
                {"fatalities": fatalities} if fatalities is not None else {},
                [a for a in (value.get("actor1"), value.get("actor2")) if a], ["report"]))
    return _one_per_incident_in_report(found)


def _one_per_incident_in_report(found: list[Trigger]) -> list[Trigger]:
    """A report often states one incident twice, as a summary lead and as a detailed paragraph ("Attacks …
    killed about 32 civilians this week" … "On 1 July, armed men attacked … killing about 32 civilians").
    Triggers of one kind from one report, in one month and one region (or with no region), whose death tolls
    agree (the same figure, or one states none but its sentence gives the other's figure) are one trigger:
    the one with the figure and the actors is kept, with both sentences as its evidence. Two unnumbered
    sentences are never merged: nothing says they are the same incident."""
    kept: list[Trigger] = []
    for t in found:
        twin = next((k for k in kept if _same_incident(k, t)), None)
        if twin is None:
            kept.append(t)
            continue
        keep, other = (twin, t) if _richness(twin) >= _richness(t) else (t, twin)
        keep.evidence = keep.evidence + [e for e in other.evidence if e not in keep.evidence]
        if keep.region_id is None and other.region_id is not None:
            keep.region_id, keep.region = other.region_id, other.region
        kept[kept.index(twin)] = keep
    return kept


def _richness(t: Trigger) -> tuple:
    return ("fatalities" in t.numbers, len(t.actors), t.region_id is not None)


def _same_incident(a: Trigger, b: Trigger) -> bool:
    if (a.kind, a.month, a.evidence[0].get("report_id")) != (b.kind, b.month, b.evidence[0].get("report_id")):
        return False
    if a.region_id and b.region_id and a.region_id != b.region_id:
        return False
    fa, fb = a.numbers.get("fatalities"), b.numbers.get("fatalities")
    if fa is not None and fb is not None:
        return fa == fb
    if fa is None and fb is None:
        return False
    figure, sentence = (fa, b.summary) if fa is not None else (fb, a.summary)
    return str(figure) in re.findall(r"\d+", sentence.replace(",", ""))


def _one_region(placed: list[tuple[int, str]], s0: int, s1: int) -> str | None:
    """The region of the places a sentence names, when they all lie in one ("… villages in the Bankass
    circle …" → Mopti); None when it names none or several."""
    found = {rid for pos, rid in placed if s0 <= pos < s1}
    return found.pop() if len(found) == 1 else None


def _fact_month(value_date, published) -> date | None:
    for candidate in (value_date, published):
        if candidate is None:
            continue
        if isinstance(candidate, dict):
            candidate = candidate.get("value") or candidate.get("start")
        if isinstance(candidate, (list, tuple)):
            candidate = candidate[0] if candidate else None
            if candidate is None:
                continue
        if isinstance(candidate, date):
            return month_start(candidate)
        m = re.match(r"(\d{4})-(\d{2})", str(candidate))
        if m:
            return date(int(m.group(1)), int(m.group(2)), 1)
    return None


# -- all together ------------------------------------------------------------------------------------------------
def prior_forecast_run(store: Store, country: str, now: date, model: str = DEFAULT_MODEL, run: bool = True,
                       sources: list[str] | None = None) -> str | None:
    """The run issued the month before `now` (its horizon-1 forecast targets `now`) from the same sources as the
    counts it is compared with; run it if missing (None when those sources do not cover that month)."""
    from watchfloor.store.forecasts import find_run
    prev = add_months(now, -1)
    if sources is None:
        run_id = db.find_forecast_run(store, country, "admin1", prev, model)
    else:
        run_id = find_run(store, country, "admin1", prev, model, sources)
    if run_id or not run:
        return run_id
    from watchfloor.forecast.api import run_forecast
    if sources is not None and prev not in coverage.covered_months(store, country, sources):
        return None
    source = sources[0] if sources and len(sources) == 1 else (coverage.ALL if sources else None)
    return run_forecast(store, country, unit="admin1", horizon=1, as_of=prev.isoformat()[:7], model=model,
                        store_result=True, source=source).run_id


@dataclass
class TriggerScan:
    now: date
    triggers: list[Trigger]
    sources: TriggerSources
    reports: int = 0          # read reports that gave trigger events

    def sentence(self, store: Store, country: str) -> str:
        return self.sources.sentence(store, country, self.reports)


def scan(store: Store, country: str, as_of: str | date | None = None, model: str = DEFAULT_MODEL,
         run_forecasts: bool = True, source: str | None = None) -> TriggerScan:
    """Triggers for a country, sorted by severity then month, with the sources they came from."""
    country = country.upper()
    link_pending(store)
    chosen = trigger_sources(store, country, as_of, source)
    now = chosen.now
    prior = prior_forecast_run(store, country, now, model, run=run_forecasts, sources=chosen.counts)
    found = escalation_triggers(store, country, now, prior, chosen.counts) + event_triggers(
        store, country, now, chosen.events, prefer=chosen.counts + sorted(set(chosen.events) - set(chosen.counts)))
    found.sort(key=lambda t: (-t.severity, -t.month.toordinal(), t.kind, t.region or ""))
    return TriggerScan(now, found, chosen, len(reports_read(store, country, now)))


def link_pending(store: Store) -> None:
    """Link records stored since the last linking (events read from reports by a path that does not link them
    itself), so that a scan counts each incident once; nothing to do on a store opened read-only."""
    from watchfloor.incidents.service import link_new
    if store.scalar("SELECT current_setting('access_mode')") == "read_only":
        return
    link_new(store, reason="before a trigger scan")


def reports_read(store: Store, country: str, now: date) -> set[str]:
    """The read reports a scan consults: those with standing event facts about the country in its lookback."""
    lookback = thresholds()["events"]["lookback_months"]
    since, until = add_months(now, -lookback), add_months(now, 1)
    found = set()
    for fact in db.standing_facts(store, country, ("event",)):
        when = _fact_month((fact["value"] or {}).get("date") if isinstance(fact["value"], dict) else None,
                           fact.get("published"))
        if when is None or since <= when < until:
            found.add(fact["report_id"])
    return found


def detect_triggers(store: Store, country: str, as_of: str | date | None = None, model: str = DEFAULT_MODEL,
                    run_forecasts: bool = True, source: str | None = None) -> tuple[date, list[Trigger]]:
    """("now", triggers sorted by severity then month) for a country."""
    found = scan(store, country, as_of, model, run_forecasts, source)
    return found.now, found.triggers
